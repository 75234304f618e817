"""The component package's helpers (package.py): what `make mutate` showed no test checked.

A problem's path is shown as the consumer wrote it: the schema's camelCase names (what pulumi's
analyzer makes of the Args' field names), map keys as given (bracketed and quoted when they are
not identifiers), list positions in brackets.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from pulumi.provider.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2

from azure_openai_toolkit import (
    DiagnosticSettings,
    DiagnosticSettingsArgs,
    OpenAIAccount,
    OpenAIAccountArgs,
    PrivateDnsZone,
    PrivateDnsZoneArgs,
    RoleAssignments,
    RoleAssignmentsArgs,
)
from azure_openai_toolkit.config.rules import Key
from azure_openai_toolkit.package import SERVED, ComponentPackage, args_type, hosted, property_path
from tests.conftest import run_components
from tests.provider.test_package import new_group, serialize_as_the_engine_sends, wire_inputs


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        (("location",), "location"),
        (("private_endpoints", Key("app-1"), "subnet_id"), 'privateEndpoints["app-1"].subnetId'),
        (("deployments", Key("chat"), "capacity"), "deployments.chat.capacity"),
        (("network_acls", "ip_rules", 0), "networkAcls.ipRules[0]"),
        ((Key("say \"hi\""), 2), '["say \\"hi\\""][2]'),
        ((0, "role_definition_id"), "[0].roleDefinitionId"),
    ],
)
def test_a_problems_path_is_written_as_the_consumer_wrote_it(parts: tuple[Any, ...], shown: str) -> None:
    assert property_path(parts) == shown


def test_each_served_component_takes_its_own_args_class() -> None:
    assert {component: args_type(component) for component in SERVED} == {
        OpenAIAccount: OpenAIAccountArgs,
        PrivateDnsZone: PrivateDnsZoneArgs,
        RoleAssignments: RoleAssignmentsArgs,
        DiagnosticSettings: DiagnosticSettingsArgs,
    }


def test_a_component_without_an_args_class_cannot_be_served() -> None:
    class Loose(pulumi.ComponentResource):
        def __init__(self, name: str, args: dict[str, Any]) -> None:
            super().__init__("test:index:Loose", name)

    with pytest.raises(TypeError) as caught:
        args_type(Loose)
    assert str(caught.value) == "Loose.__init__ must annotate args with its Args class"


def test_the_hosted_component_is_the_python_one_under_the_package_token() -> None:
    served = hosted(PrivateDnsZone)
    assert issubclass(served, PrivateDnsZone)
    assert served.__name__ == "PrivateDnsZone"
    assert served.TYPE == "aoai:index:PrivateDnsZone"
    assert served.__doc__ == PrivateDnsZone.__doc__
    assert PrivateDnsZone.TYPE == "aoai:network:PrivateDnsZone"  # the Python API keeps its token


def test_the_schema_carries_the_version_it_is_given() -> None:
    assert json.loads(ComponentPackage("1.2.3").schema or "{}")["version"] == "1.2.3"
    assert json.loads(ComponentPackage().schema or "{}")["version"] == "0.2.0"  # pyproject's version


def test_construct_keeps_the_consumers_resource_options() -> None:
    """A consumer's `protect` (or parent, dependsOn, provider) reaches the component it constructs."""

    async def program() -> None:
        group = new_group()
        await group.id.future()
        dependencies: dict[str, list[pulumi.Resource]] = {}
        struct = await serialize_as_the_engine_sends(wire_inputs(group), dependencies)
        request = provider_pb2.ConstructRequest(
            type="aoai:index:OpenAIAccount", name="chat", inputs=struct, protect=True
        )
        package = ComponentPackage()
        decoded = await ProviderServicer._construct_inputs(request.inputs, request.inputDependencies)
        package.construct(request.name, request.type, decoded, ProviderServicer._construct_options(request))

    run = run_components(program)
    assert [r.protect for r in run.registrations if r.name == "chat"] == [True]
