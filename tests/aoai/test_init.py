"""`aoai init DIR`: the template rendered as `pulumi new` would, validated, never overwriting."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from azure_openai_toolkit import __version__
from tests.conftest import FIXTURES, PROJECT_ROOT

runner = CliRunner()
TEMPLATE = PROJECT_ROOT / "templates" / "project"
FILES = [
    ".github/workflows/aoai-deploy-stack.yml",
    ".github/workflows/aoai-deploy.yml",
    ".github/workflows/aoai-drift.yml",
    ".github/workflows/aoai-pull-request.yml",
    ".gitignore",
    "Pulumi.yaml",
    "README.md",
    "__main__.py",
    "esc/shared.yaml",
    "policy/PulumiPolicy.yaml",
    "policy/__main__.py",
    "policy/requirements.txt",
    "requirements.txt",
    "stacks/Pulumi.dev.yaml",
]


def load(path: Path) -> dict[str, object]:
    document: dict[str, object] = YAML(typ="safe", pure=True).load(path.read_text())
    return document


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_init_renders_the_template_into_a_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "openai-infra"
    result = runner.invoke(app, ["init", str(target), "--name-prefix", "fabrikam", "--location", "eastus2"])
    assert result.exit_code == 0, result.output
    assert files_in(target) == FILES
    project = load(target / "Pulumi.yaml")
    jsonschema.validate(project, json.loads((FIXTURES / "pulumi-project.schema.json").read_text()))
    assert project["name"] == "openai-infra"
    assert "template" not in project  # pulumi new drops it too
    assert project["description"] == load(TEMPLATE / "Pulumi.yaml")["template"]["description"]  # type: ignore[index]
    stack = (target / "stacks" / "Pulumi.dev.yaml").read_text()
    config = load(target / "stacks" / "Pulumi.dev.yaml")["config"]
    assert config["azure-openai:namePrefix"] == "fabrikam"  # type: ignore[index]
    assert config["azure-openai:location"] == "eastus2"  # type: ignore[index]
    assert config["azure-openai:environment"] == "dev"  # type: ignore[index]
    assert "# REPLACE: developers group object id" in stack  # the template's comments are kept
    assert f"azure-openai-toolkit=={__version__}" in (target / "requirements.txt").read_text().splitlines()
    assert (target / "README.md").read_text().startswith("# openai-infra\n")
    assert "1. cd " in result.stdout and ".venv/bin/aoai plan --stack dev" in result.stdout


@pytest.fixture
def new_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `aoai init --name contoso-ai`, as the working directory."""
    target = tmp_path / "p"
    assert runner.invoke(app, ["init", str(target), "--name", "contoso-ai"]).exit_code == 0
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(target)
    return target


def test_the_new_project_validates_and_plans(new_project: Path) -> None:
    assert runner.invoke(app, ["validate", "--all"]).exit_code == 0
    plan = runner.invoke(app, ["plan", "--stack", "dev", "--json"])
    assert plan.exit_code == 0, plan.output
    document = json.loads(plan.stdout)
    assert document["project"] == "contoso-ai"
    assert {r["type"] for r in document["resources"] if r["custom"]} == {
        "azure-native:resources:ResourceGroup",
        "azure-native:cognitiveservices:Account",
        "azure-native:cognitiveservices:Deployment",
        "azure-native:authorization:RoleAssignment",
    }
    policy = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--json"])
    assert policy.exit_code == 0, policy.output  # advisory findings only on an unprotected stack


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    refused = runner.invoke(app, ["init", str(tmp_path), "--name", "p"])
    assert refused.exit_code == 2
    assert "is not empty (notes.txt)" in refused.stderr and "--force" in refused.stderr
    assert files_in(tmp_path) == ["notes.txt"]
    forced = runner.invoke(app, ["init", str(tmp_path), "--name", "p", "--force"])
    assert forced.exit_code == 0, forced.output
    assert files_in(tmp_path) == sorted([*FILES, "notes.txt"])


def test_force_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("mine\n")
    result = runner.invoke(app, ["init", str(tmp_path), "--name", "p", "--force"])
    assert result.exit_code == 2
    assert "these files exist already, nothing written: requirements.txt" in result.stderr
    assert files_in(tmp_path) == ["requirements.txt"]
    assert (tmp_path / "requirements.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--name", "my project"], "project name 'my project': use letters, digits"),
        (["--name", "p", "--name-prefix", "Contoso_"], "azure-openai:namePrefix: use lower-case letters"),
        (["--name", "p", "--location", "atlantis"], "azure-openai:accounts.primary.location: 'atlantis'"),
        # a real Azure region that offers no Azure OpenAI models: the catalog check, before writing
        (["--name", "p", "--location", "westus2"], "'westus2' offers no Azure OpenAI models in the catalog"),
    ],
)
def test_invalid_values_write_nothing(tmp_path: Path, options: list[str], message: str) -> None:
    target = tmp_path / "new"
    result = runner.invoke(app, ["init", str(target), *options])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not target.exists()


def test_a_target_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = runner.invoke(app, ["init", str(tmp_path / "file" / "project"), "--name", "p"])
    assert result.exit_code == 2
    assert f"cannot create {tmp_path / 'file' / 'project'}: Not a directory" in result.stderr
    result = runner.invoke(app, ["init", str(tmp_path / "file"), "--name", "p"])
    assert result.exit_code == 2 and f"{tmp_path / 'file'} is a regular file, not a folder" in result.stderr


def test_json_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "j"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["project"] == "j" and report["toolkitVersion"] == __version__
    assert report["files"] == FILES and report["nextSteps"][0] == f"cd {tmp_path / 'j'}"


def test_a_projects_own_rules_file_overrides_the_packaged_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/policy.md: copy aoai_rules.py into the project's policy/ to change a rule."""
    target = tmp_path / "p"
    assert runner.invoke(app, ["init", str(target), "--name", "p"]).exit_code == 0
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(target)
    packaged = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--json"])
    assert packaged.exit_code == 0 and json.loads(packaged.stdout)["mandatoryViolations"] == 0
    rules = (PROJECT_ROOT / "policy" / "aoai_rules.py").read_text()
    default_ceiling = '"maxCapacity",\n                "integer",\n                100,'
    assert default_ceiling in rules
    lowered = rules.replace(default_ceiling, default_ceiling.replace("100", "5"))
    (target / "policy" / "aoai_rules.py").write_text(lowered)
    own = runner.invoke(app, ["plan", "--stack", "dev", "--policy", "--json"])
    assert own.exit_code == 1  # the template's chat deployment has capacity 10
    violated = [p["name"] for p in json.loads(own.stdout)["policies"] if p["status"] == "violated"]
    assert "capacity-ceiling" in violated


def test_the_new_project_shares_settings_at_project_level(new_project: Path) -> None:
    result = runner.invoke(app, ["config", "show", "--stack", "dev", "--json"])
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)["config"]
    # azure-openai: is another namespace than the project's (contoso-ai): a project value.
    assert config["azure-openai:tags"] == {
        "value": {"owner": "platform-team", "costCenter": "0000"},
        "secret": False,
        "from": ["project Pulumi.yaml"],
        "parts": [],
    }
    assert config["azure-openai:namePrefix"]["from"] == ["stack Pulumi.dev.yaml"]
    esc = load(new_project / "esc" / "shared.yaml")
    assert "contoso-ai/shared" in (new_project / "esc" / "shared.yaml").read_text()
    assert {"azure-native:useOidc", "azure-native:oidcToken", "azure-openai:tags"} <= set(
        esc["values"]["pulumiConfig"]  # type: ignore[index]
    )
