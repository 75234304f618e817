"""The model catalog: model x version x deployment SKU x region, lifecycle, capacity units, quotas.

One file format, two origins, each stamped with its date:
- the shipped snapshot (components/data/catalog.json), transcribed by tools/build_catalog.py from
  Microsoft's published tables, every table with its source path, commit and as-of date;
- a project catalog (aoai-catalog.json next to Pulumi.yaml) written by `aoai catalog refresh`
  from the live Resource Manager models list of every region.
Which one a run uses is decided in catalog_choice.py; every answer names it through `stamp`.
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
from .config.source import SourceError, SourceLimits, read_text
from .fine_tuned import FineTunedModel

DATA_FILE = Path(__file__).resolve().parent / "data" / "catalog.json"
SCHEMA_VERSION = 2
# Warn this long before a scheduled retirement. Microsoft notifies subscription owners of a
# generally available model's retirement "at least 60 days before retirement" (Foundry Models
# lifecycle and support policy, concepts-model-retirements-content.md, ms.date 2026-10-05): the
# toolkit warns from the same day.
RETIREMENT_WARNING_DAYS = 60

Sku = DeploymentSku
LifecycleStatus = Literal["GenerallyAvailable", "Preview", "Legacy", "Deprecated", "Retired", "Unknown"]


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
    """Stages as Microsoft's documentation names them (the models API's `Deprecating` is the
    documentation's Deprecated, its `Deprecated` is Retired: catalog_refresh maps them)."""

    status: LifecycleStatus
    deprecation: datetime.date | None = None
    retirement: datetime.date | None = None
    deprecation_not_before: datetime.date | None = Field(None, alias="deprecationNotBefore")
    retirement_not_before: datetime.date | None = Field(None, alias="retirementNotBefore")
    replacement: str | None = None


class CapacityLimits(_Strict):
    """The capacity bounds the models list gives for one SKU, and the regions that give them."""

    regions: list[str]
    minimum: int | None = None
    maximum: int | None = None
    step: int | None = None
    default: int | None = None


class FineTune(_Strict):
    """Where deployments of models fine-tuned from this base may be made.

    `skus` maps a deployment SKU to its regions when the source says so per SKU (the published
    tables); `regions` alone when it only says where fine-tuning is offered (the live models list).
    """

    regions: list[str]
    skus: dict[str, list[str]] | None = None
    deployment_retirement: datetime.date | None = Field(None, alias="deploymentRetirement")
    training_retirement_not_before: datetime.date | None = Field(None, alias="trainingRetirementNotBefore")


class ModelEntry(_Strict):
    name: str
    version: str
    format: str
    capacity_unit: CapacityUnit | None = Field(alias="capacityUnit")  # None: not published
    lifecycle: Lifecycle
    skus: dict[str, list[str]]
    sku_retirement: dict[str, datetime.date] = Field(default_factory=dict, alias="skuRetirement")
    capacity: dict[str, list[CapacityLimits]] = Field(default_factory=dict)
    default_version: bool | None = Field(None, alias="defaultVersion")
    fine_tune: FineTune | None = Field(None, alias="fineTune")

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


class Source(_Strict):
    """One published table (or the live API) the catalog was built from."""

    covers: str
    repository: str | None = None
    path: str
    commit: str | None = None
    as_of: datetime.date = Field(alias="asOf")
    copy_path: str | None = Field(None, alias="copy")  # the copy in this repository
    page: str | None = None  # the published page the copy was taken from, when not the repository
    notes: list[str] | None = None  # how rows that contradict each other were read


class LiveRead(_Strict):
    """Where and when a live catalog was read. Nothing in it identifies a subscription."""

    read_at: datetime.datetime = Field(alias="readAt")
    cloud: str
    arm_endpoint: str = Field(alias="armEndpoint")
    api_version: str = Field(alias="apiVersion")
    regions_read: list[str] = Field(alias="regionsRead")
    regions_not_read: dict[str, str] = Field(default_factory=dict, alias="regionsNotRead")


