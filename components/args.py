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
from typing import Annotated, Any, ClassVar, ForwardRef, TypeVar, Union, get_args, get_origin

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


_PLAIN = frozenset({str, int, float, bool, type(None), dict, list, tuple})


def is_unknown(value: object) -> bool:
    """True for values only known once resources exist: Outputs and other awaitables."""
    if type(value) in _PLAIN:  # most values: no need to ask inspect whether they can be awaited
        return False
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
    hints = _field_hints(cls)
    unknown = sorted(set(data) - set(hints))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(unknown)}")
    values = {name: _convert(hints[name], value) for name, value in data.items() if value is not None}
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
    # An Output or awaitable is neither a mapping, a list nor a float: it is kept as it is.
    shape = _shape(hint)
    target = shape.target
    if shape.args_class and isinstance(value, Mapping):
        return build(target, value)
    if shape.mapping and isinstance(value, Mapping):
        return {key: _convert(shape.item, v) for key, v in value.items()}
    if shape.sequence and isinstance(value, (list, tuple)):
        return [_convert(shape.item, v) for v in value]
    # Integers cross the provider protocol as floats (and pulumi 3.272's component provider
    # leaves them so); an integral float for an int field is the integer that was sent.
    if target is int and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _object_problems(obj: ArgsBase, path: Path) -> Iterator[ArgsProblem]:
    found: list[ArgsProblem] = []
    for name, hint, annotation in _field_rules(type(obj)):
        found += _value_problems(getattr(obj, name), hint, annotation, (*path, name))
    yield from found
    # Like the contract's model validators: cross-field rules only see well-formed values.
    if all(problem.cross_field for problem in found):
        for sub, message in obj._violations():
            yield _problem((*path, *sub), message, cross_field=True)


