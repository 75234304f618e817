"""findings.py: the report's shape, order and exit code, as the JSON report documents them
(docs/live-checks.md, docs/architecture.md's exit codes): what `make mutate` showed no test pinned
(issue 16). Built by hand, no Azure involved."""

from __future__ import annotations

import pytest

from aoai.exit_codes import ExitCode
from aoai.live.findings import AccountState, Finding, NotChecked, Report, deploy_command


def finding(severity: str, code: str, account: str | None = None, deployment: str | None = None) -> Finding:
    return Finding(severity, code, account, deployment, f"{code} message", f"{code} fix")  # type: ignore[arg-type]


def test_the_deploy_command_refreshes_first() -> None:
    assert deploy_command("prod") == "pulumi up --refresh -s prod"


def test_a_code_documented_with_another_severity_is_refused_by_name() -> None:
    with pytest.raises(ValueError) as raised:
        Finding("warning", "AccountMissing", "primary", None, "m", "f")
    assert str(raised.value) == (
        "finding code 'AccountMissing' (warning) is not documented in aoai/live/codes.py"
    )
    with pytest.raises(ValueError) as raised:
        Finding("error", "Invented", None, None, "m", "f")
    assert str(raised.value) == "finding code 'Invented' (error) is not documented in aoai/live/codes.py"


def test_a_finding_placed_keeps_what_it_says() -> None:
    unplaced = Finding("error", "CapacityDrift", None, None, "the capacity differs", "Run it.")
    assert unplaced.at("primary", "chat", "swedencentral") == Finding(
        "error", "CapacityDrift", "primary", "chat", "the capacity differs", "Run it.", "swedencentral"
    )
    assert unplaced.at("primary", None, "uksouth").region == "uksouth"


@pytest.mark.parametrize(
    ("account", "deployment", "where"),
    [
        (None, None, "stack"),
        ("primary", None, "accounts.primary"),
        ("primary", "chat", "accounts.primary.deployments.chat"),
    ],
)
def test_where_a_finding_is_in_the_stack(account: str | None, deployment: str | None, where: str) -> None:
    assert finding("error", "DeploymentMissing", account, deployment).where == where


def test_a_finding_as_json() -> None:
    placed = Finding("warning", "QuotaNotListed", "primary", "chat", "no quota listed", "Check.", "uksouth")
    assert placed.as_json() == {
        "severity": "warning",
        "code": "QuotaNotListed",
        "account": "primary",
        "deployment": "chat",
        "region": "uksouth",
        "message": "no quota listed",
        "fix": "Check.",
    }


def test_findings_are_ordered_by_severity_then_place_then_code() -> None:
    unordered = [
        finding("info", "AutoUpgradeStatus", "a"),
        finding("warning", "QuotaNotListed", "b", "chat"),
        finding("error", "VersionDrift", "b", "chat"),
        finding("error", "CapacityDrift", "b", "chat"),
        finding("error", "DeploymentMissing", "b", "alpha"),
        finding("error", "AccountSettingDrift", "b"),
        finding("error", "AccountMissing", "a"),
        finding("warning", "NothingToRestore"),  # no account: first among its severity
    ]
    report = Report("verify", "dev", "sub", findings=unordered)
    assert [(f.severity, f.account, f.deployment, f.code) for f in report.findings] == [
        ("error", "a", None, "AccountMissing"),
        ("error", "b", None, "AccountSettingDrift"),
        ("error", "b", "alpha", "DeploymentMissing"),
        ("error", "b", "chat", "CapacityDrift"),
        ("error", "b", "chat", "VersionDrift"),
        ("warning", None, None, "NothingToRestore"),
        ("warning", "b", "chat", "QuotaNotListed"),
        ("info", "a", None, "AutoUpgradeStatus"),
    ]
    assert [f.code for f in report.errors] == [
        "AccountMissing", "AccountSettingDrift", "DeploymentMissing", "CapacityDrift", "VersionDrift",
    ]
    assert [f.code for f in report.warnings] == ["NothingToRestore", "QuotaNotListed"]
    assert [f.code for f in report.infos] == ["AutoUpgradeStatus"]


def test_exit_code_incomplete_beats_errors_and_warnings_and_notes_pass() -> None:
    error, warning, info = (
        finding("error", "AccountMissing", "a"),
        finding("warning", "QuotaNotListed", "a"),
        finding("info", "AutoUpgradeStatus", "a"),
    )
    unread = NotChecked("region uksouth", "HTTP 503")
    assert Report("verify", "dev", "sub").exit_code == ExitCode.OK
    assert Report("verify", "dev", "sub", findings=[warning, info]).exit_code == ExitCode.OK
    assert Report("verify", "dev", "sub", findings=[warning, error]).exit_code == ExitCode.PROBLEMS
    assert Report("verify", "dev", "sub", findings=[error], not_checked=[unread]).exit_code == ExitCode.AZURE
    assert Report("verify", "dev", "sub", not_checked=[unread]).exit_code == ExitCode.AZURE


def test_a_report_as_json() -> None:
    report = Report(
        "preflight",
        "dev",
        "00000000-0000-0000-0000-000000000000",
        findings=[finding("warning", "QuotaNotListed", "primary", "chat")],
        not_checked=[NotChecked("soft-deleted accounts", "HTTP 500", ("primary", "secondary"))],
        checked=["swedencentral"],
        arm_requests=7,
        accounts=[
            AccountState("secondary", "OpenAI", "none", "no automatic upgrade reported"),
            AccountState("primary", "AIServices", "upgraded", "upgraded"),
        ],
    )
    assert report.as_json() == {
        "command": "preflight",
        "stack": "dev",
        "subscription": "00000000-0000-0000-0000-000000000000",
        "ok": False,
        "exitCode": 3,
        "checked": ["swedencentral"],
        "notChecked": [
            {"scope": "soft-deleted accounts", "reason": "HTTP 500", "accounts": ["primary", "secondary"]}
        ],
        "findings": [
            {
                "severity": "warning",
                "code": "QuotaNotListed",
                "account": "primary",
                "deployment": "chat",
                "region": None,
                "message": "QuotaNotListed message",
                "fix": "QuotaNotListed fix",
            }
        ],
        "accounts": {
            "primary": {"kind": "AIServices", "upgradeStatus": "upgraded", "upgrade": "upgraded"},
            "secondary": {
                "kind": "OpenAI", "upgradeStatus": "none", "upgrade": "no automatic upgrade reported",
            },
        },
        "armRequests": 7,
    }
    assert list(report.as_json()["accounts"]) == ["primary", "secondary"]  # ordered by key
    assert Report("verify", "dev", "s").as_json()["ok"] is True
    assert Report("verify", "dev", "s").as_json()["notChecked"] == []
    assert NotChecked("region uksouth", "HTTP 503").as_json() == {
        "scope": "region uksouth", "reason": "HTTP 503", "accounts": [],
    }


def test_a_finding_without_an_account_or_deployment_comes_before_those_with_one() -> None:
    """Whatever the names: the stack before its accounts, an account before its deployments."""
    report = Report(
        "verify",
        "dev",
        "sub",
        findings=[
            finding("error", "DeploymentMissing", "Alpha", "Chat"),
            finding("error", "AccountMissing", "Alpha"),
            finding("error", "AccountMissing", "0-first"),
            finding("error", "AccountMissing"),
        ],
    )
    assert [(f.account, f.deployment) for f in report.findings] == [
        (None, None), ("0-first", None), ("Alpha", None), ("Alpha", "Chat"),
    ]
