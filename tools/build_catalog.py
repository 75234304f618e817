"""Writes components/data/catalog.json, the catalog snapshot the toolkit ships, from Microsoft's
published tables.

The tables are copies of Markdown files of the public repository MicrosoftDocs/azure-ai-docs,
kept verbatim in tools/catalog_sources/ (one file per source; SOURCES below names each file's
path and commit in that repository). One is not: the retirement schedule is copied from its
Microsoft Learn page, which is rendered from the private MicrosoftDocs/azure-ai-docs-pr and was
newer than any public copy; its source records that repository, the page's commit and its URL.
This script only parses them, strictly: a table whose shape changed stops the build instead of
being read wrongly.

To refresh the snapshot: replace the copies with the newest versions of the same files (and
update their commits below), run `python tools/build_catalog.py`, review `aoai catalog diff
shipped <old copy>` and commit both. Per table, the catalog records the source path, commit and
the table's own date (its ms.date); the catalog's asOf is the oldest availability table's date.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COPIES = ROOT / "tools" / "catalog_sources"
TARGET = ROOT / "components" / "data" / "catalog.json"
REPOSITORY = "MicrosoftDocs/azure-ai-docs"
MATRIX = "articles/foundry/foundry-models/includes/model-matrix"
OPENAI = "articles/foundry/openai"


@dataclass(frozen=True)
class SourceFile:
    copy: str  # file name in tools/catalog_sources
    path: str  # path in `repository`
    commit: str
    covers: str
    repository: str = REPOSITORY
    page: str | None = None  # the rendered page the copy was taken from, when not the repository


AVAILABILITY_SOURCES = [
    SourceFile(
        "deployments-standard.md",
        f"{MATRIX}/deployments-standard.md",
        "00bb5540c93f4bf3d1d78fe21e36c6dbc2930026",
        "availability: GlobalStandard, DataZoneStandard, Standard",
    ),
    SourceFile(
        "deployments-provisioned.md",
        f"{MATRIX}/deployments-provisioned.md",
        "00bb5540c93f4bf3d1d78fe21e36c6dbc2930026",
        "availability: GlobalProvisionedManaged, DataZoneProvisionedManaged, ProvisionedManaged",
    ),
    SourceFile(
        "deployments-batch.md",
        f"{MATRIX}/deployments-batch.md",
        "2a5ac2402744c2c41d85783be1dbd90cea85dfe7",
        "availability: GlobalBatch, DataZoneBatch",
    ),
]
# The Learn page's front matter names its source (source_path, git_commit_id): the private
# repository the page is built from, not the public MicrosoftDocs/azure-ai-docs.
LIFECYCLE_SOURCE = SourceFile(
    "model-retirement-schedule-learn-2026-09-02.md",
    f"{OPENAI}/concepts/model-retirement-schedule.md",
    "c0b1c98385a5309a7eafcdaee78a4964290ca8b7",
    "lifecycle: stage, retirement date and replacement; fine-tuned deployment retirement",
    repository="MicrosoftDocs/azure-ai-docs-pr",
    page="https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule",
)
FINE_TUNE_DEPLOY_SOURCE = SourceFile(
    "fine-tuning-deploy.md",
    f"{OPENAI}/how-to/fine-tuning-deploy.md",
    "4b3b342a638209d7f00163a75294566e86a12157",
    "fine-tuned deployments: SKUs and regions per base model",
)
FINE_TUNE_MODELS_SOURCE = SourceFile(
    "fine-tune-supported-models.md",
    "articles/foundry/includes/fine-tune-supported-models.md",
    "10fd319b2aa5d580b5714f69788024d7c4dd13fa",
    "fine-tuning: which version of each base model can be fine-tuned",
)
QUOTA_SOURCE = SourceFile(
    "quota-tier-1.md",
    f"{OPENAI}/includes/quota-tier/tier-1.md",
    "08408ff5333eb618fe89716564cc73868e54f2ae",
    "default quota: Tier 1 tokens per minute per region, model and SKU",
)
UNITS_SOURCE = SourceFile(
    "quota-capacity-units.md",
    f"{OPENAI}/includes/quota.md",
    "dc1d7bcfde36e811700b7c242cab6a6ba5323cb3",
    "capacity units: tokens per minute one unit of a standard deployment buys",
)

ALL_SOURCES = [
    *AVAILABILITY_SOURCES,
    LIFECYCLE_SOURCE,
    FINE_TUNE_DEPLOY_SOURCE,
    FINE_TUNE_MODELS_SOURCE,
    QUOTA_SOURCE,
    UNITS_SOURCE,
]
# Section headings of the availability tables -> deployment SKU (the ARM sku.name).
SKU_OF_SECTION = {
    "Global standard": "GlobalStandard",
    "Data Zone standard": "DataZoneStandard",
    "Standard/Regional": "Standard",
    "Global Provisioned Managed": "GlobalProvisionedManaged",
    "Data Zone Provisioned Managed": "DataZoneProvisionedManaged",
    "Regional Provisioned Managed": "ProvisionedManaged",
    "Global Batch": "GlobalBatch",
    "Data Zone Batch": "DataZoneBatch",
}
# A Data Zone table's tab says which zone its regions belong to.
ZONE_OF_TAB = {"Americas": "US", "Europe": "EU"}
LIFECYCLE_OF_STAGE = {
    "GA": "GenerallyAvailable",
    "Preview": "Preview",
    "Legacy": "Legacy",
    "Deprecated": "Deprecated",
    "Retired": "Retired",
}
# Azure's display names of the regions the tables name (ARM location list).
DISPLAY_NAMES = {
    "australiaeast": "Australia East",
    "brazilsouth": "Brazil South",
    "canadacentral": "Canada Central",
    "canadaeast": "Canada East",
    "centralus": "Central US",
    "eastus": "East US",
    "eastus2": "East US 2",
    "francecentral": "France Central",
    "germanywestcentral": "Germany West Central",
    "italynorth": "Italy North",
    "japaneast": "Japan East",
    "koreacentral": "Korea Central",
    "northcentralus": "North Central US",
    "norwayeast": "Norway East",
    "polandcentral": "Poland Central",
    "southafricanorth": "South Africa North",
    "southcentralus": "South Central US",
    "southeastasia": "Southeast Asia",
    "southindia": "South India",
    "spaincentral": "Spain Central",
    "swedencentral": "Sweden Central",
    "switzerlandnorth": "Switzerland North",
    "switzerlandwest": "Switzerland West",
    "uaenorth": "UAE North",
    "uksouth": "UK South",
    "westeurope": "West Europe",
    "westus": "West US",
    "westus3": "West US 3",
}
# How the fine-tuning article writes region names ("East US2") -> ARM location names.
REGION_OF_DISPLAY = {name.replace(" ", "").lower(): region for region, name in DISPLAY_NAMES.items()}


class SourceFormatError(Exception):
    """A copy does not have the shape this script reads: the source changed, read it again."""


def read_copy(source: SourceFile) -> str:
    return (COPIES / source.copy).read_text(encoding="utf-8")


def ms_date(text: str, source: SourceFile) -> datetime.date:
    """The document's ms.date: MM/DD/YYYY in a repository's Markdown, a midnight UTC timestamp in
    a rendered Learn page's front matter."""
    if source.page is None:
        pattern = r"^ms\.date:\s*(?P<month>\d{2})/(?P<day>\d{2})/(?P<year>\d{4})\s*$"
    else:
        pattern = r"^ms\.date:\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})T00:00:00\.0+Z\s*$"
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        raise SourceFormatError(f"{source.copy}: no ms.date in the front matter")
    return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))


