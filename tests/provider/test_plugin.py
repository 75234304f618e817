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

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc
from ruamel.yaml import YAML

from azure_openai_toolkit.package import ComponentPackage
from tests.conftest import PROJECT_ROOT

PROVIDER = PROJECT_ROOT / "provider"


@pytest.fixture(scope="module")
def plugin() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    # The engine address is where the plugin would send logs; nothing is sent to it here.
    process = subprocess.Popen(
        [sys.executable, "-u", str(PROVIDER), "127.0.0.1:9"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        port = process.stdout.readline().strip() if ready else ""
        assert port.isdigit(), f"the plugin did not start: {port!r}"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.terminate()
        process.wait(timeout=30)


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
