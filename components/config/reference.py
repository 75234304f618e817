"""The configuration reference (docs/reference/configuration.md), generated from the models."""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .errors import NAMESPACE
from .models import StackConfig
from .reporting import _alias, nested_model


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _type_name(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        names = [_type_name(a) for a in get_args(annotation) if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is Literal:
        return " \\| ".join(str(v) for v in get_args(annotation))
    if origin is dict:
        return f"map of {_type_name(get_args(annotation)[1])}"
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return {str: "string", bool: "boolean", int: "integer"}.get(annotation, str(annotation))


def _default(field: Any) -> str:
    if field.default is PydanticUndefined and field.default_factory is None:
        return "required"
    value = field.default if field.default_factory is None else field.default_factory()
    if isinstance(value, BaseModel):
        return ""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    items = list(value.values()) if isinstance(value, dict) else value
    if isinstance(value, (dict, list)) and not all(isinstance(v, str) for v in items):
        return ""
    return f"`{value}`" if value != "" else '`""`'


def _rows(model: type[BaseModel], prefix: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{_alias(model, name)}"
        rows.append((path, _type_name(field.annotation), _default(field), field.description or ""))
        nested, suffix = nested_model(field.annotation)
        if nested is not None:
            rows.extend(_rows(nested, f"{path}{suffix}."))
    return rows


def markdown_reference() -> str:
    """A markdown table of every key of the contract: path, type, required, description."""
    lines = ["| key | type | default | description |", "|---|---|---|---|"]
    for path, kind, default, description in _rows(StackConfig, f"{NAMESPACE}:"):
        text = description.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        lines.append(f"| `{path}` | {kind} | {default} | {text} |")
    return "\n".join(lines) + "\n"