def check_commit(text: str, source: SourceFile) -> None:
    """A rendered page names the commit it was built from: it must be the one recorded here."""
    if source.page is None:
        return
    match = re.search(r"^git_commit_id:\s*([0-9a-f]{40})\s*$", text, re.MULTILINE)
    if match is None or match.group(1) != source.commit:
        raise SourceFormatError(f"{source.copy}: git_commit_id is not {source.commit}")


def cells(line: str) -> list[str]:
    """The cells of one Markdown table row, trimmed."""
    inner = line.strip()
    if not (inner.startswith("|") and inner.endswith("|")):
        raise SourceFormatError(f"not a table row: {line!r}")
    return [c.strip() for c in inner[1:-1].split("|")]


def is_separator(row: list[str]) -> bool:
    return all(re.fullmatch(r":?-+:?", c) for c in row)


def table_rows(lines: list[str], start: int) -> Iterator[list[str]]:
    """Rows of the table whose header is lines[start], separator excluded, until a non-row."""
    index = start + 1
    if not is_separator(cells(lines[index])):
        raise SourceFormatError(f"table at line {start + 1} has no separator row")
    for line in lines[index + 1 :]:
        if not line.strip().startswith("|"):
            return
        yield cells(line)


def plain(text: str) -> str:
    return text.replace("**", "").replace("`", "").strip()


# -- availability -------------------------------------------------------------------------------


@dataclass
class Availability:
    skus: dict[tuple[str, str], dict[str, set[str]]]  # (model, version) -> sku -> regions
    zones: dict[str, str]  # region -> data zone
    regions: set[str]


