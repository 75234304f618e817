"""`aoai place`: shows the choice and why; --write pins it keeping comments, atomically."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
SANDBOX = FIXTURES / "stacks" / "Pulumi.sandbox.yaml"
STAMP = "shipped catalog, tables as of 2026-05-11"


def copy_sandbox(tmp_path: Path, name: str = "Pulumi.sandbox.yaml") -> Path:
    target = tmp_path / name
    shutil.copy(SANDBOX, target)
    return target


def test_place_shows_regions_and_reasons() -> None:
    result = runner.invoke(app, ["place", "--stack", str(SANDBOX)])
    assert result.exit_code == 0, result.output
    assert "shipped catalog, tables as of 2026-05-11" in result.stdout
    assert "swedencentral" in result.stdout and "francecentral" in result.stdout
    assert "passed over francecentral" in result.stdout


def test_place_json() -> None:
    result = runner.invoke(app, ["place", "--stack", str(SANDBOX), "--json"])
    report = json.loads(result.stdout)
    assert report["catalogAsOf"] == "2026-05-11"
    assert report["catalog"] == "shipped catalog, tables as of 2026-05-11"
    assert report["accounts"]["chat"]["region"] == "swedencentral"
    assert report["accounts"]["search"] == {
        "region": "francecentral",
        "pinned": False,
        "why": "first candidate where every deployment is offered",
    }


def test_write_pins_regions_and_keeps_comments_and_formatting(tmp_path: Path) -> None:
    path = copy_sandbox(tmp_path)
    before = path.read_text()
    result = runner.invoke(app, ["place", "--stack", str(path), "--write"])
    assert result.exit_code == 0, result.output
    after = path.read_text()
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # The candidate regions go; dataZone and distinctFrom stay, as rules the pinned regions keep.
    assert sorted(changed) == sorted(
        [
            "-      location: auto",
            "-        regions: [francecentral, swedencentral]   # preference order",
            f"+      location: swedencentral  # pinned by aoai place ({STAMP})",
            "-      location: auto",
            f"+      location: francecentral  # pinned by aoai place ({STAMP})",
        ]
    )
    assert "# REPLACE: office / VPN egress range" in after
    assert runner.invoke(app, ["validate", "--stack", str(path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Pulumi.sandbox.yaml"]  # no temp files left


def test_a_protected_stack_saying_auto_can_be_pinned(tmp_path: Path) -> None:
    path = copy_sandbox(tmp_path, "Pulumi.prodlike.yaml")
    path.write_text(path.read_text().replace("environment: sandbox", "environment: prod"))
    assert runner.invoke(app, ["validate", "--stack", str(path)]).exit_code == 2
    assert runner.invoke(app, ["place", "--stack", str(path), "--write"]).exit_code == 0
    assert runner.invoke(app, ["validate", "--stack", str(path)]).exit_code == 0


def test_nothing_is_written_when_an_account_cannot_be_placed(tmp_path: Path) -> None:
    path = copy_sandbox(tmp_path)
    path.write_text(
        path.read_text().replace("regions: [francecentral, swedencentral]", "regions: [francecentral]")
    )
    before = path.read_bytes()
    result = runner.invoke(app, ["place", "--stack", str(path), "--write"])
    assert result.exit_code == 2
    assert "azure-openai:accounts.chat.location: no candidate region fits" in result.output
    assert (
        "francecentral: chat: no DataZoneStandard for model-router 2025-11-18 (offers nothing)"
        in result.output
    )
    assert path.read_bytes() == before


def test_nothing_is_written_when_the_pinned_stack_would_be_invalid(tmp_path: Path) -> None:
    # Placement succeeds (the catalog offers the model there), but the model is retired, so the
    # pinned stack fails validation and the file must stay as it was.
    path = copy_sandbox(tmp_path)
    path.write_text(
        path.read_text().replace(
            'model: model-router\n          version: "2025-11-18"',
            'model: gpt-4o\n          version: "2024-05-13"',
        )
    )
    before = path.read_bytes()
    result = runner.invoke(app, ["place", "--stack", str(path), "--write"])
    assert result.exit_code == 2
    assert "not written" in result.output and "was retired on 2026-10-01" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Pulumi.sandbox.yaml"]
