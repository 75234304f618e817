"""`aoai plan --against state:FILE`: what `pulumi up` would do to a deployed stack's state.

The state is a `pulumi stack export` of what the program deployed, as the engine records it: the
inputs sent (plus what azure-native's Check adds), providers and the stack resource. After
Microsoft upgraded an account and a refresh recorded it, the account's inputs say kind AIServices
while the stack says OpenAI: no replacement, and no update that sends OpenAI back.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.runner import run_program
from tests.conftest import FIXTURES, base_config, engine_raw

runner = CliRunner()
ACCOUNT = "azure-native:cognitiveservices:Account"
PROVIDER = "urn:pulumi:dev::azure-openai::pulumi:providers:azure-native::default_3_29_0"


def stack_file(folder: Path, change: Callable[[dict[str, Any]], None] = lambda d: None) -> Path:
    data = copy.deepcopy(base_config())
    change(data)
    path = folder / "Pulumi.dev.yaml"
    path.write_text(json.dumps({"config": {f"azure-openai:{k}": v for k, v in data.items()}}))
    return path


def exported(change: Callable[[dict[str, Any]], None] = lambda d: None) -> dict[str, Any]:
    """`pulumi stack export` of the base stack deployed: every registration as the engine keeps it."""
    data = copy.deepcopy(base_config())
    change(data)
    run = run_program(FIXTURES, "dev", engine_raw(data))
    resources: list[dict[str, Any]] = [
        {"urn": "urn:pulumi:dev::azure-openai::pulumi:pulumi:Stack::azure-openai-dev", "custom": False,
         "type": "pulumi:pulumi:Stack"},
        {"urn": PROVIDER, "custom": True, "id": "0b6b1c4e", "type": "pulumi:providers:azure-native",
         "inputs": {"version": "3.29.0"}},
    ]
    for r in run.registrations:
        item: dict[str, Any] = {"urn": r.urn, "custom": r.custom, "type": r.type, "parent": r.parent}
        if r.custom:
            # What azure-native's Check adds to the program's inputs before they are recorded.
            item.update(id=r.id, inputs={**r.inputs, "azureApiVersion": "2025-06-01"}, provider=PROVIDER)
            item["outputs"] = dict(r.outputs)
        if r.protect:
            item["protect"] = True
        resources.append(item)
    return {"version": 3, "deployment": {"manifest": {"version": "3.200.0"}, "resources": resources}}


def account_in(state: dict[str, Any]) -> dict[str, Any]:
    (account,) = [r for r in state["deployment"]["resources"] if r["type"] == ACCOUNT]
    inputs: dict[str, Any] = account["inputs"]
    return inputs


def against(stack: Path, state: dict[str, Any], folder: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    path = folder / "dev.state.json"
    path.write_text(json.dumps(state))
    result = runner.invoke(
        app, ["plan", "--stack", str(stack), "--against", f"state:{path}", "--json", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_deployed_state_of_the_same_stack_has_no_changes(tmp_path: Path) -> None:
    code, report = against(stack_file(tmp_path), exported(), tmp_path, "--fail-on-replace")
    assert code == 0 and report["changes"] == []
    assert report["base"] == f"state {tmp_path / 'dev.state.json'}"


def test_a_state_upgraded_to_foundry_is_kept_when_the_stack_says_openai(tmp_path: Path) -> None:
    state = exported()
    # What a refresh records after Microsoft's upgrade (azure-native Read: changed outputs -> inputs).
    account_in(state).update(kind="AIServices")
    account_in(state)["properties"]["allowProjectManagement"] = True
    code, report = against(stack_file(tmp_path), state, tmp_path, "--fail-on-replace")
    assert code == 0
    (change,) = report["changes"]
    assert change["type"] == ACCOUNT and change["action"] == "ignored" and change["dangers"] == []
    by_path = {p["path"]: p for p in change["properties"]}
    assert (by_path["kind"]["before"], by_path["kind"]["after"]) == ("AIServices", "OpenAI")
    assert by_path["kind"]["replaces"] is None and by_path["kind"]["ignored"] is True
    assert by_path["properties.allowProjectManagement"]["ignored"] is True
    assert report["counts"]["replace"] == 0 and report["counts"]["dangerous"] == 0


def test_opting_in_against_an_openai_state_is_an_update_in_place(tmp_path: Path) -> None:
    def foundry(data: dict[str, Any]) -> None:
        data["accounts"]["primary"]["kind"] = "AIServices"

    code, report = against(stack_file(tmp_path, foundry), exported(), tmp_path, "--fail-on-replace")
    assert code == 0
    (change,) = report["changes"]
    assert change["action"] == "update" and change["dangers"] == []
    kind = next(p for p in change["properties"] if p["path"] == "kind")
    assert (kind["before"], kind["after"], kind["replaces"]) == ("OpenAI", "AIServices", None)
    assert kind["note"].startswith("in place: Microsoft's documented upgrade")


def test_a_rollback_that_is_not_ignored_is_dangerous(tmp_path: Path) -> None:
    """A program that would send OpenAI to an upgraded account (no ignoreChanges) fails CI."""
    from aoai.offline.diff import diff_plans
    from aoai.offline.state_export import state_document

    state = exported()
    account_in(state).update(kind="AIServices")
    path = tmp_path / "dev.state.json"
    path.write_text(json.dumps(state))
    base = state_document(path)
    target = copy.deepcopy(base)
    for resource in target["resources"]:
        if resource["type"] == ACCOUNT:
            resource["inputs"]["kind"] = "OpenAI"
    (change,) = diff_plans(base, target, "state", "program").changes
    assert change.action == "update"
    assert any("rolls the Foundry upgrade back" in danger for danger in change.dangers)


def test_secrets_in_the_state_stay_secret(tmp_path: Path) -> None:
    state = exported()
    account_in(state)["tags"]["owner"] = {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        "ciphertext": "v1:abc",
    }
    _, report = against(stack_file(tmp_path), state, tmp_path)
    owner = next(p for p in report["changes"][0]["properties"] if p["path"] == "tags.owner")
    assert owner["before"] == "[secret]" and "v1:abc" not in json.dumps(report)


def test_a_file_that_is_not_a_state_export_is_refused_with_what_was_expected(tmp_path: Path) -> None:
    stack = stack_file(tmp_path)
    for content, expected in (
        ("not json", "not JSON"),
        ('{"resources": []}', "no `deployment` object"),
        ('{"deployment": {"resources": [{"type": "x"}]}}', "deployment.resources[0] has no urn and type"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        result = runner.invoke(app, ["plan", "--stack", str(stack), "--against", f"state:{bad}"])
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and "pulumi stack export" in result.stderr
    missing = runner.invoke(app, ["plan", "--stack", str(stack), "--against", f"state:{tmp_path / 'nope'}"])
    assert missing.exit_code == 2 and "cannot read it" in missing.stderr


def test_a_hostile_state_file_is_refused_not_waited_on_or_crashed_on(tmp_path: Path) -> None:
    # Read by the one bounded reader: a FIFO would block a plain read forever, deep nesting
    # overflow the JSON parser's recursion (exit 4), bad bytes fail decoding.
    import os

    stack = stack_file(tmp_path)
    fifo = tmp_path / "state.fifo"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text('{"deployment": ' + "[" * 100_000 + "]" * 100_000 + "}")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"deployment": {"resources": [], "x": "caf\xe9"}}')
    for path, expected in (
        (fifo, "is not a regular file"),
        (deep, "nested too deeply to be a state export"),
        (latin, "not UTF-8: byte 0xe9 cannot be decoded"),
        (tmp_path, "is a directory, not a file"),
    ):
        result = runner.invoke(app, ["plan", "--stack", str(stack), "--against", f"state:{path}"])
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and "Traceback" not in result.output
