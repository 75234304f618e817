"""`aoai preflight`: live checks before `pulumi up`, so Azure's refusals come before anything exists."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from .live_common import ConnectionOptions, EnvValuesOption, JsonOption, place_live, with_connection_options
from .live_runs import (
    AllOption,
    GlobOption,
    Known,
    Member,
    OneStackOption,
    chosen_stacks,
    finish_run,
    run_stacks,
)

if TYPE_CHECKING:
    from azure_openai_toolkit.config import StackConfig

    from ..live.client import LiveSession
    from ..live.findings import Report
    from ..live.subscription import SubscriptionReads
    from ..stacks import StackRef


def placed_live(cloud: str) -> Callable[[StackRef, StackConfig, LiveSession], tuple[dict[str, str], Known]]:
    """`location: auto` accounts placed from the candidate regions' live models lists (read once,
    then reused by the checks), pinned ones as they are."""
    from ..project_catalog import project_catalog
    from ..stack_report import resolve_for_live

    catalog = project_catalog()

    def prepare(ref: StackRef, config: StackConfig, session: LiveSession) -> tuple[dict[str, str], Known]:
        known, placement_catalog = place_live(session, config, catalog, cloud)
        return resolve_for_live(ref, config, placement_catalog).locations, known

    return prepare


def _report(member: Member, reads: SubscriptionReads, session: LiveSession) -> Report:
    from ..live.findings import Report
    from ..live.preflight_checks import preflight_findings
    from ..live.subscription import preflight_facts
    from ..live.upgrade_checks import account_state

    stack = member.stack
    facts, not_checked = preflight_facts(stack, reads)
    now = datetime.datetime.now(datetime.UTC)
    return Report(
        "preflight",
        member.ref.name,
        member.subscription,
        findings=preflight_findings(stack.config, stack.locations, facts, now, member.ref.name),
        not_checked=not_checked,
        checked=sorted(facts.regions),
        arm_requests=session.counter.count,
        accounts=[account_state(k, f.live, now) for k, f in facts.accounts.items() if f.live],
    )


@with_connection_options
def preflight(
    connection: ConnectionOptions,
    stack: OneStackOption = None,
    all_: AllOption = False,
    pattern: GlobOption = None,
    as_json: JsonOption = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Check stacks against your Azure subscription before `pulumi up`, every region at once.

    Per region (each asked once, however many stacks and accounts use it): is every deployment's
    model, version and SKU offered and not retiring; is its capacity within the SKU's minimum,
    maximum and step; does the quota (OpenAI.<Sku>.<model>) have room for the stack's demand,
    minus what its existing deployments already hold. Per subscription (one list each): may it
    create the accounts' kind (OpenAI or AIServices) / S0 in the regions, which accounts exist,
    which are soft-deleted in the way (restore or purge). Per new account: is the subdomain free.
    Per existing account: its deployments, the RAI policies a deployment names, and where it
    stands with the upgrade to Foundry: upgraded (by Microsoft or its owner) while the stack says
    OpenAI, about to be upgraded by this stack (kind: AIServices), or scheduled for Microsoft's
    automatic upgrade (a warning before the deploy).

    With --all (and --glob), every stack is checked in one run: one sign-in, each subscription
    read once for all its stacks (a stack's azure-native:subscriptionId, else --subscription),
    a report per stack grouped by subscription, and the total. --concurrency bounds the
    requests in flight in the whole run; a 429's Retry-After pauses all of them.

    Live facts decide: a model, version or SKU the region's models list offers is never refused
    because the catalog lacks it or calls it retired, and the lifecycle and retirement dates are
    Azure's. `location: auto` accounts are placed from the candidates' live models lists.

    Signs in with DefaultAzureCredential (az login, a service principal in AZURE_CLIENT_ID /
    AZURE_TENANT_ID / AZURE_CLIENT_SECRET, workload identity in CI, managed identity).

    With --env-values (what `esc env open` printed for the ESC environments the stack imports),
    the stack's config is merged with them as `pulumi up` merges it, the subscription of an ESC
    Azure login included; one stack only.

    Exit code 0 when all checks pass, 1 when any error is found, 2 for an invalid stack or bad
    options, 3 when Azure is unreachable, sign-in fails, or anything could not be checked; with
    --all, the worst stack's.

    Examples:

      aoai preflight --stack prod --subscription 00000000-0000-0000-0000-000000000000

      AZURE_SUBSCRIPTION_ID=... aoai preflight --stack dev --json

      aoai preflight --all --glob 'team-a-*'

      aoai preflight --stack dev --cloud usgovernment --timeout 60
    """
    from ..live.subscription import read_for_preflight

    refs = chosen_stacks(stack, all_, pattern, env_values)
    run = run_stacks(
        "preflight", refs, connection, read_for_preflight, _report, placed_live(connection.cloud)
    )
    finish_run(run, as_json, one_stack=stack is not None)
