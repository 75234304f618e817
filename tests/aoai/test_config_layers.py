"""The CLI reads stacks as `pulumi up` would: project config, ESC environment values, stack values.

The project is docs/examples/platform-team (the worked example of docs/configuration-layers.md)
with this repository's program; the environment values are what `esc env open` prints for its
esc/shared.yaml (tests/fixtures/esc). AOAI_ENV_VALUES, --env-values' default for CI, is read per
stack and ignored by a stack that imports nothing; its errors name the variable.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURES, PROJECT_ROOT

runner = CliRunner()
EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "platform-team"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.fake-oidc-token-for-tests.c2lnbmF0dXJl"


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "platform"
    shutil.copytree(EXAMPLE, project)
    shutil.copy2(PROJECT_ROOT / "__main__.py", project / "__main__.py")
    shutil.copy2(FIXTURES / "esc" / "shared.detailed.json", project / "env.json")
    shutil.copy2(FIXTURES / "esc" / "shared.plain.json", project / "env-plain.json")
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(project))
    monkeypatch.chdir(project)
    return project


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_without_the_environment_validate_names_the_keys_it_may_set(platform: Path) -> None:
    code, out, _ = invoke("validate", "--stack", "dev")
    assert code == 0, out
    assert (
        "note: Pulumi.dev.yaml imports ESC environment azure-openai/shared, which aoai cannot open "
        "offline: checked without it. It may set or change azure-openai: namePrefix, protect, location, "
        "tags, toolkitTags, roleAssignmentNaming, networkRegions, resourceGroup, accounts."
    ) in " ".join(out.split())


def test_a_key_only_the_environment_sets_is_a_clear_problem_without_it(platform: Path) -> None:
    project = platform / "Pulumi.yaml"
    project.write_text(project.read_text().replace("  namePrefix: contoso", "  # namePrefix: in ESC"))
    code, out, _ = invoke("validate", "--stack", "dev")
    assert code == 2
    assert (
        "azure-openai:namePrefix: required: Required. Lower-case letters, digits, hyphens. (it may come "
        "from ESC environment azure-openai/shared, which aoai cannot open offline: pass --env-values"
    ) in " ".join(out.split())


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_with_env_values_validate_uses_the_environment(platform: Path, source: str) -> None:
    if source == "file":
        code, out, _ = invoke("validate", "--stack", "prod", "--env-values", "env.json")
    else:
        code, out, _ = invoke(
            "validate", "--stack", "prod", "--env-values", "-", stdin=(platform / "env.json").read_text()
        )
    assert code == 0, out
    assert "1 account(s): primary in swedencentral; 2 deployment(s), protected" in out
    assert "note:" not in out


def test_plan_deploys_the_merged_config(platform: Path) -> None:
    code, out, _ = invoke("plan", "--stack", "prod", "--env-values", "env.json", "--json")
    assert code == 0, out
    resources = {r["name"]: r for r in json.loads(out)["resources"]}
    chat = resources["primary-deployments-chat"]["inputs"]
    assert chat["sku"] == {"name": "DataZoneStandard", "capacity": 50}  # prod's, merged over the shared
    embeddings = resources["primary-deployments-embeddings"]["inputs"]
    assert embeddings["sku"] == {"name": "Standard", "capacity": 10}  # the shared one
    account = resources["primary-account"]
    assert account["inputs"]["tags"] == {
        "costCenter": "4711",
        "dataClassification": "confidential",
        "environment": "prod",
        "managed-by": "azure-openai",
        "owner": "platform-team",
    }
    assert account["inputs"]["accountName"] == "contoso-prod-primary"  # namePrefix from Pulumi.yaml
    assert "primary-lock" in resources


def test_plan_against_another_stack_shows_the_merged_difference(platform: Path) -> None:
    code, out, _ = invoke(
        "plan", "--stack", "prod", "--against", "test", "--env-values", "env.json", "--json"
    )
    assert code == 0, out
    changes = {c["name"]: c for c in json.loads(out)["changes"]}
    chat = changes["primary-deployments-chat"]
    assert {"path": "sku.name", "before": "GlobalStandard", "after": "DataZoneStandard"} in [
        {k: p[k] for k in ("path", "before", "after")} for p in chat["properties"]
    ]
    assert changes["primary-lock"]["action"] == "create"
    # The embeddings deployment is shared: only what carries the environment differs (names, the
    # environment tag) and prod's extra tag; model, version and SKU are the same.
    changed = {p["path"] for p in changes["primary-deployments-embeddings"]["properties"]}
    assert changed == {"accountName", "resourceGroupName", "tags.environment", "tags.dataClassification"}


def test_secrets_of_the_environment_never_reach_the_output(platform: Path) -> None:
    for command in (
        ["validate", "--stack", "prod", "--json"],
        ["plan", "--stack", "prod", "--json"],
        ["config", "show", "--stack", "prod", "--json"],
        ["config", "show", "--stack", "prod"],
    ):
        for env in ("env.json", "env-plain.json"):
            code, out, err = invoke(*command, "--env-values", env)
            assert code == 0, (command, out)
            assert TOKEN not in out + err


def test_plain_output_is_masked_whole_and_says_how_to_keep_only_esc_secrets(platform: Path) -> None:
    code, out, _ = invoke("config", "show", "--stack", "dev", "--env-values", "env-plain.json")
    assert code == 0
    assert "platform-team" not in out
    assert "plain `esc env open` output does not mark secrets" in " ".join(out.split())


def test_config_show_prints_each_value_with_where_it_came_from(platform: Path) -> None:
    code, out, _ = invoke("config", "show", "--stack", "prod", "--env-values", "env.json")
    assert code == 0, out
    rows = [" ".join(line.split()) for line in out.splitlines()]
    assert rows[0] == "merged: stacks/Pulumi.prod.yaml (stack prod), Pulumi.yaml, ESC output env.json"
    assert rows[1] == "KEY VALUE FROM"
    assert rows[2:] == [
        "azure-native:clientId 11111111-aaaa-4bbb-8ccc-000000000001 environment azure-openai/shared",
        "azure-native:oidcToken [secret] environment azure-openai/shared",
        "azure-native:subscriptionId 11111111-aaaa-4bbb-8ccc-000000000003 environment azure-openai/shared",
        "azure-native:tenantId 11111111-aaaa-4bbb-8ccc-000000000002 environment azure-openai/shared",
        "azure-native:useOidc true environment azure-openai/shared",
        "azure-openai:accounts.primary.deployments.chat.model gpt-5.4 environment azure-openai/shared",
        "azure-openai:accounts.primary.deployments.chat.version 2026-03-05 environment azure-openai/shared",
        "azure-openai:accounts.primary.deployments.chat.sku DataZoneStandard stack Pulumi.prod.yaml",
        "azure-openai:accounts.primary.deployments.chat.capacity 50 stack Pulumi.prod.yaml",
        "azure-openai:accounts.primary.deployments.embeddings.model text-embedding-3-large environment "
        "azure-openai/shared",
        "azure-openai:accounts.primary.deployments.embeddings.version 1 environment azure-openai/shared",
        "azure-openai:accounts.primary.deployments.embeddings.sku Standard environment azure-openai/shared",
        "azure-openai:accounts.primary.deployments.embeddings.capacity 10 environment azure-openai/shared",
        "azure-openai:accounts.primary.lock CanNotDelete stack Pulumi.prod.yaml",
        "azure-openai:environment prod stack Pulumi.prod.yaml",
        "azure-openai:location swedencentral default in Pulumi.yaml",
        "azure-openai:namePrefix contoso default in Pulumi.yaml",
        "azure-openai:tags.costCenter 4711 environment azure-openai/shared",
        "azure-openai:tags.owner platform-team environment azure-openai/shared",
        "azure-openai:tags.dataClassification confidential stack Pulumi.prod.yaml",
    ]


def test_config_show_json_names_layers_and_masks_secrets(platform: Path) -> None:
    code, out, _ = invoke("config", "show", "--stack", "dev", "--json", "--env-values", "env.json")
    assert code == 0
    report = json.loads(out)
    assert report["environments"] == {
        "imports": ["azure-openai/shared"],
        "opened": [{"from": "env.json", "detailed": True, "definedIn": ["azure-openai/shared"]}],
        "unopened": [],
        "unevaluated": [],
    }
    assert report["config"]["azure-native:oidcToken"] == {
        "value": "[secret]",
        "secret": True,
        "from": ["environment azure-openai/shared"],
        "parts": [],
    }
    assert report["config"]["azure-openai:namePrefix"]["from"] == ["default in Pulumi.yaml"]
    assert report["valid"] is True


def test_program_gets_environment_secrets_as_secret_config(platform: Path) -> None:
    import pulumi
    from pulumi.runtime.config import is_config_secret

    from aoai.layers import read_env_values, stack_layers
    from aoai.offline.runner import run_in_mock_engine
    from aoai.stacks import StackRef

    stack = StackRef("dev", platform / "stacks" / "Pulumi.dev.yaml", read_env_values(["env.json"]))
    layers = stack_layers(stack)
    seen: dict[str, object] = {}

    def program() -> None:
        config = pulumi.Config("azure-openai")
        seen["tags"] = config.require_object("tags")
        seen["tags secret"] = is_config_secret("azure-openai:tags")

    secret_tags = {"owner": {"value": "platform-team", "secret": True, "trace": TRACE}}
    env = json.loads((platform / "env.json").read_text())
    env["value"]["pulumiConfig"]["value"]["azure-openai:tags"]["value"].update(secret_tags)
    (platform / "secret-tags.json").write_text(json.dumps(env))
    secret_stack = StackRef("dev", stack.path, read_env_values(["secret-tags.json"]))
    secret_layers = stack_layers(secret_stack)
    run_in_mock_engine(program, "dev", secret_layers.raw(), secret_layers.secret_keys())
    assert seen == {"tags": {"costCenter": "4711", "owner": "platform-team"}, "tags secret": True}
    run_in_mock_engine(program, "dev", layers.raw(), layers.secret_keys())
    assert seen["tags secret"] is False


def test_env_values_problems_exit_2_with_the_file_named(platform: Path) -> None:
    (platform / "broken.json").write_text("[1]")
    code, _, err = invoke("validate", "--stack", "dev", "--env-values", "broken.json")
    assert code == 2 and "--env-values broken.json: 1 problem" in err and "expected a JSON object" in err
    code, _, err = invoke("validate", "--stack", "dev", "--env-values", "missing.json")
    assert code == 2 and "--env-values missing.json: file not found" in err  # the one reader's words
    code, _, err = invoke("validate", "--all", "--env-values", "env.json")
    assert code == 2 and "use it with --stack, not --all" in err
    (platform / "stacks" / "Pulumi.solo.yaml").write_text("config:\n  azure-openai:environment: solo\n")
    code, out, _ = invoke("validate", "--stack", "solo", "--env-values", "env.json")
    assert code == 2 and "imports no ESC environment" in out


def test_new_env_keeps_the_imports_and_only_what_differs(platform: Path) -> None:
    source = platform / "stacks" / "Pulumi.test.yaml"
    source.write_text(
        source.read_text()
        + "  azure-openai:namePrefix: contoso\n  azure-openai:location: swedencentral\n"
        + "  azure-openai:tags: {owner: platform-team}\n"
    )
    code, out, err = invoke("new-env", "staging", "--from", "test", "--env-values", "env.json")
    assert code == 0, out + err
    written = (platform / "stacks" / "Pulumi.staging.yaml").read_text()
    assert "environment:\n  - azure-openai/shared\n" in written
    assert "azure-openai:environment: staging" in written
    assert "capacity: 50" in written  # differs from the shared value: kept
    for inherited in ("namePrefix", "azure-openai:location", "azure-openai:tags"):
        assert inherited not in written, written
    code, out, _ = invoke("validate", "--stack", "staging", "--env-values", "env.json")
    assert code == 0, out


def test_new_env_keeps_values_an_unopened_environment_could_override(platform: Path) -> None:
    source = platform / "stacks" / "Pulumi.dev.yaml"
    source.write_text(source.read_text() + "  azure-openai:namePrefix: contoso\n")
    code, out, err = invoke("new-env", "staging", "--from", "dev", "--dry-run")
    assert code == 0, out + err
    assert "azure-openai:namePrefix: contoso" in out
    assert "values equal to the project's were kept" in " ".join(err.split())


@pytest.mark.parametrize("stack", ["dev", "test", "prod"])
def test_every_stack_of_the_example_validates_and_plans_with_its_environment(
    platform: Path, stack: str
) -> None:
    code, out, _ = invoke("validate", "--stack", stack, "--env-values", "env.json")
    assert code == 0, out
    code, out, _ = invoke("plan", "--stack", stack, "--env-values", "env.json", "--json")
    assert code == 0, out
    names = {r["name"] for r in json.loads(out)["resources"]}
    assert {"primary-deployments-chat", "primary-deployments-embeddings"} <= names


def test_the_esc_output_fixture_is_what_the_example_environment_defines() -> None:
    from ruamel.yaml import YAML

    values = YAML(typ="safe", pure=True).load((EXAMPLE / "esc" / "shared.yaml").read_text())["values"]
    opened = json.loads((FIXTURES / "esc" / "shared.plain.json").read_text())
    assert set(opened["pulumiConfig"]) == set(values["pulumiConfig"])
    literal = {k: v for k, v in values["pulumiConfig"].items() if "${" not in json.dumps(v)}
    assert literal == {k: opened["pulumiConfig"][k] for k in literal}
    assert set(opened["environmentVariables"]) == set(values["environmentVariables"])
    assert set(opened["files"]) == set(values["files"])


def test_a_broken_project_file_is_named_in_the_problem(platform: Path) -> None:
    (platform / "Pulumi.yaml").write_text("name: azure-openai\nruntime: python\nconfig: [unclosed\n")
    code, _, err = invoke("validate", "--stack", "dev")
    assert code == 2
    assert f"{platform / 'Pulumi.yaml'}: cannot read the project file" in err


def test_the_example_project_file_passes_pulumis_schema_and_rules() -> None:
    import jsonschema
    from ruamel.yaml import YAML

    from azure_openai_toolkit.config.project_config import read_project_config

    document = YAML(typ="safe", pure=True).load((EXAMPLE / "Pulumi.yaml").read_text())
    jsonschema.validate(document, json.loads((FIXTURES / "pulumi-project.schema.json").read_text()))
    assert read_project_config(EXAMPLE / "Pulumi.yaml").problems == []


def test_against_a_stack_of_other_environments_says_it_compares_without_their_values(platform: Path) -> None:
    (platform / "stacks" / "Pulumi.other.yaml").write_text(
        "environment: [azure-openai/other]\n"
        "config:\n"
        "  azure-openai:environment: other\n"
        "  azure-openai:accounts:\n"
        "    primary:\n"
        "      deployments:\n"
        "        chat: {model: gpt-5.4, version: '2026-03-05', sku: GlobalStandard, capacity: 10}\n"
    )
    code, out, err = invoke("plan", "--stack", "dev", "--against", "other", "--env-values", "env.json")
    assert code == 0, out + err
    assert (
        "Pulumi.other.yaml imports ESC environment azure-openai/other, not the one(s) --env-values was "
        "given for, and aoai cannot open it offline: compared without its values"
    ) in " ".join(err.split())


PRINCIPAL = "11111111-2222-3333-4444-555555555555"


TRACE = {"def": {"environment": "azure-openai/shared"}}  # where ESC says the value was defined


def _with_esc_values(platform: Path, name: str, accounts: dict[str, Any], tags: dict[str, Any]) -> str:
    """env.json with detailed values added under accounts.primary and tags; the file's name."""
    env = json.loads((platform / "env.json").read_text())
    config = env["value"]["pulumiConfig"]["value"]
    config["azure-openai:accounts"]["value"]["primary"]["value"].update(accounts)
    config["azure-openai:tags"]["value"].update(tags)
    (platform / name).write_text(json.dumps(env))
    return name


