"""The catalog the CLI answers from: AOAI_CATALOG, else the project's aoai-catalog.json, else the
shipped snapshot (components/catalog_choice.py decides); too old, it says so once, on stderr."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from rich.markup import escape

from azure_openai_toolkit.catalog import Catalog, CatalogError
from azure_openai_toolkit.catalog_choice import (
    PROJECT_CATALOG,
    catalog_settings,
    first_announcement,
    select_catalog,
    staleness_warning,
)

from .console import err
from .exit_codes import AoaiError
from .project import project_dir


def project_dir_or_none() -> Path | None:
    try:
        return project_dir()
    except AoaiError:
        return None  # outside a project: the shipped snapshot answers


def default_catalog_path() -> Path:
    """Where `aoai catalog refresh` writes by default: next to the project's Pulumi.yaml."""
    return (project_dir_or_none() or Path.cwd()) / PROJECT_CATALOG


def project_catalog(today: datetime.date | None = None) -> Catalog:
    """The catalog of this run. Exit 2 (AoaiError) when the chosen file is missing or broken."""
    try:
        settings = catalog_settings(os.environ, Path.cwd())
        catalog = select_catalog(project_dir_or_none(), settings)
    except CatalogError as error:
        raise AoaiError(str(error)) from None
    today = today or datetime.datetime.now(datetime.UTC).date()
    warning = staleness_warning(catalog, today, settings.max_age_days)
    if warning and first_announcement(warning):
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    return catalog


def catalog_json(catalog: Catalog, today: datetime.date | None = None) -> dict[str, object]:
    """How JSON reports name the catalog they answered from."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    return {
        "kind": catalog.data.kind,
        "origin": catalog.origin.kind,
        "path": catalog.origin.display if catalog.origin.kind == "project" else None,
        "asOf": catalog.as_of,
        "ageDays": catalog.age_days(today),
    }
