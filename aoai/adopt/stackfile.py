"""The adopted stack as a Pulumi stack file: the azure-openai: keys with the notes as comments."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from azure_openai_toolkit.config import NAMESPACE

from .translate import Note

SUBSCRIPTION_KEY = "azure-native:subscriptionId"

# Plain scalars a YAML 1.1 reader (Pulumi's) would not read back as the same string.
_NOT_A_STRING = re.compile(
    r"^([-+]?[0-9][0-9_.:eE+-]*|[0-9]{4}-[0-9]{2}-[0-9]{2}.*|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|"
    r"false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|\.inf|\.nan|)$"
)


class _IdKeysEmitter(Emitter):
    """Resource ids as plain map keys (networkRegions): YAML allows implicit keys up to 1024
    characters; ruamel's default of 128 would write the `? key` form for most ids."""

    MAX_SIMPLE_KEY_LENGTH = 1024


def _node(value: Any) -> Any:
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item)
        return mapping
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str) and _NOT_A_STRING.match(value):
        return DoubleQuotedScalarString(value)  # "2024-11-20" and "1" stay strings
    return value


def stack_file_text(
    config: Mapping[str, Any],
    header: Sequence[str],
    notes: Sequence[Note],
    subscription_id: str | None = None,
) -> str:
    """The stack file: `header` lines as comments, then `config:` with each note at its key, and
    the subscription the accounts are in (azure-native:subscriptionId), so the stack deploys to
    them and not to whichever subscription the deployer's sign-in defaults to."""
    inner = CommentedMap()
    if subscription_id is not None:
        inner[SUBSCRIPTION_KEY] = subscription_id
    for key, value in config.items():
        inner[f"{NAMESPACE}:{key}"] = _node(value)
    grouped: dict[tuple[int, str], tuple[CommentedMap, str, int, list[str]]] = {}
    for note in notes:
        mapping, key, depth = _place(inner, note)
        grouped.setdefault((id(mapping), key), (mapping, key, depth, []))[3].append(note.text)
    for mapping, key, depth, texts in grouped.values():
        mapping.yaml_set_comment_before_after_key(key, before="\n".join(texts), indent=2 * depth)
    document = CommentedMap()
    document["config"] = inner
    if header:
        document.yaml_set_start_comment("\n".join(header))
    yaml = YAML(typ="rt")
    yaml.Emitter = _IdKeysEmitter
    yaml.width = 4096  # resource ids stay on one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _place(inner: CommentedMap, note: Note) -> tuple[CommentedMap, str, int]:
    """The deepest key of the note's path that exists: where its comment goes."""
    key = f"{NAMESPACE}:{note.path[0]}"
    if key not in inner:
        return inner, next(k for k in inner if k != SUBSCRIPTION_KEY), 1
    mapping, depth = inner, 1
    for part in note.path[1:]:
        child = mapping[key]
        if not isinstance(child, CommentedMap) or part not in child:
            break
        mapping, key, depth = child, part, depth + 1
    return mapping, key, depth
