"""A Pulumi stack file (Pulumi.<stack>.yaml) as the engine would read it, for our namespace.

From the safely loaded document (source.py) this builds what the engine hands the program for the
`azure-openai:` namespace: one string per top-level key (objects as JSON), the keys that hold a
secure value, and, from the file, what the engine does not know: the line of every key path, how
non-string scalars were written, and every problem of the file's shape:

- the document is a mapping with a `config:` mapping, and only Pulumi's own top-level keys;
- config keys are `namespace:key`; a namespace that is nearly ours (`azure_openai`,
  `azure-opneai`, `Azure-OpenAI`, a Cyrillic `а`) is an error with did-you-mean, because Pulumi
  would silently hand those values to nobody; other namespaces (azure-native, ...) are not ours;
- a key given both as `azure-openai:x` and in Pulumi's legacy form `azure-openai:config:x` is an
  error (which one Pulumi takes is not something to rely on);
- a `secure:` value stands where secrets are allowed (secrets.py), or is an error saying so.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NAMESPACE, ConfigError, Problem
from .placeholders import placeholder
from .reporting import Loc, render_path
from .secrets import not_allowed_message, secret_allowed
from .source import DEFAULT_LIMITS, SourceError, SourceLimits, YamlDocument, load_yaml, read_text

# Top-level keys of a stack file (Pulumi's ProjectStack: config, environment imports, and the
# secrets provider's own entries).
STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")
LEGACY_PREFIX = "config:"


@dataclass
class StackFile:
    """Our namespace of one stack file, as the engine passes it on, plus what only the file knows."""

    path: Path
    source: str
    text: str
    # Top-level key -> the engine's string (objects and lists as JSON, booleans true/false).
    raw: dict[str, str] = field(default_factory=dict)
    # Top-level keys holding a secure value: what the engine marks secret for the program.
    secret_keys: list[str] = field(default_factory=list)
    # Exact key paths of secure values (offline placeholders stand there in `raw`).
    secret_locs: list[Loc] = field(default_factory=list)
    lines: dict[Loc, int] = field(default_factory=dict)
    scalar_text: dict[Loc, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Config keys of other namespaces, kept for new-env and for project config layers later.
    other_keys: dict[str, Any] = field(default_factory=dict)


def open_stack_file(path: Path | str, limits: SourceLimits = DEFAULT_LIMITS) -> StackFile:
    """Read a stack file within the limits. ConfigError (naming the file) when it cannot be read as
    a stack file at all; problems of single keys are collected in `problems` instead."""
    path = Path(path)
    source = str(path)
    try:
        text = read_text(path, limits)
        document = load_yaml(text, limits)
    except SourceError as error:
        raise ConfigError(source, [Problem("", error.reason, line=error.line, column=error.column)]) from None
    return stack_file_from(document, path, source)


def stack_file_from(document: YamlDocument, path: Path, source: str) -> StackFile:
    data = document.data if document.data is not None else {}
    config = data.get("config", {}) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(config, (dict, type(None))):
        raise ConfigError(
            source, [Problem("", "a stack file is a YAML mapping with a 'config:' mapping inside")]
        )
    stack = StackFile(path=path, source=source, text=document.text)
    for key in data:
        if key not in STACK_FILE_KEYS:
            stack.problems.append(_unknown_top_level(key, document.lines.get((key,))))
    for where, line, message in document.problems:
        stack.problems.append(_file_problem(where, line, message))
    _Reader(stack, document).read(config or {})
    return stack


def _unknown_top_level(key: str, line: int | None) -> Problem:
    import difflib

    close = difflib.get_close_matches(key, STACK_FILE_KEYS, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return Problem(
        "",
        f"unknown top-level key {key!r} in a stack file{hint} (allowed: {', '.join(STACK_FILE_KEYS)})",
        line=line,
        key=key,
    )


def _file_problem(where: tuple[str | int, ...], line: int | None, message: str) -> Problem:
    """A problem the YAML reader found at a document path, placed at its config key path."""
    if len(where) >= 2 and where[0] == "config" and isinstance(where[1], str):
        namespace, _, key = where[1].partition(":")
        if namespace == NAMESPACE and key:
            loc = (key.removeprefix(LEGACY_PREFIX), *where[2:])
            return Problem(render_path(loc), message, loc, line)
        return Problem("", message, line=line, key=where[1])
    return Problem("", message, line=line)


def namespace_suggestion(namespace: str) -> bool:
    """Whether a namespace looks like a misspelling of ours (not just another provider's)."""
    folded = unicodedata.normalize("NFKC", namespace).casefold().replace("_", "-").replace(" ", "-")
    folded = folded.strip("-.")
    if folded == NAMESPACE:
        return True
    ascii_only = "".join(c if c.isascii() else "?" for c in folded)
    return _distance(ascii_only, NAMESPACE) <= 2


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), small strings only."""
    if abs(len(a) - len(b)) > 2 or len(a) > 64:
        return 3
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous_previous[j - 2] + 1)
            current.append(value)
        previous_previous, previous = previous, current
    return previous[-1]


class _Reader:
    def __init__(self, stack: StackFile, document: YamlDocument) -> None:
        self.stack = stack
        self.document = document
        self.forms: dict[str, str] = {}  # key -> the form it was first given in
        self.secrets = 0

    def read(self, config: dict[str, Any]) -> None:
        from .models import StackConfig

        self.root = StackConfig
        for full_key, value in config.items():
            line = self.document.lines.get(("config", full_key))
            namespace, colon, key = full_key.partition(":")
            if not colon or not key:
                self._no_namespace(full_key, line)
                continue
            if namespace != NAMESPACE:
                if namespace_suggestion(namespace):
                    self.stack.problems.append(
                        Problem(
                            "",
                            f"unknown namespace {namespace!r}; did you mean '{NAMESPACE}:{key}'? "
                            f"Pulumi would pass this value to no one, so it would be ignored",
                            line=line,
                            key=full_key,
                        )
                    )
                else:
                    self.stack.other_keys[full_key] = value
                continue
            name = key.removeprefix(LEGACY_PREFIX)
            if name in self.forms:
                self.stack.problems.append(
                    Problem(
                        name,
                        f"given twice, as {self.forms[name]!r} and {full_key!r} (Pulumi's legacy "
                        "'config:' form names the same key); keep one",
                        (name,),
                        line,
                    )
                )
                continue
            self.forms[name] = full_key
            plain = self._engine_value(value, (name,))
            self.stack.raw[name] = _engine_text(plain)
        self._positions()

    def _no_namespace(self, key: str, line: int | None) -> None:
        known = {_alias_of(self.root, n) for n in self.root.model_fields}
        hint = f"; did you mean '{NAMESPACE}:{key}'?" if key in known else ""
        self.stack.problems.append(
            Problem(
                "",
                f"config keys are written namespace:key (Pulumi refuses {key!r}){hint}",
                line=line,
                key=key,
            )
        )

    def _positions(self) -> None:
        """The lines and scalar texts of the document, at our key paths (one pass each)."""
        ours = {full_key: name for name, full_key in self.forms.items()}
        for path, line in self.document.lines.items():
            if len(path) >= 2 and path[0] == "config" and path[1] in ours:
                self.stack.lines[(ours[str(path[1])], *path[2:])] = line
        for path, text in self.document.scalar_text.items():
            if len(path) >= 2 and path[0] == "config" and path[1] in ours:
                self.stack.scalar_text[(ours[str(path[1])], *path[2:])] = text

    def _engine_value(self, value: Any, loc: Loc) -> Any:
        if isinstance(value, dict):
            if set(value) == {"secure"}:
                return self._secure(value["secure"], loc)
            return {k: self._engine_value(v, (*loc, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._engine_value(v, (*loc, i)) for i, v in enumerate(value)]
        return value

    def _secure(self, ciphertext: Any, loc: Loc) -> str:
        line = self.document.lines.get(("config", self.forms[str(loc[0])], *loc[1:]))
        if not isinstance(ciphertext, str):
            self.stack.problems.append(
                Problem(render_path(loc), "secure: holds the encrypted text Pulumi wrote", loc, line)
            )
        elif not secret_allowed(self.root, loc):
            self.stack.problems.append(
                Problem(render_path(loc), not_allowed_message(self.root, loc), loc, line)
            )
        self.stack.secret_locs.append(loc)
        if loc[0] not in self.stack.secret_keys:
            self.stack.secret_keys.append(str(loc[0]))
        self.secrets += 1
        return placeholder(self.secrets)


def _alias_of(model: Any, name: str) -> str:
    from .reporting import _alias

    return _alias(model, name)


def _engine_text(value: Any) -> str:
    """Top-level config values reach the program as strings; objects and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return "" if value is None else str(value)
