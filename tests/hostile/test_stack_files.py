"""Every hostile stack file, through every command that reads stack files: a clear message and
exit code 2, no traceback, nothing written, and output of bounded size.

Time and memory are bounded by the loader's limits (size, nesting, alias expansion), which the
expected messages name: a refusal by limit is the outcome that proves the bound.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURE_STACKS, write_project_file

from .corpus import CASES, Case

runner = CliRunner()
MAX_OUTPUT = 64 * 1024  # whatever the file holds, a report stays readable


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder whose stacks/ holds the hostile file (new-env writes next to it)."""
    write_project_file(tmp_path)
    (tmp_path / "stacks").mkdir()
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under the folder with its content (None for what is not a regular file)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            found[str(path.relative_to(folder))] = None
        elif path.stat().st_size < 4 * 1024 * 1024:
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


COMMANDS = {
    "validate": lambda f: ["validate", "--stack", f],
    "validate-json": lambda f: ["validate", "--stack", f, "--json"],
    "plan": lambda f: ["plan", "--stack", f],
    "export-arm": lambda f: ["export-arm", "--stack", f, "-o", "template.json"],
    "place-write": lambda f: ["place", "--stack", f, "--write"],
    "new-env": lambda f: ["new-env", "copy", "--from", f],
    "new-env-dry-run": lambda f: ["new-env", "copy", "--from", f, "--dry-run"],
}


def _text_of(command: str, stdout: str) -> str:
    """What the user reads: JSON reports as `path: message` lines."""
    if command != "validate-json" or not stdout.startswith("{"):
        return stdout
    report = json.loads(stdout)
    return "\n".join(f"{p['path']}: {p['message']}" for s in report["stacks"] for p in s["problems"])


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_hostile_stack_file_is_refused_clearly(project: Path, case: Case, command: str) -> None:
    path = project / "stacks" / "Pulumi.hostile.yaml"
    case.create(path)
    before = snapshot(project)
    result = runner.invoke(app, COMMANDS[command]("stacks/Pulumi.hostile.yaml"))
    output = _text_of(command, result.stdout) + result.stderr
    assert result.exit_code == 2, output[:2000]
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert case.message in output, output[:2000]
    assert len(output) < MAX_OUTPUT
    assert snapshot(project) == before  # nothing written, no temporary file left


def test_every_case_is_refused_by_validate_all_without_hiding_the_good_files(project: Path) -> None:
    """One bad file must not stop `validate --all` from reporting the others."""
    shutil.copy(FIXTURE_STACKS / "Pulumi.dev.yaml", project / "stacks" / "Pulumi.good.yaml")
    for index, case in enumerate(c for c in CASES if c.make is None):
        case.create(project / "stacks" / f"Pulumi.bad{index:02}.yaml")
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 2
    assert "stacks/Pulumi.good.yaml: valid" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
