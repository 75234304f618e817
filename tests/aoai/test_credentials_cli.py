"""A provider credential in plain text fails `aoai validate` (exit 2, file, key and fix named) and
`aoai config show` never prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT

runner = CliRunner()
SECRET = "hunter2-client-secret-value"

STACK = """config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 1}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text(STACK + f"  azure-native:clientSecret: {SECRET}\n")
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_refuses_a_plaintext_client_secret(project: Path) -> None:
    result = runner.invoke(app, ["validate", "--stack", "dev"])
    assert result.exit_code == 2, result.output
    text = " ".join(result.stdout.split())
    assert "stacks/Pulumi.dev.yaml: 1 problem" in text
    assert "azure-native:clientSecret: a credential in plain text: everyone who can read Pulumi.dev" in text
    assert "`pulumi config set --secret azure-native:clientSecret --stack dev`" in text and "(line 9)" in text
    assert SECRET not in result.output


@pytest.mark.parametrize("as_json", [False, True])
def test_config_show_masks_a_plaintext_credential(project: Path, as_json: bool) -> None:
    result = runner.invoke(app, ["config", "show", "--stack", "dev", *(["--json"] if as_json else [])])
    assert result.exit_code == 2  # invalid: the problem is listed
    assert SECRET not in result.output
    if as_json:
        entry = json.loads(result.stdout)["config"]["azure-native:clientSecret"]
        assert (entry["value"], entry["secret"]) == ("[secret]", True)
    else:
        lines = result.stdout.splitlines()
        row = next(line for line in lines if line.startswith("azure-native:clientSecret"))
        assert row.split()[1] == "[secret]"
