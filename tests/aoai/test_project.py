"""aoai in users' projects: Pulumi.yaml found upwards, stackConfigDir, main and the project name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import base_config

runner = CliRunner()

# A program of the user's own: proves which file ran, in which working folder, for which project.
PROGRAM = """\
from pathlib import Path

import pulumi

pulumi.ComponentResource("user:index:Marker", "marker")
pulumi.export("ran", __file__.rsplit("/", 2)[-2:])
pulumi.export("marker", Path("marker.txt").read_text().strip())
pulumi.export("project", pulumi.get_project())
"""


def write_stack(folder: Path, name: str = "dev") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"Pulumi.{name}.yaml"
    config = {f"azure-openai:{key}": value for key, value in base_config().items()}
    with path.open("w") as stream:
        YAML(typ="safe", pure=True).dump({"config": config}, stream)
    return path


def make_project(root: Path, project_file: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text(project_file)
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(root)
    return root


def plan_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["plan", "--stack", "dev", "--json", *args])
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_stacks_live_next_to_pulumi_yaml_without_stack_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "infra", "name: my-openai\nruntime: python\n", monkeypatch)
    write_stack(root)
    (root / "__main__.py").write_text(PROGRAM)
    (root / "marker.txt").write_text("root\n")
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert "Pulumi.dev.yaml: valid" in result.output
    document = plan_json()
    assert document["project"] == "my-openai"
    assert document["outputs"] == {"ran": ["infra", "__main__.py"], "marker": "root", "project": "my-openai"}


def test_stack_config_dir_and_a_main_folder_are_the_ones_pulumi_yaml_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        tmp_path / "repo",
        "name: platform-ai\nruntime:\n  name: python\nmain: src/\nstackConfigDir: config/stacks\n",
        monkeypatch,
    )
    write_stack(root / "config" / "stacks")
    write_stack(root / "stacks", "decoy")  # the conventional folder is not read when another is named
    (root / "src").mkdir()
    (root / "src" / "__main__.py").write_text(PROGRAM)
    (root / "src" / "marker.txt").write_text("program folder\n")
    monkeypatch.chdir(root / "config")  # found upwards from a subfolder
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert "Pulumi.dev.yaml" in result.output and "decoy" not in result.output
    document = plan_json()
    assert document["outputs"] == {
        "ran": ["src", "__main__.py"],
        "marker": "program folder",
        "project": "platform-ai",
    }
    urns = [r["urn"] for r in document["resources"]]  # type: ignore[attr-defined]
    assert urns and all(u.startswith("urn:pulumi:dev::platform-ai::") for u in urns)


def test_main_may_name_a_python_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", "name: p\nruntime: python\nmain: app/program.py\n", monkeypatch)
    write_stack(root)
    (root / "app").mkdir()
    (root / "app" / "program.py").write_text(PROGRAM)
    (root / "app" / "marker.txt").write_text("file's folder\n")
    assert plan_json()["outputs"] == {"ran": ["app", "program.py"], "marker": "file's folder", "project": "p"}


@pytest.mark.parametrize(
    ("project_file", "message"),
    [
        ("name: p\nruntime: python\nmain: missing/\n", "main: "),
        ("name: p\nruntime: nodejs\n", "runtime is nodejs: the offline plan runs Python programs only"),
        ("runtime: python\n", "name: the project name is required"),
        ("name: p\nruntime: python\nstackConfigDir: /etc\n", "stackConfigDir must be relative"),
        ("name: [p\n", "cannot read the project file"),
    ],
)
def test_an_unusable_project_file_is_a_clear_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_file: str, message: str
) -> None:
    root = make_project(tmp_path / "p", project_file, monkeypatch)
    stack = write_stack(root)
    result = runner.invoke(app, ["plan", "--stack", str(stack)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and str(root / "Pulumi.yaml") in result.stderr
    assert "Traceback" not in result.output


def test_validate_works_for_any_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "ts", "name: ts\nruntime: nodejs\nstackConfigDir: stacks\n", monkeypatch)
    write_stack(root / "stacks")
    result = runner.invoke(app, ["validate", "--stack", "dev"])
    assert result.exit_code == 0, result.output


def test_outside_any_project_aoai_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 2
    assert f"no Pulumi.yaml found in {tmp_path.resolve()} or above" in result.stderr
    assert "aoai init DIR" in result.stderr


def test_aoai_project_dir_must_hold_a_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 2
    assert f"AOAI_PROJECT_DIR={tmp_path}: no Pulumi.yaml in {tmp_path}" in result.stderr


def test_version_is_the_packages() -> None:
    from azure_openai_toolkit import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"aoai {__version__} (azure-openai-toolkit)\n"
