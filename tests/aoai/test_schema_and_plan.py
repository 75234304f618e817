"""`aoai schema` and the offline tree of `aoai plan`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app
from azure_openai_toolkit.config.schema import stack_file_schema

runner = CliRunner()


def test_schema_to_stdout_and_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == stack_file_schema()
    target = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text()) == stack_file_schema()


def test_plan_tree_of_prod_shows_nesting_order_and_protection() -> None:
    result = runner.invoke(app, ["plan", "--stack", "prod"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    # Counted by hand from the fixture stack: the resource group and, per account, the account,
    # its filter, two deployments, endpoint, DNS zone group, lock, diagnostics and two role
    # assignments (components such as aoai:openai:Account are not Azure resources).
    assert text.splitlines()[0] == "stack prod: 21 Azure resources"
    assert "primary-account  azure-native:cognitiveservices:Account  [protected]" in text
    assert "after: primary-deployments-chat" in text
    assert "after: primary-deployments-embeddings" in text  # the private endpoint waits
    assert "Cognitive Services OpenAI User for ServicePrincipal" in text


def test_plan_of_an_invalid_stack_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text("config:\n  azure-openai:namePrefix: contoso\n")
    result = runner.invoke(app, ["plan", "--stack", str(path)])
    assert result.exit_code == 2
    assert "azure-openai:environment: required" in result.output
