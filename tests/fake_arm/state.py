"""What the fake ARM knows, set per test: accounts, deployments, projects, deleted accounts, models,
usages, and Microsoft's automatic-upgrade schedules.

Bodies are stored as the service returns them (camelCase ARM JSON). The builders below produce
the shapes of real responses (tests/fixtures/arm/examples: real-world and specification
examples) without nulls, which ARM omits and the specification's schemas do not allow.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import Any

SUBSCRIPTION_ID = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
PROVIDER = "providers/Microsoft.CognitiveServices"
_NOW = datetime.datetime.now(datetime.UTC)
# Generally available models carry a retirement date about a year out.
NEXT_YEAR = (_NOW + datetime.timedelta(days=365)).strftime("%Y-%m-%dT00:00:00Z")
# A soft-deleted account is kept 48 hours; the default one was deleted an hour ago.
DELETED = (_NOW - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
PURGED = (_NOW + datetime.timedelta(hours=47)).strftime("%Y-%m-%dT%H:%M:%SZ")
SYSTEM_DATA = {
    "createdBy": "Microsoft",
    "createdByType": "Application",
    "createdAt": "2024-11-20T00:00:00Z",
    "lastModifiedBy": "Microsoft",
    "lastModifiedByType": "Application",
    "lastModifiedAt": "2025-06-01T00:00:00Z",
}


def _key(*parts: str) -> tuple[str, ...]:
    # Azure names and regions compare case-insensitively.
    return tuple(p.lower() for p in parts)


def account_id(subscription: str, resource_group: str, name: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/{PROVIDER}/accounts/{name}"


# -- builders of service-shaped bodies ---------------------------------------------------------


def sku_offer(
    name: str,
    model: str,
    *,
    usage_name: str | None = None,
    minimum: int | None = None,
    maximum: int = 1000000,
    step: int | None = None,
    default: int = 10,
    deprecation_date: str | None = None,
) -> dict[str, Any]:
    """A `skus[]` entry of a Models_List item; usageName as the real service spells it."""
    capacity: dict[str, Any] = {"maximum": maximum, "default": default}
    if minimum is not None:
        capacity["minimum"] = minimum
    if step is not None:
        capacity["step"] = step
    offer: dict[str, Any] = {
        "name": name,
        "usageName": usage_name or f"OpenAI.{name}.{model}",
        "capacity": capacity,
        "rateLimits": [
            {"key": "request", "renewalPeriod": 10, "count": 1},
            {"key": "token", "renewalPeriod": 60, "count": 1000},
        ],
    }
    if deprecation_date:
        offer["deprecationDate"] = deprecation_date
    return offer


def model_offer(
    name: str,
    version: str,
    skus: list[dict[str, Any]] | None = None,
    *,
    kind: str = "OpenAI",
    model_format: str = "OpenAI",
    lifecycle: str = "GenerallyAvailable",
    inference_deprecation: str = NEXT_YEAR,
    default_version: bool = True,
    fine_tune: bool = False,
) -> dict[str, Any]:
    """A Models_List item like `az cognitiveservices model list` shows for kind OpenAI.

    With fine_tune, the model can be fine-tuned and its fine-tuned models deployed in the region:
    `finetuneCapabilities` as in the specification's ListLocationModels example (gpt-4o 2024-08-06)."""
    body: dict[str, Any] = {
        "kind": kind,
        "skuName": "S0",
        "model": {
            "format": model_format,
            "name": name,
            "version": version,
            "isDefaultVersion": default_version,
            "lifecycleStatus": lifecycle,
            "maxCapacity": 3,
            "capabilities": {"chatCompletion": "true", "maxContextToken": "128000"},
            "deprecation": {"fineTune": inference_deprecation, "inference": inference_deprecation},
            "skus": skus if skus is not None else [sku_offer("GlobalStandard", name)],
            "systemData": dict(SYSTEM_DATA),
        },
    }
    if fine_tune:
        body["model"]["capabilities"]["fineTune"] = "false"
        body["model"]["finetuneCapabilities"] = {
            "fineTune": "true",
            "inference": "true",
            "scaleType": "Manual",
            "completion": "true",
            "chat": "true",
        }
    return body


