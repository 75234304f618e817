"""Foundry accounts live: kind and Microsoft's automatic upgrade in verify and preflight, through
the real client and the fake ARM (account bodies with kind AIServices and the foundryAutoUpgrade
block as api-version 2026-01-15-preview answers it)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import (
    NOW,
    RG,
    changed,
    codes,
    preflight,
    seed_deployed,
    seed_healthy,
    stack_data,
    write_stack,
)
from tests.fake_arm import FakeArm

runner = CliRunner()
PRIMARY = "contoso-dev-primary"
SOON = (NOW + datetime.timedelta(days=20)).strftime("%Y-%m-%dT00:00:00Z")
PAST = (NOW - datetime.timedelta(days=20)).strftime("%Y-%m-%dT00:00:00Z")


def verify(stack: Path) -> tuple[Result, dict[str, Any]]:
    result = runner.invoke(app, ["verify", "--stack", str(stack), "--json", "--retries", "1"])
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)


def findings_of(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return sorted((f["severity"], f["code"], f["account"]) for f in report["findings"])


def foundry(data: dict[str, Any]) -> None:
    data["accounts"]["primary"]["kind"] = "AIServices"


def as_foundry_resource(fake: FakeArm) -> None:
    """The primary account as ARM answers for one created as a Foundry resource (kind AIServices,
    project management on, the cognitiveservices.azure.com endpoint and the Foundry API's)."""
    account = fake.state.account(RG, PRIMARY)
    assert account is not None
    account["kind"] = "AIServices"
    account["properties"].update(
        allowProjectManagement=True,
        endpoint="https://contoso-dev-primary.cognitiveservices.azure.com/",
        endpoints={
            "OpenAI Language Model Instance API": "https://contoso-dev-primary.openai.azure.com/",
            "AI Foundry API": "https://contoso-dev-primary.services.ai.azure.com/",
        },
    )


def test_an_account_microsoft_upgraded_is_information_and_kept(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    fake_arm.state.upgrade_to_foundry(RG, PRIMARY)
    fake_arm.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=PAST, status_reason="Completed")
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 0  # information, not drift: the stack keeps the upgrade
    assert findings_of(report) == [("info", "AccountUpgradedToFoundry", "primary")]
    finding = report["findings"][0]
    assert "upgraded from OpenAI to a Foundry resource (kind AIServices)" in finding["message"]
    assert "kind: AIServices" in finding["fix"]
    assert report["accounts"]["primary"]["kind"] == "AIServices"
    assert report["accounts"]["primary"]["upgradeStatus"] == "upgraded"
    assert report["accounts"]["secondary"] == {
        "kind": "OpenAI",
        "upgradeStatus": "none",
        "upgrade": "no automatic upgrade reported",
    }
    # The upgrade status is read with the api-version that reports it, from the subscription's
    # account list: no account is read on its own.
    lists = [r for r in fake_arm.requests if r.route == "Accounts_List"]
    assert [r.query["api-version"] for r in lists] == ["2026-01-15-preview"]
    assert [r for r in fake_arm.requests if r.route == "Accounts_Get"] == []


Status = tuple[str, Callable[[FakeArm], object], str]
STATUSES: list[Status] = [
    ("scheduled", lambda f: f.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=SOON), "scheduled"),
    ("overdue", lambda f: f.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=PAST), "overdue"),
    ("opted out", lambda f: f.state.schedule_auto_upgrade(RG, PRIMARY, mode="Disabled"), "opted-out"),
    (
        "rolled back",
        lambda f: f.state.account(RG, PRIMARY)["properties"].update(previousKind="AIServices"),  # type: ignore[index]
        "rolled-back",
    ),
]


@pytest.mark.parametrize(("name", "plant", "status"), STATUSES, ids=[s[0] for s in STATUSES])
def test_verify_reports_where_an_openai_account_stands_with_the_upgrade(
    fake_arm: FakeArm, tmp_path: Path, name: str, plant: Callable[[FakeArm], object], status: str
) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    plant(fake_arm)
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 0
    assert findings_of(report) == [("info", "AutoUpgradeStatus", "primary")]
    assert report["accounts"]["primary"]["upgradeStatus"] == status


