"""The helpers of the revision planner (isolated.py) in this process: where a revision's
pyproject.toml maps the toolkit package (setuptools' `package-dir`), and the calling process's
placeholders of secure values turned into this process's own, in plain values and inside JSON
values (a list or object config value)."""

from __future__ import annotations

import json
from pathlib import Path

from aoai.offline.isolated import _toolkit_source, _with_revision_placeholders
from azure_openai_toolkit.config.placeholders import placeholder_prefix

CALLER = "\x00caller-secret:"  # what the calling process's placeholders start with


def pyproject(folder: Path, text: str) -> Path:
    (folder / "pyproject.toml").write_text(text)
    return folder


def test_the_toolkit_source_is_where_package_dir_maps_it(tmp_path: Path) -> None:
    assert _toolkit_source(tmp_path) is None  # no pyproject.toml: the installed toolkit
    mapped = '[tool.setuptools.package-dir]\nazure_openai_toolkit = "components"\n'
    pyproject(tmp_path, mapped)
    assert _toolkit_source(tmp_path) is None  # mapped to a folder that is no package
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "__init__.py").write_text("")
    assert _toolkit_source(tmp_path) == tmp_path / "components"
    pyproject(tmp_path, "[tool.setuptools.package-dir]\nazure_openai_toolkit = 3\n")
    assert _toolkit_source(tmp_path) is None
    pyproject(tmp_path, '[tool.setuptools.package-dir]\nother = "components"\n')
    assert _toolkit_source(tmp_path) is None
    pyproject(tmp_path, "not toml [")
    assert _toolkit_source(tmp_path) is None


def test_the_callers_placeholders_become_this_processs() -> None:
    own = placeholder_prefix()
    raw = {
        "plain": "value",
        "key": f"{CALLER}3",
        "first": CALLER,  # no index: the first
        "list": json.dumps([f"{CALLER}1", "x", {"k": f"{CALLER}2"}, 4]),
        "object": json.dumps({"a": {"b": f"{CALLER}0"}}),
        "prose": f"see {CALLER}1",  # not a JSON value
        "escaped": "see " + json.dumps(CALLER)[1:-1] + "1",  # nor this, though it holds one as JSON writes it
    }
    assert _with_revision_placeholders(raw, CALLER) == {
        "plain": "value",
        "key": f"{own}3",
        "first": f"{own}0",
        "list": json.dumps([f"{own}1", "x", {"k": f"{own}2"}, 4]),
        "object": json.dumps({"a": {"b": f"{own}0"}}),
        "prose": f"see {CALLER}1",
        "escaped": "see " + json.dumps(CALLER)[1:-1] + "1",
    }
    assert _with_revision_placeholders(raw, "") == raw  # a caller without placeholders
