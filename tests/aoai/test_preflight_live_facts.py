"""`aoai preflight` takes Azure's word over any catalog: newer models pass, live retirements are
findings, `location: auto` is placed from live models lists, fine-tuned models are checked through
their base; contract errors still stop it before Azure (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import seed_healthy, write_stack
from tests.conftest import base_config
from tests.fake_arm import FakeArm, model_offer, sku_offer, usage

runner = CliRunner()
FAST = ["--retries", "1", "--retry-backoff", "0.01"]
JOB = "b044a9d3cf9c4228b5d393567f693b83"


def run(stack: Path, *args: str) -> Result:
    return runner.invoke(app, ["preflight", "--stack", str(stack), "--json", *FAST, *args])


def one_deployment(**deployment: Any) -> dict[str, Any]:
    data = base_config()
    data["accounts"]["primary"]["deployments"] = {
        "chat": {"sku": "GlobalStandard", "capacity": 10, **deployment}
    }
    return data


def test_a_model_newer_than_any_catalog_offered_live_passes(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = one_deployment(model="gpt-6.1-nova", version="2026-07-09")
    seed_healthy(fake_arm, data)
    stack = write_stack(tmp_path, data)
    assert runner.invoke(app, ["validate", "--stack", str(stack)]).exit_code == 2  # offline: unknown
    result = run(stack)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["checked"] == ["swedencentral"]


def test_a_model_the_catalog_calls_retired_but_azure_offers_is_not_refused(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """gpt-4o 2024-11-20 is retired in the shipped catalog (2026-10-01); this subscription's
    models list still offers it (an existing customer), so preflight lets Azure decide."""
    data = one_deployment(model="gpt-4o", version="2024-11-20")
    seed_healthy(fake_arm, data)
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 0, result.output


def test_a_model_the_catalog_calls_current_but_azure_retired_is_a_live_finding(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    data = one_deployment(model="gpt-5.5", version="2026-04-24")
    fake_arm.state.offer(
        "swedencentral",
        model_offer(
            "gpt-5.5",
            "2026-04-24",
            [sku_offer("GlobalStandard", "gpt-5.5")],
            lifecycle="Deprecated",
            inference_deprecation="2026-11-30T00:00:00Z",
        ),
    )
    fake_arm.state.set_usages("swedencentral", usage("OpenAI.GlobalStandard.gpt-5.5", 0, 1000))
    fake_arm.state.list_account_skus("swedencentral")
    stack = write_stack(tmp_path, data)
    assert runner.invoke(app, ["validate", "--stack", str(stack)]).exit_code == 0  # offline: current
    result = run(stack)
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "ModelRetired"
    assert finding["message"] == (
        "gpt-5.5 2026-04-24 (GlobalStandard) was retired on 2026-11-30: Azure refuses new deployments of it"
    )


def test_auto_accounts_are_placed_from_the_live_models_lists(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = one_deployment(model="gpt-6.1-nova", version="2026-07-09", sku="DataZoneStandard")
    primary = data["accounts"]["primary"]
    primary.update(location="auto", placement={"regions": ["francecentral", "swedencentral"]})
    data["resourceGroup"] = {"location": "swedencentral"}
    fake_arm.state.offer(
        "swedencentral",
        model_offer("gpt-6.1-nova", "2026-07-09", [sku_offer("DataZoneStandard", "gpt-6.1-nova")]),
    )
    fake_arm.state.offer("francecentral", model_offer("gpt-5.5", "2026-04-24"))
    fake_arm.state.set_usages("swedencentral", usage("OpenAI.DataZoneStandard.gpt-6.1-nova", 0, 1000))
    fake_arm.state.list_account_skus("francecentral", "swedencentral")
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checked"] == ["swedencentral"]
    # each candidate's models list once: placement's reading is reused by the checks
    assert sorted(c.params["location"] for c in fake_arm.calls("Models_List")) == [
        "francecentral",
        "swedencentral",
    ]


def test_a_fine_tuned_deployment_is_checked_through_its_base(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = one_deployment(model=f"gpt-4.1-mini-2025-04-14.ft-{JOB}", sku="Standard")
    fake_arm.state.offer("swedencentral", model_offer("gpt-4.1-mini", "2025-04-14", fine_tune=True))
    fake_arm.state.list_account_skus("swedencentral")
    stack = write_stack(tmp_path, data)
    result = run(stack)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("offered", "code", "message"),
    [
        (
            model_offer("gpt-4.1-mini", "2025-04-14"),
            "SkuNotOffered",
            "swedencentral offers gpt-4.1-mini 2025-04-14, but not fine-tuning of it",
        ),
        (
            model_offer("gpt-5.5", "2026-04-24"),
            "ModelNotOffered",
            "is fine-tuned from gpt-4.1-mini 2025-04-14, which swedencentral does not offer",
        ),
    ],
    ids=["base-without-fine-tuning", "base-not-offered"],
)
def test_a_fine_tuned_deployment_without_its_base_or_its_fine_tuning_is_refused(
    fake_arm: FakeArm, tmp_path: Path, offered: dict[str, Any], code: str, message: str
) -> None:
    data = one_deployment(model=f"gpt-4.1-mini-2025-04-14.ft-{JOB}", sku="Standard")
    fake_arm.state.offer("swedencentral", offered)
    fake_arm.state.list_account_skus("swedencentral")
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == code and finding["deployment"] == "chat"
    assert message in finding["message"]


def test_a_malformed_fine_tuned_id_exits_2_before_azure(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = one_deployment(model="gpt-4.1-mini-2025-04-14.ft-123", sku="Standard")
    result = run(write_stack(tmp_path, data))
    assert result.exit_code == 2 and "is not a fine-tuned model id" in result.stderr
    assert fake_arm.requests == []