def test_the_status_text_shows_the_date_and_the_service_reason(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    fake_arm.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=SOON, status_reason="EligibleWave3")
    result = runner.invoke(app, ["verify", "--stack", str(write_stack(tmp_path, data)), "--retries", "1"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "i info AutoUpgradeStatus accounts.primary" in text
    assert f"scheduled by Microsoft for the automatic upgrade to a Foundry resource on {SOON[:10]}" in text
    assert "(status reason: EligibleWave3)" in text
    assert "0 errors, 0 warnings, 1 note" in text


def test_a_rolled_back_foundry_stack_is_drift(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = changed(foundry)
    seed_deployed(fake_arm)
    as_foundry_resource(fake_arm)
    assert verify(write_stack(tmp_path, data))[1]["findings"] == []
    fake_arm.state.account(RG, PRIMARY)["kind"] = "OpenAI"  # type: ignore[index]
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 1
    assert findings_of(report) == [("error", "AccountKindDrift", "primary")]


def test_a_missing_project_is_drift(fake_arm: FakeArm, tmp_path: Path) -> None:
    def with_projects(data: dict[str, Any]) -> None:
        foundry(data)
        data["accounts"]["primary"]["projects"] = {"research": {}, "support": {}}

    data = changed(with_projects)
    seed_deployed(fake_arm)
    as_foundry_resource(fake_arm)
    for project in ("research", "support"):
        fake_arm.state.add_project(RG, PRIMARY, project)
    assert verify(write_stack(tmp_path, data))[1]["findings"] == []
    del fake_arm.state.projects[(RG.lower(), PRIMARY, "support")]
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 1
    assert findings_of(report) == [("error", "ProjectMissing", "primary")]
    assert "project support" in report["findings"][0]["message"]


def test_when_the_preview_api_version_is_retired_the_status_is_not_read(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    data = stack_data()
    seed_deployed(fake_arm)
    fake_arm.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=SOON)
    fake_arm.state.retired_api_versions.add("2026-01-15-preview")
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 0 and report["findings"] == []
    assert report["accounts"]["primary"]["upgradeStatus"] == "not-read"


# -- preflight ------------------------------------------------------------------------------------


def test_preflight_warns_before_a_deploy_when_an_upgrade_is_scheduled(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    fake_arm.state.schedule_auto_upgrade(RG, PRIMARY, scheduled_at=SOON)
    findings, missing = preflight(fake_arm, data)
    assert missing == []
    assert codes(findings) == [("AutoUpgradeScheduled", "primary", None)]
    assert findings[0].severity == "warning"
    assert "Resource upgrade page" in findings[0].fix


def test_an_upgraded_account_is_no_kind_mismatch(fake_arm: FakeArm) -> None:
    """Before the fix, preflight called an upgraded account another service (AccountKindMismatch)."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    fake_arm.state.upgrade_to_foundry(RG, PRIMARY)
    findings, _ = preflight(fake_arm, data)
    assert codes(findings) == [("AccountUpgraded", "primary", None)]
    assert "pulumi up --refresh" in findings[0].fix and "kind: AIServices" in findings[0].fix


def test_an_upgraded_account_the_stack_calls_openai_stops_the_deploy(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """Pulumi's state, not refreshed since the upgrade, records kind OpenAI, and ignore_changes
    sends the recorded value: a `pulumi up` without --refresh that updates the account would try
    to revert Microsoft's upgrade. So preflight refuses (exit 1) until the stack says AIServices."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    fake_arm.state.upgrade_to_foundry(RG, PRIMARY)
    stack = write_stack(tmp_path, data)
    result = runner.invoke(app, ["preflight", "--stack", str(stack), "--json", "--retries", "1"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert findings_of(report) == [("error", "AccountUpgraded", "primary")]
    finding = report["findings"][0]
    assert "would send the kind Pulumi's state recorded before the upgrade (OpenAI)" in finding["message"]
    assert "Set accounts.primary.kind: AIServices" in finding["fix"]
    assert "deploy only with `pulumi up --refresh -s dev`" in finding["fix"]
    # The fix it names: the stack says AIServices, and preflight passes.
    fixed = write_stack(tmp_path, changed(foundry))
    result = runner.invoke(app, ["preflight", "--stack", str(fixed), "--json", "--retries", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_another_service_of_the_same_name_is_still_a_mismatch(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    fake_arm.state.account(RG, PRIMARY)["kind"] = "SpeechServices"  # type: ignore[index]
    findings, _ = preflight(fake_arm, data)
    assert codes(findings) == [("AccountKindMismatch", "primary", None)]


def test_opting_in_warns_and_a_customer_managed_key_needs_a_request(fake_arm: FakeArm) -> None:
    data = changed(foundry)
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)  # the accounts as they are today: kind OpenAI
    findings, _ = preflight(fake_arm, data)
    assert codes(findings) == [("FoundryUpgradeOnDeploy", "primary", None)]

    def with_key(stack: dict[str, Any]) -> None:
        foundry(stack)
        identity = (
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
        )
        stack["accounts"]["primary"].update(
            managedIdentities={"userAssignedResourceIds": [identity]},
            customerManagedKey={
                "keyVaultUri": "https://kv-contoso.vault.azure.net/",
                "keyName": "aoai",
                "userAssignedIdentityResourceId": identity,
                "identityClientId": "66666666-6666-6666-6666-666666666666",
            },
        )

    findings, _ = preflight(fake_arm, changed(with_key))
    assert codes(findings) == [("FoundryUpgradeByRequest", "primary", None)]
    assert findings[0].severity == "error"


def test_a_new_foundry_resource_is_checked_as_kind_aiservices(fake_arm: FakeArm) -> None:
    data = changed(foundry)
    seed_healthy(fake_arm, data)
    findings, missing = preflight(fake_arm, data)
    assert findings == [] and missing == []
    asked = [r.body for r in fake_arm.requests if r.route == "CheckDomainAvailability"]
    domains = {body["subdomainName"]: body["kind"] for body in asked}
    assert domains == {"contoso-dev-primary": "AIServices", "contoso-dev-secondary": "OpenAI"}


def test_accounts_on_a_later_page_of_the_list_are_read_by_name_for_their_status(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """The SDK follows a nextLink at its own api-version, whose answers carry no upgrade status:
    the accounts of those pages that a stack has are read by name at the preview, the others not."""
    data = stack_data()
    seed_deployed(fake_arm)
    secondary = "contoso-dev-secondary"
    fake_arm.state.schedule_auto_upgrade(RG, secondary, scheduled_at=SOON)
    fake_arm.page_size = 1  # primary on the first page, secondary on the second
    result, report = verify(write_stack(tmp_path, data))
    assert result.exit_code == 0
    assert findings_of(report) == [("info", "AutoUpgradeStatus", "secondary")]
    assert report["accounts"]["primary"]["upgradeStatus"] == "none"
    gets = [r for r in fake_arm.requests if r.route == "Accounts_Get"]
    assert [(r.params["accountName"], r.query["api-version"]) for r in gets] == [
        (secondary, "2026-01-15-preview")
    ]
