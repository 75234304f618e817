"""`aoai verify`: live state against the stack through the real client and the fake ARM.

Starting from a fake that holds exactly what the stack deploys, each case changes one thing in
Azure (or the stack) and expects exactly that difference."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import RG, changed, seed_deployed, stack_data, write_stack
from tests.fake_arm import FakeArm, Fault
from tests.fake_arm.state import key_of

runner = CliRunner()


def run(stack: Path, *args: str) -> Result:
    return runner.invoke(app, ["verify", "--stack", str(stack), "--json", "--retries", "1", *args])


def live_deployment(fake: FakeArm, account: str, name: str) -> dict[str, Any]:
    return fake.state.deployments[key_of(RG, account, name)]


def live_account(fake: FakeArm, account: str) -> dict[str, Any]:
    found = fake.state.account(RG, account)
    assert found is not None
    return found


# What ARM answers for the primary account of a stack whose networkAcls are {ipRules: [203.0.113.0/24]}:
# public access on (rules say who may come in), defaultAction Deny and bypass AzureServices (the
# stack file's defaults), written from the rules in docs, not derived by the code under test.
FIREWALLED = {
    "publicNetworkAccess": "Enabled",
    "networkAcls": {
        "defaultAction": "Deny",
        "bypass": "AzureServices",
        "ipRules": [{"value": "203.0.113.0/24"}],
        "virtualNetworkRules": [],
    },
}


def test_a_stack_that_matches_azure_verifies(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["checked"] == ["account primary", "account secondary"]


Drift = Callable[[FakeArm], object]
PRIMARY = "contoso-dev-primary"
# (what changed in Azure, the finding, account key, deployment)
DRIFTS: list[tuple[str, Drift, str, str, str | None]] = [
    (
        "capacity",
        lambda f: live_deployment(f, PRIMARY, "chat")["sku"].update(capacity=80),
        "CapacityDrift",
        "primary",
        "chat",
    ),
    (
        "model version",
        lambda f: live_deployment(f, PRIMARY, "chat")["properties"]["model"].update(version="2024-08-06"),
        "VersionDrift",
        "primary",
        "chat",
    ),
    (
        "SKU",
        lambda f: live_deployment(f, PRIMARY, "embeddings")["sku"].update(name="GlobalStandard"),
        "SkuDrift",
        "primary",
        "embeddings",
    ),
    (
        "RAI policy",
        lambda f: live_deployment(f, PRIMARY, "chat")["properties"].update(
            raiPolicyName="Microsoft.DefaultV2"
        ),
        "ContentFilterDrift",
        "primary",
        "chat",
    ),
    (
        "version upgrade option",
        lambda f: live_deployment(f, PRIMARY, "chat")["properties"].update(
            versionUpgradeOption="NoAutoUpgrade"
        ),
        "VersionUpgradeDrift",
        "primary",
        "chat",
    ),
    (
        "deployment failed",
        lambda f: live_deployment(f, PRIMARY, "chat")["properties"].update(provisioningState="Failed"),
        "DeploymentFailed",
        "primary",
        "chat",
    ),
    (
        "deployment missing",
        lambda f: f.state.deployments.pop(key_of(RG, PRIMARY, "embeddings")),
        "DeploymentMissing",
        "primary",
        "embeddings",
    ),
    (
        "extra deployment",
        lambda f: f.state.add_deployment(
            RG, PRIMARY, "manual", model="gpt-4o-mini", version="2024-07-18", sku="GlobalStandard", capacity=5
        ),
        "DeploymentExtra",
        "primary",
        "manual",
    ),
    (
        "public network access",
        lambda f: live_account(f, PRIMARY)["properties"].update(publicNetworkAccess="Enabled"),
        "NetworkAccessDrift",
        "primary",
        None,
    ),
    (
        "local auth",
        lambda f: live_account(f, PRIMARY)["properties"].update(disableLocalAuth=False),
        "LocalAuthDrift",
        "primary",
        None,
    ),
    (
        "firewall rules added",
        lambda f: live_account(f, PRIMARY)["properties"].update(
            networkAcls={
                "defaultAction": "Deny",
                "ipRules": [{"value": "198.51.100.0/24"}],
                "virtualNetworkRules": [],
            }
        ),
        "NetworkAccessDrift",
        "primary",
        None,
    ),
    (
        "content filter deleted",
        lambda f: f.state.rai_policies.pop(key_of(RG, PRIMARY, "strict")),
        "ContentFilterMissing",
        "primary",
        None,
    ),
    (
        "account missing",
        lambda f: f.state.accounts.pop(key_of(RG, "contoso-dev-secondary")),
        "AccountMissing",
        "secondary",
        None,
    ),
]


@pytest.mark.parametrize(
    ("drift", "code", "account", "deployment"), [d[1:] for d in DRIFTS], ids=[d[0] for d in DRIFTS]
)
def test_each_drift_is_found(
    fake_arm: FakeArm, tmp_path: Path, drift: Drift, code: str, account: str, deployment: str | None
) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    drift(fake_arm)
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["account"], f["deployment"]) for f in findings] == [(code, account, deployment)]
    assert findings[0]["fix"]


def test_drift_messages_show_both_values(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    live_deployment(fake_arm, PRIMARY, "chat")["sku"].update(capacity=80)
    (finding,) = json.loads(run(write_stack(tmp_path, data)).stdout)["findings"]
    assert finding["message"] == "the capacity is 80 in Azure but 50 in the stack"
    assert "pulumi up --refresh -s dev" in finding["fix"]  # without a refresh, drift is no diff


def test_network_rules_drift_in_a_stack_with_firewall_rules(fake_arm: FakeArm, tmp_path: Path) -> None:
    def firewall(data: dict[str, Any]) -> None:
        data["accounts"]["primary"]["networkAcls"] = {"ipRules": ["203.0.113.0/24"]}

    data = changed(firewall)
    seed_deployed(fake_arm)
    live_account(fake_arm, PRIMARY)["properties"].update(copy.deepcopy(FIREWALLED))
    assert run(write_stack(tmp_path, data)).exit_code == 0
    acls = live_account(fake_arm, PRIMARY)["properties"]["networkAcls"]
    acls["ipRules"].append({"value": "198.51.100.7"})
    acls["defaultAction"] = "Allow"
    findings = json.loads(run(write_stack(tmp_path, data)).stdout)["findings"]
    messages = sorted(f["message"] for f in findings)
    assert [f["code"] for f in findings] == ["NetworkAccessDrift", "NetworkAccessDrift"]
    assert messages[0].startswith("networkAcls.defaultAction is Allow in Azure but Deny")
    assert "198.51.100.7" in messages[1]


def test_a_version_azure_upgraded_by_the_stacks_own_choice_is_a_warning(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    data = changed(
        lambda d: d["accounts"]["primary"]["deployments"]["chat"].update(
            versionUpgrade="OnceNewDefaultVersionAvailable"
        )
    )
    seed_deployed(fake_arm)
    chat = live_deployment(fake_arm, PRIMARY, "chat")["properties"]
    chat["versionUpgradeOption"] = "OnceNewDefaultVersionAvailable"
    chat["model"].update(version="2025-03-01")
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 0
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["severity"], finding["code"]) == ("warning", "VersionUpgradedByAzure")


def test_an_account_that_could_not_be_read_is_not_verified(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    fake_arm.inject(
        "Deployments_List", Fault.server_error(503), times=None, accountName="contoso-dev-secondary"
    )
    result = run(write_stack(tmp_path, data), "--retry-backoff", "0.01")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["checked"] == ["account primary"]
    assert report["notChecked"][0]["scope"] == "account secondary"


def test_text_output(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    live_deployment(fake_arm, PRIMARY, "chat")["sku"].update(capacity=80)
    result = runner.invoke(app, ["verify", "--stack", str(write_stack(tmp_path, data))])
    assert result.exit_code == 1
    assert "✗ error CapacityDrift accounts.primary.deployments.chat (swedencentral)" in result.stdout
    assert "✗ verify of stack dev" in result.stdout


def test_an_extra_deployments_fix_names_the_resource_group(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    fake_arm.state.add_deployment(
        RG, PRIMARY, "manual", model="gpt-4o-mini", version="2024-07-18", sku="GlobalStandard", capacity=5
    )
    (finding,) = json.loads(run(write_stack(tmp_path, data)).stdout)["findings"]
    assert finding["fix"].endswith(f"--deployment-name manual -g {RG}).")
    assert "<" not in finding["fix"]  # no placeholder the tool could have filled in


def test_a_secure_value_in_the_stack_is_not_compared(fake_arm: FakeArm, tmp_path: Path) -> None:
    """verify cannot read a secure IP rule offline: no drift is claimed for it either way."""

    def firewall(data: dict[str, Any]) -> None:
        data["accounts"]["primary"]["networkAcls"] = {"ipRules": ["203.0.113.0/24"]}

    seed_deployed(fake_arm)
    live_account(fake_arm, PRIMARY)["properties"].update(copy.deepcopy(FIREWALLED))
    secret = changed(firewall)
    secret["accounts"]["primary"]["networkAcls"]["ipRules"] = [{"secure": "v1:AAAA"}]
    result = run(write_stack(tmp_path, secret))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


# -- cases the surviving mutants of issue 16 showed missing -------------------------------------


def findings_for(fake: FakeArm, tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    result = run(write_stack(tmp_path, data))
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_values_azure_spells_in_another_case_are_no_drift(fake_arm: FakeArm, tmp_path: Path) -> None:
    """ARM hands enum values and names back in the case it likes; that is not drift."""
    seed_deployed(fake_arm)
    account = live_account(fake_arm, PRIMARY)
    account["location"] = "SwedenCentral"
    account["properties"].update(publicNetworkAccess="disabled", customSubDomainName="Contoso-Dev-Primary")
    chat = live_deployment(fake_arm, PRIMARY, "chat")
    chat["sku"]["name"] = "globalstandard"
    chat["properties"].update(versionUpgradeOption="oncecurrentversionexpired", raiPolicyName="Strict")
    assert findings_for(fake_arm, tmp_path, stack_data()) == []


def test_a_bypass_azure_changed_is_drift(fake_arm: FakeArm, tmp_path: Path) -> None:
    def firewall(data: dict[str, Any]) -> None:
        data["accounts"]["primary"]["networkAcls"] = {"ipRules": ["203.0.113.0/24"]}

    seed_deployed(fake_arm)
    live_account(fake_arm, PRIMARY)["properties"].update(copy.deepcopy(FIREWALLED))
    live_account(fake_arm, PRIMARY)["properties"]["networkAcls"]["bypass"] = "None"
    assert findings_for(fake_arm, tmp_path, changed(firewall)) == [
        ("NetworkAccessDrift", "networkAcls.bypass is None in Azure but AzureServices in the stack")
    ]


def test_rules_that_deny_everything_are_rules(fake_arm: FakeArm, tmp_path: Path) -> None:
    """Deny with no IP or subnet rule shuts the account off: not the stack's "no rules"."""
    seed_deployed(fake_arm)
    live_account(fake_arm, PRIMARY)["properties"]["networkAcls"] = {
        "defaultAction": "Deny",
        "bypass": "AzureServices",
        "ipRules": [],
        "virtualNetworkRules": [],
    }
    assert findings_for(fake_arm, tmp_path, stack_data()) == [
        ("NetworkAccessDrift", "networkAcls is set in Azure but not set in the stack")
    ]
    # Allow with no rules lets everything in, as no rules at all do.
    live_account(fake_arm, PRIMARY)["properties"]["networkAcls"]["defaultAction"] = "Allow"
    assert findings_for(fake_arm, tmp_path, stack_data()) == []


def test_an_allowed_fqdn_azure_added_is_drift(fake_arm: FakeArm, tmp_path: Path) -> None:
    def outbound(data: dict[str, Any]) -> None:
        data["accounts"]["primary"].update(restrictOutboundNetworkAccess=True, allowedFqdns=["contoso.com"])

    seed_deployed(fake_arm)
    properties = live_account(fake_arm, PRIMARY)["properties"]
    properties.update(restrictOutboundNetworkAccess=True, allowedFqdnList=["contoso.com"])
    assert findings_for(fake_arm, tmp_path, changed(outbound)) == []
    properties["allowedFqdnList"] = ["contoso.com", "exfiltrate.example.net"]
    assert findings_for(fake_arm, tmp_path, changed(outbound)) == [
        (
            "AccountSettingDrift",
            "allowedFqdnList is ['contoso.com', 'exfiltrate.example.net'] in Azure but ['contoso.com'] "
            "in the stack",
        )
    ]
