"""The catalog's queries and lifecycle rules on a small catalog written here by hand.

`make mutate` found these unpinned: the shipped snapshot has no model whose every lifecycle field
is set, and no live catalog. The catalog below is a few lines of the schema (components/catalog.py,
docs/catalog.md), so each expected value follows from the rule and the lines, not from the code.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.catalog import (
    DATA_FILE,
    Catalog,
    CatalogError,
    CatalogOrigin,
    load_catalog,
    parse_catalog,
)
from azure_openai_toolkit.fine_tuned import FineTunedModel

DAY = datetime.date
SNAPSHOT_STAMP = "shipped catalog, tables as of 2026-05-11"


def entry(name: str, version: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "format": "OpenAI",
        "capacityUnit": {"kind": "tokens", "perUnit": 1000, "per": "minute"},
        "lifecycle": {"status": "GenerallyAvailable"},
        "skus": {"GlobalStandard": ["eastus", "swedencentral"], "Standard": ["swedencentral"]},
        **fields,
    }


def catalog_data(*models: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "schemaVersion": 2,
        "kind": "snapshot",
        "asOf": "2026-05-11",
        "lifecycleAsOf": "2026-09-02",
        "quotasAsOf": "2026-08-20",
        "quotaBasis": "Tier 1",
        "sources": [],
        "regions": {
            "eastus": {"displayName": "East US", "dataZone": "US"},
            "westus": {"displayName": "West US", "dataZone": "US"},
            "swedencentral": {"displayName": "Sweden Central", "dataZone": "EU"},
            "uksouth": {"displayName": "UK South", "dataZone": None},
        },
        "models": list(models) or [entry("chat", "1")],
        "defaultQuotaTpm": {"GlobalStandard": {"chat": 50_000}},
        **fields,
    }


def catalog(*models: dict[str, Any], origin: CatalogOrigin | None = None, **fields: Any) -> Catalog:
    return parse_catalog(catalog_data(*models, **fields), "test catalog", origin)


LIVE = {
    "readAt": "2026-11-30T08:15:00Z",
    "cloud": "AzureCloud",
    "armEndpoint": "https://management.azure.com/",
    "apiVersion": "2025-06-01",
    "regionsRead": ["eastus"],
}


# -- which catalog, how old ------------------------------------------------------------------------


def test_the_stamp_names_the_catalog_and_the_day_it_stands_for(tmp_path: Path) -> None:
    assert catalog().stamp == SNAPSHOT_STAMP
    project = CatalogOrigin("project", tmp_path / "c.json", "aoai-catalog.json")
    assert catalog(origin=project).stamp == "catalog aoai-catalog.json, tables as of 2026-05-11"
    live_file = catalog(origin=project, kind="live", live=LIVE)
    assert live_file.stamp == "catalog aoai-catalog.json, read live 2026-11-30"
    live = catalog(origin=CatalogOrigin("live", tmp_path, "Azure"), kind="live", live=LIVE)
    assert live.stamp == "live models list, read live 2026-11-30"


def test_age_in_days_counts_from_the_catalogs_date() -> None:
    assert catalog().as_of == "2026-05-11"
    assert catalog().age_days(DAY(2026, 5, 11)) == 0
    assert catalog().age_days(DAY(2026, 6, 10)) == 30


# -- regions and models ----------------------------------------------------------------------------


def test_regions_are_labelled_and_zoned_when_known() -> None:
    cat = catalog()
    assert cat.region_label("swedencentral") == "swedencentral (Sweden Central)"
    assert cat.region_label("atlantis") == "atlantis"
    assert cat.data_zone("eastus") == "US"
    assert cat.data_zone("uksouth") is None
    assert cat.data_zone("atlantis") is None
    assert cat.regions_in_zone("US") == ["eastus", "westus"]
    assert cat.regions_in_zone("EU") == ["swedencentral"]


def test_models_are_found_by_format_name_and_version() -> None:
    grok = {**entry("grok", "1"), "format": "xAI"}
    cat = catalog(entry("chat", "2"), entry("chat", "1"), entry("embed", "1"), grok)
    found = cat.model("chat", "1")
    assert found is not None and found.label == "chat 1"
    assert cat.model("chat", "3") is None
    assert cat.model("grok", "1") is None  # OpenAI unless a format is named
    assert cat.model("grok", "1", "xAI") is not None
    assert cat.versions("chat") == ["1", "2"]
    assert cat.versions("grok") == []
    assert cat.versions("grok", "xAI") == ["1"]
    assert cat.model_names() == ["chat", "embed", "grok"]
    assert [m.label for m in cat.entries()] == ["chat 1", "chat 2", "embed 1", "grok 1"]


def test_where_a_sku_is_offered() -> None:
    cat = catalog()
    chat = cat.model("chat", "1")
    assert chat is not None
    assert cat.regions_for(chat, "GlobalStandard") == ["eastus", "swedencentral"]
    assert cat.regions_for(chat, "ProvisionedManaged") == []
    assert cat.offered(chat, "Standard", "swedencentral")
    assert not cat.offered(chat, "Standard", "eastus")
    assert cat.skus_in(chat, "swedencentral") == ["GlobalStandard", "Standard"]
    assert cat.skus_in(chat, "uksouth") == []


def test_default_quota_by_sku_and_model() -> None:
    cat = catalog()
    assert cat.default_quota_tpm("GlobalStandard", "chat") == 50_000
    assert cat.default_quota_tpm("GlobalStandard", "embed") is None
    assert cat.default_quota_tpm("Standard", "chat") is None


def test_capacity_units_in_requests_are_described_as_requests() -> None:
    cat = catalog(entry("image", "1", capacityUnit={"kind": "requests", "perUnit": 6, "per": "minute"}))
    image = cat.model("image", "1")
    assert image is not None and image.capacity_unit is not None
    assert image.capacity_unit.describe() == "1 unit = 6 requests per minute"


# -- fine-tuned models ------------------------------------------------------------------------------


def test_fine_tuned_deployments_per_sku_when_the_catalog_says_per_sku() -> None:
    per_sku = {"regions": ["eastus", "swedencentral"], "skus": {"Standard": ["swedencentral"]}}
    cat = catalog(entry("base", "1", fineTune=per_sku), entry("plain", "1"))
    base, plain = cat.model("base", "1"), cat.model("plain", "1")
    assert base is not None and plain is not None
    assert cat.fine_tune_regions(base, "Standard") == ["swedencentral"]
    assert cat.fine_tune_regions(base, "GlobalStandard") == []
    assert cat.fine_tune_offered(base, "Standard", "swedencentral")
    assert not cat.fine_tune_offered(base, "Standard", "eastus")  # fine-tuning there, not Standard
    assert cat.fine_tune_regions(plain, "Standard") == []
    assert not cat.fine_tune_offered(plain, "Standard", "swedencentral")


def test_a_live_catalog_knows_only_where_fine_tuning_is_offered() -> None:
    cat = catalog(entry("base", "1", fineTune={"regions": ["eastus"]}))
    base = cat.model("base", "1")
    assert base is not None
    assert cat.fine_tune_regions(base, "Standard") is None
    assert cat.fine_tune_offered(base, "Standard", "eastus")
    assert not cat.fine_tune_offered(base, "Standard", "swedencentral")


def test_the_base_of_a_fine_tuned_model_is_looked_up_by_its_name_version_and_format() -> None:
    grok = {**entry("base", "1"), "format": "xAI"}
    cat = catalog(entry("base", "1"), grok)
    tuned = FineTunedModel("base", "1", "0123456789abcdef0123456789abcdef")
    openai = cat.fine_tuned_base(tuned)
    assert openai is not None and openai.format == "OpenAI"
    other = cat.fine_tuned_base(tuned, "xAI")
    assert other is not None and other.format == "xAI"
    assert cat.fine_tuned_base(FineTunedModel("base", "2", tuned.job)) is None


# -- lifecycle --------------------------------------------------------------------------------------


def state(
    life: dict[str, Any], today: datetime.date, sku: str | None = None, **fields: Any
) -> tuple[bool, str | None]:
    cat = catalog(entry("chat", "1", lifecycle=life, **fields))
    chat = cat.model("chat", "1")
    assert chat is not None
    found = cat.lifecycle_state(chat, today, sku)
    return found.blocked, found.message


DATED = f"(lifecycle: {SNAPSHOT_STAMP})"


def test_retired_on_its_day_with_the_date_or_without_one() -> None:
    life = {"status": "GenerallyAvailable", "retirement": "2027-01-31"}
    on_the_day = state(life, DAY(2027, 1, 31))
    assert on_the_day == (True, f"chat 1 was retired on 2027-01-31; deployments of it fail {DATED}")
    undated = state({"status": "Retired"}, DAY(2026, 1, 1))
    assert undated == (True, f"chat 1 was retired; deployments of it fail {DATED}")


def test_a_sku_retires_on_its_own_earlier_date() -> None:
    life = {"status": "GenerallyAvailable", "retirement": "2027-06-30"}
    standard = {"Standard": "2027-01-31"}
    retired = (True, f"chat 1 was retired on 2027-01-31; deployments of it fail {DATED}")
    assert state(life, DAY(2027, 2, 1), "Standard", skuRetirement=standard) == retired
    assert state(life, DAY(2027, 2, 1), "GlobalStandard", skuRetirement=standard) == (False, None)
    assert state(life, DAY(2027, 2, 1), None, skuRetirement=standard) == (False, None)
    # A SKU date later than the model's: the model's date counts.
    later = {"Standard": "2027-12-31"}
    assert state(life, DAY(2027, 6, 30), "Standard", skuRetirement=later) == (
        True,
        f"chat 1 was retired on 2027-06-30; deployments of it fail {DATED}",
    )


def test_deprecated_from_its_day_naming_since_and_retirement_when_known() -> None:
    life = {"status": "GenerallyAvailable", "deprecation": "2026-10-01", "retirement": "2027-01-31"}
    assert state(life, DAY(2026, 10, 1)) == (
        True,
        "chat 1 is deprecated since 2026-10-01, retirement 2027-01-31: new customers cannot deploy it "
        + DATED,
    )
    assert state({"status": "Deprecated"}, DAY(2026, 10, 1)) == (
        True,
        f"chat 1 is deprecated: new customers cannot deploy it {DATED}",
    )


def test_possible_dates_that_have_passed_are_said_and_replace_the_schedule() -> None:
    life = {
        "status": "GenerallyAvailable",
        "deprecationNotBefore": "2026-09-01",
        "retirementNotBefore": "2026-12-01",
        "retirement": "2027-01-31",
    }
    assert state(life, DAY(2026, 8, 31)) == (False, None)
    assert state(life, DAY(2026, 9, 1)) == (False, f"chat 1: deprecation possible from 2026-09-01 {DATED}")
    assert state(life, DAY(2026, 12, 1)) == (
        False,
        f"chat 1: deprecation possible from 2026-09-01; retirement possible from 2026-12-01 {DATED}",
    )


def test_every_scheduled_date_is_said_from_60_days_before_the_first() -> None:
    life = {"status": "GenerallyAvailable", "deprecation": "2026-12-01", "retirement": "2027-06-30"}
    assert state(life, DAY(2026, 10, 1)) == (False, None)  # 61 days before the deprecation
    assert state(life, DAY(2026, 10, 2)) == (
        False,
        f"chat 1: deprecation scheduled for 2026-12-01, retirement scheduled for 2027-06-30 {DATED}",
    )


def test_legacy_asks_to_plan_the_move_naming_the_replacement_when_known() -> None:
    assert state({"status": "Legacy", "replacement": "chat-2"}, DAY(2026, 1, 1)) == (
        False,
        f"chat 1: Legacy: newer models exist, plan the move to chat-2 {DATED}",
    )
    assert state({"status": "Legacy"}, DAY(2026, 1, 1)) == (
        False,
        f"chat 1: Legacy: newer models exist, plan the move {DATED}",
    )
    legacy_soon = {"status": "Legacy", "retirement": "2026-02-01"}
    assert state(legacy_soon, DAY(2026, 1, 1)) == (
        False,
        f"chat 1: retirement scheduled for 2026-02-01; Legacy: newer models exist, plan the move {DATED}",
    )


def test_an_unknown_lifecycle_says_where_to_read_it() -> None:
    assert state({"status": "Unknown"}, DAY(2026, 1, 1)) == (
        False,
        f"chat 1: the catalog's sources give no lifecycle for it; aoai preflight reads it live {DATED}",
    )


def test_preview_says_nothing_until_a_date_comes_near() -> None:
    assert state({"status": "Preview"}, DAY(2026, 1, 1)) == (False, None)


# -- refusing a file that is not a catalog ---------------------------------------------------------


def test_a_live_catalog_without_its_read_and_a_snapshot_with_one_are_refused() -> None:
    with pytest.raises(CatalogError, match="a live catalog says where it was read"):
        catalog(kind="live")
    with pytest.raises(CatalogError, match="a live catalog says where it was read"):
        catalog(live=LIVE)
    assert catalog(kind="live", live=LIVE).data.live is not None


def test_the_same_model_version_is_listed_once_per_format() -> None:
    with pytest.raises(CatalogError, match="chat 1 is listed twice"):
        catalog(entry("chat", "1"), entry("chat", "1"))
    grok = {**entry("chat", "1"), "format": "xAI"}
    assert len(catalog(entry("chat", "1"), grok).entries()) == 2


def test_fine_tuning_regions_must_be_catalog_regions() -> None:
    with pytest.raises(CatalogError, match=r"chat 1 names unknown regions \['atlantis', 'mu'\]"):
        catalog(entry("chat", "1", fineTune={"regions": ["mu", "eastus", "atlantis"]}))


def test_the_first_five_problems_are_named_by_their_path() -> None:
    data = catalog_data()
    for key in ("asOf", "lifecycleAsOf", "quotasAsOf", "quotaBasis", "sources", "regions"):
        del data[key]
    with pytest.raises(CatalogError) as caught:
        parse_catalog(data, "my.json")
    assert str(caught.value) == (
        "my.json: not a valid catalog (asOf: Field required; lifecycleAsOf: Field required; "
        "quotasAsOf: Field required; quotaBasis: Field required; sources: Field required)."
    )


def test_a_problem_inside_a_model_is_named_by_its_dotted_path() -> None:
    data = catalog_data(entry("chat", "1", capacityUnit={"kind": "tokens", "perUnit": 0, "per": "minute"}))
    with pytest.raises(CatalogError) as caught:
        parse_catalog(data, "my.json")
    assert str(caught.value) == (
        "my.json: not a valid catalog (models.0.capacityUnit.perUnit: Input should be greater than 0)."
    )


def test_a_problem_of_the_whole_file_is_named_file_and_an_old_schema_gets_a_hint() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog([], "my.json")
    assert str(caught.value) == (
        "my.json: not a valid catalog (file: Input should be a valid dictionary or instance of CatalogFile)."
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog({}, "old.json")
    assert str(caught.value).endswith(
        " It is not a catalog of schema 2: write it again with `aoai catalog refresh`."
    )


def test_a_catalog_too_deep_or_too_big_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CatalogError) as caught:
        load_catalog(deep)
    assert str(caught.value) == f"{deep}: not a catalog (nested too deeply)"
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(CatalogError) as caught:
        load_catalog(big)
    assert str(caught.value).startswith(f"{big}: cannot read the catalog (")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value) == f"{tmp_path}: cannot read the catalog (is a directory, not a file)"


def test_json_errors_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "schemaVersion": 2,\n  oops\n}')
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == (
        f"{path}: not valid JSON (line 3: Expecting property name enclosed in double quotes)"
    )


def test_a_file_is_read_with_the_origin_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(catalog_data()))
    origin = CatalogOrigin("project", path, "c.json")
    assert load_catalog(path, origin).origin is origin
    shipped = load_catalog(path).origin  # unless told otherwise, the shipped snapshot's
    assert (shipped.kind, shipped.path) == ("shipped", DATA_FILE)
    assert shipped.display == "the toolkit's shipped snapshot"


def test_a_catalog_beyond_a_stack_files_one_megabyte_limit_is_read(tmp_path: Path) -> None:
    """A catalog of every region and model is a few hundred KB: its limit is 16 MB, not 1 MB."""
    path = tmp_path / "c.json"
    path.write_text(json.dumps(catalog_data()) + " " * 2 * 1024 * 1024)
    assert load_catalog(path).as_of == "2026-05-11"


def test_a_missing_catalog_is_said_to_be_missing(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path / "none.json")
    assert str(caught.value) == f"{tmp_path / 'none.json'}: catalog file not found"
