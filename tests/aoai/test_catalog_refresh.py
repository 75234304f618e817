"""`aoai catalog refresh`, `--check` and `diff` against the fake ARM: regions found live, one
models list per region (paged), a failing and a slow region, the file written atomically and used
by the project's commands afterwards."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.fake_arm import FakeArm, Fault, model_offer, sku_offer

runner = CliRunner()
FAST = ["--retries", "0", "--retry-backoff", "0.01"]
REGIONS = ["eastus2", "swedencentral", "westeurope"]


def refresh(*args: str) -> Result:
    return runner.invoke(app, ["catalog", "refresh", *FAST, *args])


def seed(fake: FakeArm) -> None:
    """Three regions offering kind OpenAI (plus kinds that do not count), shaped like the spec."""
    state = fake.state
    state.list_account_skus(*REGIONS)
    state.list_account_skus("swedencentral", "japaneast", kind="Face")
    state.list_account_skus("brazilsouth", kind="AIServices")
    gs = sku_offer("GlobalStandard", "gpt-6.1-nova", maximum=5000)
    for region in REGIONS:
        state.offer(
            region,
            model_offer("gpt-6.1-nova", "2026-07-09", [gs, sku_offer("DataZoneStandard", "gpt-6.1-nova")]),
            model_offer("gpt-5.5", "2026-04-24", inference_deprecation="2027-10-26T00:00:00Z"),
            model_offer(
                "gpt-4.1-mini", "2025-04-14", lifecycle="Deprecating", fine_tune=region != "westeurope"
            ),
            model_offer("gpt-4o", "2024-05-13", lifecycle="Deprecated", default_version=False),
            model_offer("gpt-4o", "2024-05-13", kind="AIServices"),  # not for kind OpenAI accounts
        )
    state.offer(
        "westeurope",
        model_offer("text-embedding-3-large", "1", [sku_offer("Standard", "x", minimum=1, step=1)]),
    )


def test_refresh_writes_a_stamped_catalog_of_every_region_found_live(
    fake_arm: FakeArm, project: Path
) -> None:
    seed(fake_arm)
    fake_arm.page_size = 2  # each region's list takes three pages, linked by nextLink
    result = refresh()
    assert result.exit_code == 0, result.output
    target = project / "aoai-catalog.json"
    assert f"wrote {target}: 5 model versions in 3 regions" in " ".join(result.stdout.split())
    data = json.loads(target.read_text())
    assert data["kind"] == "live" and data["schemaVersion"] == 2
    assert data["live"]["regionsRead"] == REGIONS and data["live"]["regionsNotRead"] == {}
    assert data["live"]["armEndpoint"] == fake_arm.url and data["live"]["cloud"] == "public"
    assert data["live"]["apiVersion"] == "2025-09-01"
    assert data["asOf"] == data["live"]["readAt"][:10]
    models = {(m["name"], m["version"]): m for m in data["models"]}
    assert sorted(models) == [
        ("gpt-4.1-mini", "2025-04-14"),
        ("gpt-4o", "2024-05-13"),
        ("gpt-5.5", "2026-04-24"),
        ("gpt-6.1-nova", "2026-07-09"),
        ("text-embedding-3-large", "1"),
    ]
    nova = models[("gpt-6.1-nova", "2026-07-09")]
    assert nova["skus"] == {"DataZoneStandard": REGIONS, "GlobalStandard": REGIONS}
    assert nova["capacity"]["GlobalStandard"] == [
        {"regions": REGIONS, "minimum": None, "maximum": 5000, "step": None, "default": 10}
    ]
    assert nova["capacityUnit"] is None  # not in the shipped snapshot: unit unknown
    assert models[("gpt-5.5", "2026-04-24")]["lifecycle"] == {
        "status": "GenerallyAvailable",
        "retirement": "2027-10-26",
    }
    assert models[("gpt-5.5", "2026-04-24")]["capacityUnit"] == {
        "kind": "tokens",
        "perUnit": 1000,
        "per": "minute",
    }
    # the models API's Deprecating is the documentation's Deprecated, its Deprecated is Retired
    assert models[("gpt-4.1-mini", "2025-04-14")]["lifecycle"]["status"] == "Deprecated"
    assert models[("gpt-4o", "2024-05-13")]["lifecycle"]["status"] == "Retired"
    assert models[("gpt-4.1-mini", "2025-04-14")]["fineTune"] == {"regions": ["eastus2", "swedencentral"]}
    assert data["regions"]["swedencentral"] == {"displayName": "Sweden Central", "dataZone": "EU"}


def test_one_sku_list_and_one_models_list_per_region(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    assert refresh().exit_code == 0
    assert len(fake_arm.calls("ResourceSkus_List")) == 1
    assert sorted(c.params["location"] for c in fake_arm.calls("Models_List")) == REGIONS
    assert fake_arm.calls("Usages_List") == []  # quota is per subscription: not in the shared file


def test_nothing_identifies_the_subscription(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    assert refresh().exit_code == 0
    text = (project / "aoai-catalog.json").read_text()
    assert fake_arm.subscription_id not in text and fake_arm.tenant_id not in text
    guid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert re.findall(guid, text, re.IGNORECASE) == []
    assert "resourceGroups" not in text and "/accounts/" not in text


def test_regions_are_read_concurrently_and_a_slow_one_is_waited_for(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    fake_arm.delay(0.5, "Models_List", location="westeurope")
    fake_arm.delay(0.2, "Models_List")
    result = refresh("--timeout", "20")
    assert result.exit_code == 0, result.output
    assert fake_arm.max_in_flight >= 2
    assert "westeurope" in json.loads((project / "aoai-catalog.json").read_text())["live"]["regionsRead"]


def test_a_region_that_fails_writes_nothing_and_exits_3(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    target = project / "aoai-catalog.json"
    target.write_text("{}")  # a previous file stays as it was
    fake_arm.inject("Models_List", Fault.server_error(503), times=None, location="westeurope")
    result = refresh()
    assert result.exit_code == 3
    assert "1 region(s) could not be read, so nothing was written" in result.stderr
    assert "westeurope: Azure answered 503" in result.stderr and "--allow-partial" in result.stderr
    assert target.read_text() == "{}"
    partial = refresh("--allow-partial")
    assert partial.exit_code == 0, partial.output
    data = json.loads(target.read_text())
    assert data["live"]["regionsRead"] == ["eastus2", "swedencentral"]
    assert "503" in data["live"]["regionsNotRead"]["westeurope"]
    assert "westeurope not read" in partial.stderr


def test_a_slow_region_past_the_timeout_is_not_read(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    fake_arm.delay(5.0, "Models_List", location="eastus2")
    result = refresh("--timeout", "2")
    assert result.exit_code == 3
    assert "eastus2: no answer within the run's --timeout of 2s" in result.stderr


def test_the_write_is_atomic(fake_arm: FakeArm, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is replaced in one step: if that step fails the old file is whole, and no
    temporary file is left behind either way."""
    seed(fake_arm)
    target = project / "aoai-catalog.json"
    target.write_text('{"old": true}')

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", crash)
        result = refresh()
    # The one writer of every command says which file and why.
    assert result.exit_code == 2
    assert "aoai-catalog.json: not written: No space left on device" in result.stderr
    assert target.read_text() == '{"old": true}'
    assert refresh().exit_code == 0
    assert sorted(p.name for p in project.iterdir()) == ["Pulumi.yaml", "aoai-catalog.json", "stacks"]
    assert oct(target.stat().st_mode & 0o777) == oct((project / "Pulumi.yaml").stat().st_mode & 0o777)