def parse_availability(text: str, source: SourceFile, into: Availability) -> None:
    lines = text.splitlines()
    sku: str | None = None
    tab: str | None = None
    other_models = False  # "Availability for other Foundry Models sold by Azure": not Azure OpenAI
    for number, line in enumerate(lines):
        if line.startswith("## "):
            heading = line[3:].strip()
            if heading not in SKU_OF_SECTION:
                raise SourceFormatError(f"{source.copy}:{number + 1}: unknown section {heading!r}")
            sku, tab, other_models = SKU_OF_SECTION[heading], None, False
        elif line.startswith("#### "):
            other_models = "other Foundry Models" in line
        elif match := re.match(r"^# \[(?P<tab>[^\]]+)\]\(#tab/", line):
            tab = match["tab"]
        elif line.startswith("| **Model** | **Version** |"):
            if sku is None or tab is None:
                raise SourceFormatError(f"{source.copy}:{number + 1}: a table outside a section or tab")
            if other_models:
                raise SourceFormatError(f"{source.copy}:{number + 1}: a table of non-OpenAI models")
            regions = [plain(c) for c in cells(line)[2:]]
            unknown = [r for r in regions if r not in DISPLAY_NAMES]
            if unknown:
                raise SourceFormatError(
                    f"{source.copy}:{number + 1}: regions without a display name {unknown}"
                )
            into.regions.update(regions)
            if sku.startswith("DataZone"):
                zone = ZONE_OF_TAB.get(tab)
                if zone is None:
                    raise SourceFormatError(
                        f"{source.copy}:{number + 1}: a data zone table under tab {tab!r}"
                    )
                for region in regions:
                    if into.zones.setdefault(region, zone) != zone:
                        raise SourceFormatError(f"{region} is in two data zones")
            for row in table_rows(lines, number):
                model, version, marks = row[0], row[1], row[2:]
                if len(marks) != len(regions) or any(m not in ("✅", "-") for m in marks):
                    raise SourceFormatError(f"{source.copy}: row {row} does not match its header")
                offered = into.skus.setdefault((model, version), {}).setdefault(sku, set())
                offered.update(r for r, mark in zip(regions, marks, strict=True) if mark == "✅")


# -- lifecycle ----------------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    if text in ("—", "-", ""):
        return None
    datetime.date.fromisoformat(text)
    return text


@dataclass
class Lifecycles:
    stages: dict[tuple[str, str], dict[str, str]]  # (model, version) -> lifecycle
    fine_tuned: dict[tuple[str, str], dict[str, str]]  # base (model, version) -> retirement dates
    openai: set[tuple[str, str]]  # the rows of the Azure OpenAI table
    notes: list[str]  # how rows that contradict each other were read


def keep_earlier(
    model: str, version: str, listed: dict[str, str], again: dict[str, str], notes: list[str]
) -> dict[str, str]:
    """A version listed twice with different retirement dates (the 2026-09-02 page lists
    gpt-realtime-mini 2025-10-06 and 2025-12-15 twice): keep the earlier date, the conservative
    reading (warned and refused sooner, never later than Microsoft may retire it), and say so.
    Any other difference between the rows has no such reading and stops the build."""
    if listed == again:
        return listed
    if {k: v for k, v in listed.items() if k != "retirement"} != {
        k: v for k, v in again.items() if k != "retirement"
    } or not ("retirement" in listed and "retirement" in again):
        raise SourceFormatError(f"{model} {version} is listed twice, differently: {listed}, {again}")
    earlier, later = sorted((listed, again), key=lambda entry: entry["retirement"])
    notes.append(
        f"{model} {version} is listed twice, retiring {earlier['retirement']} and "
        f"{later['retirement']}: the earlier date is kept"
    )
    return earlier


def training_not_before(model: str, cell: str) -> str:
    """The date of a cell like "No earlier than 2027-04-14^1^" (the footnote, existing customers
    only, is dropped)."""
    match = re.fullmatch(r"No earlier than (\d{4}-\d{2}-\d{2})(\^\d\^)?", cell)
    if match is None:
        raise SourceFormatError(f"training retirement of {model}: {cell!r}")
    return match.group(1)


