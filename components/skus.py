"""Deployment types that may process data in any Azure region, and what keeps data in a data zone.

One rule with two users: the stack config refuses these SKUs under placement.dataZone
(config/models.py) and the policy pack's `data-zone-skus` refuses them under the organisation's
data zone (policy/aoai_rules.py). Standard library only: the policy pack imports this module
without the rest of the toolkit's dependencies. Source: Microsoft's deployment types table
(Global* and DeveloperTier "may process data in any Azure region"; DataZone* stay in the zone).
"""

from __future__ import annotations

DEVELOPER_SKU = "DeveloperTier"
GLOBAL_SKUS = ("GlobalStandard", "GlobalProvisionedManaged", "GlobalBatch", DEVELOPER_SKU)


def leaves_data_zone(sku: str) -> bool:
    """Whether a deployment of this SKU may process data outside its data zone (every Global*
    type, the known ones in GLOBAL_SKUS and any Azure adds, and DeveloperTier)."""
    return sku == DEVELOPER_SKU or sku.startswith("Global")


def data_zone_instead(sku: str) -> str:
    """The data-zone SKU to use instead of a global one (GlobalBatch -> DataZoneBatch)."""
    if sku == DEVELOPER_SKU or not sku.startswith("Global"):
        return "DataZoneStandard"
    return f"DataZone{sku.removeprefix('Global')}"
