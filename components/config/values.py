"""Config values as the Pulumi engine holds them while it merges layers, with where each part came from.

A value is a tree of Nodes: scalars (str, int, float, bool, None), lists and string-keyed maps.
Every node records its Origin (the stack file, an ESC environment, Pulumi.yaml), so `aoai config
show` can say where each setting came from, and whether it is secret:

- a stack file's `{secure: <ciphertext>}` is a secret aoai cannot decrypt (no secrets provider
  here): the stack-file reader puts an offline placeholder there (placeholders.py), which the
  program gets and the validators let through; it is shown as "[secret]";
- a secret string from an opened ESC environment is known plaintext: it is used for checking and
  planning, and masked in everything aoai prints;
- `esc env open` output without secret marks (its plain formats) comes from an `unmarked` origin:
  every string of it is masked, and the layering decides where it counts as a secret.

The engine's rules mirrored here (pulumi/pulumi sdk/go/common/resource/config):
- object.Merge (object.go): "Merge merges the receiver onto the given base using JSON merge patch
  semantics": two maps merge key by key, recursively; anything else, the receiver wins whole
  (lists are replaced, never concatenated);
- a top-level value reaches the program as a string: bool/number as their JSON text, maps and lists
  as JSON (object.MarshalString), and the key is secret when any part of it is (object.Secure).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .placeholders import SHOWN, is_placeholder

# From here on Go's encoding/json writes a float64 in exponent form (1e+21, as Python does);
# below it, in plain notation with its shortest round-trip digits (strconv 'f', -1).
_GO_EXPONENT_FROM = 1e21

STACK = "stack"
ENVIRONMENT = "environment"
PROJECT_VALUE = "project"
PROJECT_DEFAULT = "default"


@dataclass(frozen=True)
class Origin:
    """Where a value came from: its layer (stack, environment, project, default) and its source."""

    layer: str
    source: str
    key: str = ""  # the Pulumi.yaml config key that gave a project value or default
    # The source marks no secrets (plain `esc env open` output): its strings are masked, and count
    # as secrets only where the contract allows one (layering.py).
    unmarked: bool = False

    def label(self) -> str:
        if self.layer == PROJECT_DEFAULT:
            return f"default in {self.source}"
        if self.layer == PROJECT_VALUE:
            return f"project {self.source}"
        return f"{self.layer} {self.source}"


@dataclass(frozen=True)
class Node:
    """One config value (or part of one). Containers hold Nodes: list[Node] or dict[str, Node]."""

    value: Any
    origin: Origin
    secret: bool = False
    # A stack-file ciphertext: secret, its plaintext not known offline (`value` is its placeholder).
    encrypted: bool = False

    @property
    def is_container(self) -> bool:
        return isinstance(self.value, (dict, list))


def from_plain(value: Any, origin: Origin, *, secret: bool = False) -> Node:
    """A node tree from YAML/JSON data. The placeholder of a stack-file ciphertext (put there by
    the stack-file reader) becomes an encrypted node."""
    if is_placeholder(value):
        return Node(value, origin, secret=True, encrypted=True)
    if isinstance(value, dict):
        return Node({str(k): from_plain(v, origin, secret=secret) for k, v in value.items()}, origin)
    if isinstance(value, list):
        return Node([from_plain(v, origin, secret=secret) for v in value], origin)
    # Only strings carry the secret mark: Pulumi's toPlaintext (workspace/config.go) keeps
    # `secret` for strings and drops it for booleans and numbers.
    return Node(value, origin, secret=secret and isinstance(value, str))


def merge(over: Node, base: Node) -> Node:
    """`over` merged onto `base` like Pulumi's object.Merge (and ESC's merge of imports)."""
    if isinstance(over.value, dict) and isinstance(base.value, dict):
        merged = dict(base.value)
        for key, node in over.value.items():
            merged[key] = merge(node, base.value[key]) if key in base.value else node
        return Node(merged, over.origin)
    return over


def is_secure(node: Node) -> bool:
    """True when the value or any part of it is secret (object.Secure)."""
    if isinstance(node.value, dict):
        return any(is_secure(child) for child in node.value.values())
    if isinstance(node.value, list):
        return any(is_secure(child) for child in node.value)
    return node.secret


def plain(node: Node, *, reveal: bool) -> Any:
    """JSON-able data to show or compare: encrypted values as "[secret]"; known secrets too unless
    `reveal`."""
    if isinstance(node.value, dict):
        return {key: plain(child, reveal=reveal) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [plain(child, reveal=reveal) for child in node.value]
    if node.encrypted or (node.secret and not reveal):
        return SHOWN
    return node.value


def engine_data(node: Node) -> Any:
    """JSON-able data as the program gets it: known secrets revealed, encrypted values as their
    offline placeholders (which the validators let through, unlike any text a file could hold)."""
    if isinstance(node.value, dict):
        return {key: engine_data(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [engine_data(child) for child in node.value]
    return node.value


def _json_ready(value: Any) -> Any:
    """Whole floats as integers, as Go's encoding/json writes them (100.0 -> 100; 2.0**60, whose
    shortest digits are 1152921504606847, -> 1152921504606847000, not its exact 1152921504606846976)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _GO_EXPONENT_FROM:
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def engine_text(node: Node) -> str:
    """The string the program gets for a top-level key: text, JSON text of numbers and booleans,
    JSON of maps and lists; a secret's plaintext when known (the program marks it secret), an
    encrypted value's offline placeholder."""
    if node.is_container:
        return json.dumps(_json_ready(engine_data(node)))
    value = node.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return json.dumps(_json_ready(value))
    return str(value)


def leaves(node: Node, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    """Every scalar (and empty container) under `node`, with its path."""
    if isinstance(node.value, dict) and node.value:
        for key, child in node.value.items():
            yield from leaves(child, (*path, key))
    elif isinstance(node.value, list) and node.value:
        for index, child in enumerate(node.value):
            yield from leaves(child, (*path, index))
    else:
        yield path, node


def at_path(node: Node, path: tuple[str | int, ...]) -> Node | None:
    """The node at `path` below `node`, or None when a part of the path does not exist."""
    for part in path:
        in_map = isinstance(node.value, dict) and isinstance(part, str) and part in node.value
        in_list = isinstance(node.value, list) and isinstance(part, int) and 0 <= part < len(node.value)
        if not (in_map or in_list):
            return None
        node = node.value[part]
    return node


def as_secret(node: Node) -> Node:
    """`node` with every part marked secret (a provider credential, whatever layer gave it)."""
    if isinstance(node.value, dict):
        return Node({k: as_secret(v) for k, v in node.value.items()}, node.origin)
    if isinstance(node.value, list):
        return Node([as_secret(v) for v in node.value], node.origin)
    return replace(node, secret=True)


def secret_plaintexts(node: Node) -> set[str]:
    """Known secret strings in the value, for masking them wherever aoai prints text."""
    return {str(leaf.value) for _, leaf in leaves(node) if leaf.secret and not leaf.encrypted and leaf.value}
