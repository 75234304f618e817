"""Editing stack files in place: comments, formatting and line endings kept (ruamel.yaml).

A stack file is opened through the one loader (azure_openai_toolkit.config.open_stack_file: size,
encoding, nesting and alias limits, no unsafe tags) before ruamel's round-trip parser sees its
text, and written back through the one writer (safe_write.write_file: atomic, checked first).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from azure_openai_toolkit.config import NAMESPACE, ConfigError, open_stack_file

from .exit_codes import AoaiError

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

    def __init__(self, text: str, source: str = "stack file") -> None:
        self.newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        try:
            # Parsed once: the styles only change how the same document is written back.
            self.yaml = _yaml(_STYLES[0])
            self.document = self.yaml.load(text)
            for style in _STYLES:
                candidate = _yaml(style)
                if _dump(candidate, self.document) == text:
                    self.yaml = candidate
                    break
        except (YAMLError, ValueError) as error:  # ValueError: a value ruamel cannot construct
            raise AoaiError(f"{source}: cannot be edited: {error}") from None
        root = self.document
        if not isinstance(root, dict) or not isinstance(root.get("config"), dict):
            raise AoaiError(f"{source}: not a stack file (a YAML mapping with a 'config:' mapping)")

    @classmethod
    def open(cls, path: Path, shown: str | None = None) -> StackDocument:
        """The file through the one loader, ready to edit. AoaiError (exit 2) when unreadable."""
        try:
            stack = open_stack_file(path)
        except ConfigError as error:
            raise AoaiError(str(error)) from None
        if stack.problems:  # duplicate keys, misspelt namespaces, ...: fix those first
            raise AoaiError(str(ConfigError(shown or str(path), stack.problems)))
        return cls(stack.text, shown or str(path))

    def copy(self) -> StackDocument:
        """An independent copy to try an edit on, without parsing the text again."""
        twin = copy.copy(self)  # the same newline and YAML style; a document of its own
        twin.document = copy.deepcopy(self.document)
        return twin

    @property
    def config(self) -> Any:
        return self.document["config"]

    def config_key(self, name: str) -> str | None:
        """The key under `config:` holding azure-openai:<name>, in whichever form the file uses."""
        for key in (f"{NAMESPACE}:{name}", f"{NAMESPACE}:config:{name}"):
            if key in self.config:
                return key
        return None

    def text(self) -> str:
        """The document as text, with "\\n" line ends (write_file(newline=...) restores CRLF)."""
        return _dump(self.yaml, self.document)

