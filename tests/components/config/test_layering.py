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
from azure_openai_toolkit.config.layering import ConfigLayers, resolve_layers
from azure_openai_toolkit.config.placeholders import is_placeholder
from azure_openai_toolkit.config.project_config import read_project_config
from azure_openai_toolkit.config.values import plain


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


def test_arrays_of_arrays_name_their_full_type(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  grid:\n    type: array\n    items: {type: array, items: {type: integer}}"
    project += "\n"
    assert _layers(tmp_path, project, STACK + "  azure-openai:grid: [[1, 2]]\n").problems == []
    layers = _layers(tmp_path, project, STACK + "  azure-openai:grid: [[a]]\n")
    assert "must be of type 'array<array<integer>>'" in _messages(layers)[0]


def test_a_secret_declaration_needs_a_secret_value(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  apiKey:\n    type: string\n    secret: true\n"
    plain = _layers(tmp_path, project, STACK + "  azure-openai:apiKey: abc\n")
    assert "must be encrypted as it's secret" in _messages(plain)[0]
    encrypted = _layers(tmp_path, project, STACK + "  azure-openai:apiKey:\n    secure: v1:AAAA\n")
    # Pulumi's rule is met (the contract, which has no apiKey, judges the key on its own).
    assert not [p for p in encrypted.problems if p.file == "Pulumi.yaml"]
    # The ciphertext is never decrypted: the program gets this process's placeholder for it.
    assert is_placeholder(encrypted.raw()["apiKey"]) and encrypted.secret_keys() == ["apiKey"]


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
        "namePrefix: config keys are written namespace:key (Pulumi refuses 'namePrefix'); did you mean "
        "'azure-openai:namePrefix'? (line 3)"
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


# --- hardening rules on the merged config (one reader, namespaces, secrets, located problems) -----

PRINCIPAL = "11111111-2222-3333-4444-555555555555"


def _detailed(config: dict[str, Any], secret: tuple[str, ...] = (), environment: str = "acme/shared") -> Any:
    """`esc env open --format detailed` output of `config`, the strings at `secret` paths (like
    `azure-openai:tags.owner`) marked secret as ESC marks them."""
    trace = {"def": {"environment": environment}}

    def wrap(value: Any, path: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"value": {k: wrap(v, f"{path}.{k}") for k, v in value.items()}, "trace": trace}
        return {"value": value, "trace": trace, **({"secret": True} if path in secret else {})}

    return {"value": {"pulumiConfig": {"value": {k: wrap(v, k) for k, v in config.items()}}}}


ROLE = {
    "primary": {
        "roleAssignments": {"app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"}}
    }
}
SECRET_PRINCIPAL = "azure-openai:accounts.primary.roleAssignments.app.principalId"


def test_an_esc_secret_where_secrets_are_allowed_makes_its_key_secret(tmp_path: Path) -> None:
    env = _detailed({"azure-openai:accounts": ROLE}, (SECRET_PRINCIPAL,))
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + STACK, env)
    assert layers.secret_keys() == ["accounts"]  # the engine marks the top-level key
    assert layers.secret_problems() == []


def test_an_esc_secret_where_none_is_allowed_is_refused_naming_the_environment(tmp_path: Path) -> None:
    env = _detailed(
        {"azure-openai:tags": {"owner": "platform"}, "azure-openai:namePrefix": "c"},
        ("azure-openai:tags.owner", "azure-openai:namePrefix"),
    )
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + STACK, env)
    rendered = [p.render() for p in layers.secret_problems()]
    assert [text.split(": it ")[0].split(": tags ")[0] for text in rendered] == [
        "azure-openai:namePrefix: a secret is not allowed at namePrefix",
        "azure-openai:tags.owner: a secret is not allowed at tags.owner",
    ]
    assert all(text.endswith("(from environment acme/shared)") for text in rendered)
    with pytest.raises(ConfigError):
        layers.stack_config()


def test_plain_esc_output_counts_as_secret_only_where_a_secret_is_allowed(tmp_path: Path) -> None:
    # Plain output marks nothing: every string is masked, but the config is secret only where ESC
    # could have marked a secret that the contract keeps (not namePrefix or tags).
    env = {"pulumiConfig": {"azure-openai:namePrefix": "contoso", "azure-openai:accounts": ROLE}}
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + STACK, env)
    assert layers.secret_keys() == ["accounts"]
    assert layers.secret_problems() == []
    assert plain(layers.values[("azure-openai", "namePrefix")], reveal=False) == "[secret]"


