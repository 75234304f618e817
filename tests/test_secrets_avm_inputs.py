"""The AVM inputs that only reach resources may be secret: under the program they are secret
inputs, offline (placeholders for `secure:` values) the stack still validates and plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import PRINCIPAL, SUBNET, WORKSPACE, ZONE, base_config
from tests.test_secrets import only, plan_with_secret_keys, secret

ENDPOINT = "azure-native:network:PrivateEndpoint"
DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting"
ROLE = "azure-native:authorization:RoleAssignment"
ASG = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/applicationSecurityGroups/asg-ai"
)
STORAGE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/"
    "Microsoft.Storage/storageAccounts/stlogs"
)
CONDITION = "@Resource[Microsoft.CognitiveServices/accounts/deployments:name] StringEquals 'chat'"


def avm_stack() -> dict[str, Any]:
    data = base_config()
    data["accounts"]["primary"].update(
        privateEndpoints={
            "hub": {
                "subnetId": SUBNET,
                "privateDnsZoneIds": [ZONE],
                "ipConfigurations": [{"name": "static", "privateIpAddress": "10.1.2.10"}],
                "applicationSecurityGroupIds": [ASG],
            }
        },
        diagnosticSettings={
            "central": {"workspaceResourceId": WORKSPACE, "storageAccountResourceId": STORAGE}
        },
        roleAssignments={
            "app": {
                "principalId": PRINCIPAL,
                "role": "Cognitive Services OpenAI User",
                "condition": CONDITION,
            }
        },
    )
    return data


def test_the_new_inputs_of_secret_keys_are_secret_inputs() -> None:
    run = plan_with_secret_keys(avm_stack(), ["accounts"])
    endpoint = only(run, ENDPOINT)
    assert secret(endpoint["applicationSecurityGroups"]) == [{"id": ASG}]
    assert secret(endpoint["ipConfigurations"])[0]["privateIPAddress"] == "10.1.2.10"
    assert endpoint["privateEndpointName"] == "pe-contoso-dev-primary-hub"  # names stay plain
    assert secret(only(run, DIAGNOSTICS)["storageAccountId"]) == STORAGE
    assert secret(only(run, ROLE)["condition"]) == CONDITION


SECURE = """\
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      privateEndpoints:
        hub:
          subnetId: {subnet}
          privateDnsZoneIds: [{zone}]
          ipConfigurations:
            - name: static
              privateIpAddress:
                secure: v1:AAAABBBBip
          applicationSecurityGroupIds:
            - secure: v1:AAAABBBBasg
      diagnosticSettings:
        central:
          storageAccountResourceId:
            secure: v1:AAAABBBBstorage
      deployments:
        chat: {{model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}}
"""


def test_offline_secure_values_of_the_new_inputs_validate_and_plan(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(SECURE.format(subnet=SUBNET, zone=ZONE))
    runner = CliRunner()
    validate = runner.invoke(app, ["validate", "--stack", str(path)])
    assert validate.exit_code == 0, validate.output
    plan = runner.invoke(app, ["plan", "--stack", str(path), "--json"])
    assert plan.exit_code == 0, plan.output
    assert "v1:AAAABBBB" not in plan.stdout
    # The tree's summaries show secret objects (the endpoint's subnet, its zone configs) as such.
    tree = runner.invoke(app, ["plan", "--stack", str(path)])
    assert tree.exit_code == 0, tree.output
    assert "subnet [secret]" in tree.stdout and "zones [secret]" in tree.stdout
    assert "central -> [secret]" in tree.stdout
