"""examples/own-network: a program's own network, workspace and identity wired into the components.

The example runs as `pulumi up` would run it (its __main__.py, its project name, its stack file's
config) under mocks that answer like ARM. The ids below are what ARM gives the resources the
example names in its code and stack file; the components' children must receive exactly those,
and depend on the resources they came from.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from aoai.offline.mocks import Registration
from aoai.offline.runner import ProgramRun, run_program
from tests.conftest import FIXTURES, PROJECT_ROOT
from tests.examples.mocks import ExampleMocks

EXAMPLE = PROJECT_ROOT / "examples" / "own-network"
GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-contoso-openai"
VNET = f"{GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-contoso-openai"
SUBNET = f"{VNET}/subnets/snet-private-endpoints"
WORKSPACE = f"{GROUP}/providers/Microsoft.OperationalInsights/workspaces/law-contoso-openai"
IDENTITY = f"{GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-chat"
ZONE = f"{GROUP}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"
ACCOUNT = f"{GROUP}/providers/Microsoft.CognitiveServices/accounts/contoso-chat"


def load_yaml(path: Path) -> dict[str, object]:
    document: dict[str, object] = YAML(typ="safe", pure=True).load(path.read_text())
    return document


@cache
def plan() -> ProgramRun:
    project = str(load_yaml(EXAMPLE / "Pulumi.yaml")["name"])
    config = load_yaml(EXAMPLE / "Pulumi.dev.yaml")["config"]
    assert isinstance(config, dict)
    raw = {key.split(":", 1)[1]: str(value) for key, value in config.items() if key.startswith(f"{project}:")}
    # run_program names the project after the example's Pulumi.yaml, as `pulumi up` would.
    return run_program(EXAMPLE, "dev", raw, config_namespace=project, mocks=ExampleMocks)


def registered(name: str) -> Registration:
    (found,) = [r for r in plan().registrations if r.name == name]
    return found


def urn(name: str) -> str:
    return registered(name).urn


def test_project_file_validates_against_pulumis_schema() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    jsonschema.validate(load_yaml(EXAMPLE / "Pulumi.yaml"), schema)


def test_private_endpoint_goes_in_the_programs_subnet_and_zone() -> None:
    endpoint = registered("chat-private-endpoint-app-endpoint")
    assert endpoint.inputs["subnet"]["id"] == SUBNET
    assert endpoint.inputs["resourceGroupName"] == "rg-contoso-openai"
    assert endpoint.inputs["location"] == "swedencentral"
    assert endpoint.inputs["privateLinkServiceConnections"] == [
        {"name": "pe-contoso-chat-app", "privateLinkServiceId": ACCOUNT, "groupIds": ["account"]}
    ]
    assert urn("private-endpoints") in endpoint.property_dependencies["subnet"]
    # One write at a time on the account: the endpoint still waits for the deployment.
    assert urn("chat-deployments-chat") in endpoint.dependencies
    zone_group = registered("chat-private-endpoint-app-dns-zone-group")
    assert zone_group.inputs["privateDnsZoneConfigs"] == [
        {"name": "privatelink-openai-azure-com", "privateDnsZoneId": ZONE}
    ]
    assert urn("dns-zone") in zone_group.property_dependencies["privateDnsZoneConfigs"]


def test_dns_zone_is_linked_to_the_programs_network() -> None:
    link = registered("dns-link-openai")
    assert link.inputs["virtualNetwork"] == {"id": VNET}
    assert link.inputs["virtualNetworkLinkName"] == "openai"
    assert urn("vnet") in link.property_dependencies["virtualNetwork"]
    assert registered("dns-zone").inputs["resourceGroupName"] == "rg-contoso-openai"


def test_diagnostics_go_to_the_programs_workspace() -> None:
    setting = registered("chat-diagnostics-logs")
    assert setting.inputs["workspaceId"] == WORKSPACE
    assert setting.inputs["resourceUri"] == ACCOUNT
    assert urn("logs") in setting.property_dependencies["workspaceId"]


def test_identity_is_attached_and_given_the_role() -> None:
    account = registered("chat-account")
    assert account.inputs["identity"] == {
        "type": "SystemAssigned, UserAssigned",
        "userAssignedIdentities": [IDENTITY],
    }
    assert urn("app") in account.property_dependencies["identity"]
    assert account.inputs["properties"]["publicNetworkAccess"] == "Disabled"
    assignment = registered("chat-role-assignments-app")
    principal = registered("app").outputs["principalId"]
    assert assignment.inputs["principalId"] == principal
    assert assignment.inputs["principalType"] == "ServicePrincipal"
    assert assignment.inputs["roleDefinitionId"].endswith(
        "/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
    )
    assert urn("app") in assignment.property_dependencies["principalId"]


def test_components_and_their_children_are_parented() -> None:
    run = plan()
    stack = registered("group").parent
    assert registered("chat").parent == stack and registered("dns").parent == stack
    assert registered("chat-account").parent == urn("chat")
    assert registered("chat-private-endpoint-app").parent == urn("chat")
    assert registered("chat-private-endpoint-app-endpoint").parent == urn("chat-private-endpoint-app")
    assert registered("dns-zone").parent == urn("dns")
    toolkit = [r for r in run.registrations if r.name.startswith(("chat-", "dns-"))]
    assert all(r.parent != stack for r in toolkit)


def test_stack_outputs() -> None:
    assert plan().outputs == {
        "endpoint": "https://contoso-chat.openai.azure.com/",
        "accountId": ACCOUNT,
        "identityClientId": registered("app").outputs["clientId"],
    }
