"""catalog_build.py: the live catalog `aoai catalog refresh` writes, where `make mutate` showed no
test looked (issue 16).

The fake ARM answers literal Models_List and ResourceSkus_List bodies: westus's is the REST
specification's example (ListLocationModels.json, 2025-09-01: ada, dall-e-3, gpt-35-turbo and
gpt-4o 2024-08-06 as written there, with gpt-4o 2024-05-13's replacementConfig from the same
example), swedencentral's is shaped like a real `az cognitiveservices model list` entry (capacity
bounds left null, a deprecationDate with a +09:00 offset). What the models list does not say comes
from the shipped snapshot; the values expected for it are written from Microsoft's tables copied
in tests/fixtures/catalog-excerpts (quota.md: capacity units and Tier 1 quotas; deployments-*.md:
the data zones). Every other expected value is written by hand from the module's rules: only kind
OpenAI items, the API's Deprecating is the documentation's Deprecated and its Deprecated is
Retired, the later stage wins, the earliest date wins, SKU names in the stack file's spelling.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

from tests.aoai.test_catalog_refresh import refresh
from tests.fake_arm import FakeArm


def sku(name: str, usage: str, capacity: dict[str, Any], deprecation: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "usageName": usage, "capacity": capacity}
    if deprecation is not None:
        body["deprecationDate"] = deprecation
    return body


WESTUS = [
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "ada",
            "version": "1",
            "maxCapacity": 3,
            "capabilities": {
                "inference": "false",
                "scaleType": "Manual",
                "completion": "true",
                "search": "true",
                "FineTuneTokensMaxValuePerExample": "4096",
                "FineTuneTokensMaxValue": "2000000000",
            },
            "deprecation": {
                "fineTune": "2024-06-14T00:00:00Z",
                "inference": "2024-06-14T00:00:00Z",
                "deprecationStatus": "Planned",
            },
            "lifecycleStatus": "Legacy",
            "skus": [
                sku("provisioned", "OpenAI.Provisioned.Class1",
                    {"minimum": 100, "maximum": 1000, "step": 100, "default": 100}),
            ],
        },
    },
    {
        "kind": "AIServices",  # not for kind OpenAI accounts: left out
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "dall-e-3",
            "version": "3.0",
            "isDefaultVersion": True,
            "skus": [
                sku("Provisioned", "OpenAI.Provisioned.Dalle",
                    {"minimum": 300, "maximum": 60000, "step": 100, "default": 300}, "2025-09-30T00:00:00Z"),
            ],
            "maxCapacity": 2,
            "capabilities": {"inference": "true", "imageGenerations": "true"},
            "deprecation": {"inference": "2025-06-30T00:00:00Z", "deprecationStatus": "Tentative"},
            "lifecycleStatus": "GenerallyAvailable",
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-35-turbo",
            "version": "0301",
            "isDefaultVersion": False,
            "skus": [
                sku("Standard", "OpenAI.Standard.gpt-35-turbo", {"maximum": 1000000, "default": 120},
                    "2025-02-13T00:00:00Z"),
                sku("Provisioned", "OpenAI.Provisioned.gpt-35-turbo",
                    {"minimum": 300, "maximum": 30000, "step": 100, "default": 300}, "2025-05-15T00:00:00Z"),
            ],
            "maxCapacity": 9,
            "capabilities": {"scaleType": "Manual,Standard", "completion": "true", "chatCompletion": "true"},
            "deprecation": {"inference": "2025-04-30T00:00:00Z", "deprecationStatus": "Planned"},
            "lifecycleStatus": "Deprecated",
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-4o",
            "version": "2024-08-06",
            "maxCapacity": 50,
            "capabilities": {"fineTune": "false", "inference": "true", "chat": "true"},
            # Models fine-tuned from it may be deployed here.
            "finetuneCapabilities": {"fineTune": "true", "inference": "true", "chat": "true"},
            "deprecation": {"inference": "2026-10-01T00:00:00Z"},
            "lifecycleStatus": "GenerallyAvailable",
            "skus": [
                sku("Standard", "OpenAI.Standard.GPT4o",
                    {"minimum": 1, "maximum": 100, "step": 1, "default": 10}),
                sku("provisioned", "OpenAI.Provisioned.GPT4o",
                    {"minimum": 50, "maximum": 2000, "step": 50, "default": 100}),
            ],
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-4o",
            "version": "2024-05-13",
            "replacementConfig": {
                "targetModelName": "gpt-4.1",
                "targetModelVersion": "2025-04-14",
                "autoUpgradeStartDate": "2025-03-26T07:00:00Z",
                "upgradeOnExpiryLeadTimeDays": 7,
            },
            "lifecycleStatus": "Deprecating",
            "deprecation": {"inference": "2025-09-15T00:00:00Z", "deprecationStatus": "Tentative"},
            "skus": [
                sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", {"maximum": 1000000, "default": 10},
                    "2025-09-15T00:00:00Z"),
            ],
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "o3-mini",
            "version": "2025-01-31",
            "lifecycleStatus": "Stable",
            "skus": [
                sku("GlobalStandard", "OpenAI.GlobalStandard.o3-mini",
                    {"minimum": 1, "maximum": 1000, "step": 1, "default": 100}),
            ],
        },
    },
]

SWEDENCENTRAL = [
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-4o",
            "version": "2024-08-06",
            "isDefaultVersion": True,
            "capabilities": {"fineTune": "false", "chatCompletion": "true"},
            "deprecation": {"inference": "2026-03-31T00:00:00Z"},
            "lifecycleStatus": "Deprecating",
            "skus": [
                # ARM compares SKU names case-insensitively; the catalog spells them as the stack file.
                sku("standard", "OpenAI.Standard.gpt-4o",
                    {"minimum": 1, "maximum": 100, "step": 1, "default": 10}),
                sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o",
                    {"default": 10, "maximum": 1000000, "minimum": None, "step": None},
                    "2026-09-30T09:00:00+09:00"),
            ],
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-4o",
            "version": "2024-05-13",
            "lifecycleStatus": "Deprecating",
            "deprecation": {"inference": "2025-09-15T00:00:00Z"},
            "skus": [
                sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", {"maximum": 1000000, "default": 10},
                    "2025-10-01T00:00:00Z"),
            ],
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "o3-mini",
            "version": "2025-01-31",
            "lifecycleStatus": "Preview",
            "skus": [
                sku("DataZoneStandard", "OpenAI.DataZoneStandard.o3-mini",
                    {"minimum": 1, "maximum": 5000, "step": 1, "default": 100}),
                sku("GlobalStandard", "OpenAI.GlobalStandard.o3-mini",
                    {"minimum": 1, "maximum": 5000, "step": 1, "default": 100}),
            ],
        },
    },
    {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {  # no lifecycleStatus: the stage is unknown
            "format": "OpenAI",
            "name": "text-embedding-3-large",
            "version": "1",
            "skus": [
                sku("Standard", "OpenAI.Standard.text-embedding-3-large",
                    {"minimum": 1, "maximum": 350, "step": 1, "default": 120}),
            ],
        },
    },
    {
        "kind": "AIServices",  # the same version offered to Foundry resources: left out
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": "gpt-4o",
            "version": "2024-08-06",
            "isDefaultVersion": True,
            "lifecycleStatus": "Preview",
            "deprecation": {"inference": "2024-01-01T00:00:00Z"},
            "capabilities": {"fineTune": "true"},
            "skus": [
                sku("DataZoneStandard", "AIServices.DataZoneStandard.gpt-4o",
                    {"minimum": 1, "maximum": 10, "step": 1, "default": 1}, "2024-01-01T00:00:00Z"),
            ],
        },
    },
]

# ResourceSkus_List: one item per kind, SKU and location (locations as ARM writes them).
SKU_LIST = [
    {"resourceType": "accounts", "name": "S0", "tier": "Standard", "kind": "OpenAI",
     "locations": ["SWEDENCENTRAL"], "restrictions": []},
    {"resourceType": "accounts", "name": "F0", "tier": "Free", "kind": "Face",
     "locations": ["JAPANEAST"], "restrictions": []},
    {"resourceType": "accounts", "name": "S0", "tier": "Standard", "kind": "OpenAI",
     "locations": ["WESTUS"], "restrictions": []},
    {"resourceType": "accounts", "name": "S0", "tier": "Standard", "kind": "OpenAI",
     "locations": ["NEWZEALANDNORTH"], "restrictions": []},
]


def group(
    regions: list[str], minimum: int | None, maximum: int, step: int | None, default: int
) -> dict[str, Any]:
    """One entry of a SKU's capacity: its bounds and the regions that answer them."""
    return {"regions": regions, "minimum": minimum, "maximum": maximum, "step": step, "default": default}


