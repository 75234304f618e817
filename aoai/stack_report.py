"""Checking one stack file offline: the config contract, placement and the model catalog."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from azure_openai_toolkit.config import ConfigError, Problem, StackConfig
from azure_openai_toolkit.config.layering import ConfigLayers
from azure_openai_toolkit.resolve import ResolvedStack, resolve_stack

from .exit_codes import AoaiError, ExitCode
from .layers import environment_notes, stack_layers
from .stacks import StackRef


@dataclass
class StackReport:
    stack: StackRef
    resolved: ResolvedStack | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    layers: ConfigLayers | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def config(self) -> StackConfig | None:
        return self.resolved.config if self.resolved else None

    def as_json(self) -> dict[str, object]:
        def entries(items: list[Problem]) -> list[dict[str, object]]:
            return [
                {"path": p.key, "message": p.message, "line": p.line, **({"file": p.file} if p.file else {})}
                for p in items
            ]

        resolved = self.resolved
        return {
            "stack": self.stack.name,
            "path": self.stack.display,
            "valid": self.valid,
            "protected": resolved.config.protected if resolved else None,
            "locations": resolved.locations if resolved else None,
            "catalogAsOf": resolved.catalog.as_of if resolved else None,
            "problems": entries(self.problems),
            "warnings": entries(self.warnings),
            "notes": self.notes,
        }


def check_stack(stack: StackRef, today: datetime.date | None = None) -> StackReport:
    """Every problem (and warning) of a stack, each with its key path, file and line.

    The config is the one `pulumi up` would get: the stack file merged with the ESC environments
    it imports (when given) and Pulumi.yaml's project config.
    """
    try:
        layers = stack_layers(stack)
    except ConfigError as error:
        return StackReport(stack, problems=error.problems)
    notes = environment_notes(layers)
    try:
        config = layers.stack_config()
    except ConfigError as error:
        return StackReport(stack, problems=error.problems, layers=layers, notes=notes)
    try:
        resolved = resolve_stack(config, str(stack.path), today=today)
    except ConfigError as error:
        return StackReport(stack, problems=layers.locate(error.problems), layers=layers, notes=notes)
    return StackReport(stack, resolved, warnings=layers.locate(resolved.warnings), layers=layers, notes=notes)


def valid_report(stack: StackRef) -> StackReport:
    """The stack's report when it is valid; AoaiError (exit 2) listing every problem otherwise."""
    report = check_stack(stack)
    if report.resolved is None or report.layers is None:
        raise AoaiError(str(ConfigError(stack.display, report.problems)), ExitCode.INVALID)
    return report


def require_valid(stack: StackRef) -> ResolvedStack:
    """The resolved stack, or AoaiError (exit 2) listing every problem."""
    resolved = valid_report(stack).resolved
    assert resolved is not None  # valid_report raised otherwise
    return resolved
