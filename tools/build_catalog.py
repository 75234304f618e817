"""Writes components/data/catalog.json: the model catalog snapshot the toolkit answers from.

Availability is transcribed from Microsoft's model summary tables (as collected in the
project's reference notes, tables dated 2025-08-12; quotas 2025-07-11); lifecycle dates from
Microsoft's model retirement table (ms.date 2025-12-16). Edit the tables below, run
`python tools/build_catalog.py`, and commit both files: the loader validates the result.
"""

from __future__ import annotations

import json
from pathlib import Path

G24 = [
    "australiaeast",
    "brazilsouth",
    "canadaeast",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "japaneast",
    "koreacentral",
    "northcentralus",
    "norwayeast",
    "polandcentral",
    "southafricanorth",
    "southcentralus",
    "southindia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "westeurope",
    "westus",
    "westus3",
]
DZ13 = [
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "northcentralus",
    "polandcentral",
    "southcentralus",
    "spaincentral",
    "swedencentral",
    "westeurope",
    "westus",
    "westus3",
]
US7 = ["eastus", "eastus2", "northcentralus", "southcentralus", "swedencentral", "westus", "westus3"]


def without(regions: list[str], *excluded: str) -> list[str]:
    return [r for r in regions if r not in excluded]


def regions(text: str) -> list[str]:
    return text.replace(",", " ").split()


REGIONS = {
    "australiaeast": ("Australia East", None),
    "brazilsouth": ("Brazil South", None),
    "canadaeast": ("Canada East", None),
    "eastus": ("East US", "US"),
    "eastus2": ("East US 2", "US"),
    "francecentral": ("France Central", "EU"),
    "germanywestcentral": ("Germany West Central", "EU"),
    "italynorth": ("Italy North", "EU"),
    "japaneast": ("Japan East", None),
    "koreacentral": ("Korea Central", None),
    "northcentralus": ("North Central US", "US"),
    "norwayeast": ("Norway East", None),
    "polandcentral": ("Poland Central", "EU"),
    "southafricanorth": ("South Africa North", None),
    "southcentralus": ("South Central US", "US"),
    "southeastasia": ("Southeast Asia", None),
    "southindia": ("South India", None),
    "spaincentral": ("Spain Central", "EU"),
    "swedencentral": ("Sweden Central", "EU"),
    "switzerlandnorth": ("Switzerland North", None),
    "switzerlandwest": ("Switzerland West", None),
    "uaenorth": ("UAE North", None),
    "uksouth": ("UK South", None),
    "westeurope": ("West Europe", "EU"),
    "westus": ("West US", "US"),
    "westus3": ("West US 3", "US"),
}