TOKENS_1000 = {"kind": "tokens", "perUnit": 1000, "per": "minute"}  # quota.md: older chat models
TOKENS_10000 = {"kind": "tokens", "perUnit": 10000, "per": "minute"}  # quota.md: o3-mini

# Sorted by format, name and version; regions and SKUs sorted.
EXPECTED_MODELS = [
    {
        "name": "ada",
        "version": "1",
        "format": "OpenAI",
        "capacityUnit": None,  # not in the shipped snapshot
        "lifecycle": {"status": "Legacy", "retirement": "2024-06-14"},
        "skus": {"provisioned": ["westus"]},  # a name the toolkit does not know: kept as given
        "skuRetirement": {},
        "capacity": {
            "provisioned": [group(["westus"], 100, 1000, 100, 100)],
        },
        "defaultVersion": False,
    },
    {
        "name": "gpt-35-turbo",
        "version": "0301",
        "format": "OpenAI",
        "capacityUnit": None,
        "lifecycle": {"status": "Retired", "retirement": "2025-04-30"},
        "skus": {"Provisioned": ["westus"], "Standard": ["westus"]},
        "skuRetirement": {"Provisioned": "2025-05-15", "Standard": "2025-02-13"},
        "capacity": {
            "Provisioned": [group(["westus"], 300, 30000, 100, 300)],
            "Standard": [group(["westus"], None, 1000000, None, 120)],
        },
        "defaultVersion": False,
    },
    {
        "name": "gpt-4o",
        "version": "2024-05-13",
        "format": "OpenAI",
        "capacityUnit": TOKENS_1000,
        # westus names the replacement, swedencentral (read first) does not.
        "lifecycle": {
            "status": "Deprecated", "retirement": "2025-09-15", "replacement": "gpt-4.1 2025-04-14",
        },
        "skus": {"GlobalStandard": ["swedencentral", "westus"]},
        "skuRetirement": {"GlobalStandard": "2025-09-15"},  # westus's, the earlier
        "capacity": {
            "GlobalStandard": [
                group(["swedencentral", "westus"], None, 1000000, None, 10),
            ],
        },
        "defaultVersion": False,
    },
    {
        "name": "gpt-4o",
        "version": "2024-08-06",
        "format": "OpenAI",
        "capacityUnit": TOKENS_1000,
        # Deprecating in swedencentral, generally available in westus: the later stage, the earlier date.
        "lifecycle": {"status": "Deprecated", "retirement": "2026-03-31"},
        "skus": {
            "GlobalStandard": ["swedencentral"],
            "Standard": ["swedencentral", "westus"],
            "provisioned": ["westus"],
        },
        "skuRetirement": {"GlobalStandard": "2026-09-30"},  # the day where it was written (+09:00)
        "capacity": {
            "GlobalStandard": [
                group(["swedencentral"], None, 1000000, None, 10),
            ],
            "Standard": [group(["swedencentral", "westus"], 1, 100, 1, 10)],
            "provisioned": [group(["westus"], 50, 2000, 50, 100)],
        },
        "defaultVersion": True,  # swedencentral says so
        "fineTune": {"regions": ["westus"]},
    },
    {
        "name": "o3-mini",
        "version": "2025-01-31",
        "format": "OpenAI",
        "capacityUnit": TOKENS_10000,
        "lifecycle": {"status": "GenerallyAvailable"},  # Stable in westus, Preview in swedencentral
        "skus": {"DataZoneStandard": ["swedencentral"], "GlobalStandard": ["swedencentral", "westus"]},
        "skuRetirement": {},
        "capacity": {
            "DataZoneStandard": [
                group(["swedencentral"], 1, 5000, 1, 100),
            ],
            # Bounds that differ by region: one group each, in the order of their regions.
            "GlobalStandard": [
                group(["swedencentral"], 1, 5000, 1, 100),
                group(["westus"], 1, 1000, 1, 100),
            ],
        },
        "defaultVersion": False,
    },
    {
        "name": "text-embedding-3-large",
        "version": "1",
        "format": "OpenAI",
        "capacityUnit": TOKENS_1000,
        "lifecycle": {"status": "Unknown"},
        "skus": {"Standard": ["swedencentral"]},
        "skuRetirement": {},
        "capacity": {
            "Standard": [group(["swedencentral"], 1, 350, 1, 120)],
        },
        "defaultVersion": False,
    },
]


