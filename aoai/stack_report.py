"""Checking one stack offline: the config contract, placement and the model catalog.

The config is the one `pulumi up` would get: the stack file merged with the ESC environments it
imports (when --env-values gives them) and Pulumi.yaml's project config (see layers.py). Every
problem is found in one run and points to the file and line its value came from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from azure_openai_toolkit.catalog import Catalog
from azure_openai_toolkit.config import ConfigError, Problem, StackConfig
from azure_openai_toolkit.config.errors import ordered
from azure_openai_toolkit.config.layering import ConfigLayers
from azure_openai_toolkit.resolve import ResolvedStack, resolve_findings, resolve_stack

from .exit_codes import AoaiError, ExitCode
from .layers import ENV_VALUES_FLAG, environment_notes, stack_layers
from .project_catalog import catalog_json, project_catalog
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
                {
                    "path": p.location,
                    "message": p.message,
                    "line": p.line,
                    **({"file": p.file} if p.file else {}),
                }
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
            "catalog": catalog_json(resolved.catalog) if resolved else None,
            "problems": entries(self.problems),
            "warnings": entries(self.warnings),
            "notes": self.notes,
        }


def check_stack(
    stack: StackRef,
    today: datetime.date | None = None,
    *,
    allow_auto_on_protected: bool = False,
    text: str | None = None,
) -> StackReport:
    """Every problem (and warning) of a stack in one run, each with its key path, file and line
    (`text`: a candidate for the stack file, checked before it is written).

    The catalog and placement also check the part of an invalid config that is valid, so the
    report is complete whatever mix of mistakes the files have.
    """
    try:
        layers = stack_layers(stack, text)
    except ConfigError as error:
        return StackReport(stack, problems=error.problems)
    notes = environment_notes(layers, stack.env_values_from or ENV_VALUES_FLAG)
    validation = layers.validate(allow_auto_on_protected=allow_auto_on_protected)
    problems = list(validation.problems)
    checked = validation.config or validation.partial
    if checked is None:
        return StackReport(stack, problems=ordered(problems), layers=layers, notes=notes)
    resolution = resolve_findings(checked, catalog=project_catalog(today), today=today)
    problems += [p for p in layers.locate(resolution.problems) if not validation.echoes(p.loc)]
    warnings = layers.locate(resolution.warnings)
    if problems:
        return StackReport(stack, problems=ordered(problems), warnings=warnings, layers=layers, notes=notes)
    return StackReport(stack, resolution.resolved, warnings=warnings, layers=layers, notes=notes)


def load_contract(stack: StackRef) -> StackConfig:
    """The stack's validated merged config (the contract only), or AoaiError (exit 2) listing
    every problem with its file and line."""
    try:
        return stack_layers(stack).stack_config()
    except ConfigError as error:
        raise AoaiError(str(ConfigError(stack.display, error.problems)), ExitCode.INVALID) from None


def resolve_for_live(stack: StackRef, config: StackConfig, catalog: Catalog) -> ResolvedStack:
    """The stack placed, with no offline judgement of models: live commands ask Azure about
    them. Exit 2 (AoaiError) when an account cannot be placed."""
    try:
        return resolve_stack(config, str(stack.path), catalog=catalog, check_catalog=False)
    except ConfigError as error:
        problems = stack_layers(stack).locate(error.problems)
        raise AoaiError(str(ConfigError(stack.display, problems)), ExitCode.INVALID) from None


def valid_report(stack: StackRef, *, allow_auto_on_protected: bool = False) -> StackReport:
    """The stack's report when it is valid; AoaiError (exit 2) listing every problem otherwise."""
    report = check_stack(stack, allow_auto_on_protected=allow_auto_on_protected)
    if report.resolved is None or report.layers is None:
        raise AoaiError(str(ConfigError(stack.display, report.problems)), ExitCode.INVALID)
    return report


def require_valid(stack: StackRef, *, allow_auto_on_protected: bool = False) -> ResolvedStack:
    """The resolved stack, or AoaiError (exit 2) listing every problem."""
    resolved = valid_report(stack, allow_auto_on_protected=allow_auto_on_protected).resolved
    assert resolved is not None  # valid_report raised otherwise
    return resolved