def parse_lifecycle(text: str) -> Lifecycles:
    """The tables of the section of models sold by Azure: Azure OpenAI, its fine-tuned models, and
    the rest (model-router is listed under Microsoft)."""
    lines = text.splitlines()
    lifecycle: dict[tuple[str, str], dict[str, str]] = {}
    fine_tuned: dict[tuple[str, str], dict[str, str]] = {}
    openai: set[tuple[str, str]] = set()
    notes: list[str] = []
    in_azure = False
    provider = ""
    for number, line in enumerate(lines):
        if line.startswith("## "):
            in_azure = line.strip() == "## Foundry Models sold by Azure"
        if line.startswith("### "):
            provider = line[4:].strip()
        if not in_azure:
            continue
        header = cells(line) if line.startswith("| Model |") else None
        if header == ["Model", "Version", "Lifecycle", "Retirement date", "Replacement"]:
            for model, version, stage, retirement, replacement in table_rows(lines, number):
                if stage not in LIFECYCLE_OF_STAGE:
                    raise SourceFormatError(f"unknown lifecycle stage {stage!r} of {model}")
                entry = {"status": LIFECYCLE_OF_STAGE[stage]}
                if (day := parse_date(retirement)) is not None:
                    entry["retirement"] = day
                if replacement not in ("—", "-", ""):
                    entry["replacement"] = replacement
                key = (model.strip(), version)
                if key in lifecycle:
                    entry = keep_earlier(*key, lifecycle[key], entry, notes)
                lifecycle[key] = entry
                if provider == "Azure OpenAI":
                    openai.add(key)
        elif header == ["Model", "Version", "Training retirement date", "Deployment retirement date"]:
            for model, version, training, deployment in table_rows(lines, number):
                if (model, version) in fine_tuned:
                    raise SourceFormatError(f"fine-tuned {model} {version} is listed twice")
                dates = {"trainingRetirementNotBefore": training_not_before(model, training)}
                if (day := parse_date(deployment)) is not None:
                    dates["deploymentRetirement"] = day
                fine_tuned[(model, version)] = dates
        elif header is not None:
            raise SourceFormatError(f"unknown lifecycle table {header}")
    return Lifecycles(lifecycle, fine_tuned, openai, notes)


# -- fine-tuned deployments ---------------------------------------------------------------------


