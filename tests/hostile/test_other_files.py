"""A hostile Pulumi.yaml, and a hostile `--env-values` file or stdin, through every command that
reads them: exit code 2, the file named with the reader's reason, no traceback, nothing written,
output of bounded size (the limits that bound time and memory are what the messages name)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT, write_project_file

from .corpus import Case
from .other_files import ENV_CASES, PROJECT_CASES
from .test_stack_files import MAX_OUTPUT, snapshot

runner = CliRunner()
STACK = (
    "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
    "  azure-openai:location: swedencentral\n"
)
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    write_project_file(tmp_path)
    shutil.copy(PROJECT_ROOT / "__main__.py", tmp_path / "__main__.py")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text("environment: [acme/shared]\n" + STACK)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def _check(result_stdout: str, result_stderr: str, exit_code: int, case: Case, named: str) -> None:
    output = result_stdout + result_stderr
    assert exit_code == 2, output[:2000]
    assert "Traceback" not in output and "a bug in aoai" not in output
    assert case.message in output, output[:2000]
    assert named in output, output[:2000]
    assert len(output) < MAX_OUTPUT


PROJECT_COMMANDS = {
    "validate": ["validate", "--stack", "dev"],
    "validate-json": ["validate", "--stack", "dev", "--json"],
    "plan": ["plan", "--stack", "dev"],
    "export-arm": ["export-arm", "--stack", "dev", "-o", "template.json"],
    "place-write": ["place", "--stack", "stacks/Pulumi.dev.yaml", "--write"],
    "new-env": ["new-env", "copy", "--from", "dev"],
    "new-env-dry-run": ["new-env", "copy", "--from", "dev", "--dry-run"],
    "config-show": ["config", "show", "--stack", "dev"],
}


@pytest.mark.parametrize("command", sorted(PROJECT_COMMANDS))
@pytest.mark.parametrize("case", PROJECT_CASES, ids=lambda c: c.name)
def test_a_hostile_project_file_is_refused_clearly(project: Path, case: Case, command: str) -> None:
    (project / "Pulumi.yaml").unlink()
    case.create(project / "Pulumi.yaml")
    before = snapshot(project)
    result = runner.invoke(app, PROJECT_COMMANDS[command])
    _check(result.stdout, result.stderr, result.exit_code, case, "Pulumi.yaml")
    assert snapshot(project) == before


ENV_COMMANDS = {
    **PROJECT_COMMANDS,
    "preflight": ["preflight", "--stack", "dev", "--subscription", SUBSCRIPTION],
    "verify": ["verify", "--stack", "dev", "--subscription", SUBSCRIPTION],
    "purge": ["purge", "--stack", "dev", "--account", "primary", "--yes", "--subscription", SUBSCRIPTION],
}


@pytest.mark.parametrize("command", sorted(ENV_COMMANDS))
@pytest.mark.parametrize("case", ENV_CASES, ids=lambda c: c.name)
def test_a_hostile_env_values_file_is_refused_clearly(
    project: Path, case: Case, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential")  # nothing reaches Azure
    case.create(project / "env.yaml")
    before = snapshot(project)
    result = runner.invoke(app, [*ENV_COMMANDS[command], "--env-values", "env.yaml"])
    _check(result.stdout, result.stderr, result.exit_code, case, "--env-values env.yaml")
    assert snapshot(project) == before


@pytest.mark.parametrize("case", [c for c in ENV_CASES if c.make is None], ids=lambda c: c.name)
def test_hostile_env_values_on_stdin_are_refused_clearly(project: Path, case: Case) -> None:
    result = runner.invoke(app, ["validate", "--stack", "dev", "--env-values", "-"], input=case.content)
    _check(result.stdout, result.stderr, result.exit_code, case, "--env-values stdin")
