"""What the fake answers per operationId, from its state (no transport concerns here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .state import ACCOUNT_TYPE, ArmState, key_of


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    # A list operation's items; the server pages them and adds nextLink.
    items: list[dict[str, Any]] | None = None


def arm_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    """The ARM error envelope (common-types ErrorResponse)."""
    return Reply(status, {"error": {"code": code, "message": message}}, dict(headers or {}))


def not_found(resource_type: str, name: str, resource_group: str) -> Reply:
    return arm_error(
        404,
        "ResourceNotFound",
        f"The Resource '{resource_type}/{name}' under resource group '{resource_group}' was not "
        "found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


class Context(Protocol):
    state: ArmState

    def start_operation(self, location: str, on_done: Callable[[], None]) -> dict[str, str]:
        """Register a long-running operation; the headers that point the client at its status."""
        ...


Params = Mapping[str, str]
Query = Mapping[str, str]
Handler = Callable[[Context, Params, Query, Any], Reply]


def models_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=list(ctx.state.models.get(p["location"].lower(), [])))


def resource_skus_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=list(ctx.state.resource_skus))


def usages_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=list(ctx.state.usages.get(p["location"].lower(), [])))


def check_sku_availability(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    refused = ctx.state.refused_skus.get(p["location"].lower())
    value = []
    for sku in body["skus"]:
        item: dict[str, Any] = {
            "kind": body["kind"],
            "type": body["type"],
            "skuName": sku,
            "skuAvailable": refused is None,
        }
        if refused is not None:
            item["reason"], item["message"] = refused
        value.append(item)
    return Reply(200, {"value": value})


def check_domain_availability(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    name = body["subdomainName"]
    answer: dict[str, Any] = {"subdomainName": name, "type": body["type"]}
    if "kind" in body:
        answer["kind"] = body["kind"]
    if ctx.state.subdomain_holder(name):
        answer["isSubdomainAvailable"] = False
        answer["reason"] = f"Sub domain name '{name}' is already used. Please pick a different name."
    else:
        answer["isSubdomainAvailable"] = True
    return Reply(200, answer)


# The first api-version that answers an account's foundryAutoUpgrade block (Microsoft Learn,
# upgrade-azure-openai-auto.md: "API version 2026-01-15-preview when you inspect ... foundryAutoUpgrade").
AUTO_UPGRADE_API = "2026-01-15"


def accounts_get(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, name = p["resourceGroupName"], p["accountName"]
    account = ctx.state.account(rg, name)
    if account is None:
        return not_found(ACCOUNT_TYPE, name, rg)
    block = ctx.state.auto_upgrades.get(key_of(rg, name))
    if block is not None and q.get("api-version", "")[:10] >= AUTO_UPGRADE_API:
        account = {**account, "properties": {**account["properties"], "foundryAutoUpgrade": dict(block)}}
    return Reply(200, account)


def projects_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.projects, rg, account))


def accounts_delete(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, name = p["resourceGroupName"], p["accountName"]
    account = ctx.state.account(rg, name)
    if account is None:
        return Reply(204)
    headers = ctx.start_operation(account["location"], lambda: ctx.state.soft_delete(rg, name))
    return Reply(202, headers=headers)


def deployments_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.deployments, rg, account))


def deployments_get(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account, name = p["resourceGroupName"], p["accountName"], p["deploymentName"]
    found = ctx.state.deployments.get(key_of(rg, account, name))
    if found is None:
        return not_found(f"{ACCOUNT_TYPE}/deployments", f"{account}/{name}", rg)
    return Reply(200, found)


def deployments_create_or_update(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account_name, name = p["resourceGroupName"], p["accountName"], p["deploymentName"]
    account = ctx.state.account(rg, account_name)
    if account is None:
        return not_found(ACCOUNT_TYPE, account_name, rg)
    model = body["properties"]["model"]
    sku = body["sku"]
    created = ctx.state.add_deployment(
        rg,
        account_name,
        name,
        model=model["name"],
        version=model.get("version", ""),
        model_format=model.get("format", "OpenAI"),
        sku=sku["name"],
        capacity=sku.get("capacity", 1),
        rai_policy=body["properties"].get("raiPolicyName"),
        version_upgrade=body["properties"].get("versionUpgradeOption", "OnceNewDefaultVersionAvailable"),
        provisioning_state="Accepted",
    )

    def succeed() -> None:
        created["properties"]["provisioningState"] = "Succeeded"

    return Reply(201, created, ctx.start_operation(account["location"], succeed))


def rai_policies_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.rai_policies, rg, account))


def deleted_accounts_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=[b for _, b in sorted(ctx.state.deleted_accounts.items())])


def deleted_accounts_get(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    found = ctx.state.deleted_accounts.get(key_of(p["location"], p["resourceGroupName"], p["accountName"]))
    if found is None:
        return not_found(
            "Microsoft.CognitiveServices/deletedAccounts", p["accountName"], p["resourceGroupName"]
        )
    return Reply(200, found)


def deleted_accounts_purge(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    key = key_of(p["location"], p["resourceGroupName"], p["accountName"])
    if key not in ctx.state.deleted_accounts:
        return Reply(204)  # nothing (left) to purge

    def purge() -> None:
        ctx.state.deleted_accounts.pop(key, None)

    return Reply(202, headers=ctx.start_operation(p["location"], purge))


def _capacities(ctx: Context, q: Query, location: str | None) -> Reply:
    missing = [k for k in ("modelFormat", "modelName", "modelVersion") if not q.get(k)]
    if missing:
        return arm_error(
            400, "InvalidRequestParameter", f"The query parameter(s) {', '.join(missing)} are required."
        )
    items = [
        item
        for item in ctx.state.capacities
        if item["properties"]["model"]["name"].lower() == q["modelName"].lower()
        and item["properties"]["model"]["version"] == q["modelVersion"]
        and item["properties"]["model"]["format"].lower() == q["modelFormat"].lower()
        and (location is None or item["location"].lower() == location.lower())
    ]
    return Reply(200, items=items)


def model_capacities_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return _capacities(ctx, q, None)


def location_model_capacities_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return _capacities(ctx, q, p["location"])


HANDLERS: dict[str, Handler] = {
    "Models_List": models_list,
    "ResourceSkus_List": resource_skus_list,
    "Usages_List": usages_list,
    "CheckSkuAvailability": check_sku_availability,
    "CheckDomainAvailability": check_domain_availability,
    "Accounts_Get": accounts_get,
    "Accounts_Delete": accounts_delete,
    "Deployments_List": deployments_list,
    "Deployments_Get": deployments_get,
    "Deployments_CreateOrUpdate": deployments_create_or_update,
    "RaiPolicies_List": rai_policies_list,
    "Projects_List": projects_list,
    "DeletedAccounts_List": deleted_accounts_list,
    "DeletedAccounts_Get": deleted_accounts_get,
    "DeletedAccounts_Purge": deleted_accounts_purge,
    "ModelCapacities_List": model_capacities_list,
    "LocationBasedModelCapacities_List": location_model_capacities_list,
}
