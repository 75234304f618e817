"""`aoai preflight --all` and `aoai verify --all`: many stacks in one run against the fake ARM.

One sign-in, each subscription read once for all its stacks (its regions once, whichever stacks
use them), stacks grouped per subscription, a report per stack and the total, the worst exit code.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import RG, seed_deployed, seed_healthy, stack_data
from tests.conftest import PROJECT_ROOT
from tests.fake_arm import FakeArm, Fault, model_offer, sku_offer, usage
from tests.fake_arm.state import key_of

runner = CliRunner()
FAST = ["--retries", "1", "--retry-backoff", "0.01"]
OTHER = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"  # a second subscription of the fake's tenant


def team(prefix: str) -> dict[str, Any]:
    """scenario.stack_data() (swedencentral and uksouth) for another team: names of its own."""
    data = copy.deepcopy(stack_data())
    data["namePrefix"] = prefix
    return data


def write(project: Path, name: str, data: dict[str, Any], subscription: str | None = None) -> None:
    config: dict[str, Any] = {f"azure-openai:{k}": v for k, v in data.items()}
    if subscription is not None:
        config["azure-native:subscriptionId"] = subscription
    (project / "stacks" / f"Pulumi.{name}.yaml").write_text(json.dumps({"config": config}, indent=2))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return runner.invoke(app, [*args, *FAST])


def offer_everywhere(state: Any, data: dict[str, Any]) -> None:
    """What seed_healthy does, for a state other than the fake's default subscription."""
    state.list_account_skus("swedencentral", "uksouth")
    for region, model in (("swedencentral", "gpt-5"), ("uksouth", "gpt-5")):
        state.offer(region, model_offer(model, "2025-08-07", [sku_offer("GlobalStandard", model)]))
        state.set_usages(region, usage(f"OpenAI.GlobalStandard.{model}", 0, 1000))
    state.offer("swedencentral", model_offer("text-embedding-3-large", "1", [sku_offer("Standard", "x")]))
    state.set_usages(
        "swedencentral",
        usage("OpenAI.GlobalStandard.gpt-5", 0, 1000),
        usage("OpenAI.Standard.text-embedding-3-large", 0, 1000),
    )


def test_one_sign_in_each_region_read_once_per_stack_report_and_total(
    fake_arm: FakeArm, project: Path
) -> None:
    for prefix in ("alpha", "beta", "gamma"):
        data = team(prefix)
        seed_healthy(fake_arm, data)
        write(project, f"{prefix}-dev", data)
    broken = team("delta")
    broken["accounts"]["primary"]["deployments"]["chat"]["capacity"] = 0
    write(project, "delta-dev", broken)
    result = run("preflight", "--all", "--json")
    assert result.exit_code == 2, result.output  # the invalid stack is the worst
    report = json.loads(result.stdout)
    assert report["total"] == {
        "stacks": 4,
        "subscriptions": 1,
        "ok": 3,
        "withErrors": 0,
        "notFullyChecked": 0,
        "invalid": 1,
        "errors": 0,
        "warnings": 0,
        "notes": 0,
        # 2 regions x 2 + 3 subscription-wide lists + 6 new subdomains (3 stacks x 2 accounts)
        "armRequests": 2 * 2 + 3 + 6,
    }
    assert [(s["stack"], s["exitCode"]) for s in report["stacks"]] == [
        ("alpha-dev", 0),
        ("beta-dev", 0),
        ("gamma-dev", 0),
        ("delta-dev", 2),
    ]
    delta = report["stacks"][3]
    assert "capacity: must be a positive integer (got 0)" in delta["error"]
    assert delta["path"] == "stacks/Pulumi.delta-dev.yaml"
    assert report["subscriptions"] == [
        {
            "subscription": fake_arm.subscription_id,
            "stacks": ["alpha-dev", "beta-dev", "gamma-dev"],
            "armRequests": 13,
        },
        {"subscription": None, "stacks": ["delta-dev"], "armRequests": 0},
    ]
    for route in ("Models_List", "Usages_List"):
        assert sorted(r.params["location"] for r in fake_arm.calls(route)) == ["swedencentral", "uksouth"]
    assert [r.route for r in fake_arm.requests].count("Token") == 1


def test_stacks_are_grouped_per_subscription_the_stack_files_own_first(
    fake_arm: FakeArm, project: Path
) -> None:
    """A stack's azure-native:subscriptionId wins over AZURE_SUBSCRIPTION_ID (which the fake_arm
    fixture sets), as for pulumi-azure-native: each stack is checked where it deploys."""
    other = fake_arm.add_subscription(OTHER)
    here, there = team("alpha"), team("beta")
    seed_healthy(fake_arm, here)
    offer_everywhere(other, there)
    write(project, "alpha-dev", here)
    write(project, "beta-dev", there, subscription=OTHER)
    result = run("preflight", "--all", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(g["subscription"], g["stacks"]) for g in report["subscriptions"]] == [
        (fake_arm.subscription_id, ["alpha-dev"]),
        (OTHER, ["beta-dev"]),
    ]
    assert [s["subscription"] for s in report["stacks"]] == [fake_arm.subscription_id, OTHER]
    for subscription in (fake_arm.subscription_id, OTHER):
        assert len(fake_arm.calls("Accounts_List", subscriptionId=subscription)) == 1
        assert len(fake_arm.calls("Models_List", subscriptionId=subscription)) == 2
    assert [r.route for r in fake_arm.requests].count("Token") == 1  # one sign-in for both


