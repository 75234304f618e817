"""An account's region is checked once per account, whatever its deployments: none, or only
broken ones (which validation leaves out to check the rest) must not hide it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app

runner = CliRunner()

STACK = """\
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: nowhere
  azure-openai:accounts:
    primary:
{deployments}
"""


def report(tmp_path: Path, deployments: str) -> tuple[int, list[tuple[str, str]]]:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(STACK.format(deployments=deployments))
    result = runner.invoke(app, ["validate", "--stack", str(path), "--json"])
    (stack,) = json.loads(result.stdout)["stacks"]
    return result.exit_code, [(p["path"], p["message"]) for p in stack["problems"]]


def test_an_account_without_deployments_in_no_region_is_refused(tmp_path: Path) -> None:
    code, problems = report(tmp_path, "      deployments: {}")
    assert code == 2
    assert [path for path, _ in problems] == ["azure-openai:accounts.primary.location"]
    assert problems[0][1].startswith("'nowhere' offers no Azure OpenAI models in the catalog")


def test_the_region_comes_out_with_the_deployment_errors(tmp_path: Path) -> None:
    broken = (
        "      deployments:\n"
        '        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 0}'
    )
    code, problems = report(tmp_path, broken)
    assert code == 2
    assert [path for path, _ in problems] == [
        "azure-openai:accounts.primary.deployments.chat.capacity",
        "azure-openai:accounts.primary.location",
    ]


def test_plan_refuses_it_too_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(STACK.format(deployments="      deployments: {}"))
    result = runner.invoke(app, ["plan", "--stack", str(path)])
    assert result.exit_code == 2
    assert "'nowhere' offers no Azure OpenAI models" in result.stderr
    assert result.stdout == ""