def test_a_stack_value_over_an_esc_secret_is_not_secret(tmp_path: Path) -> None:
    env = _detailed({"azure-openai:namePrefix": "c"}, ("azure-openai:namePrefix",))
    layers = _layers(
        tmp_path, PROJECT, "environment: [e]\n" + STACK + "  azure-openai:namePrefix: contoso\n", env
    )
    assert layers.secret_keys() == [] and layers.secret_problems() == []


@pytest.mark.parametrize(
    ("where", "key"),
    [("project", "azure_openai:namePrefix"), ("environment", "azure-opneai:namePrefix")],
)
def test_a_misspelt_namespace_in_any_layer_is_refused_with_did_you_mean(
    tmp_path: Path, where: str, key: str
) -> None:
    project = PROJECT + (f"config:\n  {key}:\n    value: contoso\n" if where == "project" else "")
    envs = [{"pulumiConfig": {key: "contoso"}}] if where == "environment" else []
    stack = ("environment: [e]\n" if envs else "") + STACK
    messages = _messages(_layers(tmp_path, project, stack, *envs))
    assert any("did you mean 'azure-openai:namePrefix'?" in m and key in m for m in messages), messages


def test_a_namespace_like_ours_is_not_a_typo_in_a_project_of_that_name(tmp_path: Path) -> None:
    layers = _layers(tmp_path, "name: azure-openai2\nruntime: python\nconfig:\n  team: ai\n", STACK)
    assert layers.problems == [] and ("azure-openai2", "team") in layers.values


@pytest.mark.parametrize(
    ("project", "envs"),
    [
        ("config:\n  tags:\n    value: {a: '1'}\n  azure-openai:tags:\n    value: {b: '2'}\n", ()),
        ("", ({"pulumiConfig": {"azure-openai:tags": {"a": "1"}, "azure-openai:config:tags": {"b": "2"}}},)),
    ],
)
def test_one_key_in_two_forms_in_one_layer_is_refused(
    tmp_path: Path, project: str, envs: tuple[dict[str, Any], ...]
) -> None:
    stack = ("environment: [e]\n" if envs else "") + STACK
    messages = _messages(_layers(tmp_path, PROJECT + project, stack, *envs))
    assert any("given twice, as" in m for m in messages), messages


def test_one_key_in_two_forms_across_environments_merges_in_import_order(tmp_path: Path) -> None:
    first = {"pulumiConfig": {"tags": {"a": "1", "b": "first"}}}
    second = {"pulumiConfig": {"azure-openai:tags": {"b": "second"}}}
    stack = "environment: [one, two]\n" + STACK + "  azure-openai:tags: {c: '3'}\n"
    layers = _layers(tmp_path, PROJECT, stack, first, second)
    assert json.loads(layers.raw()["tags"]) == {"a": "1", "b": "second", "c": "3"}  # the stack on top