def resource_sku(kind: str, location: str, name: str = "S0", tier: str = "Standard") -> dict[str, Any]:
    """A ResourceSkus_List item: one kind, SKU and location (upper case, as in the spec's GetSkus
    example)."""
    return {
        "resourceType": "accounts",
        "name": name,
        "tier": tier,
        "kind": kind,
        "locations": [location.upper()],
        "restrictions": [],
    }


def usage(name: str, current: float, limit: float) -> dict[str, Any]:
    """A Usages_List item: limit and currentValue in thousands of tokens per minute."""
    model = name.rsplit(".", 1)[-1]
    return {
        "name": {"value": name, "localizedValue": f"Tokens Per Minute (thousands) - {model}"},
        "currentValue": current,
        "limit": limit,
        "unit": "Count",
    }


def account_body(
    subscription: str,
    resource_group: str,
    name: str,
    location: str,
    *,
    subdomain: str | None = None,
    public_network_access: str = "Disabled",
    disable_local_auth: bool = True,
    network_acls: dict[str, Any] | None = None,
    restrict_outbound: bool = False,
    allowed_fqdns: list[str] | None = None,
    kind: str = "OpenAI",
    provisioning_state: str = "Succeeded",
    allow_project_management: bool | None = None,
    previous_kind: str | None = None,
) -> dict[str, Any]:
    """An Accounts_Get body shaped like the real kind=OpenAI account output.

    kind AIServices is a Foundry resource: created as such it answers on cognitiveservices.azure.com,
    upgraded from OpenAI (previous_kind OpenAI) it keeps its openai.azure.com endpoint (Microsoft
    Learn, upgrade-azure-openai.md: "You keep your existing Azure OpenAI API endpoint").
    """
    subdomain = name.lower() if subdomain is None else subdomain
    openai = f"https://{subdomain}.openai.azure.com/"
    endpoint = openai
    endpoints = {"OpenAI Language Model Instance API": openai}
    if kind == "AIServices":
        if previous_kind != "OpenAI":
            endpoint = f"https://{subdomain}.cognitiveservices.azure.com/"
        endpoints["AI Foundry API"] = f"https://{subdomain}.services.ai.azure.com/"
    properties: dict[str, Any] = {
        "provisioningState": provisioning_state,
        "endpoint": endpoint,
        "endpoints": endpoints,
        "customSubDomainName": subdomain,
        "publicNetworkAccess": public_network_access,
        "disableLocalAuth": disable_local_auth,
        "restrictOutboundNetworkAccess": restrict_outbound,
        "dateCreated": "2025-05-05T14:10:06.3708256Z",
        "internalId": "e3e7da52bab84a599e097ed33efc47a7",
        "isMigrated": False,
        "capabilities": [{"name": "VirtualNetworks"}, {"name": "CustomerManagedKey"}],
        "privateEndpointConnections": [],
    }
    if network_acls is not None:
        properties["networkAcls"] = network_acls
    if allowed_fqdns:
        properties["allowedFqdnList"] = allowed_fqdns
    if allow_project_management is not None:
        properties["allowProjectManagement"] = allow_project_management
    if previous_kind is not None:
        # Read-only, set on an upgraded account (upgrade-azure-openai.md, "How to check if a
        # resource was upgraded").
        properties["previousKind"] = previous_kind
    return {
        "id": account_id(subscription, resource_group, name),
        "name": name,
        "type": ACCOUNT_TYPE,
        "location": location,
        "kind": kind,
        "sku": {"name": "S0"},
        "etag": '"2e1a44b8-45a5-455c-81d8-7794510e182b"',
        "identity": {
            "type": "SystemAssigned",
            "principalId": "9e5ac2f3-5b7e-4a4d-8c1e-2f3a4b5c6d7e",
            "tenantId": TENANT_ID,
        },
        "properties": properties,
        "systemData": dict(SYSTEM_DATA),
    }


