"""AOAI_ENV_VALUES, the default of --env-values for CI: read per stack (a file, a folder of
<stack>.json, or a path with {stack}), ignored for stacks that import no ESC environment, and every
error names the variable, not a flag that was never passed. Also: what an env-values file is
checked against (the environment the stack imports) and how its errors are worded.

The project is docs/examples/platform-team (every stack imports azure-openai/shared) plus a stack
that imports nothing; the environment values are tests/fixtures/esc.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURES, PROJECT_ROOT

runner = CliRunner()
EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "platform-team"
SOLO = """config:
  azure-openai:namePrefix: solo
  azure-openai:environment: solo
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      publicNetworkAccess: Enabled
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}
"""


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "platform"
    shutil.copytree(EXAMPLE, project)
    shutil.copy2(PROJECT_ROOT / "__main__.py", project / "__main__.py")
    shutil.copy2(FIXTURES / "esc" / "shared.detailed.json", project / "env.json")
    (project / "stacks" / "Pulumi.solo.yaml").write_text(SOLO)  # imports no environment
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(project))
    monkeypatch.delenv("AOAI_ENV_VALUES", raising=False)
    monkeypatch.chdir(project)
    return project


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def validated(out: str) -> dict[str, dict[str, object]]:
    return {report["stack"]: report for report in json.loads(out)["stacks"]}


def test_without_the_variable_the_stacks_are_checked_without_their_environment(platform: Path) -> None:
    code, out, _ = invoke("validate", "--all", "--json")
    assert code == 2  # test's chat deployment is the environment's: incomplete without it
    assert any("cannot open offline" in note for note in validated(out)["prod"]["notes"])  # type: ignore[union-attr]


def test_one_file_for_all_goes_to_every_stack_that_imports_an_environment(
    platform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "env.json")
    code, out, err = invoke("validate", "--all", "--json")
    assert code == 0, out + err
    reports = validated(out)
    assert set(reports) == {"dev", "prod", "solo", "test"}
    assert all(report["valid"] for report in reports.values())
    assert not any("cannot open offline" in note for note in reports["prod"]["notes"])  # type: ignore[union-attr]
    # The stack that imports nothing is checked as it is, not refused.
    code, out, err = invoke("validate", "--stack", "solo")
    assert code == 0, out + err


@pytest.mark.parametrize("value", ["envs", "envs/", "envs/{stack}.json"])
def test_a_folder_or_a_stack_pattern_gives_each_stack_its_own_file(
    platform: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    (platform / "envs").mkdir()
    for stack in ("dev", "prod", "test"):
        shutil.copy2(platform / "env.json", platform / "envs" / f"{stack}.json")
    monkeypatch.setenv("AOAI_ENV_VALUES", value)
    code, out, err = invoke("validate", "--all", "--json")
    assert code == 0, out + err
    assert all(report["valid"] for report in validated(out).values())
    code, out, err = invoke("config", "show", "--stack", "prod", "--json")
    assert code == 0, out + err
    assert [env["from"] for env in json.loads(out)["environments"]["opened"]] == ["envs/prod.json"]


def test_a_missing_file_for_a_stack_names_the_variable_and_how_to_write_it(
    platform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (platform / "envs").mkdir()
    shutil.copy2(platform / "env.json", platform / "envs" / "dev.json")
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
    platform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (platform / "broken.json").write_text("[1]")
    monkeypatch.setenv("AOAI_ENV_VALUES", "broken.json")
    code, _, err = invoke("validate", "--all")
    assert code == 2
    assert "AOAI_ENV_VALUES broken.json: 1 problem in the env-values file" in err
    assert "--env-values" not in err and "stack config" not in err


def test_stdin_cannot_come_from_the_variable(platform: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "-")
    code, _, err = invoke("validate", "--stack", "dev")
    assert code == 2 and "AOAI_ENV_VALUES=-: stdin (-) cannot come from the variable" in err


def test_the_flag_wins_over_the_variable(platform: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_ENV_VALUES", "missing.json")
    code, out, err = invoke("validate", "--stack", "prod", "--env-values", "env.json")
    assert code == 0, out + err


def test_a_flag_error_still_names_the_flag(platform: Path) -> None:
    (platform / "broken.json").write_text("[1]")
    code, _, err = invoke("validate", "--stack", "dev", "--env-values", "broken.json")
    assert code == 2
    assert "--env-values broken.json: 1 problem in the env-values file (what `esc env open` prints)" in err
    code, out, _ = invoke("validate", "--stack", "solo", "--env-values", "env.json")
    assert code == 2
    assert "--env-values was given, but stacks/Pulumi.solo.yaml imports no ESC environment" in out


@pytest.mark.parametrize("command", ["preflight", "verify"])
def test_the_live_commands_take_the_variable_with_all(
    platform: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from aoai.commands.live_runs import chosen_stacks

    monkeypatch.setenv("AOAI_ENV_VALUES", "env.json")
    refs = {ref.name: ref for ref in chosen_stacks(None, True, None)}
    assert [env.label for env in refs["prod"].environments] == ["env.json"]
    assert refs["solo"].environments == ()
    code, _, err = invoke(command, "--all", "--env-values", "env.json")  # the flag is one stack's
    assert code == 2 and "use it with --stack, not --all" in err


def test_plan_against_another_stack_gives_it_its_own_file(
    platform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (platform / "envs").mkdir()
    shutil.copy2(platform / "env.json", platform / "envs" / "prod.json")
    monkeypatch.setenv("AOAI_ENV_VALUES", "envs/{stack}.json")
    code, _, err = invoke("plan", "--stack", "prod", "--against", "test")
    assert code == 2 and "no envs/test.json for stack test" in err
    shutil.copy2(platform / "env.json", platform / "envs" / "test.json")
    code, out, err = invoke("plan", "--stack", "prod", "--against", "test", "--json")
    assert code == 0, out + err
    assert "compared without its values" not in err


def test_the_output_of_another_environment_is_refused(platform: Path) -> None:
    text = (platform / "env.json").read_text().replace('"azure-openai/shared"', '"azure-openai/billing"')
    (platform / "billing.json").write_text(text)
    code, out, _ = invoke("validate", "--stack", "prod", "--env-values", "billing.json")
    assert code == 2
    assert (
        "billing.json: its values were defined in ESC environment azure-openai/billing, but "
        "Pulumi.prod.yaml imports azure-openai/shared: this is another environment's output; open the "
        "stack's own: esc env open azure-openai/shared --format detailed"
    ) in " ".join(out.split())


@pytest.mark.parametrize("written", ["azure-openai/shared@stable", "shared"])
def test_an_import_by_version_or_short_name_matches_its_output(platform: Path, written: str) -> None:
    stack = platform / "stacks" / "Pulumi.prod.yaml"
    stack.write_text(stack.read_text().replace("  - azure-openai/shared", f"  - {written}"))
    code, out, err = invoke("validate", "--stack", "prod", "--env-values", "env.json")
    assert code == 0, out + err
