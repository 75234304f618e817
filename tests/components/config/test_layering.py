"""Config layers merged the way the Pulumi engine merges them, one rule per test.

Expected values come from Pulumi's documented rules and engine code, not from the code under test:
- docs "Project file reference > config options" and pulumi/pulumi workspace/project.go
  (RewriteShorthandConfigValues, Project.Validate);
- workspace/config.go mergeConfig: stack file first, then the ESC environment (stack wins, maps
  merged key by key), then project values/defaults for keys still unset, then typed checks;
- ESC docs "pulumiConfig > Precedence": "the explicit stack configuration value takes precedence.
  For object values, the environment and stack configurations are deep-merged".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.config.environments import read_opened_environment
from azure_openai_toolkit.config.layering import ConfigLayers, read_project_config, resolve_layers


def _layers(tmp_path: Path, project: str, stack: str, *envs: Any) -> ConfigLayers:
    (tmp_path / "Pulumi.yaml").write_text(project)
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text(stack)
    opened = [read_opened_environment(json.dumps(env), f"env{i}.json") for i, env in enumerate(envs)]
    return resolve_layers(
        stack_file, "dev", project=read_project_config(tmp_path / "Pulumi.yaml"), opened=opened
    )


PROJECT = "name: azure-openai\nruntime: python\n"
STACK = "config:\n  azure-openai:environment: dev\n"


def _messages(layers: ConfigLayers) -> list[str]:
    return [p.render() for p in layers.problems]


# --- project-level config alone ------------------------------------------------------------------


def test_a_plain_project_value_applies_to_a_stack_that_does_not_set_it(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  namePrefix: contoso\n", STACK)
    assert layers.raw() == {"environment": "dev", "namePrefix": "contoso"}
    assert layers.values[("azure-openai", "namePrefix")].origin.layer == "default"
    assert layers.problems == []


def test_project_integers_and_booleans_reach_the_program_as_their_text(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  count: 3\n  protect: true\n  zones: [1, 2]\n"
    layers = _layers(tmp_path, project, STACK)
    assert layers.raw()["count"] == "3"
    assert layers.raw()["protect"] == "true"
    assert json.loads(layers.raw()["zones"]) == [1, 2]


def test_the_project_namespace_may_be_written_out(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  azure-openai:namePrefix: contoso\n", STACK)
    assert layers.raw()["namePrefix"] == "contoso"
    assert layers.values[("azure-openai", "namePrefix")].origin.layer == "default"


# --- stack values override ---------------------------------------------------------------------


def test_a_stack_value_overrides_the_project_default(tmp_path: Path) -> None:
    layers = _layers(
        tmp_path,
        PROJECT + "config:\n  namePrefix: contoso\n",
        STACK + "  azure-openai:namePrefix: fabrikam\n",
    )
    assert layers.raw()["namePrefix"] == "fabrikam"
    assert layers.values[("azure-openai", "namePrefix")].origin.layer == "stack"


def test_a_stack_map_replaces_a_project_map_whole(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  tags:\n    value: {costCenter: '1234', owner: platform}\n"
    layers = _layers(tmp_path, project, STACK + "  azure-openai:tags: {owner: ai-team}\n")
    assert json.loads(layers.raw()["tags"]) == {"owner": "ai-team"}


def test_a_project_key_path_sets_one_entry_of_a_stack_map(tmp_path: Path) -> None:
    # Keys are property paths for project config (Map.Get/Set with path=true).
    project = PROJECT + "config:\n  tags.owner: platform\n  tags.costCenter: '1234'\n"
    layers = _layers(tmp_path, project, STACK + "  azure-openai:tags: {owner: ai-team}\n")
    # owner is set by the stack, so the project's is not applied; costCenter is added, and the
    # engine turns integer text set by path into a number (adjustObjectValue).
    assert json.loads(layers.raw()["tags"]) == {"owner": "ai-team", "costCenter": 1234}


# --- typed declarations ----------------------------------------------------------------------------


def test_a_typed_declaration_with_a_default(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  location:\n    type: string\n    default: swedencentral\n"
    assert _layers(tmp_path, project, STACK).raw()["location"] == "swedencentral"
    stack = STACK + "  azure-openai:location: eastus2\n"
    assert _layers(tmp_path, project, stack).raw()["location"] == "eastus2"


def test_a_typed_declaration_without_default_is_required(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  namePrefix:\n    type: string\n  owner:\n    type: string\n"
    assert _messages(_layers(tmp_path, project, STACK)) == [
        "azure-openai:namePrefix: Stack 'dev' is missing configuration value 'namePrefix' "
        "(Pulumi.yaml, line 4)",
        "azure-openai:owner: Stack 'dev' is missing configuration value 'owner' (Pulumi.yaml, line 6)",
    ]


def test_a_stack_value_must_match_the_declared_type(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  capacity:\n    type: integer\n    default: 10\n"
    assert _layers(tmp_path, project, STACK + "  azure-openai:capacity: '20'\n").problems == []
    layers = _layers(tmp_path, project, STACK + "  azure-openai:capacity: lots\n")
    assert _messages(layers) == [
        "azure-openai:capacity: Stack 'dev' with configuration key 'capacity' must be of type 'integer' "
        "(Pulumi.yaml, line 4)"
    ]


def test_typed_arrays_check_their_items(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  regions:\n    type: array\n    items: {type: string}\n"
    assert _layers(tmp_path, project, STACK + "  azure-openai:regions: [a, b]\n").problems == []
    layers = _layers(tmp_path, project, STACK + "  azure-openai:regions: [1, 2]\n")
    assert "must be of type 'array<string>'" in _messages(layers)[0]


def test_a_secret_declaration_needs_a_secret_value(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  apiKey:\n    type: string\n    secret: true\n"
    plain = _layers(tmp_path, project, STACK + "  azure-openai:apiKey: abc\n")
    assert "must be encrypted as it's secret" in _messages(plain)[0]
    encrypted = _layers(tmp_path, project, STACK + "  azure-openai:apiKey:\n    secure: v1:AAAA\n")
    assert encrypted.problems == []
    assert encrypted.raw()["apiKey"] == "[secret]" and encrypted.secret_keys() == ["apiKey"]


# --- the project file's own rules (Project.Validate) -------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "  size:\n    type: string\n    default: a\n    value: b\n",
            "project config 'size' cannot have both a 'default' and 'value' attribute",
        ),
        (
            "  zones:\n    type: array\n    default: [a]\n",
            "The configuration key 'zones' declares an array but does not specify the underlying type via "
            "the 'items' attribute",
        ),
        (
            "  count:\n    type: integer\n    default: many\n",
            "The default value specified for configuration key 'count' is not of the expected type 'integer'",
        ),
        (
            "  azure-native:location:\n    type: string\n    value: westeurope\n",
            "Configuration key 'azure-native:location' is not namespaced by the project and should "
            "not define a type",
        ),
        (
            "  azure-native:location:\n    default: westeurope\n",
            "Configuration key 'azure-native:location' is not namespaced by the project and should "
            "not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
        ),
        (
            "  azure-native:location:\n    description: region\n",
            "Configuration key 'azure-native:location' is namespaced and must provide an attribute 'value'",
        ),
    ],
)
def test_project_file_rules(tmp_path: Path, config: str, message: str) -> None:
    project = read_project_config(_write(tmp_path, PROJECT + "config:\n" + config))
    assert [p.message for p in project.problems] == [message]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Pulumi.yaml"
    path.write_text(text)
    return path


def test_other_namespaces_take_a_value(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  azure-native:location: westeurope\n", STACK)
    assert layers.values[("azure-native", "location")].value == "westeurope"
    assert layers.values[("azure-native", "location")].origin.layer == "project"
    assert "location" not in layers.raw()  # not the toolkit's namespace


def test_in_a_project_of_another_name_toolkit_keys_are_another_namespace(tmp_path: Path) -> None:
    project = "name: my-ai\nruntime: python\nconfig:\n  azure-openai:namePrefix: contoso\n  team: ai\n"
    layers = _layers(tmp_path, project, STACK)
    assert layers.raw()["namePrefix"] == "contoso"
    assert layers.values[("azure-openai", "namePrefix")].origin.layer == "project"  # a value
    assert ("my-ai", "team") in layers.values and "team" not in layers.raw()
    with_default = project.replace(
        "azure-openai:namePrefix: contoso", "azure-openai:namePrefix: {default: x}"
    )
    assert "should not define a default value" in _messages(_layers(tmp_path, with_default, STACK))[0]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  tags: {costCenter: '1234'}\n", "unknown attribute 'costCenter'"),
        ("  ratio: 1.5\n", "must be a string, integer, boolean, list or a declaration (got float)"),
        ("  size:\n    type: text\n", "type must be one of string, integer, boolean, array, object"),
    ],
)
def test_shapes_the_project_schema_refuses(tmp_path: Path, entry: str, message: str) -> None:
    project = read_project_config(_write(tmp_path, PROJECT + "config:\n" + entry))
    assert len(project.problems) == 1 and message in project.problems[0].message


def test_deprecated_config_folder_cannot_be_combined_with_stack_config_dir(tmp_path: Path) -> None:
    project = read_project_config(_write(tmp_path, PROJECT + "config: stacks\nstackConfigDir: stacks\n"))
    assert [p.message for p in project.problems] == [
        "Should not use both config and stackConfigDir to define the stack directory. Use only "
        "stackConfigDir instead."
    ]
    assert read_project_config(_write(tmp_path, PROJECT + "config: stacks\n")).problems == []


def test_a_stack_key_without_a_namespace_is_refused_like_pulumi(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + "  namePrefix: contoso\n")
    assert _messages(layers) == [
        "namePrefix: could not parse namePrefix as a configuration key (configuration keys should be of "
        "the form `<namespace>:<name>`) (from Pulumi.dev.yaml)"
    ]


# --- ESC environments --------------------------------------------------------------------------------


def test_an_environment_sets_what_the_stack_does_not(tmp_path: Path) -> None:
    env = {"pulumiConfig": {"azure-openai:namePrefix": "contoso", "location": "swedencentral"}}
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + STACK, env)
    assert layers.raw() == {"environment": "dev", "location": "swedencentral", "namePrefix": "contoso"}
    assert layers.values[("azure-openai", "location")].origin.label() == "environment env0.json"


def test_the_stack_wins_over_the_environment_and_maps_merge(tmp_path: Path) -> None:
    env = {
        "pulumiConfig": {
            "azure-openai:environment": "staging",
            "azure-openai:tags": {"costCenter": "1234", "owner": "platform"},
            "azure-openai:zones": ["a", "b"],
        }
    }
    stack = (
        "environment: [acme/shared]\n"
        + STACK
        + "  azure-openai:tags: {owner: ai}\n  azure-openai:zones: [c]\n"
    )
    layers = _layers(tmp_path, PROJECT, stack, env)
    assert layers.raw()["environment"] == "dev"
    assert json.loads(layers.raw()["tags"]) == {"costCenter": "1234", "owner": "ai"}
    assert json.loads(layers.raw()["zones"]) == ["c"]  # lists are replaced, not merged


def test_the_environment_wins_over_project_defaults(tmp_path: Path) -> None:
    env = {"pulumiConfig": {"azure-openai:namePrefix": "from-env"}}
    layers = _layers(
        tmp_path, PROJECT + "config:\n  namePrefix: contoso\n", "environment: [e]\n" + STACK, env
    )
    assert layers.raw()["namePrefix"] == "from-env"


def test_a_later_import_wins_and_maps_merge_across_imports(tmp_path: Path) -> None:
    first = {"pulumiConfig": {"azure-openai:location": "swedencentral", "azure-openai:tags": {"a": "1"}}}
    second = {"pulumiConfig": {"azure-openai:location": "eastus2", "azure-openai:tags": {"b": "2"}}}
    layers = _layers(tmp_path, PROJECT, "environment: [one, two]\n" + STACK, first, second)
    assert layers.raw()["location"] == "eastus2"
    assert json.loads(layers.raw()["tags"]) == {"a": "1", "b": "2"}


def test_an_unopened_environment_is_named_with_the_keys_it_may_set(tmp_path: Path) -> None:
    layers = _layers(
        tmp_path, PROJECT + "config:\n  namePrefix: contoso\n", "environment: [acme/shared]\n" + STACK
    )
    assert layers.unopened == ("acme/shared",)
    keys = layers.may_come_from_environment(["namePrefix", "environment", "tags"])
    assert keys == ["namePrefix", "tags"]  # environment is set by the stack file
    with pytest.raises(ConfigError) as caught:
        resolve_layers(tmp_path / "missing.yaml", "dev")
    assert "file not found" in str(caught.value)


def test_secret_environment_values_are_secret_keys_with_their_plaintext(tmp_path: Path) -> None:
    detailed = {
        "value": {
            "pulumiConfig": {
                "value": {
                    "azure-openai:tags": {
                        "value": {
                            "owner": {"value": "platform"},
                            "token": {"value": "s3cr3t-value", "secret": True},
                        }
                    },
                    "azure-openai:protect": {"value": True, "secret": True},
                }
            }
        }
    }
    layers = _layers(tmp_path, PROJECT, "environment: [e]\n" + STACK, detailed)
    assert json.loads(layers.raw()["tags"]) == {"owner": "platform", "token": "s3cr3t-value"}
    # Only strings keep ESC's secret mark (toPlaintext): the boolean is a plain value.
    assert layers.secret_keys() == ["tags"]
    assert layers.secret_values() == {"s3cr3t-value"}


def test_a_top_level_stack_scalar_reaches_the_program_as_written(tmp_path: Path) -> None:
    # config.Value reads a top-level YAML scalar into a string: its text, not a re-formatted value.
    stack = STACK + "  azure-openai:protect: True\n  azure-openai:version: 1.10\n  azure-openai:empty:\n"
    raw = _layers(tmp_path, PROJECT, stack).raw()
    assert (raw["protect"], raw["version"], raw["empty"]) == ("True", "1.10", "")
