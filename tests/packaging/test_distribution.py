"""The wheel and sdist hold the whole toolkit, and the installed `aoai` works in a user's project.

Everything here runs the installed distribution in a virtualenv outside the repository, with the
repository on no import path: what a user gets from `pip install azure-openai-toolkit`.
"""

from __future__ import annotations

import email
import json
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

from azure_openai_toolkit import __version__
from tests.aoai.test_plan_against_git import git
from tests.conftest import PROJECT_ROOT
from tests.packaging.conftest import Distribution, Installed

# Where each source folder lands in the wheel (pyproject.toml [tool.setuptools] package-dir).
LAYOUT = {
    "components": "azure_openai_toolkit",
    "aoai": "aoai",
    "policy": "aoai/policy_pack",
    "templates/project": "aoai/project_template",
}
SKIPPED = ("__pycache__", "venv", ".pyc")


def source_files() -> set[str]:
    """Every file of the packaged folders as the wheel must name it."""
    expected = set()
    for folder, package in LAYOUT.items():
        for path in (PROJECT_ROOT / folder).rglob("*"):
            relative = path.relative_to(PROJECT_ROOT / folder)
            if path.is_file() and not any(part.endswith(SKIPPED) for part in relative.parts):
                expected.add(f"{package}/{relative}")
    return expected


def parsed(requirement: str) -> tuple[str, frozenset[str]]:
    parts = Requirement(requirement)
    return parts.name, frozenset(str(s) for s in parts.specifier)


def test_the_wheel_holds_every_module_data_file_and_template_file(distribution: Distribution) -> None:
    names = set(zipfile.ZipFile(distribution.wheel).namelist())
    expected = source_files()
    assert {"azure_openai_toolkit/py.typed", "azure_openai_toolkit/data/catalog.json"} <= expected
    assert "aoai/project_template/.github/workflows/aoai-deploy.yml" in expected
    assert "aoai/policy_pack/aoai_rules.py" in expected
    assert sorted(expected - names) == [], "add the package or its data to pyproject.toml [tool.setuptools]"
    packaged = {n for n in names if ".dist-info/" not in n}
    assert sorted(packaged - expected) == []  # no tests, no stray top-level `components` package


def test_the_wheels_metadata_names_the_version_dependencies_and_console_script(
    distribution: Distribution,
) -> None:
    wheel = zipfile.ZipFile(distribution.wheel)
    info = f"azure_openai_toolkit-{__version__}.dist-info"
    metadata = email.message_from_bytes(wheel.read(f"{info}/METADATA"))
    assert metadata["Name"] == "azure-openai-toolkit" and metadata["Version"] == __version__
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    required = {parsed(r) for r in metadata.get_all("Requires-Dist") or []}
    assert required == {parsed(d) for d in pyproject["project"]["dependencies"]}
    assert "aoai = aoai.launch:main" in wheel.read(f"{info}/entry_points.txt").decode()


def test_the_sdist_has_the_sources_and_no_partial_test_suite(distribution: Distribution) -> None:
    top = f"azure_openai_toolkit-{__version__}/"
    with tarfile.open(distribution.sdist) as sdist:
        names = {n.removeprefix(top) for n in sdist.getnames()}
    assert {"pyproject.toml", "README.md", "components/data/catalog.json", "policy/aoai_rules.py"} <= names
    assert "templates/project/.github/workflows/aoai-pull-request.yml" in names
    assert not any(n.startswith("tests/") for n in names)


