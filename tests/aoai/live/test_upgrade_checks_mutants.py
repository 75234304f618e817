"""upgrade_checks.py as pure functions: what `make mutate` showed no test checked (issue 16).

The live side is written by hand as ARM reports an account (LiveAccount, the parsed body) at
api-version 2026-01-15-preview; the stack is tests/conftest.py's base_config() (account `primary`,
contoso-dev-primary, swedencentral). Expected statuses and texts follow the rules of Microsoft
Learn's upgrade-azure-openai-auto.md as the module's docstring sums them up: kind AIServices with
previousKind OpenAI or a foundryAutoUpgrade block is an upgrade; previousKind AIServices on an
OpenAI account is a rollback; mode Disabled opts out; a scheduledAt not after now is overdue; no
block is "none" only when the preview api-version answered.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from aoai.live.facts import AccountFacts, AutoUpgrade, LiveAccount, PreflightFacts
from aoai.live.findings import AccountState, Finding
from aoai.live.upgrade_checks import (
    UPGRADE_PAGE,
    account_state,
    preflight_upgrade_findings,
    verify_upgrade_findings,
)
from tests.conftest import SUBNET, ZONE, base_config, parse

from .deployed import NOW, account, stack_with

PRIMARY = "contoso-dev-primary"
TOMORROW = NOW + datetime.timedelta(days=1)  # 2026-12-02
LAST_MONTH = NOW - datetime.timedelta(days=30)  # 2026-11-01
RECORD_THE_UPGRADE = (
    "Set accounts.primary.kind: AIServices so the stack says what runs (every update then sends "
    "AIServices, and preflight passes). Until then deploy only with `pulumi up --refresh -s dev`: "
    "the refresh records kind AIServices in Pulumi's state before the update, and the program "
    "ignores kind changes of OpenAI accounts, so the update keeps what the state recorded."
)


def block(
    mode: str | None = "Enabled",
    by_microsoft: bool | None = True,
    at: datetime.datetime | None = TOMORROW,
    reason: str | None = None,
) -> AutoUpgrade:
    return AutoUpgrade(mode=mode, planned_by_microsoft=by_microsoft, scheduled_at=at, status_reason=reason)


def read(**changes: Any) -> LiveAccount:
    """The account as read at the preview api-version (which reports the upgrade status)."""
    return account(upgrade_status_read=True, **changes)


UPGRADED = "upgraded from OpenAI to a Foundry resource (kind AIServices)"
STATES = [
    ("created as Foundry", read(kind="AIServices"), "created-as-foundry",
     "a Foundry resource (created as kind AIServices)"),
    ("upgraded, previousKind", read(kind="AIServices", previous_kind="openai"), "upgraded", UPGRADED),
    ("upgraded, block only", read(kind="AIServices", auto_upgrade=block(at=LAST_MONTH)), "upgraded",
     UPGRADED),
    ("upgraded, the reason shown", read(kind="AIServices", previous_kind="OpenAI", auto_upgrade=block(
        reason="Completed")), "upgraded", f"{UPGRADED} (status reason: Completed)"),
    ("rolled back", read(previous_kind="aiservices", auto_upgrade=block()), "rolled-back",
     "rolled back from a Foundry resource to kind OpenAI"),
    ("none", read(), "none", "no automatic upgrade reported"),
    ("not read", account(), "not-read",
     "automatic-upgrade status not read (api-version 2026-01-15-preview not served)"),
    ("opted out", read(auto_upgrade=block(mode="disabled")), "opted-out",
     "opted out of the automatic upgrade (foundryAutoUpgrade.mode Disabled)"),
    ("scheduled by Microsoft", read(auto_upgrade=block()), "scheduled",
     "scheduled by Microsoft for the automatic upgrade to a Foundry resource on 2026-12-02"),
    ("scheduled, not by Microsoft", read(auto_upgrade=block(by_microsoft=False, reason="EligibleWave3")),
     "scheduled",
     "scheduled for the automatic upgrade to a Foundry resource on 2026-12-02 "
     "(status reason: EligibleWave3)"),
    ("scheduled, no date", read(auto_upgrade=block(by_microsoft=None, at=None)), "scheduled",
     "scheduled for the automatic upgrade to a Foundry resource"),
    ("scheduled a second from now", read(auto_upgrade=block(at=NOW + datetime.timedelta(seconds=1))),
     "scheduled", "scheduled by Microsoft for the automatic upgrade to a Foundry resource on 2026-12-01"),
    ("overdue", read(auto_upgrade=block(at=LAST_MONTH)), "overdue",
     "scheduled by Microsoft for the automatic upgrade on 2026-11-01, and still kind OpenAI: deferred, "
     "rolled back, or not applied yet"),
    # Due at this very moment and still OpenAI: the date has come, so it is overdue.
    ("due now", read(auto_upgrade=block(at=NOW)), "overdue",
     "scheduled by Microsoft for the automatic upgrade on 2026-12-01, and still kind OpenAI: deferred, "
     "rolled back, or not applied yet"),
]


@pytest.mark.parametrize(("live", "status", "detail"), [s[1:] for s in STATES], ids=[s[0] for s in STATES])
def test_where_an_account_stands(live: LiveAccount, status: str, detail: str) -> None:
    assert account_state("primary", live, NOW) == AccountState("primary", live.kind, status, detail)


# -- preflight -------------------------------------------------------------------------------------


def preflight(
    live: LiveAccount | None, stack: dict[str, Any] | None = None, location: str = "Sweden Central"
) -> list[Finding]:
    config = parse(stack or base_config())
    found = PreflightFacts(accounts={"primary": AccountFacts(live=live)})
    # The location as the stack file may spell it: the finding's region is its key.
    return list(preflight_upgrade_findings(config, {"primary": location}, found, NOW, "dev"))


def at_primary(severity: str, code: str, message: str, fix: str) -> Finding:
    return Finding(severity, code, "primary", None, message, fix, "swedencentral")  # type: ignore[arg-type]


def with_endpoint(**settings: Any) -> dict[str, Any]:
    zones = [ZONE.replace("openai", name) for name in ("openai", "cognitiveservices", "services.ai")]
    return stack_with(privateEndpoints={"hub": {"subnetId": SUBNET, "privateDnsZoneIds": zones}}, **settings)


def test_an_upgraded_account_the_stack_calls_openai_is_an_error() -> None:
    live = read(kind="AIServices", previous_kind="OpenAI", auto_upgrade=block(at=LAST_MONTH, reason="Done"))
    assert preflight(live) == [
        at_primary(
            "error",
            "AccountUpgraded",
            f"account {PRIMARY} is {UPGRADED} (status reason: Done); the stack says kind OpenAI. A "
            "`pulumi up` without --refresh that updates the account would send the kind Pulumi's state "
            "recorded before the upgrade (OpenAI): an attempt to revert it",
            RECORD_THE_UPGRADE,
        )
    ]


SCHEDULED_FIX = (
    "To take the upgrade on your terms, set accounts.primary.kind: AIServices and deploy; to stay on "
    f"OpenAI, defer it on the account's Resource upgrade page ({UPGRADE_PAGE}). After an upgrade, set "
    "kind: AIServices (or deploy only with --refresh)."
)


def test_a_scheduled_upgrade_warns() -> None:
    assert preflight(read(auto_upgrade=block())) == [
        at_primary(
            "warning",
            "AutoUpgradeScheduled",
            f"account {PRIMARY} is scheduled by Microsoft for the automatic upgrade to a Foundry resource on "
            "2026-12-02. The stack keeps whatever kind Azure reports (kind changes of OpenAI accounts are "
            "ignored).",
            SCHEDULED_FIX,
        )
    ]


def test_a_scheduled_upgrade_of_an_account_with_private_endpoints_names_the_zones_it_needs() -> None:
    assert preflight(read(auto_upgrade=block()), with_endpoint()) == [
        at_primary(
            "warning",
            "AutoUpgradeScheduled",
            f"account {PRIMARY} is scheduled by Microsoft for the automatic upgrade to a Foundry resource on "
            "2026-12-02. The stack keeps whatever kind Azure reports (kind changes of OpenAI accounts are "
            "ignored). The account has private endpoints: after the upgrade they need the "
            "privatelink.cognitiveservices.azure.com and privatelink.services.ai.azure.com zones and to be "
            "re-created.",
            SCHEDULED_FIX,
        )
    ]


@pytest.mark.parametrize(
    "live",
    [
        read(),  # none
        account(),  # not read
        read(auto_upgrade=block(at=LAST_MONTH)),  # overdue: nothing a deploy changes
        read(auto_upgrade=block(mode="Disabled")),  # opted out
        read(previous_kind="AIServices"),  # rolled back
    ],
    ids=["none", "not-read", "overdue", "opted-out", "rolled-back"],
)
def test_an_openai_account_without_a_scheduled_upgrade_has_nothing_to_warn_about(live: LiveAccount) -> None:
    assert preflight(live) == []


OPT_IN = (
    f"pulumi up upgrades account {PRIMARY} in place from kind OpenAI to a Foundry resource (kind "
    "AIServices): same name, endpoint, keys and deployments; rolling back needs its projects and "
    "connections deleted first."
)
OPT_IN_FIX = "Nothing, if the upgrade is intended; otherwise keep kind: OpenAI."


def test_opting_in_warns_of_the_in_place_upgrade() -> None:
    assert preflight(read(), stack_with(kind="AIServices")) == [
        at_primary("warning", "FoundryUpgradeOnDeploy", OPT_IN, OPT_IN_FIX)
    ]


def test_opting_in_with_private_endpoints_says_to_re_create_them() -> None:
    assert preflight(read(), with_endpoint(kind="AIServices")) == [
        at_primary(
            "warning",
            "FoundryUpgradeOnDeploy",
            f"{OPT_IN} Its private endpoints must then be re-created for the services.ai and "
            "cognitiveservices names to resolve: pulumi up --refresh -s dev --replace on each endpoint's "
            "URN (see docs/foundry.md).",
            OPT_IN_FIX,
        )
    ]


def test_opting_in_with_a_customer_managed_key_needs_a_request() -> None:
    identity = (
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
        "Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
    )
    stack = stack_with(
        kind="AIServices",
        managedIdentities={"userAssignedResourceIds": [identity]},
        customerManagedKey={
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": identity,
            "identityClientId": "66666666-6666-6666-6666-666666666666",
        },
    )
    assert preflight(read(), stack) == [
        at_primary(
            "error",
            "FoundryUpgradeByRequest",
            f"account {PRIMARY} is kind OpenAI with a customer-managed key; Microsoft upgrades such accounts "
            "to Foundry by request only, so pulumi up would fail",
            "Request the upgrade (the form linked from upgrade-azure-openai.md), or keep "
            "accounts.primary.kind: OpenAI until it is done.",
        )
    ]


def test_a_foundry_account_the_stack_calls_foundry_and_a_new_account_have_no_findings() -> None:
    assert preflight(read(kind="AIServices"), stack_with(kind="AIServices")) == []
    assert preflight(None) == []


def test_an_account_not_yet_created_does_not_stop_the_next() -> None:
    stack = copy.deepcopy(base_config())
    stack["accounts"]["secondary"] = copy.deepcopy(stack["accounts"]["primary"])
    config = parse(stack)
    found = PreflightFacts(
        accounts={
            "primary": AccountFacts(live=None),
            "secondary": AccountFacts(live=read(name="contoso-dev-secondary", auto_upgrade=block())),
        }
    )
    locations = {"primary": "swedencentral", "secondary": "uksouth"}
    (finding,) = preflight_upgrade_findings(config, locations, found, NOW, "dev")
    assert (finding.code, finding.account, finding.region) == ("AutoUpgradeScheduled", "secondary", "uksouth")
    assert finding.message.startswith("account contoso-dev-secondary is scheduled by Microsoft")


# -- verify ----------------------------------------------------------------------------------------


def verify(live: LiveAccount, stack: dict[str, Any] | None = None) -> list[Finding]:
    config = parse(stack or base_config())
    return list(verify_upgrade_findings("primary", config.accounts["primary"], live, NOW, "dev"))


def test_an_upgraded_account_the_stack_calls_openai_is_information() -> None:
    # Azure reports the account's location as it likes: the finding's region is its key.
    live = read(kind="AIServices", previous_kind="OpenAI", location="Sweden Central")
    assert verify(live) == [
        at_primary(
            "info",
            "AccountUpgradedToFoundry",
            f"account {PRIMARY} is {UPGRADED}; the stack says kind OpenAI and keeps it as it is",
            RECORD_THE_UPGRADE,
        )
    ]


KIND_DRIFT_FIX = (
    "Run pulumi up --refresh -s dev to upgrade it in place again, or set accounts.primary.kind: OpenAI if "
    "the rollback is intended."
)


def test_a_rolled_back_account_the_stack_calls_foundry_is_drift_and_says_so() -> None:
    assert verify(read(previous_kind="AIServices"), stack_with(kind="AIServices")) == [
        at_primary(
            "error",
            "AccountKindDrift",
            f"account {PRIMARY} is kind OpenAI (rolled back?) but the stack says AIServices",
            KIND_DRIFT_FIX,
        )
    ]
    assert verify(read(), stack_with(kind="AIServices")) == [
        at_primary(
            "error", "AccountKindDrift", f"account {PRIMARY} is kind OpenAI but the stack says AIServices",
            KIND_DRIFT_FIX,
        )
    ]


STATUS_FIX = (
    "Nothing to do: the stack keeps the kind Azure reports. To choose yourself, set accounts.primary.kind: "
    f"AIServices, or defer the upgrade on the account's Resource upgrade page ({UPGRADE_PAGE})."
)


@pytest.mark.parametrize(
    ("live", "detail"),
    [
        (read(auto_upgrade=block()),
         "scheduled by Microsoft for the automatic upgrade to a Foundry resource on 2026-12-02"),
        (read(auto_upgrade=block(at=LAST_MONTH)),
         "scheduled by Microsoft for the automatic upgrade on 2026-11-01, and still kind OpenAI: deferred, "
         "rolled back, or not applied yet"),
        (read(auto_upgrade=block(mode="Disabled")),
         "opted out of the automatic upgrade (foundryAutoUpgrade.mode Disabled)"),
        (read(previous_kind="AIServices"), "rolled back from a Foundry resource to kind OpenAI"),
    ],
    ids=["scheduled", "overdue", "opted-out", "rolled-back"],
)
def test_an_openai_account_s_upgrade_status_is_information(live: LiveAccount, detail: str) -> None:
    assert verify(live) == [
        at_primary("info", "AutoUpgradeStatus", f"account {PRIMARY} is {detail}", STATUS_FIX)
    ]


@pytest.mark.parametrize("live", [read(), account()], ids=["none", "not-read"])
def test_an_openai_account_with_no_upgrade_reported_has_no_findings(live: LiveAccount) -> None:
    assert verify(live) == []


def test_a_foundry_account_lacking_a_project_of_the_stack_is_drift() -> None:
    stack = stack_with(kind="AIServices", projects={"research": {}, "support": {}, "triage": {}})
    # Project names compare case-insensitively.
    live = read(kind="AIServices", projects=("Research", "other"))
    assert verify(live, stack) == [
        at_primary(
            "error", "ProjectMissing", f"project {project} of the stack does not exist on account {PRIMARY}",
            "Run pulumi up --refresh -s dev.",
        )
        for project in ("support", "triage")
    ]
    assert verify(read(kind="AIServices", projects=("research", "SUPPORT", "triage")), stack) == []
