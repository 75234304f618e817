"""Paths the user names that the file system refuses or that are not what they look like: a
300-character stack name, a symlink loop, a FIFO where Pulumi.yaml or a catalog should be. Each is
bad input (exit 2) with a message saying what the path is, never a crash (exit 4) or a wrong
"does not exist"."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from azure_openai_toolkit.config.paths import DIRECTORY, FILE, MISSING, OTHER, what_is_at
from tests.conftest import PROJECT_ROOT, small_project

runner = CliRunner()
LONG = "x" * 300


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return small_project(tmp_path, monkeypatch)


def loop(path: Path) -> Path:
    """A symlink that points to itself."""
    os.symlink(path.name, path)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


MAKE: dict[str, Callable[[Path], Path]] = {"fifo": fifo, "loop": loop, "dir": folder}


def test_what_is_at_names_each_kind(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    os.mkfifo(tmp_path / "fifo")
    os.symlink("nowhere", tmp_path / "dangling")
    file = what_is_at(tmp_path / "file")
    assert (file.kind, file.what) == (FILE, "a regular file")
    assert what_is_at(tmp_path).kind == DIRECTORY
    assert what_is_at(tmp_path / "none").kind == MISSING
    assert what_is_at(tmp_path / "file" / "below").kind == MISSING  # ENOTDIR: nothing is there
    assert (what_is_at(tmp_path / "fifo").kind, what_is_at(tmp_path / "fifo").what) == (
        OTHER,
        "a FIFO (named pipe)",
    )
    assert what_is_at(loop(tmp_path / "loop")).what == "a symbolic link loop"
    assert what_is_at(tmp_path / LONG).what == "a name too long for the file system"
    assert what_is_at(tmp_path / "dangling").kind == OTHER
    assert what_is_at("/dev/null").what == "a character device"
    assert what_is_at("a\0b").kind == OTHER


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--stack", LONG],
        ["config", "show", "--stack", LONG],
        ["plan", "--stack", LONG],
        ["place", "--stack", LONG],
        ["plan", "--stack", "dev", "--against", LONG],
        ["plan", "--stack", "dev", "--against", f"stack:{LONG}"],
    ],
)
def test_a_300_character_stack_name_is_bad_input(project: Path, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "is not a stack name: use letters, digits, '-', '_' or '.', at most 100" in result.stderr
    assert "(300 characters)" in result.stderr


def test_a_stack_name_with_characters_pulumi_refuses_is_bad_input(project: Path) -> None:
    result = runner.invoke(app, ["validate", "--stack", "dev stack"])
    assert result.exit_code == 2 and "'dev stack' is not a stack name" in result.stderr


def test_a_300_character_stack_path_is_a_problem_of_that_file(project: Path) -> None:
    result = runner.invoke(app, ["validate", "--stack", f"stacks/{LONG}.yaml"])
    assert result.exit_code == 2, result.output
    assert "File name too long" in result.output
    result = runner.invoke(app, ["plan", "--stack", "dev", "--against", f"stacks/{LONG}"])
    assert result.exit_code == 2
    assert "is a name too long for the file system) nor a git revision" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "loop", "dir"])
def test_a_stack_file_that_is_no_file_is_named_for_what_it_is(project: Path, kind: str) -> None:
    path = project / "stacks" / "Pulumi.odd.yaml"
    what = {"fifo": "a FIFO (named pipe)", "loop": "a symbolic link loop", "dir": "a directory"}[kind]
    MAKE[kind](path)
    result = runner.invoke(app, ["validate", "--stack", "odd"])
    assert result.exit_code == 2
    assert f"stack 'odd': {path} is {what}, not a stack file" in result.stderr
    result = runner.invoke(app, ["plan", "--stack", "dev", "--against", "stacks/Pulumi.odd.yaml"])
    assert result.exit_code == 2 and f"{path} is {what}) nor a git revision" in result.stderr


def test_a_glob_matching_a_loop_or_folder_takes_only_the_stack_files(project: Path) -> None:
    loop(project / "stacks" / "Pulumi.loop.yaml")
    (project / "stacks" / "Pulumi.folder.yaml").mkdir()
    result = runner.invoke(app, ["validate", "--all", "--glob", "stacks/Pulumi.*.yaml", "--json"])
    assert result.exit_code == 0, result.output
    assert '"stack": "dev"' in result.stdout and "loop" not in result.stdout


def test_init_into_a_symlink_loop_is_bad_input(tmp_path: Path) -> None:
    target = loop(tmp_path / "target")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2, result.output
    assert f"{target} is a symbolic link loop, not a folder: choose a new or empty folder" in result.stderr
    result = runner.invoke(app, ["init", str(target / "sub"), "--name", "p"])
    assert result.exit_code == 2, result.output
    assert f"{target / 'sub'} is a symbolic link loop, not a folder" in result.stderr
    result = runner.invoke(app, ["init", str(tmp_path / LONG), "--name", "p"])
    assert result.exit_code == 2 and "is a name too long for the file system, not a folder" in result.stderr


def test_init_with_force_next_to_a_loop_keeps_it_and_writes_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    loop(target / "stray")
    result = runner.invoke(app, ["init", str(target), "--name", "p", "--force"])
    assert result.exit_code == 0, result.output
    assert (target / "Pulumi.yaml").is_file() and os.path.islink(target / "stray")


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_an_unreadable_pulumi_yaml_is_reported_not_skipped_for_the_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())  # the parent's
    inner = tmp_path / "inner"
    inner.mkdir()
    MAKE[kind](inner / "Pulumi.yaml")
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(inner)
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 2, result.output
    what = "a FIFO (named pipe)" if kind == "fifo" else "a symbolic link loop"
    assert f"{inner / 'Pulumi.yaml'}: cannot read the project file: it is {what}" in result.stderr
    assert "no Pulumi.yaml found" not in result.stderr


def test_a_project_dir_variable_naming_a_loop_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(loop(tmp_path / "project")))
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 2, result.output
    assert "AOAI_PROJECT_DIR" in result.stderr


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda base: Path("/dev/zero"), "a character device"),
        (lambda base: base, "a directory"),
        (lambda base: loop(base / "catalog.json"), "a symbolic link loop"),
    ],
)
def test_aoai_catalog_says_what_it_names(
    project: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path], what: str
) -> None:
    path = make(project)
    monkeypatch.setenv("AOAI_CATALOG", str(path))
    result = runner.invoke(app, ["validate", "--stack", "dev"])
    assert result.exit_code == 2, result.output
    assert f"{path}: AOAI_CATALOG names {what}, not a catalog file" in result.stderr
    assert "does not exist" not in result.stderr


def test_a_project_catalog_that_is_a_fifo_is_refused_not_skipped(project: Path) -> None:
    os.mkfifo(project / "aoai-catalog.json")
    result = runner.invoke(app, ["validate", "--stack", "dev"])
    assert result.exit_code == 2, result.output
    expected = "aoai-catalog.json: the project catalog is a FIFO (named pipe), not a catalog file"
    assert expected in result.stderr