def _value_problems(value: Any, hint: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    shape = _shape(hint)
    if value is None:
        if not shape.optional:
            yield _problem(path, "required (got None)")
        return
    if is_unknown(value):
        if not shape.accepts_input:
            yield _problem(
                path,
                "must be a plain value, not an Output: it decides which resources are created, "
                "and a program cannot branch on a value that is not known yet",
            )
        return
    target = shape.target
    if shape.args_class:
        if isinstance(value, target):
            yield from _object_problems(value, path)
        else:
            yield _problem(path, f"must be {target.__name__}(...) ({got(value)})")
        return
    if shape.mapping:
        yield from _mapping_problems(value, shape.item, annotation, path)
    elif shape.sequence:
        yield from _sequence_problems(value, shape.item, annotation, path)
    elif annotation is not None:
        yield from _validate(value, annotation, path)


def _mapping_problems(value: Any, item_hint: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    if not isinstance(value, Mapping):
        yield _problem(path, f"must be a mapping of keys to values ({got(value)})")
        return
    if annotation is not None and _all_plain_scalars(value.values()):
        yield from _validate(dict(value), annotation, path)
        return
    key_rule, item_rule = _parts(annotation, 2)
    for key, item in value.items():
        if key_rule is not None:
            for found in _validate(key, key_rule, path):
                yield _problem((*path, Key(key)), f"key {key!r}: {found.message}")
        yield from _value_problems(item, item_hint, item_rule, (*path, Key(key)))


def _sequence_problems(value: Any, item_hint: Any, annotation: Any, path: Path) -> Iterator[ArgsProblem]:
    # A str is a Sequence too, but never the list of names or ids a field asks for.
    if not isinstance(value, (list, tuple)):
        yield _problem(path, f"must be a list ({got(value)})")
        return
    if annotation is not None and _all_plain_scalars(value):
        yield from _validate(list(value), annotation, path)
        return
    (item_rule,) = _parts(annotation, 1)
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
        return literal_message(ctx["expected"], value)
    if kind == "greater_than" and ctx.get("gt") == 0:
        return f"must be a positive integer (got {value!r})"
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    expected = {"int_type": "a whole number", "string_type": "a string", "bool_type": "True or False"}
    if kind in expected:
        return f"must be {expected[kind]} ({got(value)})"
    return f"{item['msg']} ({got(value)})"


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return _memo(_ADAPTERS, annotation, lambda: TypeAdapter(annotation, config=ConfigDict(strict=True)))


def _rule_of(cls: type[ArgsBase], field: dataclasses.Field[Any]) -> Any:
    if _RULE in field.metadata:
        return field.metadata[_RULE]
    contract = cls._contract
    if contract is None or field.name not in contract.model_fields:
        return None
    info = contract.model_fields[field.name]
    return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation


# What a type hint or rule means is worked out once per hint, not once per value: checking the
# Args of a 360-deployment stack asked typing the same questions about the same hints thousands
# of times. Hints and rules are kept by identity (hashing a typing construct is itself Python
# work, and pydantic metadata need not be hashable); each memo holds its key, so an id is never
# reused while it is in the memo, and hints and rules live as long as their classes anyway.
_ADAPTERS: dict[int, tuple[Any, Any]] = {}
_SHAPES: dict[int, tuple[Any, Any]] = {}
_PARTS: dict[tuple[int, int], tuple[Any, Any]] = {}
R = TypeVar("R")


def _memo(memo: dict[Any, tuple[Any, Any]], key: Any, make: Callable[[], R], count: int | None = None) -> R:
    slot = id(key) if count is None else (id(key), count)
    found = memo.get(slot)
    if found is None or found[0] is not key:
        found = memo[slot] = (key, make())
    result: R = found[1]
    return result


@dataclass(frozen=True)
class _Shape:
    """What a field hint means to the checks."""

    target: Any  # the plain type behind it (without None, Awaitable and Output)
    optional: bool  # None is allowed
    accepts_input: bool  # an Output is allowed
    args_class: bool  # target is an Args class (checked field by field)
    mapping: bool  # target is a mapping of item
    sequence: bool  # target is a sequence of item
    item: Any  # the item hint of a mapping or sequence, else None


def _shape(hint: Any) -> _Shape:
    return _memo(_SHAPES, hint, lambda: _shape_of(hint))


def _shape_of(hint: Any) -> _Shape:
    target = _base(hint)
    origin = get_origin(target)
    mapping, sequence = origin in _MAPPINGS, origin in _SEQUENCES
    items = get_args(target)  # (key, value) of a mapping, (item,) of a sequence
    return _Shape(
        target=target,
        optional=_optional(hint),
        accepts_input=_accepts_input(hint),
        args_class=_is_args_class(target),
        mapping=mapping,
        sequence=sequence,
        item=items[1] if mapping else items[0] if sequence else None,
    )


_FIELD_RULES: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _field_rules(cls: type[ArgsBase]) -> tuple[tuple[str, Any, Any], ...]:
    """Per field of an Args class: its name, type hint and rule."""
    rules = _FIELD_RULES.get(cls)
    if rules is None:
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        rules = _FIELD_RULES[cls] = tuple((f.name, f.type, _rule_of(cls, f)) for f in fields)
    return rules


def _field_hints(cls: type[ArgsBase]) -> dict[str, Any]:
    return {name: hint for name, hint, _ in _field_rules(cls)}


def _parts(annotation: Any, count: int) -> tuple[Any, ...]:
    """Key and item rules of a dict[...] rule, or the item rule of a list[...] rule."""
    return _memo(_PARTS, annotation, lambda: _parts_of(annotation, count), count)


def _parts_of(annotation: Any, count: int) -> tuple[Any, ...]:
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
    if len(rest) != 1:
        raise TypeError(f"the checks know Args fields of one plain type, maybe None or an Input: not {hint}")
    return rest[0]


def _accepts_input(hint: Any) -> bool:
    return _is_union(hint) and any(_is_output_ref(a) for a in get_args(hint))


def _optional(hint: Any) -> bool:
    return _is_union(hint) and type(None) in get_args(hint)


def _is_union(hint: Any) -> bool:
    import types

    return get_origin(hint) in (Union, types.UnionType)


def _is_output_ref(arg: Any) -> bool:
    # pulumi.Input[T] is Union[T, Awaitable[T], ForwardRef("Output[T]")].
    return isinstance(arg, ForwardRef) and arg.__forward_arg__.startswith("Output[")


def _is_args_class(target: Any) -> bool:
    return isinstance(target, type) and issubclass(target, ArgsBase)


def _all_plain_scalars(values: Any) -> bool:
    return all(not is_unknown(v) and not isinstance(v, (ArgsBase, Mapping, list, tuple)) for v in values)