def deployment_body(
    subscription: str,
    resource_group: str,
    account: str,
    name: str,
    *,
    model: str,
    version: str,
    sku: str,
    capacity: int,
    model_format: str = "OpenAI",
    rai_policy: str | None = "Microsoft.DefaultV2",
    version_upgrade: str = "OnceCurrentVersionExpired",
    provisioning_state: str = "Succeeded",
) -> dict[str, Any]:
    """A Deployments_Get body shaped like the real CLI output (rateLimits derived from capacity)."""
    properties: dict[str, Any] = {
        "model": {"format": model_format, "name": model, "version": version},
        "versionUpgradeOption": version_upgrade,
        "provisioningState": provisioning_state,
        "capabilities": {"chatCompletion": "true"},
        "rateLimits": [
            {"key": "request", "renewalPeriod": 10, "count": capacity},
            {"key": "token", "renewalPeriod": 60, "count": capacity * 1000},
        ],
    }
    if rai_policy is not None:
        properties["raiPolicyName"] = rai_policy
    return {
        "id": f"{account_id(subscription, resource_group, account)}/deployments/{name}",
        "name": name,
        "type": f"{ACCOUNT_TYPE}/deployments",
        "sku": {"name": sku, "capacity": capacity},
        "etag": '"a6c9c2c8-5b7b-4d3e-8f0e-1c2d3e4f5a6b"',
        "properties": properties,
        "systemData": dict(SYSTEM_DATA),
    }


def project_body(
    subscription: str,
    resource_group: str,
    account: str,
    name: str,
    location: str,
    *,
    display_name: str | None = None,
    identity: str = "SystemAssigned",
) -> dict[str, Any]:
    """A Projects_List item shaped like the 2025-06-01 GetProject example."""
    return {
        "id": f"{account_id(subscription, resource_group, account)}/projects/{name}",
        "name": name,
        "type": f"{ACCOUNT_TYPE}/projects",
        "location": location,
        "etag": "W/\"datetime'2026-11-20T04%3A42%3A19.7067387Z'\"",
        "identity": {
            "type": identity,
            "principalId": "6f8d1c2a-3b4e-4f5a-9c8d-7e6f5a4b3c2d",
            "tenantId": TENANT_ID,
        },
        "properties": {
            "provisioningState": "Succeeded",
            "displayName": display_name or name,
            "endpoints": {
                "OpenAI Language Model Instance API": f"https://{account.lower()}.openai.azure.com/"
            },
            "isDefault": False,
        },
    }


def auto_upgrade_block(
    *,
    mode: str = "Enabled",
    scheduled_at: str = "2026-12-15T00:00:00Z",
    planned_by_microsoft: bool = True,
    status_reason: str = "Scheduled",
) -> dict[str, Any]:
    """The `foundryAutoUpgrade` block of an account selected for Microsoft's automatic upgrade, as
    api-version 2026-01-15-preview answers it (upgrade-azure-openai-auto.md, ms.date 2026-08-19;
    tests/fixtures/arm/examples/account_foundry_auto_upgrade.json)."""
    return {
        "mode": mode,
        "plannedByMicrosoft": planned_by_microsoft,
        "scheduledAt": scheduled_at,
        "statusReason": status_reason,
    }


def rai_policy_body(subscription: str, resource_group: str, account: str, name: str) -> dict[str, Any]:
    system = name.startswith("Microsoft.")
    return {
        "id": f"{account_id(subscription, resource_group, account)}/raiPolicies/{name}",
        "name": name,
        "type": f"{ACCOUNT_TYPE}/raiPolicies",
        "properties": {
            "type": "SystemManaged" if system else "UserManaged",
            "mode": "Blocking",
            "basePolicyName": "Microsoft.DefaultV2",
            "contentFilters": [
                {
                    "name": "Hate",
                    "blocking": True,
                    "enabled": True,
                    "severityThreshold": "Medium",
                    "source": "Prompt",
                },
                {"name": "Jailbreak", "blocking": True, "enabled": True, "source": "Prompt"},
            ],
        },
    }


