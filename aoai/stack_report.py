"""Checking one stack file offline: the config contract, placement and the model catalog."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from azure_openai_toolkit.catalog import Catalog
from azure_openai_toolkit.config import (
    ConfigError,
    Problem,
    StackConfig,
    load_stack_file,
    open_stack_file,
    raw_config_of,
    validate_raw,
    with_lines,
)
from azure_openai_toolkit.config.errors import ordered
from azure_openai_toolkit.config.loading import with_lines_from
from azure_openai_toolkit.resolve import ResolvedStack, resolve_findings, resolve_stack

from .exit_codes import AoaiError, ExitCode
from .project_catalog import catalog_json, project_catalog
from .stacks import StackRef


@dataclass
class StackReport:
    stack: StackRef
    resolved: ResolvedStack | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def config(self) -> StackConfig | None:
        return self.resolved.config if self.resolved else None

    def as_json(self) -> dict[str, object]:
        def entries(items: list[Problem]) -> list[dict[str, object]]:
            return [{"path": p.location, "message": p.message, "line": p.line} for p in items]

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
        }


def check_stack(
    stack: StackRef, today: datetime.date | None = None, *, allow_auto_on_protected: bool = False
) -> StackReport:
    """Every problem (and warning) of a stack file in one run, each with its key path and line.

    The catalog and placement also check the part of an invalid config that is valid, so the
    report is complete whatever mix of mistakes the file has.
    """
    try:
        file = open_stack_file(stack.path)
    except ConfigError as error:
        return StackReport(stack, problems=error.problems)
    validation = validate_raw(raw_config_of(file), allow_auto_on_protected=allow_auto_on_protected)
    problems = list(validation.problems)
    checked = validation.config or validation.partial
    if checked is None:
        return StackReport(stack, problems=ordered(problems))
    resolution = resolve_findings(checked, catalog=project_catalog(today), today=today)
    problems += [p for p in resolution.problems if not validation.echoes(p.loc)]
    warnings = with_lines_from(file.lines, resolution.warnings)
    if problems:
        return StackReport(stack, problems=ordered(with_lines_from(file.lines, problems)), warnings=warnings)
    return StackReport(stack, resolution.resolved, warnings=warnings)


def load_contract(stack: StackRef) -> StackConfig:
    """The stack's validated config (the contract only), or AoaiError (exit 2) listing every
    problem with its line."""
    try:
        return load_stack_file(stack.path)
    except ConfigError as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None


def resolve_for_live(stack: StackRef, config: StackConfig, catalog: Catalog) -> ResolvedStack:
    """The stack placed, with no offline judgement of models: live commands ask Azure about
    them. Exit 2 (AoaiError) when an account cannot be placed."""
    try:
        return resolve_stack(config, str(stack.path), catalog=catalog, check_catalog=False)
    except ConfigError as error:
        problems = with_lines(stack.path, error.problems)
        raise AoaiError(str(ConfigError(stack.display, problems)), ExitCode.INVALID) from None


def require_valid(stack: StackRef, *, allow_auto_on_protected: bool = False) -> ResolvedStack:
    """The resolved stack, or AoaiError (exit 2) listing every problem."""
    report = check_stack(stack, allow_auto_on_protected=allow_auto_on_protected)
    if report.resolved is None:
        raise AoaiError(str(ConfigError(stack.display, report.problems)), ExitCode.INVALID)
    return report.resolved
