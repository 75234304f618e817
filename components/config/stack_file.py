"""A Pulumi stack file (Pulumi.<stack>.yaml) as the engine would read it.

From the safely loaded document (source.py) this builds what the engine takes from a stack file:
its config, every key parsed as Pulumi parses it (`namespace:name`, or the legacy
`namespace:config:name`), each secure value replaced by an offline placeholder (the ciphertext is
never decrypted here), and its `environment:` imports. It also keeps what the engine does not
know: the line of every key path of our namespace, how non-string scalars were written, and every
problem of the file's shape:

- the document is a mapping with a `config:` mapping, and only Pulumi's own top-level keys;
- config keys are `namespace:key`; a namespace that is nearly ours is an error with did-you-mean,
  and one key given in two forms is an error (keys.py); other namespaces (azure-native, ...) are
  kept for the layers that merge them, not judged;
- a `secure:` value holds the ciphertext Pulumi wrote (a string), and stands where secrets are
  allowed (secrets.py), or is an error saying so. Stack values win over every other layer, so
  this is final here; layering.py judges the secrets of the other layers (ESC) by the same rule.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NAMESPACE, ConfigError, Problem
from .keys import BadKey, KeyForms, misspelt_namespace, parse_key
from .placeholders import placeholder
from .reporting import Loc, render_path
from .secrets import PROVIDER_CREDENTIALS, not_allowed_message, plaintext_credential_message, secret_allowed
from .source import DEFAULT_LIMITS, SourceError, SourceLimits, YamlDocument, load_yaml, read_text

# Top-level keys of a stack file (Pulumi's ProjectStack: config, environment imports, and the
# secrets provider's own entries).
STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")
LEGACY_PREFIX = "config:"

ConfigKey = tuple[str, str]  # (namespace, name)


@dataclass
class StackFile:
    """One stack file as the engine reads it, plus what only the file knows."""

    path: Path
    source: str
    text: str
    # Every namespace's config by parsed key: plain data, secure values as offline placeholders.
    config: dict[ConfigKey, Any] = field(default_factory=dict)
    # How top-level scalars that are not strings were written (`True`, `1.10`): the engine hands
    # a top-level value to the program as its text.
    written: dict[ConfigKey, str] = field(default_factory=dict)
    # The `environment:` value (ESC imports or an inline definition) and its line.
    environment: Any = None
    environment_line: int | None = None
    # Key paths of our namespace: their lines, and the source text of their non-string scalars.
    lines: dict[Loc, int] = field(default_factory=dict)
    scalar_text: dict[Loc, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def open_stack_file(path: Path | str, limits: SourceLimits = DEFAULT_LIMITS) -> StackFile:
    """Read a stack file within the limits. ConfigError (naming the file) when it cannot be read as
    a stack file at all; problems of single keys are collected in `problems` instead."""
    path = Path(path)
    try:
        text = read_text(path, limits)
    except SourceError as error:
        raise ConfigError(
            str(path), [Problem("", error.reason, line=error.line, column=error.column)]
        ) from None
    return stack_file_of_text(text, path, limits)


def stack_file_of_text(text: str, path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> StackFile:
    """`text` read as the stack file at `path` (a candidate not written yet). ConfigError if bad."""
    source = str(path)
    try:
        document = load_yaml(text, limits)
    except SourceError as error:
        raise ConfigError(source, [Problem("", error.reason, line=error.line, column=error.column)]) from None
    data = document.data if document.data is not None else {}
    config = data.get("config") if isinstance(data, dict) else None  # no config: is None, fine
    if not isinstance(data, dict) or not isinstance(config, (dict, type(None))):
        raise ConfigError(
            source, [Problem("", "a stack file is a YAML mapping with a 'config:' mapping inside")]
        )
    stack = StackFile(path=path, source=source, text=document.text)
    stack.environment = data.get("environment")
    stack.environment_line = document.lines.get(("environment",))
    for key in data:
        if key not in STACK_FILE_KEYS:
            stack.problems.append(_unknown_top_level(key, document.lines.get((key,))))
    for where, line, message in document.problems:
        stack.problems.append(_file_problem(where, line, message))
    _Reader(stack, document).read(config or {})
    return stack


def _plaintext(value: Any) -> bool:
    """Whether a config value as written holds text that is not encrypted (`secure:`)."""
    if isinstance(value, dict):
        return set(value) != {"secure"} and any(_plaintext(v) for v in value.values())
    if isinstance(value, list):
        return any(_plaintext(v) for v in value)
    return value is not None and value != ""


def stack_name_of(path: Path) -> str:
    """`Pulumi.dev.yaml` -> `dev` (the file's stem for other names)."""
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name[len("Pulumi.") :].rsplit(".", 1)[0]
    return path.stem


def _unknown_top_level(key: str, line: int | None) -> Problem:
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


class _Reader:
    def __init__(self, stack: StackFile, document: YamlDocument) -> None:
        self.stack = stack
        self.document = document
        self.forms = KeyForms()
        self.ours: dict[str, str] = {}  # config key as written -> our key name
        self.secrets = 0

    def read(self, config: dict[str, Any]) -> None:
        for full_key, value in config.items():
            line = self.document.lines.get(("config", full_key))
            namespace, colon, rest = full_key.partition(":")
            if not colon or not rest or not namespace:
                self._no_namespace(full_key, line)
                continue
            try:
                key = parse_key(full_key)
            except BadKey as error:
                self.stack.problems.append(Problem("", str(error), line=line, key=full_key))
                continue
            misspelt = misspelt_namespace(*key)
            if misspelt:
                self.stack.problems.append(Problem("", misspelt, line=line, key=full_key))
                continue
            twice = self.forms.twice(key, full_key)
            if twice:
                self.stack.problems.append(self._problem(key, twice, line))
                continue
            if key[0] == NAMESPACE:
                self.ours[full_key] = key[1]
            if key in PROVIDER_CREDENTIALS and _plaintext(value):
                file = self.stack.path
                message = plaintext_credential_message(key, file.name, stack_name_of(file))
                self.stack.problems.append(Problem("", message, line=line, key=full_key))
            self.stack.config[key] = self._engine_value(value, (full_key,))
            written = self.document.scalar_text.get(("config", full_key))
            if written is not None and value is not None and not isinstance(value, (dict, list)):
                self.stack.written[key] = written
        self._positions()

    def _problem(self, key: ConfigKey, message: str, line: int | None) -> Problem:
        if key[0] == NAMESPACE:
            return Problem(key[1], message, (key[1],), line)
        return Problem("", message, line=line, key=f"{key[0]}:{key[1]}")

    def _no_namespace(self, key: str, line: int | None) -> None:
        from .models import StackConfig
        from .reporting import _alias

        known = {_alias(StackConfig, n) for n in StackConfig.model_fields}
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
        for path, line in self.document.lines.items():
            if len(path) >= 2 and path[0] == "config" and path[1] in self.ours:
                self.stack.lines[(self.ours[str(path[1])], *path[2:])] = line
        for path, text in self.document.scalar_text.items():
            if len(path) >= 2 and path[0] == "config" and path[1] in self.ours:
                self.stack.scalar_text[(self.ours[str(path[1])], *path[2:])] = text

    def _engine_value(self, value: Any, where: tuple[str | int, ...]) -> Any:
        if isinstance(value, dict):
            if set(value) == {"secure"}:
                return self._secure(value["secure"], where)
            return {k: self._engine_value(v, (*where, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._engine_value(v, (*where, i)) for i, v in enumerate(value)]
        return value

    def _secure(self, ciphertext: Any, where: tuple[str | int, ...]) -> str:
        line = self.document.lines.get(("config", *where))
        full_key = str(where[0])
        message = None
        if not isinstance(ciphertext, str):
            message = "secure: holds the encrypted text Pulumi wrote"
        if full_key in self.ours:
            from .models import StackConfig

            loc = (self.ours[full_key], *where[1:])
            if message is None and not secret_allowed(StackConfig, loc):
                message = not_allowed_message(StackConfig, loc)
            if message:
                self.stack.problems.append(Problem(render_path(loc), message, loc, line))
        elif message:
            self.stack.problems.append(Problem("", message, line=line, key=full_key))
        self.secrets += 1
        return placeholder(self.secrets)
