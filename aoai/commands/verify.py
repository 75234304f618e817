"""`aoai verify`: after `pulumi up`, is what runs in Azure what the stack says?"""

from __future__ import annotations

import datetime

from ..live.client import open_session
from ..live.fetch import gather_live_accounts
from ..live.findings import Report
from ..live.upgrade_checks import account_state
from ..live.verify_checks import verify_findings
from .live_common import (
    ConnectionOptions,
    JsonOption,
    StackOption,
    azure_access,
    fetch_progress,
    finish,
    load_stack,
    with_connection_options,
)


@with_connection_options
def verify(stack: StackOption, connection: ConnectionOptions, as_json: JsonOption = False) -> None:
    """Compare the live accounts and deployments with the stack: missing, extra and drifted.

    Per account: exists, region, subdomain, public network access and firewall rules, local
    auth (API keys), outbound restriction, declared content filters, Foundry projects, and its
    kind with where it stands with the upgrade to Foundry (reported as information: scheduled,
    upgraded, opted out or rolled back; the stack never reverts an upgrade). Per deployment: exists
    (and no unmanaged extras), model, version, SKU, capacity, content filter (RAI policy),
    version upgrade option, not Failed. Accounts are read concurrently.

    Exit code 0 when Azure matches the stack, 1 when anything differs, 2 for an invalid stack or
    bad options, 3 when Azure is unreachable, sign-in fails, or an account could not be read.

    Examples:

      aoai verify --stack prod

      aoai verify --stack dev --json --subscription 00000000-0000-0000-0000-000000000000
    """
    ref, config, locations = load_stack(stack)
    settings = connection.settings()
    with azure_access(subscription=settings.subscription_id), open_session(settings) as session:
        with fetch_progress(f"reading {len(config.accounts)} account(s) of {ref.name}") as tick:
            live, not_checked = gather_live_accounts(session, config, locations, on_done=tick)
        requests = session.counter.count
    now = datetime.datetime.now(datetime.UTC)
    report = Report(
        "verify",
        ref.name,
        settings.subscription_id,
        findings=verify_findings(config, locations, live, ref.name, now),
        not_checked=not_checked,
        checked=[f"account {key}" for key in sorted(live)],
        arm_requests=requests,
        accounts=[account_state(key, found, now) for key, found in live.items() if found],
    )
    finish(report, as_json)
