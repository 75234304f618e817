"""Stacks that break one policy each, planned once by the real program under mocks.

Every case is a complete stack config; `violated` is exactly the set of policies the planned
resources violate. The compliant base is a protected stack shaped like the shipped prod one, so
each policy's compliant case is the base (or the case noted) and its violating case flips one
thing. The offline report and the real policy pack are both checked against these sets.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aoai.offline.mocks import Registration
from aoai.offline.runner import ProgramRun, run_program
from tests.components.config.test_models import chat, primary
from tests.conftest import FIXTURES, IDENTITY, PRINCIPAL, SUBNET, WORKSPACE, ZONE, engine_raw


def protected_base() -> dict[str, Any]:
    return {
        "namePrefix": "contoso",
        "environment": "prod",
        "location": "swedencentral",
        "accounts": {
            "primary": {
                "privateEndpoints": {"hub": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}},
                "managedIdentities": {"systemAssigned": True, "userAssignedResourceIds": [IDENTITY]},
                "customerManagedKey": {
                    "keyVaultUri": "https://kv-contoso.vault.azure.net/",
                    "keyName": "aoai",
                    "userAssignedIdentityResourceId": IDENTITY,
                    "identityClientId": PRINCIPAL,
                },
                "restrictOutboundNetworkAccess": True,
                "allowedFqdns": ["srch-contoso.search.windows.net"],
                "diagnosticSettings": {"central": {"workspaceResourceId": WORKSPACE}},
                "contentFilters": {"strict": {"basePolicy": "Microsoft.DefaultV2"}},
                "deployments": {
                    "chat": {
                        "model": "gpt-5",
                        "version": "2025-08-07",
                        "sku": "DataZoneStandard",
                        "capacity": 50,
                        "contentFilter": "strict",
                    }
                },
            }
        },
    }


Tamper = Callable[[Registration], Registration]


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[dict[str, Any]], None]
    violated: frozenset[str]
    pack_config: dict[str, Any] = field(default_factory=dict)
    # For what no stack file can produce (the contract refuses it), but another program could
    # register: a change to the planned registrations before the pack sees them.
    tamper: Tamper | None = None

    def config(self) -> dict[str, Any]:
        data = protected_base()
        self.change(data)
        return data


def _unprotected(data: dict[str, Any]) -> None:
    data["environment"] = "dev"


def _public_with_acls(data: dict[str, Any]) -> None:
    primary(data)["networkAcls"] = {"ipRules": ["203.0.113.0/24"]}


def _keys(data: dict[str, Any]) -> None:
    primary(data).update(localAuth=True, allowLocalAuthWhenProtected=True)


def _open(data: dict[str, Any]) -> None:
    primary(data)["publicNetworkAccess"] = "Enabled"


def _open_unprotected(data: dict[str, Any]) -> None:
    _unprotected(data)
    _open(data)


def _no_filter(data: dict[str, Any]) -> None:
    del chat(data)["contentFilter"]


def _floating(data: dict[str, Any]) -> None:
    chat(data)["versionUpgrade"] = "OnceNewDefaultVersionAvailable"


def _no_diagnostics(data: dict[str, Any]) -> None:
    del primary(data)["diagnosticSettings"]


def _global(data: dict[str, Any]) -> None:
    chat(data)["sku"] = "GlobalStandard"


def _big(data: dict[str, Any]) -> None:
    chat(data)["capacity"] = 150


def _microsoft_keys(data: dict[str, Any]) -> None:
    del primary(data)["customerManagedKey"]


def _outbound_open(data: dict[str, Any]) -> None:
    del primary(data)["restrictOutboundNetworkAccess"]
    del primary(data)["allowedFqdns"]


def _outbound_closed_without_list(data: dict[str, Any]) -> None:
    del primary(data)["allowedFqdns"]


def _dev_like(data: dict[str, Any]) -> None:
    _unprotected(data)
    _no_filter(data)
    _no_diagnostics(data)


def _unchanged(data: dict[str, Any]) -> None:
    return None


FOUNDRY_ZONES = [
    ZONE.replace("privatelink.openai.azure.com", zone)
    for zone in (
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    )
]
SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)


def _foundry(data: dict[str, Any]) -> None:
    """The primary account as a Foundry resource with a project and an account connection."""
    account = primary(data)
    account["kind"] = "AIServices"
    account["privateEndpoints"]["hub"]["privateDnsZoneIds"] = FOUNDRY_ZONES
    account["projects"] = {"research": {"displayName": "Research"}}
    account["connections"] = {
        "search": {
            "category": "CognitiveSearch",
            "target": "https://search-contoso.search.windows.net/",
            "resourceId": SEARCH,
        }
    }


def _foundry_keys_unprotected(data: dict[str, Any]) -> None:
    _foundry(data)
    _unprotected(data)
    primary(data)["localAuth"] = True


def _with_inputs(registration: Registration, change: Callable[[dict[str, Any]], None]) -> Registration:
    inputs = copy.deepcopy(registration.inputs)
    change(inputs)
    return dataclasses.replace(registration, inputs=inputs)


def _project_without_identity(registration: Registration) -> Registration:
    if registration.type != "azure-native:cognitiveservices:Project":
        return registration
    return _with_inputs(registration, lambda inputs: inputs.pop("identity", None))


def _connection_with_key(registration: Registration) -> Registration:
    if registration.type != "azure-native:cognitiveservices:AccountConnection":
        return registration
    return _with_inputs(registration, lambda inputs: inputs["properties"].update(authType="ApiKey"))


EU = {"data-zone-skus": {"dataZone": "EU"}}

CASES = [
    Case("compliant", _unchanged, frozenset()),
    Case("compliant-under-eu-data-zone", _unchanged, frozenset(), EU),
    Case("public-network-on-protected", _public_with_acls, frozenset({"protected-public-network-disabled"})),
    Case("keys-on-protected", _keys, frozenset({"protected-local-auth-disabled"})),
    Case(
        "open-to-the-internet",
        _open,
        frozenset({"network-default-deny", "protected-public-network-disabled"}),
    ),
    Case(
        "open-to-the-internet-unprotected",
        _open_unprotected,
        frozenset({"network-default-deny"}),
    ),
    Case("no-content-filter", _no_filter, frozenset({"protected-content-filter"})),
    Case("floating-version", _floating, frozenset({"protected-pinned-versions"})),
    Case("no-diagnostics", _no_diagnostics, frozenset({"protected-diagnostics"})),
    Case("global-sku-under-eu-data-zone", _global, frozenset({"data-zone-skus"}), EU),
    Case("global-sku-without-data-zone", _global, frozenset()),
    Case("capacity-above-ceiling", _big, frozenset({"capacity-ceiling"})),
    Case("capacity-under-raised-ceiling", _big, frozenset(), {"capacity-ceiling": {"maxCapacity": 200}}),
    Case(
        "unprotected-without-filter-and-diagnostics",
        _dev_like,
        frozenset({"content-filter-recommended", "diagnostics-recommended"}),
    ),
    Case("unprotected-compliant", _unprotected, frozenset()),
    Case("microsoft-managed-keys", _microsoft_keys, frozenset({"customer-managed-key-recommended"})),
    Case("outbound-unrestricted", _outbound_open, frozenset({"outbound-allowlist-recommended"})),
    Case(
        "outbound-restricted-without-fqdns",
        _outbound_closed_without_list,
        frozenset({"outbound-allowlist-recommended"}),
    ),
    Case("foundry-compliant", _foundry, frozenset()),
    Case(
        "foundry-keys-unprotected",
        _foundry_keys_unprotected,
        frozenset({"foundry-local-auth-disabled"}),
    ),
    Case(
        "foundry-project-without-identity",
        _foundry,
        frozenset({"foundry-project-identity"}),
        tamper=_project_without_identity,
    ),
    Case(
        "foundry-connection-with-a-key",
        _foundry,
        frozenset({"foundry-connections-entra-id"}),
        tamper=_connection_with_key,
    ),
]

# Every policy of the pack has a case violating it and is passed by the compliant base.
ALL_POLICIES = frozenset(
    {
        "protected-public-network-disabled",
        "protected-local-auth-disabled",
        "network-default-deny",
        "protected-content-filter",
        "protected-pinned-versions",
        "protected-diagnostics",
        "data-zone-skus",
        "capacity-ceiling",
        "content-filter-recommended",
        "diagnostics-recommended",
        "customer-managed-key-recommended",
        "outbound-allowlist-recommended",
        "foundry-local-auth-disabled",
        "foundry-project-identity",
        "foundry-connections-entra-id",
    }
)


@functools.cache
def planned(case_name: str) -> ProgramRun:
    case = next(c for c in CASES if c.name == case_name)
    run = run_program(FIXTURES, f"policy-{case.name}", engine_raw(copy.deepcopy(case.config())))
    if case.tamper is not None:
        run = dataclasses.replace(run, registrations=[case.tamper(r) for r in run.registrations])
    return run
