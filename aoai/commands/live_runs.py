"""Running a live check over one stack or many: load them, group them per subscription, sign in
once, read each subscription once for all its stacks, and report per stack and in total.

Subscriptions are read one after another, each with --concurrency requests in flight, so the
run never has more than --concurrency requests in flight in all (ARM's read limits are per
subscription and principal: docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from ..exit_codes import AoaiError, ExitCode
from ..layers import print_notes, stack_subscription, with_env_values
from ..stacks import STACK_HELP, GlobOption, StackRef, resolve_stack, select_stacks
from .live_common import ConnectionOptions, azure_access, fetch_progress, finish

if TYPE_CHECKING:
    from azure_openai_toolkit.config import StackConfig

    from ..live.client import LiveSession
    from ..live.facts import ModelOffer
    from ..live.fetch import Outcome
    from ..live.findings import Report
    from ..live.runs import RunReport, StackResult
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

Known = Mapping[str, "Outcome[tuple[ModelOffer, ...]]"]  # models lists already read, per region
Reader = Callable[["LiveSession", "list[StackInRun]", Callable[[object], None], Known], "SubscriptionReads"]


@dataclass(frozen=True)
class Member:
    """A stack of the run, placed, and the subscription it deploys to."""

    ref: StackRef
    stack: StackInRun
    subscription: str


ReportOf = Callable[[Member, "SubscriptionReads", "LiveSession"], "Report"]
# Where a stack's accounts go, and the models lists read to decide it: (locations, known).
Prepare = Callable[[StackRef, "StackConfig", "LiveSession"], tuple[dict[str, str], Known]]


def chosen_stacks(
    stack: str | None, all_: bool, pattern: str | None, env_values: list[str] | None = None
) -> list[StackRef]:
    if (stack is None) == (not all_):
        raise AoaiError("give exactly one of --stack NAME or --all")
    if pattern is not None and not all_:
        raise AoaiError("--glob goes with --all")
    if all_ and env_values:
        raise AoaiError("--env-values belongs to one stack's environments: use it with --stack, not --all")
    chosen = select_stacks(pattern) if all_ else [resolve_stack(stack or "")]
    return [with_env_values(s, env_values) for s in chosen]


def placed_offline(ref: StackRef, config: StackConfig, session: LiveSession) -> tuple[dict[str, str], Known]:
    """Placement from the project catalog, no models read (verify: the accounts exist already)."""
    from ..project_catalog import project_catalog
    from ..stack_report import resolve_for_live

    return resolve_for_live(ref, config, project_catalog()).locations, {}


def run_stacks(
    command: str,
    refs: list[StackRef],
    connection: ConnectionOptions,
    read: Reader,
    report_of: ReportOf,
    prepare: Prepare = placed_offline,
) -> RunReport:
    """Every stack checked, each subscription read once; a stack that cannot be checked (invalid,
    no subscription, no access) is reported, and the others go on."""
    from ..live.client import open_sessions
    from ..live.errors import AzureAccessError
    from ..live.runs import RunReport, StackResult
    from ..live.subscription import StackInRun
    from ..stack_report import load_contract

    results: dict[str, StackResult] = {}
    groups: dict[str, list[tuple[StackRef, StackConfig]]] = {}
    settings: dict[str, ConnectionSettings] = {}
    for ref in refs:
        try:
            config = load_contract(ref)  # the contract only: models are Azure's to judge
            if len(refs) == 1:
                print_notes(ref)  # what could not be known offline (environments not opened)
            each = connection.settings(stack_subscription(ref))
        except AoaiError as error:
            results[ref.name] = StackResult(
                ref.name, ref.display, None, error=str(error), error_code=error.code
            )
            continue
        groups.setdefault(each.subscription_id, []).append((ref, config))
        settings.setdefault(each.subscription_id, each)
    requests: dict[str, int] = {}
    if groups:
        only = next(iter(settings)) if len(settings) == 1 else None  # named in sign-in errors
        with azure_access(subscription=only), open_sessions(list(settings.values())) as sessions:
            for session, members in zip(sessions, groups.values(), strict=True):
                subscription = session.subscription_id

                try:
                    placed: list[Member] = []
                    known: dict[str, Outcome[tuple[ModelOffer, ...]]] = {}
                    for ref, config in members:
                        try:
                            locations, read_already = prepare(ref, config, session)
                        except AoaiError as error:  # an account that cannot be placed
                            results[ref.name] = _failed(ref, subscription, str(error), error.code)
                            continue
                        known.update(read_already)
                        placed.append(Member(ref, StackInRun(ref.name, config, locations), subscription))
                    what = f"{command}: {len(placed)} stack(s) of subscription {subscription}"
                    with fetch_progress(what) as tick:
                        reads = read(session, [m.stack for m in placed], tick, known)
                except AzureAccessError as error:
                    if error.failure.kind == "auth":
                        raise  # the sign-in itself: no subscription can be read
                    for ref, _ in members:  # e.g. no read access to this subscription: the others go on
                        results[ref.name] = _failed(
                            ref, subscription, str(error.as_aoai_error()), ExitCode.AZURE
                        )
                    continue
                for m in placed:
                    report = report_of(m, reads, session)
                    results[m.ref.name] = StackResult(m.ref.name, m.ref.display, subscription, report=report)
                requests[subscription] = session.counter.count
    order = list(groups)
    ordered = [results[r.name] for r in refs]
    ordered.sort(key=lambda r: order.index(r.subscription) if r.subscription in order else len(order))
    return RunReport(command, ordered, requests)


def _failed(ref: StackRef, subscription: str, reason: str, code: ExitCode) -> StackResult:
    from ..live.runs import StackResult

    return StackResult(ref.name, ref.display, subscription, error=reason, error_code=code)


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