def test_a_subscription_without_access_fails_its_stacks_only(fake_arm: FakeArm, project: Path) -> None:
    other = fake_arm.add_subscription(OTHER)
    here, there = team("alpha"), team("beta")
    seed_healthy(fake_arm, here)
    offer_everywhere(other, there)
    write(project, "alpha-dev", here)
    write(project, "beta-dev", there, subscription=OTHER)
    denied = Fault.forbidden("Microsoft.CognitiveServices/accounts/read", f"/subscriptions/{OTHER}")
    fake_arm.inject("Accounts_List", denied, times=None, subscriptionId=OTHER)
    result = run("preflight", "--all", "--json")
    assert result.exit_code == 3, result.output
    alpha, beta = json.loads(result.stdout)["stacks"]
    assert (alpha["stack"], alpha["exitCode"]) == ("alpha-dev", 0)
    assert (beta["stack"], beta["exitCode"]) == ("beta-dev", 3)
    assert "AuthorizationFailed" in beta["error"]


def test_a_stack_with_no_subscription_anywhere_is_a_usage_error_of_its_own(
    fake_arm: FakeArm, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID")
    here, nowhere = team("alpha"), team("beta")
    seed_healthy(fake_arm, here)
    write(project, "alpha-dev", here, subscription=fake_arm.subscription_id)
    write(project, "beta-dev", nowhere)
    result = run("preflight", "--all", "--json")
    assert result.exit_code == 2, result.output
    alpha, beta = json.loads(result.stdout)["stacks"]
    assert alpha["exitCode"] == 0
    assert beta["exitCode"] == 2 and beta["error"].startswith("no subscription")


def test_text_report_per_subscription_per_stack_and_total(fake_arm: FakeArm, project: Path) -> None:
    for prefix in ("alpha", "beta"):
        data = team(prefix)
        seed_healthy(fake_arm, data)
        write(project, f"{prefix}-dev", data)
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 990, 1000))
    result = run("preflight", "--all")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"subscription {fake_arm.subscription_id}: 2 stack(s), 11 ARM requests" in out
    assert "✗ error InsufficientQuota accounts.secondary.deployments.chat (uksouth)" in out
    assert "✗ preflight of stack alpha-dev" in out and "✗ preflight of stack beta-dev" in out
    assert (
        "preflight of 2 stack(s) in 1 subscription(s): 0 ok, 2 with errors, 0 not fully checked, 0 "
        "invalid; 11 ARM requests; exit code 1"
    ) in out


def test_glob_selects_and_usage_is_checked(fake_arm: FakeArm, project: Path) -> None:
    for prefix in ("alpha", "beta"):
        data = team(prefix)
        seed_healthy(fake_arm, data)
        write(project, f"{prefix}-dev", data)
    result = run("preflight", "--all", "--glob", "beta-*", "--json")
    assert result.exit_code == 0, result.output
    assert [s["stack"] for s in json.loads(result.stdout)["stacks"]] == ["beta-dev"]
    both = run("preflight", "--all", "--stack", "alpha-dev")
    assert both.exit_code == 2 and "give exactly one of --stack NAME or --all" in both.output
    glob_alone = run("verify", "--stack", "alpha-dev", "--glob", "a*")
    assert glob_alone.exit_code == 2 and "--glob goes with --all" in glob_alone.output


def test_verify_all_lists_accounts_once_per_subscription(fake_arm: FakeArm, project: Path) -> None:
    alpha, beta = team("alpha"), team("beta")
    for name, data, accounts in (("alpha-dev", alpha, "alpha-dev-"), ("beta-dev", beta, "beta-dev-")):
        data["resourceGroup"] = {"name": RG, "existing": True}  # where seed_deployed puts accounts
        seed_deployed(fake_arm, renamed=("contoso-dev-", accounts))
        write(project, name, data)
    fake_arm.state.deployments[key_of(RG, "beta-dev-primary", "chat")]["sku"]["capacity"] = 80
    result = run("verify", "--all", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(s["stack"], s["exitCode"]) for s in report["stacks"]] == [("alpha-dev", 0), ("beta-dev", 1)]
    assert [f["code"] for f in report["stacks"][1]["findings"]] == ["CapacityDrift"]
    assert len(fake_arm.calls("Accounts_List")) == 1
    assert len(fake_arm.calls("Accounts_Get")) == 0  # every account was in the list
    assert len(fake_arm.calls("Deployments_List")) == 4  # two accounts per stack
    # 1 account list + per account its deployments and RAI policies
    assert report["total"]["armRequests"] == 1 + 4 * 2
