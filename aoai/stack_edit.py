"""Editing stack files in place: comments and formatting kept (ruamel.yaml), writes atomic.

A write goes to a temporary file next to the target, is checked by the caller's `accept`
function, and only then replaces the target with os.replace, so a failed check, a crash or a
full disk never leaves a half-written or invalid stack file behind.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

# (mapping indent, sequence indent, dash offset) styles tried in order; the first that
# reproduces the file byte for byte is the file's own style.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 6, 2), (4, 4, 0))


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines (resource ids)
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, document: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


class StackDocument:
    """A stack file loaded for round-trip editing."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.yaml = _yaml(_STYLES[0])
        for style in _STYLES:
            candidate = _yaml(style)
            if _dump(candidate, candidate.load(text)) == text:
                self.yaml = candidate
                break
        self.document = self.yaml.load(text)

    @property
    def config(self) -> Any:
        return self.document["config"]

    def text(self) -> str:
        return _dump(self.yaml, self.document)


def write_atomically(
    path: Path,
    text: str,
    accept: Callable[[Path], None],
    *,
    overwrite: bool = True,
    like: Path | None = None,
) -> None:
    """Write `text` to `path` only if `accept(temp_path)` returns without raising.

    With overwrite=False the file must not exist yet: the temporary file is hard-linked into
    place, which fails with FileExistsError if another process created `path` meanwhile, so an
    existing file is never replaced. A new file takes the permissions of `like`.
    """
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        model = path if path.exists() else like
        if model is not None:
            os.chmod(temp, model.stat().st_mode & 0o777)
        accept(temp)
        if overwrite:
            os.replace(temp, path)
        else:
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
