"""`aoai stacks` and stack selection (--all --glob): what CI matrices are built from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PROJECT_ROOT

runner = CliRunner()

STACK = """config:
  azure-openai:namePrefix: {prefix}
  azure-openai:environment: {environment}
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      location: {region}
      deployments:
        chat: {{model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: {capacity}}}
"""


def write_stack(
    folder: Path, name: str, environment: str = "dev", capacity: int = 1, extra: str = ""
) -> Path:
    path = folder / f"Pulumi.{name}.yaml"
    region = "switzerlandnorth" if environment == "prod" else "swedencentral"
    text = STACK.format(
        prefix=name.replace("-", "")[:10], environment=environment, region=region, capacity=capacity
    )
    path.write_text(text + extra)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())
    stacks = tmp_path / "stacks"
    stacks.mkdir()
    write_stack(stacks, "team-a-dev")
    write_stack(
        stacks,
        "team-a-prod",
        "prod",
        extra="  azure-native:subscriptionId: 33333333-3333-3333-3333-333333333333\n",
    )
    write_stack(stacks, "team-b-dev", capacity=0)  # invalid
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["stacks", "--json", *args])
    assert result.exit_code == 0, result.output
    stacks: list[dict[str, object]] = json.loads(result.stdout)["stacks"]
    return stacks


def test_every_stack_file_is_listed_with_what_ci_needs(project: Path) -> None:
    stacks = {s["name"]: s for s in listing()}
    assert list(stacks) == ["team-a-dev", "team-a-prod", "team-b-dev"]
    assert stacks["team-a-dev"] == {
        "name": "team-a-dev",
        "path": "stacks/Pulumi.team-a-dev.yaml",
        "valid": True,
        "protected": False,
        "environment": "dev",
        "subscription": None,
        "locations": {"primary": "swedencentral"},
        "accounts": 1,
        "deployments": 1,
        "problems": 0,
    }
    prod = stacks["team-a-prod"]
    assert (prod["protected"], prod["environment"], prod["subscription"]) == (
        True,
        "prod",
        "33333333-3333-3333-3333-333333333333",
    )
    assert prod["locations"] == {"primary": "switzerlandnorth"}


def test_an_invalid_stack_is_listed_and_counts_as_protected(project: Path) -> None:
    broken = next(s for s in listing() if s["name"] == "team-b-dev")
    assert (broken["valid"], broken["protected"], broken["problems"]) == (False, True, 1)


def test_text_lists_one_line_per_stack(project: Path) -> None:
    result = runner.invoke(app, ["stacks"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "team-a-dev: stacks/Pulumi.team-a-dev.yaml, valid; 1 account(s) in swedencentral; "
        "subscription from CI/--subscription"
    )
    assert lines[1].startswith("team-a-prod: stacks/Pulumi.team-a-prod.yaml, valid, protected;")
    assert lines[2] == (
        "team-b-dev: stacks/Pulumi.team-b-dev.yaml, invalid (1 problems), protected; 0 account(s) in -; "
        "subscription from CI/--subscription"
    )


def test_glob_selects_by_name_or_by_path(project: Path, tmp_path: Path) -> None:
    assert [s["name"] for s in listing("--glob", "team-a-*")] == ["team-a-dev", "team-a-prod"]
    elsewhere = tmp_path / "platform"
    elsewhere.mkdir()
    write_stack(elsewhere, "shared-dev")
    assert [s["name"] for s in listing("--glob", "platform/Pulumi.*.yaml")] == ["shared-dev"]


def test_no_match_and_duplicate_names_are_usage_errors(project: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stacks", "--glob", "team-z-*"])
    assert result.exit_code == 2
    assert "no stack files matching 'team-z-*'" in result.output
    other = tmp_path / "other"
    other.mkdir()
    write_stack(other, "team-a-dev")
    result = runner.invoke(app, ["stacks", "--glob", "*/Pulumi.team-a-dev.yaml"])
    assert result.exit_code == 2
    assert "two stack files named 'team-a-dev'" in result.output


def test_validate_all_takes_the_same_glob(project: Path) -> None:
    result = runner.invoke(app, ["validate", "--all", "--glob", "team-a-*"])
    assert result.exit_code == 0, result.output
    assert "team-a-dev.yaml: valid" in result.output and "team-b-dev" not in result.output
    result = runner.invoke(app, ["validate", "--stack", "team-a-dev", "--glob", "team-a-*"])
    assert result.exit_code == 2 and "--glob goes with --all" in result.output


# -- a stack or project file linked to a file outside the project -----------------------------------

SECRET = "TOPSECRET-7f3a9c"


def outside_file(tmp_path: Path) -> Path:
    """A file elsewhere on the machine (say a credentials file) that looks enough like a stack file
    that a reader would quote it back in an error."""
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "credentials.yaml"
    target.write_text(f"config:\n  azure-openai:namePrefix: {SECRET}\n  password: {SECRET}\n")
    return target


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--stack", "evil"],
        ["validate", "--stack", "stacks/Pulumi.evil.yaml", "--json"],
        ["validate", "--all"],
        ["plan", "--stack", "evil"],
        ["stacks", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_stack_file_linked_outside_the_project_is_refused_unread(
    project: Path, tmp_path: Path, args: list[str]
) -> None:
    (project / "stacks" / "Pulumi.evil.yaml").symlink_to(outside_file(tmp_path))
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "stacks/Pulumi.evil.yaml is a symbolic link to a file outside the project" in text
    assert SECRET not in result.output


def test_a_stack_folder_linked_outside_the_project_is_refused_too(project: Path, tmp_path: Path) -> None:
    target = outside_file(tmp_path)
    (target.parent / "Pulumi.away.yaml").write_text(target.read_text())
    (project / "linked").symlink_to(target.parent)
    result = runner.invoke(app, ["validate", "--stack", "linked/Pulumi.away.yaml"])
    assert result.exit_code == 2, result.output
    assert "outside the project" in result.output and SECRET not in result.output


def test_a_link_inside_the_project_is_followed(project: Path) -> None:
    (project / "stacks" / "Pulumi.alias.yaml").symlink_to("Pulumi.team-a-dev.yaml")
    result = runner.invoke(app, ["validate", "--stack", "alias"])
    assert result.exit_code == 0, result.output


def test_a_project_file_linked_outside_the_project_is_refused_unread(project: Path, tmp_path: Path) -> None:
    target = outside_file(tmp_path)
    (project / "Pulumi.yaml").unlink()
    (project / "Pulumi.yaml").symlink_to(target)
    result = runner.invoke(app, ["validate", "--stack", "team-a-dev"])
    assert result.exit_code == 2, result.output
    assert "Pulumi.yaml is a symbolic link to a file outside the project" in " ".join(result.output.split())
    assert SECRET not in result.output