# (model, version) -> {sku: regions}
AVAILABILITY: dict[tuple[str, str], dict[str, list[str]]] = {
    ("gpt-4o", "2024-05-13"): {
        "GlobalStandard": without(G24, "italynorth"),
        "Standard": US7,
        "DataZoneStandard": without(DZ13, "italynorth"),
        "ProvisionedManaged": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 francecentral germanywestcentral japaneast "
            "koreacentral northcentralus norwayeast polandcentral southafricanorth southcentralus southindia "
            "spaincentral swedencentral switzerlandnorth uaenorth uksouth westus westus3"
        ),
    },
    ("gpt-4o", "2024-08-06"): {
        "GlobalStandard": without(G24, "italynorth"),
        "Standard": US7,
        "DataZoneStandard": without(DZ13, "italynorth"),
        "ProvisionedManaged": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 francecentral germanywestcentral japaneast "
            "koreacentral northcentralus norwayeast southcentralus southeastasia southindia spaincentral "
            "swedencentral switzerlandnorth uaenorth uksouth westus westus3"
        ),
    },
    ("gpt-4o", "2024-11-20"): {
        "GlobalStandard": G24,
        "Standard": regions(
            "australiaeast canadaeast eastus eastus2 francecentral japaneast northcentralus norwayeast "
            "southcentralus southindia swedencentral switzerlandnorth uksouth westus westus3"
        ),
        "DataZoneStandard": DZ13,
        "ProvisionedManaged": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 germanywestcentral japaneast koreacentral "
            "northcentralus polandcentral southeastasia southindia swedencentral switzerlandnorth uaenorth "
            "uksouth westeurope westus westus3"
        ),
    },
    ("gpt-4o-mini", "2024-07-18"): {
        "GlobalStandard": G24,
        "Standard": US7,
        "DataZoneStandard": DZ13,
        "ProvisionedManaged": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 francecentral japaneast koreacentral "
            "northcentralus norwayeast southcentralus southeastasia southindia spaincentral swedencentral "
            "switzerlandnorth uksouth westus westus3"
        ),
    },
    ("gpt-4.1", "2025-04-14"): {
        "GlobalStandard": G24,
        "DataZoneStandard": DZ13,
        "ProvisionedManaged": regions(
            "australiaeast eastus eastus2 japaneast koreacentral northcentralus southcentralus swedencentral "
            "uaenorth uksouth westus westus3"
        ),
    },
    ("gpt-4.1-mini", "2025-04-14"): {
        "GlobalStandard": G24,
        "DataZoneStandard": DZ13,
        "ProvisionedManaged": regions(
            "australiaeast eastus eastus2 japaneast koreacentral northcentralus southcentralus swedencentral "
            "uksouth westus westus3"
        ),
    },
    ("gpt-4.1-nano", "2025-04-14"): {"GlobalStandard": without(G24, "eastus"), "DataZoneStandard": DZ13},
    ("gpt-5", "2025-08-07"): {
        "GlobalStandard": regions(
            "australiaeast canadaeast eastus eastus2 japaneast koreacentral southindia swedencentral "
            "switzerlandnorth uksouth"
        ),
        "DataZoneStandard": regions("eastus2 swedencentral"),
    },
    ("o1", "2024-12-17"): {"Standard": US7, "DataZoneStandard": DZ13},
    ("o1-mini", "2024-09-12"): {"Standard": US7, "GlobalStandard": US7},
    ("o3-mini", "2025-01-31"): {
        "GlobalStandard": G24,
        "DataZoneStandard": DZ13,
        "ProvisionedManaged": regions(
            "australiaeast canadaeast eastus2 japaneast koreacentral swedencentral switzerlandnorth uaenorth"
        ),
    },
    ("gpt-35-turbo", "0125"): {
        "Standard": regions(
            "australiaeast canadaeast eastus eastus2 francecentral japaneast northcentralus southcentralus "
            "southindia swedencentral switzerlandnorth uksouth westeurope westus westus3"
        ),
        "ProvisionedManaged": regions(
            "australiaeast eastus eastus2 francecentral japaneast northcentralus polandcentral southcentralus "
            "southindia spaincentral swedencentral switzerlandnorth switzerlandwest uaenorth uksouth westus "
            "westus3"
        ),
    },
    ("gpt-35-turbo", "1106"): {
        "Standard": regions("australiaeast canadaeast francecentral southindia swedencentral uksouth westus"),
        "ProvisionedManaged": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 germanywestcentral koreacentral northcentralus "
            "polandcentral southafricanorth southcentralus southindia swedencentral switzerlandnorth uaenorth "
            "uksouth westus westus3"
        ),
    },
    ("gpt-35-turbo-instruct", "0914"): {"Standard": regions("eastus swedencentral")},
    ("text-embedding-3-small", "1"): {
        "GlobalStandard": G24,
        "Standard": regions(
            "australiaeast canadaeast eastus eastus2 japaneast switzerlandnorth uaenorth westus"
        ),
    },
    ("text-embedding-3-large", "1"): {
        "GlobalStandard": G24,
        "Standard": regions(
            "australiaeast canadaeast eastus eastus2 francecentral germanywestcentral japaneast koreacentral "
            "norwayeast polandcentral southafricanorth southeastasia southindia spaincentral swedencentral "
            "switzerlandnorth uaenorth uksouth westus3"
        ),
    },
    ("text-embedding-ada-002", "2"): {
        "GlobalStandard": G24,
        "Standard": regions(
            "australiaeast brazilsouth canadaeast eastus eastus2 francecentral japaneast northcentralus "
            "norwayeast southafricanorth southcentralus southindia swedencentral switzerlandnorth uaenorth "
            "uksouth westeurope westus westus3"
        ),
    },
    ("text-embedding-ada-002", "1"): {"Standard": regions("eastus southcentralus")},
    ("dall-e-3", "3.0"): {"Standard": regions("australiaeast eastus swedencentral")},
    ("whisper", "001"): {
        "Standard": regions(
            "eastus2 northcentralus norwayeast southindia swedencentral switzerlandnorth uaenorth westeurope"
        )
    },
    ("tts", "001"): {"Standard": regions("northcentralus swedencentral westus3")},
    ("tts-hd", "001"): {"Standard": regions("northcentralus swedencentral westus3")},
    ("sora", "2025-05-02"): {"Standard": regions("eastus2")},
}

