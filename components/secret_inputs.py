"""Secret config values reach resources only as secret inputs, as with Pulumi's own Config.

The engine tells a program which top-level config keys hold a secret (Pulumi marks the whole key
when any value under it is secure). Every value under such a key that may be secret (the fields
marked secretAllowed: ids, IP rules, principal ids, key names, tag values, ...) must then reach
resources as `pulumi.Output.secret`, so that it is encrypted in the state and hidden in previews.

The components take the validated config models, whose values are plain strings. Rather than
threading secrecy through every component, `OpenAIEnvironment` installs `secret_inputs(values)`
as a transformation on itself: Pulumi applies a component's transformations to all of its
descendants before they register, and this one replaces every input equal to a secret value with
that value as a secret Output. Values are matched whole (the components pass these values on as
they are), so no input ever carries one in plain text.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pulumi

from .config import StackConfig
from .config.reporting import Loc
from .config.secrets import secret_allowed

# What @pulumi.input_type sets on the classes it decorates (pulumi/_types.py).
INPUT_TYPE_MARK = "_pulumi_input_type"


def secret_values(config: StackConfig, secret_keys: Collection[str]) -> frozenset[str]:
    """The values that must not reach a resource in plain text: under every secret top-level key,
    each value at a key path where secrets are allowed."""
    data = config.model_dump(by_alias=True, exclude_defaults=False)
    found: set[str] = set()
    for key in secret_keys:
        for loc, value in _leaves(data.get(key), (key,)):
            if isinstance(value, str) and value and secret_allowed(StackConfig, loc):
                found.add(value)
    return frozenset(found)


def _leaves(value: Any, loc: Loc) -> list[tuple[Loc, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*loc, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*loc, i))]
    return [(loc, value)]


def secret_inputs(values: Collection[str]) -> pulumi.ResourceTransformation:
    """A transformation marking every resource input equal to one of `values` as secret."""
    wanted = frozenset(values)

    def transform(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult:
        _mark(args.props, wanted)
        return pulumi.ResourceTransformationResult(args.props, args.opts)

    return transform


def _mark(node: Any, wanted: frozenset[str]) -> Any:
    """`node` with secret values wrapped; containers (dicts, lists, input types) changed in place."""
    if isinstance(node, str):
        return pulumi.Output.secret(node) if node in wanted else node
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = _mark(value, wanted)
    elif isinstance(node, list):
        node[:] = [_mark(value, wanted) for value in node]
    elif hasattr(type(node), INPUT_TYPE_MARK):
        _mark(vars(node), wanted)  # an @input_type's values live in its __dict__
    return node
