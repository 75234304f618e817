"""Mocks for the resources the examples create themselves, answered the way ARM would.

AzureMocks (aoai/offline/mocks.py) knows the toolkit's resource types; a program that brings its
own network, workspace and identity also registers these. Ids follow ARM's format for each type
(Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, ...), and an identity gets a
principal and client id, which are GUIDs in Azure: uuid5 of its id here, so runs repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

from aoai.offline.mocks import SUBSCRIPTION_ID, TENANT_ID, AzureMocks, fake_guid


def _group_scope(inputs: dict[str, Any]) -> str:
    return f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{inputs['resourceGroupName']}"


def _virtual_network(inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = inputs["virtualNetworkName"]
    return f"{_group_scope(inputs)}/providers/Microsoft.Network/virtualNetworks/{name}", {"name": name}


def _subnet(inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    vnet, name = inputs["virtualNetworkName"], inputs["subnetName"]
    arm_id = f"{_group_scope(inputs)}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{name}"
    return arm_id, {"name": name}


def _workspace(inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = inputs["workspaceName"]
    arm_id = f"{_group_scope(inputs)}/providers/Microsoft.OperationalInsights/workspaces/{name}"
    return arm_id, {"name": name, "customerId": fake_guid(arm_id, "customer")}


def _identity(inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = inputs["resourceName"]
    arm_id = f"{_group_scope(inputs)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    return arm_id, {
        "name": name,
        "principalId": fake_guid(arm_id, "principal"),
        "clientId": fake_guid(arm_id, "client"),
        "tenantId": TENANT_ID,
    }


OWN_TYPES: dict[str, Callable[[dict[str, Any]], tuple[str, dict[str, Any]]]] = {
    "azure-native:network:VirtualNetwork": _virtual_network,
    "azure-native:network:Subnet": _subnet,
    "azure-native:operationalinsights:Workspace": _workspace,
    "azure-native:managedidentity:UserAssignedIdentity": _identity,
}


class ExampleMocks(AzureMocks):
    """AzureMocks, plus the network, workspace and identity a program creates itself."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        answer = OWN_TYPES.get(args.typ)
        if answer is None:
            return super().new_resource(args)
        arm_id, outputs = answer(args.inputs)
        return arm_id, {**args.inputs, **outputs, "id": arm_id}