def test_an_esc_secret_reaches_resources_as_a_secret_output(platform: Path) -> None:
    from pulumi.runtime.rpc import is_rpc_secret

    from aoai.layers import read_env_values
    from aoai.offline.plan import plan_stack
    from aoai.stacks import StackRef

    detailed: dict[str, Any] = {
        "roleAssignments": {
            "value": {
                "app": {
                    "value": {
                        "principalId": {"value": PRINCIPAL, "secret": True, "trace": TRACE},
                        "role": {"value": "Cognitive Services OpenAI User", "trace": TRACE},
                    }
                }
            }
        }
    }
    name = _with_esc_values(platform, "secret-principal.json", detailed, {})
    stack = StackRef("dev", platform / "stacks" / "Pulumi.dev.yaml", read_env_values([name]))
    (assignment,) = plan_stack(stack).by_type("azure-native:authorization:RoleAssignment")
    principal = assignment.inputs["principalId"]
    assert is_rpc_secret(principal) and principal["value"] == PRINCIPAL
    code, out, err = invoke("plan", "--stack", "dev", "--env-values", name, "--json")
    assert code == 0, out + err
    role_input = next(r for r in json.loads(out)["resources"] if r["name"] == "primary-role-assignments-app")
    assert role_input["inputs"]["principalId"] == "[secret]"
    assert PRINCIPAL not in out + err


