"""`aoai plan --policy`: the policy pack's rules over the offline plan, with exit code 1 on a
mandatory violation."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from tests.policy.cases import ALL_POLICIES, CASES, Case
from tests.policy.test_pack import DEV_EXPECTED, PROD_EXPECTED

runner = CliRunner()


def write_stack(folder: Path, name: str, config: dict[str, Any]) -> Path:
    path = folder / f"Pulumi.{name}.yaml"
    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump({"config": {f"azure-openai:{k}": v for k, v in config.items()}}, buffer)
    path.write_text(buffer.getvalue())
    return path


def policy_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["plan", *args, "--policy", "--json"])
    return result.exit_code, json.loads(result.stdout)


def violated(report: dict[str, Any]) -> set[str]:
    return {p["name"] for p in report["policies"] if p["status"] == "violated"}


def test_prod_passes_every_mandatory_policy() -> None:
    code, report = policy_json("--stack", "prod")
    assert code == 0
    assert report["protected"] is True and report["mandatoryViolations"] == 0
    assert {p["name"] for p in report["policies"]} == ALL_POLICIES
    assert violated(report) == PROD_EXPECTED
    assert {p["status"] for p in report["policies"] if p["name"] not in PROD_EXPECTED} == {
        "passed",
        "not-applicable",
    }


def test_dev_fails_only_the_documented_advisory_policies() -> None:
    code, report = policy_json("--stack", "dev")
    assert code == 0, "advisory violations do not fail the command"
    assert violated(report) == DEV_EXPECTED
    assert report["advisoryViolations"] == 3 and report["mandatoryViolations"] == 0
    filters = next(p for p in report["policies"] if p["name"] == "content-filter-recommended")
    assert [v["resource"] for v in filters["violations"]] == [
        "primary-deployments-chat",
        "primary-deployments-embeddings",
    ]


# Tampered cases hold resources no stack file can produce; the pack's own tests cover them.
@pytest.mark.parametrize("case", [c for c in CASES if c.tamper is None], ids=lambda c: c.name)
def test_each_case_through_the_command(tmp_path: Path, case: Case) -> None:
    stack = write_stack(tmp_path, "case", case.config())
    args = ["--stack", str(stack)]
    if case.pack_config:
        config = tmp_path / "policy-config.json"
        config.write_text(json.dumps(case.pack_config))
        args += ["--policy-config", str(config)]
    code, report = policy_json(*args)
    assert violated(report) == case.violated
    mandatory = any(not name.endswith("-recommended") for name in case.violated)
    assert code == (1 if mandatory else 0)


def test_text_report_names_the_resource_and_the_fix(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "no-diagnostics")
    result = runner.invoke(
        app, ["plan", "--stack", str(write_stack(tmp_path, "x", case.config())), "--policy"]
    )
    assert result.exit_code == 1
    assert "✗ protected-diagnostics [mandatory]" in result.stdout
    assert "account contoso-prod-primary (primary-account) sends no logs or metrics" in result.stdout
    assert "1 mandatory, 0 advisory violation(s)" in result.stdout


def test_bad_policy_config_is_usage_error_before_planning(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"capacity-ceiling": {"maxCapacity": "lots"}}))
    result = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--policy-config", str(config)])
    assert result.exit_code == 2
    assert f"{config}: capacity-ceiling.maxCapacity: must be an integer (got 'lots')" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"all": "caf\xe9"}', "not UTF-8: byte 0xe9 cannot be decoded"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"{" + b" " * (2 * 1024 * 1024) + b"}", "files of more than 1,048,576 bytes are refused"),
    ],
)
def test_a_hostile_policy_config_is_a_clear_usage_error(tmp_path: Path, content: bytes, message: str) -> None:
    config = tmp_path / "config.json"
    config.write_bytes(content)
    result = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--policy-config", str(config)])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_policy_options_need_policy_and_exclude_diffs_and_graphs(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text("{}")
    result = runner.invoke(app, ["plan", "--stack", "dev", "--policy-config", str(config)])
    assert result.exit_code == 2 and "--policy-config goes with --policy" in result.stderr
    result = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--format", "mermaid"])
    assert result.exit_code == 2 and "--policy prints the policy report" in result.stderr
