"""facts.py: ARM bodies to plain facts, and the lookups the checks use: what `make mutate`
showed no test pinned (issue 16).

The inputs are literal ARM bodies (shapes of the REST specification examples in
tests/fixtures/arm/examples: GetAccount, ListDeployments, GetSkus, GetDeletedAccount,
ListModelCapacities), deserialized by the SDK as the client does; the expected facts are written
by hand from those bodies.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from azure.mgmt.cognitiveservices import models as sdk

from aoai.live import facts
from aoai.live.facts import (
    AutoUpgrade,
    Capacity,
    DeletedAccount,
    LiveAccount,
    LiveDeployment,
    ModelOffer,
    NetworkRules,
    Quota,
    RegionFacts,
    SkuOffer,
)

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
ACCOUNT_ID = (
    f"{SUB}/resourceGroups/RG-Contoso/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary"
)


def account_body(**properties: Any) -> dict[str, Any]:
    return {
        "id": ACCOUNT_ID,
        "name": "contoso-dev-primary",
        "type": "Microsoft.CognitiveServices/accounts",
        "location": "swedencentral",
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "properties": {
            "provisioningState": "Succeeded",
            "customSubDomainName": "contoso-dev-primary",
            "publicNetworkAccess": "Enabled",
            "disableLocalAuth": True,
            "restrictOutboundNetworkAccess": True,
            "allowedFqdnList": ["api.contoso.com"],
            "allowProjectManagement": False,
            **properties,
        },
    }


DEPLOYMENT = {
    "id": f"{ACCOUNT_ID}/deployments/chat",
    "name": "chat",
    "sku": {"name": "GlobalStandard", "capacity": 50},
    "properties": {
        "model": {"format": "OpenAI", "name": "gpt-5", "version": "2025-08-07"},
        "versionUpgradeOption": "OnceCurrentVersionExpired",
        "provisioningState": "Succeeded",
        "raiPolicyName": "strict",
    },
}
SUBNET = f"{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/SNET-PE"


def test_an_account_with_its_children_is_converted_field_by_field() -> None:
    body = account_body(
        networkAcls={
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "ipRules": [{"value": "203.0.113.0/24"}, {"value": ""}],
            "virtualNetworkRules": [{"id": SUBNET}],
        },
        previousKind="AIServices",
    )
    raw = {**body, "properties": {**body["properties"], "foundryAutoUpgrade": {"mode": "Disabled"}}}
    live = facts.live_account(
        sdk.Account.deserialize(body),
        [sdk.Deployment.deserialize(DEPLOYMENT)],
        [
            sdk.RaiPolicy.deserialize({"name": "Microsoft.DefaultV2"}),
            sdk.RaiPolicy.deserialize({"name": "strict"}),
        ],
        raw,
        [
            sdk.Project.deserialize({"name": "contoso-dev-primary/research"}),
            sdk.Project.deserialize({"name": "alpha"}),
        ],
    )
    assert live == LiveAccount(
        name="contoso-dev-primary",
        location="swedencentral",
        kind="OpenAI",
        sku="S0",
        subdomain="contoso-dev-primary",
        public_network_access="Enabled",
        disable_local_auth=True,
        network=NetworkRules(
            "Deny", "AzureServices", frozenset({"203.0.113.0/24"}), frozenset({SUBNET.lower()})
        ),
        restrict_outbound=True,
        allowed_fqdns=frozenset({"api.contoso.com"}),
        provisioning_state="Succeeded",
        deployments=(
            LiveDeployment(
                "chat",
                "OpenAI",
                "gpt-5",
                "2025-08-07",
                "GlobalStandard",
                50,
                "strict",
                "OnceCurrentVersionExpired",
                "Succeeded",
            ),
        ),
        rai_policies=("Microsoft.DefaultV2", "strict"),
        allow_project_management=False,
        previous_kind="AIServices",
        auto_upgrade=AutoUpgrade("Disabled", None, None, None),
        upgrade_status_read=True,
        projects=("alpha", "research"),
    )
    assert live.deployment("CHAT") == live.deployments[0]
    assert live.deployment("other") is None


def test_an_account_read_without_its_children_or_upgrade_status() -> None:
    live = facts.live_account(sdk.Account.deserialize({"name": "a", "location": "uksouth"}))
    assert live == LiveAccount(
        name="a",
        location="uksouth",
        kind=None,
        sku=None,
        subdomain=None,
        public_network_access=None,
        disable_local_auth=None,
        network=None,
        restrict_outbound=None,
        allowed_fqdns=frozenset(),
        provisioning_state=None,
    )
    assert live.upgrade_status_read is False and live.auto_upgrade is None
    nameless = facts.live_account(sdk.Account.deserialize({}))
    assert (nameless.name, nameless.location) == ("", "")


def test_a_deployment_without_model_or_sku() -> None:
    bare = facts.live_deployment(sdk.Deployment.deserialize({"name": "d", "properties": {}}))
    assert bare == LiveDeployment("d", None, None, None, None, None, None, None, None)
    assert facts.live_deployment(sdk.Deployment.deserialize({})).name == ""


def test_the_auto_upgrade_block_is_read_leniently() -> None:
    block = {
        "mode": "Enabled",
        "plannedByMicrosoft": True,
        "scheduledAt": "2026-04-15T00:00:00Z",
        "statusReason": "EligibleWave3",
    }
    assert facts.auto_upgrade({"properties": {"foundryAutoUpgrade": block}}) == AutoUpgrade(
        "Enabled", True, datetime.datetime(2026, 4, 15, tzinfo=datetime.UTC), "EligibleWave3"
    )
    odd = {"mode": 1, "plannedByMicrosoft": "true", "scheduledAt": "soon", "statusReason": None}
    assert facts.auto_upgrade({"properties": {"foundryAutoUpgrade": odd}}) == AutoUpgrade(
        "1", None, None, None
    )
    assert facts.auto_upgrade({"properties": {"foundryAutoUpgrade": "Enabled"}}) is None
    assert facts.auto_upgrade({"properties": "x"}) is None
    assert facts.auto_upgrade(["properties"]) is None
    assert facts.auto_upgrade(None) is None


def test_the_previous_kind_is_found_in_either_spelling() -> None:
    assert facts.previous_kind({"properties": {"previouskind": "OpenAI"}}) == "OpenAI"
    assert facts.previous_kind({"properties": {"previousKind": "OpenAI"}}) == "OpenAI"
    assert facts.previous_kind({"properties": {"previousKind": ""}}) is None
    assert facts.previous_kind({"properties": {}}) is None


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (None, None),
        ("", None),
        ("not a date", None),
        ("2026-04-15T00:00:00Z", datetime.datetime(2026, 4, 15, tzinfo=datetime.UTC)),
        ("2026-04-15", datetime.datetime(2026, 4, 15, tzinfo=datetime.UTC)),  # no zone: UTC
        (
            "2026-04-15T02:00:00+02:00",
            datetime.datetime(2026, 4, 15, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        ),
        (datetime.datetime(2026, 4, 15), datetime.datetime(2026, 4, 15, tzinfo=datetime.UTC)),
    ],
)
def test_dates(value: Any, parsed: datetime.datetime | None) -> None:
    result = facts._date(value)
    assert result == parsed
    if parsed is not None:
        assert result is not None and result.utcoffset() == parsed.utcoffset()


@pytest.mark.parametrize(
    ("resource_id", "group"),
    [
        (ACCOUNT_ID, "RG-Contoso"),
        (f"{SUB}/RESOURCEGROUPS/rg-a/providers/x", "rg-a"),
        (f"{SUB}/resourceGroups/", None),
        (f"{SUB}/resourceGroups", None),
        (SUB, None),
        (None, None),
    ],
)
def test_the_resource_group_of_an_id(resource_id: str | None, group: str | None) -> None:
    assert facts.resource_group_of(resource_id) == group


def test_a_listed_account_is_keyed_by_its_lower_cased_group_and_name() -> None:
    body = account_body()
    body["name"] = "Contoso-Dev-Primary"
    keyed = facts.listed_account(sdk.Account.deserialize(body), raw=body)
    assert keyed is not None
    assert keyed[0] == ("rg-contoso", "contoso-dev-primary")
    assert keyed[1].name == "Contoso-Dev-Primary" and keyed[1].upgrade_status_read
    assert facts.listed_account(sdk.Account.deserialize(body))[1].upgrade_status_read is False  # type: ignore[index]
    assert facts.listed_account(sdk.Account.deserialize({**body, "id": SUB})) is None
    assert facts.listed_account(sdk.Account.deserialize({**body, "name": ""})) is None


def sku_item(
    kind: str,
    locations: list[str],
    *restrictions: dict[str, Any],
    name: str = "S0",
    resource_type: str = "accounts",
) -> sdk.ResourceSku:
    return sdk.ResourceSku.deserialize(
        {
            "resourceType": resource_type,
            "name": name,
            "tier": "Standard",
            "kind": kind,
            "locations": locations,
            "restrictions": list(restrictions),
        }
    )


def location_restriction(
    *values: str, code: str | None = "QuotaId", zones: list[str] | None = None
) -> dict[str, Any]:
    restriction: dict[str, Any] = {
        "type": "Location",
        "values": list(values),
        "restrictionInfo": {"locations": list(values)},
    }
    if code is not None:
        restriction["reasonCode"] = code
    if zones is not None:
        restriction = {
            "type": "Zone",
            "values": list(values),
            "restrictionInfo": {"locations": list(values), "zones": zones},
            "reasonCode": code,
        }
    return restriction


def test_account_sku_availability_per_region() -> None:
    items = [
        sku_item("Face", ["AUSTRALIAEAST"]),  # another kind
        sku_item("OpenAI", ["WestEurope"], name="F0"),  # another SKU
        sku_item("OpenAI", ["northeurope"], resource_type="accounts/deployments"),
        sku_item("openai", ["East US", "swedencentral"], location_restriction("EastUS")),
        sku_item("OpenAI", ["uksouth"], location_restriction("UKSouth", code="NotAvailableForSubscription")),
        sku_item("OpenAI", ["francecentral"], location_restriction("francecentral", code="Other")),
        sku_item("OpenAI", ["japaneast"], location_restriction("japaneast", code=None)),
        sku_item("OpenAI", ["norwayeast"], location_restriction("norwayeast", zones=["1"])),
    ]
    assert facts.account_sku_availability(items) == {
        "eastus": (
            False,
            "the subscription lacks the quota id or feature it requires (SpecialFeatureOrQuotaIdRequired)",
        ),
        "swedencentral": (True, None),
        "uksouth": (False, "it is not available to this subscription there"),
        "francecentral": (False, "restricted (Other)"),
        "japaneast": (False, "restricted (no reason given)"),
        "norwayeast": (True, None),  # a zone restriction does not stop an account
    }


def test_a_region_any_entry_allows_stays_allowed() -> None:
    allowed = sku_item("OpenAI", ["eastus"])
    restricted = sku_item("OpenAI", ["eastus"], location_restriction("eastus"))
    assert facts.account_sku_availability([allowed, restricted]) == {"eastus": (True, None)}
    assert facts.account_sku_availability([restricted, allowed]) == {"eastus": (True, None)}


def test_account_sku_availability_of_another_kind_and_sku() -> None:
    items = [
        sku_item("AIServices", ["eastus"]),
        sku_item("OpenAI", ["westus"]),
        sku_item("AIServices", ["uksouth"], name="F0"),
    ]
    assert facts.account_sku_availability(items, kind="AIServices") == {"eastus": (True, None)}
    assert facts.account_sku_availability(items, kind="AIServices", sku="F0") == {"uksouth": (True, None)}


DELETED_ID = (
    "/subscriptions/00000000-1111-2222-3333-444444444444/providers/Microsoft.CognitiveServices/locations/"
    "westus/resourceGroups/myResourceGroup/deletedAccounts/myAccount"
)


def test_a_deleted_account() -> None:
    body = {
        "id": DELETED_ID,
        "name": "myAccount",
        "location": "WestUS",
        "properties": {"customSubDomainName": "my-account", "scheduledPurgeDate": "2026-12-20T00:00:00Z"},
    }
    assert facts.deleted_account(sdk.Account.deserialize(body)) == DeletedAccount(
        "myAccount", "WestUS", "myResourceGroup", "my-account", "2026-12-20T00:00:00Z"
    )
    # Name and location from the id when the body leaves them out; no properties: nothing known.
    assert facts.deleted_account(sdk.Account.deserialize({"id": DELETED_ID})) == DeletedAccount(
        "myAccount", "westus", "myResourceGroup", None, None
    )
    without_group = DELETED_ID.replace("resourceGroups/myResourceGroup/", "")
    assert facts.deleted_account(sdk.Account.deserialize({"id": without_group})) is None
    assert facts.deleted_account(sdk.Account.deserialize({"id": DELETED_ID.split("/locations")[0]})) is None
    assert facts.deleted_account(sdk.Account.deserialize({"id": f"{DELETED_ID.split('/westus')[0]}"})) is None


def capacity_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Standard",
        "location": "West US",
        "properties": {
            "model": {"format": "OpenAI", "name": "ada", "version": "1"},
            "skuName": "Standard",
            "availableCapacity": 300,
        },
    }
    body.update(changes)
    return body


def test_a_model_capacity() -> None:
    item = sdk.ModelCapacityListResultValueItem.deserialize
    assert facts.capacity(item(capacity_body())) == Capacity("westus", "ada", "1", "Standard", 300.0)
    no_sku = capacity_body(properties={"model": {"name": "ada", "version": "1"}})
    assert facts.capacity(item(no_sku)) == Capacity("westus", "ada", "1", "Standard", 0.0)
    bare = capacity_body(name=None, properties={"model": {}})
    assert facts.capacity(item(bare)) == Capacity("westus", "", "", "", 0.0)
    assert facts.capacity(item(capacity_body(location=None))) is None
    assert facts.capacity(item(capacity_body(properties={"skuName": "Standard"}))) is None
    assert facts.capacity(item(capacity_body(properties=None))) is None


# -- lookups -----------------------------------------------------------------------------------------


GLOBAL = SkuOffer("GlobalStandard", "OpenAI.GlobalStandard.gpt-5", 1, 1000, 1, (), None)
GPT5 = ModelOffer("OpenAI", "OpenAI", "gpt-5", "2025-08-07", "GenerallyAvailable", True, None, (GLOBAL,))
PHI = ModelOffer("AIServices", "Microsoft", "Phi-4", "7", "GenerallyAvailable", True, None, ())
GPT5_AS_FOUNDRY = ModelOffer("AIServices", "OpenAI", "gpt-5", "2025-08-07", None, False, None, ())


def test_what_a_region_offers_to_each_account_kind() -> None:
    region = RegionFacts(
        "swedencentral",
        (GPT5, PHI, GPT5_AS_FOUNDRY),
        (Quota("OpenAI.GlobalStandard.gpt-5", 3, 10),),
        {"OpenAI": (True, None)},
    )
    assert region.offers("openai", "GPT-5") == [GPT5]
    assert region.offers("OpenAI", "gpt-5", "AIServices") == [GPT5, GPT5_AS_FOUNDRY]
    assert region.offers("Microsoft", "Phi-4", "AIServices") == [PHI]
    assert region.offers("Microsoft", "Phi-4") == []
    assert region.offers("Microsoft", "Phi-4", "SpeechServices") == []
    assert region.offers("OpenAI", "gpt-4o") == []
    assert region.quota("openai.globalstandard.GPT-5") == Quota("OpenAI.GlobalStandard.gpt-5", 3, 10)
    assert region.quota("OpenAI.Standard.gpt-5") is None
    assert Quota("q", 3, 10).available == 7
    assert region.account_sku("OpenAI") == (True, None)
    assert region.account_sku("AIServices") is None
    assert GPT5.sku("globalstandard") == GLOBAL
    assert GPT5.sku("Standard") is None


def test_names_and_regions_compare_as_azure_does() -> None:
    assert facts.same("SwedenCentral", "swedencentral")
    assert facts.same(None, "")
    assert not facts.same("gpt-5", "gpt-5-mini")
    assert facts.region_key("West Europe") == "westeurope"


def test_a_location_restriction_counts_wherever_it_names_the_region() -> None:
    """ARM names the restricted locations in `values` or in restrictionInfo.locations, and lists
    zone restrictions next to location ones (ResourceSkuRestrictions, REST specification)."""
    only_info: dict[str, Any] = {
        "type": "Location",
        "values": [],
        "restrictionInfo": {"locations": ["eastus"]},
        "reasonCode": "QuotaId",
    }
    zone_first: list[dict[str, Any]] = [
        {"type": "Zone", "values": ["westus"], "restrictionInfo": {"zones": ["1"]}, "reasonCode": "QuotaId"},
        {"type": "Location", "values": ["westus"], "reasonCode": "NotAvailableForSubscription"},
    ]
    items = [sku_item("OpenAI", ["East US"], only_info), sku_item("OpenAI", ["westus"], *zone_first)]
    assert facts.account_sku_availability(items) == {
        "eastus": (
            False,
            "the subscription lacks the quota id or feature it requires (SpecialFeatureOrQuotaIdRequired)",
        ),
        "westus": (False, "it is not available to this subscription there"),
    }


def test_a_region_already_allowed_does_not_hide_the_entry_s_other_regions() -> None:
    first = sku_item("OpenAI", ["eastus"])
    second = sku_item("OpenAI", ["eastus", "westus"], location_restriction("westus"))
    assert facts.account_sku_availability([first, second]) == {
        "eastus": (True, None),
        "westus": (
            False,
            "the subscription lacks the quota id or feature it requires (SpecialFeatureOrQuotaIdRequired)",
        ),
    }
