"""An account's kind and Microsoft's upgrade to Foundry, as preflight and verify report them.

What is known (Microsoft Learn, upgrade-azure-openai.md, ms.date 2026-01-07, and
upgrade-azure-openai-auto.md, ms.date 2026-08-19): an OpenAI account becomes kind AIServices in
place (same name, endpoint, keys, deployments), by the owner's opt-in or by Microsoft's automatic
upgrade; an upgraded account carries previousKind OpenAI; an account Microsoft selected carries a
`foundryAutoUpgrade` block (mode Enabled or Disabled, plannedByMicrosoft, scheduledAt, and a
statusReason whose values are not public, so it is shown and never interpreted); the absence of
the block is not proof that no upgrade is planned. The stack never reverts an upgrade
(components/upgrade.py); these checks say where an account stands and what to do before and
after `pulumi up`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Literal

from azure_openai_toolkit.config import Account, StackConfig

from .facts import FOUNDRY, OPENAI, LiveAccount, PreflightFacts, region_key, same
from .findings import AccountState, Finding, deploy_command

UpgradeStatus = Literal[
    "created-as-foundry", "upgraded", "scheduled", "overdue", "opted-out", "rolled-back", "none", "not-read"
]
UPGRADE_PAGE = "https://learn.microsoft.com/azure/foundry/how-to/upgrade-azure-openai-auto"


def upgrade_status(live: LiveAccount, now: datetime.datetime) -> UpgradeStatus:
    block = live.auto_upgrade
    if same(live.kind, FOUNDRY):
        return "upgraded" if same(live.previous_kind, OPENAI) or block is not None else "created-as-foundry"
    if same(live.previous_kind, FOUNDRY):
        return "rolled-back"
    if block is None:
        return "none" if live.upgrade_status_read else "not-read"
    if same(block.mode, "Disabled"):
        return "opted-out"
    if block.scheduled_at is not None and block.scheduled_at <= now:
        return "overdue"
    return "scheduled"


def upgrade_detail(live: LiveAccount, now: datetime.datetime) -> str:
    """The status in words, with what the account reported."""
    status = upgrade_status(live, now)
    block = live.auto_upgrade
    when = f" on {block.scheduled_at.date().isoformat()}" if block and block.scheduled_at else ""
    by = " by Microsoft" if block and block.planned_by_microsoft else ""
    reason = f" (status reason: {block.status_reason})" if block and block.status_reason else ""
    texts = {
        "created-as-foundry": "a Foundry resource (created as kind AIServices)",
        "upgraded": "upgraded from OpenAI to a Foundry resource (kind AIServices)",
        "scheduled": f"scheduled{by} for the automatic upgrade to a Foundry resource{when}",
        "overdue": f"scheduled{by} for the automatic upgrade{when}, and still kind OpenAI: deferred, "
        "rolled back, or not applied yet",
        "opted-out": "opted out of the automatic upgrade (foundryAutoUpgrade.mode Disabled)",
        "rolled-back": "rolled back from a Foundry resource to kind OpenAI",
        "none": "no automatic upgrade reported",
        "not-read": "automatic-upgrade status not read (api-version 2026-01-15-preview not served)",
    }
    return texts[status] + reason


def account_state(key: str, live: LiveAccount, now: datetime.datetime) -> AccountState:
    return AccountState(key, live.kind, upgrade_status(live, now), upgrade_detail(live, now))


def _record_the_upgrade(key: str, stack: str) -> str:
    return (
        f"Set accounts.{key}.kind: AIServices so the stack says what runs (every update then sends "
        f"AIServices, and preflight passes). Until then deploy only with `{deploy_command(stack)}`: "
        "the refresh records kind AIServices in Pulumi's state before the update, and the program "
        "ignores kind changes of OpenAI accounts, so the update keeps what the state recorded."
    )


def preflight_upgrade_findings(
    config: StackConfig,
    locations: Mapping[str, str],
    facts: PreflightFacts,
    now: datetime.datetime,
    stack: str,
) -> Iterator[Finding]:
    for key, account in config.accounts.items():
        fetched = facts.accounts.get(key)
        live = fetched.live if fetched else None
        if live is None:
            continue
        region = region_key(locations[key])
        name = config.account_name(key)
        status = upgrade_status(live, now)
        if same(live.kind, FOUNDRY) and account.kind == OPENAI:
            # An error, not a warning: ignore_changes keeps the kind recorded in the state, and a
            # state not refreshed since the upgrade says OpenAI, so a `pulumi up` without
            # --refresh that updates the account sends kind OpenAI: an attempt to revert it.
            yield Finding(
                "error",
                "AccountUpgraded",
                key,
                None,
                f"account {name} is {upgrade_detail(live, now)}; the stack says kind OpenAI. A "
                "`pulumi up` without --refresh that updates the account would send the kind Pulumi's "
                "state recorded before the upgrade (OpenAI): an attempt to revert it",
                _record_the_upgrade(key, stack),
                region,
            )
        elif same(live.kind, OPENAI) and account.kind == FOUNDRY:
            yield from _opt_in(key, name, account, stack, region)
        elif same(live.kind, OPENAI) and status == "scheduled":
            endpoints = (
                " The account has private endpoints: after the upgrade they need the "
                "privatelink.cognitiveservices.azure.com and privatelink.services.ai.azure.com zones "
                "and to be re-created."
                if account.private_endpoints
                else ""
            )
            yield Finding(
                "warning",
                "AutoUpgradeScheduled",
                key,
                None,
                f"account {name} is {upgrade_detail(live, now)}. The stack keeps whatever kind Azure "
                f"reports (kind changes of OpenAI accounts are ignored).{endpoints}",
                f"To take the upgrade on your terms, set accounts.{key}.kind: AIServices and deploy; "
                f"to stay on OpenAI, defer it on the account's Resource upgrade page ({UPGRADE_PAGE}). "
                "After an upgrade, set kind: AIServices (or deploy only with --refresh).",
                region,
            )


def _opt_in(key: str, name: str, account: Account, stack: str, region: str) -> Iterator[Finding]:
    if account.customer_managed_key is not None:
        yield Finding(
            "error",
            "FoundryUpgradeByRequest",
            key,
            None,
            f"account {name} is kind OpenAI with a customer-managed key; Microsoft upgrades such "
            "accounts to Foundry by request only, so pulumi up would fail",
            "Request the upgrade (the form linked from upgrade-azure-openai.md), or keep "
            f"accounts.{key}.kind: OpenAI until it is done.",
            region,
        )
        return
    endpoints = ""
    if account.private_endpoints:
        endpoints = (
            " Its private endpoints must then be re-created for the services.ai and cognitiveservices "
            f"names to resolve: {deploy_command(stack)} --replace on each endpoint's URN (see "
            "docs/foundry.md)."
        )
    yield Finding(
        "warning",
        "FoundryUpgradeOnDeploy",
        key,
        None,
        f"pulumi up upgrades account {name} in place from kind OpenAI to a Foundry resource "
        "(kind AIServices): same name, endpoint, keys and deployments; rolling back needs its "
        f"projects and connections deleted first.{endpoints}",
        "Nothing, if the upgrade is intended; otherwise keep kind: OpenAI.",
        region,
    )


def verify_upgrade_findings(
    key: str, account: Account, live: LiveAccount, now: datetime.datetime, stack: str
) -> Iterator[Finding]:
    region = region_key(live.location)
    status = upgrade_status(live, now)
    if same(live.kind, FOUNDRY) and account.kind == OPENAI:
        yield Finding(
            "info",
            "AccountUpgradedToFoundry",
            key,
            None,
            f"account {live.name} is {upgrade_detail(live, now)}; the stack says kind OpenAI and "
            "keeps it as it is",
            _record_the_upgrade(key, stack),
            region,
        )
    elif same(live.kind, OPENAI) and account.kind == FOUNDRY:
        rolled = " (rolled back?)" if status == "rolled-back" else ""
        yield Finding(
            "error",
            "AccountKindDrift",
            key,
            None,
            f"account {live.name} is kind OpenAI{rolled} but the stack says AIServices",
            f"Run {deploy_command(stack)} to upgrade it in place again, or set accounts.{key}.kind: "
            "OpenAI if the rollback is intended.",
            region,
        )
    elif same(live.kind, OPENAI) and status in ("scheduled", "overdue", "opted-out", "rolled-back"):
        yield Finding(
            "info",
            "AutoUpgradeStatus",
            key,
            None,
            f"account {live.name} is {upgrade_detail(live, now)}",
            "Nothing to do: the stack keeps the kind Azure reports. To choose yourself, set "
            f"accounts.{key}.kind: AIServices, or defer the upgrade on the account's Resource "
            f"upgrade page ({UPGRADE_PAGE}).",
            region,
        )
    if same(live.kind, FOUNDRY):
        for project in sorted(account.projects):
            if project.lower() not in {p.lower() for p in live.projects}:
                yield Finding(
                    "error",
                    "ProjectMissing",
                    key,
                    None,
                    f"project {project} of the stack does not exist on account {live.name}",
                    f"Run {deploy_command(stack)}.",
                    region,
                )
