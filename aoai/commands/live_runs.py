"""Running a live check over one stack or many: load them, group them per subscription, sign in
once, read each subscription once for all its stacks, and report per stack and in total.

Subscriptions are read one after another, each with --concurrency requests in flight, so the
run never has more than --concurrency requests in flight in all (ARM's read limits are per
subscription and principal: docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from ..exit_codes import AoaiError, ExitCode
from ..stacks import STACK_HELP, GlobOption, StackRef, resolve_stack, select_stacks, stack_subscription
from .live_common import ConnectionOptions, azure_access, fetch_progress, finish

if TYPE_CHECKING:
    from ..live.client import LiveSession
    from ..live.findings import Report
    from ..live.runs import RunReport
    from ..live.settings import ConnectionSettings
    from ..live.subscription import StackInRun, SubscriptionReads

__all__ = ["GlobOption"]

OneStackOption = Annotated[
    str | None, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP + " Or use --all.")
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Every stack of the project (or those --glob selects), signing in once and reading each "
        "subscription once for all of them; reported per stack and in total.",
    ),
]

Reader = Callable[["LiveSession", "list[StackInRun]", Callable[[object], None]], "SubscriptionReads"]


@dataclass(frozen=True)
class Member:
    """A valid stack of the run and the subscription it deploys to."""

    ref: StackRef
    stack: StackInRun
    subscription: str


ReportOf = Callable[[Member, "SubscriptionReads", "LiveSession"], "Report"]


def chosen_stacks(stack: str | None, all_: bool, pattern: str | None) -> list[StackRef]:
    if (stack is None) == (not all_):
        raise AoaiError("give exactly one of --stack NAME or --all")
    if pattern is not None and not all_:
        raise AoaiError("--glob goes with --all")
    return select_stacks(pattern) if all_ else [resolve_stack(stack or "")]


def run_stacks(
    command: str, refs: list[StackRef], connection: ConnectionOptions, read: Reader, report_of: ReportOf
) -> RunReport:
    """Every stack checked, each subscription read once; invalid stacks reported, not fatal."""
    from ..live.client import open_sessions
    from ..live.errors import AzureAccessError
    from ..live.runs import RunReport, StackResult
    from ..live.subscription import StackInRun
    from ..stack_report import require_valid

    results: dict[str, StackResult] = {}
    groups: dict[str, list[Member]] = {}
    settings: dict[str, ConnectionSettings] = {}
    for ref in refs:
        try:
            resolved = require_valid(ref)
            each = connection.settings(stack_subscription(ref.path))
        except AoaiError as error:
            results[ref.name] = StackResult(
                ref.name, ref.display, None, error=str(error), error_code=error.code
            )
            continue
        stack = StackInRun(ref.name, resolved.config, resolved.locations)
        groups.setdefault(each.subscription_id, []).append(Member(ref, stack, each.subscription_id))
        settings.setdefault(each.subscription_id, each)
    requests: dict[str, int] = {}
    if groups:
        count = sum(len(m) for m in groups.values())
        what = f"{command}: {count} stack(s) in {len(groups)} subscription(s)"
        with azure_access(), open_sessions(list(settings.values())) as sessions, fetch_progress(what) as tick:
            for session, members in zip(sessions, groups.values(), strict=True):
                try:
                    reads = read(session, [m.stack for m in members], tick)
                except AzureAccessError as error:
                    if error.failure.kind == "auth":
                        raise  # the sign-in itself: no subscription can be read
                    for m in members:  # e.g. no read access to this subscription: the others go on
                        reason = error.as_aoai_error().args[0]
                        results[m.ref.name] = StackResult(
                            m.ref.name, m.ref.display, m.subscription, error=reason, error_code=ExitCode.AZURE
                        )
                    continue
                for m in members:
                    report = report_of(m, reads, session)
                    results[m.ref.name] = StackResult(
                        m.ref.name, m.ref.display, m.subscription, report=report
                    )
                requests[session.subscription_id] = session.counter.count
    ordered = [results[r.name] for r in refs]
    ordered.sort(
        key=lambda r: list(groups).index(r.subscription) if r.subscription in groups else len(groups)
    )
    return RunReport(command, ordered, requests)


def finish_run(run: RunReport, as_json: bool, one_stack: bool) -> None:
    """Print and exit: one stack as before (its report, or its error), several as a run report."""
    from ..live.runs import print_run

    if one_stack:
        (result,) = run.results
        if result.report is None:
            raise AoaiError(result.error or "not checked", result.error_code)
        finish(result.report, as_json)
        return
    print_run(run, as_json)
    if run.exit_code:
        raise typer.Exit(int(run.exit_code))
