"""What the fake answers per operationId, from its state (no transport concerns here)."""

from __future__ import annotations

import time
import uuid
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


@dataclass(frozen=True)
class PlainText:
    """A reply body sent as text/plain, not JSON."""

    text: str


def entra_error(error: str, description: str) -> dict[str, Any]:
    """Entra ID's OAuth error body, as its token endpoint sends it: the AADSTS code and text, then
    the trace and correlation ids and the time, in error_description and again as fields."""
    code = int(description.split(":", 1)[0].removeprefix("AADSTS"))
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    now = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
    return {
        "error": error,
        "error_description": f"{description}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}"
        f"\r\nTimestamp: {now}",
        "error_codes": [code],
        "timestamp": now,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }


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

    def subdomain_in_use(self, subdomain: str) -> bool:
        """Whether an account of any subscription (or another tenant) holds the subdomain."""
        ...


Params = Mapping[str, str]
Query = Mapping[str, str]
Handler = Callable[[Context, Params, Query, Any], Reply]


def models_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=list(ctx.state.models.get(p["location"].lower(), [])))


def resource_skus_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=ctx.state.sku_list())


def usages_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=list(ctx.state.usages.get(p["location"].lower(), [])))


def check_domain_availability(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    name = body["subdomainName"]
    answer: dict[str, Any] = {"subdomainName": name, "type": body["type"]}
    if "kind" in body:
        answer["kind"] = body["kind"]
    if ctx.subdomain_in_use(name):
        answer["isSubdomainAvailable"] = False
        answer["reason"] = f"Sub domain name '{name}' is already used. Please pick a different name."
    else:
        answer["isSubdomainAvailable"] = True
    return Reply(200, answer)


# The first api-version that answers an account's foundryAutoUpgrade block (Microsoft Learn,
# upgrade-azure-openai-auto.md: "API version 2026-01-15-preview when you inspect ... foundryAutoUpgrade").
AUTO_UPGRADE_API = "2026-01-15"


def _with_upgrade_status(
    ctx: Context, q: Query, key: tuple[str, ...], account: dict[str, Any]
) -> dict[str, Any]:
    """The account as the asked api-version shows it (Accounts_Get and Accounts_List alike): with
    its foundryAutoUpgrade block from 2026-01-15-preview on."""
    block = ctx.state.auto_upgrades.get(key)
    if block is None or q.get("api-version", "")[:10] < AUTO_UPGRADE_API:
        return account
    return {**account, "properties": {**account["properties"], "foundryAutoUpgrade": dict(block)}}


def accounts_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    with ctx.state.lock:
        keys = sorted(k for k in ctx.state.accounts if k not in ctx.state.not_listed_yet)
        return Reply(200, items=[_with_upgrade_status(ctx, q, k, ctx.state.accounts[k]) for k in keys])


def accounts_get(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, name = p["resourceGroupName"], p["accountName"]
    account = ctx.state.account(rg, name)
    if account is None:
        return not_found(ACCOUNT_TYPE, name, rg)
    return Reply(200, _with_upgrade_status(ctx, q, key_of(rg, name), account))


def projects_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.projects, rg, account))


def deployments_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.deployments, rg, account))


def rai_policies_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    rg, account = p["resourceGroupName"], p["accountName"]
    if ctx.state.account(rg, account) is None:
        return not_found(ACCOUNT_TYPE, account, rg)
    return Reply(200, items=ctx.state.children(ctx.state.rai_policies, rg, account))


def deleted_accounts_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return Reply(200, items=[b for _, b in sorted(ctx.state.deleted_accounts.items())])


def deleted_accounts_purge(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    key = key_of(p["location"], p["resourceGroupName"], p["accountName"])
    if key not in ctx.state.deleted_accounts:
        return Reply(204)  # nothing (left) to purge

    def purge() -> None:
        ctx.state.deleted_accounts.pop(key, None)

    return Reply(202, headers=ctx.start_operation(p["location"], purge))


def _capacities(ctx: Context, q: Query) -> Reply:
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
    ]
    return Reply(200, items=items)


def model_capacities_list(ctx: Context, p: Params, q: Query, body: Any) -> Reply:
    return _capacities(ctx, q)


# Only what the product calls (aoai/live, aoai/adopt, aoai/commands); an operation nothing calls is
# not served, so the fake cannot drift into behaviour no test of the product needs.
HANDLERS: dict[str, Handler] = {
    "Models_List": models_list,
    "ResourceSkus_List": resource_skus_list,
    "Usages_List": usages_list,
    "CheckDomainAvailability": check_domain_availability,
    "Accounts_List": accounts_list,
    "Accounts_Get": accounts_get,
    "Deployments_List": deployments_list,
    "RaiPolicies_List": rai_policies_list,
    "Projects_List": projects_list,
    "DeletedAccounts_List": deleted_accounts_list,
    "DeletedAccounts_Purge": deleted_accounts_purge,
    "ModelCapacities_List": model_capacities_list,
}
