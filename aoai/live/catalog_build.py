"""A catalog built from the live models lists of regions: a pure function of fetched facts.

Per region, Models_List (GET .../locations/{location}/models) answers every model version
deployable to a kind OpenAI account there, with its SKUs, their capacity bounds and deprecation
dates, its lifecycle status and whether models fine-tuned from it may be deployed there. Only
kind OpenAI items count (the toolkit creates kind OpenAI accounts).

The models API names lifecycle stages differently from the documentation (Foundry Models
lifecycle and support policy, concepts-model-retirements-content.md, ms.date 2026-10-05):
`Deprecating` is the documentation's Deprecated (no new customers), `Deprecated` is Retired,
and `deprecation.inference` is the retirement date. The catalog keeps the documentation's names.

What the models list does not say comes from the reference catalog (the shipped snapshot or the
project's), and the file says so in its sources: region display names and data zones, capacity
units and the published default quotas.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, get_args

from azure_openai_toolkit.catalog import Catalog
from azure_openai_toolkit.config.models import DeploymentSku

from .facts import ModelOffer, same

STAGE_OF_API_STATUS = {
    "generallyavailable": "GenerallyAvailable",
    "stable": "GenerallyAvailable",
    "preview": "Preview",
    "legacy": "Legacy",
    "deprecating": "Deprecated",
    "deprecated": "Retired",
}
# The later the stage, the more it matters: a version two regions disagree on takes the later.
STAGE_ORDER = ["Unknown", "Preview", "GenerallyAvailable", "Legacy", "Deprecated", "Retired"]
# The deployment SKUs of the stack file, and the Developer tier of fine-tuned models.
KNOWN_SKUS = (*get_args(DeploymentSku), "DeveloperTier")


def sku_name(name: str) -> str:
    """The models list's SKU name in the spelling the stack file uses (ARM compares them
    case-insensitively); names the toolkit does not know are kept as given."""
    return next((known for known in KNOWN_SKUS if same(known, name)), name)


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return value.date() if value is not None else None


def _earliest(days: Iterable[datetime.date | None]) -> str | None:
    known = [d for d in days if d is not None]
    return min(known).isoformat() if known else None


def _later_stage(a: str, b: str) -> str:
    return max(a, b, key=STAGE_ORDER.index)


def build_live_catalog(
    offers: Mapping[str, Iterable[ModelOffer]],
    *,
    read_at: datetime.datetime,
    cloud: str,
    arm_endpoint: str,
    api_version: str,
    not_read: Mapping[str, str],
    reference: Catalog,
) -> dict[str, Any]:
    """The catalog file (as JSON data) of the regions read; `not_read` names regions that failed."""
    versions: dict[tuple[str, str, str], list[tuple[str, ModelOffer]]] = defaultdict(list)
    for region, items in offers.items():
        for offer in items:
            if same(offer.kind, "OpenAI"):
                versions[(offer.format, offer.name, offer.version)].append((region, offer))
    models = [_entry(key, found, reference) for key, found in sorted(versions.items())]
    regions = sorted(offers)
    known = reference.regions
    read_day = read_at.date().isoformat()
    return {
        "schemaVersion": 2,
        "kind": "live",
        "asOf": read_day,
        "lifecycleAsOf": read_day,
        "quotasAsOf": reference.data.quotas_as_of.isoformat(),
        "quotaBasis": reference.data.quota_basis,
        "sources": [
            {
                "covers": "availability, capacity bounds, lifecycle and fine-tuning of every model "
                "version, per region: the Resource Manager models list (Models_List)",
                "path": "GET /subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/"
                "locations/{location}/models",
                "asOf": read_day,
            },
            *(
                {
                    **s.model_dump(mode="json", by_alias=True, exclude_none=True),
                    "covers": f"{s.covers} (from the {reference.stamp})",
                }
                for s in reference.data.sources
                if s.covers.startswith(("default quota", "capacity units"))
            ),
        ],
        "live": {
            "readAt": read_at.isoformat(timespec="seconds"),
            "cloud": cloud,
            "armEndpoint": arm_endpoint,
            "apiVersion": api_version,
            "regionsRead": regions,
            "regionsNotRead": dict(sorted(not_read.items())),
        },
        "regions": {
            r: {
                "displayName": known[r].display_name if r in known else r,
                "dataZone": known[r].data_zone if r in known else None,
            }
            for r in regions
        },
        "models": models,
        "defaultQuotaTpm": reference.data.default_quota_tpm,
    }


def _entry(
    key: tuple[str, str, str], found: list[tuple[str, ModelOffer]], reference: Catalog
) -> dict[str, Any]:
    model_format, name, version = key
    skus: dict[str, set[str]] = defaultdict(set)
    limits: dict[str, dict[tuple[Any, ...], set[str]]] = defaultdict(lambda: defaultdict(set))
    sku_retirement: dict[str, list[datetime.date | None]] = defaultdict(list)
    stage = "Unknown"
    for region, offer in found:
        stage = _later_stage(
            stage, STAGE_OF_API_STATUS.get((offer.lifecycle_status or "").lower(), "Unknown")
        )
        for sku in offer.skus:
            sku_key = sku_name(sku.name)
            skus[sku_key].add(region)
            limits[sku_key][(sku.minimum, sku.maximum, sku.step, sku.default)].add(region)
            sku_retirement[sku_key].append(_day(sku.deprecation))
    lifecycle: dict[str, Any] = {"status": stage}
    retirement = _earliest(_day(o.inference_deprecation) for _, o in found)
    if retirement:
        lifecycle["retirement"] = retirement
    replacement = next((o.replacement for _, o in found if o.replacement), None)
    if replacement:
        lifecycle["replacement"] = replacement
    shipped = reference.model(name, version, model_format)
    unit = shipped.capacity_unit if shipped is not None else None
    entry: dict[str, Any] = {
        "name": name,
        "version": version,
        "format": model_format,
        "capacityUnit": unit.model_dump(by_alias=True) if unit else None,
        "lifecycle": lifecycle,
        "skus": {sku: sorted(rs) for sku, rs in sorted(skus.items())},
        "skuRetirement": {
            sku: day for sku, days in sorted(sku_retirement.items()) if (day := _earliest(days))
        },
        "capacity": {
            sku: [
                {"regions": sorted(rs), "minimum": b[0], "maximum": b[1], "step": b[2], "default": b[3]}
                for b, rs in sorted(groups.items(), key=lambda item: sorted(item[1]))
            ]
            for sku, groups in sorted(limits.items())
        },
        "defaultVersion": any(o.is_default_version for _, o in found),
    }
    tunable = sorted(region for region, offer in found if offer.fine_tune)
    if tunable:
        entry["fineTune"] = {"regions": tunable}
    return entry