class CatalogFile(_Strict):
    schema_version: Literal[2] = Field(alias="schemaVersion")
    kind: Literal["snapshot", "live"]
    as_of: datetime.date = Field(alias="asOf")
    lifecycle_as_of: datetime.date = Field(alias="lifecycleAsOf")
    quotas_as_of: datetime.date = Field(alias="quotasAsOf")
    quota_basis: str = Field(alias="quotaBasis")
    sources: list[Source]
    live: LiveRead | None = None
    regions: dict[str, Region]
    models: list[ModelEntry]
    default_quota_tpm: dict[str, dict[str, int]] = Field(alias="defaultQuotaTpm")

    @model_validator(mode="after")
    def _consistent(self) -> CatalogFile:
        if (self.kind == "live") != (self.live is not None):
            raise ValueError("a live catalog says where it was read (`live`), a snapshot does not")
        seen: set[tuple[str, str, str]] = set()
        for entry in self.models:
            key = (entry.format, entry.name, entry.version)
            if key in seen:
                raise ValueError(f"{entry.label} is listed twice")
            seen.add(key)
            named = [r for rs in entry.skus.values() for r in rs]
            if entry.fine_tune:
                named += entry.fine_tune.regions
            unknown = sorted(set(named) - set(self.regions))
            if unknown:
                raise ValueError(f"{entry.label} names unknown regions {unknown}")
        return self


@dataclass(frozen=True)
class LifecycleState:
    """Where a model version stands on a given day."""

    blocked: bool
    message: str | None  # why it is blocked, or a warning; None when nothing to say


@dataclass(frozen=True)
class CatalogOrigin:
    """Which catalog this is, for every message that answers from it."""

    kind: Literal["shipped", "project", "live"]
    path: Path
    display: str  # how messages name the file

    @classmethod
    def shipped(cls) -> CatalogOrigin:
        return cls("shipped", DATA_FILE, "the toolkit's shipped snapshot")


