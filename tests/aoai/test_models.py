"""`aoai models`: tables and JSON from the catalog, always with its date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT

runner = CliRunner()


def test_regions_by_sku_for_one_model() -> None:
    result = runner.invoke(app, ["models", "--model", "gpt-5.5"])
    assert result.exit_code == 0, result.output
    assert "gpt-5.5 2026-04-24" in result.stdout
    assert "shipped catalog, tables as of 2026-05-11" in result.stdout
    rows = {
        line.split()[0]: line
        for line in result.stdout.splitlines()
        if line.strip().startswith(("eastus2", "uksouth"))
    }
    # eastus2: GlobalStandard, DataZoneStandard, GlobalProvisionedManaged, DataZoneProvisionedManaged
    assert rows["eastus2"].count("✓") == 4
    assert rows["uksouth"].count("✓") == 2  # GlobalStandard, GlobalProvisionedManaged


def test_models_of_one_region_filtered_by_sku() -> None:
    result = runner.invoke(app, ["models", "--region", "swedencentral", "--sku", "DataZoneStandard"])
    assert result.exit_code == 0
    assert "gpt-5.5" in result.stdout and "whisper" not in result.stdout


@pytest.mark.parametrize("zone", ["EU", "eu", "Eu"])
def test_json_with_data_zone_filter(zone: str) -> None:
    result = runner.invoke(
        app, ["models", "--model", "text-embedding-3-large", "--data-zone", zone, "--json"]
    )
    report = json.loads(result.stdout)
    assert report["catalogAsOf"] == "2026-05-11" and report["catalog"]["origin"] == "shipped"
    by_sku = {o["sku"]: o["regions"] for o in report["offerings"]}
    assert by_sku["Standard"] == [
        "francecentral",
        "germanywestcentral",
        "norwayeast",
        "polandcentral",
        "spaincentral",
        "swedencentral",
        "switzerlandnorth",
    ]
    assert by_sku["DataZoneStandard"] == [
        "francecentral",
        "germanywestcentral",
        "italynorth",
        "polandcentral",
        "spaincentral",
        "swedencentral",
        "westeurope",
    ]
    assert report["offerings"][0]["lifecycle"] == {"status": "GenerallyAvailable", "retirement": "2028-02-09"}


def test_whisper_offerings_in_json() -> None:
    report = json.loads(runner.invoke(app, ["models", "--model", "whisper", "--json"]).stdout)
    assert [(o["sku"], o["regions"]) for o in report["offerings"]] == [
        (
            "Standard",
            [
                "eastus2",
                "northcentralus",
                "norwayeast",
                "southindia",
                "swedencentral",
                "switzerlandnorth",
                "uaenorth",
                "westeurope",
            ],
        )
    ]
    assert report["offerings"][0]["capacityUnit"] == "capacity unit not published"


def test_fine_tuned_deployments_are_shown_with_their_base() -> None:
    result = runner.invoke(app, ["models", "--model", "gpt-4o-mini"])
    assert (
        "fine-tuned models of gpt-4o-mini 2024-07-18: deployable as GlobalStandard in 28 regions; "
        "ProvisionedManaged in northcentralus, swedencentral; Standard in northcentralus, swedencentral; "
        "their deployments retire 2027-10-01"
    ) in " ".join(result.stdout.split())
    report = json.loads(runner.invoke(app, ["models", "--model", "gpt-4o-mini", "--json"]).stdout)
    assert report["offerings"][0]["fineTune"]["deploymentRetirement"] == "2027-10-01"


def test_unknown_names_exit_2_with_suggestions() -> None:
    result = runner.invoke(app, ["models", "--model", "gpt4o"])
    assert result.exit_code == 2 and "did you mean gpt-4o" in result.output
    assert runner.invoke(app, ["models", "--region", "sweden"]).exit_code == 2
    assert runner.invoke(app, ["models", "--sku", "Premium"]).exit_code == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--model", "gpt4o"], "model 'gpt4o' is not in the shipped catalog, tables as of 2026-05-11"),
        (["--region", "sweden"], "region 'sweden' is not in the shipped catalog, tables as of 2026-05-11"),
        (["--sku", "Premium"], "SKU 'Premium' is not in the shipped catalog, tables as of 2026-05-11"),
        (
            ["--model", "gpt-5", "--version", "1999-01-01"],
            "no entry for gpt-5 1999-01-01 in the shipped catalog, tables as of 2026-05-11",
        ),
    ],
)
def test_errors_name_the_catalog_and_its_date(args: list[str], said: str) -> None:
    result = runner.invoke(app, ["models", *args])
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())


def test_errors_name_a_project_catalog_by_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "team-catalog.json"
    shutil.copy(PROJECT_ROOT / "components" / "data" / "catalog.json", copy)
    monkeypatch.setenv("AOAI_CATALOG", str(copy))
    result = runner.invoke(app, ["models", "--region", "atlantis"])
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert f"region 'atlantis' is not in the catalog {copy}, tables as of 2026-05-11 (known: " in text
