"""Reading what `esc env open` prints, and a stack file's `environment:` block."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.config.environments import (
    OpenedEnvironment,
    environment_block,
    read_opened_environment,
)
from azure_openai_toolkit.config.values import engine_text, is_secure, plain
from tests.conftest import FIXTURES

DETAILED = (FIXTURES / "esc" / "shared.detailed.json").read_text()
PLAIN = (FIXTURES / "esc" / "shared.plain.json").read_text()
TOKEN = "eyJhbGciOiJSUzI1NiJ9.fake-oidc-token-for-tests.c2lnbmF0dXJl"


def test_detailed_output_keeps_escs_secret_marks_and_names_the_environment() -> None:
    opened = read_opened_environment(DETAILED, "env.json")
    assert opened.detailed and opened.names == ("azure-openai/shared",)
    config = opened.pulumi_config
    assert set(config) == {
        "azure-native:useOidc",
        "azure-native:clientId",
        "azure-native:tenantId",
        "azure-native:subscriptionId",
        "azure-native:oidcToken",
        "azure-openai:tags",
        "azure-openai:accounts",
    }
    assert (
        is_secure(config["azure-native:oidcToken"]) and engine_text(config["azure-native:oidcToken"]) == TOKEN
    )
    assert not is_secure(config["azure-openai:tags"])
    assert plain(config["azure-openai:tags"], reveal=False) == {
        "costCenter": "4711",
        "owner": "platform-team",
    }
    assert engine_text(config["azure-native:useOidc"]) == "true"
    assert config["azure-openai:tags"].origin.label() == "environment azure-openai/shared"


def test_only_pulumi_config_is_kept_from_an_output() -> None:
    opened = read_opened_environment(DETAILED, "env.json")
    assert "environmentVariables" not in opened.pulumi_config and "files" not in opened.pulumi_config


def test_plain_output_marks_every_string_secret() -> None:
    opened = read_opened_environment(PLAIN, "env.json")
    assert not opened.detailed
    assert plain(opened.pulumi_config["azure-openai:tags"], reveal=False) == {
        "costCenter": "[secret]",
        "owner": "[secret]",
    }
    # Numbers and booleans are never secret config (Pulumi's toPlaintext keeps the mark for strings).
    assert not is_secure(opened.pulumi_config["azure-native:useOidc"])


def test_yaml_output_is_read_like_json() -> None:
    from io import StringIO

    buffer = StringIO()
    YAML(typ="safe", pure=True).dump(json.loads(PLAIN), buffer)
    opened = read_opened_environment(buffer.getvalue(), "env.yaml")
    assert plain(opened.pulumi_config["azure-openai:tags"], reveal=True)["owner"] == "platform-team"


def test_an_environment_without_pulumi_config_sets_no_stack_config() -> None:
    assert read_opened_environment('{"environmentVariables": {"A": "b"}}', "env.json").pulumi_config == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"azure-openai:namePrefix": "contoso"}', "looks like `esc env open ENV pulumiConfig`"),
        ("[1, 2]", "expected a JSON object"),
        ("{not: json: at all", "not JSON or YAML"),
        ('{"pulumiConfig": ["a"]}', "pulumiConfig must be a mapping"),
        ('{"value": {"pulumiConfig": {"value": {"k": "plain"}}}}', "mixes detailed and plain values"),
        ("[" * 100_000, "nested more than 64 levels deep"),  # the bounded reader's limit
        ("{" + '"a": 1, ' * 3 + '"a": 2}', "this key appears twice"),
        ('{"pulumiConfig": {"k": !!binary aGk=}}', "the tag !!binary is not allowed"),
    ],
)
def test_anything_else_is_refused_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        read_opened_environment(text, "env.json")
    assert message in str(caught.value) and "env.json" in str(caught.value)


def test_unknown_values_are_passed_as_the_engine_passes_them() -> None:
    text = '{"value": {"pulumiConfig": {"value": {"azure-openai:location": {"unknown": true}}}}}'
    opened = read_opened_environment(text, "env.json")
    assert engine_text(opened.pulumi_config["azure-openai:location"]) == "[unknown]"
    assert opened.unknown == ("azure-openai:location",)


def test_environment_block_forms() -> None:
    block, problems = environment_block(["acme/shared", "acme/dev"], "Pulumi.dev.yaml")
    assert block is not None and block.imports == ("acme/shared", "acme/dev") and problems == []
    assert environment_block([], "Pulumi.dev.yaml") == (None, [])
    assert environment_block(None, "Pulumi.dev.yaml") == (None, [])
    _, problems = environment_block("acme/shared", "Pulumi.dev.yaml")
    assert "environment: [acme/shared]" in problems[0].render()
    _, problems = environment_block([{"a": 1}, 2], "Pulumi.dev.yaml")
    assert "list of environment names" in problems[0].message


def test_an_inline_definition_gives_its_literal_values_and_names_computed_ones() -> None:
    definition = {
        "imports": ["acme/shared", {"acme/extra": {"merge": False}}],
        "values": {
            "pulumiConfig": {
                "azure-openai:location": "eastus2",
                "azure-openai:namePrefix": "${prefix}",
                "azure-native:oidcToken": {"fn::secret": {"ciphertext": "ZXNjeAAA"}},
            }
        },
    }
    block, problems = environment_block(definition, "Pulumi.dev.yaml")
    assert problems == [] and block is not None
    assert block.imports == ("acme/shared", "acme/extra")
    assert set(block.inline) == {"azure-openai:location"}
    assert block.unevaluated == ("azure-native:oidcToken", "azure-openai:namePrefix")


def test_an_expression_anywhere_in_a_value_makes_esc_compute_it() -> None:
    config = {
        "nested": {"a": {"b": "x-${name}"}},
        "listed": ["plain", ["${name}"]],
        "number": 5,
        "text": "$name is no interpolation",
        "deep": {"a": [{"b": "plain"}], "c": True},
    }
    block, problems = environment_block({"values": {"pulumiConfig": config}}, "Pulumi.dev.yaml")
    assert problems == [] and block is not None
    assert block.unevaluated == ("listed", "nested")
    assert sorted(block.inline) == ["deep", "number", "text"]


def _defined_in(name: str) -> OpenedEnvironment:
    detailed = {
        "value": {
            "pulumiConfig": {
                "value": {
                    "azure-openai:location": {"value": "eastus2", "trace": {"def": {"environment": name}}}
                }
            }
        }
    }
    return read_opened_environment(json.dumps(detailed), "env.json")


@pytest.mark.parametrize(
    ("imported", "defined_in", "same"),
    [
        ("acme/dev", "acme/dev", True),
        ("acme/dev@3", "acme/dev", True),  # a pinned version is still that environment
        ("acme/dev@stable", "dev", True),  # the trace may name the environment without its project
        ("dev", "default/dev", True),  # a legacy name without a project
        ("acme/dev", "acme/prod", False),
        ("acme/dev", "prod", False),
    ],
)
def test_an_output_must_come_from_an_environment_the_stack_imports(
    imported: str, defined_in: str, same: bool
) -> None:
    from azure_openai_toolkit.config.environments import foreign_outputs

    block, _ = environment_block([imported], "Pulumi.dev.yaml")
    problems = foreign_outputs(block, [_defined_in(defined_in)], "Pulumi.dev.yaml")
    assert [p.message for p in problems] == (
        []
        if same
        else [
            f"its values were defined in ESC environment {defined_in}, but Pulumi.dev.yaml imports "
            f"{imported}: this is another environment's output; open the stack's own: esc env open "
            f"{imported} --format detailed"
        ]
    )
