"""The catalog file: loading, validation of a corrupt file, lifecycle on a given day.

Expected values are read from Microsoft's tables the shipped snapshot is built from (copies in
tools/catalog_sources; the retirement schedule of 2026-09-02, availability tables of 2026-05-11 to
2026-08-28), not from the catalog itself.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.catalog import (
    DATA_FILE,
    CatalogError,
    default_catalog,
    load_catalog,
)
from tests.catalog_tool import build_catalog

DAY = datetime.date


def test_shipped_catalog_loads_and_names_its_date_and_sources() -> None:
    catalog = default_catalog()
    assert catalog.stamp == "shipped catalog, tables as of 2026-05-11"
    assert catalog.data.kind == "snapshot" and catalog.data.live is None
    assert catalog.data.lifecycle_as_of == DAY(2026, 9, 2)
    assert catalog.data.quotas_as_of == DAY(2026, 8, 20)
    by_path = {s.path: s for s in catalog.data.sources}
    standard = by_path["articles/foundry/foundry-models/includes/model-matrix/deployments-standard.md"]
    assert standard.repository == "MicrosoftDocs/azure-ai-docs"
    assert standard.commit == "00bb5540c93f4bf3d1d78fe21e36c6dbc2930026"
    assert standard.as_of == DAY(2026, 6, 11)
    assert standard.copy_path == "tools/catalog_sources/deployments-standard.md"
    assert all(s.commit and s.as_of for s in catalog.data.sources)


def test_data_zones_come_from_the_data_zone_tables() -> None:
    catalog = default_catalog()
    assert catalog.data_zone("swedencentral") == "EU"
    assert catalog.data_zone("eastus2") == "US"
    assert catalog.data_zone("uksouth") is None  # no Data Zone table lists it
    assert catalog.data_zone("norwayeast") == "EU"  # the Europe tab of Data Zone standard
    assert catalog.regions_in_zone("US") == [
        "centralus",
        "eastus",
        "eastus2",
        "northcentralus",
        "southcentralus",
        "westus",
        "westus3",
    ]


def test_catalog_file_is_what_the_build_script_writes() -> None:
    """The shipped file is exactly tools/build_catalog.py's reading of the copies it names."""
    assert DATA_FILE.read_text(encoding="utf-8") == build_catalog.render(build_catalog.build())


def write(tmp_path: Path, change: Any) -> Path:
    data = json.loads(DATA_FILE.read_text())
    change(data)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["models"][0]["skus"].update(Standard=["atlantis"]), "unknown regions ['atlantis']"),
        (lambda d: d["models"].append(d["models"][0]), "is listed twice"),
        (lambda d: d.pop("asOf"), "asOf"),
        (lambda d: d["models"][0]["lifecycle"].update(retirement="soon"), "retirement"),
        (lambda d: d["models"][0]["lifecycle"].update(status="Sunset"), "status"),
        (lambda d: d["regions"]["eastus"].update(dataZone="ASIA"), "dataZone"),
        (lambda d: d.update(kind="live"), "a live catalog says where it was read"),
        (lambda d: d.update(schemaVersion=1), "not a catalog of schema 2"),
        (lambda d: d.update(subscriptionId="00000000-0000-0000-0000-000000000000"), "subscriptionId"),
    ],
)
def test_corrupt_catalog_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, change: Any, fragment: str
) -> None:
    path = write(tmp_path, change)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value)
    assert fragment in str(caught.value)


def test_unreadable_catalog(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CatalogError, match="not valid JSON"):
        load_catalog(tmp_path / "bad.json")
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "none.json")


def test_deprecated_is_blocked_and_retired_after_its_date() -> None:
    """gpt-4o 2024-08-06: Deprecated, retirement 2027-04-14, replacement gpt-5.1."""
    catalog = default_catalog()
    gpt4o = catalog.model("gpt-4o", "2024-08-06")
    assert gpt4o is not None and gpt4o.lifecycle.replacement == "gpt-5.1"
    deprecated = catalog.lifecycle_state(gpt4o, DAY(2026, 9, 1))
    assert deprecated.blocked
    assert "gpt-4o 2024-08-06 is deprecated, retirement 2027-04-14: new customers cannot deploy it" in str(
        deprecated.message
    )
    retired = catalog.lifecycle_state(gpt4o, DAY(2027, 4, 14))
    assert retired.blocked and "was retired on 2027-04-14" in str(retired.message)
    assert "(lifecycle: shipped catalog, tables as of 2026-05-11)" in str(retired.message)


