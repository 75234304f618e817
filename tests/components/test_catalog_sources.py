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


# Read off the Learn page "Model retirement schedule" of 2026-09-02 by hand.
LIFECYCLES = [
    ("gpt-5.5", "2026-04-24", "GenerallyAvailable", "2027-10-26"),
    ("gpt-5.4", "2026-03-05", "GenerallyAvailable", "2027-09-02"),
    ("gpt-4.1", "2025-04-14", "Legacy", "2027-04-14"),
    ("gpt-4o", "2024-11-20", "Legacy", "2027-04-14"),
    ("gpt-5-chat", "2025-08-07", "Retired", "2026-06-29"),
    ("o1", "2024-12-17", "Deprecated", "2026-10-21"),
    ("o3", "2025-04-16", "GenerallyAvailable", "2026-10-21"),
    ("gpt-chat-latest", "2026-05-05", "Preview", "2026-08-05"),
    ("gpt-chat-latest", "2026-08-06", "Preview", "2026-12-02"),
    ("gpt-5.6-sol", "2026-07-09", "GenerallyAvailable", "2028-01-11"),
    ("gpt-realtime-2", "2026-05-06", "Preview", "2026-08-31"),
    ("model-router", "2025-11-18", "GenerallyAvailable", "2027-05-20"),
    ("tts", "001", "Preview", "2026-12-15"),
    ("text-embedding-ada-002", "1", "GenerallyAvailable", "2028-02-09"),
    # Listed twice (2027-04-06 and 2026-09-21; 2027-06-15 and 2026-12-15): the earlier date is kept.
    ("gpt-realtime-mini", "2025-10-06", "GenerallyAvailable", "2026-09-21"),
    ("gpt-realtime-mini", "2025-12-15", "GenerallyAvailable", "2026-12-15"),
]


@pytest.mark.parametrize(("model", "version", "status", "retirement"), LIFECYCLES)
def test_lifecycles_read_by_hand(model: str, version: str, status: str, retirement: str) -> None:
    entry = default_catalog().model(model, version)
    assert entry is not None
    assert entry.lifecycle.status == status
    assert entry.lifecycle.retirement == datetime.date.fromisoformat(retirement)


def test_the_replacement_of_o1_is_read() -> None:
    entry = default_catalog().model("o1", "2024-12-17")
    assert entry is not None and entry.lifecycle.replacement == "gpt-5.6-sol"


def test_the_rows_listed_twice_are_named_in_the_lifecycle_source() -> None:
    (source,) = [s for s in default_catalog().data.sources if s.covers.startswith("lifecycle")]
    assert source.notes == [
        "gpt-realtime-mini 2025-10-06 is listed twice, retiring 2026-09-21 and 2027-04-06: "
        "the earlier date is kept",
        "gpt-realtime-mini 2025-12-15 is listed twice, retiring 2026-12-15 and 2027-06-15: "
        "the earlier date is kept",
    ]


def test_fine_tuned_retirements_read_by_hand() -> None:
    """The row "No earlier than 2027-04-14^1^ | 2027-10-14": the footnote is not part of the date."""
    entry = default_catalog().model("gpt-4.1", "2025-04-14")
    assert entry is not None and entry.fine_tune is not None
    assert entry.fine_tune.training_retirement_not_before == datetime.date(2027, 4, 14)
    assert entry.fine_tune.deployment_retirement == datetime.date(2027, 10, 14)


def test_models_the_matrix_lists_without_a_retirement_row_are_unknown() -> None:
    catalog = default_catalog()
    unknown = sorted(m.label for m in catalog.entries() if m.lifecycle.status == "Unknown")
    assert unknown == [
        "computer-use-preview 2025-02-11",
        "computer-use-preview 2025-03-11",
        "gpt-realtime-translate 2026-05-06",
        "gpt-realtime-whisper 2026-05-06",
    ]


def test_every_source_is_dated_by_its_documents_ms_date() -> None:
    """A table's as-of date is the ms.date of the document it was copied from, read here from the
    verbatim copy (MM/DD/YYYY in a repository's file, a midnight timestamp in a Learn page's front
    matter), not from the build script."""
    for source in default_catalog().data.sources:
        assert source.copy_path is not None, source.covers
        text = (PROJECT_ROOT / source.copy_path).read_text(encoding="utf-8")
        found = re.search(r"^ms\.date: (\d{2})/(\d{2})/(\d{4})\s*$", text, re.MULTILINE)
        if found is not None:
            month, day, year = found.groups()
        else:
            found = re.search(r"^ms\.date: (\d{4})-(\d{2})-(\d{2})T00:00:00", text, re.MULTILINE)
            assert found is not None, source.copy_path
            year, month, day = found.groups()
        assert source.as_of == datetime.date(int(year), int(month), int(day)), source.path


def test_the_lifecycle_copy_is_the_learn_page_it_names() -> None:
    """The retirement schedule comes from the Learn page, built from the private azure-ai-docs-pr:
    the catalog says so, with the commit and path the page's front matter names."""
    (source,) = [s for s in default_catalog().data.sources if s.covers.startswith("lifecycle")]
    assert source.repository == "MicrosoftDocs/azure-ai-docs-pr"
    assert source.path == "articles/foundry/openai/concepts/model-retirement-schedule.md"
    assert source.commit == "c0b1c98385a5309a7eafcdaee78a4964290ca8b7"
    assert (
        source.page
        == "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule"
    )
    assert source.copy_path is not None
    text = (PROJECT_ROOT / source.copy_path).read_text(encoding="utf-8")
    assert "git_commit_id: c0b1c98385a5309a7eafcdaee78a4964290ca8b7\n" in text
    assert "source_path: articles/foundry/openai/concepts/model-retirement-schedule.md\n" in text


def test_the_docs_cite_where_the_lifecycle_data_comes_from() -> None:
    """Read off the retirement schedule's copy by hand: its repository, path, commit and ms.date."""
    page = (PROJECT_ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert (
        "| lifecycle: stage, retirement date and replacement; fine-tuned deployment retirement | "
        "MicrosoftDocs/azure-ai-docs-pr: articles/foundry/openai/concepts/model-retirement-schedule.md"
        " @c0b1c983, rendered as "
        "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule | "
        "2026-09-02 |"
    ) in page
    assert default_catalog().data.lifecycle_as_of == datetime.date(2026, 9, 2)
