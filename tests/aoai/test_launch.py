"""`python -m aoai` with a Python that lacks the dependencies: an install hint, not a traceback."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

from aoai.launch import EXIT_MISSING_DEPENDENCY, missing_dependency
from tests.conftest import FIXTURES, PROJECT_ROOT


def test_a_bare_python_gets_the_install_hint(tmp_path: Path) -> None:
    venv.create(tmp_path / "bare", with_pip=False)  # no typer, pydantic, pulumi, toolkit
    result = subprocess.run(
        [str(tmp_path / "bare" / "bin" / "python"), "-m", "aoai", "validate", "--all"],
        cwd=FIXTURES,
        env={"PYTHONPATH": str(PROJECT_ROOT)},  # `python -m` finds aoai/ in the clone, nothing else
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_MISSING_DEPENDENCY == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: aoai cannot start: the Python module 'typer' is not installed")
    assert "pip install azure-openai-toolkit" in result.stderr and "make plan" in result.stderr


def test_only_the_toolkits_dependencies_count_as_missing() -> None:
    assert missing_dependency(ModuleNotFoundError(name="pulumi_azure_native.cognitiveservices")) == (
        "pulumi_azure_native"
    )
    assert missing_dependency(ModuleNotFoundError(name="azure_openai_toolkit")) == "azure_openai_toolkit"
    assert missing_dependency(ModuleNotFoundError(name="aoai.commands.nothing")) is None  # a bug, re-raised
