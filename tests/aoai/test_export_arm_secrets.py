"""`aoai export-arm` of a stack with secure values: each secret is a template parameter, never a
value in the template, and the plan says which value of an object is the secret one.

Expected parameter names are written by hand from the rule in docs/arm-export.md: the resource's
logical name and the value's path in the ARM resource, camel-cased.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from aoai.exit_codes import AoaiError
from aoai.offline.arm_parameters import SecretParameters
from tests.aoai.test_export_arm import spec_errors
from tests.conftest import PRINCIPAL, ZONE
from tests.test_secrets import SECURE_STACK

runner = CliRunner()

# A second account under the same (secret) config key, with an endpoint in another group.
SECONDARY = """\
    secondary:
      location: francecentral
      networkAcls:
        ipRules: [198.51.100.0/24]
      roleAssignments:
        app: {{principalId: {principal}, role: Cognitive Services OpenAI User}}
      privateEndpoints:
        hub:
          resourceGroupName: rg-network
          subnetId:
            secure: v1:AAAABBBBsubnet
          privateDnsZoneIds: [{zone}]
      deployments:
        chat: {{model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}}
"""
STACK = SECURE_STACK + SECONDARY.format(principal=PRINCIPAL, zone=ZONE)
PARAMETER = "[parameters('{}')]"


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def resource(resources: list[dict[str, Any]], arm_type: str, name: str) -> dict[str, Any]:
    return next(r for r in resources if r["type"] == arm_type and r["name"] == name)


@pytest.fixture
def exported(tmp_path: Path) -> tuple[dict[str, Any], str]:
    """The stack exported anew for each test (about a second each): `make mutate` runs a mutant
    against the tests that reached the mutated code, and a module's fixture would reach it in the
    first test alone."""
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(STACK)
    result = runner.invoke(app, ["export-arm", "--stack", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stdout


def test_no_secret_and_no_placeholder_is_written(exported: tuple[dict[str, Any], str]) -> None:
    template, text = exported
    assert "v1:AAAABBBB" not in text and "aoai-secret" not in text
    assert [s for s in strings(template) if "[secret]" in s] == []


def test_each_secure_value_is_a_secure_parameter(exported: tuple[dict[str, Any], str]) -> None:
    template, _ = exported
    kinds = {name: spec["type"] for name, spec in template["parameters"].items()}
    assert kinds == {
        "primaryAccountPropertiesNetworkAclsIpRules0Value": "securestring",
        "primaryRoleAssignmentsAppPropertiesPrincipalId": "securestring",
        # The assignment's GUID is derived from the secret principal id; a name is no secure value.
        "primaryRoleAssignmentsAppName": "string",
        # Derived from a principal under a config key Pulumi hides as a whole: hidden like it.
        "secondaryRoleAssignmentsAppName": "string",
        "secondaryPrivateEndpointHubEndpointPropertiesSubnetId": "securestring",
    }
    for spec in template["parameters"].values():
        assert "defaultValue" not in spec  # a secure parameter never carries its value
        assert "supplied at deployment" in spec["metadata"]["description"] or spec["type"] == "string"
    account = resource(template["resources"], "Microsoft.CognitiveServices/accounts", "contoso-dev-primary")
    assert account["properties"]["networkAcls"]["ipRules"] == [
        {"value": PARAMETER.format("primaryAccountPropertiesNetworkAclsIpRules0Value")},
        {"value": "203.0.113.0/24"},
    ]
    # Only the secret is a parameter: the rest of the account is there for the scanners.
    assert account["properties"]["disableLocalAuth"] is True
    assert account["properties"]["publicNetworkAccess"] == "Enabled"
    role = next(
        r
        for r in template["resources"]
        if r["type"] == "Microsoft.Authorization/roleAssignments"
        and r["scope"].endswith("/contoso-dev-primary")
    )
    assert role["name"] == PARAMETER.format("primaryRoleAssignmentsAppName")
    principal = PARAMETER.format("primaryRoleAssignmentsAppPropertiesPrincipalId")
    assert role["properties"]["principalId"] == principal
    assert spec_errors(template) == {}  # the bodies still meet the REST specification


def test_an_account_in_the_same_secret_key_is_exported_in_full(exported: tuple[dict[str, Any], str]) -> None:
    """Pulumi hides every account under a config key with one secure value; the other account's
    settings are plain in the stack file and stay in the template."""
    template, _ = exported
    account = resource(template["resources"], "Microsoft.CognitiveServices/accounts", "contoso-dev-secondary")
    assert account["properties"]["networkAcls"]["ipRules"] == [{"value": "198.51.100.0/24"}]
    role = next(
        r
        for r in template["resources"]
        if r["type"] == "Microsoft.Authorization/roleAssignments"
        and r["scope"].endswith("/contoso-dev-secondary")
    )
    assert role["properties"]["principalId"] == PRINCIPAL


def test_a_nested_deployment_declares_and_receives_its_secret(exported: tuple[dict[str, Any], str]) -> None:
    template, _ = exported
    name = "secondaryPrivateEndpointHubEndpointPropertiesSubnetId"
    (nested,) = [r for r in template["resources"] if r["type"] == "Microsoft.Resources/deployments"]
    assert nested["properties"]["expressionEvaluationOptions"] == {"scope": "inner"}
    assert nested["properties"]["parameters"] == {name: {"value": PARAMETER.format(name)}}
    inner = nested["properties"]["template"]
    assert inner["parameters"] == {name: template["parameters"][name]}
    endpoints = [r for r in inner["resources"] if r["type"] == "Microsoft.Network/privateEndpoints"]
    (endpoint,) = endpoints
    assert endpoint["properties"]["subnet"] == {"id": PARAMETER.format(name)}


def test_the_plan_names_the_secret_value_instead_of_hiding_the_account(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(STACK)
    result = runner.invoke(app, ["plan", "--stack", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "contoso-dev-primary in swedencentral, kind OpenAI, public Enabled" in text
    assert "secret: networkAcls.ipRules[0].value" in text
    assert "properties [secret]" not in text


def test_a_secret_inside_a_value_is_refused_not_written() -> None:
    planned = {"name": "primary-lock", "type": "azure-native:authorization:ManagementLockByScope", "urn": "u"}
    arm = {"name": "lock", "properties": {"notes": "protects [secret]"}}
    with pytest.raises(AoaiError) as caught:
        SecretParameters().replace(arm, planned)
    assert caught.value.code == 2
    where = "primary-lock (azure-native:authorization:ManagementLockByScope) properties.notes:"
    assert str(caught.value).startswith(where)
    assert "give a plain value for it in the stack file" in str(caught.value)

