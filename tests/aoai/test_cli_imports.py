"""What each command imports: --help and validate load neither Pulumi nor the Azure SDKs.

Checked in a fresh interpreter (sys.modules after the command ran), not by timing: start-up time
is measured by benchmarks/cli_startup.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aoai.cli import app
from tests.conftest import PROJECT_ROOT, SMALL_STACK

# Runs the real entry point (aoai.cli:main, as the console script does), then reports the modules.
PROBE = r"""
import json, sys
report, sys.argv = sys.argv[1], ["aoai", *sys.argv[2:]]
from aoai.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code or 0
with open(report, "w") as f:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, f)
"""

HEAVY = ("pulumi", "pulumi_azure_native", "azure", "grpc")


def imported(tmp_path: Path, *args: str) -> list[str]:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert report.exists(), done.stderr
    result = json.loads(report.read_text())
    assert result["exit"] == 0, done.stdout + done.stderr
    modules: list[str] = result["modules"]
    return modules


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def names(typer_app: Any) -> list[str]:
    """Typer names a command after its function, underscores as dashes (export_arm -> export-arm)."""
    return sorted(
        command.name or getattr(command.callback, "__name__", "").replace("_", "-")
        for command in typer_app.registered_commands
    )


def group_name(group: Any) -> str:
    """A sub-app's name: given to add_typer, or to the sub-app's own Typer()."""
    return str(group.name or group.typer_instance.info.name)


COMMANDS = [[name] for name in names(app)] + [
    [group_name(group), name] for group in app.registered_groups for name in names(group.typer_instance)
]


@pytest.mark.parametrize("args", [["--help"], *[[*c, "--help"] for c in COMMANDS]], ids=" ".join)
def test_help_imports_neither_pulumi_nor_the_azure_sdks(tmp_path: Path, args: list[str]) -> None:
    assert heavy(imported(tmp_path, *args)) == []


def test_the_top_level_help_loads_not_even_the_config_or_catalog_models(tmp_path: Path) -> None:
    """Only the CLI framework: the toolkit's pydantic models cost more than typer itself."""
    modules = imported(tmp_path, "--help")
    assert [
        m
        for m in modules
        if m.startswith(("pydantic", "azure_openai_toolkit.config", "azure_openai_toolkit.catalog."))
    ] == []
    assert "azure_openai_toolkit.catalog" not in modules


def test_validate_and_stacks_import_neither_pulumi_nor_the_azure_sdks(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.light.yaml"
    stack.write_text(SMALL_STACK)
    validate = imported(tmp_path, "validate", "--stack", str(stack))
    assert "azure_openai_toolkit.config.models" in validate  # it did validate
    assert heavy(validate) == []
    assert heavy(imported(tmp_path, "stacks", "--json")) == []


def test_the_probe_sees_what_a_command_imports(tmp_path: Path) -> None:
    """The same probe on a command that needs the SDKs finds them: the checks above can fail."""
    stack = tmp_path / "Pulumi.light.yaml"
    stack.write_text(SMALL_STACK)
    modules = imported(tmp_path, "plan", "--stack", str(stack))
    assert {"pulumi", "pulumi_azure_native"} <= set(heavy(modules))
