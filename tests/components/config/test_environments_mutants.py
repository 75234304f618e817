"""What `esc env open` printed (environments.py), read as ESC writes it (pulumi/esc
cmd/esc/cli/env_open.go; esc.Value: value, secret, unknown, trace.def.environment): secret marks
inherited by everything below a secret value, the environment each value was defined in, and a
clear refusal, at its place, of anything else."""

from __future__ import annotations

import json
from typing import Any

import pytest

from azure_openai_toolkit.config.environments import (
    UNKNOWN,
    EnvValuesError,
    environment_block,
    read_opened_environment,
)
from azure_openai_toolkit.config.values import is_secure, plain

FIX = "expected what `esc env open ENV --format detailed` prints"


def _detailed(config: Any, **top: Any) -> str:
    return json.dumps({"value": {"pulumiConfig": {"value": config}}, **top})


def _refusal(text: str) -> tuple[str, str, int | None, int | None, str]:
    with pytest.raises(EnvValuesError) as caught:
        read_opened_environment(text, "env.json")
    (problem,) = caught.value.problems
    return caught.value.source, problem.path, problem.line, problem.column, problem.message


def test_a_secret_mark_covers_every_value_below_it() -> None:
    config = {
        "k:list": {"value": [{"value": "a"}, {"value": {"x": {"value": "b"}}}], "secret": True},
        "k:map": {"value": {"y": {"value": "c"}}, "secret": True},
        "k:plain": {"value": [{"value": "d"}]},
        "k:unknown": {"value": {"z": {"unknown": True}}, "secret": True},
    }
    env = read_opened_environment(_detailed(config), "env.json")
    values = env.pulumi_config
    assert plain(values["k:list"], reveal=False) == ["[secret]", {"x": "[secret]"}]
    assert plain(values["k:list"], reveal=True) == ["a", {"x": "b"}]
    assert plain(values["k:map"], reveal=False) == {"y": "[secret]"}
    assert not is_secure(values["k:plain"])
    assert values["k:unknown"].value["z"].value == UNKNOWN and is_secure(values["k:unknown"])
    assert env.unknown == ("k:unknown",)


def test_each_value_names_the_environment_it_was_defined_in_or_the_file() -> None:
    config = {
        "k:a": {"value": "1", "trace": {"def": {"environment": "acme/shared"}}},
        "k:b": {"value": "2", "trace": {"def": "acme/odd"}},
        "k:c": {"value": "3", "trace": {"def": {"environment": ""}}},
        "k:d": {"value": "4"},
    }
    env = read_opened_environment(_detailed(config), "env.json")
    sources = {key: node.origin.source for key, node in env.pulumi_config.items()}
    assert sources == {"k:a": "acme/shared", "k:b": "env.json", "k:c": "env.json", "k:d": "env.json"}
    assert env.names == ("acme/shared",) and env.detailed


def test_an_output_with_every_detailed_key_is_detailed_and_one_with_others_is_plain() -> None:
    full = read_opened_environment(
        _detailed({"k:a": {"value": "1"}}, secret=False, unknown=False, trace={}), "env.json"
    )
    assert full.detailed and set(full.pulumi_config) == {"k:a"}
    other = read_opened_environment(json.dumps({"value": {"pulumiConfig": {}}, "files": {}}), "env.json")
    assert not other.detailed and other.pulumi_config == {}


def test_a_plain_value_inside_detailed_output_is_refused() -> None:
    message = "mixes detailed and plain values: pass one `esc env open` output unchanged"
    assert _refusal(_detailed({"k:a": "plain"})) == ("env.json", "", None, None, message)
    assert _refusal(_detailed({"k:a": {"value": "1", "extra": 2}}))[4] == message


def test_what_is_not_an_output_of_esc_is_refused_at_its_place() -> None:
    assert _refusal("[1, 2]") == ("env.json", "", None, None, f"expected a JSON object, what {FIX[14:]}")
    assert _refusal(_detailed("text")) == (
        "env.json",
        "",
        None,
        None,
        "pulumiConfig must be a mapping of config keys",
    )
    label, path, line, column, message = _refusal('{"a": 1,\n "b": [}')
    assert (label, path, line, column) == ("env.json", "", 2, 8)
    assert message.startswith("not JSON or YAML (not valid YAML: ") and message.endswith(f"): {FIX}")
    assert _refusal('{"a": 1,\n "a": 2}') == (
        "env.json",
        "",
        2,
        None,
        "this key appears twice in the mapping; keep one of them",
    )


def test_an_import_is_a_name_or_a_name_with_its_options() -> None:
    block, problems = environment_block({"imports": [{"acme/dev": {"merge": False}}]}, "Pulumi.dev.yaml")
    assert problems == [] and block is not None and block.imports == ("acme/dev",)
    _, problems = environment_block({"imports": [["acme/dev"]]}, "Pulumi.dev.yaml")
    assert [p.message for p in problems] == ["imports: must be a list of environment names"]
