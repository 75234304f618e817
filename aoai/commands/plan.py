"""`aoai plan`: what `pulumi up` would create for a stack, offline, from the real program."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..offline.plan import plan_stack
from ..offline.policy import check_policies, read_pack_config
from ..offline.tree import render_tree
from ..stacks import StackOption, resolve_stack


def plan(
    stack: StackOption,
    policy: Annotated[
        bool,
        typer.Option(
            "--policy",
            help="Check the planned resources against the policy pack (policy/) instead of "
            "printing them; exit 1 on a mandatory violation.",
        ),
    ] = False,
    policy_config: Annotated[
        Path | None,
        typer.Option(
            "--policy-config",
            metavar="FILE",
            help="With --policy: the pack config, as for `pulumi preview --policy-pack-config`.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --policy: the report as JSON.")] = False,
) -> None:
    """Show the resources a stack creates, without the Pulumi CLI or any cloud account.

    Runs the project's __main__.py (the same program `pulumi up` runs) under Pulumi's mocks with
    the stack file's config, and prints the resources as a tree: nesting, key properties, the
    order writes happen in (after: ...) and which resources are protected.

    With --policy, runs the policy pack's rules (policy/aoai_rules.py, the ones `pulumi preview
    --policy-pack policy` runs) over those resources and prints every policy with its
    violations; --policy-config FILE sets levels and settings (e.g. {"data-zone-skus":
    {"dataZone": "EU"}}).

    Exit code 0 on success, 1 when a mandatory policy is violated (with --policy), 2 when the
    stack config or the policy config is invalid.

    Examples:

      aoai plan --stack dev

      aoai plan --stack prod --policy

      aoai plan --stack dev --policy --policy-config policy-config.json --json
    """
    if (policy_config is not None or as_json) and not policy:
        raise AoaiError("--policy-config and --json go with --policy")
    if policy:
        read_pack_config(policy_config)  # a bad config fails before the plan runs
    ref = resolve_stack(stack)
    with err.status(f"planning {ref.display} offline ..."):
        run = plan_stack(ref)
    if not policy:
        out.print(render_tree(run))
        return
    report = check_policies(run, policy_config)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
    else:
        out.print(report.render(), soft_wrap=True)
    if report.failed:
        raise typer.Exit(int(ExitCode.PROBLEMS))
