"""The fake's reads of other resource providers: what `aoai adopt` reads around an account.

- Microsoft.Network: PrivateEndpoints_Get, PrivateDnsZoneGroups_List (api-version 2024-05-01);
- Microsoft.Authorization: RoleAssignments_ListForScope (2022-04-01, `$filter=atScope()` answers
  the assignments at the scope and above it, as ARM does) and ManagementLocks_ListByScope
  (2020-05-01, the locks at the scope and above it);
- Microsoft.Insights: DiagnosticSettings_List (2021-05-01-preview).

Each serves only the api-version the toolkit reads with (pulumi-azure-native 3.29.0's for the type)
and refuses others as ARM does. Bodies are stored as the service returns them; tests seed them
(tests/fixtures/adopt holds the shapes of accounts made by the portal, the Azure CLI and the AVM
Bicep module).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .handlers import Reply, arm_error

_SUBSCRIPTION = r"/subscriptions/(?P<subscriptionId>[^/]+)"
_SCOPE = r"(?P<scope>/subscriptions/[^/]+(?:/.+?)?)"


@dataclass(frozen=True)
class Route:
    operation_id: str
    pattern: re.Pattern[str]
    api_version: str


ROUTES = (
    Route(
        "PrivateEndpoints_Get",
        re.compile(
            rf"^{_SUBSCRIPTION}/resourceGroups/(?P<resourceGroupName>[^/]+)/providers/Microsoft\.Network/"
            r"privateEndpoints/(?P<privateEndpointName>[^/]+)$",
            re.IGNORECASE,
        ),
        "2024-05-01",
    ),
    Route(
        "PrivateDnsZoneGroups_List",
        re.compile(
            rf"^{_SUBSCRIPTION}/resourceGroups/(?P<resourceGroupName>[^/]+)/providers/Microsoft\.Network/"
            r"privateEndpoints/(?P<privateEndpointName>[^/]+)/privateDnsZoneGroups$",
            re.IGNORECASE,
        ),
        "2024-05-01",
    ),
    Route(
        "RoleAssignments_ListForScope",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Authorization/roleAssignments$", re.IGNORECASE),
        "2022-04-01",
    ),
    Route(
        "ManagementLocks_ListByScope",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Authorization/locks$", re.IGNORECASE),
        "2020-05-01",
    ),
    Route(
        "DiagnosticSettings_List",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Insights/diagnosticSettings$", re.IGNORECASE),
        "2021-05-01-preview",
    ),
)
OPERATIONS = {route.operation_id: route for route in ROUTES}


def route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operation a GET of `path` is, with its path parameters; None when it is none of these."""
    if method != "GET":
        return None
    for candidate in ROUTES:
        match = candidate.pattern.match(path)
        if match:
            return candidate.operation_id, match.groupdict()
    return None


def _lower(value: str) -> str:
    return value.lower().rstrip("/")


def _at_or_above(scope: str, of: str) -> bool:
    """Whether `scope` is `of` or one of the scopes above it (subscription, group, ...)."""
    scope, of = _lower(scope), _lower(of)
    return of == scope or of.startswith(scope + "/")


