"""`aoai validate`: exit codes, every problem with its path, JSON report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT

runner = CliRunner()

BROKEN = """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: prod
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      localAuth: true
      deployments:
        chat: {model: gpt-4o, version: "2024-11-20", sku: GlobalStandard, capacity: 0}
"""


def broken_stack(tmp_path: Path) -> Path:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(BROKEN)
    return path


def test_all_shipped_stacks_are_valid() -> None:
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert "stacks/Pulumi.dev.yaml: valid" in result.output
    assert "stacks/Pulumi.prod.yaml: valid" in result.output


def test_broken_stack_exits_2_with_path_precise_messages(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--stack", str(broken_stack(tmp_path))])
    assert result.exit_code == 2
    assert (
        "azure-openai:accounts.primary.deployments.chat.capacity: must be a positive integer (got 0)"
        in result.output
    )


def test_cross_field_problems_are_reported_once_the_structure_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(BROKEN.replace("capacity: 0", "capacity: 1"))
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert "azure-openai:accounts.primary.localAuth: API keys on a protected stack" in result.output


def test_json_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--stack", str(broken_stack(tmp_path)), "--json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    (stack,) = report["stacks"]
    assert stack["valid"] is False and stack["stack"] == "broken"
    assert {
        "path": "azure-openai:accounts.primary.deployments.chat.capacity",
        "message": "must be a positive integer (got 0)",
    } in stack["problems"]


def test_stack_by_name_and_unknown_stack() -> None:
    assert runner.invoke(app, ["validate", "--stack", "dev"]).exit_code == 0
    result = runner.invoke(app, ["validate", "--stack", "nope"])
    assert result.exit_code == 2
    assert "no stack 'nope'" in result.output and "dev, prod" in result.output


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--all", "--stack", "dev"]).exit_code == 2


def test_python_dash_m_aoai_from_the_repository_root(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "aoai", "validate", "--all"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "aoai", "validate", "--stack", str(broken_stack(tmp_path))],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr + bad.stdout
