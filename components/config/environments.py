"""Pulumi ESC environments: a stack file's `environment:` block and what `esc env open` prints.

The stack file (workspace.Environment in pulumi/pulumi sdk/go/common/workspace/project.go) holds
either a list of environment names, imported in order, or an inline definition with `imports:`
and `values:`. The engine opens that anonymous environment in Pulumi Cloud and turns its
`pulumiConfig` into stack config (workspace/config.go toConfigMap and mergeConfig). Offline, aoai
cannot open an environment; CI can, once, with `esc env open ENV` (or `pulumi env open ENV`), and
hand the output to aoai. Its shapes (pulumi/esc cmd/esc/cli/env_open.go):

- `--format json` (the default) and `--format yaml`: the evaluated values as plain data, secrets
  in plaintext and NOT marked: aoai cannot tell them apart, so every pulumiConfig string of such
  output is masked in what it prints, and counts as a secret wherever the stack contract allows
  one (layering.py): the most ESC could have marked there;
- `--format detailed`: every value as {"value": ..., "secret": true?, "unknown": true?,
  "trace": {"def": {"environment": NAME, ...}, "base": ...}}, so aoai keeps ESC's own secret
  marks and names the environment each value was defined in.

Only `pulumiConfig` is kept; everything else an environment exports (environmentVariables with
cloud credentials, files) is dropped as soon as the output is read. The output is read by the one
bounded reader of every file (source.py: size, depth, alias expansion, UTF-8, core tags, duplicate
keys; JSON is read as the YAML it also is), with limits for the larger outputs of big environments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError, Problem
from .source import SourceError, SourceLimits, load_yaml
from .values import ENVIRONMENT, Node, Origin, from_plain

# `esc env open --format detailed` of a large environment is a few hundred kilobytes (every value
# carries its trace); more than this is not one. The other limits follow from the size.
ENV_VALUES_LIMITS = SourceLimits(
    max_bytes=5 * 1024 * 1024, max_depth=64, max_values=500_000, max_chars=8 * 1024 * 1024
)

PULUMI_CONFIG = "pulumiConfig"
_DETAILED_KEYS = {"value", "secret", "unknown", "trace"}
UNKNOWN = "[unknown]"  # what the engine passes for an unknown environment value (toPlaintext)
_EXPRESSION = re.compile(r"\$\{")


@dataclass(frozen=True)
class EnvironmentBlock:
    """What a stack file's `environment:` imports, and the literal pulumiConfig of an inline
    definition (keys computed by ESC expressions cannot be known offline)."""

    imports: tuple[str, ...] = ()
    inline: dict[str, Node] = field(default_factory=dict)
    unevaluated: tuple[str, ...] = ()

    @property
    def imports_text(self) -> str:
        return ", ".join(self.imports) or "an inline definition"


@dataclass(frozen=True)
class OpenedEnvironment:
    """The pulumiConfig of one `esc env open` output."""

    label: str
    pulumi_config: dict[str, Node]
    detailed: bool
    names: tuple[str, ...] = ()  # environments the values were defined in (detailed output)
    unknown: tuple[str, ...] = ()  # keys with values ESC reported as unknown


class EnvValuesError(ConfigError):
    """What `esc env open` printed (an env-values file) cannot be used."""

    subject = "the env-values file (what `esc env open` prints)"


def _import_name(item: Any) -> str | None:
    if isinstance(item, str) and item:
        return item
    if isinstance(item, dict) and len(item) == 1:  # {name: {merge: false}}
        return str(next(iter(item)))
    return None


def _computed(value: Any) -> bool:
    """True when ESC must evaluate the value: an interpolation or a fn:: call anywhere in it."""
    if isinstance(value, str):
        return _EXPRESSION.search(value) is not None
    if isinstance(value, dict):
        return any(str(k).startswith("fn::") or _computed(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_computed(v) for v in value)
    return False


def environment_block(
    value: Any, where: str, line: int | None = None
) -> tuple[EnvironmentBlock | None, list[Problem]]:
    """The stack file's `environment:` value (at `line` of the stack file named `where`), as Pulumi
    reads it (None when there is none)."""

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem("", message, line=line, key="environment")]

    if value is None or value == []:  # an empty list imports nothing (Environment.Definition)
        return None, []
    if isinstance(value, list):
        names = [_import_name(item) if isinstance(item, str) else None for item in value]
        if all(names):
            return EnvironmentBlock(tuple(str(n) for n in names)), []
        return problem("must be a list of environment names (e.g. [acme/shared, acme/dev])")
    if isinstance(value, str):
        return problem(
            f"write the environment as a list: `environment: [{value}]` (Pulumi reads a list of names)"
        )
    if not isinstance(value, dict):
        return problem("must be a list of environment names or a definition with imports: and values:")
    unknown = sorted(set(value) - {"imports", "values"})
    if unknown:
        return problem(f"unknown key {unknown[0]!r} in the inline definition (allowed: imports, values)")
    imports = value.get("imports") or []
    names = [_import_name(item) for item in imports] if isinstance(imports, list) else [None]
    if not all(names):
        return problem("imports: must be a list of environment names")
    values = value.get("values") or {}
    if not isinstance(values, dict):  # ESC evaluates an environment's values as one object
        return problem("values: must be a mapping of names to values (e.g. values: {pulumiConfig: {...}})")
    pulumi_config = values.get(PULUMI_CONFIG)
    if pulumi_config is not None and not isinstance(pulumi_config, dict):
        return problem("values.pulumiConfig: must be a mapping of config keys to values")
    origin = Origin(ENVIRONMENT, f"inline definition in {where}")
    inline = {str(k): from_plain(v, origin) for k, v in (pulumi_config or {}).items() if not _computed(v)}
    unevaluated = tuple(sorted(str(k) for k, v in (pulumi_config or {}).items() if _computed(v)))
    return EnvironmentBlock(tuple(str(n) for n in names), inline, unevaluated), []


def _parse(text: str, label: str, limits: SourceLimits) -> Any:
    """The output as data, within the limits. ConfigError naming `label` when it is not data."""
    try:
        document = load_yaml(text, limits)
    except SourceError as error:
        reason = error.reason
        if reason.startswith("not valid YAML"):
            reason = f"not JSON or YAML ({reason}): expected what `esc env open ENV --format detailed` prints"
        raise EnvValuesError(label, [Problem("", reason, line=error.line, column=error.column)]) from None
    if document.problems:  # duplicate keys, ambiguous numbers: not what esc prints
        problems = [Problem("", message, line=line) for _, line, message in document.problems]
        raise EnvValuesError(label, problems)
    return document.data


def _is_detailed(document: dict[str, Any]) -> bool:
    return "value" in document and set(document) <= _DETAILED_KEYS and isinstance(document["value"], dict)


class _DetailedReader:
    """Turns `--format detailed` values (esc.Value) into Nodes, keeping secret marks and origins."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.names: set[str] = set()

    def node(self, item: Any, secret: bool = False) -> Node:
        if not isinstance(item, dict) or not set(item) <= _DETAILED_KEYS:
            raise EnvValuesError(
                self.label,
                [
                    Problem(
                        "",
                        "mixes detailed and plain values: pass one `esc env open` output unchanged",
                    )
                ],
            )
        definition = (item.get("trace") or {}).get("def") or {}
        name = definition.get("environment") if isinstance(definition, dict) else None
        if isinstance(name, str) and name:
            self.names.add(name)
        origin = Origin(ENVIRONMENT, name if isinstance(name, str) and name else self.label)
        secret = secret or item.get("secret") is True
        if item.get("unknown") is True:
            return Node(UNKNOWN, origin, secret=secret)
        value = item.get("value")
        if isinstance(value, dict):
            return Node({str(k): self.node(v, secret) for k, v in value.items()}, origin)
        if isinstance(value, list):
            return Node([self.node(v, secret) for v in value], origin)
        return from_plain(value, origin, secret=secret)


