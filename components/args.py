"""Typed Args for the components, and the checks applied to their plain values.

Every component takes a dataclass of Args. Ids, names and anything that could be a secret accept
`pulumi.Input[str]`: a plain string, or an Output of a resource the program creates (a subnet's
`id`, a workspace's `id`, an identity's `principal_id`). Values that decide which resources exist
(map keys, switches, SKUs, counts) are plain Python values, because a program cannot branch on an
Output and must never create resources inside `apply`.

`check_args` applies the stack contract's rules to the plain values, before anything registers:
the same annotated types and field constraints (config/types.py, config/models.py), found by
field name on the contract model each Args class mirrors (`_contract`) or named with `rule(...)`,
and the same cross-field rules (config/rules.py). Outputs pass through unchecked: their values
exist only once the resources they come from do, and Azure checks them then.

The modules that define Args do not use `from __future__ import annotations`: the annotations
must be real types at runtime, for these checks and for Pulumi's schema inference (package.py).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar, TypeVar, Union, get_args, get_origin

import pulumi
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .config.reporting import got, literal_message
from .config.rules import Key, Path, Violation

_RULE = "azure_openai_toolkit.rule"
_MAPPINGS = (dict, Mapping)
_SEQUENCES = (list, tuple, Sequence)

A = TypeVar("A", bound="ArgsBase")


def rule(annotation: Any) -> dict[str, Any]:
    """Field metadata: plain values of this field must be valid `annotation` (a contract type)."""
    return {_RULE: annotation}


class ArgsBase:
    """Base of every Args dataclass: the contract model it mirrors and its cross-field rules."""

    # The stack-contract model whose same-named fields give the rules and defaults of this class.
    _contract: ClassVar[type[BaseModel] | None] = None

    def _violations(self) -> list[Violation]:
        """Cross-field rules on this object's plain values; paths relative to it. Override."""
        return []

    def resolved(self, name: str) -> Any:
        """The field's value, or the contract's default when it was left None."""
        value = getattr(self, name)
        if value is not None or self._contract is None or name not in self._contract.model_fields:
            return value
        return self._contract.model_fields[name].get_default(call_default_factory=True)


@dataclass(frozen=True)
class ArgsProblem:
    """One plain value that breaks a rule: where (`OpenAIAccountArgs.location`) and what to do."""

    path: str
    message: str
    # True for a cross-field rule; those run only where every value is well-formed.
    cross_field: bool = False
    # The path as parts below the Args object: field names, map keys (Key), list indexes.
    parts: Path = ()


class InvalidArgsError(pulumi.RunError, ValueError):
    """Plain values in a component's Args break the contract's rules. Nothing was registered.

    A RunError, so `pulumi up` prints the problems without a Python traceback.
    """

    def __init__(self, problems: list[ArgsProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{p.path}: {p.message}" for p in problems))


def check_args(args: ArgsBase, more: Callable[[], list[Violation]] | None = None) -> None:
    """Raise InvalidArgsError listing every plain value of `args` that breaks a rule.

    `more`: rules that need what the Args do not hold (the catalog a component checks against),
    run like the cross-field rules, once every value on its own is well-formed."""
    path = (type(args).__name__,)
    problems = list(_object_problems(args, path))
    if more is not None and all(problem.cross_field for problem in problems):
        problems += [_problem((*path, *sub), message, cross_field=True) for sub, message in more()]
    if problems:
        raise InvalidArgsError(problems)


def is_unknown(value: object) -> bool:
    """True for values only known once resources exist: Outputs and other awaitables."""
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)


def known_str(value: object) -> str | None:
    """A plain string as is; None for an Output (or a wrong type, which the field checks report)."""
    return value if isinstance(value, str) else None


def lift(function: Callable[[str], str], value: pulumi.Input[str]) -> pulumi.Input[str]:
    """`function(value)`: applied now to a plain string, or inside the Output once it resolves."""
    if isinstance(value, str):
        return function(value)
    return pulumi.Output.from_input(value).apply(function)  # type: ignore[arg-type]


def build(cls: type[A], data: Mapping[str, Any]) -> A:
    """An Args object from a mapping of field names, nested mappings becoming nested Args.

    The stack-file door builds Args from the validated config (`model_dump`), the component
    package from the inputs another language sent. Unknown names are a programming error.
    """
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(unknown)}")
    values = {name: _convert(names[name].type, value) for name, value in data.items() if value is not None}
    return cls(**values)


def _problem(path: Path, message: str, *, cross_field: bool = False) -> ArgsProblem:
    return ArgsProblem(render(path), message, cross_field, path[1:])


def render(path: Path) -> str:
    """('OpenAIAccountArgs', 'private_endpoints', Key('apps'), 'subnet_id') -> dotted/indexed."""
    text = ""
    for part in path:
        if isinstance(part, Key):
            text += f"[{str(part)!r}]"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _convert(hint: Any, value: Any) -> Any:
    if is_unknown(value):
        return value
    target = _base(hint)
    origin = get_origin(target)
    if _is_args_class(target) and isinstance(value, Mapping):
        return build(target, value)
    if origin in _MAPPINGS and isinstance(value, Mapping):
        item = get_args(target)[1]
        return {key: _convert(item, v) for key, v in value.items()}
    if origin in _SEQUENCES and isinstance(value, (list, tuple)):
        item = get_args(target)[0]
        return [_convert(item, v) for v in value]
    # Integers cross the provider protocol as floats (and pulumi 3.272's component provider
    # leaves them so); an integral float for an int field is the integer that was sent.
    if target is int and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _object_problems(obj: ArgsBase, path: Path) -> Iterator[ArgsProblem]:
    found: list[ArgsProblem] = []
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, field.name)
        found += _value_problems(value, field.type, _rule_of(type(obj), field), (*path, field.name))
    yield from found
    # Like the contract's model validators: cross-field rules only see well-formed values.
    if all(problem.cross_field for problem in found):
        for sub, message in obj._violations():
            yield _problem((*path, *sub), message, cross_field=True)


