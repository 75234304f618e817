"""`aoai validate`: the stack-config contract, offline, every problem of every file at once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Annotated

import typer

from components.config import ConfigError, Problem, StackConfig, load_stack_file

from ..console import out
from ..exit_codes import AoaiError, ExitCode
from ..stacks import StackRef, all_stacks, resolve_stack


@dataclass
class StackReport:
    stack: StackRef
    config: StackConfig | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {
            "stack": self.stack.name,
            "path": self.stack.display,
            "valid": self.valid,
            "protected": self.config.protected if self.config else None,
            "problems": [
                {"path": f"azure-openai:{p.path}" if p.path else "", "message": p.message}
                for p in self.problems
            ],
        }


def check_stack(stack: StackRef) -> StackReport:
    try:
        config = load_stack_file(stack.path)
    except ConfigError as error:
        return StackReport(stack, problems=error.problems)
    return StackReport(stack, config=config)


def _summary(config: StackConfig) -> str:
    deployments = sum(len(a.deployments) for a in config.accounts.values())
    protected = ", protected" if config.protected else ""
    return f"{len(config.accounts)} account(s), {deployments} deployment(s){protected}"


def validate(
    stack: Annotated[
        str | None,
        typer.Option(
            "--stack",
            "-s",
            metavar="STACK",
            help="Stack name (stacks/Pulumi.<name>.yaml) or path to a stack file.",
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Validate every stacks/Pulumi.*.yaml.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
) -> None:
    """Check stack files against the config contract, offline, reporting every problem at once.

    Exit code 0 when every file is valid, 2 when any is invalid (or the stack does not exist).

    Examples:

      aoai validate --stack dev

      aoai validate --all --json
    """
    if (stack is None) == (not all_):
        raise AoaiError("give exactly one of --stack NAME or --all")
    stacks = all_stacks() if all_ else [resolve_stack(stack or "")]
    if not stacks:
        raise AoaiError("no stack files found under stacks/")
    reports = [check_stack(s) for s in stacks]
    if as_json:
        out.print_json(json.dumps({"stacks": [r.as_json() for r in reports]}))
    else:
        for report in reports:
            if report.valid and report.config is not None:
                out.print(
                    f"[green]✓[/] {report.stack.display}: valid ({_summary(report.config)})", soft_wrap=True
                )
            else:
                count = len(report.problems)
                plural = "s" if count != 1 else ""
                out.print(f"[red]✗[/] {report.stack.display}: {count} problem{plural}", soft_wrap=True)
                for problem in report.problems:
                    out.print(f"    {problem.render()}", markup=False, soft_wrap=True)
    if not all(r.valid for r in reports):
        raise typer.Exit(ExitCode.INVALID)
