"""`aoai stacks`: the stacks of the project, one line (or JSON object) each, for people and CI matrices."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..console import out
from ..layers import stack_subscription
from ..stacks import GlobOption, select_stacks

if TYPE_CHECKING:
    from ..stack_report import StackReport


def stack_entry(report: StackReport) -> dict[str, Any]:
    """One stack as CI needs it. A stack that does not validate counts as protected: a deployment
    job must never run unreviewed because its file could not be read."""
    config = report.config
    resolved = report.resolved
    return {
        "name": report.stack.name,
        "path": report.stack.display,
        "valid": report.valid,
        "protected": config.protected if config is not None else True,
        "environment": config.environment if config is not None else None,
        "subscription": stack_subscription(report.stack) if report.valid else None,
        "locations": resolved.locations if resolved is not None else {},
        "accounts": len(config.accounts) if config is not None else 0,
        "deployments": sum(len(a.deployments) for a in config.accounts.values()) if config else 0,
        "problems": len(report.problems),
    }


def stacks(
    pattern: GlobOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (for CI matrices) instead of text.")
    ] = False,
) -> None:
    """List the project's stacks: name, file, protected or not, subscription and regions.

    Every stack file of the project (Pulumi.<name>.yaml in its stackConfigDir) is listed, valid
    or not (an invalid one has valid: false and counts as protected; `aoai validate --all` says
    what is wrong). The subscription is the stack's azure-native:subscriptionId (its file's, or
    Pulumi.yaml's project config), or null when CI, --subscription or an ESC environment aoai
    cannot open offline gives it.

    The project template's CI workflows build their job matrices from the JSON: a new stack file
    gets its plan, preflight and deploy jobs without a workflow edit, and a protected stack
    deploys behind its GitHub environment's reviewers (see "Many stacks" in the docs).

    Exit code 0, also when a stack is invalid; 2 when no stack file matches.

    Examples:

      aoai stacks

      aoai stacks --json | jq -c '[.stacks[] | select(.protected)]'

      aoai stacks --glob 'team-a-*' --json
    """
    from ..stack_report import check_stack

    entries = [stack_entry(check_stack(stack)) for stack in select_stacks(pattern)]
    if as_json:
        out.print_json(json.dumps({"stacks": entries}))
        return
    for e in entries:
        state = "[green]valid[/]" if e["valid"] else f"[red]invalid ({e['problems']} problems)[/]"
        protected = ", protected" if e["protected"] else ""
        regions = ", ".join(sorted(set(e["locations"].values()))) or "-"
        subscription = e["subscription"] or "subscription from CI/--subscription"
        out.print(
            f"{e['name']}: {e['path']}, {state}{protected}; {e['accounts']} account(s) in {regions}; "
            f"{subscription}",
            soft_wrap=True,
            highlight=False,
        )
