"""An independent check of the shipped snapshot's transcription.

Two witnesses that do not go through tools/build_catalog.py:
- excerpts of the availability tables, copied again from the stored documentation
  (tests/fixtures/catalog-excerpts), read by this file's own small parser; every cell must match;
- cells and dates read off Microsoft's tables by hand and written below as literals.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from azure_openai_toolkit.catalog import default_catalog
from tests.conftest import FIXTURES, PROJECT_ROOT

EXCERPTS = FIXTURES / "catalog-excerpts"
COPIES = PROJECT_ROOT / "tools" / "catalog_sources"
# This file's own reading of the section headings: independent of tools/build_catalog.py on purpose.
SECTION_SKU = {
    "Global standard": "GlobalStandard",
    "Data Zone standard": "DataZoneStandard",
    "Standard/Regional": "Standard",
    "Global Provisioned Managed": "GlobalProvisionedManaged",
    "Data Zone Provisioned Managed": "DataZoneProvisionedManaged",
    "Regional Provisioned Managed": "ProvisionedManaged",
    "Global Batch": "GlobalBatch",
    "Data Zone Batch": "DataZoneBatch",
}

Cell = tuple[str, str, str, str, bool]  # model, version, sku, region, offered


def excerpt_cells(path: Path) -> list[Cell]:
    cells: list[Cell] = []
    sku = ""
    regions: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            sku = SECTION_SKU[line[3:].split(" / ")[0]]
        elif line.startswith("| **Model**"):
            regions = re.findall(r"\*\*([a-z0-9]+)\*\*", line)  # Model and Version are capitalised
        elif line.startswith("| ") and not line.startswith("| :"):
            parts = [p.strip() for p in line.strip("|").split("|")]
            assert len(parts) == len(regions) + 2, line
            cells.extend(
                (parts[0], parts[1], sku, r, m == "✅") for r, m in zip(regions, parts[2:], strict=True)
            )
    return cells


ALL_CELLS = [cell for path in sorted(EXCERPTS.glob("deployments-*.md")) for cell in excerpt_cells(path)]


def test_the_excerpts_cover_every_deployment_sku() -> None:
    assert {cell[2] for cell in ALL_CELLS} == set(SECTION_SKU.values())
    assert len(ALL_CELLS) > 250


@pytest.mark.parametrize("path", sorted(EXCERPTS.glob("deployments-*.md")), ids=lambda p: p.name)
def test_every_excerpt_row_is_in_the_build_scripts_copy(path: Path) -> None:
    """Both copies of a row agree, character for character."""
    copy = (COPIES / path.name).read_text(encoding="utf-8")
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert [row for row in rows if row not in copy] == []


def test_every_excerpt_cell_is_what_the_catalog_says() -> None:
    catalog = default_catalog()
    wrong = []
    for model, version, sku, region, offered in ALL_CELLS:
        entry = catalog.model(model, version)
        says = entry is not None and catalog.offered(entry, sku, region)
        if says != offered:
            wrong.append((model, version, sku, region, offered))
    assert wrong == []


# Read off the tables by hand (tools/catalog_sources names their versions).
CELLS = [
    ("gpt-5.5", "2026-04-24", "GlobalStandard", "swedencentral", True),
    ("gpt-5.5", "2026-04-24", "DataZoneStandard", "switzerlandnorth", True),
    ("gpt-5.5", "2026-04-24", "Standard", "swedencentral", False),
    ("gpt-5.5", "2026-04-24", "ProvisionedManaged", "eastus", True),
    ("gpt-5.5", "2026-04-24", "ProvisionedManaged", "eastus2", False),
    ("gpt-5.5", "2026-04-24", "DataZoneProvisionedManaged", "swedencentral", False),
    ("gpt-5.5", "2026-04-24", "GlobalBatch", "eastus", False),
    ("gpt-5.4-pro", "2026-03-05", "GlobalStandard", "polandcentral", True),
    ("gpt-5.4-pro", "2026-03-05", "GlobalStandard", "francecentral", False),
    ("gpt-5.1", "2025-11-13", "Standard", "swedencentral", True),
    ("gpt-5.1", "2025-11-13", "Standard", "westeurope", False),
    ("gpt-5", "2025-08-07", "DataZoneStandard", "switzerlandnorth", False),
    ("gpt-5", "2025-08-07", "GlobalStandard", "switzerlandnorth", True),
    ("gpt-5", "2025-08-07", "DataZoneBatch", "westeurope", False),
    ("gpt-5", "2025-08-07", "DataZoneBatch", "eastus", True),
    ("text-embedding-3-large", "1", "Standard", "westeurope", False),
    ("text-embedding-3-large", "1", "Standard", "switzerlandnorth", True),
    ("text-embedding-3-large", "1", "DataZoneStandard", "norwayeast", False),
    ("text-embedding-3-small", "1", "Standard", "switzerlandnorth", True),
    ("whisper", "001", "Standard", "uaenorth", True),
    ("gpt-4.1-mini", "2025-04-14", "DataZoneProvisionedManaged", "italynorth", False),
    ("o3", "2025-04-16", "DataZoneBatch", "westeurope", True),
    ("sora-2", "2025-10-06", "GlobalStandard", "eastus2", True),
    ("gpt-realtime-2.1", "2026-07-07", "GlobalStandard", "southindia", True),
]


@pytest.mark.parametrize(("model", "version", "sku", "region", "offered"), CELLS)
def test_cells_read_by_hand(model: str, version: str, sku: str, region: str, offered: bool) -> None:
    catalog = default_catalog()
    entry = catalog.model(model, version)
    assert entry is not None
    assert catalog.offered(entry, sku, region) is offered


LIFECYCLES = [
    ("gpt-5.5", "2026-04-24", "GenerallyAvailable", "2027-04-23"),
    ("gpt-5.4", "2026-03-05", "GenerallyAvailable", "2027-03-05"),
    ("gpt-5-chat", "2025-08-07", "Retired", "2026-06-29"),
    ("o1", "2024-12-17", "Deprecated", "2026-09-16"),
    ("gpt-chat-latest", "2026-05-05", "Preview", "2026-11-05"),
    ("model-router", "2025-11-18", "GenerallyAvailable", "2027-05-20"),
    ("tts", "001", "Preview", "2026-12-15"),
    ("text-embedding-ada-002", "1", "GenerallyAvailable", "2027-04-15"),
]


@pytest.mark.parametrize(("model", "version", "status", "retirement"), LIFECYCLES)
def test_lifecycles_read_by_hand(model: str, version: str, status: str, retirement: str) -> None:
    entry = default_catalog().model(model, version)
    assert entry is not None
    assert entry.lifecycle.status == status
    assert entry.lifecycle.retirement == datetime.date.fromisoformat(retirement)


def test_models_the_matrix_lists_without_a_retirement_row_are_unknown() -> None:
    catalog = default_catalog()
    unknown = sorted(m.label for m in catalog.entries() if m.lifecycle.status == "Unknown")
    assert unknown == [
        "computer-use-preview 2025-02-11",
        "computer-use-preview 2025-03-11",
        "gpt-chat-latest 2026-05-28",
        "gpt-realtime-translate 2026-05-06",
        "gpt-realtime-whisper 2026-05-06",
    ]


def test_every_source_is_dated_by_its_documents_ms_date() -> None:
    """A table's as-of date is the ms.date of the document it was copied from, read here from the
    verbatim copy (MM/DD/YYYY), not from the build script."""
    for source in default_catalog().data.sources:
        assert source.copy_path is not None, source.covers
        text = (PROJECT_ROOT / source.copy_path).read_text(encoding="utf-8")
        found = re.search(r"^ms\.date: (\d{2})/(\d{2})/(\d{4})\s*$", text, re.MULTILINE)
        assert found is not None, source.copy_path
        month, day, year = found.groups()
        assert source.as_of == datetime.date(int(year), int(month), int(day)), source.path


def test_the_docs_cite_where_the_lifecycle_data_comes_from() -> None:
    """Read off the retirement schedule's copy by hand: its path, commit and ms.date 07/07/2026."""
    page = (PROJECT_ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert (
        "| lifecycle: stage, retirement date and replacement; fine-tuned deployment retirement | "
        "articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md @00bb5540 | "
        "2026-07-07 |"
    ) in page
    assert default_catalog().data.lifecycle_as_of == datetime.date(2026, 7, 7)
