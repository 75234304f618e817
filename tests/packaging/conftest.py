"""The distribution as users get it: the sdist and wheel built by `python -m build`, installed
into a fresh virtualenv outside the repository. Built and installed once per test session.

`python -m build` builds the sdist first and the wheel from the unpacked sdist, so a file missing
from the sdist is missing from the wheel too. The virtualenv installs the wheel with this
repository's pins as constraints (requirements.txt without its `-e .`): the dependency ranges of
pyproject.toml must admit them, and pip's cache serves them without downloads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

# Building and installing take a while but are bounded: a hung pip must not hang CI.
INSTALL_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class Distribution:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Installed:
    """A virtualenv outside the repository with the wheel installed."""

    root: Path

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def run(
        self, args: list[str], cwd: Path, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**clean_env(), **(env or {})}
        return subprocess.run(
            args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300, check=False
        )


def clean_env() -> dict[str, str]:
    """The environment without anything that could lead a process back to this repository."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "AOAI_PROJECT_DIR", "VIRTUAL_ENV"}}
    env["COLUMNS"] = "200"
    return env


def _checked(args: list[str], cwd: Path) -> None:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="session")
def distribution(tmp_path_factory: pytest.TempPathFactory) -> Distribution:
    outdir = tmp_path_factory.mktemp("dist")
    _checked([sys.executable, "-m", "build", "--outdir", str(outdir), str(PROJECT_ROOT)], outdir)
    (sdist,) = outdir.glob("*.tar.gz")
    (wheel,) = outdir.glob("*.whl")
    return Distribution(sdist, wheel)


@pytest.fixture(scope="session")
def installed(distribution: Distribution, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("user-venv")
    venv.create(root, with_pip=True)
    pins = tmp_path_factory.mktemp("pins") / "constraints.txt"
    lines = (PROJECT_ROOT / "requirements.txt").read_text().splitlines()
    pins.write_text("\n".join(line for line in lines if not line.startswith("-e")) + "\n")
    pip = [str(root / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _checked([*pip, "-c", str(pins), str(distribution.wheel)], root)
    return Installed(root)
