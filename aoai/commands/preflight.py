"""`aoai preflight`: live checks before `pulumi up`, so Azure's refusals come before anything exists."""

from __future__ import annotations

import datetime

from ..live.client import open_session
from ..live.fetch import gather_preflight
from ..live.findings import Report
from ..live.preflight_checks import preflight_findings
from ..live.upgrade_checks import account_state
from ..project_catalog import project_catalog
from ..stack_report import load_contract, resolve_for_live
from ..stacks import resolve_stack
from .live_common import (
    ConnectionOptions,
    JsonOption,
    StackOption,
    azure_access,
    fetch_progress,
    finish,
    place_live,
    regions_of,
    with_connection_options,
)


@with_connection_options
def preflight(stack: StackOption, connection: ConnectionOptions, as_json: JsonOption = False) -> None:
    """Check a stack against your Azure subscription before `pulumi up`, in every region at once.

    Per region (each asked once, regions concurrently): is the accounts' kind (OpenAI or
    AIServices) / S0 offered to the subscription; is every deployment's model, version and SKU
    offered and not retiring; is its
    capacity within the SKU's minimum, maximum and step; does the quota (OpenAI.<Sku>.<model>)
    have room for the stack's demand, minus what its existing deployments already hold. Per
    account: is the subdomain free (or already ours), is a soft-deleted account of the same name
    in the way (restore or purge), do referenced existing content filters exist, and where an
    existing account stands with the upgrade to Foundry: upgraded (by Microsoft or its owner) while
    the stack says OpenAI, about to be upgraded by this stack (kind: AIServices), or scheduled for
    Microsoft's automatic upgrade (a warning before the deploy).

    Live facts decide: a model, version or SKU the region's models list offers is never refused
    because the catalog lacks it or calls it retired, and the lifecycle and retirement dates are
    Azure's. `location: auto` accounts are placed from the candidates' live models lists.

    Signs in with DefaultAzureCredential (az login, a service principal in AZURE_CLIENT_ID /
    AZURE_TENANT_ID / AZURE_CLIENT_SECRET, workload identity in CI, managed identity).

    Exit code 0 when all checks pass, 1 when any error is found, 2 for an invalid stack or bad
    options, 3 when Azure is unreachable, sign-in fails, or any region could not be checked.

    Examples:

      aoai preflight --stack prod --subscription 00000000-0000-0000-0000-000000000000

      AZURE_SUBSCRIPTION_ID=... aoai preflight --stack dev --json

      aoai preflight --stack dev --cloud usgovernment --timeout 60
    """
    ref = resolve_stack(stack)
    config = load_contract(ref)
    catalog = project_catalog()
    settings = connection.settings()
    with azure_access(subscription=settings.subscription_id), open_session(settings) as session:
        known, placement_catalog = place_live(session, config, catalog, connection.cloud)
        locations = resolve_for_live(ref, config, placement_catalog).locations
        regions = regions_of(locations)
        what = f"checking {len(regions)} region(s), {len(config.accounts)} account(s) of {ref.name}"
        with fetch_progress(what) as tick:
            facts, not_checked = gather_preflight(
                session, config, locations, on_done=tick, known_models=known
            )
        requests = session.counter.count
    now = datetime.datetime.now(datetime.UTC)
    findings = preflight_findings(config, locations, facts, now, ref.name)
    report = Report(
        "preflight",
        ref.name,
        settings.subscription_id,
        findings=findings,
        not_checked=not_checked,
        checked=sorted(facts.regions),
        arm_requests=requests,
        accounts=[account_state(k, f.live, now) for k, f in facts.accounts.items() if f.live],
    )
    finish(report, as_json)