class Catalog:
    """Queries over a validated catalog file."""

    def __init__(self, data: CatalogFile, origin: CatalogOrigin | None = None) -> None:
        self.data = data
        self.origin = origin or CatalogOrigin.shipped()
        self._by_key = {(m.format, m.name, m.version): m for m in data.models}

    # -- which catalog, how old -----------------------------------------------------------------

    @property
    def as_of(self) -> str:
        return self.data.as_of.isoformat()

    @property
    def stamp(self) -> str:
        """The phrase every answer from the catalog carries: which catalog and its date."""
        if self.data.live is not None:
            when = f"read live {self.data.live.read_at.date().isoformat()}"
        else:
            when = f"tables as of {self.as_of}"
        if self.origin.kind == "live":
            return f"live models list, {when}"
        name = "shipped catalog" if self.origin.kind == "shipped" else f"catalog {self.origin.display}"
        return f"{name}, {when}"

    def age_days(self, today: datetime.date) -> int:
        return (today - self.data.as_of).days

    # -- regions --------------------------------------------------------------------------------

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

    # -- models ---------------------------------------------------------------------------------

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
        return list(entry.skus.get(sku, []))

    def skus_in(self, entry: ModelEntry, region: str) -> list[str]:
        return sorted(sku for sku, regions in entry.skus.items() if region in regions)

    # -- fine-tuned models ----------------------------------------------------------------------

    def fine_tune_regions(self, base: ModelEntry, sku: str) -> list[str] | None:
        """Regions where a model fine-tuned from `base` may be deployed as `sku`; None when the
        catalog does not say per SKU (a live catalog knows where fine-tuning is offered only)."""
        fine_tune = base.fine_tune
        if fine_tune is None:
            return []
        if fine_tune.skus is None:
            return None
        return list(fine_tune.skus.get(sku, []))

    def fine_tune_offered(self, base: ModelEntry, sku: str, region: str) -> bool:
        regions = self.fine_tune_regions(base, sku)
        if regions is None:
            return base.fine_tune is not None and region in base.fine_tune.regions
        return region in regions

    def fine_tuned_base(self, model: FineTunedModel, format: str = "OpenAI") -> ModelEntry | None:
        return self.model(model.base, model.base_version, format)

    # -- quotas ---------------------------------------------------------------------------------

    def default_quota_tpm(self, sku: str, model: str) -> int | None:
        return self.data.default_quota_tpm.get(sku, {}).get(model)

    # -- lifecycle ------------------------------------------------------------------------------

    def lifecycle_state(
        self, entry: ModelEntry, today: datetime.date, sku: str | None = None
    ) -> LifecycleState:
        life = entry.lifecycle
        dated = f"(lifecycle: {self.stamp})"
        retirement = _earliest(life.retirement, entry.sku_retirement.get(sku) if sku else None)
        if life.status == "Retired" or (retirement and today >= retirement):
            when = f" on {retirement.isoformat()}" if retirement else ""
            return LifecycleState(True, f"{entry.label} was retired{when}; deployments of it fail {dated}")
        if life.status == "Deprecated" or (life.deprecation and today >= life.deprecation):
            since = f" since {life.deprecation.isoformat()}" if life.deprecation else ""
            retire = f", retirement {retirement.isoformat()}" if retirement else ""
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
            for label, day in (("deprecation", life.deprecation), ("retirement", retirement))
            if day
        ]
        if not notes and any((day - today).days <= RETIREMENT_WARNING_DAYS for _, day in scheduled):
            notes.append(", ".join(f"{label} scheduled for {day.isoformat()}" for label, day in scheduled))
        if life.status == "Legacy":
            notes.append(
                "Legacy: newer models exist, plan the move"
                + (f" to {life.replacement}" if life.replacement else "")
            )
        if life.status == "Unknown":
            notes.append("the catalog's sources give no lifecycle for it; aoai preflight reads it live")
        if notes:
            return LifecycleState(False, f"{entry.label}: {'; '.join(notes)} {dated}")
        return LifecycleState(False, None)


def _earliest(*days: datetime.date | None) -> datetime.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def parse_catalog(raw: object, source: str, origin: CatalogOrigin | None = None) -> Catalog:
    """Validate decoded JSON as a catalog. Raises CatalogError naming `source` and the problem."""
    try:
        return Catalog(CatalogFile.model_validate(raw), origin)
    except ValidationError as err:
        first = err.errors(include_url=False)[:5]
        details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in first)
        hint = ""
        if isinstance(raw, dict) and raw.get("schemaVersion") != SCHEMA_VERSION:
            hint = (
                f" It is not a catalog of schema {SCHEMA_VERSION}: write it again with "
                "`aoai catalog refresh`."
            )
        raise CatalogError(f"{source}: not a valid catalog ({details}).{hint}") from None


# A catalog of every region and model is a few hundred KB (the snapshot: about 100 KB).
CATALOG_LIMITS = SourceLimits(max_bytes=16 * 1024 * 1024)


def load_catalog(path: Path = DATA_FILE, origin: CatalogOrigin | None = None) -> Catalog:
    """Read and validate a catalog file. Raises CatalogError naming the file and the problem."""
    try:
        # The bounded reader of stack files: a project's catalog arrives in pull requests too.
        text = read_text(path, CATALOG_LIMITS)
    except SourceError as err:
        if err.reason == "file not found":
            raise CatalogError(f"{path}: catalog file not found") from None
        raise CatalogError(f"{path}: cannot read the catalog ({err})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise CatalogError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from None
    except RecursionError:
        raise CatalogError(f"{path}: not a catalog (nested too deeply)") from None
    return parse_catalog(raw, str(path), origin)


@functools.cache
def default_catalog() -> Catalog:
    """The catalog shipped with the toolkit, loaded once per process."""
    return load_catalog()
