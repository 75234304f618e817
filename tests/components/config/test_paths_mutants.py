"""What is at a user-given path (paths.py), in the words a message uses, for each kind of thing."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from azure_openai_toolkit.config.paths import DIRECTORY, FILE, MISSING, OTHER, real_path, what_is_at


def test_each_kind_is_named_in_words(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    os.symlink("nowhere", tmp_path / "dangling")
    assert what_is_at(tmp_path) == what_is_at(str(tmp_path))
    assert (what_is_at(tmp_path).kind, what_is_at(tmp_path).what) == (DIRECTORY, "a directory")
    missing = what_is_at(tmp_path / "none")
    assert (missing.kind, missing.what) == (MISSING, "nothing (it does not exist)")
    assert what_is_at(tmp_path / "dangling").what == "a symbolic link to nothing (its target does not exist)"
    assert what_is_at("a\0b").what == "a name with a NUL byte, which no file can have"


def test_a_socket_is_named(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s"))
        state = what_is_at(tmp_path / "s")
    assert (state.kind, state.what) == (OTHER, "a socket")


def test_the_kind_answers_each_question(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    file, folder, none = what_is_at(tmp_path / "file"), what_is_at(tmp_path), what_is_at(tmp_path / "n")
    assert (file.is_file, file.is_dir, file.missing) == (True, False, False)
    assert (folder.is_file, folder.is_dir, folder.missing) == (False, True, False)
    assert (none.is_file, none.is_dir, none.missing) == (False, False, True)
    assert FILE != OTHER


def test_real_path_follows_links_and_never_raises(tmp_path: Path) -> None:
    (tmp_path / "target").write_text("x")
    os.symlink("target", tmp_path / "link")
    assert real_path(tmp_path / "link") == (tmp_path / "target").resolve()
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    assert real_path(tmp_path / "a").name in ("a", "b")  # a loop stays a path; reading it says why
    assert real_path("x\0y") == Path(os.path.abspath("x\0y"))
