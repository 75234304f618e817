"""`aoai validate`: the stack-config contract and the model catalog, offline, every problem at once."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from ..console import out
from ..exit_codes import AoaiError, ExitCode
from ..layers import EnvValuesOption, Masker, with_env_values
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


def _print_text(report: StackReport, mask: Masker) -> None:
    if report.valid:
        stamp = report.resolved.catalog.stamp if report.resolved else ""
        summary = mask.text(_summary(report))
        out.print(f"[green]✓[/] {report.stack.display}: valid ({summary}; {stamp})", soft_wrap=True)
    else:
        count = len(report.problems)
        plural = "s" if count != 1 else ""
        out.print(f"[red]✗[/] {report.stack.display}: {count} problem{plural}", soft_wrap=True)
        for problem in report.problems:
            out.print(f"    {mask.text(problem.render())}", markup=False, soft_wrap=True)
    for warning in report.warnings:
        out.print("    [yellow]warning:[/] ", end="", soft_wrap=True)
        out.print(mask.text(warning.render()), markup=False, soft_wrap=True, highlight=False)
    for note in report.notes:
        out.print("    [cyan]note:[/] ", end="", soft_wrap=True)
        out.print(note, markup=False, soft_wrap=True, highlight=False)


def validate(
    stack: Annotated[str | None, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP)] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Validate every Pulumi.*.yaml of the stackConfigDir.")
    ] = False,
    pattern: GlobOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Check stack files offline: the config contract, region placement and the model catalog.

    The config checked is the one `pulumi up` would use: the stack file merged with Pulumi.yaml's
    project-level config and, with --env-values, the ESC environments the stack imports (without
    it, the command notes which keys such an environment may still set).

    Reports every problem at once, each with its key path and line: unknown keys, bad values,
    broken cross-field rules, accounts that cannot be placed, and deployments whose model,
    version or SKU the region does not offer (or that are deprecated or retired), with where
    they are offered instead. Warnings (default quota exceeded, retirement ahead) do not fail.

    Exit code 0 when every file is valid, 2 when any is invalid (or the stack does not exist).

    Examples:

      aoai validate --stack dev

      aoai validate --all --json

      aoai validate --all --glob 'team-a-*'

      esc env open acme/openai-shared --format detailed | aoai validate --stack prod --env-values -
    """
    from ..stack_report import check_stack

    if (stack is None) == (not all_):
        raise AoaiError("give exactly one of --stack NAME or --all")
    if pattern is not None and not all_:
        raise AoaiError("--glob goes with --all")
    if all_ and env_values:
        raise AoaiError("--env-values belongs to one stack's environments: use it with --stack, not --all")
    chosen = select_stacks(pattern) if all_ else [resolve_stack(stack or "")]
    stacks = [with_env_values(s, env_values) for s in chosen]
    reports = [check_stack(s) for s in stacks]
    mask = Masker.of(stacks)
    if as_json:
        out.print_json(json.dumps(mask.data({"stacks": [r.as_json() for r in reports]})))
    else:
        for report in reports:
            _print_text(report, mask)
    if not all(r.valid for r in reports):
        raise typer.Exit(ExitCode.INVALID)
