"""The typed stack-config contract: models, loading and error reporting."""

from .errors import NAMESPACE, ConfigError, Problem
from .loading import (
    RawConfig,
    load_pulumi_config,
    load_stack_file,
    parse_raw,
    raw_config_of,
    read_stack_file,
    validate_raw,
    with_lines,
)
from .models import (
    AUTO,
    GLOBAL_SKUS,
    Account,
    ContentFilter,
    Deployment,
    StackConfig,
)
from .rules import BUILTIN_CONTENT_FILTERS
from .source import SourceError, SourceLimits
from .stack_file import StackFile, open_stack_file
from .validation import Validation

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
    "RawConfig",
    "SourceError",
    "SourceLimits",
    "StackConfig",
    "StackFile",
    "Validation",
    "load_pulumi_config",
    "load_stack_file",
    "open_stack_file",
    "parse_raw",
    "raw_config_of",
    "read_stack_file",
    "validate_raw",
    "with_lines",
]
