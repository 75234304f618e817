"""`aoai plan`: what `pulumi up` would create for a stack, offline, from the real program."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..offline.against import resolve_against
from ..offline.diff import diff_plans
from ..offline.diff_view import render_diff
from ..offline.document import dumps, plan_document
from ..offline.graph import render_dot, render_mermaid
from ..offline.plan import plan_stack
from ..offline.policy import check_policies, read_pack_config
from ..offline.runner import ProgramRun
from ..offline.tree import render_tree
from ..stacks import StackOption, resolve_stack


class PlanFormat(StrEnum):
    tree = "tree"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"


def plan(
    stack: StackOption,
    format_: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            help="tree (terminal), json (schema/plan.schema.json), mermaid (GitHub markdown) or dot.",
        ),
    ] = PlanFormat.tree,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="OTHER",
            help="Compare with another stack (name or file), a git revision (main, HEAD~1, "
            "git:REV) or a deployed state (state:FILE, from `pulumi stack export`); shows what "
            "would be created, deleted, updated and replaced.",
        ),
    ] = None,
    fail_on_replace: Annotated[
        bool,
        typer.Option(
            "--fail-on-replace",
            help="With --against: exit 1 when a resource would be replaced, or a protected one "
            "deleted or replaced (for CI).",
        ),
    ] = False,
    policy: Annotated[
        bool,
        typer.Option(
            "--policy",
            help="Check the planned resources against the policy pack (policy/) instead of "
            "printing them (tree or json); exit 1 on a mandatory violation.",
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
) -> None:
    """Show the resources a stack creates, without the Pulumi CLI or any cloud account.

    Runs the project's __main__.py (the same program `pulumi up` runs) under Pulumi's mocks with
    the stack file's config (secure values stay placeholders) and shows the resources: nesting,
    key properties, the order writes happen in (after: ...) and which resources are protected.

    With --against, shows what `pulumi up` of this stack would change compared with another
    stack, with this stack at a git revision (its program and stack file as they were then), or
    with its deployed state (state:FILE, the output of `pulumi stack export`), and flags
    replacements and deletions of protected resources. An account Azure upgraded to a Foundry
    resource (kind AIServices) while the stack says OpenAI is kept as it is: no replacement.

    With --policy, runs the policy pack's rules (policy/aoai_rules.py, the ones `pulumi preview
    --policy-pack policy` runs) over the planned resources and prints every policy with its
    violations; --policy-config FILE sets levels and settings (e.g. {"data-zone-skus":
    {"dataZone": "EU"}}).

    Exit codes: 0 success; 1 with --fail-on-replace when a dangerous change is present, or with
    --policy when a mandatory policy is violated; 2 invalid stack config, policy config or usage.

    Examples:

      aoai plan --stack dev

      aoai plan --stack prod --format mermaid > prod.mmd

      aoai plan --stack prod --against main --fail-on-replace

      aoai plan --stack prod --against dev --json

      aoai plan --stack prod --against state:prod.state.json --fail-on-replace

      aoai plan --stack prod --policy

      aoai plan --stack dev --policy --policy-config policy-config.json --json
    """
    if as_json and format_ not in (PlanFormat.tree, PlanFormat.json):
        raise AoaiError(f"--json is --format json; it cannot go with --format {format_.value}: use one")
    if as_json:
        format_ = PlanFormat.json
    if policy_config is not None and not policy:
        raise AoaiError("--policy-config goes with --policy")
    if policy and (against is not None or format_ in (PlanFormat.mermaid, PlanFormat.dot)):
        raise AoaiError("--policy prints the policy report: use it without --against, as tree or json")
    if policy:
        read_pack_config(policy_config)  # a bad config fails before the plan runs
    if fail_on_replace and against is None:
        raise AoaiError("--fail-on-replace needs --against OTHER (what to compare with)")
    if against is not None and format_ in (PlanFormat.mermaid, PlanFormat.dot):
        raise AoaiError("--against prints a diff: use --format tree or json with it")
    ref = resolve_stack(stack)
    with err.status(f"planning {ref.display} offline ..."):
        run = plan_stack(ref)
    if policy:
        _print_policy_report(run, policy_config, as_json=format_ is PlanFormat.json)
        return
    if against is None:
        _print_plan(run, format_)
        return
    with err.status(f"planning {against} to compare with ..."):
        baseline = resolve_against(against, ref)
    if baseline.note:
        err.print(f"[yellow]note:[/] {baseline.note}")
    diff = diff_plans(baseline.document, plan_document(run), baseline.label, f"stack {ref.name}")
    if format_ is PlanFormat.json:
        sys.stdout.write(json.dumps(diff.as_json(), indent=2, sort_keys=True) + "\n")
    else:
        out.print(render_diff(diff), soft_wrap=True)
    if fail_on_replace and diff.dangerous:
        err.print(f"[red]--fail-on-replace:[/] {len(diff.dangerous)} dangerous change(s)")
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _print_plan(run: ProgramRun, format_: PlanFormat) -> None:
    if format_ is PlanFormat.tree:
        out.print(render_tree(run))
        return
    document = plan_document(run)
    renderers = {PlanFormat.json: dumps, PlanFormat.mermaid: render_mermaid, PlanFormat.dot: render_dot}
    sys.stdout.write(renderers[format_](document))


def _print_policy_report(run: ProgramRun, config: Path | None, *, as_json: bool) -> None:
    report = check_policies(run, config)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
    else:
        out.print(report.render(), soft_wrap=True)
    if report.failed:
        raise typer.Exit(int(ExitCode.PROBLEMS))
