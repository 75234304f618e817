"""A state export (`pulumi stack export`, version 3) read as a plan document (state_export.py), on
hand-written exports: the fields a diff reads, what is left out, and each refusal's message. URNs
are Pulumi's documented form `urn:pulumi:<stack>::<project>::<qualified type>::<name>`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aoai.exit_codes import AoaiError
from aoai.offline.state_export import state_document

STACK = "urn:pulumi:prod::azure-openai::"
ACCOUNT_URN = f"{STACK}azure-openai:index:OpenAIAccount$azure-native:cognitiveservices:Account::contoso-prod"
ACCOUNT_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-prod"
ACCOUNT_KEY = "azure-openai:index:OpenAIAccount$azure-native:cognitiveservices:Account::contoso-prod"
COMPONENT_URN = f"{STACK}azure-openai:index:OpenAIAccount::primary"


def export(tmp_path: Path, resources: Any, deployment: Any = None) -> Path:
    path = tmp_path / "state.json"
    body = {"version": 3, "deployment": deployment if deployment is not None else {"resources": resources}}
    path.write_text(json.dumps(body))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(AoaiError) as caught:
        state_document(path)
    assert caught.value.code == 2
    return str(caught.value)


def test_resources_become_the_plan_documents_fields(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        [
            {"urn": f"{STACK}pulumi:pulumi:Stack::azure-openai-prod", "type": "pulumi:pulumi:Stack"},
            {
                "urn": f"{STACK}pulumi:providers:azure-native::default",
                "type": "pulumi:providers:azure-native",
            },
            {
                "urn": ACCOUNT_URN,
                "type": "azure-native:cognitiveservices:Account",
                "custom": True,
                "id": ACCOUNT_ID,
                "parent": COMPONENT_URN,
                "protect": True,
                "inputs": {
                    "kind": "AIServices",
                    "azureApiVersion": "2025-06-01",
                    "__createBeforeDelete": True,
                },
            },
            {"urn": COMPONENT_URN, "type": "azure-openai:index:OpenAIAccount", "parent": "", "id": ""},
        ],
    )
    document = state_document(path)
    assert document == {
        "format": "aoai-plan/v1",
        "project": "",
        "stack": "prod",
        "counts": {"azureResources": 1, "components": 1, "protected": 1},
        "resources": [
            {
                "urn": ACCOUNT_URN,
                "key": ACCOUNT_KEY,
                "type": "azure-native:cognitiveservices:Account",
                "name": "contoso-prod",
                "custom": True,
                "parent": COMPONENT_URN,
                "protect": True,
                "id": ACCOUNT_ID,
                "ignoreChanges": [],
                "inputs": {"kind": "AIServices"},
            },
            {
                "urn": COMPONENT_URN,
                "key": "azure-openai:index:OpenAIAccount::primary",
                "type": "azure-openai:index:OpenAIAccount",
                "name": "primary",
                "custom": False,
                "parent": None,
                "protect": False,
                "id": None,
                "ignoreChanges": [],
                "inputs": {},
            },
        ],
        "outputs": {},
    }


def test_an_export_without_resources_is_an_empty_plan(tmp_path: Path) -> None:
    document = state_document(export(tmp_path, None, deployment={"manifest": {}}))
    assert document["stack"] == "" and document["resources"] == []
    assert document["counts"] == {"azureResources": 0, "components": 0, "protected": 0}


@pytest.mark.parametrize(
    ("resources", "deployment", "what"),
    [
        (None, {"resources": {}}, "`deployment.resources` is not a list"),
        ([{"urn": 1, "type": "t"}], None, "deployment.resources[0] has no urn and type"),
        (
            [{"urn": "urn:pulumi:a::b::t", "type": "t"}],
            None,
            "deployment.resources[0]: 'urn:pulumi:a::b::t' is not a Pulumi URN",
        ),
        (
            [{"urn": ACCOUNT_URN, "type": "t", "inputs": ["x"]}],
            None,
            "deployment.resources[0].inputs is not an object",
        ),
    ],
)
def test_a_malformed_export_is_refused_with_what_is_wrong(
    tmp_path: Path, resources: Any, deployment: Any, what: str
) -> None:
    path = export(tmp_path, resources, deployment)
    assert refusal(path) == (
        f"--against state:{path}: {what}; expected the output of `pulumi stack export --file FILE`"
    )


def test_a_file_that_is_no_export_is_refused_with_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("[1]")
    assert refusal(path).startswith(f"--against state:{path}: no `deployment` object; expected")
    path.write_text("{")
    assert refusal(path).startswith(f"--against state:{path}: not JSON (")
    path.write_text("[" * 100_000)
    assert refusal(path).startswith(f"--against state:{path}: nested too deeply to be a state export;")
    path.write_bytes(b"\xff")
    assert refusal(path).startswith(f"--against state:{path}: cannot read it (")


def test_an_export_larger_than_a_stack_file_is_read_and_counted(tmp_path: Path) -> None:
    """A state export may be far larger than the 1 MiB a stack file may have (64 MiB); the counts
    are per kind: one Azure resource, two components."""
    components = [
        {
            "urn": f"{STACK}azure-openai:index:OpenAIAccount::{name}",
            "type": "azure-openai:index:OpenAIAccount",
        }
        for name in ("primary", "secondary")
    ]
    account = {"urn": ACCOUNT_URN, "type": "t", "custom": True, "inputs": {"tags": {"note": "x" * 1_100_000}}}
    path = export(tmp_path, [*components, account])
    assert path.stat().st_size > 1024 * 1024
    counts = state_document(path)["counts"]
    assert counts == {"azureResources": 1, "components": 2, "protected": 0}
