"""Decode and validate the stack config as the program gets it, offline or under `pulumi up`.

Both ways in first build what the Pulumi engine hands a program, a flat {key: string} map of the
`azure-openai:` namespace (objects as JSON, scalars as text: `RawConfig`), and then decode and
validate it the same way, so the CLI and `pulumi up` can never disagree about a stack:

- offline (CLI, tests), layering.py merges the stack file (stack_file.py, on the bounded reader of
  source.py), its ESC environments and Pulumi.yaml's project config as the engine does, into one
  `RawConfig` that knows where each value came from;
- in the program, the engine has merged them already: `raw_from_pulumi` reads its result.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import NAMESPACE, ConfigError, Problem
from .models import ALLOW_AUTO_ON_PROTECTED, StackConfig
from .reporting import Loc, field_kind
from .secrets import not_allowed_message, secret_allowed
from .validation import Validation, validate_all


@dataclass
class RawConfig:
    """The `azure-openai:` config as the engine passes it, plus what the files know about it."""

    values: Mapping[str, str]
    source: str
    # Top-level keys the engine marks secret.
    secret_keys: Collection[str] = ()
    lines: Mapping[Loc, int] = field(default_factory=dict)
    scalar_text: Mapping[Loc, str] = field(default_factory=dict)
    # Problems found while reading (namespaces, secrets where none may be, ...).
    problems: list[Problem] = field(default_factory=list)
    # Whether each secret was judged where it stands while reading (offline, the exact key paths
    # of secrets are known); the program knows only which top-level keys are secret.
    secrets_judged: bool = False


def raw_from_pulumi() -> RawConfig:
    """The `azure-openai:` keys the engine gave this program, as the strings it gave them."""
    from pulumi.runtime import config as runtime_config

    merged: dict[str, Any] = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    secret_in_env = set(runtime_config.get_config_secret_keys_env())
    values: dict[str, str] = {}
    secret_keys: list[str] = []
    problems: list[Problem] = []
    for full_key, value in merged.items():
        namespace, _, key = full_key.partition(":")
        if namespace != NAMESPACE or not key:
            continue
        name = key.removeprefix("config:")
        if name in values:
            twice = f"given twice, as {NAMESPACE}:{name} and {NAMESPACE}:config:{name}; keep one"
            problems.append(Problem(name, twice, (name,)))
        values[name] = str(value)
        if full_key in secret_in_env or runtime_config.is_config_secret(full_key):
            secret_keys.append(name)
    return RawConfig(values, "", secret_keys, problems=problems)


def decode(raw: RawConfig) -> tuple[dict[str, Any], list[Problem]]:
    """Engine strings -> values, like pulumi.Config's get_object/get_bool do."""
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    kinds = {(f.alias or name): field_kind(f.annotation) for name, f in StackConfig.model_fields.items()}
    for key, text in raw.values.items():
        kind = kinds.get(key, "str")
        if kind == "json":
            try:
                data[key] = json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                problems.append(Problem(key, "must be a YAML mapping or list (not readable as one)", (key,)))
        elif kind == "bool":
            if text not in ("true", "false"):
                problems.append(Problem(key, f"must be true or false (got {text[:40]!r})", (key,)))
            else:
                data[key] = text == "true"
        else:
            data[key] = text
    return data, problems


def validate_raw(raw: RawConfig, *, allow_auto_on_protected: bool = False) -> Validation:
    """Every problem of the config in one run, with lines where the file knows them."""
    data, problems = decode(raw)
    known = [*raw.problems, *problems, *_secret_keys_not_allowed(raw, data)]
    result = validate_all(
        data,
        {ALLOW_AUTO_ON_PROTECTED: allow_auto_on_protected},
        known=known,
        scalar_text=raw.scalar_text,
    )
    result.problems = with_lines_from(raw.lines, result.problems)
    for config in {id(c): c for c in (result.config, result.partial) if c is not None}.values():
        config.marked_secret(raw.secret_keys)
    return result


def _secret_keys_not_allowed(raw: RawConfig, data: Mapping[str, Any]) -> list[Problem]:
    """In the program: a secret top-level key whose values can never be secret (namePrefix, ...)."""
    if raw.secrets_judged:
        return []  # read from the files: each secret was judged where it stands
    problems = []
    for key in raw.secret_keys:
        if not _may_hold_secrets(key, data.get(key)):
            problems.append(Problem(key, not_allowed_message(StackConfig, (key,)), (key,)))
    return problems


def _may_hold_secrets(key: str, value: Any) -> bool:
    """Whether some leaf under a top-level key may be secret (then the engine's mark is fine); a
    scalar is its own leaf."""
    return any(secret_allowed(StackConfig, loc) for loc in _leaves(value, (key,)))


def _leaves(value: Any, loc: Loc) -> list[Loc]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*loc, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*loc, i))]
    return [loc]


def with_lines_from(lines: Mapping[Loc, int], problems: list[Problem]) -> list[Problem]:
    """Problems with the line of their key path (or its deepest part in the file) filled in."""
    if not lines:
        return problems
    return [
        p if p.line or p.file or not p.ours else replace(p, line=_line_of(lines, p.loc)) for p in problems
    ]


def _line_of(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for size in range(len(loc), 0, -1):
        if loc[:size] in lines:
            return lines[loc[:size]]
    return None


def parse_raw(
    raw: Mapping[str, str] | RawConfig, source: str = "", *, allow_auto_on_protected: bool = False
) -> StackConfig:
    """Decode engine-style strings like pulumi.Config does, then validate the whole contract.

    Raises ConfigError listing every problem."""
    if not isinstance(raw, RawConfig):
        raw = RawConfig(values=raw, source=source)
    result = validate_raw(raw, allow_auto_on_protected=allow_auto_on_protected)
    if result.config is None:
        raise ConfigError(source or raw.source, result.problems)
    return result.config


def load_pulumi_config(stack: str) -> StackConfig:
    """Validated config of the running Pulumi program. Raises ConfigError listing every problem."""
    raw = raw_from_pulumi()
    return parse_raw(raw, f"stack {stack!r} (Pulumi.{stack}.yaml)")