def seed(fake: FakeArm) -> None:
    fake.state.resource_skus = json.loads(json.dumps(SKU_LIST))
    fake.state.models["westus"] = json.loads(json.dumps(WESTUS))
    fake.state.models["swedencentral"] = json.loads(json.dumps(SWEDENCENTRAL))


def test_the_live_catalog_of_two_regions(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    result = refresh("--regions", "West US", "--regions", "swedencentral")
    after = datetime.datetime.now(datetime.UTC)
    assert result.exit_code == 0, result.output
    data = json.loads((project / "aoai-catalog.json").read_text())
    assert data["models"] == EXPECTED_MODELS
    read_at = datetime.datetime.fromisoformat(data["live"]["readAt"])
    assert before <= read_at <= after
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", data["live"]["readAt"])  # to the second
    day = data["live"]["readAt"][:10]
    assert data["live"] == {
        "readAt": data["live"]["readAt"],
        "cloud": "public",
        "armEndpoint": fake_arm.url,
        "apiVersion": "2025-09-01",  # what azure-mgmt-cognitiveservices 14.1.0 sends
        "regionsRead": ["swedencentral", "westus"],
        "regionsNotRead": {},
    }
    assert (data["schemaVersion"], data["kind"], data["asOf"], data["lifecycleAsOf"]) == (2, "live", day, day)
    # The data zones of deployments-standard.md's Data Zone tabs (Americas, Europe).
    assert data["regions"] == {
        "swedencentral": {"displayName": "Sweden Central", "dataZone": "EU"},
        "westus": {"displayName": "West US", "dataZone": "US"},
    }
    # quota.md's Tier 1 rows, and its date.
    assert data["quotasAsOf"] == "2026-08-20"
    assert data["quotaBasis"].startswith("Tier 1")
    quotas = data["defaultQuotaTpm"]
    assert (quotas["DataZoneStandard"]["gpt-4o"], quotas["DataZoneStandard"]["o3-mini"]) == (300000, 2000000)
    assert quotas["GlobalStandard"]["o3-mini"] == 5000000


def test_the_sources_name_the_models_list_and_the_snapshot_s_tables(fake_arm: FakeArm, project: Path) -> None:
    seed(fake_arm)
    assert refresh("--regions", "westus").exit_code == 0
    data = json.loads((project / "aoai-catalog.json").read_text())
    day = data["asOf"]
    live, quota, units = data["sources"]
    assert live == {
        "covers": "availability, capacity bounds, lifecycle and fine-tuning of every model version, per "
        "region: the Resource Manager models list (Models_List)",
        "path": "GET /subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/locations/"
        "{location}/models",
        "asOf": day,
    }
    # The pages and commits quota.md was copied from.
    snapshot = r" \(from the shipped catalog, tables as of \d{4}-\d\d-\d\d\)"
    assert re.fullmatch(r"default quota: .*" + snapshot, quota.pop("covers"))
    assert quota == {
        "repository": "MicrosoftDocs/azure-ai-docs",
        "path": "articles/foundry/openai/includes/quota-tier/tier-1.md",
        "commit": "08408ff5333eb618fe89716564cc73868e54f2ae",
        "asOf": "2026-08-20",
        "copy": "tools/catalog_sources/quota-tier-1.md",
    }
    assert re.fullmatch(r"capacity units: .*" + snapshot, units.pop("covers"))
    assert units["path"] == "articles/foundry/openai/includes/quota.md"
    assert units["commit"] == "dc1d7bcfde36e811700b7c242cab6a6ba5323cb3" and units["asOf"] == "2026-05-04"


def test_every_region_found_live_a_region_the_snapshot_does_not_know_by_its_name(
    fake_arm: FakeArm, project: Path
) -> None:
    seed(fake_arm)  # no models list for newzealandnorth: it answers none
    result = refresh()
    assert result.exit_code == 0, result.output
    data = json.loads((project / "aoai-catalog.json").read_text())
    # Not japaneast: it offers kind Face accounts only.
    assert data["live"]["regionsRead"] == ["newzealandnorth", "swedencentral", "westus"]
    assert data["regions"]["newzealandnorth"] == {"displayName": "newzealandnorth", "dataZone": None}
    assert data["models"] == EXPECTED_MODELS
    assert [c.params["location"] for c in fake_arm.calls("Models_List")].count("newzealandnorth") == 1