def test_an_esc_secret_where_none_is_allowed_is_refused_like_a_stack_secret(platform: Path) -> None:
    name = _with_esc_values(
        platform, "secret-tag.json", {}, {"owner": {"value": "platform-team", "secret": True, "trace": TRACE}}
    )
    for command in (["validate"], ["plan"], ["config", "show"]):
        code, out, err = invoke(*command, "--stack", "dev", "--env-values", name)
        assert code == 2, (command, out + err)
        text = " ".join((out + err).split())
        assert (
            "azure-openai:tags.owner: a secret is not allowed at tags.owner: tags are shown to everyone"
        ) in text, text
        assert "(from environment azure-openai/shared)" in text
        assert "platform-team" not in out + err


def test_the_subscription_a_stack_deploys_to_comes_from_its_merged_config(platform: Path) -> None:
    # pulumi-azure-native reads azure-native:subscriptionId from the merged config, so it may come
    # from the ESC environment's Azure login, the stack file or Pulumi.yaml; and like the provider,
    # a stack's own wins over --subscription / AZURE_SUBSCRIPTION_ID (ConnectionOptions.settings).
    from aoai.layers import read_env_values, stack_subscription
    from aoai.stacks import StackRef

    path = platform / "stacks" / "Pulumi.dev.yaml"
    assert stack_subscription(StackRef("dev", path)) is None  # the environment is not opened
    opened = StackRef("dev", path, read_env_values(["env.json"]))
    assert stack_subscription(opened) == "11111111-aaaa-4bbb-8ccc-000000000003"
    project = platform / "Pulumi.yaml"
    project.write_text(
        project.read_text() + "  azure-native:subscriptionId: 22222222-aaaa-4bbb-8ccc-000000000003\n"
    )
    assert stack_subscription(StackRef("dev", path)) == "22222222-aaaa-4bbb-8ccc-000000000003"
    assert stack_subscription(opened) == "11111111-aaaa-4bbb-8ccc-000000000003"  # ESC over project
    path.write_text(path.read_text() + "  azure-native:subscriptionId:\n    secure: v1:AAAA\n")
    assert stack_subscription(opened) is None  # encrypted: not known offline


