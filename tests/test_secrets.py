"""Secure config stays secret end to end: only where allowed, shape-checked offline without the
plaintext, and under the program (the real __main__.py, under mocks) a secret input."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime.rpc import is_rpc_secret
from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.runner import ProgramFailed, ProgramRun, run_program
from azure_openai_toolkit.config.schema import stack_file_schema
from tests.conftest import FIXTURES, PRINCIPAL, SUBNET, base_config, engine_raw

runner = CliRunner()
ACCOUNT = "azure-native:cognitiveservices:Account"
ROLE = "azure-native:authorization:RoleAssignment"
SECRET_IP = "198.51.100.7"
SECRET_TAG = "cost-center-4711"


def secret_stack() -> dict[str, Any]:
    """The base stack with values that may be secret: an IP rule, a subnet, a principal id."""
    data = base_config()
    data["tags"] = {"costCenter": SECRET_TAG}
    data["accounts"]["primary"].update(
        networkAcls={"ipRules": [SECRET_IP], "virtualNetworkRules": [{"subnetId": SUBNET}]},
        roleAssignments={"app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"}},
    )
    return data


def plan_with_secret_keys(data: dict[str, Any], secret_keys: list[str]) -> ProgramRun:
    return run_program(FIXTURES, "dev", engine_raw(data), secret_keys)


def only(run: ProgramRun, type_token: str) -> dict[str, Any]:
    (registration,) = run.by_type(type_token)
    return registration.inputs


def secret(value: Any) -> Any:
    """The value inside a secret input; fails when the input is not secret."""
    assert is_rpc_secret(value), f"not secret: {value!r}"
    return value["value"]


def test_values_of_secret_keys_reach_resources_as_secret_inputs() -> None:
    run = plan_with_secret_keys(secret_stack(), ["accounts"])
    account = only(run, ACCOUNT)
    # Pulumi keeps secrecy per top-level input: a secret IP rule makes `properties` secret.
    rules = secret(account["properties"])["networkAcls"]
    assert rules["ipRules"] == [{"value": SECRET_IP}]
    assert rules["virtualNetworkRules"][0]["id"] == SUBNET
    assert secret(only(run, ROLE)["principalId"]) == PRINCIPAL
    # What decides names and structure is not secret, so it stays plain (and reviewable).
    assert account["accountName"] == "contoso-dev-primary" and account["location"] == "swedencentral"
    assert account["tags"]["costCenter"] == SECRET_TAG  # tags were not marked secret


def test_without_secret_keys_nothing_is_marked() -> None:
    run = plan_with_secret_keys(secret_stack(), [])
    assert only(run, ACCOUNT)["properties"]["networkAcls"]["ipRules"][0]["value"] == SECRET_IP
    assert only(run, ROLE)["principalId"] == PRINCIPAL


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("namePrefix", "a secret is not allowed at namePrefix: it decides which resources exist"),
        ("tags", "a secret is not allowed at tags: tags are shown to everyone who can read the resource"),
    ],
)
def test_a_secret_top_level_key_that_can_never_be_secret_stops_the_program(key: str, reason: str) -> None:
    with pytest.raises(ProgramFailed, match=reason):
        plan_with_secret_keys(secret_stack(), [key])


SECURE_STACK = """\
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:tags:
    costCenter: "4711"
  azure-openai:accounts:
    primary:
      networkAcls:
        ipRules:
          - secure: v1:AAAABBBBip
          - 203.0.113.0/24
      roleAssignments:
        app:
          principalId:
            secure: v1:AAAABBBBprincipal
          role: Cognitive Services OpenAI User
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}
"""


def test_offline_the_shape_is_checked_without_the_plaintext(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SECURE_STACK)
    validate = runner.invoke(app, ["validate", "--stack", str(path)])
    assert validate.exit_code == 0, validate.output
    plan = runner.invoke(app, ["plan", "--stack", str(path), "--json"])
    assert plan.exit_code == 0, plan.output
    document = json.loads(plan.stdout)
    account = next(r for r in document["resources"] if r["type"] == ACCOUNT)
    # Pulumi hides the whole properties object for its one secure IP rule; the plan shows which.
    rules = account["inputs"]["properties"]["networkAcls"]["ipRules"]
    assert rules == [{"value": "[secret]"}, {"value": "203.0.113.0/24"}]
    assert account["inputs"]["properties"]["disableLocalAuth"] is True
    assert account["inputs"]["tags"]["costCenter"] == "4711"
    assert account["inputs"]["accountName"] == "contoso-dev-primary"
    role = next(r for r in document["resources"] if r["type"] == ROLE)
    assert role["inputs"]["principalId"] == "[secret]"
    assert "v1:AAAABBBB" not in plan.stdout and "aoai-secret" not in plan.stdout


def test_a_secret_where_none_is_allowed_says_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    secret_region = "  azure-openai:location:\n    secure: v1:x"
    path.write_text(SECURE_STACK.replace("  azure-openai:location: swedencentral", secret_region))
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert "azure-openai:location: a secret is not allowed at location" in result.stdout
    assert "Secrets may be: accounts.<key>.allowedFqdns" in result.stdout


def test_a_secret_tag_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SECURE_STACK.replace('costCenter: "4711"', "costCenter: {secure: v1:x}"))
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert (
        "azure-openai:tags.costCenter: a secret is not allowed at tags.costCenter: tags are shown"
        in result.stdout
    )


def test_secure_needs_the_encrypted_text(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SECURE_STACK.replace("secure: v1:AAAABBBBip", "secure: [1, 2]"))
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 2
    assert "secure: holds the encrypted text Pulumi wrote" in result.stdout


def test_the_schema_takes_secure_values_exactly_where_secrets_are_allowed() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(stack_file_schema())
    base = {"azure-openai:namePrefix": "contoso", "azure-openai:environment": "dev"}
    account = {"roleAssignments": {"a": {"principalId": {"secure": "v1:x"}, "role": "Reader"}}}
    allowed = {**base, "azure-openai:accounts": {"primary": account}}
    assert not list(validator.iter_errors({"config": allowed}))
    for refused in (
        {"azure-openai:location": {"secure": "v1:x"}},
        {"azure-openai:tags": {"a": {"secure": "x"}}},
    ):
        assert list(validator.iter_errors({"config": {**base, **refused}}))


def test_the_policy_pack_judges_what_is_deployed_secret_or_not(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SECURE_STACK)
    result = runner.invoke(app, ["plan", "--stack", str(path), "--policy", "--json"])
    report = json.loads(result.stdout)
    rule = next(p for p in report["policies"] if p["name"] == "network-default-deny")
    assert rule["violations"] == []  # Deny with rules, though `properties` is secret



@pulumi.runtime.test
def test_every_string_in_a_map_or_list_becomes_a_secret(pulumi_mocks: object) -> pulumi.Output[None]:
    """hidden() is given a field's whole value; every string at any depth comes out a secret
    Output of the same text, and what is not a string (a number, a flag) stays as it is."""
    from azure_openai_toolkit.secret_inputs import hidden

    value = hidden({"ids": ["a", "b"], "name": "c", "count": 2})
    assert value["count"] == 2
    strings = [value["ids"][0], value["ids"][1], value["name"]]
    assert all(isinstance(s, pulumi.Output) for s in strings)

    async def secret_flags() -> list[bool]:
        return [await s.is_secret() for s in strings]

    flags: pulumi.Output[list[bool]] = pulumi.Output.from_input(asyncio.ensure_future(secret_flags()))

    def check(args: list[Any]) -> None:
        *plain, flags = args
        assert plain == ["a", "b", "c"]
        assert flags == [True, True, True]

    return pulumi.Output.all(*strings, flags).apply(check)
