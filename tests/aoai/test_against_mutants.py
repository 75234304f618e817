"""What `aoai plan --against OTHER` compares with (against.py), without planning a revision: the
order OTHER is read in (a stack, then a git revision; `git:`, `stack:`, `state:` say which),
each refusal's message (exit 2 where the input is bad), a stack file absent at the revision (every
resource new), and the revision's merged config handed to its planner. A small git repository
holds a project whose program is never run; docs/changes.md states the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aoai.exit_codes import AoaiError
from aoai.offline.against import (
    _commit_of,
    _git,
    _merged_at_revision,
    empty_plan,
    resolve_against,
    revision_baseline,
)
from aoai.stacks import StackRef
from azure_openai_toolkit.config.placeholders import placeholder_prefix
from tests.aoai.test_plan_against_git import git
from tests.conftest import FIXTURE_STACKS, RUNS_AOAI_IN_A_CHILD_PROCESS, write_project_file

STACK_TEXT = (
    "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
    "  azure-openai:location: swedencentral\n"
)
# A program as small as a program gets: the revision's plan runs it in a child interpreter.
PROGRAM = """import pulumi

config = pulumi.Config("azure-openai")
if config.require("namePrefix") == "fail":
    raise pulumi.RunError("no such region")
pulumi.CustomResource("azure-native:resources:ResourceGroup", "rg", {
    "resourceGroupName": "rg-" + config.require("namePrefix"), "location": config.require("location")})
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """repo/infra: a project with stacks/Pulumi.dev.yaml committed on main; Pulumi.new.yaml not."""
    root = tmp_path / "repo"
    infra = root / "infra"
    (infra / "stacks").mkdir(parents=True)
    write_project_file(infra)
    (infra / "stacks" / "Pulumi.dev.yaml").write_text(STACK_TEXT)
    (infra / "__main__.py").write_text(PROGRAM)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "dev")
    (infra / "stacks" / "Pulumi.new.yaml").write_text(STACK_TEXT)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(infra))
    return infra


def stack(project: Path, name: str) -> StackRef:
    return StackRef(name, project / "stacks" / f"Pulumi.{name}.yaml")


def refusal(other: str, ref: StackRef) -> AoaiError:
    with pytest.raises(AoaiError) as caught:
        resolve_against(other, ref)
    return caught.value


def test_commits_are_found_and_options_never_taken_for_revisions(project: Path, tmp_path: Path) -> None:
    head = git(project.parent, "rev-parse", "HEAD")
    assert _commit_of("main", project) == head
    assert _commit_of("HEAD", project) == head
    assert _commit_of("-h", project) is None
    assert _commit_of("nope", project) is None
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    assert _commit_of("HEAD", outside) is None


def test_an_empty_plan_names_the_project_and_stack(project: Path) -> None:
    assert empty_plan("new") == {
        "format": "aoai-plan/v1",
        "project": "azure-openai",
        "stack": "new",
        "counts": {"azureResources": 0, "components": 0, "protected": 0},
        "resources": [],
        "outputs": {},
    }


def test_a_stack_absent_at_the_revision_is_all_new(project: Path) -> None:
    head = git(project.parent, "rev-parse", "HEAD")
    label = f"main ({head[:12]})"
    for other in ("main", "git:main"):
        baseline = resolve_against(other, stack(project, "new"))
        assert baseline.label == label
        assert (
            baseline.note == f"infra/stacks/Pulumi.new.yaml does not exist at {label}: every resource is new"
        )
        assert baseline.document == empty_plan("new")
    # A revision written like a path is a revision when no such file exists.
    by_path = resolve_against("refs/heads/main", stack(project, "new"))
    assert by_path.label == f"refs/heads/main ({head[:12]})"


def test_revision_refusals(project: Path, tmp_path: Path) -> None:
    dev = stack(project, "dev")
    for bad in ("-x", ""):
        with pytest.raises(AoaiError, match=rf"^--against {bad!r}: not a git revision$"):
            revision_baseline(bad, dev)
    with pytest.raises(AoaiError) as caught:
        revision_baseline("nope", dev)
    assert str(caught.value) == f"--against 'nope': no such git revision in {project.parent.resolve()}"
    elsewhere = StackRef("x", tmp_path / "Pulumi.x.yaml")
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", elsewhere)
    assert str(caught.value) == (
        f"--against 'main': the stack file {elsewhere.path} is outside the repository "
        f"{project.parent.resolve()}"
    )


def test_without_git_a_revision_cannot_be_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # no git to be found
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", stack(project, "dev"))
    assert str(caught.value) == "git is not installed: --against a revision needs it"
    assert caught.value.code == 2


def test_a_failed_git_command_names_itself(project: Path) -> None:
    with pytest.raises(AoaiError) as caught:
        _git(["rev-parse", "--verify", "nope"], project)
    assert str(caught.value) == "git rev-parse --verify nope: fatal: Needed a single revision"


def test_a_project_outside_git_cannot_compare_with_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lone = tmp_path / "lone"
    lone.mkdir()
    write_project_file(lone)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(lone))
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", StackRef("dev", lone / "Pulumi.dev.yaml"))
    assert str(caught.value) == f"--against 'main': {lone.resolve()} is not inside a git repository"


def test_what_is_neither_a_stack_nor_a_revision(project: Path) -> None:
    dev = stack(project, "dev")
    error = refusal("nope", dev)
    assert str(error).startswith(
        "--against 'nope' is neither a stack nor a git revision of the project's repository "
        "(no stack 'nope': "
    )
    missing = project / "stacks" / "gone.yaml"
    assert str(refusal(str(missing), dev)) == (
        f"--against '{missing}' is neither a stack file ({missing} does not exist) nor a git revision of the "
        "project's repository"
    )
    folder = project / "stacks"
    assert str(refusal(str(folder), dev)) == (
        f"--against '{folder}' is neither a stack file ({folder} is a directory) nor a git revision of the "
        "project's repository"
    )