def test_every_problem_of_every_layer_in_one_run_at_its_file_and_line(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  namePrefix: Contoso_Corp\n"
    env = {"pulumiConfig": {"azure-openai:protect": "maybe"}}
    stack = "environment: [e]\n" + STACK + "  azure-openai:colour: blue\n"
    problems = _layers(tmp_path, project, stack, env).validate().problems
    where = {p.path: (p.file, p.line) for p in problems}
    assert where["namePrefix"] == ("Pulumi.yaml", 4)
    assert where["protect"] == ("environment env0.json", None)
    assert where["colour"] == (None, 4)  # the stack file's own: its line (the report names it)


def test_pulumi_yaml_is_read_by_the_bounded_reader(tmp_path: Path) -> None:
    path = _write(tmp_path, PROJECT + "config:\n  tags: {value: " + "[" * 200 + "]" * 200 + "}\n")
    with pytest.raises(ConfigError, match="nested more than 64 levels deep"):
        read_project_config(path)
    duplicate = read_project_config(_write(tmp_path, PROJECT + "name: other\n"))
    assert [p.render() for p in duplicate.problems] == [
        "Pulumi.yaml, line 3: this key appears twice in the mapping; keep one of them"
    ]


def test_a_candidate_stack_text_is_merged_without_being_written(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text(PROJECT + "config:\n  namePrefix: contoso\n")
    path = tmp_path / "Pulumi.new.yaml"
    layers = resolve_layers(path, "new", project=read_project_config(tmp_path / "Pulumi.yaml"), text=STACK)
    assert layers.raw() == {"environment": "dev", "namePrefix": "contoso"} and not path.exists()


# --- a required key set in another namespace -----------------------------------------------------

_NO_PREFIX = (
    "config:\n  azure-openai:environment: dev\n  azure-openai:location: swedencentral\n"
    "  azure-openai:accounts:\n    a:\n      publicNetworkAccess: Enabled\n      deployments: {}\n"
)


def _name_prefix_problem(layers: ConfigLayers) -> str:
    [problem] = [p for p in layers.validate().problems if p.path == "namePrefix"]
    return problem.message


def test_a_required_key_in_the_projects_namespace_says_where_it_is(tmp_path: Path) -> None:
    # In a project not named azure-openai, `namePrefix:` in Pulumi.yaml is myproj:namePrefix.
    project = "name: myproj\nruntime: python\nconfig:\n  namePrefix: contoso\n"
    message = _name_prefix_problem(_layers(tmp_path, project, _NO_PREFIX))
    assert message.startswith("required")
    assert message.endswith(
        "; myproj:namePrefix is set (default in Pulumi.yaml, where a key without a namespace belongs to "
        "the project, myproj), but the toolkit reads azure-openai:namePrefix: write the key as "
        "azure-openai:namePrefix"
    )


def test_a_required_key_in_another_namespace_of_the_stack_file_says_where_it_is(tmp_path: Path) -> None:
    stack = _NO_PREFIX.replace("config:\n", "config:\n  myproj:namePrefix: contoso\n")
    message = _name_prefix_problem(_layers(tmp_path, PROJECT, stack))
    assert "; myproj:namePrefix is set (stack Pulumi.dev.yaml), but the toolkit reads" in message


def test_a_required_key_set_nowhere_gets_no_namespace_hint(tmp_path: Path) -> None:
    message = _name_prefix_problem(_layers(tmp_path, PROJECT, _NO_PREFIX))
    assert "is set" not in message


def test_a_providers_key_of_the_same_name_is_not_taken_for_a_misplaced_one(tmp_path: Path) -> None:
    stack = _NO_PREFIX.replace("config:\n", "config:\n  azure-native:namePrefix: contoso\n")
    assert "is set" not in _name_prefix_problem(_layers(tmp_path, PROJECT, stack))


# --- provider credentials: secure: only, and masked whatever layer gave them ------------------------
# pulumi-azure-native's provider config (provider/pkg/gen/schema.go): clientSecret and
# clientCertificatePassword are marked secret; oidcToken and oidcRequestToken are bearer tokens.

CREDENTIALS = ["clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken"]


@pytest.mark.parametrize("name", CREDENTIALS)
def test_a_plaintext_credential_in_the_stack_file_is_a_problem_with_the_fix(
    tmp_path: Path, name: str
) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + f"  azure-native:{name}: hunter2-value\n")
    [problem] = layers.problems
    assert problem.location == f"azure-native:{name}" and problem.line == 3
    assert "a credential in plain text: everyone who can read Pulumi.dev.yaml" in problem.message
    assert f"`pulumi config set --secret azure-native:{name} --stack dev`" in problem.message
    assert "hunter2" not in problem.render()


def test_a_secure_credential_in_the_stack_file_is_fine(tmp_path: Path) -> None:
    stack = STACK + "  azure-native:clientSecret:\n    secure: AAABAHh5eg==\n"
    layers = _layers(tmp_path, PROJECT, stack)
    assert layers.problems == []


@pytest.mark.parametrize("value", ['""', "null"])
def test_an_empty_credential_holds_nothing_to_leak(tmp_path: Path, value: str) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + f"  azure-native:clientSecret: {value}\n")
    assert layers.problems == []


