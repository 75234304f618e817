"""`aoai purge`: found in the subscription-wide list of deleted accounts, confirmed on a terminal
(refused without one unless --yes), refused for protected stacks, a long-running DELETE polled to
the end, and a clear word about the rights it needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import RG, changed, stack_data, write_stack
from tests.fake_arm import FakeArm, Fault

runner = CliRunner()
NAME = "contoso-dev-primary"


def run(stack: Path, *args: str, answer: str | None = None) -> Result:
    return runner.invoke(
        app, ["purge", "--stack", str(stack), "--account", "primary", "--retries", "1", *args], input=answer
    )


@pytest.fixture
def stack(fake_arm: FakeArm, tmp_path: Path) -> Path:
    fake_arm.state.add_deleted_account("swedencentral", RG, NAME)
    return write_stack(tmp_path, stack_data())


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person at a terminal answers the prompt (CliRunner's stdin is not a TTY)."""
    monkeypatch.setattr("aoai.commands.purge._can_ask", lambda: True)


def test_purge_with_yes_runs_the_long_running_delete_to_the_end(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.lro_polls = 1
    result = run(stack, "--yes")
    assert result.exit_code == 0, result.output
    assert f"purged {NAME}" in result.stdout
    assert fake_arm.state.deleted_accounts == {}
    assert [r.route for r in fake_arm.arm_requests()] == [
        "DeletedAccounts_List",  # subscription-wide: any region
        "DeletedAccounts_Purge",
        "OperationStatus",  # InProgress
        "OperationStatus",  # Succeeded, after the Retry-After second
    ]
    purge = fake_arm.calls("DeletedAccounts_Purge")[0]
    assert purge.params == {
        "subscriptionId": fake_arm.subscription_id,
        "location": "swedencentral",
        "resourceGroupName": RG,
        "accountName": NAME,
    }


def test_purge_asks_first_showing_subscription_group_and_region(
    fake_arm: FakeArm, stack: Path, terminal: None
) -> None:
    result = run(stack, answer="y\n")
    assert result.exit_code == 0, result.output
    assert (
        f"Permanently purge the soft-deleted account {NAME} (subscription {fake_arm.subscription_id}, "
        f"resource group {RG}, region swedencentral, purged by Azure on "
    ) in result.stderr
    assert fake_arm.state.deleted_accounts == {}


def test_without_a_terminal_it_refuses_unless_yes(fake_arm: FakeArm, stack: Path) -> None:
    result = run(stack)  # CliRunner's stdin is a pipe, as in CI
    assert result.exit_code == 2
    assert "no terminal to confirm it on" in result.stderr and "pass --yes" in result.stderr
    assert f"subscription {fake_arm.subscription_id}" in result.stderr
    assert "Traceback" not in result.output
    assert len(fake_arm.state.deleted_accounts) == 1
    assert fake_arm.calls("DeletedAccounts_Purge") == []


def test_an_account_deleted_in_another_region_is_found_and_purged(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """Preflight reports a soft-deleted account in any region; purge finds the same one."""
    fake_arm.state.add_deleted_account("westeurope", RG, NAME)  # the stack says swedencentral
    result = run(write_stack(tmp_path, stack_data()), "--yes", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["purged"] is True and report["deleted"][0]["location"] == "westeurope"
    assert fake_arm.calls("DeletedAccounts_Purge")[0].params["location"] == "westeurope"
    assert fake_arm.state.deleted_accounts == {}


def test_the_same_name_in_another_group_is_not_this_stacks(fake_arm: FakeArm, tmp_path: Path) -> None:
    fake_arm.state.add_deleted_account("swedencentral", "rg-someone-else", NAME)
    result = run(write_stack(tmp_path, stack_data()), "--yes")
    assert result.exit_code == 0
    assert "soft-deleted in other groups of the subscription: rg-someone-else" in result.stdout
    assert fake_arm.calls("DeletedAccounts_Purge") == []


@pytest.mark.parametrize("answer", ["n\n", "", None])
def test_no_confirmation_purges_nothing(
    fake_arm: FakeArm, stack: Path, answer: str | None, terminal: None
) -> None:
    result = run(stack, answer=answer)
    assert result.exit_code == 1
    assert "not confirmed; nothing purged" in result.stdout
    assert len(fake_arm.state.deleted_accounts) == 1
    assert fake_arm.calls("DeletedAccounts_Purge") == []


def test_protected_stacks_are_refused_before_azure(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = changed(lambda d: d.update(protect=True))
    result = run(write_stack(tmp_path, data), "--yes")
    assert result.exit_code == 2
    assert "protected stack" in result.stderr and "restore: true" in result.stderr
    assert fake_arm.requests == []


def test_an_unknown_account_key_is_bad_usage(fake_arm: FakeArm, stack: Path) -> None:
    result = runner.invoke(app, ["purge", "--stack", str(stack), "--account", "nope", "--yes"])
    assert result.exit_code == 2 and "accounts: primary, secondary" in result.stderr


def test_nothing_to_purge(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.state.deleted_accounts.clear()
    result = run(stack, "--yes", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["purged"] is False
    assert "does not exist and is not soft-deleted in the subscription; nothing to purge" in report["reason"]
    fake_arm.state.add_account(RG, NAME, "swedencentral")
    assert "exists and is not deleted" in run(stack, "--yes").stdout


def test_authorization_failed_says_purge_needs_subscription_scope(fake_arm: FakeArm, stack: Path) -> None:
    action = "Microsoft.CognitiveServices/locations/resourceGroups/deletedAccounts/delete"
    fake_arm.inject(
        "DeletedAccounts_Purge", Fault.forbidden(action, f"/subscriptions/{fake_arm.subscription_id}")
    )
    result = run(stack, "--yes")
    assert result.exit_code == 3
    assert "AuthorizationFailed" in result.stderr
    assert (
        "rights at subscription scope" in result.stderr and "not only on the resource group" in result.stderr
    )
    assert len(fake_arm.state.deleted_accounts) == 1


def test_a_conflict_is_azures_refusal_exit_1(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.inject("DeletedAccounts_Purge", Fault.conflict(NAME))
    result = run(stack, "--yes")
    assert result.exit_code == 1
    assert "409 RequestConflict" in result.stderr


def test_sign_in_failure_exits_3_with_login_guidance(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.revoke_tokens()
    result = run(stack, "--yes")
    assert result.exit_code == 3 and "az login" in result.stderr


def test_json_report(fake_arm: FakeArm, stack: Path) -> None:
    result = run(stack, "--yes", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    (deleted,) = report.pop("deleted")
    assert report == {
        "stack": "dev",
        "account": "primary",
        "name": NAME,
        "subscription": fake_arm.subscription_id,
        "resourceGroup": RG,
        "purged": True,
        "reason": f"purged {NAME} (swedencentral); its name and subdomain are free again",
    }
    assert deleted["location"] == "swedencentral" and deleted["resourceGroup"] == RG
    assert deleted["scheduledPurgeDate"]


def test_a_closed_stdin_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from aoai.commands.purge import _can_ask

    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert _can_ask() is False
