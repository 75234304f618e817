"""`aoai verify`: after `pulumi up`, is what runs in Azure what the stack says?"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from .live_common import ConnectionOptions, EnvValuesOption, JsonOption, with_connection_options
from .live_runs import AllOption, GlobOption, Member, OneStackOption, chosen_stacks, finish_run, run_stacks

if TYPE_CHECKING:
    from ..live.client import LiveSession
    from ..live.findings import Report
    from ..live.subscription import SubscriptionReads


def _report(member: Member, reads: SubscriptionReads, session: LiveSession) -> Report:
    from ..live.findings import Report
    from ..live.subscription import live_accounts
    from ..live.upgrade_checks import account_state
    from ..live.verify_checks import verify_findings

    stack = member.stack
    live, not_checked = live_accounts(stack, reads)
    now = datetime.datetime.now(datetime.UTC)
    return Report(
        "verify",
        member.ref.name,
        member.subscription,
        findings=verify_findings(stack.config, stack.locations, live, member.ref.name, now),
        not_checked=not_checked,
        checked=[f"account {key}" for key in sorted(live)],
        arm_requests=session.counter.count,
        accounts=[account_state(key, found, now) for key, found in live.items() if found],
    )


@with_connection_options
def verify(
    connection: ConnectionOptions,
    stack: OneStackOption = None,
    all_: AllOption = False,
    pattern: GlobOption = None,
    as_json: JsonOption = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Compare the live accounts and deployments with the stack: missing, extra and drifted.

    Per account: exists, region, subdomain, public network access and firewall rules, local
    auth (API keys), outbound restriction, declared content filters, Foundry projects, and its
    kind with where it stands with the upgrade to Foundry (reported as information: scheduled,
    upgraded, opted out or rolled back; the stack never reverts an upgrade). Per deployment: exists
    (and no unmanaged extras), model, version, SKU, capacity, content filter (RAI policy),
    version upgrade option, not Failed. One account list per subscription, then each account's
    deployments, RAI policies (and a Foundry resource's projects) concurrently; an account the
    list lacks is read by name before it is called missing.

    With --all (and --glob), every stack is verified in one run: one sign-in, one account list
    per subscription, a report per stack grouped by subscription, and the total.

    With --env-values (what `esc env open` printed for the ESC environments the stack imports),
    the stack's config is merged with them as `pulumi up` merges it; one stack only.

    Exit code 0 when Azure matches the stack, 1 when anything differs, 2 for an invalid stack or
    bad options, 3 when Azure is unreachable, sign-in fails, or an account could not be read;
    with --all, the worst stack's.

    Examples:

      aoai verify --stack prod

      aoai verify --stack dev --json --subscription 00000000-0000-0000-0000-000000000000

      aoai verify --all --json
    """
    from ..live.subscription import read_for_verify

    refs = chosen_stacks(stack, all_, pattern, env_values)
    run = run_stacks("verify", refs, connection, read_for_verify, _report)
    finish_run(run, as_json, one_stack=stack is not None)