def test_a_retired_stage_needs_no_date_to_block() -> None:
    catalog = default_catalog()
    chat = catalog.model("gpt-5-chat", "2025-10-03")  # Retired, 2026-05-13
    assert chat is not None
    assert catalog.lifecycle_state(chat, DAY(2026, 1, 1)).blocked


def test_retirement_warns_from_60_days_ahead() -> None:
    """gpt-5 2025-08-07: GA, retirement 2027-02-09 (60 days earlier is 2026-12-11)."""
    catalog = default_catalog()
    gpt5 = catalog.model("gpt-5", "2025-08-07")
    assert gpt5 is not None
    assert catalog.lifecycle_state(gpt5, DAY(2026, 12, 10)).message is None
    soon = catalog.lifecycle_state(gpt5, DAY(2026, 12, 11))
    assert not soon.blocked and "retirement scheduled for 2027-02-09" in str(soon.message)


def test_unknown_lifecycle_is_not_guessed_but_said() -> None:
    catalog = default_catalog()
    computer = catalog.model("computer-use-preview", "2025-03-11")  # in no retirement table
    assert computer is not None and computer.lifecycle.status == "Unknown"
    state = catalog.lifecycle_state(computer, DAY(2026, 12, 2))
    assert state.blocked is False
    assert "the catalog's sources give no lifecycle for it" in str(state.message)


def test_capacity_units() -> None:
    catalog = default_catalog()
    units = {
        name: catalog.model(name, version)
        for name, version in [
            ("gpt-5.5", "2026-04-24"),
            ("o3-mini", "2025-01-31"),
            ("o1", "2024-12-17"),
            ("o3-pro", "2025-06-10"),
            ("gpt-image-1", "2025-04-15"),
        ]
    }
    described = {k: v.capacity_unit.describe() if v and v.capacity_unit else None for k, v in units.items()}
    assert described == {
        "gpt-5.5": "1 unit = 1,000 tokens per minute",
        "o3-mini": "1 unit = 10,000 tokens per minute",
        "o1": "1 unit = 6,000 tokens per minute",
        "o3-pro": "1 unit = 10,000 tokens per minute",
        "gpt-image-1": None,  # metered in requests; the unit is not published
    }


def test_default_quotas_are_the_tier_1_table() -> None:
    catalog = default_catalog()
    assert catalog.default_quota_tpm("GlobalStandard", "gpt-5.5") == 1_000_000
    assert catalog.default_quota_tpm("DataZoneStandard", "gpt-5.5") == 333_000
    assert catalog.default_quota_tpm("Standard", "gpt-5.1") == 300_000
    assert catalog.default_quota_tpm("GlobalStandard", "gpt-image-1") is None  # requests, not tokens
    assert catalog.default_quota_tpm("Standard", "gpt-5.5") is None
    assert "Tier 1" in catalog.data.quota_basis


def test_fine_tuned_deployments_of_a_base_per_sku() -> None:
    """fine-tuning-deploy.md: Standard in North Central US and Sweden Central, Global Standard and
    Developer from all regions, provisioned in Sweden Central (gpt-4.1)."""
    catalog = default_catalog()
    base = catalog.model("gpt-4.1", "2025-04-14")
    assert base is not None and base.fine_tune is not None
    assert catalog.fine_tune_regions(base, "Standard") == ["northcentralus", "swedencentral"]
    assert catalog.fine_tune_regions(base, "ProvisionedManaged") == ["swedencentral"]
    assert catalog.fine_tune_regions(base, "GlobalStandard") == sorted(catalog.regions)
    assert catalog.fine_tune_regions(base, "DeveloperTier") == sorted(catalog.regions)
    assert base.fine_tune.deployment_retirement == DAY(2027, 10, 14)
    assert base.fine_tune.training_retirement_not_before == DAY(2027, 4, 14)
    gpt4o = catalog.model("gpt-4o", "2024-08-06")
    assert gpt4o is not None and catalog.fine_tune_regions(gpt4o, "DeveloperTier") == []
    newest = catalog.model("gpt-5.5", "2026-04-24")
    assert newest is not None and newest.fine_tune is None
