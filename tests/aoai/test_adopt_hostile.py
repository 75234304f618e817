"""`aoai adopt` reads through the live session's guarded pipeline: a list whose nextLink points to
another host is refused before any request (and so any token) goes there, and nothing is written.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.aoai.adopt_seed import seed, shape
from tests.conftest import PROJECT_ROOT, write_project_file
from tests.fake_arm.hostile import ForeignHost, HostileArm, hostile_environment, next_link


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[HostileArm, ForeignHost]]:
    arm = HostileArm()
    with arm, ForeignHost(arm) as foreign:
        yield arm, foreign


def test_a_next_link_to_another_host_ends_adopt_with_exit_3_and_writes_nothing(
    servers: tuple[HostileArm, ForeignHost], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project_file(tmp_path)
    shutil.copy(PROJECT_ROOT / "__main__.py", tmp_path / "__main__.py")
    (tmp_path / "stacks").mkdir()
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    arm, foreign = servers
    with hostile_environment(arm, monkeypatch):
        foreign.clear()
        data = shape("avm")
        seed(arm, data)
        arm.rewrite(
            "RoleAssignments_ListForScope",
            next_link(lambda path, query: f"{foreign.url}{path}?api-version=2022-04-01"),
        )
        result = CliRunner().invoke(app, ["adopt", "--account-id", data["account"]["id"]])
    assert result.exit_code == 3, result.output
    assert f"points to {foreign.url}" in result.output
    assert "no credentials were sent" in result.output
    assert foreign.requests == []
    assert len(arm.calls("RoleAssignments_ListForScope")) == 1  # a refusal is not retried
    assert list((tmp_path / "stacks").iterdir()) == []
    assert not (tmp_path / "import-adopted.json").exists()
