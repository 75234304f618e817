"""The fake's reads of other resource providers: what `aoai adopt` reads around an account.

- Microsoft.Network: PrivateEndpoints_Get, PrivateDnsZoneGroups_List;
- Microsoft.Authorization: RoleAssignments_ListForScope (`$filter=atScope()` answers the
  assignments at the scope and above it, as ARM does) and ManagementLocks_ListByScope (the locks at
  the scope and above it);
- Microsoft.Insights: DiagnosticSettings_List.

Each serves the api-versions the published sources list for its type and refuses others as ARM
does (400 NoRegisteredProviderFound, as api_versions.py words it). The lists are those of the
Pulumi registry's azure-native 3.13.0 pages ("Uses Azure REST API version ... Other available API
versions: ...", generated from Azure/azure-rest-api-specs) plus the versions earlier azure-native
majors used (locks 2017-04-01; role assignments 2015-07-01, 2017-10-01-preview, 2020-03-01-preview,
2020-04-01-preview); ARM may serve a few older ones besides, which nothing here reads with. The
location ARM names in the refusal is the private endpoint's own; Authorization and Insights
types are registered globally ('global').

Bodies are stored as the service returns them; tests seed them (tests/fixtures/adopt holds the
shapes of accounts made by the portal, the Azure CLI and the AVM Bicep module).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .api_versions import arm_refusal
from .handlers import Reply, arm_error

_SUBSCRIPTION = r"/subscriptions/(?P<subscriptionId>[^/]+)"
_SCOPE = r"(?P<scope>/subscriptions/[^/]+(?:/.+?)?)"


# Microsoft.Network privateEndpoints (2019-04-01 on) and privateEndpoints/privateDnsZoneGroups
# (2020-03-01 on) share the Network api-versions from 2020-03-01.
_NETWORK = (
    "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01", "2020-11-01",
    "2021-02-01", "2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01", "2022-05-01", "2022-07-01",
    "2022-09-01", "2022-11-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01",
    "2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01", "2025-01-01",
    "2025-03-01", "2025-05-01",
)  # fmt: skip
_ENDPOINT_VERSIONS = (
    "2019-04-01", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-11-01", "2019-12-01",
    *_NETWORK,
)  # fmt: skip
_ROLE_VERSIONS = (
    "2015-07-01", "2017-10-01-preview", "2020-03-01-preview", "2020-04-01-preview",
    "2020-08-01-preview", "2020-10-01-preview", "2022-04-01",
)  # fmt: skip


@dataclass(frozen=True)
class Route:
    operation_id: str
    pattern: re.Pattern[str]
    api_versions: tuple[str, ...]
    resource_type: str  # as ARM names it in NoRegisteredProviderFound


ROUTES = (
    Route(
        "PrivateEndpoints_Get",
        re.compile(
            rf"^{_SUBSCRIPTION}/resourceGroups/(?P<resourceGroupName>[^/]+)/providers/Microsoft\.Network/"
            r"privateEndpoints/(?P<privateEndpointName>[^/]+)$",
            re.IGNORECASE,
        ),
        _ENDPOINT_VERSIONS,
        "privateEndpoints",
    ),
    Route(
        "PrivateDnsZoneGroups_List",
        re.compile(
            rf"^{_SUBSCRIPTION}/resourceGroups/(?P<resourceGroupName>[^/]+)/providers/Microsoft\.Network/"
            r"privateEndpoints/(?P<privateEndpointName>[^/]+)/privateDnsZoneGroups$",
            re.IGNORECASE,
        ),
        _NETWORK,
        "privateEndpoints/privateDnsZoneGroups",
    ),
    Route(
        "RoleAssignments_ListForScope",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Authorization/roleAssignments$", re.IGNORECASE),
        _ROLE_VERSIONS,
        "roleAssignments",
    ),
    Route(
        "ManagementLocks_ListByScope",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Authorization/locks$", re.IGNORECASE),
        ("2017-04-01", "2020-05-01"),
        "locks",
    ),
    Route(
        "DiagnosticSettings_List",
        re.compile(rf"^{_SCOPE}/providers/Microsoft\.Insights/diagnosticSettings$", re.IGNORECASE),
        ("2021-05-01-preview",),
        "diagnosticSettings",
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
        refused = self.refusal(operation_id, params, query.get("api-version", ""))
        if refused is not None:
            return arm_error(400, *refused)
        return _HANDLERS[operation_id](self, params, query)

    def refusal(self, operation_id: str, params: Mapping[str, str], version: str) -> tuple[str, str] | None:
        """ARM's (code, message) for an api-version it does not serve for the operation's type."""
        route = OPERATIONS[operation_id]
        endpoint = None
        if "privateEndpointName" in params:
            endpoint = self.private_endpoints.get(_endpoint_id(params))
        location = str(endpoint.get("location", "global")) if endpoint else "global"
        return arm_refusal(version, route.api_versions, route.resource_type, location)


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