def _value_problems(value: Any, hint: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    if value is None:
        if not _optional(hint):
            yield _problem(path, "required (got None)")
        return
    if is_unknown(value):
        if not _accepts_input(hint):
            yield _problem(
                path,
                "must be a plain value, not an Output: it decides which resources are created, "
                "and a program cannot branch on a value that is not known yet",
            )
        return
    target = _base(hint)
    if _is_args_class(target):
        if isinstance(value, target):
            yield from _object_problems(value, path)
        else:
            yield _problem(path, f"must be {target.__name__}(...) ({got(value)})")
        return
    origin = get_origin(target)
    if origin in _MAPPINGS:
        yield from _mapping_problems(value, target, annotation, path)
    elif origin in _SEQUENCES and not isinstance(value, str):
        yield from _sequence_problems(value, target, annotation, path)
    elif annotation is not None:
        yield from _validate(value, annotation, path)


def _mapping_problems(value: Any, target: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    if not isinstance(value, Mapping):
        yield _problem(path, f"must be a mapping of keys to values ({got(value)})")
        return
    if annotation is not None and _all_plain_scalars(value.values()):
        yield from _validate(dict(value), annotation, path)
        return
    key_rule, item_rule = _parts(annotation, 2)
    item_hint = get_args(target)[1]
    for key, item in value.items():
        if key_rule is not None:
            for found in _validate(key, key_rule, path):
                yield _problem((*path, Key(key)), f"key {key!r}: {found.message}")
        yield from _value_problems(item, item_hint, item_rule, (*path, Key(key)))


def _sequence_problems(value: Any, target: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    if not isinstance(value, (list, tuple)):
        yield _problem(path, f"must be a list ({got(value)})")
        return
    if annotation is not None and _all_plain_scalars(value):
        yield from _validate(list(value), annotation, path)
        return
    (item_rule,) = _parts(annotation, 1)
    item_hint = get_args(target)[0]
    for index, item in enumerate(value):
        yield from _value_problems(item, item_hint, item_rule, (*path, index))


def _validate(value: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    try:
        _adapter(annotation).validate_python(value)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = [part for part in item["loc"] if part != "[key]"]
            where = (*path, *(part if isinstance(part, int) else Key(str(part)) for part in loc))
            message = _message(item)
            if "[key]" in item["loc"]:
                message = f"key {loc[-1]!r}: {message}"
            yield _problem(where, message)


def _message(item: Any) -> str:
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    if kind == "literal_error":
        return literal_message(ctx.get("expected", ""), value)
    if kind == "greater_than" and ctx.get("gt") == 0:
        return f"must be a positive integer (got {value!r})"
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    expected = {"int_type": "a whole number", "string_type": "a string", "bool_type": "True or False"}
    if kind in expected:
        return f"must be {expected[kind]} ({got(value)})"
    return f"{item['msg']} ({got(value)})"


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation, config=ConfigDict(strict=True))


def _rule_of(cls: type[ArgsBase], field: dataclasses.Field[Any]) -> Any:
    if _RULE in field.metadata:
        return field.metadata[_RULE]
    contract = cls._contract
    if contract is None or field.name not in contract.model_fields:
        return None
    info = contract.model_fields[field.name]
    return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation


def _parts(annotation: Any, count: int) -> tuple[Any, ...]:
    """Key and item rules of a dict[...] rule, or the item rule of a list[...] rule."""
    inner = _strip(annotation)
    args = get_args(inner) if get_origin(inner) in (dict, list) else ()
    return tuple(args) if len(args) == count else (None,) * count


def _strip(annotation: Any) -> Any:
    """Annotated[X, ...] -> X and X | None -> X, to reach the container type of a rule."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif _is_union(annotation):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _base(hint: Any) -> Any:
    """The plain type behind a field hint: without None, Awaitable and Output (pulumi.Input)."""
    if not _is_union(hint):
        return hint
    rest = [
        a
        for a in get_args(hint)
        if a is not type(None) and get_origin(a) is not Awaitable and not _is_output_ref(a)
    ]
    return rest[0] if len(rest) == 1 else hint


def _accepts_input(hint: Any) -> bool:
    return _is_union(hint) and any(_is_output_ref(a) for a in get_args(hint))


def _optional(hint: Any) -> bool:
    return _is_union(hint) and type(None) in get_args(hint)


def _is_union(hint: Any) -> bool:
    import types

    return get_origin(hint) in (Union, types.UnionType)


def _is_output_ref(arg: Any) -> bool:
    # pulumi.Input[T] is Union[T, Awaitable[T], ForwardRef("Output[T]")].
    return get_origin(arg) is pulumi.Output or getattr(arg, "__forward_arg__", "").startswith("Output[")


def _is_args_class(target: Any) -> bool:
    return isinstance(target, type) and dataclasses.is_dataclass(target) and issubclass(target, ArgsBase)


def _all_plain_scalars(values: Any) -> bool:
    return all(not is_unknown(v) and not isinstance(v, (ArgsBase, Mapping, list, tuple)) for v in values)
