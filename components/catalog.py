"""The model catalog: model x version x deployment SKU x region, lifecycle, capacity units, quotas.

A snapshot of Microsoft's published tables (components/data/catalog.json, written by
tools/build_catalog.py). It records its sources and as-of dates, and every answer given from it
should say that date: Azure changes availability often, and `aoai preflight` asks Azure itself.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .config.models import DeploymentSku

DATA_FILE = Path(__file__).resolve().parent / "data" / "catalog.json"
# Warn this long before a scheduled retirement: enough time to test and move to a new version.
RETIREMENT_WARNING_DAYS = 180

Sku = DeploymentSku


class CatalogError(Exception):
    """The catalog file is missing or does not hold a valid catalog."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Region(_Strict):
    display_name: str = Field(alias="displayName")
    data_zone: Literal["EU", "US"] | None = Field(alias="dataZone")


class CapacityUnit(_Strict):
    kind: Literal["tokens", "requests"]
    per_unit: int = Field(alias="perUnit", gt=0)
    per: Literal["minute"]

    def describe(self) -> str:
        what = "tokens" if self.kind == "tokens" else "requests"
        return f"1 unit = {self.per_unit:,} {what} per {self.per}"


class Lifecycle(_Strict):
    status: Literal["GenerallyAvailable", "Preview", "Deprecated", "Retired", "Unknown"]
    deprecation: datetime.date | None = None
    retirement: datetime.date | None = None
    deprecation_not_before: datetime.date | None = Field(None, alias="deprecationNotBefore")
    retirement_not_before: datetime.date | None = Field(None, alias="retirementNotBefore")


class ModelEntry(_Strict):
    name: str
    version: str
    format: str
    capacity_unit: CapacityUnit = Field(alias="capacityUnit")
    lifecycle: Lifecycle
    skus: dict[Sku, list[str]]

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


class CatalogFile(_Strict):
    as_of: datetime.date = Field(alias="asOf")
    lifecycle_as_of: datetime.date = Field(alias="lifecycleAsOf")
    quotas_as_of: datetime.date = Field(alias="quotasAsOf")
    source: dict[str, str]
    regions: dict[str, Region]
    models: list[ModelEntry]
    default_quota_tpm: dict[Sku, dict[str, int]] = Field(alias="defaultQuotaTpm")

    @model_validator(mode="after")
    def _consistent(self) -> CatalogFile:
        seen: set[tuple[str, str, str]] = set()
        for entry in self.models:
            key = (entry.format, entry.name, entry.version)
            if key in seen:
                raise ValueError(f"{entry.label} is listed twice")
            seen.add(key)
            for sku, regions in entry.skus.items():
                unknown = sorted(set(regions) - set(self.regions))
                if unknown:
                    raise ValueError(f"{entry.label} {sku} names unknown regions {unknown}")
        return self


@dataclass(frozen=True)
class LifecycleState:
    """Where a model version stands on a given day."""

    blocked: bool
    message: str | None  # why it is blocked, or a warning; None when nothing to say


class Catalog:
    """Queries over a validated catalog file."""

    def __init__(self, data: CatalogFile) -> None:
        self.data = data
        self._by_key = {(m.format, m.name, m.version): m for m in data.models}

    @property
    def as_of(self) -> str:
        return self.data.as_of.isoformat()

    @property
    def stamp(self) -> str:
        """The phrase every answer from the catalog carries."""
        return f"catalog as of {self.as_of}"

    @property
    def regions(self) -> dict[str, Region]:
        return self.data.regions

    def region_label(self, region: str) -> str:
        known = self.data.regions.get(region)
        return f"{region} ({known.display_name})" if known else region

    def data_zone(self, region: str) -> str | None:
        known = self.data.regions.get(region)
        return known.data_zone if known else None

    def regions_in_zone(self, zone: str) -> list[str]:
        return sorted(r for r, facts in self.data.regions.items() if facts.data_zone == zone)

    def model(self, name: str, version: str, format: str = "OpenAI") -> ModelEntry | None:
        return self._by_key.get((format, name, version))

    def versions(self, name: str, format: str = "OpenAI") -> list[str]:
        return sorted(m.version for m in self.data.models if m.format == format and m.name == name)

    def model_names(self) -> list[str]:
        return sorted({m.name for m in self.data.models})

    def entries(self) -> list[ModelEntry]:
        return sorted(self.data.models, key=lambda m: (m.name, m.version))

    def offered(self, entry: ModelEntry, sku: str, region: str) -> bool:
        return region in self.regions_for(entry, sku)

    def regions_for(self, entry: ModelEntry, sku: str) -> list[str]:
        for name, regions in entry.skus.items():
            if name == sku:
                return list(regions)
        return []

    def skus_in(self, entry: ModelEntry, region: str) -> list[str]:
        return sorted(sku for sku, regions in entry.skus.items() if region in regions)

    def default_quota_tpm(self, sku: str, model: str) -> int | None:
        for name, quotas in self.data.default_quota_tpm.items():
            if name == sku:
                return quotas.get(model)
        return None

    def lifecycle_state(self, entry: ModelEntry, today: datetime.date) -> LifecycleState:
        life = entry.lifecycle
        dated = f"(lifecycle as of {self.data.lifecycle_as_of.isoformat()})"
        if life.status == "Retired" or (life.retirement and today >= life.retirement):
            when = f" on {life.retirement.isoformat()}" if life.retirement else ""
            return LifecycleState(True, f"{entry.label} was retired{when}; deployments of it fail {dated}")
        if life.status == "Deprecated" or (life.deprecation and today >= life.deprecation):
            since = f" since {life.deprecation.isoformat()}" if life.deprecation else ""
            retire = f", retirement {life.retirement.isoformat()}" if life.retirement else ""
            return LifecycleState(
                True,
                f"{entry.label} is deprecated{since}{retire}: new customers cannot deploy it {dated}",
            )
        notes = [
            f"{label} possible from {day.isoformat()}"
            for label, day in (
                ("deprecation", life.deprecation_not_before),
                ("retirement", life.retirement_not_before),
            )
            if day and today >= day
        ]
        scheduled = [
            (label, day)
            for label, day in (("deprecation", life.deprecation), ("retirement", life.retirement))
            if day
        ]
        if not notes and any((day - today).days <= RETIREMENT_WARNING_DAYS for _, day in scheduled):
            notes.append(", ".join(f"{label} scheduled for {day.isoformat()}" for label, day in scheduled))
        if notes:
            return LifecycleState(False, f"{entry.label}: {', '.join(notes)} {dated}")
        return LifecycleState(False, None)


def load_catalog(path: Path = DATA_FILE) -> Catalog:
    """Read and validate a catalog file. Raises CatalogError naming the file and the problem."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except json.JSONDecodeError as err:
        raise CatalogError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from None
    try:
        return Catalog(CatalogFile.model_validate(raw))
    except ValidationError as err:
        first = err.errors(include_url=False)[:5]
        details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in first)
        raise CatalogError(f"{path}: not a valid catalog ({details})") from None


@functools.cache
def default_catalog() -> Catalog:
    """The catalog shipped with the toolkit, loaded once per process."""
    return load_catalog()
