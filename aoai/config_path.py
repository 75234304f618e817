"""`key.path=value` assignments parsed and applied the way `pulumi config set --path` does.

Paths use Pulumi's property-path syntax: `accounts.primary.deployments.chat.capacity`,
`accounts.primary.networkAcls.ipRules[0]`, `tags["cost.center"]`. A key without a namespace
belongs to the project (`azure-openai:`), as with `pulumi config set`. Values of nested paths are
typed like Pulumi types them: `true`/`false` become booleans, integers become numbers (but not
`0123`-style strings with a leading zero), anything else stays a string; a top-level value
(`environment=staging`) is always a string. `--set-string` keeps any value a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from azure_openai_toolkit.config import NAMESPACE
from azure_openai_toolkit.config.reporting import render_path

from .exit_codes import AoaiError

PathPart = str | int

_INDEX = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r'\["((?:[^"\\]|\\.)*)"\]')
_GO_INT = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class Assignment:
    """One `--set`: the top-level config key (with namespace), the path below it, the value."""

    text: str
    key: str
    path: tuple[PathPart, ...]
    value: Any

    @property
    def dotted(self) -> str:
        """The key path as validation messages write it (`azure-openai:accounts.primary.name`)."""
        return render_path((self.key, *self.path))


def parse_property_path(text: str) -> list[PathPart]:
    """`a.b[0]["c.d"]` -> ["a", "b", 0, "c.d"]; ValueError on malformed paths."""
    parts: list[PathPart] = []
    position = 0
    expect_name = True
    while position < len(text):
        quoted = _QUOTED.match(text, position)
        index = _INDEX.match(text, position)
        if quoted:
            parts.append(quoted.group(1).replace('\\"', '"').replace("\\\\", "\\"))
            position = quoted.end()
            expect_name = False
        elif index:
            if not parts:
                raise ValueError("a path cannot start with an index")
            parts.append(int(index.group(1)))
            position = index.end()
            expect_name = False
        elif text[position] == ".":
            if expect_name:
                raise ValueError(f"empty key before '.' at character {position + 1}")
            position += 1
            expect_name = True
        elif text[position] in '[]"':
            raise ValueError(f"unexpected {text[position]!r} at character {position + 1}")
        else:
            end = position
            while end < len(text) and text[end] not in '.[]"':
                end += 1
            parts.append(text[position:end])
            position = end
            expect_name = False
    if expect_name:
        raise ValueError("the path is empty or ends with '.'")
    return parts


def pulumi_typed(value: str) -> Any:
    """Pulumi's adjustObjectValue: bool, then int (no leading zero), else the string."""
    if value in ("true", "false"):
        return value == "true"
    if len(value) > 1 and value[0] == "0":
        return value
    if _GO_INT.fullmatch(value):
        return int(value)
    return value


def parse_assignment(text: str, *, as_string: bool = False) -> Assignment:
    """`key.path=value` -> Assignment; AoaiError (exit 2) that quotes the argument otherwise."""
    if "=" not in text:
        raise AoaiError(f"--set {text!r}: write it as key.path=value")
    target, value = text.split("=", 1)
    namespace = NAMESPACE
    head = re.match(r"([A-Za-z0-9_.-]+):(?!\])", target)
    if head and "[" not in head.group(1) and "." not in head.group(1):
        namespace, target = head.group(1), target[head.end() :]
    try:
        parts = parse_property_path(target)
    except ValueError as error:
        raise AoaiError(f"--set {text!r}: {error}") from None
    if not isinstance(parts[0], str) or not parts[0]:
        raise AoaiError(f"--set {text!r}: the path must start with a config key")
    nested = len(parts) > 1
    typed: Any = pulumi_typed(value) if nested and not as_string else value
    return Assignment(text, f"{namespace}:{parts[0]}", tuple(parts[1:]), typed)


def apply_assignment(config: CommentedMap, assignment: Assignment) -> None:
    """Set the value in a stack file's `config:` mapping, creating maps and lists on the way."""
    if not assignment.path:
        config[assignment.key] = assignment.value
        return
    first = assignment.path[0]
    if assignment.key not in config:
        config[assignment.key] = CommentedSeq() if isinstance(first, int) else CommentedMap()
    container: Any = config[assignment.key]
    where = assignment.key
    parts = assignment.path
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        following = None if last else parts[position + 1]
        if isinstance(part, int):
            if not isinstance(container, list):
                raise AoaiError(f"--set {assignment.text!r}: {where} is not a list")
            if part > len(container):
                raise AoaiError(
                    f"--set {assignment.text!r}: {where}[{part}] is out of range "
                    f"({len(container)} item(s); use [{len(container)}] to append)"
                )
            if part == len(container):
                container.append(None)
        elif not isinstance(container, dict):
            raise AoaiError(f"--set {assignment.text!r}: {where} is not a map")
        if last:
            container[part] = assignment.value
            return
        child = container[part] if (isinstance(part, int) or part in container) else None
        if child is None:
            child = CommentedSeq() if isinstance(following, int) else CommentedMap()
            container[part] = child
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
        container = child
