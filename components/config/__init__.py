"""The typed stack-config contract: models, loading (the config layers merged as Pulumi merges
them) and error reporting."""

from ..skus import GLOBAL_SKUS
from .errors import NAMESPACE, ConfigError, Problem
from .layering import ConfigLayers, load_stack_file, read_stack_file, resolve_layers
from .loading import RawConfig, load_pulumi_config, parse_raw, validate_raw
from .models import (
    AUTO,
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
    "ConfigLayers",
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
    "read_stack_file",
    "resolve_layers",
    "validate_raw",
]
