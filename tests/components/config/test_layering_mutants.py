"""The layers' rules that mutation testing showed no test pinned (layering.py): where a problem of
a merged value is reported, the hint that an environment aoai could not open may set a value,
property paths into arrays, and the engine's typed checks.

Expected values come from the rules: Pulumi's config.Map.Set with path=true (a property path
creates maps and arrays on the way, an index equal to an array's length appends, a part of the
wrong kind is an error), mergeConfig's order (stack, environment, project), validateStackConfigValues
(workspace.ValidateConfigValue on the merged value), and the offline hints of docs/configuration-layers.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.config import ConfigError, load_stack_file
from azure_openai_toolkit.config.environments import read_opened_environment
from azure_openai_toolkit.config.layering import ConfigLayers
from azure_openai_toolkit.config.values import plain
from tests.components.config.test_layering import _NO_PREFIX, PROJECT, ROLE, STACK, _detailed, _layers
from tests.conftest import SMALL_STACK

VALID = _NO_PREFIX + "  azure-openai:namePrefix: contoso\n"
HINT = (
    " (it may come from ESC environment {}, which aoai cannot open offline: pass --env-values with "
    "what `esc env open ENV --format detailed` prints)"
)


def _problems(layers: ConfigLayers) -> dict[str, str]:
    return {p.path: p.message for p in layers.validate().problems}


# --- the hint that an environment aoai could not open may set a value ----------------------------


def test_a_missing_value_may_come_from_the_environments_not_opened(tmp_path: Path) -> None:
    stack = "environment:\n  - acme/shared\n  - acme/extra\n" + _NO_PREFIX
    (message,) = _problems(_layers(tmp_path, PROJECT, stack)).values()
    assert message.startswith("required")
    assert message.endswith(HINT.format("acme/shared, acme/extra"))


VERSION = 'version: "2025-08-07", '
CHAT_VERSION = "accounts.primary.deployments.chat.version"
CHAT_CAPACITY = "accounts.primary.deployments.chat.capacity"


def test_a_missing_part_of_a_stack_map_may_come_from_the_environment(tmp_path: Path) -> None:
    # The environment's map merges under the stack's: a part the stack's map lacks may be there.
    stack = "environment: [acme/shared]\n" + SMALL_STACK.replace(VERSION, "")
    problems = _problems(_layers(tmp_path, PROJECT, stack))
    assert list(problems) == [CHAT_VERSION]
    assert problems[CHAT_VERSION].startswith("required")
    assert problems[CHAT_VERSION].endswith(HINT.format("acme/shared"))


def test_a_wrong_value_the_stack_sets_is_its_own_whatever_the_environment(tmp_path: Path) -> None:
    # The stack's scalar wins over the environment's; a wrong part of a stack map is the stack's.
    stack = "environment: [acme/shared]\n" + SMALL_STACK.replace("contoso", "Contoso_Corp").replace(
        "capacity: 1", "capacity: 0"
    )
    problems = _problems(_layers(tmp_path, PROJECT, stack))
    assert sorted(problems) == [CHAT_CAPACITY, "namePrefix"]
    assert not any("may come from" in message for message in problems.values())


def test_a_wrong_project_default_may_be_overridden_by_the_environment(tmp_path: Path) -> None:
    # A project default loses to an environment's value (mergeConfig: environment before project).
    project = PROJECT + "config:\n  protect: maybe\n"
    problems = _problems(_layers(tmp_path, project, "environment: [acme/shared]\n" + VALID))
    assert list(problems) == ["protect"]
    assert problems["protect"].endswith(HINT.format("acme/shared"))


def test_what_only_esc_computes_is_said_to_come_from_the_inline_definition(tmp_path: Path) -> None:
    stack = "environment:\n  values:\n    pulumiConfig:\n      namePrefix: ${prefix}\n" + _NO_PREFIX
    (message,) = _problems(_layers(tmp_path, PROJECT, stack)).values()
    assert message.endswith(HINT.format("the inline environment definition"))


def test_without_an_environment_nothing_may_come_from_one(tmp_path: Path) -> None:
    (message,) = _problems(_layers(tmp_path, PROJECT, _NO_PREFIX)).values()
    assert "may come from" not in message


def test_a_problem_outside_our_namespace_gets_no_environment_hint(tmp_path: Path) -> None:
    project = "name: myproj\nruntime: python\nconfig:\n  owner:\n    type: string\n"
    problems = _layers(tmp_path, project, "environment: [acme/shared]\n" + VALID).validate().problems
    assert [(p.key, p.message) for p in problems] == [
        ("myproj:owner", "Stack 'dev' is missing configuration value 'owner'")
    ]


def test_the_namespace_hint_continues_the_message_after_its_full_stop(tmp_path: Path) -> None:
    project = "name: myproj\nruntime: python\nconfig:\n  myproj:namePrefix: contoso\n"
    (message,) = _problems(_layers(tmp_path, project, _NO_PREFIX)).values()
    assert message.startswith("required") and ".;" not in message
    # Written with its namespace, the key is not one "without a namespace".
    assert "; myproj:namePrefix is set (default in Pulumi.yaml), but the toolkit reads" in message


def test_a_wrong_value_is_not_taken_for_a_misplaced_key(tmp_path: Path) -> None:
    # Only a required (missing) key can be the one set in another namespace.
    stack = SMALL_STACK.replace("contoso", "Contoso_Corp") + "  myproj:namePrefix: contoso\n"
    problems = _problems(_layers(tmp_path, PROJECT, stack))
    assert list(problems) == ["namePrefix"] and "is set" not in problems["namePrefix"]


def test_a_missing_part_of_a_key_is_not_taken_for_a_misplaced_key(tmp_path: Path) -> None:
    stack = SMALL_STACK.replace(VERSION, "") + "  myproj:accounts: {}\n"
    problems = _problems(_layers(tmp_path, PROJECT, stack))
    assert list(problems) == [CHAT_VERSION] and "is set" not in problems[CHAT_VERSION]


# --- where a problem of a merged value is reported ----------------------------------------------


def test_a_wrong_part_an_environment_merged_into_a_stack_map_is_the_environments(tmp_path: Path) -> None:
    env = {"pulumiConfig": {"azure-openai:accounts": {"a": {"publicNetworkAccess": "Sometimes"}}}}
    stack = "environment: [e]\n" + VALID.replace("      publicNetworkAccess: Enabled\n", "")
    problems = _layers(tmp_path, PROJECT, stack, env).validate().problems
    assert [(p.path, p.file, p.line) for p in problems] == [
        ("accounts.a.publicNetworkAccess", "environment env0.json", None)
    ]


def test_the_origin_of_a_part_is_that_of_its_deepest_existing_parent(tmp_path: Path) -> None:
    env = {"pulumiConfig": {"azure-openai:tags": {"team": {"lead": "ai"}}}}
    layers = _layers(tmp_path, PROJECT, "environment: [e]\n" + STACK + "  azure-openai:tags: {a: '1'}\n", env)
    labels = {
        loc: origin.label() if (origin := layers.origin_at("azure-openai", loc)) else None
        for loc in (("tags", "team", "lead"), ("tags", "team", "nobody"), ("tags", "a"), ("tags", "b"))
    }
    assert labels == {
        ("tags", "team", "lead"): "environment env0.json",
        ("tags", "team", "nobody"): "environment env0.json",
        ("tags", "a"): "stack Pulumi.dev.yaml",
        ("tags", "b"): "stack Pulumi.dev.yaml",
    }
    assert layers.origin_at("azure-openai", ()) is None
    assert layers.origin_at("azure-openai", (0,)) is None
    assert layers.origin_at("azure-openai", ("nothing",)) is None


def test_every_problem_is_located_after_one_of_another_file(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  a:b:c: 1\n"
    stack = SMALL_STACK.replace("contoso", "Contoso_Corp")
    problems = _layers(tmp_path, project, stack).validate().problems
    assert [(p.path or p.key, p.file, p.line) for p in problems] == [
        ("config.a:b:c", "Pulumi.yaml", 4),
        ("namePrefix", None, 2),
    ]


def test_a_stack_file_secret_where_none_is_allowed_is_reported_once(tmp_path: Path) -> None:
    stack = _NO_PREFIX + "  azure-openai:namePrefix:\n    secure: v1:abc\n"
    problems = _layers(tmp_path, PROJECT, stack).validate().problems
    assert [p.path for p in problems] == ["namePrefix"]


def test_a_wrong_number_is_quoted_as_the_stack_file_writes_it(tmp_path: Path) -> None:
    stack = SMALL_STACK.replace("version: \"2025-08-07\"", "version: 2025.0810")
    problems = _problems(_layers(tmp_path, PROJECT, stack))
    assert list(problems) == [CHAT_VERSION] and "2025.0810" in problems[CHAT_VERSION], problems


def test_an_invalid_stack_names_its_file(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT, _NO_PREFIX)
    with pytest.raises(ConfigError) as caught:
        layers.stack_config()
    assert caught.value.source == str(tmp_path / "Pulumi.dev.yaml")


# --- secrets of other namespaces, and ours after theirs --------------------------------------------


def test_secret_keys_of_another_namespace(tmp_path: Path) -> None:
    env = _detailed({"other:token": "t0ken", "other:region": "west"}, secret=("other:token",))
    layers = _layers(tmp_path, PROJECT, "environment: [e]\n" + STACK, env)
    assert layers.secret_keys("other") == ["token"]
    assert layers.secret_keys("azure-native") == []


def test_our_secrets_are_found_after_another_namespaces_keys(tmp_path: Path) -> None:
    # ("azure-native", ...) sorts before ("azure-openai", ...).
    env = _detailed({"azure-openai:tags": {"token": "t0ken"}}, secret=("azure-openai:tags.token",))
    stack = "environment: [e]\n" + STACK + "  azure-native:location: swedencentral\n"
    layers = _layers(tmp_path, PROJECT, stack, env)
    assert layers.secret_keys() == ["tags"]


# --- property paths into arrays and maps (config.Map.Set with path=true) ---------------------------


def _raw(layers: ConfigLayers, key: str) -> Any:
    return json.loads(layers.raw()[key])


def test_project_paths_build_an_array_index_by_index(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  zones[0]: a\n  zones[1]: b\n", STACK)
    assert _raw(layers, "zones") == ["a", "b"]
    assert layers.values[("azure-openai", "zones")].origin.layer == "default"
    assert layers.problems == []


def test_a_project_path_appends_to_a_stack_array_and_leaves_its_items(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  zones[1]: b\n  zones[2]: c\n"
    layers = _layers(tmp_path, project, STACK + "  azure-openai:zones: [x, y]\n")
    assert _raw(layers, "zones") == ["x", "y", "c"]
    zones = layers.values[("azure-openai", "zones")]
    assert [item.origin.layer for item in zones.value] == ["stack", "stack", "default"]
    assert zones.origin.layer == "stack"


def test_a_project_path_into_an_array_item_sets_one_entry_of_it(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  zones[0].sku: s\n"
    layers = _layers(tmp_path, project, STACK + "  azure-openai:zones: [{name: x}, {name: y}]\n")
    assert _raw(layers, "zones") == [{"name": "x", "sku": "s"}, {"name": "y"}]


def test_a_project_path_deep_in_a_stack_map_keeps_its_siblings(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  tags.team.lead: ai\n  deep.a.b: x\n"
    layers = _layers(tmp_path, project, STACK + "  azure-openai:tags: {team: {size: '3'}}\n")
    assert _raw(layers, "tags") == {"team": {"size": "3", "lead": "ai"}}
    assert _raw(layers, "deep") == {"a": {"b": "x"}}
    assert layers.values[("azure-openai", "tags")].origin.layer == "stack"
    assert layers.values[("azure-openai", "deep")].origin.layer == "default"


@pytest.mark.parametrize(
    ("stack_value", "key", "message"),
    [
        ("[a]", "tags.owner", "a map was expected for key 'owner'"),
        ("{a: b}", "tags[0]", "an array was expected for index 0"),
        ("[a]", "tags[2]", "an array was expected for index 2"),  # past the end, not just after it
    ],
)
def test_a_project_path_through_a_value_of_the_wrong_kind_is_refused(
    tmp_path: Path, stack_value: str, key: str, message: str
) -> None:
    project = PROJECT + f"config:\n  {key}: x\n  zz: later\n"
    layers = _layers(tmp_path, project, STACK + f"  azure-openai:tags: {stack_value}\n")
    assert [(p.key, p.file, p.line, p.message) for p in layers.problems] == [
        (f"config.{key}", "Pulumi.yaml", 4, message)
    ]
    assert layers.raw()["zz"] == "later"  # the next key is still applied


def test_a_project_key_path_pulumi_cannot_parse_is_refused_and_the_next_applied(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  tags[x]: a\n  zz: later\n", STACK)
    assert [(p.key, p.line) for p in layers.problems] == [("config.tags[x]", 4)]
    assert layers.problems[0].message.startswith("invalid config key path 'tags[x]'")
    assert layers.raw()["zz"] == "later"


def test_a_project_key_the_stack_sets_is_skipped_and_the_next_applied(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  environment: prod\n  zz: later\n"
    layers = _layers(tmp_path, project, STACK)
    assert (layers.raw()["environment"], layers.raw()["zz"]) == ("dev", "later")


def test_a_top_level_project_value_is_held_as_written(tmp_path: Path) -> None:
    # adjustObjectValue applies to a value set below the top level only; a map is kept as a map.
    project = PROJECT + "config:\n  flag: 'true'\n  tags:\n    default: {a: '1'}\n"
    layers = _layers(tmp_path, project, STACK)
    assert plain(layers.values[("azure-openai", "flag")], reveal=True) == "true"
    assert _raw(layers, "tags") == {"a": "1"}


# --- the engine's typed checks --------------------------------------------------------------------


def test_every_typed_declaration_is_checked_after_untyped_and_unset_ones(tmp_path: Path) -> None:
    project = PROJECT + (
        "config:\n  a: plain\n  b:\n    type: string\n  c:\n    type: integer\n"
        "  d:\n    type: string\n    secret: true\n"
    )
    stack = STACK + "  azure-openai:c: many\n  azure-openai:d: visible\n"
    layers = _layers(tmp_path, project, stack)
    assert [(p.path, p.file, p.line, p.message) for p in layers.problems] == [
        ("b", "Pulumi.yaml", 5, "Stack 'dev' is missing configuration value 'b'"),
        ("c", "Pulumi.yaml", 7, "Stack 'dev' with configuration key 'c' must be of type 'integer'"),
        ("d", "Pulumi.yaml", 9, "Stack 'dev' with configuration key 'd' must be encrypted as it's secret"),
    ]


def test_an_encrypted_typed_value_is_left_to_pulumi_and_the_next_checked(tmp_path: Path) -> None:
    # In another project's namespace, where the contract does not judge secrets.
    project = "name: myproj\nruntime: python\nconfig:\n  a:\n    type: integer\n  b:\n    type: integer\n"
    stack = STACK + "  myproj:a:\n    secure: v1:abc\n  myproj:b: many\n"
    layers = _layers(tmp_path, project, stack)
    assert layers.notes == [
        "myproj:a is encrypted in the stack file: its type (integer) is checked by `pulumi up`, not offline"
    ]
    assert [p.message for p in layers.problems] == [
        "Stack 'dev' with configuration key 'b' must be of type 'integer'"
    ]


def test_a_scalar_is_checked_as_the_text_the_program_gets(tmp_path: Path) -> None:
    # An environment's number reaches the program as its text: a string to a `string` declaration.
    project = PROJECT + "config:\n  size:\n    type: string\n"
    layers = _layers(tmp_path, project, "environment: [e]\n" + STACK, {"pulumiConfig": {"size": 3}})
    assert layers.problems == []


def test_a_container_is_checked_with_its_secrets_revealed(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  ports:\n    type: array\n    items: {type: integer}\n"
    env = _detailed({"azure-openai:ports": ["443"]})
    env["value"]["pulumiConfig"]["value"]["azure-openai:ports"] = {
        "value": [{"value": "443", "secret": True}], "trace": {"def": {"environment": "acme/shared"}}
    }
    layers = _layers(tmp_path, project, "environment: [acme/shared]\n" + STACK, env)
    assert layers.secret_keys() == ["ports"]
    assert layers.problems == []


def test_a_typed_path_is_checked_at_its_own_part(tmp_path: Path) -> None:
    project = PROJECT + (
        "config:\n  tags.owner:\n    type: string\n  tags.team:\n    type: string\n"
        "  team.lead:\n    type: string\n"
    )
    layers = _layers(tmp_path, project, STACK + "  azure-openai:tags: {owner: ai}\n")
    assert [p.message for p in layers.problems] == [
        "Stack 'dev' is missing configuration value 'tags.team'",
        "Stack 'dev' is missing configuration value 'team.lead'",
    ]


# --- the stack file's environment block, and the file functions ---------------------------------


def test_a_bad_environment_block_is_reported_at_the_stack_file_line(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + "environment: 3\n")
    assert [(p.key, p.line) for p in layers.problems] == [("environment", 3)]


def test_another_environments_output_is_refused_naming_the_stack_file(tmp_path: Path) -> None:
    env = _detailed({"azure-openai:location": "swedencentral"}, environment="acme/other")
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + STACK, env)
    (problem,) = layers.problems
    assert problem.file == "env0.json"
    assert "but Pulumi.dev.yaml imports acme/shared" in problem.message


def test_load_stack_file_merges_the_environments_given(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.dev.yaml"
    stack.write_text("environment: [e]\n" + _NO_PREFIX)
    opened = [read_opened_environment(json.dumps({"pulumiConfig": {"namePrefix": "contoso"}}), "e.json")]
    assert load_stack_file(stack, opened=opened).name_prefix == "contoso"


def test_environment_keys_pulumi_cannot_parse_or_would_ignore_are_refused_at_their_file(
    tmp_path: Path,
) -> None:
    env = {"pulumiConfig": {"a:b:c": "x", "azure-opneai:location": "y", "tags": {"a": "1"},
                            "azure-openai:tags": {"b": "2"}, "zz": "later"}}
    layers = _layers(tmp_path, PROJECT, "environment: [e]\n" + STACK, env)
    assert [(p.path, p.key, p.file) for p in layers.problems] == [
        ("", "a:b:c", "environment env0.json"),
        ("", "azure-opneai:location", "environment env0.json"),
        ("", "azure-openai:tags", "environment env0.json"),
    ]
    assert layers.problems[0].message.startswith("could not parse a:b:c as a configuration key")
    assert "did you mean 'azure-openai:location'?" in layers.problems[1].message
    assert "azure-openai:tags" in layers.problems[2].message
    assert layers.raw()["zz"] == "later"


def test_an_environment_key_of_the_projects_own_namespace_is_no_misspelling(tmp_path: Path) -> None:
    project = "name: azure-openai2\nruntime: python\n"
    layers = _layers(tmp_path, project, "environment: [e]\n" + STACK, {"pulumiConfig": {"team": "ai"}})
    assert layers.problems == [] and ("azure-openai2", "team") in layers.values


def test_an_inline_definitions_literal_values_are_merged(tmp_path: Path) -> None:
    stack = "environment:\n  values:\n    pulumiConfig:\n      tags: {a: '1'}\n" + STACK
    layers = _layers(tmp_path, PROJECT, stack)
    assert _raw(layers, "tags") == {"a": "1"}
    origin = layers.values[("azure-openai", "tags")].origin
    assert origin.label() == "environment inline definition in Pulumi.dev.yaml"


def test_a_project_path_past_an_arrays_end_makes_the_item_it_names(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT + "config:\n  zones[0].name: a\n", STACK)
    assert _raw(layers, "zones") == [{"name": "a"}]


def test_the_validated_config_knows_which_keys_the_engine_marks_secret(tmp_path: Path) -> None:
    # An ESC secret where one is allowed: the program gets its top-level key as a secret key.
    principal = "azure-openai:accounts.primary.roleAssignments.app.principalId"
    env = _detailed({"azure-openai:accounts": ROLE}, (principal,))
    layers = _layers(tmp_path, PROJECT, "environment: [acme/shared]\n" + SMALL_STACK, env)
    assert layers.stack_config().secret_keys == {"accounts"}


def test_validate_refuses_auto_placement_on_a_protected_stack_unless_allowed(tmp_path: Path) -> None:
    stack = SMALL_STACK.replace("environment: dev", "environment: prod").replace(
        "    primary:\n", "    primary:\n      location: auto\n      placement: {regions: [swedencentral]}\n"
    )
    layers = _layers(tmp_path, PROJECT, stack)
    assert any("protected stacks need a pinned region" in p.message for p in layers.validate().problems)
    assert layers.validate(allow_auto_on_protected=True).problems == []
