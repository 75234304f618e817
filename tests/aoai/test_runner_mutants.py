"""The offline runner (runner.py) with small programs instead of stacks: a project's program runs
as `pulumi up` runs it (Pulumi.yaml's `main` folder as working directory and first import path,
the project's name in every URN, the stack's config under its namespace, secret keys secret),
its registrations and outputs are recorded, its log goes to stderr marked as the Pulumi CLI marks
it, and a failing program's error comes back with what it registered."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest

from aoai.offline.mocks import AzureMocks
from aoai.offline.runner import ProgramFailed, ProgramRun, run_in_mock_engine, run_program

GROUP = "azure-native:resources:ResourceGroup"
PROGRAM = """
import pathlib

import pulumi
import pulumi.runtime.config

import helper

assert __name__ == "__main__"  # run as Pulumi runs a program

config = pulumi.Config("azure-openai")
group = pulumi.CustomResource(
    "azure-native:resources:ResourceGroup", "rg",
    {"resourceGroupName": config.require("group"), "location": pathlib.Path("where.txt").read_text().strip()},
    opts=pulumi.ResourceOptions(protect=True),
)
pulumi.export("id", group.id)
pulumi.export("token", config.require_secret("token"))
secret = pulumi.runtime.config.is_config_secret
pulumi.export("secretKeys", [secret("azure-openai:token"), secret("azure-openai:group")])
pulumi.export("helper", helper.WORD)
pulumi.log.warn("careful")
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: contoso-ai\nruntime: python\nmain: app/\n")
    app = tmp_path / "app"
    app.mkdir()
    (app / "__main__.py").write_text(PROGRAM)
    (app / "helper.py").write_text("WORD = 'from the program folder'\n")
    (app / "where.txt").write_text("swedencentral\n")
    return tmp_path


def test_a_project_program_runs_as_main_as_pulumi_up_runs_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # the program's folder is put first on it
    request.addfinalizer(lambda: sys.modules.pop("helper", None))  # the program's own module
    before = Path.cwd()
    run = run_program(project(tmp_path), "dev", {"group": "rg-c", "token": "s3"}, ["token"])
    assert Path.cwd() == before  # the working directory is given back
    assert (run.stack, run.project) == ("dev", "contoso-ai")
    (group,) = run.registrations
    assert group.urn == f"urn:pulumi:dev::contoso-ai::{GROUP}::rg"
    assert (group.type, group.name, group.custom, group.protect) == (GROUP, "rg", True, True)
    assert group.inputs == {"resourceGroupName": "rg-c", "location": "swedencentral"}
    assert group.id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-c"
    assert run.outputs == {
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-c",
        "token": "s3",
        "secretKeys": [True, False],
        "helper": "from the program folder",
    }
    assert "warning: careful" in capsys.readouterr().err.splitlines()
    assert run.by_type(GROUP) == [group] and run.by_type("x") == []
    assert run.by_urn() == {group.urn: group}
    assert sys.path[0] == str(tmp_path / "app")


def test_registrations_keep_their_parent_options_and_the_mocks_outputs() -> None:
    seen: list[bool] = []

    def program() -> None:
        seen.append(pulumi.runtime.is_dry_run())  # `pulumi up`, not a preview: outputs resolve
        parent = pulumi.ComponentResource("aoai:test:Group", "parent")
        options = pulumi.ResourceOptions(
            parent=parent,
            replace_on_changes=["location"],
            delete_before_replace=True,
            ignore_changes=["tags"],
        )
        pulumi.CustomResource(GROUP, "g", {"resourceGroupName": "rg", "location": "l"}, opts=options)

    component, group = run_in_mock_engine(program, "s").registrations
    assert seen == [False]
    assert (component.custom, component.id, component.outputs) == (False, None, {})
    assert group.parent == component.urn == "urn:pulumi:s::azure-openai::aoai:test:Group::parent"
    assert (group.replace_on_changes, group.delete_before_replace, group.ignore_changes) == (
        ["location"],
        True,
        ["tags"],
    )
    assert group.outputs == {
        "resourceGroupName": "rg",
        "location": "l",
        "name": "rg",
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg",
    }


def test_the_mocks_and_namespace_are_the_callers() -> None:
    def program() -> None:
        value = pulumi.Config("other").require("k")
        pulumi.CustomResource(GROUP, "g", {"resourceGroupName": value, "location": "l"})

    run = run_in_mock_engine(
        program, "s", {"k": "v"}, config_namespace="other", mocks=lambda: AzureMocks("sub")
    )
    assert run.project == "azure-openai"  # runs without a project file: this repository's name
    assert run.registrations[0].id == "/subscriptions/sub/resourceGroups/v"
    assert run.registrations[0].urn == f"urn:pulumi:s::azure-openai::{GROUP}::g"


def test_an_async_program_is_awaited() -> None:
    async def program() -> None:
        pulumi.CustomResource(GROUP, "g", {"resourceGroupName": "rg", "location": "l"})

    assert [r.name for r in run_in_mock_engine(program, "s").registrations] == ["g"]


def test_a_failing_program_gives_its_error_and_what_it_registered() -> None:
    def program() -> None:
        pulumi.CustomResource(GROUP, "first", {"resourceGroupName": "rg", "location": "l"})
        raise pulumi.RunError("azure-openai:accounts.primary.location: required")

    with pytest.raises(ProgramFailed) as caught:
        run_in_mock_engine(program, "s")
    assert str(caught.value) == "azure-openai:accounts.primary.location: required"
    assert [r.name for r in caught.value.registrations] == ["first"]


def test_runs_do_not_leak_config_into_each_other() -> None:
    seen: list[Any] = []

    def program() -> None:
        seen.append(pulumi.Config("azure-openai").get("k"))

    run_in_mock_engine(program, "a", {"k": "1"})
    run_in_mock_engine(program, "b")
    assert seen == ["1", None]
    assert ProgramRun("s", []).project == "azure-openai"
