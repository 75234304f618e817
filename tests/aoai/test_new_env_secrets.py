"""`aoai new-env` leaves out secure values at any depth (list items too), names each with the
command that sets it again, and when the copy needs one, the refusal says how to give it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT, SUBNET, ZONE

runner = CliRunner()

SOURCE = """\
encryptionsalt: v1:c2FsdA==:v1:abc
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      networkAcls:
        ipRules:
          - 203.0.113.0/24
          - secure: v1:AAAAip1
          - 198.51.100.0/24
          - secure: v1:AAAAip2
{endpoint}      deployments:
        chat: {{model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}}
"""
ENDPOINT = """\
      privateEndpoints:
        hub:
          subnetId:
            secure: v1:AAAAsubnet
          privateDnsZoneIds: [{zone}]
"""
RULES = "azure-openai:accounts.primary.networkAcls.ipRules"
SUBNET_PATH = "azure-openai:accounts.primary.privateEndpoints.hub.subnetId"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copy(PROJECT_ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    (tmp_path / "stacks").mkdir()
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    yield tmp_path


def test_secure_list_items_are_dropped_with_the_command_that_appends_them(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text(SOURCE.format(endpoint=""))
    result = runner.invoke(app, ["new-env", "copy", "--from", "dev", "--json"])
    assert result.exit_code == 0, result.output
    written = (project / "stacks" / "Pulumi.copy.yaml").read_text()
    assert "secure" not in written and "v1:AAAA" not in written
    config = YAML(typ="safe", pure=True).load(written)["config"]
    assert config["azure-openai:accounts"]["primary"]["networkAcls"]["ipRules"] == [
        "203.0.113.0/24",
        "198.51.100.0/24",
    ]
    notes = json.loads(result.stdout)["notes"]
    # The two plain rules keep indexes 0 and 1, so the secure ones are appended as 2 and 3.
    assert [n for n in notes if n.startswith(RULES)] == [
        f"{RULES}[2] not copied: secure values are encrypted for stack dev; set it again with "
        f"`pulumi config set --secret --path -s copy '{RULES}[2]' <value>`",
        f"{RULES}[3] not copied: secure values are encrypted for stack dev; set it again with "
        f"`pulumi config set --secret --path -s copy '{RULES}[3]' <value>`",
    ]


def test_a_required_secure_value_left_out_is_named_with_how_to_give_it(project: Path) -> None:
    source = SOURCE.format(endpoint=ENDPOINT.format(zone=ZONE))
    (project / "stacks" / "Pulumi.dev.yaml").write_text(source)
    result = runner.invoke(app, ["new-env", "copy", "--from", "dev"])
    assert result.exit_code == 2
    assert not (project / "stacks" / "Pulumi.copy.yaml").exists()
    message = " ".join(result.stderr.split())
    assert f"; stack dev has a secure value at {SUBNET_PATH}, which is not copied" in message
    assert f"give it with --set '{SUBNET_PATH}=<value>' (written in plain text)" in message
    assert (
        "after `pulumi stack init copy`, encrypt it with "
        f"`pulumi config set --secret --path -s copy {SUBNET_PATH} <value>`" in message
    )
    # The hint works: given with --set, the copy is written.
    given = runner.invoke(app, ["new-env", "copy", "--from", "dev", "--set", f"{SUBNET_PATH}={SUBNET}"])
    assert given.exit_code == 0, given.output
    written = YAML(typ="safe", pure=True).load((project / "stacks" / "Pulumi.copy.yaml").read_text())
    endpoint = written["config"]["azure-openai:accounts"]["primary"]["privateEndpoints"]["hub"]
    assert endpoint["subnetId"] == SUBNET
