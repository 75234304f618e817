"""What the first `pulumi up` after an import would change: live bodies against the plan.

`pulumi import` reads each resource through the azure-native provider and keeps, as the
resource's inputs, the parts of Azure's answer that are inputs of the resource type. The first
`pulumi up` then diffs the program's inputs against those, after applying the program's
ignoreChanges (Pulumi resets each ignored path of the new inputs to its old value, and removes it
when the old inputs do not have it). This module models that offline:

1. the live body is turned into the provider's input shape: azure-native takes the `properties`
   of a resource or sub-resource as top-level inputs wherever its input type has no `properties`
   field (x-ms-client-flatten), and takes maps of ids (user-assigned identities) as lists;
2. it is reduced to the input types of pulumi-azure-native 3.29.0 itself (the `...Args` classes
   of its Python SDK, the provider's schema): read-only and unknown properties fall away, and so
   do the ids of the resource and of its own sub-resources (an endpoint's connections), which
   name things rather than set them (the provider's own import leaves them out too,
   pulumi-azure-native#1845); ids of other resources (a subnet) stay;
3. the program's ignoreChanges are applied as Pulumi applies them;
4. what is left is compared with the registration's inputs, the properties that name the
   resource (matched by id already) left out. An empty list, an empty map, an empty string and an
   absent property count as the same.

This is a model of the provider, checked here against the fake of Resource Manager: after the
import, `pulumi preview` must show no change, and it is the final word.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..offline.resource_types import azure_type

_FORWARD = re.compile(r"ForwardRef\('(\w+Args)'\)")


@dataclass(frozen=True)
class Difference:
    """One input the first `pulumi up` would change (a path in the provider's input shape)."""

    path: str
    live: Any
    planned: Any

    def describe(self) -> str:
        if _empty(self.planned):
            return f"{self.path}: Azure has {_show(self.live)}, the stack has no key for it (yet)"
        if _empty(self.live):
            return f"{self.path}: the stack sets {_show(self.planned)}, Azure has none"
        return f"{self.path}: Azure has {_show(self.live)}, the stack sets {_show(self.planned)}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


# -- the provider's input schema ---------------------------------------------------------------

Schema = dict[str, Any]  # camelCase input -> the Args class of its value (or items), or None


@cache
def _fields(cls: type) -> Schema:
    """Inputs of an azure-native Args class: wire names and the Args type of each, if any."""
    module = importlib.import_module(cls.__module__)
    annotations = {
        name: str(parameter.annotation)
        for name, parameter in inspect.signature(cls.__init__).parameters.items()  # type: ignore[misc]
    }
    schema: Schema = {}
    for attribute, member in inspect.getmembers(cls):
        if not isinstance(member, property):
            continue
        wire = getattr(member.fget, "_pulumi_name", attribute)
        nested = _FORWARD.search(annotations.get(attribute, ""))
        schema[wire] = getattr(module, nested.group(1)) if nested else None
    return schema


@cache
def resource_schema(token: str) -> Schema:
    """Inputs of an azure-native resource type (azure-native:<module>:<Type>)."""
    _, module_name, type_name = token.split(":")
    module = importlib.import_module(f"pulumi_azure_native.{module_name}")
    return _fields(getattr(module, f"{type_name}Args"))


def input_shape(token: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """A live ARM body as the provider's inputs of that type (steps 1 and 2 above)."""
    own = str(body.get("id", "")).lower()
    shaped = _shape(body, resource_schema(token), own)
    return shaped if isinstance(shaped, dict) else {}


def _shape(value: Any, schema: Schema | None, own: str) -> Any:
    if schema is None:
        return value
    if isinstance(value, list):
        return [_shape(item, schema, own) for item in value]
    if not isinstance(value, Mapping):
        return value
    flat = dict(value)
    if own and str(flat.get("id", "")).lower().startswith(own):
        del flat["id"]  # the resource's own id, or a sub-resource's
    if "properties" in flat and "properties" not in schema and isinstance(flat["properties"], Mapping):
        flat = {**{k: v for k, v in flat.items() if k != "properties"}, **flat["properties"]}
    shaped: dict[str, Any] = {}
    for key, item in flat.items():
        if key not in schema:
            continue
        nested = schema[key]
        if isinstance(item, Mapping) and nested is None and key == "userAssignedIdentities":
            item = sorted(item)  # ARM's {id: {...}} is a list of ids among the inputs
        shaped[key] = _shape(item, _fields(nested) if nested is not None else None, own)
    return shaped


# -- Pulumi's ignoreChanges, and the comparison --------------------------------------------------


def _steps(path: str) -> list[str]:
    return [s for s in re.split(r"\.|\[(\*|\d+)\]", path) if s]


def _reset(old: Any, new: Any, steps: list[str]) -> Any:
    """`new` with the value at `steps` reset to `old`'s, or removed where `old` has none."""
    if not steps:
        return old
    head, rest = steps[0], steps[1:]
    if isinstance(new, list):
        indexes = range(len(new)) if head == "*" else [int(head)] if head.isdigit() else []
        items = list(new)
        for index in indexes:
            if index < len(items):
                before = old[index] if isinstance(old, list) and index < len(old) else _MISSING
                items[index] = _reset(before, items[index], rest)
        return [item for item in items if item is not _MISSING]
    if not isinstance(new, dict):
        return new
    values = dict(new)
    before = old.get(head, _MISSING) if isinstance(old, dict) else _MISSING
    if head in values or before is not _MISSING:
        after = _reset(before, values.get(head, _MISSING), rest) if rest else before
        if after is _MISSING:
            values.pop(head, None)
        else:
            values[head] = after
    return values


_MISSING: Any = object()


def differences(
    token: str, live: Mapping[str, Any], planned: Mapping[str, Any], ignored: tuple[str, ...] = ()
) -> list[Difference]:
    """Every input whose imported and planned values differ (steps 1 to 4 above)."""
    known = azure_type(token)
    # Inputs that name the resource (matched by id already): its path's names, and the `name` some
    # types also carry in their body (a DNS zone group's).
    naming = set(known.name_inputs if known else ()) | {"resourceGroupName", "name"}
    if known and known.scope_input:
        naming.add(known.scope_input)
    old = {k: v for k, v in input_shape(token, live).items() if k not in naming}
    new: Any = {k: v for k, v in planned.items() if k not in naming}
    for path in ignored:
        new = _reset(old, new, _steps(path))
    found: list[Difference] = []
    _compare(_empty_is_absent(old), _empty_is_absent(new), "", found)
    return found


def _empty_is_absent(value: Any) -> Any:
    if isinstance(value, dict):
        cleaned = {k: _empty_is_absent(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not _empty(v)}
    if isinstance(value, list):
        return [_empty_is_absent(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value is _MISSING or value == "" or value == [] or value == {}


def _compare(have: Any, want: Any, path: str, found: list[Difference]) -> None:
    if isinstance(have, dict) and isinstance(want, dict):
        for key in sorted(set(have) | set(want)):
            _compare(have.get(key), want.get(key), f"{path}.{key}" if path else key, found)
        return
    if isinstance(have, list) and isinstance(want, list) and len(have) == len(want):
        for index, (a, b) in enumerate(zip(have, want, strict=True)):
            _compare(a, b, f"{path}[{index}]", found)
        return
    if have != want:
        found.append(Difference(path, have, want))
