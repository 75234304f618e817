"""The one writer of every command: atomic, refusing what it must not touch, leaving nothing behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from aoai.exit_codes import AoaiError
from aoai.safe_write import TargetExists, write_file

runner = CliRunner()
AUTO_STACK = """\
# A comment that must survive
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: sandbox
  azure-openai:location: swedencentral
  azure-openai:accounts:
    chat:
      location: auto   # where?
      placement: {regions: [swedencentral], dataZone: EU}
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: DataZoneStandard, capacity: 20}
"""


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    umask = os.umask(0o022)
    try:
        write_file(target, "{}\n")
    finally:
        os.umask(umask)
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_file(target, "new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    target.write_text("old\n")
    target.chmod(0o444)
    with pytest.raises(AoaiError, match="is read-only; nothing was written"):
        write_file(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["Pulumi.x.yaml"]


def test_a_failed_check_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    target.write_text("old\n")

    def refuse(candidate: Path) -> None:
        assert candidate.read_text() == "new\n" and candidate.parent == tmp_path
        raise AoaiError("refused by the check")

    with pytest.raises(AoaiError, match="refused by the check"):
        write_file(target, "new\n", accept=refuse)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["Pulumi.x.yaml"]


def test_without_overwrite_an_existing_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    target.write_text("old\n")
    with pytest.raises(TargetExists):
        write_file(target, "new\n", overwrite=False)
    assert target.read_text() == "old\n"


def test_crlf_line_ends_are_written_as_asked(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    write_file(target, "a: 1\nb: 2\n", newline="\r\n")
    assert target.read_bytes() == b"a: 1\r\nb: 2\r\n"


def test_a_symlinked_target_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "Pulumi.x.yaml"
    link.symlink_to(real.name)
    write_file(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


def test_a_temporary_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    leftover = tmp_path / f".Pulumi.x.yaml.aoai-{gone.stdout.strip()}-abcd1234.tmp"
    leftover.write_text("half a file")
    write_file(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Pulumi.x.yaml"]


def test_sigterm_during_the_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "Pulumi.x.yaml"
    target.write_text("old\n")

    def killed(candidate: Path) -> None:
        os.kill(os.getpid(), 15)  # SIGTERM while the check runs

    with pytest.raises(SystemExit) as caught:
        write_file(target, "new\n", accept=killed)
    assert caught.value.code == 128 + 15
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["Pulumi.x.yaml"]


@pytest.mark.parametrize("command", [["schema"], ["export-arm", "--stack", "dev"]])
def test_output_to_a_missing_folder_or_a_directory_is_refused(tmp_path: Path, command: list[str]) -> None:
    missing = runner.invoke(app, [*command, "-o", str(tmp_path / "nope" / "out.json")])
    assert missing.exit_code == 2 and "does not exist; create it first" in missing.stderr
    folder = runner.invoke(app, [*command, "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "is a directory; give a file name" in folder.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_write_permission_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:  # root may write anywhere: refuse the temporary file as the kernel would
        real_open = os.open

        def denied(path: str | Path, flags: int, mode: int = 0o777) -> int:
            if str(path).startswith(str(folder)):
                raise PermissionError(13, "Permission denied")
            return real_open(path, flags, mode)

        monkeypatch.setattr(os, "open", denied)
    folder.chmod(0o555)
    try:
        result = runner.invoke(app, ["schema", "-o", str(folder / "schema.json")])
    finally:
        folder.chmod(0o755)
    assert (
        result.exit_code == 2 and "cannot write in" in result.stderr and "permission denied" in result.stderr
    )
    assert list(folder.iterdir()) == []


# -- place --write over files as users write them -------------------------------------------------


def place_write(path: Path) -> None:
    result = runner.invoke(app, ["place", "--stack", str(path), "--write"])
    assert result.exit_code == 0, result.output


def test_place_write_keeps_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.sandbox.yaml"
    path.write_bytes(AUTO_STACK.replace("\n", "\r\n").encode())
    place_write(path)
    written = path.read_bytes()
    assert b"location: swedencentral  # pinned by aoai place" in written
    assert written.count(b"\r\n") == written.count(b"\n")  # every line still ends in CRLF
    assert b"# A comment that must survive\r\n" in written


def test_place_write_keeps_the_data_zone(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.sandbox.yaml"
    path.write_text(AUTO_STACK)
    place_write(path)
    assert "placement: {dataZone: EU}" in path.read_text()


def test_place_write_in_the_legacy_config_form(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.sandbox.yaml"
    path.write_text(AUTO_STACK.replace("azure-openai:accounts:", "azure-openai:config:accounts:"))
    place_write(path)
    assert "location: swedencentral  # pinned" in path.read_text()


def test_place_write_with_an_account_built_from_a_merge_key(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.sandbox.yaml"
    text = AUTO_STACK.replace(
        "  azure-openai:accounts:\n    chat:\n      location: auto   # where?\n"
        "      placement: {regions: [swedencentral], dataZone: EU}\n",
        "  azure-openai:tags:\n    base: x\n  azure-openai:accounts:\n"
        "    chat:\n      <<: {location: auto, placement: {regions: [swedencentral], dataZone: EU}}\n",
    )
    path.write_text(text)
    place_write(path)
    written = path.read_text()
    assert "location: swedencentral" in written
    assert runner.invoke(app, ["validate", "--stack", str(path)]).exit_code == 0


def test_place_write_refuses_a_read_only_stack(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.sandbox.yaml"
    path.write_text(AUTO_STACK)
    path.chmod(0o444)
    result = runner.invoke(app, ["place", "--stack", str(path), "--write"])
    assert result.exit_code == 2 and "is read-only; nothing was written" in result.stderr
    assert path.read_text() == AUTO_STACK