def test_aoai_version_and_imports_come_from_the_installed_wheel(installed: Installed, tmp_path: Path) -> None:
    version = installed.run([str(installed.bin / "aoai"), "--version"], cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout == f"aoai {__version__} (azure-openai-toolkit)\n"
    probe = installed.run(
        [
            str(installed.bin / "python"),
            "-c",
            "import json, sys, aoai, azure_openai_toolkit; from aoai.bundled import project_template; "
            "print(json.dumps([aoai.__file__, azure_openai_toolkit.__file__, str(project_template()), "
            "sys.path]))",
        ],
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    aoai_file, toolkit_file, template, path = json.loads(probe.stdout)
    site = installed.root.resolve()
    for file in (aoai_file, toolkit_file, template):
        assert Path(file).resolve().is_relative_to(site), file
    assert template.endswith("aoai/project_template")
    assert not any(entry and Path(entry).resolve().is_relative_to(PROJECT_ROOT) for entry in path)


def test_a_new_project_validates_and_plans_with_the_installed_toolkit(
    installed: Installed, tmp_path: Path
) -> None:
    aoai = str(installed.bin / "aoai")
    project = tmp_path / "contoso-openai"
    created = installed.run([aoai, "init", str(project), "--name-prefix", "contoso"], cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert f"azure-openai-toolkit=={__version__}" in (project / "requirements.txt").read_text()

    validated = installed.run([aoai, "validate", "--all"], cwd=project / "stacks")  # found upwards
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "Pulumi.dev.yaml: valid" in validated.stdout

    planned = installed.run([aoai, "plan", "--stack", "dev", "--json"], cwd=project)
    assert planned.returncode == 0, planned.stderr
    document = json.loads(planned.stdout)
    assert document["project"] == "contoso-openai" and document["stack"] == "dev"
    accounts = [r for r in document["resources"] if r["type"] == "azure-native:cognitiveservices:Account"]
    assert [a["inputs"]["accountName"] for a in accounts] == ["contoso-dev-primary"]
    assert all(r["urn"].startswith("urn:pulumi:dev::contoso-openai::") for r in document["resources"])

    tree = installed.run([aoai, "plan", "--stack", "dev"], cwd=project)
    assert tree.returncode == 0 and "contoso-dev-primary" in tree.stdout, tree.stderr

    policy = installed.run([aoai, "plan", "--stack", "dev", "--policy", "--json"], cwd=project)
    assert policy.returncode == 0, policy.stderr  # the packaged rules: advisory findings only
    assert json.loads(policy.stdout)["mandatoryViolations"] == 0


def test_python_dash_m_aoai_runs_the_same_cli(installed: Installed, tmp_path: Path) -> None:
    result = installed.run([str(installed.bin / "python"), "-m", "aoai", "--version"], cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith(f"aoai {__version__}"), result.stderr


def test_a_pull_requests_plan_diff_works_in_a_user_project(installed: Installed, tmp_path: Path) -> None:
    """What the template's pull-request workflow runs: the plan against the base revision."""
    aoai = str(installed.bin / "aoai")
    project = tmp_path / "repo"
    assert installed.run([aoai, "init", str(project), "--name", "ai"], cwd=tmp_path).returncode == 0
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "dev stack")
    stack = project / "stacks" / "Pulumi.dev.yaml"
    stack.write_text(stack.read_text().replace("capacity: 10 ", "capacity: 20 ", 1))
    diff = installed.run([aoai, "plan", "--stack", "dev", "--against", "main", "--json"], cwd=project)
    assert diff.returncode == 0, diff.stderr
    changes = json.loads(diff.stdout)["changes"]
    assert [(c["name"], c["action"]) for c in changes] == [("primary-deployments-chat", "update")]


def test_the_aoai_script_without_its_dependencies_says_how_to_install_them(
    distribution: Distribution, tmp_path: Path
) -> None:
    """`pip install --no-deps`: the console script starts (launch.py is standard library only)."""
    bare = Installed(tmp_path / "venv")
    venv.create(bare.root, with_pip=True)
    python = str(bare.bin / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
    assert bare.run([*pip, str(distribution.wheel)], cwd=tmp_path).returncode == 0
    result = bare.run([str(bare.bin / "aoai"), "--version"], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: aoai cannot start: the Python module 'typer' is not installed")
    assert "Traceback" not in result.stderr