def test_ids_and_paths_of_the_provider_are_no_credentials(tmp_path: Path) -> None:
    stack = STACK + (
        "  azure-native:clientId: 11111111-2222-3333-4444-555555555555\n"
        "  azure-native:tenantId: 11111111-2222-3333-4444-555555555555\n"
        "  azure-native:clientCertificatePath: /run/secrets/sp.pfx\n"
        "  azure-native:oidcTokenFilePath: /run/secrets/token\n"
    )
    layers = _layers(tmp_path, PROJECT, stack)
    assert layers.problems == []
    assert plain(layers.values[("azure-native", "clientId")], reveal=False).startswith("1111")


def test_a_plaintext_credential_in_pulumi_yaml_is_a_problem_of_that_file(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  azure-native:oidcToken: eyJ-a-token\n"
    layers = _layers(tmp_path, project, STACK)
    [problem] = layers.problems
    assert (problem.file, problem.line, problem.key) == ("Pulumi.yaml", 4, "config.azure-native:oidcToken")
    assert "remove it from Pulumi.yaml (a project file cannot hold secrets)" in problem.message
    assert "`pulumi config set --secret azure-native:oidcToken --stack STACK`" in problem.message


def test_another_providers_namespace_is_not_judged(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + "  aws:secretKey: plain\n")
    assert layers.problems == []


@pytest.mark.parametrize(
    ("project", "stack", "env"),
    [
        (PROJECT, STACK + "  azure-native:clientSecret: hunter2-value\n", None),
        (PROJECT + "config:\n  azure-native:clientSecret: hunter2-value\n", STACK, None),
        # ESC output without secret marks is masked anyway; detailed output that forgot the mark too.
        (
            PROJECT,
            STACK,
            {"value": {"pulumiConfig": {"value": {"azure-native:clientSecret": {"value": "hunter2-value"}}}}},
        ),
    ],
)
def test_a_credential_is_shown_masked_whatever_layer_gave_it(
    tmp_path: Path, project: str, stack: str, env: Any
) -> None:
    layers = _layers(tmp_path, project, stack, *([env] if env else []))
    node = layers.values[("azure-native", "clientSecret")]
    assert plain(node, reveal=False) == "[secret]"
    assert "hunter2-value" in layers.secret_values()  # masked in every text aoai prints


# --- found by mutation testing (docs/development.md "Mutation score") ------------------------------


def test_a_primitive_set_by_path_becomes_a_boolean_or_a_number_as_the_engine_adjusts_it(
    tmp_path: Path,
) -> None:
    # map.go adjustObjectValue: exactly "true"/"false" become booleans, integer text a number
    # unless it has a leading zero; everything else stays text.
    project = PROJECT + (
        "config:\n  tags.a: true\n  tags.b: 'false'\n  tags.c: '0'\n  tags.d: '01'\n  tags.e: '-01'\n"
        "  tags.f: '+5'\n  tags.g: text\n  tags.h: 'True'\n  tags.i: false\n"
    )
    layers = _layers(tmp_path, project, STACK)
    assert json.loads(layers.raw()["tags"]) == {
        "a": True, "b": False, "c": 0, "d": "01", "e": "-01", "f": 5, "g": "text", "h": "True", "i": False,
    }


def test_a_missing_project_value_is_a_problem_at_its_key_path_in_our_namespace(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  owner:\n    type: string\n"
    (problem,) = _layers(tmp_path, project, STACK).problems
    assert (problem.path, problem.loc, problem.key) == ("owner", ("owner",), None)
    assert (problem.file, problem.line) == ("Pulumi.yaml", 4)


def test_a_missing_value_of_another_projects_namespace_names_its_whole_key(tmp_path: Path) -> None:
    project = "name: myproj\nruntime: python\nconfig:\n  owner:\n    type: string\n"
    (problem,) = _layers(tmp_path, project, STACK).problems
    assert (problem.path, problem.loc, problem.key) == ("", (), "myproj:owner")
    assert problem.render() == (
        "myproj:owner: Stack 'dev' is missing configuration value 'owner' (Pulumi.yaml, line 4)"
    )


def test_no_environment_means_no_key_may_come_from_one(tmp_path: Path) -> None:
    assert _layers(tmp_path, PROJECT, STACK).may_come_from_environment(["tags"]) == []


def test_an_inline_definition_esc_must_compute_may_set_what_the_stack_does_not(tmp_path: Path) -> None:
    stack = "environment:\n  values:\n    pulumiConfig:\n      tags: ${tags}\n" + STACK
    layers = _layers(tmp_path, PROJECT, stack)
    assert (layers.unopened, layers.unevaluated) == ((), ("tags",))
    assert layers.may_come_from_environment(["tags", "environment"]) == ["tags"]


def test_the_file_functions_merge_the_project_and_the_environments_given(tmp_path: Path) -> None:
    from azure_openai_toolkit.config import load_stack_file, read_stack_file
    from tests.conftest import SMALL_STACK

    (tmp_path / "Pulumi.yaml").write_text(PROJECT + "config:\n  owner:\n    type: string\n  team: ai\n")
    project = read_project_config(tmp_path / "Pulumi.yaml")
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SMALL_STACK)
    plain_output = {"pulumiConfig": {"azure-openai:tags": {"team": "ai"}}}
    env = read_opened_environment(json.dumps(plain_output), "e.json")
    values, secret_keys = read_stack_file(path, project=project, opened=[env])
    assert json.loads(values["tags"]) == {"team": "ai"}
    assert values["team"] == "ai"  # the project's default
    assert secret_keys == []  # plain esc output is secret only where a secret may stand, not in tags
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path, project=project, opened=[env])
    text = str(caught.value)
    assert "Stack 'dev' is missing configuration value 'owner'" in text
    assert "a secret is not allowed at tags.team" not in text  # plain output counts only where allowed


