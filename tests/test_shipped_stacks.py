"""Every shipped stack validates and plans: the only test that reads the repository's stacks/.

Users edit those files (new-env, their namePrefix, examples deleted), so nothing here depends on
what they contain, only that whatever is there is a valid stack the program can plan. Every other
test reads the frozen copies under tests/fixtures/stacks (test_stack_independence.py checks that).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT

runner = CliRunner()
SHIPPED = sorted((PROJECT_ROOT / "stacks").glob("Pulumi.*.yaml"))


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_ROOT)


def test_every_shipped_stack_validates() -> None:
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_stack_plans(path: Path) -> None:
    result = runner.invoke(app, ["plan", "--stack", path.name.split(".")[1], "--json"])
    assert result.exit_code == 0, result.output