@pytest.mark.parametrize("command", ["preflight", "verify"])
def test_env_values_go_with_one_stack_of_the_live_commands(platform: Path, command: str) -> None:
    code, _, err = invoke(command, "--all", "--env-values", "env.json")
    assert code == 2 and "use it with --stack, not --all" in err


# --- AOAI_ENV_VALUES: --env-values for every stack of a CI job ------------------------------------

SOLO = """config:
  azure-openai:namePrefix: solo
  azure-openai:environment: solo
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      publicNetworkAccess: Enabled
      deployments:
        chat: {model: gpt-5.4, version: "2026-03-05", sku: GlobalStandard, capacity: 10}
"""


@pytest.fixture
def solo(platform: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform project plus a stack that imports no environment, AOAI_ENV_VALUES unset."""
    (platform / "stacks" / "Pulumi.solo.yaml").write_text(SOLO)
    monkeypatch.delenv("AOAI_ENV_VALUES", raising=False)
    return platform


def validated(out: str) -> dict[str, dict[str, Any]]:
    return {report["stack"]: report for report in json.loads(out)["stacks"]}


def test_without_the_variable_the_stacks_are_checked_without_their_environment(solo: Path) -> None:
    code, out, _ = invoke("validate", "--all", "--json")
    assert code == 2  # test's chat deployment is the environment's: incomplete without it
    assert any("cannot open offline" in note for note in validated(out)["prod"]["notes"])


def test_one_file_for_all_goes_to_every_stack_that_imports_an_environment(
    solo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "env.json")
    code, out, err = invoke("validate", "--all", "--json")
    assert code == 0, out + err
    reports = validated(out)
    assert set(reports) == {"dev", "prod", "solo", "test"}
    assert all(report["valid"] for report in reports.values())
    assert not any("cannot open offline" in note for note in reports["prod"]["notes"])
    # The stack that imports nothing is checked as it is, not refused.
    code, out, err = invoke("validate", "--stack", "solo")
    assert code == 0, out + err


@pytest.mark.parametrize("value", ["envs", "envs/", "envs/{stack}.json"])
def test_a_folder_or_a_stack_pattern_gives_each_stack_its_own_file(
    solo: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    (solo / "envs").mkdir()
    for stack in ("dev", "prod", "test"):
        shutil.copy2(solo / "env.json", solo / "envs" / f"{stack}.json")
    monkeypatch.setenv("AOAI_ENV_VALUES", value)
    code, out, err = invoke("validate", "--all", "--json")
    assert code == 0, out + err
    assert all(report["valid"] for report in validated(out).values())
    code, out, err = invoke("config", "show", "--stack", "prod", "--json")
    assert code == 0, out + err
    assert [env["from"] for env in json.loads(out)["environments"]["opened"]] == ["envs/prod.json"]


def test_a_missing_file_for_a_stack_names_the_variable_and_how_to_write_it(
    solo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (solo / "envs").mkdir()
    shutil.copy2(solo / "env.json", solo / "envs" / "dev.json")
    monkeypatch.setenv("AOAI_ENV_VALUES", "envs/{stack}.json")
    code, _, err = invoke("validate", "--stack", "prod")
    assert code == 2
    assert (
        "AOAI_ENV_VALUES=envs/{stack}.json: no envs/prod.json for stack prod, which imports ESC "
        "environment azure-openai/shared; write it with `esc env open azure-openai/shared --format "
        "detailed > envs/prod.json`, or unset AOAI_ENV_VALUES"
    ) in " ".join(err.split())
    assert "--env-values" not in err


def test_a_bad_file_from_the_variable_names_the_variable_and_the_env_values_file(
    solo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (solo / "broken.json").write_text("[1]")
    monkeypatch.setenv("AOAI_ENV_VALUES", "broken.json")
    code, _, err = invoke("validate", "--all")
    assert code == 2
    assert "AOAI_ENV_VALUES broken.json: 1 problem in the env-values file" in err
    assert "--env-values" not in err and "stack config" not in err


def test_stdin_cannot_come_from_the_variable(solo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "-")
    code, _, err = invoke("validate", "--stack", "dev")
    assert code == 2 and "AOAI_ENV_VALUES=-: stdin (-) cannot come from the variable" in err


def test_the_flag_wins_over_the_variable(solo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "missing.json")
    code, out, err = invoke("validate", "--stack", "prod", "--env-values", "env.json")
    assert code == 0, out + err


def test_a_flag_error_still_names_the_flag(solo: Path) -> None:
    (solo / "broken.json").write_text("[1]")
    code, _, err = invoke("validate", "--stack", "dev", "--env-values", "broken.json")
    assert code == 2
    assert "--env-values broken.json: 1 problem in the env-values file (what `esc env open` prints)" in err
    code, out, _ = invoke("validate", "--stack", "solo", "--env-values", "env.json")
    assert code == 2
    assert "--env-values was given, but stacks/Pulumi.solo.yaml imports no ESC environment" in out


@pytest.mark.parametrize("command", ["preflight", "verify"])
def test_the_live_commands_take_the_variable_with_all(
    solo: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from aoai.commands.live_runs import chosen_stacks

    monkeypatch.setenv("AOAI_ENV_VALUES", "env.json")
    refs = {ref.name: ref for ref in chosen_stacks(None, True, None)}
    assert [env.label for env in refs["prod"].environments] == ["env.json"]
    assert refs["solo"].environments == ()
    code, _, err = invoke(command, "--all", "--env-values", "env.json")  # the flag is one stack's
    assert code == 2 and "use it with --stack, not --all" in err


def test_plan_against_another_stack_gives_it_its_own_file(
    solo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (solo / "envs").mkdir()
    shutil.copy2(solo / "env.json", solo / "envs" / "prod.json")
    monkeypatch.setenv("AOAI_ENV_VALUES", "envs/{stack}.json")
    code, _, err = invoke("plan", "--stack", "prod", "--against", "test")
    assert code == 2 and "no envs/test.json for stack test" in err
    shutil.copy2(solo / "env.json", solo / "envs" / "test.json")
    code, out, err = invoke("plan", "--stack", "prod", "--against", "test", "--json")
    assert code == 0, out + err
    assert "compared without its values" not in err


def test_the_output_of_another_environment_is_refused(solo: Path) -> None:
    text = (solo / "env.json").read_text().replace('"azure-openai/shared"', '"azure-openai/billing"')
    (solo / "billing.json").write_text(text)
    code, out, _ = invoke("validate", "--stack", "prod", "--env-values", "billing.json")
    assert code == 2
    assert (
        "billing.json: its values were defined in ESC environment azure-openai/billing, but "
        "Pulumi.prod.yaml imports azure-openai/shared: this is another environment's output; open the "
        "stack's own: esc env open azure-openai/shared --format detailed"
    ) in " ".join(out.split())


@pytest.mark.parametrize("written", ["azure-openai/shared@stable", "shared"])
def test_an_import_by_version_or_short_name_matches_its_output(solo: Path, written: str) -> None:
    stack = solo / "stacks" / "Pulumi.prod.yaml"
    stack.write_text(stack.read_text().replace("  - azure-openai/shared", f"  - {written}"))
    code, out, err = invoke("validate", "--stack", "prod", "--env-values", "env.json")
    assert code == 0, out + err


def test_a_stack_importing_nothing_compared_with_one_that_imports_gives_it_the_variables_file(
    solo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = invoke("plan", "--stack", "solo", "--against", "prod")
    assert code == 2 and "it may come from ESC environment azure-openai/shared" in err  # prod is incomplete
    monkeypatch.setenv("AOAI_ENV_VALUES", "env.json")
    code, out, err = invoke("plan", "--stack", "solo", "--against", "prod")
    assert code == 0, out + err
    assert "compared without its values" not in err
