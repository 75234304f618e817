"""`aoai models`: tables and JSON from the catalog, always with its date."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aoai.cli import app

runner = CliRunner()


def test_regions_by_sku_for_one_model() -> None:
    result = runner.invoke(app, ["models", "--model", "gpt-5"])
    assert result.exit_code == 0, result.output
    assert "gpt-5 2025-08-07" in result.stdout and "catalog as of 2025-08-12" in result.stdout
    rows = {
        line.split()[0]: line
        for line in result.stdout.splitlines()
        if line.strip().startswith(("eastus2", "uksouth"))
    }
    assert rows["eastus2"].count("✓") == 2  # GlobalStandard and DataZoneStandard
    assert rows["uksouth"].count("✓") == 1


def test_models_of_one_region_filtered_by_sku() -> None:
    result = runner.invoke(app, ["models", "--region", "swedencentral", "--sku", "DataZoneStandard"])
    assert result.exit_code == 0
    assert "gpt-5" in result.stdout and "text-embedding-3-large" not in result.stdout


@pytest.mark.parametrize("zone", ["EU", "eu", "Eu"])
def test_json_with_data_zone_filter(zone: str) -> None:
    result = runner.invoke(
        app, ["models", "--model", "text-embedding-3-large", "--data-zone", zone, "--json"]
    )
    report = json.loads(result.stdout)
    assert report["catalogAsOf"] == "2025-08-12"
    by_sku = {o["sku"]: o["regions"] for o in report["offerings"]}
    assert by_sku["Standard"] == [
        "francecentral",
        "germanywestcentral",
        "polandcentral",
        "spaincentral",
        "swedencentral",
    ]
    assert "DataZoneStandard" not in by_sku
    assert report["offerings"][0]["lifecycle"]["status"] == "GenerallyAvailable"


def test_dall_e_3_offerings_in_json() -> None:
    report = json.loads(runner.invoke(app, ["models", "--model", "dall-e-3", "--json"]).stdout)
    assert [(o["sku"], o["regions"]) for o in report["offerings"]] == [
        ("Standard", ["australiaeast", "eastus", "swedencentral"])
    ]


def test_unknown_names_exit_2_with_suggestions() -> None:
    result = runner.invoke(app, ["models", "--model", "gpt4o"])
    assert result.exit_code == 2 and "did you mean gpt-4o" in result.output
    assert runner.invoke(app, ["models", "--region", "sweden"]).exit_code == 2
    assert runner.invoke(app, ["models", "--sku", "Premium"]).exit_code == 2
