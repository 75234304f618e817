"""The typed stack-config contract: models, loading and error reporting."""

from .errors import NAMESPACE, ConfigError, Problem
from .loading import load_pulumi_config, load_stack_file, parse_raw, read_stack_file, with_lines
from .models import (
    AUTO,
    GLOBAL_SKUS,
    Account,
    ContentFilter,
    Deployment,
    StackConfig,
)
from .rules import BUILTIN_CONTENT_FILTERS

__all__ = [
    "AUTO",
    "BUILTIN_CONTENT_FILTERS",
    "GLOBAL_SKUS",
    "NAMESPACE",
    "Account",
    "ConfigError",
    "ContentFilter",
    "Deployment",
    "Problem",
    "StackConfig",
    "load_pulumi_config",
    "load_stack_file",
    "parse_raw",
    "read_stack_file",
    "with_lines",
]
