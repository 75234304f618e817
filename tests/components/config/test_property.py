"""Property: malformed configs always give a config error, never a traceback or a resource."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aoai.offline.runner import ProgramFailed, run_program
from azure_openai_toolkit.config import ConfigError, StackConfig, parse_raw, read_stack_file
from tests.conftest import FIXTURE_STACKS, FIXTURES, base_config, engine_raw

SHIPPED = [read_stack_file(p)[0] for p in sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated_configs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid config with a few random edits: values replaced, keys removed or invented."""
    import json

    start = draw(
        st.sampled_from(
            [
                base_config(),
                *({k: json.loads(v) if v[:1] in "{[" else v for k, v in raw.items()} for raw in SHIPPED),
            ]
        )
    )
    data: dict[str, Any] = copy.deepcopy(start)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "invent"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    return data


raw_garbage = st.dictionaries(
    st.sampled_from(
        ["namePrefix", "environment", "protect", "location", "tags", "resourceGroup", "accounts", "x"]
    ),
    st.text(max_size=30),
    max_size=7,
)


def _parse_or_config_error(raw: dict[str, str]) -> StackConfig | None:
    try:
        return parse_raw(raw, "property")
    except ConfigError as error:
        assert error.problems, "a ConfigError always names at least one problem"
        for problem in error.problems:
            assert problem.message and isinstance(problem.path, str)
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_configs())
def test_mutated_configs_validate_or_fail_with_a_config_error(data: dict[str, Any]) -> None:
    _parse_or_config_error(engine_raw(data))


@settings(max_examples=200, deadline=None)
@given(raw_garbage)
def test_raw_engine_strings_validate_or_fail_with_a_config_error(raw: dict[str, str]) -> None:
    _parse_or_config_error(raw)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_configs())
def test_the_program_never_registers_a_resource_for_an_invalid_config(data: dict[str, Any]) -> None:
    raw = engine_raw(data)
    valid = _parse_or_config_error(raw) is not None
    event("valid" if valid else "invalid")
    try:
        run = run_program(FIXTURES, "property", raw)
    except ProgramFailed as failure:
        assert failure.registrations == []
        assert "azure-openai" in str(failure)
        return
    assert valid, "the program ran although the config is invalid"
    assert run.by_type("azure-native:cognitiveservices:Account")