# (model, version) -> lifecycle from the retirement table. Dates written "no earlier than" are
# kept apart: they are not a decision, only the earliest day one can happen. Models the table
# does not list (gpt-35-turbo, o1-mini, gpt-5 2025-08-07, ...) get status Unknown: the catalog
# does not guess.
LIFECYCLE: dict[tuple[str, str], dict[str, str]] = {
    ("gpt-4o", "2024-05-13"): {
        "status": "GenerallyAvailable",
        "deprecation": "2025-05-13",
        "retirement": "2026-03-31",
    },
    ("gpt-4o", "2024-08-06"): {
        "status": "GenerallyAvailable",
        "deprecation": "2025-08-06",
        "retirement": "2026-03-31",
    },
    ("gpt-4o", "2024-11-20"): {
        "status": "GenerallyAvailable",
        "deprecation": "2025-11-20",
        "retirement": "2026-06-05",
    },
    ("gpt-4o-mini", "2024-07-18"): {
        "status": "GenerallyAvailable",
        "deprecation": "2025-07-18",
        "retirement": "2026-03-31",
    },
    ("gpt-4.1", "2025-04-14"): {
        "status": "GenerallyAvailable",
        "deprecation": "2026-04-14",
        "retirement": "2026-10-14",
    },
    ("gpt-4.1-mini", "2025-04-14"): {
        "status": "GenerallyAvailable",
        "deprecation": "2026-04-14",
        "retirement": "2026-10-14",
    },
    ("gpt-4.1-nano", "2025-04-14"): {
        "status": "GenerallyAvailable",
        "deprecation": "2026-04-14",
        "retirement": "2026-10-14",
    },
    ("o1", "2024-12-17"): {
        "status": "GenerallyAvailable",
        "deprecation": "2025-12-17",
        "retirement": "2026-07-15",
    },
    ("o3-mini", "2025-01-31"): {
        "status": "GenerallyAvailable",
        "deprecation": "2026-01-31",
        "retirement": "2026-08-02",
    },
    ("dall-e-3", "3.0"): {"status": "GenerallyAvailable", "retirement": "2026-02-18"},
    ("sora", "2025-05-02"): {"status": "Preview", "retirementNotBefore": "2026-02-15"},
    ("text-embedding-3-large", "1"): {"status": "GenerallyAvailable", "retirementNotBefore": "2026-10-30"},
    ("text-embedding-3-small", "1"): {"status": "GenerallyAvailable", "retirementNotBefore": "2026-10-30"},
    ("text-embedding-ada-002", "2"): {"status": "GenerallyAvailable", "retirementNotBefore": "2026-10-30"},
    ("text-embedding-ada-002", "1"): {"status": "GenerallyAvailable", "retirementNotBefore": "2026-10-30"},
    ("tts", "001"): {"status": "GenerallyAvailable", "deprecationNotBefore": "2026-02-28"},
    ("tts-hd", "001"): {"status": "GenerallyAvailable", "deprecationNotBefore": "2026-02-28"},
    ("whisper", "001"): {"status": "GenerallyAvailable", "deprecationNotBefore": "2026-02-28"},
}

# Capacity units: what one unit of sku.capacity buys on the standard (token-based) SKUs.
TPM_PER_UNIT = {"o1": 6000, "o1-mini": 10000, "o3-mini": 10000}
REQUEST_MODELS = {"dall-e-3": 3, "whisper": 3, "tts": 3, "tts-hd": 3, "sora": 1}

# Default quota per region and subscription, "Default" offer tier, tokens per minute.
DEFAULT_QUOTA_TPM = {
    "GlobalStandard": {
        "gpt-4.1": 1_000_000,
        "gpt-4.1-mini": 5_000_000,
        "gpt-4.1-nano": 5_000_000,
        "gpt-4o": 450_000,
        "gpt-4o-mini": 2_000_000,
        "o3-mini": 5_000_000,
        "o1-mini": 5_000_000,
    },
    "DataZoneStandard": {
        "gpt-4.1": 300_000,
        "gpt-4.1-mini": 2_000_000,
        "gpt-4.1-nano": 2_000_000,
        "gpt-4o": 300_000,
        "gpt-4o-mini": 1_000_000,
        "o3-mini": 2_000_000,
        "o1": 600_000,
    },
    "Standard": {"gpt-4o": 150_000, "gpt-4o-mini": 450_000, "o1-mini": 500_000},
}


def capacity_unit(model: str) -> dict[str, object]:
    if model in REQUEST_MODELS:
        return {"kind": "requests", "perUnit": REQUEST_MODELS[model], "per": "minute"}
    return {"kind": "tokens", "perUnit": TPM_PER_UNIT.get(model, 1000), "per": "minute"}


def build() -> dict[str, object]:
    models = []
    for (name, version), skus in AVAILABILITY.items():
        models.append(
            {
                "name": name,
                "version": version,
                "format": "OpenAI",
                "capacityUnit": capacity_unit(name),
                "lifecycle": LIFECYCLE.get((name, version), {"status": "Unknown"}),
                "skus": {sku: sorted(rs) for sku, rs in sorted(skus.items())},
            }
        )
    return {
        "asOf": "2025-08-12",
        "source": {
            "availability": "Microsoft Learn, Azure OpenAI model summary table and region availability "
            "(MicrosoftDocs/azure-ai-docs includes/model-matrix: standard-global.md, standard-models.md, "
            "datazone-standard.md, ms.date 2025-08-12; provisioned-models.md, content of Aug 2025)",
            "quotas": "Microsoft Learn, Azure OpenAI quotas and limits (quotas-limits.md, ms.date 2025-07-11), "
            "Default offer tier",
            "lifecycle": "Microsoft Learn, Azure OpenAI model deprecations and retirements "
            "(includes/retirement/models.md, ms.date 2025-12-16)",
        },
        "lifecycleAsOf": "2025-12-16",
        "quotasAsOf": "2025-07-11",
        "regions": {k: {"displayName": v[0], "dataZone": v[1]} for k, v in sorted(REGIONS.items())},
        "models": models,
        "defaultQuotaTpm": DEFAULT_QUOTA_TPM,
    }


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "components" / "data" / "catalog.json"
    target.write_text(json.dumps(build(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")
