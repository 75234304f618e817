"""Turn pydantic's validation errors into Problems a platform engineer can act on."""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .errors import Problem, RuleViolations
from .placeholders import is_placeholder

Loc = tuple[str | int, ...]


def render_path(loc: Loc) -> str:
    """('accounts', 'primary', 'ipRules', 0) -> 'accounts.primary.ipRules[0]'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def problems_from(
    error: ValidationError, root: type[BaseModel], scalar_text: Mapping[Loc, str] | None = None
) -> list[Problem]:
    """One Problem per error; `scalar_text` (key path -> how a number or boolean was written in
    the file) makes hints quote what the user wrote (`"0125"`, not `"125"`)."""
    problems: list[Problem] = []
    written = scalar_text or {}
    for item in _one_per_union(error.errors(include_url=False)):
        loc: Loc = tuple(item["loc"])
        violations = (item.get("ctx") or {}).get("error")
        if isinstance(violations, RuleViolations):
            problems.extend(
                Problem(render_path(loc + sub), message, loc + sub) for sub, message in violations.violations
            )
            continue
        if loc and loc[-1] == "[key]":
            key = loc[-2]
            problems.append(
                Problem(render_path(loc[:-1]), f"key {key!r}: {_message(item, root, loc)}", loc[:-1])
            )
            continue
        where = _clean(loc)
        problems.append(Problem(render_path(where), _message(item, root, loc, written.get(where)), where))
    return problems


def _one_per_union(items: list[Any]) -> list[Any]:
    """A value a union refuses gets one error per member (`Region | Literal["auto"]`: the region
    rule and "must be one of auto"). Keep the one the user meant: the literal when the value is
    close to one of its options ('Auto'), else the other members' rules ('West Europe')."""
    literals: dict[Loc, Any] = {}
    others: set[Loc] = set()
    for item in items:
        loc = tuple(item["loc"])
        if _clean(loc) == loc:
            continue
        if item["type"] == "literal_error":
            literals[_clean(loc)] = item
        else:
            others.add(_clean(loc))
    meant = {where: _close_to_an_option(item) for where, item in literals.items() if where in others}
    kept = []
    for item in items:
        where = _clean(tuple(item["loc"]))
        if where in meant and meant[where] != (item["type"] == "literal_error"):
            continue
        kept.append(item)
    return kept


def _close_to_an_option(literal_error: Any) -> bool:
    return "did you mean" in literal_message(literal_error["ctx"]["expected"], literal_error.get("input"))


def _clean(loc: Loc) -> Loc:
    """A location without pydantic's union member names (`function-after[...]`, `literal[...]`)."""
    return tuple(p for p in loc if isinstance(p, int) or not _MEMBER.match(p))


def quoted(value: Any, limit: int = 80) -> str:
    """repr() of a value for a message: secrets hidden, long values cut."""
    if is_placeholder(value):
        return "a secret value"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def got(value: Any) -> str:
    if value is None:  # a key left empty in YAML (`version:`), or written as null or ~
        return "got no value (null)"
    kind = {bool: "boolean", int: "number", float: "number", dict: "mapping", list: "list"}
    name = kind.get(type(value), type(value).__name__)
    return f"got {name} {quoted(value)}" if not isinstance(value, (dict, list)) else f"got a {name}"


def _message(item: Any, root: type[BaseModel], loc: Loc, written: str | None = None) -> str:
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(root, loc)
    if kind == "missing":
        description = _field_description(root, loc)
        return "required" + (f": {description}" if description else "")
    if kind == "string_type":
        if isinstance(value, (dict, list)) or value is None:  # nothing to quote
            return f"must be a string ({got(value)})"
        text = written if written is not None else str(value)
        shown = text if len(text) <= 60 else f"{text[:60]}…"
        return f'must be a string ({got(value)}); quote it in YAML, e.g. "{shown}"'
    if kind == "int_type":  # strict models: a float is an int_type error too, never int_from_float
        return f"must be a whole number ({got(value)})"
    if kind == "bool_type":
        return f"must be true or false ({got(value)})"
    if kind == "greater_than" and ctx.get("gt") == 0:
        return f"must be a positive integer (got {quoted(value)})"
    if kind == "less_than_equal":
        return (
            f"must be at most {ctx.get('le'):,} (got {quoted(value)}); Azure takes a 32-bit "
            "integer here"
        )
    if kind == "literal_error":
        return literal_message(ctx["expected"], value)
    if kind in ("dict_type", "model_type"):
        return f"must be a mapping of keys to values ({got(value)})"
    if kind == "list_type":
        return f"must be a list ({got(value)})"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    return f"{item['msg']} ({got(value)})"


