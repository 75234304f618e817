"""The program itself: every fixture stack runs through __main__.py; prod URNs are pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoai.offline.runner import ProgramFailed, ProgramRun, run_program
from azure_openai_toolkit.config import load_stack_file, read_stack_file
from tests.conftest import FIXTURE_STACKS, FIXTURES, engine_raw
from tests.golden import REGENERATE, golden_path, planned, snapshot, urns_of
from tests.golden import STACKS as GOLDEN_STACKS

STACK_FILES = sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))


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


@pytest.mark.parametrize("stack", GOLDEN_STACKS)
def test_urns_and_azure_ids_match_the_golden_snapshot(stack: str) -> None:
    """A changed URN makes Pulumi delete and recreate the resource; a changed id is a new resource.

    If the change is intended (with aliases for old URNs), regenerate with the command in the
    message and review the diff of tests/fixtures/golden; a test run never rewrites the files.
    """
    expected = golden_path(stack).read_text()
    actual = snapshot(planned(stack))
    missing = sorted(set(urns_of(expected)) - set(urns_of(actual)))
    assert not missing, f"these {stack} resources would be deleted or replaced:\n" + "\n".join(missing)
    assert actual == expected, (
        f"{golden_path(stack).name} differs from the plan (URNs, Azure ids or subdomains); if intended, "
        f"run `{REGENERATE}` (or `make golden`) and review the diff"
    )
