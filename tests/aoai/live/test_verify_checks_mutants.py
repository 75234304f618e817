"""verify_checks.py as pure functions: what `make mutate` showed no test checked (issue 16).

The live side is written out by hand as ARM would report it (LiveAccount, the parsed form of the
account and deployment bodies); the stack side is a small stack config. Expected findings are
written from verify's rules: strings compare case-insensitively, an unset disableLocalAuth means
keys work, allowedFqdnList only counts with restrictOutboundNetworkAccess, a Deny firewall with
no rules is still a firewall, and no content filter in the stack means a built-in one in Azure.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from typing import Any

import pytest

from aoai.live.facts import AutoUpgrade, LiveAccount, LiveDeployment, NetworkRules
from aoai.live.findings import Finding
from aoai.live.verify_checks import verify_findings
from azure_openai_toolkit.config.placeholders import placeholder
from tests.conftest import SUBNET, base_config, parse

from .deployed import CHAT, DEPLOYED, NOW, account, stack_with, stack_with_chat

RESTORE = (
    "Run pulumi up --refresh -s dev to restore the stack's value, or change the stack if Azure's is intended."
)


def findings(live: LiveAccount | None, stack: dict[str, Any] | None = None) -> list[Finding]:
    config = parse(stack or base_config())
    return verify_findings(config, {"primary": "swedencentral"}, {"primary": live}, "dev", NOW)


def drift(code: str, message: str, deployment: str | None = None) -> Finding:
    return Finding("error", code, "primary", deployment, message, RESTORE, "swedencentral")


def chat(**changes: Any) -> LiveAccount:
    return account(deployments=(dataclasses.replace(CHAT, **changes),))


def test_an_account_as_deployed_has_no_findings() -> None:
    assert findings(DEPLOYED) == []


def test_names_and_settings_compare_case_insensitively() -> None:
    live = account(
        location="Sweden Central",
        subdomain="Contoso-Dev-Primary",
        public_network_access="disabled",
        deployments=(
            dataclasses.replace(
                CHAT,
                name="Chat",
                model="GPT-5",
                format="openai",
                sku="globalstandard",
                rai_policy="microsoft.defaultv2",
                version_upgrade="oncecurrentversionexpired",
            ),
        ),
    )
    assert findings(live) == []


def test_an_account_not_checked_has_no_findings() -> None:
    config = parse(base_config())
    assert verify_findings(config, {"primary": "swedencentral"}, {}, "dev", NOW) == []


def test_a_missing_account() -> None:
    assert findings(None) == [
        Finding(
            "error",
            "AccountMissing",
            "primary",
            None,
            "account contoso-dev-primary does not exist in resource group rg-contoso-openai-dev",
            "Run pulumi up --refresh -s dev (and aoai preflight --stack dev first).",
            "swedencentral",
        )
    ]


@pytest.mark.parametrize(
    ("live", "expected"),
    [
        (
            account(location="westeurope"),
            drift("AccountSettingDrift", "the region is westeurope in Azure but swedencentral in the stack"),
        ),
        (
            account(subdomain="contoso"),
            drift(
                "AccountSettingDrift",
                "customSubDomainName is contoso in Azure but contoso-dev-primary in the stack",
            ),
        ),
        (
            account(public_network_access="Enabled"),
            drift("NetworkAccessDrift", "publicNetworkAccess is Enabled in Azure but Disabled in the stack"),
        ),
        # Unset disableLocalAuth: API keys work.
        (
            account(disable_local_auth=None),
            drift(
                "LocalAuthDrift",
                "local auth is enabled (API keys work) in Azure but disabled (Entra ID only) in the stack",
            ),
        ),
        (
            account(disable_local_auth=False),
            drift(
                "LocalAuthDrift",
                "local auth is enabled (API keys work) in Azure but disabled (Entra ID only) in the stack",
            ),
        ),
        (
            account(restrict_outbound=True),
            drift(
                "AccountSettingDrift", "restrictOutboundNetworkAccess is True in Azure but False in the stack"
            ),
        ),
    ],
)
def test_one_account_setting_changed_in_azure(live: LiveAccount, expected: Finding) -> None:
    assert findings(live) == [expected]


def test_local_auth_enabled_in_the_stack_and_disabled_in_azure() -> None:
    assert findings(DEPLOYED, stack_with(localAuth=True)) == [
        drift(
            "LocalAuthDrift",
            "local auth is disabled (Entra ID only) in Azure but enabled (API keys work) in the stack",
        )
    ]


def test_allowed_fqdns_count_only_with_the_outbound_restriction() -> None:
    # Without the restriction Azure ignores the list, so a leftover list is not drift.
    assert findings(account(allowed_fqdns=frozenset({"contoso.com"}))) == []
    stack = stack_with(restrictOutboundNetworkAccess=True, allowedFqdns=["b.contoso.com", "a.contoso.com"])
    restricted = account(restrict_outbound=True, allowed_fqdns=frozenset({"a.contoso.com", "b.contoso.com"}))
    assert findings(restricted, stack) == []
    fewer = account(restrict_outbound=True, allowed_fqdns=frozenset({"a.contoso.com"}))
    assert findings(fewer, stack) == [
        drift(
            "AccountSettingDrift",
            "allowedFqdnList is ['a.contoso.com'] in Azure "
            "but ['a.contoso.com', 'b.contoso.com'] in the stack",
        )
    ]


@pytest.mark.parametrize(
    ("rules", "state"),
    [
        (NetworkRules("Deny", "AzureServices", frozenset(), frozenset()), "set"),  # Deny alone is a firewall
        (NetworkRules("deny", None, frozenset(), frozenset()), "set"),
        (NetworkRules("Allow", None, frozenset({"203.0.113.7"}), frozenset()), "set"),
        (NetworkRules("Allow", None, frozenset(), frozenset({SUBNET})), "set"),
        (NetworkRules("Allow", "AzureServices", frozenset(), frozenset()), None),  # lets everything in
        (NetworkRules(None, None, frozenset(), frozenset()), None),
    ],
)
def test_firewall_rules_in_azure_but_none_in_the_stack(rules: NetworkRules, state: str | None) -> None:
    expected = [drift("NetworkAccessDrift", "networkAcls is set in Azure but not set in the stack")]
    assert findings(account(network=rules)) == (expected if state else [])


FIREWALL = {
    "defaultAction": "Deny",
    "bypass": "AzureServices",
    "ipRules": ["203.0.113.7"],
    "virtualNetworkRules": [{"subnetId": SUBNET}],
}
LIVE_FIREWALL = NetworkRules(
    "Deny", "AzureServices", frozenset({"203.0.113.7"}), frozenset({SUBNET.lower()})
)  # facts.py lower-cases ids


def test_firewall_rules_in_the_stack_but_none_in_azure() -> None:
    live = account(public_network_access="Enabled")
    assert findings(live, stack_with(networkAcls=FIREWALL)) == [
        drift("NetworkAccessDrift", "networkAcls is not set in Azure but set in the stack")
    ]


def test_firewall_rules_that_match_have_no_findings() -> None:
    assert (
        findings(
            account(public_network_access="Enabled", network=LIVE_FIREWALL), stack_with(networkAcls=FIREWALL)
        )
        == []
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            dataclasses.replace(LIVE_FIREWALL, default_action="Allow"),
            "networkAcls.defaultAction is Allow in Azure but Deny in the stack",
        ),
        (
            dataclasses.replace(LIVE_FIREWALL, bypass="None"),
            "networkAcls.bypass is None in Azure but AzureServices in the stack",
        ),
        (
            dataclasses.replace(LIVE_FIREWALL, ip_rules=frozenset({"203.0.113.8"})),
            "networkAcls.ipRules is ['203.0.113.8'] in Azure but ['203.0.113.7'] in the stack",
        ),
        (
            dataclasses.replace(LIVE_FIREWALL, subnet_ids=frozenset()),
            f"networkAcls.virtualNetworkRules is [] in Azure but [{SUBNET.lower()!r}] in the stack",
        ),
    ],
)
def test_one_firewall_setting_changed_in_azure(rules: NetworkRules, message: str) -> None:
    live = account(public_network_access="Enabled", network=rules)
    assert findings(live, stack_with(networkAcls=FIREWALL)) == [drift("NetworkAccessDrift", message)]


def test_a_declared_content_filter_missing_on_the_account() -> None:
    stack = stack_with(contentFilters={"strict": {}})
    assert findings(account(rai_policies=("Strict",)), stack) == []
    assert findings(account(rai_policies=("Microsoft.DefaultV2",)), stack) == [
        Finding(
            "error",
            "ContentFilterMissing",
            "primary",
            None,
            "content filter strict is declared in the stack but not on the account",
            "Run pulumi up --refresh -s dev to create it.",
            "swedencentral",
        )
    ]


def test_a_missing_deployment() -> None:
    assert findings(account(deployments=())) == [
        Finding(
            "error",
            "DeploymentMissing",
            "primary",
            "chat",
            "deployment chat (gpt-5 2025-08-07, GlobalStandard 10) does not exist",
            "Run pulumi up --refresh -s dev.",
            "swedencentral",
        )
    ]


def test_an_extra_deployment_holds_quota_and_is_named_with_its_delete_command() -> None:
    extra = LiveDeployment(
        "Embed", "OpenAI", "text-embedding-3-large", "1", "Standard", 5, None, None, "Succeeded"
    )
    assert findings(account(deployments=(CHAT, extra))) == [
        Finding(
            "error",
            "DeploymentExtra",
            "primary",
            "Embed",
            "deployment Embed (text-embedding-3-large 1, Standard 5) exists in Azure but not in the stack; "
            "it holds quota and is not managed",
            "Add it to accounts.primary.deployments, or delete it (az cognitiveservices account "
            "deployment delete --name contoso-dev-primary --deployment-name Embed -g rg-contoso-openai-dev).",
            "swedencentral",
        )
    ]


def test_a_failed_deployment() -> None:
    assert findings(chat(provisioning_state="failed")) == [
        Finding(
            "error",
            "DeploymentFailed",
            "primary",
            "chat",
            "the deployment's provisioningState is Failed",
            "Look at the deployment's activity log, fix the cause, then run pulumi up --refresh -s dev.",
            "swedencentral",
        )
    ]


@pytest.mark.parametrize(
    ("live", "code", "message"),
    [
        (
            chat(model="gpt-4.1"),
            "ModelDrift",
            "the model is OpenAI/gpt-4.1 in Azure but OpenAI/gpt-5 in the stack",
        ),
        (
            chat(format="Microsoft"),
            "ModelDrift",
            "the model is Microsoft/gpt-5 in Azure but OpenAI/gpt-5 in the stack",
        ),
        (
            chat(version="2025-01-01"),
            "VersionDrift",
            "the model version is 2025-01-01 in Azure but 2025-08-07 in the stack",
        ),
        (chat(sku="Standard"), "SkuDrift", "the SKU is Standard in Azure but GlobalStandard in the stack"),
        (chat(capacity=11), "CapacityDrift", "the capacity is 11 in Azure but 10 in the stack"),
        (
            chat(version_upgrade="NoAutoUpgrade"),
            "VersionUpgradeDrift",
            "versionUpgradeOption is NoAutoUpgrade in Azure but OnceCurrentVersionExpired in the stack",
        ),
        (
            chat(rai_policy="strict"),
            "ContentFilterDrift",
            "the content filter (RAI policy) is strict in Azure but the service default in the stack",
        ),
    ],
)
def test_one_deployment_setting_changed_in_azure(live: LiveAccount, code: str, message: str) -> None:
    assert findings(live) == [drift(code, message, "chat")]


def test_no_content_filter_in_the_stack_matches_any_built_in_or_none() -> None:
    for policy in ("Microsoft.Default", "microsoft.defaultv2", None):
        assert findings(chat(rai_policy=policy)) == []


def test_a_content_filter_named_in_the_stack_must_be_the_one_in_azure() -> None:
    stack = stack_with_chat(contentFilter="Microsoft.Default")
    assert findings(chat(rai_policy="MICROSOFT.DEFAULT"), stack) == []
    assert findings(chat(rai_policy="Microsoft.DefaultV2"), stack) == [
        drift(
            "ContentFilterDrift",
            "the content filter (RAI policy) is Microsoft.DefaultV2 in Azure "
            "but Microsoft.Default in the stack",
            "chat",
        )
    ]


def test_a_version_moved_by_azure_under_once_new_default_is_a_warning() -> None:
    stack = stack_with_chat(versionUpgrade="OnceNewDefaultVersionAvailable")
    live = chat(version="2026-01-01", version_upgrade="OnceNewDefaultVersionAvailable")
    assert findings(live, stack) == [
        Finding(
            "warning",
            "VersionUpgradedByAzure",
            "primary",
            "chat",
            "Azure moved the deployment from 2025-08-07 to 2026-01-01 "
            "(versionUpgrade: OnceNewDefaultVersionAvailable)",
            'Set version: "2026-01-01" in the stack so it says what runs.',
            "swedencentral",
        )
    ]


def test_a_secret_firewall_rule_is_skipped_and_the_next_setting_still_compared() -> None:
    # A secure value of the stack file reaches verify as its placeholder: not comparable offline.
    secret_ip = dict(FIREWALL, ipRules=[placeholder(0)])
    live = account(
        public_network_access="Enabled", network=dataclasses.replace(LIVE_FIREWALL, subnet_ids=frozenset())
    )
    assert findings(live, stack_with(networkAcls=secret_ip)) == [
        drift(
            "NetworkAccessDrift",
            f"networkAcls.virtualNetworkRules is [] in Azure but [{SUBNET.lower()!r}] in the stack",
        )
    ]


def two_accounts() -> dict[str, Any]:
    """Accounts primary and secondary (contoso-dev-secondary), both in swedencentral."""
    data = copy.deepcopy(base_config())
    data["accounts"]["secondary"] = copy.deepcopy(data["accounts"]["primary"])
    return data


def of_both(
    live: dict[str, LiveAccount | None], now: datetime.datetime | None = NOW
) -> list[tuple[str, str | None]]:
    locations = {"primary": "swedencentral", "secondary": "swedencentral"}
    found = verify_findings(parse(two_accounts()), locations, live, "dev", now)
    return [(f.code, f.account) for f in found]


def test_an_account_not_checked_or_missing_does_not_stop_the_next() -> None:
    secondary = account(name="contoso-dev-secondary", subdomain="contoso-dev-secondary", sku="S0")
    assert of_both({"secondary": None}) == [("AccountMissing", "secondary")]
    drifted = dataclasses.replace(secondary, public_network_access="Enabled")
    assert of_both({"primary": None, "secondary": drifted}) == [
        ("AccountMissing", "primary"),
        ("NetworkAccessDrift", "secondary"),
    ]


def test_a_missing_deployment_does_not_stop_the_next() -> None:
    stack = copy.deepcopy(base_config())
    stack["accounts"]["primary"]["deployments"]["a-missing"] = dict(
        stack["accounts"]["primary"]["deployments"]["chat"]
    )
    assert [(f.code, f.deployment) for f in findings(chat(capacity=11), stack)] == [
        ("DeploymentMissing", "a-missing"),
        ("CapacityDrift", "chat"),
    ]


SCHEDULED = AutoUpgrade(
    mode="Enabled",
    planned_by_microsoft=True,
    scheduled_at=NOW + datetime.timedelta(days=1),
    status_reason=None,
)


def test_the_upgrade_status_is_judged_at_the_time_given() -> None:
    live = account(auto_upgrade=SCHEDULED, upgrade_status_read=True)
    (finding,) = findings(live)
    assert finding.message == (
        "account contoso-dev-primary is scheduled by Microsoft for the automatic upgrade to a Foundry "
        "resource on 2026-12-02"
    )


def test_without_a_time_the_upgrade_status_is_judged_now() -> None:
    far = dataclasses.replace(SCHEDULED, scheduled_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    live = account(auto_upgrade=far, upgrade_status_read=True)
    config = parse(base_config())
    (finding,) = verify_findings(config, {"primary": "swedencentral"}, {"primary": live}, "dev")
    assert finding.code == "AutoUpgradeStatus"
    assert "on 2100-01-01" in finding.message


def test_an_account_the_stack_wants_as_foundry_still_openai_names_the_stack_in_its_fix() -> None:
    assert findings(DEPLOYED, stack_with(kind="AIServices")) == [
        Finding(
            "error",
            "AccountKindDrift",
            "primary",
            None,
            "account contoso-dev-primary is kind OpenAI but the stack says AIServices",
            "Run pulumi up --refresh -s dev to upgrade it in place again, or set accounts.primary.kind: "
            "OpenAI if the "
            "rollback is intended.",
            "swedencentral",
        )
    ]
