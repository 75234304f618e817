"""Reading existing accounts and what hangs off them, concurrently, one task per account.

Per account: the account, its deployments and RAI policies, the private endpoints its private
endpoint connections name (with their DNS zone groups), the role assignments, diagnostic settings
and locks at the account's own scope (ARM also answers those inherited from above; they are not
the account's and are left out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from azure.core.exceptions import HttpResponseError

from azure_openai_toolkit.config.types import parse_resource_id

from ..live.client import LiveSession
from ..live.errors import classify
from ..live.fetch import run_concurrently
from ..live.findings import NotChecked
from ..offline.resource_types import azure_type
from .arm import ArmReader

Body = dict[str, Any]


def _api(token: str) -> str:
    known = azure_type(token)
    assert known is not None, token
    return known.api_version


ACCOUNT_API = _api("azure-native:cognitiveservices:Account")
ENDPOINT_API = _api("azure-native:network:PrivateEndpoint")
ROLE_API = _api("azure-native:authorization:RoleAssignment")
LOCK_API = _api("azure-native:authorization:ManagementLockByScope")
DIAGNOSTIC_API = _api("azure-native:monitor:DiagnosticSetting")


@dataclass
class LiveEndpoint:
    body: Body
    zone_groups: list[Body] = field(default_factory=list)


@dataclass
class LiveAccount:
    """One existing account as Resource Manager answers for it, every body kept whole."""

    id: str
    account: Body
    deployments: list[Body] = field(default_factory=list)
    rai_policies: list[Body] = field(default_factory=list)
    private_endpoints: list[LiveEndpoint] = field(default_factory=list)
    role_assignments: list[Body] = field(default_factory=list)
    diagnostic_settings: list[Body] = field(default_factory=list)
    locks: list[Body] = field(default_factory=list)
    # What could not be read, with why (an endpoint in a subscription the identity cannot read).
    unread: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.account.get("name") or parse_resource_id(self.id).name)


def _same(a: str, b: str) -> bool:
    return a.lower().rstrip("/") == b.lower().rstrip("/")


def read_account(reader: ArmReader, account_id: str) -> LiveAccount | None:
    """The account and its children; None when the account does not exist."""
    account = reader.get(account_id, ACCOUNT_API)
    if account is None:
        return None
    live = LiveAccount(account_id, account)
    live.deployments = reader.list(f"{account_id}/deployments", ACCOUNT_API)
    live.rai_policies = reader.list(f"{account_id}/raiPolicies", ACCOUNT_API)
    for endpoint_id in _endpoint_ids(account):
        _read_endpoint(reader, live, endpoint_id)
    scoped = {"$filter": "atScope()"}
    roles = reader.list(f"{account_id}/providers/Microsoft.Authorization/roleAssignments", ROLE_API, **scoped)
    live.role_assignments = [r for r in roles if _same(str(_props(r).get("scope", "")), account_id)]
    own_locks = f"{account_id}/providers/Microsoft.Authorization/locks/".lower()
    locks = reader.list(f"{account_id}/providers/Microsoft.Authorization/locks", LOCK_API)
    live.locks = [lock for lock in locks if str(lock.get("id", "")).lower().startswith(own_locks)]
    live.diagnostic_settings = reader.list(
        f"{account_id}/providers/Microsoft.Insights/diagnosticSettings", DIAGNOSTIC_API
    )
    return live


def _props(body: Body) -> Body:
    properties = body.get("properties")
    return properties if isinstance(properties, dict) else {}


def _endpoint_ids(account: Body) -> list[str]:
    connections = _props(account).get("privateEndpointConnections") or []
    ids = [
        str(_props(c).get("privateEndpoint", {}).get("id", "")) for c in connections if isinstance(c, dict)
    ]
    return sorted({i for i in ids if i}, key=str.lower)


def _read_endpoint(reader: ArmReader, live: LiveAccount, endpoint_id: str) -> None:
    try:
        body = reader.get(endpoint_id, ENDPOINT_API)
        groups = reader.list(f"{endpoint_id}/privateDnsZoneGroups", ENDPOINT_API) if body else []
    except HttpResponseError as error:
        if error.status_code != 403:
            raise
        live.unread.append(f"private endpoint {endpoint_id}: {classify(error).message}")
        return
    if body is None:
        live.unread.append(f"private endpoint {endpoint_id}: named by a connection but not found")
        return
    live.private_endpoints.append(LiveEndpoint(body, groups))


def read_accounts(
    session: LiveSession, account_ids: Sequence[str], on_done: Callable[[object], None] | None = None
) -> tuple[dict[str, LiveAccount | None], list[NotChecked]]:
    """Every account concurrently; an account that could not be read is a NotChecked entry."""
    reader = ArmReader(session)
    tasks = {account_id: partial(read_account, reader, account_id) for account_id in account_ids}
    results = run_concurrently(
        tasks, concurrency=session.settings.limits.concurrency, deadline=session.deadline, on_done=on_done
    )
    found: dict[str, LiveAccount | None] = {}
    missing: list[NotChecked] = []
    for account_id, outcome in results.items():
        if outcome.failure is not None:
            missing.append(NotChecked(f"account {account_id}", outcome.failure.message, (account_id,)))
        else:
            found[account_id] = outcome.value
    return found, missing