@dataclass
class OtherProviders:
    """Resources of other providers, keyed by lower-cased ids (ARM ids are case-insensitive)."""

    private_endpoints: dict[str, dict[str, Any]] = field(default_factory=dict)
    zone_groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    role_assignments: list[dict[str, Any]] = field(default_factory=list)
    locks: list[dict[str, Any]] = field(default_factory=list)
    diagnostic_settings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    # -- seeding -------------------------------------------------------------------------------

    def add_private_endpoint(self, body: dict[str, Any]) -> None:
        self.private_endpoints[_lower(body["id"])] = body

    def add_zone_group(self, endpoint_id: str, body: dict[str, Any]) -> None:
        self.zone_groups.setdefault(_lower(endpoint_id), []).append(body)

    def add_role_assignment(self, body: dict[str, Any]) -> None:
        self.role_assignments.append(body)

    def add_lock(self, body: dict[str, Any]) -> None:
        self.locks.append(body)

    def add_diagnostic_setting(self, resource_id: str, body: dict[str, Any]) -> None:
        self.diagnostic_settings.setdefault(_lower(resource_id), []).append(body)

    # -- serving -------------------------------------------------------------------------------

    def serve(self, operation_id: str, params: Mapping[str, str], query: Mapping[str, str]) -> Reply:
        wanted = OPERATIONS[operation_id].api_version
        version = query.get("api-version", "")
        if version != wanted:
            return arm_error(
                400,
                "InvalidApiVersionParameter",
                f"The api-version '{version}' is invalid. The supported versions are '{wanted}'.",
            )
        return _HANDLERS[operation_id](self, params, query)


def _private_endpoint(state: OtherProviders, p: Mapping[str, str], q: Mapping[str, str]) -> Reply:
    found = state.private_endpoints.get(_endpoint_id(p))
    if found is None:
        return arm_error(
            404,
            "ResourceNotFound",
            f"The Resource 'Microsoft.Network/privateEndpoints/{p['privateEndpointName']}' under "
            f"resource group '{p['resourceGroupName']}' was not found. For more details please go "
            "to https://aka.ms/ARMResourceNotFoundFix",
        )
    return Reply(200, found)


def _zone_groups(state: OtherProviders, p: Mapping[str, str], q: Mapping[str, str]) -> Reply:
    if _endpoint_id(p) not in state.private_endpoints:
        return arm_error(
            404,
            "ResourceNotFound",
            f"The Resource 'Microsoft.Network/privateEndpoints/{p['privateEndpointName']}' under "
            f"resource group '{p['resourceGroupName']}' was not found.",
        )
    return Reply(200, items=list(state.zone_groups.get(_endpoint_id(p), [])))


def _endpoint_id(p: Mapping[str, str]) -> str:
    return _lower(
        f"/subscriptions/{p['subscriptionId']}/resourceGroups/{p['resourceGroupName']}/providers/"
        f"Microsoft.Network/privateEndpoints/{p['privateEndpointName']}"
    )


def _role_assignments(state: OtherProviders, p: Mapping[str, str], q: Mapping[str, str]) -> Reply:
    # atScope(): the assignments at the scope and above it; without a filter, also those below.
    scope = p["scope"]
    below = q.get("$filter", "").replace(" ", "") != "atScope()"
    items = [
        body
        for body in state.role_assignments
        if _at_or_above(body["properties"]["scope"], scope)
        or (below and _at_or_above(scope, body["properties"]["scope"]))
    ]
    return Reply(200, items=items)


def _locks(state: OtherProviders, p: Mapping[str, str], q: Mapping[str, str]) -> Reply:
    scope = p["scope"]
    items = [body for body in state.locks if _at_or_above(_lock_scope(body["id"]), scope)]
    return Reply(200, items=items)


def _lock_scope(lock_id: str) -> str:
    at = lock_id.lower().rfind("/providers/microsoft.authorization/locks/")
    return lock_id[:at]


def _diagnostic_settings(state: OtherProviders, p: Mapping[str, str], q: Mapping[str, str]) -> Reply:
    # DiagnosticSettingsResourceCollection: {value: [...]}, never paged.
    return Reply(200, {"value": list(state.diagnostic_settings.get(_lower(p["scope"]), []))})


_HANDLERS: dict[str, Callable[[OtherProviders, Mapping[str, str], Mapping[str, str]], Reply]] = {
    "PrivateEndpoints_Get": _private_endpoint,
    "PrivateDnsZoneGroups_List": _zone_groups,
    "RoleAssignments_ListForScope": _role_assignments,
    "ManagementLocks_ListByScope": _locks,
    "DiagnosticSettings_List": _diagnostic_settings,
}
