"""`aoai validate`: the stack-config contract and the model catalog, offline, every problem at once."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from ..console import out
from ..exit_codes import AoaiError, ExitCode
from ..stacks import STACK_HELP, GlobOption, resolve_stack, select_stacks

if TYPE_CHECKING:
    from ..stack_report import StackReport


def _summary(report: StackReport) -> str:
    config = report.config
    if config is None or report.resolved is None:
        return ""
    deployments = sum(len(a.deployments) for a in config.accounts.values())
    regions = ", ".join(f"{k} in {r}" for k, r in report.resolved.locations.items())
    protected = ", protected" if config.protected else ""
    return f"{len(config.accounts)} account(s): {regions}; {deployments} deployment(s){protected}"


def _print_text(report: StackReport) -> None:
    if report.valid:
        stamp = report.resolved.catalog.stamp if report.resolved else ""
        out.print(f"[green]✓[/] {report.stack.display}: valid ({_summary(report)}; {stamp})", soft_wrap=True)
    else:
        count = len(report.problems)
        plural = "s" if count != 1 else ""
        out.print(f"[red]✗[/] {report.stack.display}: {count} problem{plural}", soft_wrap=True)
        for problem in report.problems:
            out.print(f"    {problem.render()}", markup=False, soft_wrap=True)
    for warning in report.warnings:
        out.print(f"    [yellow]warning:[/] {warning.render()}", soft_wrap=True, highlight=False)


def validate(
    stack: Annotated[str | None, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP)] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Validate every Pulumi.*.yaml of the stackConfigDir.")
    ] = False,
    pattern: GlobOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
) -> None:
    """Check stack files offline: the config contract, region placement and the model catalog.

    Reports every problem at once, each with its key path and line: unknown keys, bad values,
    broken cross-field rules, accounts that cannot be placed, and deployments whose model,
    version or SKU the region does not offer (or that are deprecated or retired), with where
    they are offered instead. Warnings (default quota exceeded, retirement ahead) do not fail.

    Exit code 0 when every file is valid, 2 when any is invalid (or the stack does not exist).

    Examples:

      aoai validate --stack dev

      aoai validate --all --json

      aoai validate --all --glob 'team-a-*'
    """
    from ..stack_report import check_stack

    if (stack is None) == (not all_):
        raise AoaiError("give exactly one of --stack NAME or --all")
    if pattern is not None and not all_:
        raise AoaiError("--glob goes with --all")
    stacks = select_stacks(pattern) if all_ else [resolve_stack(stack or "")]
    reports = [check_stack(s) for s in stacks]
    if as_json:
        out.print_json(json.dumps({"stacks": [r.as_json() for r in reports]}))
    else:
        for report in reports:
            _print_text(report)
    if not all(r.valid for r in reports):
        raise typer.Exit(ExitCode.INVALID)
