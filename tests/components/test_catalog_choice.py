"""Which catalog a run answers from, and when it is too old."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from azure_openai_toolkit.catalog import DATA_FILE, CatalogError, default_catalog
from azure_openai_toolkit.catalog_choice import (
    CatalogSettings,
    catalog_settings,
    first_announcement,
    project_root_of,
    select_catalog,
    staleness_warning,
)

DEFAULTS = CatalogSettings(None, 90)


def project_catalog(folder: Path, as_of: str = "2026-11-30") -> Path:
    data = json.loads(DATA_FILE.read_text())
    data["asOf"] = as_of
    path = folder / "aoai-catalog.json"
    path.write_text(json.dumps(data))
    return path


def test_the_shipped_snapshot_answers_without_a_project_catalog(tmp_path: Path) -> None:
    assert select_catalog(tmp_path, DEFAULTS) is default_catalog()
    assert select_catalog(None, DEFAULTS) is default_catalog()


def test_the_project_catalog_wins_and_is_named_by_its_file(tmp_path: Path) -> None:
    project_catalog(tmp_path)
    catalog = select_catalog(tmp_path, DEFAULTS)
    assert catalog.origin.kind == "project" and catalog.origin.display == "aoai-catalog.json"
    assert catalog.stamp == "catalog aoai-catalog.json, tables as of 2026-11-30"


def test_a_rewritten_project_catalog_is_read_again(tmp_path: Path) -> None:
    path = project_catalog(tmp_path)
    assert select_catalog(tmp_path, DEFAULTS).as_of == "2026-11-30"
    project_catalog(tmp_path, "2026-12-01")
    path.touch()
    assert select_catalog(tmp_path, DEFAULTS).as_of == "2026-12-01"


def test_aoai_catalog_names_the_file_relative_to_the_base(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    project_catalog(tmp_path / "elsewhere")
    settings = catalog_settings({"AOAI_CATALOG": "elsewhere/aoai-catalog.json"}, tmp_path)
    assert select_catalog(None, settings).origin.path == tmp_path / "elsewhere" / "aoai-catalog.json"
    missing = catalog_settings({"AOAI_CATALOG": "nope.json"}, tmp_path)
    with pytest.raises(CatalogError, match="AOAI_CATALOG names a catalog file that does not exist"):
        select_catalog(tmp_path, missing)


def test_a_broken_project_catalog_is_an_error_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "aoai-catalog.json").write_text('{"schemaVersion": 2}')
    with pytest.raises(CatalogError, match=r"aoai-catalog\.json: not a valid catalog"):
        select_catalog(tmp_path, DEFAULTS)


@pytest.mark.parametrize("value", ["0", "-5", "ninety", "1.5"])
def test_the_maximum_age_must_be_a_positive_number_of_days(tmp_path: Path, value: str) -> None:
    with pytest.raises(
        CatalogError, match=f"AOAI_CATALOG_MAX_AGE_DAYS must be a whole number of days.*{value}"
    ):
        catalog_settings({"AOAI_CATALOG_MAX_AGE_DAYS": value}, tmp_path)
    assert catalog_settings({}, tmp_path).max_age_days == 90
    assert catalog_settings({"AOAI_CATALOG_MAX_AGE_DAYS": "30"}, tmp_path).max_age_days == 30


def test_an_old_catalog_gets_one_sentence_saying_how_to_refresh(tmp_path: Path) -> None:
    project_catalog(tmp_path, "2026-09-01")
    catalog = select_catalog(tmp_path, DEFAULTS)
    assert staleness_warning(catalog, datetime.date(2026, 11, 30), 90) is None  # 90 days: fine
    message = staleness_warning(catalog, datetime.date(2026, 12, 1), 90)
    assert message == (
        "catalog aoai-catalog.json, tables as of 2026-09-01: 91 days old, more than the 90 allowed; "
        "refresh it from Azure with `aoai catalog refresh --subscription <id>` (writes aoai-catalog.json "
        "next to Pulumi.yaml; commit it), or raise AOAI_CATALOG_MAX_AGE_DAYS"
    )


def test_an_announcement_is_made_once_per_process() -> None:
    message = "a message no other test announces"
    assert first_announcement(message) is True
    assert first_announcement(message) is False


def test_one_day_is_the_shortest_maximum_age(tmp_path: Path) -> None:
    assert catalog_settings({"AOAI_CATALOG_MAX_AGE_DAYS": "1"}, tmp_path).max_age_days == 1


@pytest.mark.parametrize("name", ["Pulumi.yaml", "Pulumi.yml"])
def test_the_project_root_is_the_folder_of_the_pulumi_yaml_above_the_program(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "infra" / "program").mkdir(parents=True)
    (tmp_path / "infra" / name).write_text("name: p\nruntime: python\nmain: program\n")
    program = tmp_path / "infra" / "program" / "__main__.py"
    program.write_text("")
    assert project_root_of(program) == (tmp_path / "infra").resolve()


def test_without_a_pulumi_yaml_the_project_root_is_the_programs_folder(tmp_path: Path) -> None:
    (tmp_path / "program").mkdir()
    program = tmp_path / "program" / "__main__.py"
    program.write_text("")
    assert project_root_of(program) == (tmp_path / "program").resolve()


def test_a_catalog_outside_the_project_is_named_by_its_whole_path(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project_catalog(tmp_path)
    settings = catalog_settings({"AOAI_CATALOG": str(tmp_path / "aoai-catalog.json")}, tmp_path)
    catalog = select_catalog(tmp_path / "project", settings)
    assert catalog.origin.display == str(tmp_path / "aoai-catalog.json")


def test_a_folder_where_a_catalog_file_should_be_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    settings = catalog_settings({"AOAI_CATALOG": "catalogs"}, tmp_path)
    with pytest.raises(CatalogError) as caught:
        select_catalog(tmp_path, settings)
    assert str(caught.value) == (
        f"{tmp_path / 'catalogs'}: AOAI_CATALOG names a directory, not a catalog file; point it at a "
        "catalog JSON file (`aoai catalog refresh` writes aoai-catalog.json), or unset it"
    )
    (tmp_path / "aoai-catalog.json").mkdir()
    with pytest.raises(CatalogError) as caught:
        select_catalog(tmp_path, DEFAULTS)
    assert str(caught.value) == (
        f"{tmp_path / 'aoai-catalog.json'}: the project catalog is a directory, not a catalog file"
    )