def test_auto_placement_on_a_protected_stack_is_refused_unless_allowed(tmp_path: Path) -> None:
    from azure_openai_toolkit.config import load_stack_file
    from tests.conftest import SMALL_STACK

    path = tmp_path / "Pulumi.prod.yaml"
    stack = SMALL_STACK.replace("environment: dev", "environment: prod").replace(
        "    primary:\n", "    primary:\n      location: auto\n      placement: {regions: [swedencentral]}\n"
    )
    path.write_text(stack)
    with pytest.raises(ConfigError, match="protected stacks need a pinned region"):
        load_stack_file(path)
    layers = resolve_layers(path, "prod")
    with pytest.raises(ConfigError, match="protected stacks need a pinned region"):
        layers.stack_config()
    assert load_stack_file(path, allow_auto_on_protected=True).accounts["primary"].location == "auto"


@pytest.mark.parametrize(
    ("name", "variable"),
    [
        # The provider's own environment variables (pulumi-azure-native provider/pkg/gen/schema.go).
        ("clientSecret", "ARM_CLIENT_SECRET"),
        ("clientCertificatePassword", "ARM_CLIENT_CERTIFICATE_PASSWORD"),
        ("oidcToken", "ARM_OIDC_TOKEN"),
        ("oidcRequestToken", "ARM_OIDC_REQUEST_TOKEN"),
    ],
)
def test_a_plaintext_credential_names_the_providers_variable_for_it(
    tmp_path: Path, name: str, variable: str
) -> None:
    [problem] = _layers(tmp_path, PROJECT, STACK + f"  azure-native:{name}: hunter2-value\n").problems
    assert problem.message == (
        "a credential in plain text: everyone who can read Pulumi.dev.yaml (and its history) can use it; "
        f"encrypt it with `pulumi config set --secret azure-native:{name} --stack dev` (written as "
        f"secure:), or leave it to the {variable} environment variable or an ESC environment; then "
        "rotate it, as it was readable"
    )


@pytest.mark.parametrize(
    ("value", "plaintext"),
    [
        ("[hunter2]", True),
        ("{part: hunter2}", True),
        ("[{secure: AAABAHh5eg==}]", False),
        ("{part: {secure: AAABAHh5eg==}}", False),
        ("['']", False),
        ("{}", False),
        ("7", True),
    ],
)
def test_a_credential_is_plaintext_wherever_a_part_of_it_is(
    tmp_path: Path, value: str, plaintext: bool
) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + f"  azure-native:clientSecret: {value}\n")
    assert [p.message.startswith("a credential in plain text") for p in layers.problems] == (
        [True] if plaintext else []
    )
