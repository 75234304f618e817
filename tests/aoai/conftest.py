"""Fixtures shared by the CLI's tests (a module with other needs defines its own `project`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_project_file


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's project: Pulumi.yaml, a stack folder, no catalog yet."""
    folder = tmp_path / "project"
    (folder / "stacks").mkdir(parents=True)
    write_project_file(folder)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(folder))
    monkeypatch.delenv("AOAI_CATALOG", raising=False)
    monkeypatch.delenv("AOAI_CATALOG_MAX_AGE_DAYS", raising=False)
    return folder