def read_opened_environment(
    text: str, label: str, limits: SourceLimits = ENV_VALUES_LIMITS
) -> OpenedEnvironment:
    """The pulumiConfig of what `esc env open` printed. ConfigError (naming `label`) if it is not that."""
    document = _parse(text, label, limits)
    if not isinstance(document, dict):
        raise EnvValuesError(
            label,
            [Problem("", "expected a JSON object, what `esc env open ENV --format detailed` prints")],
        )
    if _is_detailed(document):
        reader = _DetailedReader(label)
        top = document["value"]
        entry = top.get(PULUMI_CONFIG)
        config = reader.node(entry) if entry is not None else None
        if config is not None and not isinstance(config.value, dict):
            raise EnvValuesError(label, [Problem("", "pulumiConfig must be a mapping of config keys")])
        values = dict(config.value) if config is not None else {}
        unknown = tuple(sorted(k for k, v in values.items() if _has_unknown(v)))
        return OpenedEnvironment(
            label, values, detailed=True, names=tuple(sorted(reader.names)), unknown=unknown
        )
    entry = document.get(PULUMI_CONFIG)
    if entry is None and document and all(":" in str(key) for key in document):
        raise EnvValuesError(
            label,
            [
                Problem(
                    "",
                    "this looks like `esc env open ENV pulumiConfig` (only the pulumiConfig part); pass "
                    "the whole environment: `esc env open ENV --format detailed`",
                )
            ],
        )
    if entry is not None and not isinstance(entry, dict):
        raise EnvValuesError(label, [Problem("", "pulumiConfig must be a mapping of config keys")])
    origin = Origin(ENVIRONMENT, label, unmarked=True)
    # Plain output carries no secret marks: every string may be a secret (see `unmarked`).
    values = {str(k): from_plain(v, origin, secret=True) for k, v in (entry or {}).items()}
    return OpenedEnvironment(label, values, detailed=False)


def _has_unknown(node: Node) -> bool:
    if isinstance(node.value, dict):
        return any(_has_unknown(v) for v in node.value.values())
    if isinstance(node.value, list):
        return any(_has_unknown(v) for v in node.value)
    return bool(node.value == UNKNOWN)


def _same_environment(imported: str, defined_in: str) -> bool:
    """Whether an import of the stack file (`project/env`, a legacy `env`, either with `@version`)
    names the environment a detailed output's trace names."""
    imported = imported.split("@", 1)[0]
    return defined_in in (imported, *imported.rsplit("/", 1)[1:]) or defined_in.endswith(f"/{imported}")


def foreign_outputs(
    block: EnvironmentBlock | None, opened: list[OpenedEnvironment], where: str
) -> list[Problem]:
    """A detailed output none of whose values was defined in an environment the stack file `where`
    imports: the output of another environment, which `pulumi up` would never use for this stack.
    (The values of an environment that only imports others are defined in those: its output names
    them, and is refused too; open the environments the stack file names.)"""
    if block is None or not block.imports:
        return []
    problems = []
    for env in opened:
        if env.names and not any(_same_environment(i, n) for i in block.imports for n in env.names):
            problems.append(
                Problem(
                    "",
                    f"its values were defined in ESC environment {', '.join(env.names)}, but {where} "
                    f"imports {block.imports_text}: this is another environment's output; open the "
                    f"stack's own: esc env open {block.imports[-1]} --format detailed",
                    file=env.label,
                )
            )
    return problems
