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
    foreign_outputs,
    read_opened_environment,
)
from azure_openai_toolkit.config.errors import Problem
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


def _block_problem(value: Any) -> list[Problem]:
    block, problems = environment_block(value, "Pulumi.dev.yaml", line=3)
    assert block is None
    return problems


def _at_environment(message: str) -> list[Problem]:
    """A problem of the stack file's `environment:` key, at its line (3 in these tests)."""
    return [Problem("", message, line=3, key="environment")]


def test_each_environment_block_refusal_is_at_the_environment_key_and_its_line() -> None:
    assert _block_problem("acme/dev") == _at_environment(
        "write the environment as a list: `environment: [acme/dev]` (Pulumi reads a list of names)"
    )
    # A list is imports only when every item is a name (Pulumi decodes it as []string, else it is
    # an inline definition, which a list is not): the {name: options} form is for `imports:`.
    assert _block_problem([{"acme/dev": {"merge": False}}]) == _at_environment(
        "must be a list of environment names (e.g. [acme/shared, acme/dev])"
    )
    assert _block_problem(5) == _at_environment(
        "must be a list of environment names or a definition with imports: and values:"
    )
    # Of several unknown keys, the first in alphabetical order (the same message every run).
    assert _block_problem({"imports": ["acme/dev"], "vaules": {}, "exports": {}}) == _at_environment(
        "unknown key 'exports' in the inline definition (allowed: imports, values)"
    )
    assert _block_problem({"imports": "acme/dev"}) == _at_environment(
        "imports: must be a list of environment names"
    )
    assert _block_problem({"values": ["pulumiConfig"]}) == _at_environment(
        "values: must be a mapping of names to values (e.g. values: {pulumiConfig: {...}})"
    )
    assert _block_problem({"values": {"pulumiConfig": ["a"]}}) == _at_environment(
        "values.pulumiConfig: must be a mapping of config keys to values"
    )


def test_an_inline_value_comes_from_the_inline_definition_in_the_stack_file() -> None:
    definition = {"values": {"pulumiConfig": {"azure-openai:location": "eastus2"}}}
    block, _ = environment_block(definition, "Pulumi.dev.yaml")
    assert block is not None
    node = block.inline["azure-openai:location"]
    assert plain(node, reveal=True) == "eastus2"
    assert node.origin.label() == "environment inline definition in Pulumi.dev.yaml"


def test_a_large_environments_output_is_read_within_the_environment_limits() -> None:
    # 4.5 million characters: more text than a stack file may hold (4 MiB), within what an
    # `esc env open` output may (8 MiB of text in at most 5 MiB).
    big = "x" * 4_500_000
    env = read_opened_environment(json.dumps({"pulumiConfig": {"k:big": big}}), "env.json")
    assert plain(env.pulumi_config["k:big"], reveal=True) == big


def test_a_value_with_every_detailed_key_is_read() -> None:
    trace = {"def": {"environment": "acme/shared"}}
    value = {"value": "1", "secret": False, "unknown": False, "trace": trace}
    env = read_opened_environment(_detailed({"k:a": value}), "env.json")
    assert plain(env.pulumi_config["k:a"], reveal=True) == "1"


def test_unknown_and_list_values_name_the_environment_they_were_defined_in() -> None:
    trace = {"def": {"environment": "acme/shared"}}
    config = {"k:unknown": {"unknown": True, "trace": trace}, "k:list": {"value": [], "trace": trace}}
    env = read_opened_environment(_detailed(config), "env.json")
    assert {key: node.origin.source for key, node in env.pulumi_config.items()} == {
        "k:unknown": "acme/shared",
        "k:list": "acme/shared",
    }


def test_a_detailed_output_without_pulumi_config_sets_nothing_and_keeps_its_label() -> None:
    text = json.dumps({"value": {"environmentVariables": {"value": {"A": {"value": "b"}}}}})
    env = read_opened_environment(text, "env.json")
    assert (env.label, env.pulumi_config, env.detailed) == ("env.json", {}, True)


def test_a_plain_output_keeps_its_label_and_says_it_is_not_detailed() -> None:
    env = read_opened_environment(json.dumps({"pulumiConfig": {"k:a": "1"}}), "env.json")
    assert env.label == "env.json" and env.detailed is False


def test_the_refusals_of_plain_output_name_the_fix() -> None:
    assert _refusal('{"azure-openai:namePrefix": "contoso"}') == (
        "env.json",
        "",
        None,
        None,
        "this looks like `esc env open ENV pulumiConfig` (only the pulumiConfig part); pass the whole "
        "environment: `esc env open ENV --format detailed`",
    )
    assert _refusal('{"pulumiConfig": ["a"]}') == (
        "env.json",
        "",
        None,
        None,
        "pulumiConfig must be a mapping of config keys",
    )


def test_another_environments_output_is_refused_naming_every_environment_in_it() -> None:
    def value(environment: str) -> dict[str, Any]:
        return {"value": "1", "trace": {"def": {"environment": environment}}}

    text = _detailed({"k:a": value("acme/base"), "k:b": value("acme/other")})
    opened = read_opened_environment(text, "other.json")
    block, _ = environment_block(["acme/dev"], "Pulumi.dev.yaml")
    assert foreign_outputs(block, [opened], "Pulumi.dev.yaml") == [
        Problem(
            "",
            "its values were defined in ESC environment acme/base, acme/other, but Pulumi.dev.yaml imports "
            "acme/dev: this is another environment's output; open the stack's own: esc env open acme/dev "
            "--format detailed",
            file="other.json",
        )
    ]
