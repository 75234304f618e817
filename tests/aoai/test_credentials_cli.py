"""A provider credential in plain text fails `aoai validate` (exit 2, file, key and fix named) and
`aoai config show` never prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import SMALL_STACK, small_project

runner = CliRunner()
SECRET = "hunter2-client-secret-value"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return small_project(tmp_path, monkeypatch, SMALL_STACK + f"  azure-native:clientSecret: {SECRET}\n")


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