def deleted_account_body(
    subscription: str,
    location: str,
    resource_group: str,
    name: str,
    *,
    subdomain: str | None = None,
    deletion_date: str = DELETED,
    scheduled_purge_date: str = PURGED,
) -> dict[str, Any]:
    """A soft-deleted account as DeletedAccounts_Get/List return it."""
    subdomain = name.lower() if subdomain is None else subdomain
    return {
        "id": f"/subscriptions/{subscription}/{PROVIDER}/locations/{location}/resourceGroups/"
        f"{resource_group}/deletedAccounts/{name}",
        "name": name,
        "type": ACCOUNT_TYPE,
        "location": location,
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "properties": {
            "provisioningState": "Succeeded",
            "endpoint": f"https://{subdomain}.openai.azure.com/",
            "customSubDomainName": subdomain,
            "deletionDate": deletion_date,
            "scheduledPurgeDate": scheduled_purge_date,
        },
    }


# ResourceSkuRestrictions.reasonCode for the reasons checkSkuAvailability gives.
RESTRICTION_CODES = {"SpecialFeatureOrQuotaIdRequired": "QuotaId"}


def restricted(item: dict[str, Any], reason: str) -> dict[str, Any]:
    """A ResourceSkus_List item restricted in its location for this subscription (the spec's
    ResourceSkuRestrictions shape), with the reason code that goes with checkSkuAvailability's
    reason."""
    where = item["locations"]
    restriction = {
        "type": "Location",
        "values": list(where),
        "restrictionInfo": {"locations": list(where)},
        "reasonCode": RESTRICTION_CODES.get(reason, "NotAvailableForSubscription"),
    }
    return {**item, "restrictions": [restriction]}


def capacity_item(
    subscription: str, location: str, model: str, version: str, sku: str, available: float
) -> dict[str, Any]:
    """A ModelCapacities_List item (availableCapacity in the SKU's capacity units)."""
    return {
        "id": f"/subscriptions/{subscription}/{PROVIDER}/locations/{location}/models/"
        f"OpenAI.{model}.{version}/skuCapacities/{sku}",
        "type": "Microsoft.CognitiveServices/locations/models/skuCapacities",
        "name": sku,
        "location": location,
        "properties": {
            "model": {"format": "OpenAI", "name": model, "version": version},
            "skuName": sku,
            "availableCapacity": available,
            "availableFinetuneCapacity": 0,
        },
    }


# -- the state ---------------------------------------------------------------------------------