_MEMBER = re.compile(r"^(function-(after|before|wrap|plain)\[.*\]|literal\[.*\]|str|int|bool|float|none|"
                     r"is-instance\[.*\]|tagged-union\[.*\]|union\[.*\])$")


def literal_message(expected: str, value: Any) -> str:
    options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
    text = f"must be one of {', '.join(options)} ({got(value)})"
    if isinstance(value, str):
        same = [o for o in options if o.lower() == value.lower()]
        close = same or difflib.get_close_matches(value, options, n=1)
        if close:
            text += f"; did you mean {close[0]!r}?"
    return text


def _unknown_key(root: type[BaseModel], loc: Loc) -> str:
    key = str(loc[-1])
    model = _model_at(root, loc[:-1])
    if model is None:
        return f"unknown key {key!r}"
    allowed = [_alias(model, name) for name in model.model_fields]
    text = f"unknown key {key!r}"
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        text += f"; did you mean {close[0]!r}?"
    return text + f" (allowed here: {', '.join(allowed)})"


def _field_description(root: type[BaseModel], loc: Loc) -> str | None:
    model = _model_at(root, loc[:-1])
    if model is None:
        return None
    for name, field in model.model_fields.items():
        if _alias(model, name) == loc[-1]:
            return field.description
    return None


def _alias(model: type[BaseModel], name: str) -> str:
    """The key a field is written as: pydantic sets each field's alias from the model's
    alias_generator (camelCase in the config models) or Field(alias=...); without one, its name."""
    return model.model_fields[name].alias or name


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that holds the value."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None) and get_origin(a) is not Literal]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the value at `loc` (aliases, map keys and list indexes)."""
    current: Any = root
    parts = list(loc)
    while parts:
        current = _unwrap(current)
        origin = get_origin(current)
        part = parts.pop(0)
        if origin in (dict, list):
            current = get_args(current)[-1]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            match = [n for n in current.model_fields if _alias(current, n) == part]
            if not match:
                return None
            current = current.model_fields[match[0]].annotation
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def nested_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The model inside an annotation and the path suffix that reaches it (`.<key>`, `[]`)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return nested_model(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            model, suffix = nested_model(arg)
            if model:
                return model, suffix
    if origin is dict:
        model, suffix = nested_model(get_args(annotation)[1])
        return model, ".<key>" + suffix
    if origin is list:
        model, suffix = nested_model(get_args(annotation)[0])
        return model, "[]" + suffix
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, ""
    return None, ""


def field_at(root: type[BaseModel], loc: Loc) -> tuple[FieldInfo, bool] | None:
    """The last model field `loc` passes through, and whether `loc` ends at a scalar of it.

    `('tags', 'costCenter')` -> (the tags field, True); `('accounts', 'primary')` -> (the
    accounts field, False: an account is a mapping); an unknown key -> None.
    """
    current: Any = root
    found: FieldInfo | None = None
    for part in loc:
        current = _unwrap(current)
        if get_origin(current) in (dict, list):
            current = get_args(current)[-1]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        match = [n for n in current.model_fields if _alias(current, n) == part]
        if not match:
            return None
        found = current.model_fields[match[0]]
        current = found.annotation
    if found is None:
        return None
    leaf = _unwrap(current)
    nested = get_origin(leaf) in (dict, list) or (isinstance(leaf, type) and issubclass(leaf, BaseModel))
    return found, not nested


def field_kind(annotation: Any) -> str:
    """'json' for mappings/lists/models, 'bool' for booleans, else 'str': how Pulumi hands it over."""
    annotation = _unwrap(annotation)
    if annotation is bool:
        return "bool"
    if get_origin(annotation) in (dict, list):
        return "json"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "json"
    return "str"
