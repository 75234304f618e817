"""Which catalog a run answers from, and whether it is too old to trust without a warning.

In order: the file named by AOAI_CATALOG; else the project's catalog (aoai-catalog.json next to
Pulumi.yaml, written by `aoai catalog refresh`); else the snapshot shipped with the toolkit.
Both edges (the CLI and the Pulumi program) read the environment and pass it in here: the
library itself never reads os.environ.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalog import Catalog

# The catalog models (pydantic) are imported by the functions that read a catalog: the names below
# are what the CLI shows in --help, and its start must not pay for the models.

PROJECT_CATALOG = "aoai-catalog.json"
ENV_CATALOG = "AOAI_CATALOG"
ENV_MAX_AGE = "AOAI_CATALOG_MAX_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 90
REFRESH_HINT = (
    f"refresh it from Azure with `aoai catalog refresh --subscription <id>` (writes {PROJECT_CATALOG} "
    f"next to Pulumi.yaml; commit it), or raise {ENV_MAX_AGE}"
)


@dataclass(frozen=True)
class CatalogSettings:
    explicit: Path | None  # AOAI_CATALOG
    max_age_days: int


def catalog_settings(environ: Mapping[str, str], base: Path) -> CatalogSettings:
    """The catalog settings of the environment; relative AOAI_CATALOG paths are from `base`.
    Raises CatalogError for values that are not usable, naming the variable."""
    from .catalog import CatalogError

    explicit = environ.get(ENV_CATALOG) or None
    text = environ.get(ENV_MAX_AGE) or str(DEFAULT_MAX_AGE_DAYS)
    try:
        max_age = int(text)
    except ValueError:
        max_age = 0
    if max_age < 1:
        raise CatalogError(f"{ENV_MAX_AGE} must be a whole number of days, 1 or more (got {text!r})")
    return CatalogSettings((base / explicit) if explicit else None, max_age)


def project_root_of(program: Path) -> Path:
    """The folder of the Pulumi.yaml above a program (Pulumi.yaml's `main` may be a subfolder);
    the program's own folder when none is found."""
    start = program.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in ("Pulumi.yaml", "Pulumi.yml")):
            return folder
    return start


def _display(path: Path, project_dir: Path | None) -> str:
    if project_dir is not None:
        try:
            return str(path.resolve().relative_to(project_dir.resolve()))
        except ValueError:
            pass
    return str(path)


@functools.lru_cache(maxsize=8)
def _load(path: Path, display: str, stamp: tuple[int, int]) -> Catalog:
    from .catalog import CatalogOrigin, load_catalog

    del stamp  # part of the cache key only: a rewritten file is read again
    return load_catalog(path, CatalogOrigin("project", path, display))


def select_catalog(project_dir: Path | None, settings: CatalogSettings) -> Catalog:
    """The catalog this project's runs answer from. Raises CatalogError when the chosen file is
    missing (AOAI_CATALOG) or not a valid catalog: a broken project catalog is never skipped
    silently in favour of an older one."""
    from .catalog import CatalogError, default_catalog
    from .config.paths import what_is_at

    if settings.explicit is not None:
        path = settings.explicit
        found = what_is_at(path)
        if found.missing:
            raise CatalogError(f"{path}: {ENV_CATALOG} names a catalog file that does not exist")
        if not found.is_file:
            raise CatalogError(
                f"{path}: {ENV_CATALOG} names {found.what}, not a catalog file; point it at a "
                f"catalog JSON file (`aoai catalog refresh` writes {PROJECT_CATALOG}), or unset it"
            )
    elif project_dir is not None and not (found := what_is_at(project_dir / PROJECT_CATALOG)).missing:
        path = project_dir / PROJECT_CATALOG
        if not found.is_file:
            raise CatalogError(f"{path}: the project catalog is {found.what}, not a catalog file")
    else:
        return default_catalog()
    status = path.stat()
    return _load(path, _display(path, project_dir), (status.st_mtime_ns, status.st_size))


def staleness_warning(catalog: Catalog, today: datetime.date, max_age_days: int) -> str | None:
    """One sentence when the catalog is older than allowed: which catalog, how old, what to do."""
    age = catalog.age_days(today)
    if age <= max_age_days:
        return None
    return f"{catalog.stamp}: {age} days old, more than the {max_age_days} allowed; {REFRESH_HINT}"


_announced: set[str] = set()


def first_announcement(message: str) -> bool:
    """True the first time a message is announced in this process.

    The offline `aoai plan` runs the Pulumi program inside the CLI's process; both would warn
    about the same catalog, and the user should read it once."""
    if message in _announced:
        return False
    _announced.add(message)
    return True


def reset_announcements() -> None:
    """Start a new run: the CLI calls it before each command (tests run many in one process)."""
    _announced.clear()
