"""A new stack file holds only what differs: values the shared layers already give are left out.

A platform team keeps what every environment shares in Pulumi.yaml's project config or in an
ESC environment; a per-environment stack file should say only what is different about it. When
`aoai new-env` copies a stack, each top-level key of the copy whose removal leaves the stack's
merged config exactly as it was (every key, every part, as `pulumi up` would merge it) is removed,
one at a time, so the new file inherits those values instead of repeating them.

Nothing is removed when the stack imports an ESC environment whose values aoai does not have:
the environment could override a project default that the stack file's value now pins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from azure_openai_toolkit.config import NAMESPACE, ConfigError
from azure_openai_toolkit.config.environments import OpenedEnvironment
from azure_openai_toolkit.config.keys import BadKey, parse_key
from azure_openai_toolkit.config.values import plain

from .layers import stack_layers
from .stack_copy import DerivedStack
from .stack_edit import StackDocument
from .stacks import StackRef

# Every stack says which environment it is, even when it matches a project default.
ALWAYS_KEPT = (f"{NAMESPACE}:environment",)


def _effective(stack: StackRef, text: str) -> tuple[Any, bool]:
    """(the merged config of `text` as plain data, whether an environment left it partly unknown)."""
    try:
        layers = stack_layers(stack, text)
    except ConfigError:
        return None, True
    merged = {f"{ns}:{name}": plain(node, reveal=True) for (ns, name), node in layers.values.items()}
    problems = sorted(p.render() for p in layers.problems)
    return (merged, problems), bool(layers.unopened or layers.unevaluated)


def drop_inherited(
    derived: DerivedStack, target: StackRef, environments: Sequence[OpenedEnvironment]
) -> None:
    """Remove from `derived.text` the keys the shared layers give the same value (reported)."""
    candidate = StackRef(target.name, target.path, tuple(environments))  # checked as text, not written
    full, unknown = _effective(candidate, derived.text)
    if unknown:
        derived.notes.append(
            "values equal to the project's were kept: the stack imports an ESC environment aoai "
            "has no values for, which could override them (pass --env-values to leave them out)"
        )
        return
    shared = _shared_keys(candidate)
    current = StackDocument(derived.text)
    for key in list(current.config):
        if str(key) in ALWAYS_KEPT or not _may_be_shared(str(key), shared):
            continue
        trial = current.copy()
        del trial.config[key]
        text = trial.text()
        if _effective(candidate, text)[0] == full:
            current = trial
            derived.text = text
            derived.changes.append(
                f"{key}: left out, the project config or ESC environment gives the same value"
            )


def _shared_keys(stack: StackRef) -> set[str] | None:
    """The keys the shared layers give on their own (None: not known). Only those can be left out:
    without the stack file's value, any other key would be missing from the merged config."""
    merged = _effective(stack, "config: {}\n")[0]
    return None if merged is None else set(merged[0])


def _may_be_shared(key: str, shared: set[str] | None) -> bool:
    try:
        namespace, name = parse_key(key)
    except BadKey:
        return True  # tried the slow way, like any key whose layers are not known
    return shared is None or f"{namespace}:{name}" in shared