def parse_fine_tune_versions(text: str) -> dict[str, str]:
    """Base model -> the version that can be fine-tuned."""
    versions: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^\| `(?P<model>[^`]+)` (<br> )?\((?P<version>\d{4}-\d{2}-\d{2})\) \|", line)
        if match:
            versions[match["model"]] = match["version"]
    return versions


def parse_fine_tune_skus(text: str, all_regions: list[str]) -> dict[str, dict[str, list[str]]]:
    """Base model (lower case) -> deployment SKU -> regions, from the "Deployment Types" section.

    "All Azure OpenAI regions" / "All regions" is read as every region the availability tables
    name (the article does not list them)."""
    lines = text.splitlines()
    sku_of = {
        "### Standard": "Standard",
        "### Global Standard": "GlobalStandard",
        "### Developer Tier": "DeveloperTier",
        "### Provisioned Throughput": "ProvisionedManaged",
    }
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)
    sku: str | None = None
    for number, line in enumerate(lines):
        if line.startswith("### "):
            sku = sku_of.get(line.strip())
            if sku is None:
                raise SourceFormatError(f"{line.strip()!r}: unknown fine-tuned deployment type")
        elif sku and line.startswith("* "):
            found[line[2:].strip().lower()][sku] = list(all_regions)
        elif sku and line.startswith("|") and cells(line)[0] == "Models":
            columns = cells(line)[1:]
            for row in table_rows(lines, number):
                model = row[0].lower()
                if columns == ["Availability"]:
                    if row[1] != "All regions":
                        raise SourceFormatError(f"{model}: availability {row[1]!r}")
                    found[model][sku] = list(all_regions)
                    continue
                regions = [REGION_OF_DISPLAY[c.replace(" ", "").lower()] for c in columns]
                found[model][sku] = [r for r, mark in zip(regions, row[1:], strict=True) if mark == "✅"]
    return dict(found)


# -- quotas and capacity units ------------------------------------------------------------------


def parse_quotas(text: str) -> dict[str, dict[str, int]]:
    """SKU -> model -> tokens per minute, from the Tier 1 table (rows without TPM are skipped,
    and so are rows whose model is marked by a footnote the include does not carry)."""
    lines = text.splitlines()
    quotas: dict[str, dict[str, int]] = defaultdict(dict)
    start = next(i for i, line in enumerate(lines) if line.startswith("| Model Name"))
    for model, sku, _rpm, tpm in table_rows(lines, start):
        if tpm == "-" or "<sup>" in model:
            continue
        quotas[sku][model] = int(tpm.replace(",", ""))
    return {sku: dict(sorted(models.items())) for sku, models in sorted(quotas.items())}


def parse_capacity_units(text: str) -> tuple[int, dict[str, int]]:
    """(tokens per minute of one unit of "older chat models", {model: tokens per minute})."""
    default: int | None = None
    units: dict[str, int] = {}
    for line in text.splitlines():
        if not line.startswith("> | **"):
            continue
        name, _capacity, _rpm, tpm = cells(line[2:])
        value = int(tpm.removesuffix(" TPM").replace(",", ""))
        names = [n.strip() for n in plain(name).rstrip(":").split("&")]
        if names == ["Older chat models"]:
            default = value
        else:
            units.update(dict.fromkeys(names, value))
    if default is None:
        raise SourceFormatError("no capacity unit of older chat models")
    return default, units


# -- assembly -----------------------------------------------------------------------------------


def source_entry(source: SourceFile, text: str, notes: list[str]) -> dict[str, Any]:
    check_commit(text, source)
    entry: dict[str, Any] = {
        "covers": source.covers,
        "repository": source.repository,
        "path": source.path,
        "commit": source.commit,
        "asOf": ms_date(text, source).isoformat(),
        "copy": f"tools/catalog_sources/{source.copy}",
    }
    if source.page is not None:
        entry["page"] = source.page
    if notes:
        entry["notes"] = notes
    return entry


def build() -> dict[str, Any]:
    texts = {s.copy: read_copy(s) for s in ALL_SOURCES}
    availability = Availability({}, {}, set())
    for source in AVAILABILITY_SOURCES:
        parse_availability(texts[source.copy], source, availability)
    regions = sorted(availability.regions)
    lifecycles = parse_lifecycle(texts[LIFECYCLE_SOURCE.copy])
    tunable = parse_fine_tune_versions(texts[FINE_TUNE_MODELS_SOURCE.copy])
    fine_tune_skus = parse_fine_tune_skus(texts[FINE_TUNE_DEPLOY_SOURCE.copy], regions)
    quotas = parse_quotas(texts[QUOTA_SOURCE.copy])
    default_unit, units = parse_capacity_units(texts[UNITS_SOURCE.copy])
    token_models = {m for models in quotas.values() for m in models} | set(units)

    models = []
    # Retired or unlisted Azure OpenAI versions of the retirement table are kept without regions,
    # so a stack naming one hears when it was retired instead of "unknown model".
    for name, version in sorted(set(availability.skus) | lifecycles.openai):
        skus = availability.skus.get((name, version), {})
        entry: dict[str, Any] = {
            "name": name,
            "version": version,
            "format": "OpenAI",
            # Only models with a published token quota or unit are metered in tokens; the unit of
            # the others (images, video, speech) is not published, so no quota check uses them.
            "capacityUnit": {"kind": "tokens", "perUnit": units.get(name, default_unit), "per": "minute"}
            if name in token_models
            else None,
            "lifecycle": lifecycles.stages.get((name, version), {"status": "Unknown"}),
            "skus": {sku: sorted(rs) for sku, rs in sorted(skus.items()) if rs},
        }
        if tunable.get(name) == version and name.lower() in fine_tune_skus:
            per_sku = {sku: sorted(rs) for sku, rs in sorted(fine_tune_skus[name.lower()].items())}
            entry["fineTune"] = {
                "regions": sorted({r for rs in per_sku.values() for r in rs}),
                "skus": per_sku,
                **lifecycles.fine_tuned.get((name, version), {}),
            }
        models.append(entry)

    availability_dates = [ms_date(texts[s.copy], s) for s in AVAILABILITY_SOURCES]
    return {
        "schemaVersion": 2,
        "kind": "snapshot",
        "asOf": min(availability_dates).isoformat(),
        "lifecycleAsOf": ms_date(texts[LIFECYCLE_SOURCE.copy], LIFECYCLE_SOURCE).isoformat(),
        "quotasAsOf": ms_date(texts[QUOTA_SOURCE.copy], QUOTA_SOURCE).isoformat(),
        "quotaBasis": "Tier 1, the lowest paid quota tier (Foundry quota tiers); your subscription's "
        "tier may allow more",
        "sources": [
            source_entry(s, texts[s.copy], lifecycles.notes if s is LIFECYCLE_SOURCE else [])
            for s in ALL_SOURCES
        ],
        "regions": {
            r: {"displayName": DISPLAY_NAMES[r], "dataZone": availability.zones.get(r)} for r in regions
        },
        "models": models,
        "defaultQuotaTpm": quotas,
    }


def render(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(build()), encoding="utf-8")
    print(f"wrote {TARGET}")