def test_a_state_export_is_read_as_a_plan(project: Path, tmp_path: Path) -> None:
    export = tmp_path / "state.json"
    export.write_text(json.dumps({"version": 3, "deployment": {"resources": []}}))
    baseline = resolve_against(f"state:{export}", stack(project, "dev"))
    assert baseline.label == f"state {export}"
    assert baseline.document["resources"] == [] and baseline.note == ""


def test_the_revisions_project_config_is_merged(project: Path) -> None:
    (project / "Pulumi.yaml").write_text(
        (project / "Pulumi.yaml").read_text() + "config:\n  azure-openai:tags:\n    value:\n      team: ai\n"
    )
    text, _ = _merged_at_revision(project, project / "stacks" / "Pulumi.dev.yaml", stack(project, "dev"), "L")
    assert json.loads(json.loads(text)["raw"]["tags"]) == {"team": "ai"}


def test_the_revisions_merged_config_for_its_planner_and_its_refusal(project: Path) -> None:
    text, note = _merged_at_revision(
        project, project / "stacks" / "Pulumi.dev.yaml", stack(project, "dev"), "L"
    )
    merged = json.loads(text)
    assert merged["raw"] == {"namePrefix": "contoso", "environment": "dev", "location": "swedencentral"}
    assert merged["secretKeys"] == [] and merged["placeholder"] == placeholder_prefix() and note == ""
    bad = project / "stacks" / "Pulumi.bad.yaml"
    bad.write_text("config:\n  azure-openai:location: [unclosed\n")
    with pytest.raises(AoaiError) as caught:
        _merged_at_revision(project, bad, stack(project, "bad"), "main (abc)")
    assert caught.value.code == 2
    assert str(caught.value).startswith("the stack at main (abc) does not plan: stacks/Pulumi.bad.yaml")
    assert str(project) not in str(caught.value)  # files named as in the revision, not the temporary folder


def test_another_stack_is_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(FIXTURE_STACKS.parent))
    dev = StackRef("dev", FIXTURE_STACKS / "Pulumi.dev.yaml")
    for other in ("tuned", "stack:tuned"):
        baseline = resolve_against(other, dev)
        assert (
            baseline.label
            == f"stack tuned ({StackRef('tuned', FIXTURE_STACKS / 'Pulumi.tuned.yaml').display})"
        )
        assert baseline.document["stack"] == "tuned"
        assert [r["name"] for r in baseline.document["resources"] if r["type"].endswith(":Deployment")] == [
            "primary-deployments-chat",
            "primary-deployments-tuned",
        ]


def commit(project: Path, message: str) -> str:
    git(project.parent, "add", "-A")
    git(project.parent, "commit", "-q", "-m", message)
    return git(project.parent, "rev-parse", "HEAD")[:12]


@RUNS_AOAI_IN_A_CHILD_PROCESS
def test_a_revision_is_planned_by_its_own_program(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text(STACK_TEXT.replace("contoso", "today"))
    baseline = revision_baseline("main", stack(project, "dev"))
    head = git(project.parent, "rev-parse", "HEAD")[:12]
    assert (baseline.label, baseline.note) == (f"main ({head})", "")
    (group,) = baseline.document["resources"]
    assert group["inputs"] == {
        "resourceGroupName": "rg-contoso",
        "location": "swedencentral",
    }  # the revision's
    assert baseline.document["stack"] == "dev"


@RUNS_AOAI_IN_A_CHILD_PROCESS
def test_a_revision_whose_program_fails_does_not_plan(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text(STACK_TEXT.replace("contoso", "fail"))
    sha = commit(project, "fails")
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", stack(project, "dev"))
    assert caught.value.code == 2
    assert str(caught.value) == f"the stack at main ({sha}) does not plan: no such region"


@RUNS_AOAI_IN_A_CHILD_PROCESS
def test_a_revision_whose_contract_refuses_its_stack_does_not_plan(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text(STACK_TEXT + "  azure-openai:unknownKey: 1\n")
    sha = commit(project, "refused")
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", stack(project, "dev"))
    assert caught.value.code == 2
    assert str(caught.value).startswith(  # the file named as in the revision, not the temporary folder
        f"the stack at main ({sha}) does not plan: main:infra/stacks/Pulumi.dev.yaml: 1 problem in the stack "
        "config\n  azure-openai:unknownKey: unknown key 'unknownKey'"
    )


@RUNS_AOAI_IN_A_CHILD_PROCESS
def test_a_revision_that_crashes_shows_the_end_of_its_error(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.setuptools.package-dir]\nazure_openai_toolkit = "broken"\n'
    )
    (project / "broken").mkdir()
    (project / "broken" / "__init__.py").write_text(
        "import sys\nfor i in range(30):\n    print(f'line {i}', file=sys.stderr)\n"
        "raise RuntimeError('the revision is broken')\n"
    )
    sha = commit(project, "broken")
    with pytest.raises(AoaiError) as caught:
        revision_baseline("main", stack(project, "dev"))
    assert caught.value.code == 2
    message = str(caught.value)
    assert message.startswith(f"planning main ({sha}) failed (exit 1):\n")
    assert message.endswith("RuntimeError: the revision is broken")
    assert "main:infra/broken/__init__.py" in message  # named as in the revision, not the temporary folder
    assert len(message.splitlines()) == 1 + 15  # the last 15 lines of the child's error
    assert "line 29" in message and "line 0\n" not in message
