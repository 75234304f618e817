"""`aoai validate`: exit codes, every problem with its path, JSON report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
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
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 0}
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
    assert "stacks/Pulumi.sandbox.yaml: valid" in result.output


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
        "line": 10,
    } in stack["problems"]


def test_stack_by_name_and_unknown_stack() -> None:
    assert runner.invoke(app, ["validate", "--stack", "dev"]).exit_code == 0
    result = runner.invoke(app, ["validate", "--stack", "nope"])
    assert result.exit_code == 2
    shipped = ", ".join(sorted(p.name.split(".")[1] for p in (PROJECT_ROOT / "stacks").glob("Pulumi.*.yaml")))
    assert "no stack 'nope'" in result.output and f"(stacks here: {shipped})" in result.output


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


CATALOG_BROKEN = """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: australiaeast
  azure-openai:accounts:
    primary:
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: Standard, capacity: 10}
        embed: {model: text-embedding-3-large, version: "1", sku: Standard, capacity: 10}
"""


def test_validate_refuses_what_the_region_does_not_offer_and_says_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.cat.yaml"
    path.write_text(CATALOG_BROKEN)
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert (
        "azure-openai:accounts.primary.deployments.chat.sku: gpt-5 2025-08-07 is not offered as Standard "
        "in australiaeast (shipped catalog, tables as of 2026-05-11). Standard is offered in: no region. "
        "In australiaeast this model version is offered as: GlobalBatch, GlobalProvisionedManaged, "
        "GlobalStandard, ProvisionedManaged (line 9)"
    ) in result.stdout
    assert "embed" not in result.stdout.split("warning:")[0].split("chat.sku")[0]


QUOTA_WARNING = """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat: {model: gpt-5.5, version: "2026-04-24", sku: GlobalStandard, capacity: 2000}
"""


def test_warnings_show_without_failing(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.big.yaml"
    path.write_text(QUOTA_WARNING)
    result = runner.invoke(app, ["validate", "--stack", str(path), "--json"])
    assert result.exit_code == 0
    (stack,) = json.loads(result.stdout)["stacks"]
    assert stack["valid"] is True and stack["catalogAsOf"] == "2026-05-11"
    assert stack["catalog"]["origin"] == "shipped" and stack["catalog"]["kind"] == "snapshot"
    assert stack["locations"] == {"primary": "swedencentral"}
    # The quota warning, and the advice that the account (no endpoint, no rule) is reachable from nowhere.
    assert [w["path"] for w in stack["warnings"]] == [
        "azure-openai:accounts.primary.deployments.chat.capacity",
        "azure-openai:accounts.primary.publicNetworkAccess",
    ]
    warning = stack["warnings"][0]
    assert "2,000,000 tokens per minute of gpt-5.5 GlobalStandard in swedencentral" in warning["message"]
    assert "exceed the default quota of 1,000,000" in warning["message"]
    text = runner.invoke(app, ["validate", "--stack", str(path)]).stdout
    assert "warning: azure-openai:accounts.primary.deployments.chat.capacity" in text


@pytest.mark.parametrize("sku", ["GlobalStandard", "GlobalBatch", "GlobalProvisionedManaged"])
def test_every_global_sku_breaks_a_data_zone(tmp_path: Path, sku: str) -> None:
    """Microsoft's deployment types table: each Global* type may process data in any region."""
    path = tmp_path / "Pulumi.zoned.yaml"
    path.write_text(
        "config:\n"
        "  azure-openai:namePrefix: contoso\n"
        "  azure-openai:environment: dev\n"
        "  azure-openai:location: swedencentral\n"
        "  azure-openai:accounts:\n"
        "    primary:\n"
        "      placement: {dataZone: EU}\n"
        "      deployments:\n"
        f'        chat: {{model: gpt-4o, version: "2024-11-20", sku: {sku}, capacity: 10}}\n'
    )
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert (
        f"azure-openai:accounts.primary.deployments.chat.sku: {sku} may process data in any region, "
        "which breaks placement.dataZone EU" in result.output
    )
