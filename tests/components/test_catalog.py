"""The catalog file: loading, validation of a corrupt file, lifecycle on a given day."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.catalog import DATA_FILE, CatalogError, default_catalog, load_catalog

DAY = datetime.date


def test_shipped_catalog_loads_and_names_its_date_and_sources() -> None:
    catalog = default_catalog()
    assert catalog.stamp == "catalog as of 2025-08-12"
    assert set(catalog.data.source) == {"availability", "quotas", "lifecycle"}
    assert catalog.data_zone("swedencentral") == "EU"
    assert catalog.data_zone("eastus2") == "US"
    assert catalog.data_zone("uksouth") is None
    assert catalog.regions_in_zone("US") == [
        "eastus",
        "eastus2",
        "northcentralus",
        "southcentralus",
        "westus",
        "westus3",
    ]


def test_catalog_file_is_what_the_build_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_catalog", DATA_FILE.parents[2] / "tools" / "build_catalog.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert json.loads(DATA_FILE.read_text()) == module.build()


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
        (lambda d: d["models"][0]["skus"].update(Premium=["eastus"]), "skus.Premium"),
        (lambda d: d["models"][0]["lifecycle"].update(retirement="soon"), "retirement"),
        (lambda d: d["regions"]["eastus"].update(dataZone="ASIA"), "dataZone"),
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


def test_lifecycle_on_a_given_day() -> None:
    catalog = default_catalog()
    gpt4o = catalog.model("gpt-4o", "2024-11-20")
    assert gpt4o is not None
    assert catalog.lifecycle_state(gpt4o, DAY(2025, 1, 1)).message is None
    deprecated = catalog.lifecycle_state(gpt4o, DAY(2026, 1, 10))
    assert deprecated.blocked and "deprecated since 2025-11-20, retirement 2026-06-05" in str(
        deprecated.message
    )
    retired = catalog.lifecycle_state(gpt4o, DAY(2026, 6, 5))
    assert retired.blocked and "retired on 2026-06-05" in str(retired.message)
    assert "lifecycle as of 2025-12-16" in str(retired.message)


def test_retirement_ahead_and_not_before_dates_only_warn() -> None:
    catalog = default_catalog()
    gpt41 = catalog.model("gpt-4.1", "2025-04-14")
    assert gpt41 is not None
    assert catalog.lifecycle_state(gpt41, DAY(2025, 9, 1)).message is None  # more than 180 days ahead
    soon = catalog.lifecycle_state(gpt41, DAY(2025, 12, 1))
    assert not soon.blocked
    assert "deprecation scheduled for 2026-04-14, retirement scheduled for 2026-10-14" in str(soon.message)
    embedding = catalog.model("text-embedding-3-large", "1")
    assert embedding is not None
    assert catalog.lifecycle_state(embedding, DAY(2026, 10, 1)).message is None
    later = catalog.lifecycle_state(embedding, DAY(2026, 11, 1))
    assert not later.blocked and "retirement possible from 2026-10-30" in str(later.message)


def test_unknown_lifecycle_is_not_guessed() -> None:
    catalog = default_catalog()
    gpt5 = catalog.model("gpt-5", "2025-08-07")
    assert gpt5 is not None and gpt5.lifecycle.status == "Unknown"
    assert catalog.lifecycle_state(gpt5, DAY(2030, 1, 1)).blocked is False


def test_capacity_units() -> None:
    catalog = default_catalog()
    units = {
        name: catalog.model(name, version)
        for name, version in [
            ("gpt-5", "2025-08-07"),
            ("o3-mini", "2025-01-31"),
            ("o1", "2024-12-17"),
            ("dall-e-3", "3.0"),
        ]
    }
    assert {k: (v.capacity_unit.kind, v.capacity_unit.per_unit) for k, v in units.items() if v} == {
        "gpt-5": ("tokens", 1000),
        "o3-mini": ("tokens", 10000),
        "o1": ("tokens", 6000),
        "dall-e-3": ("requests", 3),
    }