@dataclass
class ArmState:
    """Everything the fake answers from. Mutated by tests before a run and by write operations."""

    subscription_id: str = SUBSCRIPTION_ID
    accounts: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    deployments: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    rai_policies: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    projects: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    # foundryAutoUpgrade blocks by account: answered from api-version 2026-01-15-preview on.
    auto_upgrades: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    deleted_accounts: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    models: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    usages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    capacities: list[dict[str, Any]] = field(default_factory=list)
    # The subscription's SKU list (ResourceSkus_List), in the order the service answers it.
    resource_skus: list[dict[str, Any]] = field(default_factory=list)
    # Regions where the SKU list restricts kind OpenAI / S0 for this subscription: reason and
    # message (as checkSkuAvailability would word them; the list carries ARM's reason code).
    refused_skus: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Accounts that exist but Accounts_List does not show yet (ARM's lists lag a new account).
    not_listed_yet: set[tuple[str, ...]] = field(default_factory=set)
    # Subdomains used by accounts of other subscriptions or tenants.
    taken_subdomains: set[str] = field(default_factory=set)
    # Well-formed api-versions Azure no longer serves (answered 400 NoRegisteredProviderFound).
    retired_api_versions: set[str] = field(default_factory=set)
    lock: threading.RLock = field(default_factory=threading.RLock)

    # -- seeding helpers used by tests ---------------------------------------------------------

    def offer(self, location: str, *models: dict[str, Any]) -> None:
        self.models.setdefault(location.lower(), []).extend(models)

    def list_account_skus(self, *locations: str, kind: str = "OpenAI") -> None:
        """The SKU list offers S0 accounts of `kind` in these regions (F0 too, for other kinds)."""
        for location in locations:
            self.resource_skus.append(resource_sku(kind, location))

    def set_usages(self, location: str, *usages: dict[str, Any]) -> None:
        self.usages[location.lower()] = list(usages)

    def add_account(self, resource_group: str, name: str, location: str, **kwargs: Any) -> dict[str, Any]:
        body = account_body(self.subscription_id, resource_group, name, location, **kwargs)
        self.accounts[_key(resource_group, name)] = body
        for policy in ("Microsoft.Default", "Microsoft.DefaultV2"):
            self.add_rai_policy(resource_group, name, policy)
        return body

    def add_deployment(self, resource_group: str, account: str, name: str, **kwargs: Any) -> dict[str, Any]:
        body = deployment_body(self.subscription_id, resource_group, account, name, **kwargs)
        self.deployments[_key(resource_group, account, name)] = body
        return body

    def add_project(self, resource_group: str, account: str, name: str, **kwargs: Any) -> dict[str, Any]:
        location = self.accounts[_key(resource_group, account)]["location"]
        body = project_body(self.subscription_id, resource_group, account, name, location, **kwargs)
        self.projects[_key(resource_group, account, name)] = body
        return body

    def schedule_auto_upgrade(self, resource_group: str, account: str, **kwargs: Any) -> dict[str, Any]:
        block = auto_upgrade_block(**kwargs)
        self.auto_upgrades[_key(resource_group, account)] = block
        return block

    def upgrade_to_foundry(self, resource_group: str, account: str) -> dict[str, Any]:
        """What Microsoft's upgrade does: kind AIServices and project management, same endpoint."""
        body = self.accounts[_key(resource_group, account)]
        body["kind"] = "AIServices"
        body["properties"].update(allowProjectManagement=True, previousKind="OpenAI")
        body["properties"]["endpoints"]["AI Foundry API"] = body["properties"]["endpoint"].replace(
            ".openai.azure.com", ".services.ai.azure.com"
        )
        return body

    def add_rai_policy(self, resource_group: str, account: str, name: str) -> None:
        body = rai_policy_body(self.subscription_id, resource_group, account, name)
        self.rai_policies[_key(resource_group, account, name)] = body

    def add_deleted_account(
        self, location: str, resource_group: str, name: str, **kwargs: Any
    ) -> dict[str, Any]:
        body = deleted_account_body(self.subscription_id, location, resource_group, name, **kwargs)
        self.deleted_accounts[_key(location, resource_group, name)] = body
        return body

    def add_capacity(self, location: str, model: str, version: str, sku: str, available: float) -> None:
        self.capacities.append(capacity_item(self.subscription_id, location, model, version, sku, available))

    # -- lookups used by the handlers ----------------------------------------------------------

    def load(self, document: dict[str, list[dict[str, Any]]]) -> None:
        """Seed literal ARM bodies ({"accounts": [...], "raiPolicies": [...], "deployments": [...],
        "projects": [...]}), each filed under the names its own `id` carries."""
        tables = {
            "accounts": self.accounts,
            "raiPolicies": self.rai_policies,
            "deployments": self.deployments,
            "projects": self.projects,
        }
        for kind, bodies in document.items():
            for body in bodies:
                # /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/accounts/{a}[/{type}/{child}]
                parts = body["id"].split("/")
                tables[kind][_key(parts[4], *parts[8::2])] = body

    def account(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self.accounts.get(_key(resource_group, name))

    def sku_list(self) -> list[dict[str, Any]]:
        """ResourceSkus_List as the service answers it: the listed SKUs, the account kinds'
        restricted where `refused_skus` says (a Location restriction with ARM's reason code)."""
        answer = []
        for item in self.resource_skus:
            location = item["locations"][0].lower()
            refused = self.refused_skus.get(location) if item["kind"] in ("OpenAI", "AIServices") else None
            answer.append(restricted(item, refused[0]) if refused else item)
        return answer

    def children(
        self, table: dict[tuple[str, ...], dict[str, Any]], resource_group: str, account: str
    ) -> list[dict[str, Any]]:
        prefix = _key(resource_group, account)
        return [body for key, body in sorted(table.items()) if key[:2] == prefix]

    def subdomain_holder(self, subdomain: str) -> bool:
        wanted = subdomain.lower()
        if wanted in {s.lower() for s in self.taken_subdomains}:
            return True
        bodies = [*self.accounts.values(), *self.deleted_accounts.values()]
        return any((b["properties"].get("customSubDomainName") or "").lower() == wanted for b in bodies)


def key_of(*parts: str) -> tuple[str, ...]:
    return _key(*parts)
