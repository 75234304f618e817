"""provider/: the plugin folder `pulumi package add` runs, started the way Pulumi starts it.

Pulumi's Python language host runs a plugin folder with a __main__.py as `python <folder>
<engine address>`; the plugin prints the port of its gRPC ResourceProvider server. The engine then
asks for the plugin's info, configures it and reads its schema, as this test does.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc
from ruamel.yaml import YAML

from aoai.offline.runner import ProgramRun
from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    ModelDeployment,
    OpenAIAccount,
    OpenAIAccountArgs,
    RoleAssignment,
)
from azure_openai_toolkit.package import ComponentPackage
from tests.conftest import PRINCIPAL, PROJECT_ROOT, SUBNET, ZONE, graph_by_name, run_components
from tests.provider.engine import PROJECT, STACK, fake_engine

PROVIDER = PROJECT_ROOT / "provider"


@contextmanager
def started(engine_address: str) -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """The plugin process, as Pulumi starts it, and a client of its ResourceProvider service."""
    process = subprocess.Popen(
        [sys.executable, "-u", str(PROVIDER), engine_address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        port = process.stdout.readline().strip() if ready else ""
        if not port.isdigit():
            process.kill()
            raise AssertionError(f"the plugin did not start: {port!r}\n{process.communicate()[1]}")
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def plugin() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    # The engine address is where the plugin would send logs; these calls log nothing.
    with started("127.0.0.1:9") as stub:
        yield stub


def test_plugin_reports_the_toolkit_version(plugin: provider_pb2_grpc.ResourceProviderStub) -> None:
    assert plugin.GetPluginInfo(empty_pb2.Empty()).version == "0.2.0"


def test_plugin_accepts_outputs_so_maps_arrive_as_maps(
    plugin: provider_pb2_grpc.ResourceProviderStub,
) -> None:
    configured = plugin.Configure(provider_pb2.ConfigureRequest())
    assert configured.acceptOutputs and configured.acceptSecrets and configured.acceptResources


def test_plugin_serves_the_inferred_schema(plugin: provider_pb2_grpc.ResourceProviderStub) -> None:
    served = json.loads(plugin.GetSchema(provider_pb2.GetSchemaRequest(version=0)).schema)
    assert served == json.loads(ComponentPackage().schema or "{}")
    assert "aoai:index:OpenAIAccount" in served["resources"]


def test_plugin_folder_is_a_python_plugin_of_this_toolkit() -> None:
    manifest = YAML(typ="safe", pure=True).load((PROVIDER / "PulumiPlugin.yaml").read_text())
    assert manifest["runtime"]["name"] == "python"
    lines = (PROVIDER / "requirements.txt").read_text().splitlines()
    requirements = [line for line in lines if line.strip() and not line.startswith("#")]
    assert requirements == ["-e .."]
    project = tomllib.loads((PROVIDER.parent / "pyproject.toml").read_text())["project"]
    assert project["name"] == "azure-openai-toolkit"


ACCOUNT_INPUTS = {
    "accountName": "contoso-chat",
    "location": "swedencentral",
    "resourceGroupName": "rg-apps",
    "lock": "CanNotDelete",
    "privateEndpoints": {"app": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}},
    "roleAssignments": {"app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"}},
    "deployments": {
        "chat": {"model": "gpt-5", "version": "2025-08-07", "sku": "GlobalStandard", "capacity": 10}
    },
}


def account_request(inputs: dict[str, Any], monitor: str) -> provider_pb2.ConstructRequest:
    """The engine's ConstructRequest for an OpenAIAccount named chat of the consumer's stack."""
    struct = struct_pb2.Struct()
    struct.update(inputs)  # numbers cross as floats, as they do from the engine
    return provider_pb2.ConstructRequest(
        project=PROJECT,
        stack=STACK,
        type="aoai:index:OpenAIAccount",
        name="chat",
        inputs=struct,
        monitorEndpoint=monitor,
    )


def test_plugin_constructs_over_grpc_what_the_python_api_registers() -> None:
    """The whole Construct call as the engine makes it: the plugin process registers the account
    and its children with the engine's resource monitor (here the recording mocks, over gRPC)."""
    with fake_engine() as engine, started(engine.address) as stub:
        stub.Configure(provider_pb2.ConfigureRequest(acceptSecrets=True, acceptResources=True))
        response = stub.Construct(account_request(ACCOUNT_INPUTS, engine.address), timeout=120)
        served = ProgramRun(STACK, list(engine.monitor.registrations))
    assert response.urn == f"urn:pulumi:{STACK}::{PROJECT}::aoai:index:OpenAIAccount::chat"
    assert rpc.deserialize_properties(response.state)["endpoint"] == "https://contoso-chat.openai.azure.com/"
    python = run_components(
        lambda: OpenAIAccount(
            "chat",
            OpenAIAccountArgs(
                account_name="contoso-chat",
                location="swedencentral",
                resource_group_name="rg-apps",
                lock="CanNotDelete",
                private_endpoints={
                    "app": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])
                },
                role_assignments={
                    "app": RoleAssignment(principal_id=PRINCIPAL, role="Cognitive Services OpenAI User")
                },
                deployments={
                    "chat": ModelDeployment(
                        model="gpt-5", version="2025-08-07", sku="GlobalStandard", capacity=10
                    )
                },
            ),
        )
    )
    served_graph, python_graph = graph_by_name(served), graph_by_name(python)
    assert served_graph.pop("chat")[0] == "aoai:index:OpenAIAccount"
    assert python_graph.pop("chat")[0] == "aoai:openai:Account"
    assert served_graph == python_graph
    assert "chat-private-endpoint-app-endpoint" in served_graph


def test_plugin_refuses_bad_inputs_per_property_over_grpc() -> None:
    with fake_engine() as engine, started(engine.address) as stub:
        with pytest.raises(grpc.RpcError) as caught:
            stub.Construct(
                account_request({**ACCOUNT_INPUTS, "location": "West Europe"}, engine.address), timeout=120
            )
        registered = list(engine.monitor.registrations)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "invalid inputs for aoai:index:OpenAIAccount 'chat'" in (caught.value.details() or "")
    assert registered == []
