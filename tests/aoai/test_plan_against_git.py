"""`aoai plan --against REV`: the program and stack file as they were at a git revision.

A temporary repository holds a copy of the project. Its first commit has a different program
(accounts of kind AIServices whatever the stack says) and a different stack file; the working
tree has today's. Only if the revision's own components/ ran, in isolation from the ones this
process imported, can the diff show the kind change.

That change is also the state after Microsoft's automatic upgrade: Azure (and, after a refresh,
the state) says AIServices while the stack says OpenAI. It must be neither a replacement nor an
update that sends OpenAI back: today's program ignores kind changes of OpenAI accounts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURE_STACKS, PROJECT_ROOT, write_project_file

runner = CliRunner()
PROJECT_FILES = ("pyproject.toml", "__main__.py", "components")  # and the fixture project's stacks


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Project copy in a git repo: commit 1 = AIServices accounts and capacity 50; tree = today's."""
    root = tmp_path / "repo"
    project = root / "infra"  # the project need not be the repository root
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    write_project_file(project)
    shutil.copytree(FIXTURE_STACKS, project / "stacks")
    account = project / "components" / "account.py"
    today = account.read_text()
    chosen = "kind = account_kind(args, self.KIND)"
    assert today.count(chosen) == 1
    account.write_text(today.replace(chosen, 'kind = "AIServices"'))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "AIServices accounts")
    account.write_text(today)
    stack = project / "stacks" / "Pulumi.prod.yaml"
    stack.write_text(stack.read_text().replace("capacity: 50", "capacity: 80", 1))
    git(root, "commit", "-q", "-am", "OpenAI accounts, more capacity")
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(project))
    yield root


def plan_against(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["plan", "--stack", "prod", "--json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_revision_runs_its_own_program_and_stack_file(repo: Path) -> None:
    code, report, _ = plan_against("--against", "HEAD~1", "--fail-on-replace")
    assert code == 0  # nothing dangerous: the accounts are kept as Azure has them
    assert report["base"].startswith("HEAD~1 (")
    changes = {c["name"]: c for c in report["changes"]}
    for account in ("primary-account", "secondary-account"):
        kind = next(p for p in changes[account]["properties"] if p["path"] == "kind")
        assert (kind["before"], kind["after"]) == ("AIServices", "OpenAI")
        assert kind["replaces"] is None and kind["ignored"] is True
        assert changes[account]["action"] == "ignored" and changes[account]["dangers"] == []
    capacity = next(
        p for p in changes["primary-deployments-chat"]["properties"] if p["path"] == "sku.capacity"
    )
    assert (capacity["before"], capacity["after"]) == (50, 80)
    assert changes["primary-deployments-chat"]["action"] == "update"
    assert report["counts"]["replace"] == 0 and report["counts"]["update"] == 1
    assert report["counts"]["ignored"] == 2 and report["counts"]["dangerous"] == 0


def test_working_tree_equal_to_head_has_no_changes(repo: Path) -> None:
    code, report, _ = plan_against("--against", "main", "--fail-on-replace")
    assert code == 0 and report["changes"] == []
    assert plan_against("--against", "git:HEAD")[1]["changes"] == []


def test_uncommitted_stack_change_shows_against_head(repo: Path) -> None:
    stack = repo / "infra" / "stacks" / "Pulumi.prod.yaml"
    stack.write_text(stack.read_text().replace("location: switzerlandnorth", "location: swedencentral"))
    code, report, _ = plan_against("--against", "HEAD", "--fail-on-replace")
    assert code == 1
    assert {c["name"] for c in report["changes"] if c["action"] == "replace"} == {"secondary-account"}


def test_stack_absent_at_the_revision_is_all_new(repo: Path) -> None:
    new = repo / "infra" / "stacks" / "Pulumi.staging.yaml"
    shutil.copy2(repo / "infra" / "stacks" / "Pulumi.dev.yaml", new)
    result = runner.invoke(app, ["plan", "--stack", "staging", "--against", "HEAD", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {c["action"] for c in report["changes"]} == {"create"}
    assert "does not exist at HEAD" in result.stderr


def test_revision_whose_stack_is_invalid_exits_2(repo: Path) -> None:
    stack = repo / "infra" / "stacks" / "Pulumi.prod.yaml"
    good = stack.read_text()
    stack.write_text(good.replace('version: "2025-08-07"', "version: ", 1))
    git(repo, "commit", "-q", "-am", "broken")
    stack.write_text(good)
    result = runner.invoke(app, ["plan", "--stack", "prod", "--against", "HEAD"])
    assert result.exit_code == 2
    assert "does not plan" in result.output and "version" in result.output
    assert "HEAD:infra/stacks/Pulumi.prod.yaml" in result.output  # named as git names it
    assert "aoai-revision-" not in result.output


def test_a_revision_with_a_slash_is_a_revision_not_a_missing_file(repo: Path) -> None:
    """The CI snippet's `--against "origin/${{ github.base_ref }}"`: origin/main looks like a path."""
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    code, report, _ = plan_against("--against", "origin/main", "--fail-on-replace")
    assert code == 0 and report["base"].startswith("origin/main (") and report["changes"] == []


def test_a_path_that_is_neither_says_so(repo: Path) -> None:
    result = runner.invoke(app, ["plan", "--stack", "prod", "--against", "stacks/Pulumi.none.yaml"])
    assert result.exit_code == 2
    assert "is neither a stack file" in result.output and "nor a git revision" in result.output


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["plan", "--stack", "prod", "--against", "git:no-such-branch"])
    assert result.exit_code == 2
    assert "no such git revision" in result.output


def test_each_side_merges_its_own_project_config(repo: Path) -> None:
    # Pulumi.yaml's project config is part of what deploys: the revision's Pulumi.yaml on one
    # side, the working tree's on the other (a project key path adds one tag to the stack's tags).
    project = repo / "infra" / "Pulumi.yaml"
    original = project.read_text()
    project.write_text(original + "config:\n  azure-openai:tags.team: search\n")
    git(repo, "commit", "-q", "-am", "team tag")
    project.write_text(original + "config:\n  azure-openai:tags.team: assistants\n")
    _, report, _ = plan_against("--against", "HEAD")
    account = {c["name"]: c for c in report["changes"]}["primary-account"]
    team = next(p for p in account["properties"] if p["path"] == "tags.team")
    assert (team["before"], team["after"]) == ("search", "assistants")


def test_secure_values_of_the_revision_plan_as_the_revisions_own_placeholders(repo: Path) -> None:
    # The merged config crosses to the revision's interpreter; the offline placeholders of secure
    # values are per process, so the revision must get its own (or its validators would see a
    # stranger's text where a principal id belongs).
    from tests.test_secrets import SECURE_STACK

    (repo / "infra" / "stacks" / "Pulumi.secure.yaml").write_text(SECURE_STACK)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a stack with secure values")
    result = runner.invoke(app, ["plan", "--stack", "secure", "--json", "--against", "HEAD"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"] == []
