"""`aoai place --live`: regions with enough available capacity (ModelCapacities_List) go first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from aoai.live.capacity import Need, available_capacity, has_room
from aoai.live.facts import Capacity
from tests.conftest import FIXTURES
from tests.fake_arm import FakeArm, Fault, model_offer, sku_offer

runner = CliRunner()
SANDBOX = FIXTURES / "stacks" / "Pulumi.sandbox.yaml"
EMBED = ("text-embedding-3-large", "1", "Standard")
ROUTER = ("model-router", "2025-11-18", "DataZoneStandard")
# The EU regions of the shipped catalog: the search account's candidates.
EU = [
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "norwayeast",
    "polandcentral",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "westeurope",
]


def sandbox(tmp_path: Path) -> Path:
    target = tmp_path / "Pulumi.sandbox.yaml"
    shutil.copy(SANDBOX, target)
    return target


def offered(fake: FakeArm, model: tuple[str, str, str], *regions: str) -> None:
    name, version, sku = model
    for region in regions:
        fake.state.offer(region, model_offer(name, version, [sku_offer(sku, name)]))


@pytest.fixture(autouse=True)
def live_models(fake_arm: FakeArm) -> None:
    """The models lists agree with the shipped catalog for the sandbox's models."""
    offered(fake_arm, ROUTER, "swedencentral")
    offered(fake_arm, EMBED, *[r for r in EU if r not in ("italynorth", "westeurope")])


def place(stack: Path, *args: str) -> Result:
    return runner.invoke(app, ["place", "--stack", str(stack), "--json", "--retries", "1", *args])


def capacities(fake: FakeArm, model: tuple[str, str, str], **regions: float) -> None:
    for region, available in regions.items():
        fake.state.add_capacity(region, *model, available)


def test_regions_without_room_are_passed_over(fake_arm: FakeArm, tmp_path: Path) -> None:
    """sandbox: `search` (text-embedding-3-large Standard 20, EU, not with `chat`) would take
    francecentral, the first EU region alphabetically; live, francecentral has 5 left."""
    capacities(fake_arm, ROUTER, swedencentral=500)
    capacities(fake_arm, EMBED, francecentral=5, germanywestcentral=300, swedencentral=300)
    result = place(sandbox(tmp_path), "--live")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["liveCapacity"] is True
    assert report["accounts"]["search"]["region"] == "germanywestcentral"
    assert "francecentral: not enough available capacity (live)" in report["accounts"]["search"]["why"]
    assert report["accounts"]["chat"]["region"] == "swedencentral"
    calls = fake_arm.calls("ModelCapacities_List")
    assert sorted((c.query["modelName"], c.query["modelVersion"], c.query["modelFormat"]) for c in calls) == [
        ("model-router", "2025-11-18", "OpenAI"),
        ("text-embedding-3-large", "1", "OpenAI"),
    ]
    # Every candidate region's models list, read once.
    assert sorted(c.params["location"] for c in fake_arm.calls("Models_List")) == EU


def test_without_live_nothing_is_asked(fake_arm: FakeArm, tmp_path: Path) -> None:
    result = place(sandbox(tmp_path))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["liveCapacity"] is False and report["accounts"]["search"]["region"] == "francecentral"
    assert fake_arm.requests == []


def test_when_no_region_has_room_the_preference_order_decides_and_says_so(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    capacities(fake_arm, ROUTER, swedencentral=500)
    result = place(sandbox(tmp_path), "--live")
    report = json.loads(result.stdout)
    assert report["accounts"]["search"]["region"] == "francecentral"
    assert "no candidate has enough available capacity" in report["accounts"]["search"]["why"]


def test_live_write_pins_the_roomy_region(fake_arm: FakeArm, tmp_path: Path) -> None:
    capacities(fake_arm, ROUTER, swedencentral=500)
    capacities(fake_arm, EMBED, francecentral=0, germanywestcentral=300)
    stack = sandbox(tmp_path)
    result = runner.invoke(app, ["place", "--stack", str(stack), "--live", "--write"])
    assert result.exit_code == 0, result.output
    assert "location: germanywestcentral" in stack.read_text()


def test_live_models_decide_a_model_newer_than_the_catalog_is_placed(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """gpt-6.1-nova is in no catalog; the live models list offers it in swedencentral only."""
    stack = sandbox(tmp_path)
    stack.write_text(
        stack.read_text().replace(
            'model: model-router\n          version: "2025-11-18"',
            'model: gpt-6.1-nova\n          version: "2026-07-09"',
        )
    )
    offered(fake_arm, ("gpt-6.1-nova", "2026-07-09", "DataZoneStandard"), "swedencentral")
    capacities(fake_arm, ("gpt-6.1-nova", "2026-07-09", "DataZoneStandard"), swedencentral=500)
    capacities(fake_arm, EMBED, francecentral=300)
    offline = place(stack)
    assert offline.exit_code == 2 and "gpt-6.1-nova 2026-07-09 unknown to the catalog" in offline.output
    result = place(stack, "--live")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["accounts"]["chat"]["region"] == "swedencentral"
    assert report["catalog"].startswith("live models list, read ")
    written = runner.invoke(app, ["place", "--stack", str(stack), "--live", "--write", "--retries", "1"])
    assert written.exit_code == 0, written.output
    assert "location: swedencentral  # pinned by aoai place (live models list, read" in stack.read_text()


def test_a_candidate_region_whose_models_list_fails_exits_3(fake_arm: FakeArm, tmp_path: Path) -> None:
    fake_arm.inject("Models_List", Fault.server_error(503), times=None, location="germanywestcentral")
    result = runner.invoke(app, ["place", "--stack", str(sandbox(tmp_path)), "--live", "--retries", "0"])
    assert result.exit_code == 3
    assert "could not read the models list, so --live cannot be honoured: germanywestcentral" in result.stderr


def test_capacity_that_cannot_be_read_exits_3_and_writes_nothing(fake_arm: FakeArm, tmp_path: Path) -> None:
    fake_arm.inject("ModelCapacities_List", Fault.server_error(503), times=None)
    stack = sandbox(tmp_path)
    before = stack.read_text()
    result = runner.invoke(app, ["place", "--stack", str(stack), "--live", "--write", "--retries", "0"])
    assert result.exit_code == 3
    assert "--live cannot be honoured" in result.stderr and "503" in result.stderr
    assert stack.read_text() == before


def test_room_sums_deployments_of_one_model_and_sku() -> None:
    available = available_capacity([Capacity("uksouth", "gpt-5", "2025-08-07", "GlobalStandard", 50)])
    one = [Need("gpt-5", "2025-08-07", "GlobalStandard", 30)]
    assert has_room("uksouth", one, available)
    assert not has_room("uksouth", one * 2, available)  # 60 > 50
    assert not has_room("swedencentral", one, available)  # nothing reported there
    assert has_room("UK South", one, available)  # display names compare as region keys


def test_room_that_fits_exactly_is_room() -> None:
    """Two deployments of 25 where 50 are available: exactly full, which Azure accepts."""
    available = available_capacity([Capacity("uksouth", "gpt-5", "2025-08-07", "GlobalStandard", 50)])
    half = Need("gpt-5", "2025-08-07", "GlobalStandard", 25)
    assert has_room("uksouth", [half, half], available)
    assert not has_room("uksouth", [half, half, Need("gpt-5", "2025-08-07", "GlobalStandard", 1)], available)
