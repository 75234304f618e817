"""The component package other languages use: its inferred schema and construct under mocks.

The schema is pulumi's own inference from the components' Args (pulumi.provider.experimental);
these tests pin what a TypeScript, Go, C# or YAML program gets from it. Construct goes through the
SDK's provider code the way the engine drives it: the consumer's inputs serialized as the engine
sends them (output values, numbers as floats), decoded by the SDK's ProviderServicer, constructed,
and answered; the children it registers must be exactly those of the Python API.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.errors import InputPropertiesError
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import rpc, settings
from pulumi.runtime.proto import provider_pb2, resource_pb2
from pulumi_azure_native import resources

from aoai.offline.runner import ProgramRun
from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    ContentFilterPolicy,
    ContentFilterSet,
    DiagnosticSetting,
    ModelDeployment,
    OpenAIAccount,
    OpenAIAccountArgs,
    RoleAssignment,
    SeverityFilter,
)
from azure_openai_toolkit.package import SERVED, ComponentPackage, args_type
from tests.conftest import PRINCIPAL, SUBNET, VNET, WORKSPACE, ZONE, graph_by_name, run_components

SCHEMA: dict[str, Any] = json.loads(ComponentPackage().schema or "{}")
ACCOUNT = SCHEMA["resources"]["aoai:index:OpenAIAccount"]


def test_schema_serves_the_components_that_need_no_resource_references() -> None:
    assert SCHEMA["name"] == "aoai"
    assert SCHEMA["version"] == "0.2.0"
    assert set(SCHEMA["resources"]) == {
        "aoai:index:OpenAIAccount",
        "aoai:index:PrivateDnsZone",
        "aoai:index:RoleAssignments",
        "aoai:index:DiagnosticSettings",
    }
    assert all(resource["isComponent"] for resource in SCHEMA["resources"].values())


def test_account_inputs_are_the_args_in_camel_case() -> None:
    assert list(ACCOUNT["inputProperties"]) == [
        "accountName",
        "location",
        "resourceGroupName",
        "kind",
        "allowProjectManagement",
        "customSubdomain",
        "disableCustomSubdomain",
        "sku",
        "restore",
        "localAuth",
        "allowLocalAuthWhenProtected",
        "publicNetworkAccess",
        "restrictOutboundNetworkAccess",
        "allowedFqdns",
        "networkAcls",
        "privateEndpoints",
        "managedIdentities",
        "customerManagedKey",
        "roleAssignments",
        "diagnosticSettings",
        "lock",
        "contentFilters",
        "existingContentFilters",
        "deployments",
        "blocklists",
        "projects",
        "connections",
        "networkInjections",
        "lockName",
        "lockNotes",
        "accountTags",
        "leaveUnset",
        "roleAssignmentNaming",
        "protect",
        "tags",
    ]
    assert ACCOUNT["requiredInputs"] == ["accountName", "location", "resourceGroupName"]


def test_ids_take_outputs_and_what_decides_resources_is_plain() -> None:
    inputs = ACCOUNT["inputProperties"]
    for name in ("accountName", "location", "resourceGroupName", "customSubdomain"):
        assert inputs[name]["type"] == "string" and "plain" not in inputs[name], name
    for name in ("deployments", "privateEndpoints", "roleAssignments", "contentFilters", "lock", "protect"):
        assert inputs[name]["plain"] is True, name
    assert (
        inputs["privateEndpoints"]["additionalProperties"]["$ref"]
        == "#/types/aoai:index:AccountPrivateEndpoint"
    )
    endpoint = SCHEMA["types"]["aoai:index:AccountPrivateEndpoint"]
    assert endpoint["properties"]["subnetId"] == {
        "description": "Subnet the private endpoint's network interface goes in.",
        "type": "string",
    }
    assert endpoint["properties"]["privateDnsZoneIds"]["items"]["type"] == "string"
    assert "plain" not in endpoint["properties"]["privateDnsZoneIds"]["items"]
    assert endpoint["required"] == ["privateDnsZoneIds", "subnetId"]
    role = SCHEMA["types"]["aoai:index:RoleAssignment"]
    assert "plain" not in role["properties"]["principalId"] and role["properties"]["role"]["plain"] is True
    deployment = SCHEMA["types"]["aoai:index:ModelDeployment"]
    assert deployment["properties"]["capacity"]["type"] == "integer"
    assert deployment["required"] == ["capacity", "model", "sku", "version"]


def test_account_outputs() -> None:
    assert set(ACCOUNT["properties"]) == {
        "accountName",
        "accountId",
        "endpoint",
        "principalId",
        "deployments",
        "kind",
        "projects",
    }
    assert ACCOUNT["required"] == ["accountId", "accountName", "deployments", "endpoint", "kind", "projects"]
    assert ACCOUNT["properties"]["projects"]["additionalProperties"]["$ref"] == (
        "#/types/aoai:index:ProjectSummary"
    )
    assert ACCOUNT["properties"]["deployments"]["additionalProperties"]["$ref"] == (
        "#/types/aoai:index:DeploymentSummary"
    )


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_reference_names_a_type_of_the_package() -> None:
    for ref in refs(SCHEMA):
        assert ref.startswith("#/types/") and ref.removeprefix("#/types/") in SCHEMA["types"], ref


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


@pytest.mark.parametrize("component", SERVED, ids=lambda c: c.__name__)
def test_schema_follows_the_args_class_of_every_served_component(component: type[Any]) -> None:
    """What pulumi inferred is the Args class, field by field: nothing written by hand."""
    resource = SCHEMA["resources"][f"aoai:index:{component.__name__}"]
    fields = dataclasses.fields(args_type(component))  # type: ignore[arg-type]
    assert list(resource["inputProperties"]) == [camel(f.name) for f in fields]
    optional = {f.name for f in fields if type(None) in getattr(f.type, "__args__", ())}
    assert resource["requiredInputs"] == sorted(camel(f.name) for f in fields if f.name not in optional)
    assert resource["description"] == component.__doc__


def group_output(group: resources.ResourceGroup, value: str) -> pulumi.Output[str]:
    output: pulumi.Output[str] = group.id.apply(lambda _: value)
    return output


def wire_inputs(group: resources.ResourceGroup) -> dict[str, Any]:
    """What a TypeScript program would pass: camelCase names, Outputs of its own resources."""
    return {
        "accountName": "contoso-chat",
        "location": "swedencentral",
        "resourceGroupName": group.name,
        "tags": {"team": "ai"},
        "lock": "CanNotDelete",
        "contentFilters": {"strict": {"mode": "Blocking", "filters": {"hate": {"threshold": "Low"}}}},
        "deployments": {
            "chat": {
                "model": "gpt-5",
                "version": "2025-08-07",
                "sku": "GlobalStandard",
                "capacity": 10,
                "contentFilter": "strict",
            }
        },
        "privateEndpoints": {"app": {"subnetId": group_output(group, SUBNET), "privateDnsZoneIds": [ZONE]}},
        "roleAssignments": {
            "app": {"principalId": group_output(group, PRINCIPAL), "role": "Cognitive Services OpenAI User"}
        },
        "diagnosticSettings": {"logs": {"workspaceResourceId": group_output(group, WORKSPACE)}},
    }


def python_args(group: resources.ResourceGroup) -> OpenAIAccountArgs:
    """The same account through the Python API."""
    return OpenAIAccountArgs(
        account_name="contoso-chat",
        location="swedencentral",
        resource_group_name=group.name,
        tags={"team": "ai"},
        lock="CanNotDelete",
        content_filters={
            "strict": ContentFilterPolicy(
                mode="Blocking", filters=ContentFilterSet(hate=SeverityFilter(threshold="Low"))
            )
        },
        deployments={
            "chat": ModelDeployment(
                model="gpt-5",
                version="2025-08-07",
                sku="GlobalStandard",
                capacity=10,
                content_filter="strict",
            )
        },
        private_endpoints={
            "app": AccountPrivateEndpoint(subnet_id=group_output(group, SUBNET), private_dns_zone_ids=[ZONE])
        },
        role_assignments={
            "app": RoleAssignment(
                principal_id=group_output(group, PRINCIPAL), role="Cognitive Services OpenAI User"
            )
        },
        diagnostic_settings={"logs": DiagnosticSetting(workspace_resource_id=group_output(group, WORKSPACE))},
    )


def new_group() -> resources.ResourceGroup:
    return resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")


async def serialize_as_the_engine_sends(
    inputs: dict[str, Any], dependencies: dict[str, list[pulumi.Resource]]
) -> Any:
    """The consumer's inputs as the Pulumi engine hands them to a provider that accepts outputs
    (ours does: ProviderServicer.Configure): Outputs stay Outputs ("output values") where they
    are, so maps of endpoints or deployments arrive as plain maps. Pulumi's mock monitor turns
    that feature off for resource registrations; it is on here for this one serialization."""
    features = settings.SETTINGS.monitor_features
    settings.SETTINGS.monitor_features = {*features, resource_pb2.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES}
    try:
        return await rpc.serialize_properties(inputs, dependencies, keep_output_values=True)
    finally:
        settings.SETTINGS.monitor_features = features


async def construct_over_the_protocol(inputs: dict[str, Any], answers: list[Any]) -> None:
    """Construct as the engine drives a provider: serialized request in, ConstructResponse out."""
    dependencies: dict[str, list[pulumi.Resource]] = {}
    struct = await serialize_as_the_engine_sends(inputs, dependencies)
    request = provider_pb2.ConstructRequest(type="aoai:index:OpenAIAccount", name="chat", inputs=struct)
    for key, resources_of_key in dependencies.items():
        urns = [await r.urn.future() for r in resources_of_key]
        request.inputDependencies[key].urns.extend(u for u in urns if u)
    package = ComponentPackage()
    decoded = await ProviderServicer._construct_inputs(request.inputs, request.inputDependencies)
    result = package.construct(
        request.name, request.type, decoded, ProviderServicer._construct_options(request)
    )
    answers.append(await ProviderServicer(package, [], "")._construct_response(result))


def constructed() -> tuple[ProgramRun, Any]:
    answers: list[Any] = []

    async def program() -> None:
        group = new_group()
        await group.id.future()  # registered before the consumer's inputs are serialized
        await construct_over_the_protocol(wire_inputs(group), answers)

    return run_components(program), answers[0]


def test_construct_registers_the_same_children_as_the_python_api() -> None:
    served, _ = constructed()
    python = run_components(lambda: OpenAIAccount("chat", python_args(new_group())))
    served_shape, python_shape = graph_by_name(served), graph_by_name(python)
    assert served_shape.pop("chat")[0] == "aoai:index:OpenAIAccount"
    assert python_shape.pop("chat")[0] == "aoai:openai:Account"
    assert served_shape == python_shape
    assert set(served_shape) == {
        "network",
        "chat-account",
        "chat-content-filters",
        "chat-content-filters-strict",
        "chat-deployments",
        "chat-deployments-chat",
        "chat-private-endpoint-app",
        "chat-private-endpoint-app-endpoint",
        "chat-private-endpoint-app-dns-zone-group",
        "chat-role-assignments",
        "chat-role-assignments-app",
        "chat-diagnostics",
        "chat-diagnostics-logs",
        "chat-lock",
    }


def test_construct_answers_with_the_component_and_its_outputs() -> None:
    run, response = constructed()
    component = next(r for r in run.registrations if r.name == "chat")
    assert response.urn == component.urn
    assert component.urn.endswith("::aoai:index:OpenAIAccount::chat")
    state = rpc.deserialize_properties(response.state)
    assert state["accountName"] == "contoso-chat"
    assert state["endpoint"] == "https://contoso-chat.openai.azure.com/"
    assert state["deployments"] == {
        "chat": {
            "name": "chat",
            "model": "gpt-5",
            "version": "2025-08-07",
            "sku": "GlobalStandard",
            "capacity": 10,
        }
    }


def test_construct_refuses_bad_plain_inputs_naming_the_consumers_properties() -> None:
    errors: list[InputPropertiesError] = []

    async def program() -> None:
        group = new_group()
        await group.id.future()
        inputs = wire_inputs(group)
        inputs["location"] = "West Europe"
        inputs["privateEndpoints"] = {"app-1": {"subnetId": VNET, "privateDnsZoneIds": [ZONE]}}
        inputs["deployments"]["chat"]["capacity"] = 0
        try:
            await construct_over_the_protocol(inputs, [])
        except InputPropertiesError as error:
            errors.append(error)

    run = run_components(program)
    assert errors[0].message == "invalid inputs for aoai:index:OpenAIAccount 'chat'"
    reasons = {e["property_path"]: e["reason"] for e in errors[0].errors or []}
    assert set(reasons) == {"location", 'privateEndpoints["app-1"].subnetId', "deployments.chat.capacity"}
    assert reasons["location"].startswith("an Azure region name in lower case")
    assert reasons["deployments.chat.capacity"] == "must be a positive integer (got 0)"
    assert [r.name for r in run.registrations] == ["network"]
