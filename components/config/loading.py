"""Load the stack config from a stack file (CLI, tests) or from pulumi.Config (the program).

Both paths first build what the Pulumi engine hands a program, a flat {key: string} map of the
`azure-openai:` namespace (objects as JSON, scalars as text), and then decode and validate it the
same way, so the CLI and `pulumi up` can never disagree about a stack file.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import NAMESPACE, ConfigError, Problem
from .models import ALLOW_AUTO_ON_PROTECTED, StackConfig
from .reporting import field_kind, problems_from

SECRET_PLACEHOLDER = "[secret]"


def _yaml() -> YAML:
    return YAML(typ="safe", pure=True)


def _plain(value: Any, secrets: list[str], path: str) -> Any:
    """YAML value -> what the engine passes on: secure values hidden, dates as their text."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            secrets.append(path)
            return SECRET_PLACEHOLDER
        return {str(k): _plain(v, secrets, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, secrets, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _engine_text(value: Any) -> str:
    """Top-level config values reach the program as strings; objects and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return "" if value is None else str(value)


def read_yaml_file(path: Path) -> Any:
    """The parsed document of a YAML file (None when empty). ConfigError naming the file if bad."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, [Problem("", "file not found")]) from None
    except OSError as err:
        raise ConfigError(source, [Problem("", f"cannot read the file: {err.strerror}")]) from None
    try:
        return _yaml().load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(source, [Problem("", f"not valid YAML: {where}{err.problem}")]) from None
    except YAMLError as err:
        raise ConfigError(source, [Problem("", f"not valid YAML: {err}")]) from None


def read_stack_document(path: Path) -> dict[str, Any]:
    """A stack file's top-level mapping (config:, environment:, secrets-provider keys).

    Raises ConfigError (with the file name) when the file is missing or not a stack file.
    """
    document = read_yaml_file(path)
    if document is None:
        document = {}
    if not isinstance(document, dict) or not isinstance(document.get("config", {}), dict):
        raise ConfigError(
            str(path),
            [Problem("", "a stack file is a YAML mapping with a 'config:' mapping inside")],
        )
    return document


def read_stack_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """Raw engine-style config of the `azure-openai:` namespace, and the keys that were secure.

    Raises ConfigError (with the file name) when the file is missing or not a stack file.
    """
    document = read_stack_document(path)
    raw: dict[str, str] = {}
    secrets: list[str] = []
    for full_key, value in (document.get("config") or {}).items():
        namespace, _, key = str(full_key).partition(":")
        if namespace != NAMESPACE or not key:
            continue  # other namespaces (azure-native:location, ...) are not ours to judge
        raw[key.removeprefix("config:")] = _engine_text(_plain(value, secrets, key))
    return raw, secrets


def raw_from_pulumi() -> dict[str, str]:
    """The `azure-openai:` keys the engine gave this program, as the strings it gave them."""
    from pulumi.runtime import config as runtime_config

    merged: dict[str, Any] = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    raw: dict[str, str] = {}
    for full_key, value in merged.items():
        namespace, _, key = full_key.partition(":")
        if namespace == NAMESPACE and key:
            raw[key.removeprefix("config:")] = str(value)
    return raw


def parse_raw(raw: dict[str, str], source: str, *, allow_auto_on_protected: bool = False) -> StackConfig:
    """Decode engine-style strings like pulumi.Config does, then validate the whole contract."""
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    kinds = {
        (field.alias or name): field_kind(field.annotation)
        for name, field in StackConfig.model_fields.items()
    }
    for key, text in raw.items():
        kind = kinds.get(key, "str")
        if kind == "json":
            try:
                data[key] = json.loads(text)
            except json.JSONDecodeError:
                problems.append(Problem(key, f"must be a YAML mapping or list (got {text!r})", (key,)))
        elif kind == "bool":
            if text not in ("true", "false"):
                problems.append(Problem(key, f"must be true or false (got {text!r})", (key,)))
            else:
                data[key] = text == "true"
        else:
            data[key] = text
    try:
        config = StackConfig.model_validate(data, context={ALLOW_AUTO_ON_PROTECTED: allow_auto_on_protected})
    except ValidationError as err:
        problems.extend(
            p for p in problems_from(err, StackConfig) if p.path not in {q.path for q in problems}
        )
        raise ConfigError(source, problems) from None
    if problems:
        raise ConfigError(source, problems)
    return config


def load_stack_file(path: Path | str, *, allow_auto_on_protected: bool = False) -> StackConfig:
    """Validated config of a stack file. Raises ConfigError listing every problem and its line."""
    path = Path(path)
    raw, _ = read_stack_file(path)
    try:
        return parse_raw(raw, str(path), allow_auto_on_protected=allow_auto_on_protected)
    except ConfigError as error:
        raise ConfigError(error.source, with_lines(path, error.problems)) from None


def with_lines(path: Path, problems: list[Problem]) -> list[Problem]:
    """The problems with the stack-file line of their key path filled in where it exists."""
    lines = _line_finder(path.read_text(encoding="utf-8"))
    return [replace(p, line=lines(p.loc)) for p in problems]


def _line_finder(text: str) -> Callable[[tuple[str | int, ...]], int | None]:
    """Maps a key path to the 1-based line of the deepest key of it present in the file."""
    document = YAML(typ="rt").load(text)
    config = document.get("config") if isinstance(document, dict) else None

    def find(loc: tuple[str | int, ...]) -> int | None:
        if not loc or not isinstance(config, dict):
            return None
        node: Any = config
        key: str | int = f"{NAMESPACE}:{loc[0]}"
        line = None
        for part in (key, *loc[1:]):
            positions: Any = getattr(node, "lc", None)  # ruamel's line/column records
            if isinstance(node, dict) and part in node:
                line = positions.key(part)[0] + 1
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line = positions.item(part)[0] + 1
            else:
                break
            node = node[part]
        return line

    return find


def load_pulumi_config(stack: str) -> StackConfig:
    """Validated config of the running Pulumi program. Raises ConfigError listing every problem."""
    return parse_raw(raw_from_pulumi(), f"stack {stack!r} (Pulumi.{stack}.yaml)")
