"""The CLI's catalog: the project's file when present, named in every answer; too old, one warning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from azure_openai_toolkit.catalog import DATA_FILE
from tests.conftest import FIXTURES, PROJECT_ROOT

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "stacks").mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    for name in ("Pulumi.sandbox.yaml", "Pulumi.tuned.yaml"):
        shutil.copy(FIXTURES / "stacks" / name, tmp_path / "stacks" / name)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    for name in ("AOAI_CATALOG", "AOAI_CATALOG_MAX_AGE_DAYS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def old_project_catalog(project: Path) -> None:
    data = json.loads(DATA_FILE.read_text())
    data["asOf"] = "2026-01-15"
    (project / "aoai-catalog.json").write_text(json.dumps(data))


def test_a_stale_catalog_warns_once_per_command_however_many_stacks(project: Path) -> None:
    old_project_catalog(project)
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning: catalog aoai-catalog.json, tables as of 2026-01-15:") == 1
    assert "aoai catalog refresh --subscription <id>" in result.stderr
    assert "catalog aoai-catalog.json, tables as of 2026-01-15" in result.stdout


def test_the_maximum_age_is_configurable(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_project_catalog(project)
    monkeypatch.setenv("AOAI_CATALOG_MAX_AGE_DAYS", "3650")
    result = runner.invoke(app, ["validate", "--stack", "sandbox"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    monkeypatch.setenv("AOAI_CATALOG_MAX_AGE_DAYS", "soon")
    bad = runner.invoke(app, ["validate", "--stack", "sandbox"])
    assert bad.exit_code == 2 and "AOAI_CATALOG_MAX_AGE_DAYS must be a whole number of days" in bad.stderr


def test_a_broken_project_catalog_exits_2_naming_the_file(project: Path) -> None:
    (project / "aoai-catalog.json").write_text("{")
    result = runner.invoke(app, ["models", "--model", "gpt-5.5"])
    assert result.exit_code == 2 and "aoai-catalog.json: not valid JSON" in result.stderr


def test_the_program_warns_too_once_under_the_offline_plan(project: Path) -> None:
    old_project_catalog(project)
    result = runner.invoke(app, ["plan", "--stack", "sandbox"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("tables as of 2026-01-15: ") == 1


def test_a_fine_tuned_stack_validates_plans_and_exports(project: Path, tmp_path: Path) -> None:
    valid = runner.invoke(app, ["validate", "--stack", "tuned", "--json"])
    assert valid.exit_code == 0, valid.output
    # Only the advice that its account (public access Disabled, no endpoint) is reachable from nowhere.
    warnings = json.loads(valid.stdout)["stacks"][0]["warnings"]
    assert [w["path"] for w in warnings] == ["azure-openai:accounts.primary.publicNetworkAccess"]
    plan = runner.invoke(app, ["plan", "--stack", "tuned", "--format", "json"])
    assert plan.exit_code == 0, plan.output
    tuned = next(
        r for r in json.loads(plan.stdout)["resources"] if r["name"] == "primary-deployments-tuned"
    )
    model = tuned["inputs"]["properties"]["model"]
    assert model == {
        "format": "OpenAI",
        "name": "gpt-4.1-mini-2025-04-14.ft-b044a9d3cf9c4228b5d393567f693b83",
        "version": "1",
    }
    out = tmp_path / "template.json"
    exported = runner.invoke(app, ["export-arm", "--stack", "tuned", "--output", str(out)])
    assert exported.exit_code == 0, exported.output
    deployment = next(
        r
        for r in json.loads(out.read_text())["resources"]
        if r["type"] == "Microsoft.CognitiveServices/accounts/deployments" and r["name"].endswith("/tuned")
    )
    assert deployment["properties"]["model"]["version"] == "1"
    assert deployment["sku"] == {"name": "Standard", "capacity": 5}


JSON_COMMANDS = [
    ["validate", "--stack", "tuned", "--json"],
    ["validate", "--all", "--json"],
    ["plan", "--stack", "tuned", "--format", "json"],
    ["plan", "--stack", "tuned", "--against", "sandbox", "--format", "json"],
    ["export-arm", "--stack", "tuned"],
    ["models", "--model", "gpt-5.5", "--json"],
    ["place", "--stack", "sandbox", "--json"],
    ["stacks", "--json"],
    ["config", "show", "--stack", "tuned", "--json"],
    ["catalog", "show", "--json"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a))
def test_json_stays_parseable_when_the_catalog_is_stale(
    project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The staleness warning is for people: stderr, once; stdout is the document alone."""
    old_project_catalog(project)
    monkeypatch.chdir(project)
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    json.loads(result.stdout)
    assert "days old" not in result.stdout
    assert result.stderr.count("warning: catalog aoai-catalog.json, tables as of 2026-01-15:") == 1