def test_the_project_catalog_is_used_afterwards_and_named(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    stack = project / "stacks" / "Pulumi.dev.yaml"
    stack.write_text(
        "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
        "  azure-openai:location: swedencentral\n  azure-openai:accounts:\n    primary:\n"
        "      deployments:\n        chat: {model: gpt-6.1-nova, version: '2026-07-09', sku: GlobalStandard, "
        "capacity: 10}\n"
    )
    assert runner.invoke(app, ["validate", "--stack", "dev"]).exit_code == 2  # the shipped snapshot
    assert refresh().exit_code == 0
    result = runner.invoke(app, ["validate", "--stack", "dev"])
    assert result.exit_code == 0, result.output
    assert "catalog aoai-catalog.json, read live 20" in result.stdout
    shown = json.loads(runner.invoke(app, ["catalog", "show", "--json"]).stdout)
    assert shown["origin"] == "project" and shown["path"] == "aoai-catalog.json" and shown["kind"] == "live"


def test_check_passes_when_nothing_changed_and_lists_what_did(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    assert refresh().exit_code == 0
    target = project / "aoai-catalog.json"
    committed = target.read_text()
    same = refresh("--check")
    assert same.exit_code == 0, same.output
    assert "no differences" in same.stdout
    # Azure moves on: a new model version, a region withdrawn for one SKU, a retirement moved.
    fake_arm.state.offer("eastus2", model_offer("gpt-6-sol", "2026-09-22"))
    westeurope = fake_arm.state.models["westeurope"]
    westeurope[0]["model"]["skus"] = [westeurope[0]["model"]["skus"][0]]  # DataZoneStandard withdrawn
    for region in REGIONS:
        fake_arm.state.models[region][1]["model"]["deprecation"]["inference"] = "2027-12-01T00:00:00Z"
    result = refresh("--check", "--json")
    assert result.exit_code == 1
    changes = {(c["kind"], c["subject"], c["detail"]) for c in json.loads(result.stdout)["changes"]}
    assert changes == {
        ("model-added", "gpt-6-sol 2026-09-22", "GlobalStandard in 1 region"),
        ("availability", "gpt-6.1-nova 2026-07-09", "DataZoneStandard: - westeurope"),
        ("lifecycle", "gpt-5.5 2026-04-24", "retirement 2027-10-26 -> 2027-12-01"),
    }
    assert target.read_text() == committed  # --check writes nothing
    text = refresh("--check")
    assert text.exit_code == 1 and "new model versions (1):" in text.stdout


def test_check_without_a_committed_catalog_is_bad_usage(fake_arm: FakeArm, project: Path) -> None:
    result = refresh("--check")
    assert result.exit_code == 2 and "no committed catalog to check against" in result.stderr
    assert fake_arm.requests == []


def test_regions_given_are_the_regions_read(fake_arm: FakeArm, project: Path, tmp_path: Path) -> None:
    seed(fake_arm)
    out = tmp_path / "two.json"
    result = refresh("--regions", "Sweden Central", "--regions", "eastus2", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["live"]["regionsRead"] == ["eastus2", "swedencentral"]
    assert fake_arm.calls("ResourceSkus_List") == []
    assert refresh("--regions", "not a/region").exit_code == 2


def test_diff_of_two_catalogs(fake_arm: FakeArm, project: Path, tmp_path: Path) -> None:
    seed(fake_arm)
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert refresh("--output", str(old)).exit_code == 0
    fake_arm.state.list_account_skus("uksouth")
    fake_arm.state.offer(
        "uksouth", model_offer("gpt-5.5", "2026-04-24", inference_deprecation="2027-10-26T00:00:00Z")
    )
    assert refresh("--output", str(new)).exit_code == 0
    result = runner.invoke(app, ["catalog", "diff", str(old), str(new)])
    assert result.exit_code == 1
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "regions added (1):" in lines and "uksouth: uksouth (UK South)" in lines
    assert "gpt-5.5 2026-04-24: GlobalStandard: + uksouth" in lines
    assert runner.invoke(app, ["catalog", "diff", str(new), str(new)]).exit_code == 0
    missing = runner.invoke(app, ["catalog", "diff", str(old), str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "catalog file not found" in missing.stderr


def test_diff_against_the_shipped_snapshot(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    assert refresh().exit_code == 0
    result = runner.invoke(app, ["catalog", "diff", "shipped", str(project / "aoai-catalog.json"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["from"]["catalog"] == "shipped catalog, tables as of 2026-05-11"
    kinds = {c["kind"] for c in report["changes"]}
    assert {"model-added", "model-removed", "region-withdrawn"} <= kinds


# -- --all: the regions of the project's stacks, each read once, one sign-in ------------------

OTHER = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"  # a second subscription of the fake's tenant


def stack_in(project: Path, name: str, regions: list[str], subscription: str | None = None) -> None:
    chat = {"model": "gpt-6.1-nova", "version": "2026-07-09", "sku": "GlobalStandard", "capacity": 1}
    config: dict[str, object] = {
        "azure-openai:namePrefix": name.replace("-", "")[:10],
        "azure-openai:environment": "dev",
        "azure-openai:location": regions[0],
        "azure-openai:accounts": {
            f"a{i}": {"location": region, "deployments": {"chat": chat}} for i, region in enumerate(regions)
        },
    }
    if subscription is not None:
        config["azure-native:subscriptionId"] = subscription
    (project / "stacks" / f"Pulumi.{name}.yaml").write_text(json.dumps({"config": config}))


def test_all_reads_only_the_stacks_regions_each_once_across_subscriptions(
    fake_arm: FakeArm, project: Path
) -> None:
    seed(fake_arm)
    other = fake_arm.add_subscription(OTHER)
    other.offer("eastus2", model_offer("gpt-6.1-nova", "2026-07-09"))
    stack_in(project, "team-a-dev", ["swedencentral"])
    stack_in(project, "team-b-dev", ["swedencentral", "westeurope"])
    stack_in(project, "team-c-dev", ["westeurope", "eastus2"], subscription=OTHER)
    result = refresh("--all")
    assert result.exit_code == 0, result.output
    data = json.loads((project / "aoai-catalog.json").read_text())
    assert data["live"]["regionsRead"] == ["eastus2", "swedencentral", "westeurope"]
    reads = [(r.params["subscriptionId"], r.params["location"]) for r in fake_arm.calls("Models_List")]
    assert sorted(reads) == [
        (fake_arm.subscription_id, "swedencentral"),
        (fake_arm.subscription_id, "westeurope"),
        (OTHER, "eastus2"),  # westeurope was read already, from the first subscription
    ]
    assert fake_arm.calls("ResourceSkus_List") == []  # the regions came from the stacks
    assert [r.route for r in fake_arm.requests].count("Token") == 1


def test_all_with_glob_and_the_usage_errors(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    stack_in(project, "team-a-dev", ["swedencentral"])
    stack_in(project, "team-b-dev", ["westeurope"])
    assert refresh("--all", "--glob", "team-b-*").exit_code == 0
    data = json.loads((project / "aoai-catalog.json").read_text())
    assert data["live"]["regionsRead"] == ["westeurope"]
    both = refresh("--all", "--regions", "eastus2")
    assert both.exit_code == 2 and "--regions and --all both choose the regions" in both.output
    assert refresh("--glob", "team-*").exit_code == 2


def test_all_reads_nothing_when_a_stack_is_invalid(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    stack_in(project, "team-a-dev", ["swedencentral"])
    (project / "stacks" / "Pulumi.broken.yaml").write_text("config:\n  azure-openai:namePrefix: Bad Name\n")
    result = refresh("--all")
    assert result.exit_code == 2
    assert "the regions of these stacks are unknown, so nothing was read" in result.output
    assert "stacks/Pulumi.broken.yaml" in result.output
    assert fake_arm.arm_requests() == [] and not (project / "aoai-catalog.json").exists()


# -- bad input is refused before the (long) refresh: nothing read, nothing written --------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("westeurop", "'westeurop' is not an Azure region the catalog knows (did you mean westeurope?)"),
        ("mars-central", "'mars-central' is not an Azure region name"),
        ("", "'' is not an Azure region name"),
        ("swedencentral;rm", "'swedencentral;rm' is not an Azure region name"),
    ],
)
def test_a_region_that_is_not_one_exits_2_before_any_call(
    fake_arm: FakeArm, project: Path, value: str, said: str
) -> None:
    seed(fake_arm)
    result = refresh("--regions", "eastus2", "--regions", value)
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.stderr.split())
    assert fake_arm.requests == []  # not even a sign-in
    assert not (project / "aoai-catalog.json").exists()


def test_a_region_a_refreshed_catalog_found_live_is_known_afterwards(
    fake_arm: FakeArm, project: Path
) -> None:
    """A region newer than the shipped snapshot: found live by a full refresh, then nameable."""
    seed(fake_arm)
    fake_arm.state.list_account_skus("mexicocentral")
    fake_arm.state.offer("mexicocentral", model_offer("gpt-5.5", "2026-04-24"))
    assert refresh("--regions", "mexicocentral").exit_code == 2  # the shipped snapshot lacks it
    assert refresh().exit_code == 0
    result = refresh("--regions", "mexicocentral")
    assert result.exit_code == 0, result.output
    assert json.loads((project / "aoai-catalog.json").read_text())["live"]["regionsRead"] == ["mexicocentral"]


def test_regions_without_models_write_no_empty_catalog(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    target = project / "aoai-catalog.json"
    target.write_text('{"old": true}')
    result = refresh("--regions", "uksouth")  # a known region whose models list is empty
    assert result.exit_code == 1, result.output
    text = " ".join(result.stderr.split())
    assert "no kind OpenAI model in the models list of uksouth, so nothing was written" in text
    assert target.read_text() == '{"old": true}'
    assert refresh("--regions", "uksouth", "--check").exit_code == 2  # no committed catalog: usage


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p / "missing" / "catalog.json", "the folder"),
        (lambda p: p / "stacks", "is a directory"),
    ],
)
def test_an_output_that_cannot_be_written_exits_2_before_any_call(
    fake_arm: FakeArm, project: Path, make: Any, said: str
) -> None:
    seed(fake_arm)
    target = make(project)
    result = refresh("--output", str(target))
    assert result.exit_code == 2, result.output
    assert said in result.stderr and str(target) in " ".join(result.stderr.split())
    assert fake_arm.requests == []


def test_a_folder_the_user_may_not_write_in_exits_2_before_any_call(
    fake_arm: FakeArm, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a user without write permission on the folder (faked: these tests may run as root,
    whom permission bits do not stop)."""
    seed(fake_arm)
    locked = project / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    result = refresh("--output", str(locked / "catalog.json"))
    assert result.exit_code == 2
    assert f"cannot write in {locked}: permission denied" in " ".join(result.stderr.split())
    assert fake_arm.requests == []


def test_a_read_only_output_file_exits_2_before_any_call(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    target = project / "aoai-catalog.json"
    target.write_text('{"old": true}')
    target.chmod(0o444)
    result = refresh()
    assert result.exit_code == 2, result.output
    assert "is read-only; nothing was written" in result.stderr
    assert fake_arm.requests == []
