"""The program itself: every fixture stack runs through __main__.py; prod URNs are pinned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aoai.offline.runner import ProgramFailed, ProgramRun, run_program
from azure_openai_toolkit.config import load_stack_file, read_stack_file
from tests.conftest import FIXTURE_STACKS, FIXTURES, engine_raw

STACK_FILES = sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))
GOLDEN_PROD_URNS = FIXTURES / "golden" / "prod-urns.txt"


def plan(path: Path) -> ProgramRun:
    raw, secrets = read_stack_file(path)
    stack = path.name.split(".")[1]
    return run_program(FIXTURES, stack, raw, secrets)


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_every_stack_plans_through_the_program(path: Path) -> None:
    run = plan(path)
    assert run.by_type("azure-native:cognitiveservices:Account")
    assert set(run.outputs) == {"resourceGroupName", "accounts"}
    for account in run.outputs["accounts"].values():
        # An OpenAI account answers on openai.azure.com, a Foundry resource on cognitiveservices.
        hosts = {"OpenAI": ".openai.azure.com/", "AIServices": ".cognitiveservices.azure.com/"}
        host = hosts[account["kind"]]
        assert account["endpoint"].startswith("https://") and account["endpoint"].endswith(host)


def test_dev_stack_shape() -> None:
    run = plan(FIXTURE_STACKS / "Pulumi.dev.yaml")
    assert len(run.by_type("azure-native:cognitiveservices:Account")) == 1
    account = run.by_type("azure-native:cognitiveservices:Account")[0]
    assert account.inputs["properties"]["publicNetworkAccess"] == "Enabled"
    assert account.inputs["properties"]["networkAcls"]["defaultAction"] == "Deny"
    models = {
        d.inputs["properties"]["model"]["name"]
        for d in run.by_type("azure-native:cognitiveservices:Deployment")
    }
    config = load_stack_file(FIXTURE_STACKS / "Pulumi.dev.yaml")
    assert models == {d.model for a in config.accounts.values() for d in a.deployments.values()}


def test_prod_stack_shape() -> None:
    run = plan(FIXTURE_STACKS / "Pulumi.prod.yaml")
    accounts = run.by_type("azure-native:cognitiveservices:Account")
    assert sorted(a.inputs["location"] for a in accounts) == ["swedencentral", "switzerlandnorth"]
    assert all(a.protect for a in accounts)
    assert all(a.inputs["properties"]["publicNetworkAccess"] == "Disabled" for a in accounts)
    assert all(
        d.inputs["properties"].get("raiPolicyName")
        for d in run.by_type("azure-native:cognitiveservices:Deployment")
    )
    assert len(run.by_type("azure-native:network:PrivateEndpoint")) == 2
    assert len(run.by_type("azure-native:authorization:ManagementLockByScope")) == 2
    assert len(run.by_type("azure-native:monitor:DiagnosticSetting")) == 2
    assert len(run.by_type("azure-native:authorization:RoleAssignment")) == 4


def test_invalid_config_stops_the_program_before_any_resource(tmp_path: Path) -> None:
    raw = engine_raw(
        {
            "namePrefix": "contoso",
            "environment": "dev",
            "location": "swedencentral",
            "accounts": {"primary": {"deployments": {"chat": {"model": "gpt-4o"}}}},
        }
    )
    with pytest.raises(ProgramFailed) as caught:
        run_program(FIXTURES, "dev", raw)
    assert "azure-openai:accounts.primary.deployments.chat.version: required" in str(caught.value)
    assert caught.value.registrations == []


def test_prod_urns_match_the_golden_snapshot() -> None:
    """A refactor that changes a URN makes Pulumi delete and recreate that resource in prod.

    If the change is intended, add aliases for the old URNs first, then regenerate the snapshot
    with UPDATE_GOLDEN=1 pytest tests/test_program.py.
    """
    urns = sorted(r.urn for r in plan(FIXTURE_STACKS / "Pulumi.prod.yaml").registrations)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_PROD_URNS.write_text("\n".join(urns) + "\n")
    expected = GOLDEN_PROD_URNS.read_text().split()
    missing = sorted(set(expected) - set(urns))
    added = sorted(set(urns) - set(expected))
    assert not missing, "these prod resources would be deleted or replaced:\n" + "\n".join(missing)
    assert not added, "new URNs; regenerate the snapshot if intended:\n" + "\n".join(added)
