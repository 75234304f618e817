"""export-arm writes exactly what the program registers: compared resource by resource.

Each resource of the template is turned back into the inputs azure-native would receive (its
name segments, scope and resource group, the body with the properties azure-native flattens lifted
again, ARM expressions evaluated as Resource Manager evaluates them), and must equal the inputs of
exactly one registration of the same plan, and the other way round. The mapping here is written
from the ARM template format and the provider's input shapes, not taken from aoai/offline/arm.py.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.arm import arm_template
from aoai.offline.document import Document, plan_document
from aoai.offline.mocks import AzureMocks
from aoai.offline.resource_types import AZURE_TYPES
from aoai.offline.runner import run_program
from tests.aoai.arm_expressions import evaluate
from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    PROJECT_ROOT,
    SUBNET,
    VNET,
    WORKSPACE,
    ZONE,
    base_config,
    engine_raw,
)

SUBSCRIPTION = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
BY_ARM_TYPE = {known.arm_type: known for known in AZURE_TYPES.values()}
# Types whose ARM `properties` azure-native takes as top-level inputs (x-ms-client-flatten).
FLATTENED = {
    "Microsoft.Network/privateEndpoints",
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    "Microsoft.Authorization/roleAssignments",
    "Microsoft.Authorization/locks",
    "Microsoft.Insights/diagnosticSettings",
}
SUB_RESOURCES = (
    "privateLinkServiceConnections",
    "manualPrivateLinkServiceConnections",
    "privateDnsZoneConfigs",
    "ipConfigurations",
)
ASG = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/"
    "applicationSecurityGroups/asg-ai"
)


def every_input(naming: str) -> dict[str, Any]:
    """A stack using every feature the export maps, the new AVM inputs included."""
    data = base_config()
    data["roleAssignmentNaming"] = naming
    data["accounts"]["primary"].update(
        tags={"costCenter": "1234"},
        managedIdentities={"systemAssigned": True, "userAssignedResourceIds": [IDENTITY]},
        customerManagedKey={
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        },
        restrictOutboundNetworkAccess=True,
        allowedFqdns=["srch-contoso.search.windows.net"],
        privateEndpoints={
            "hub": {
                "subnetId": SUBNET,
                "privateDnsZoneIds": [ZONE],
                "name": "pep-contoso",
                "customNetworkInterfaceName": "nic-pep-contoso",
                "ipConfigurations": [{"name": "static", "privateIpAddress": "10.1.2.10"}],
                "applicationSecurityGroupIds": [ASG],
                "privateDnsZoneConfigNames": {ZONE: "privatelink.openai.azure.com"},
            },
            "approval": {
                "subnetId": SUBNET,
                "createPrivateDnsZone": {"virtualNetworkIds": [VNET]},
                "isManualConnection": True,
                "manualConnectionRequestMessage": "Please approve",
            },
        },
        roleAssignments={
            "app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"},
            "kept": {
                "principalId": "22222222-2222-2222-2222-222222222222",
                "role": "Reader",
                "name": "0d3e2f65-1b1c-4e7e-9f1e-5c2a7d9b8e11",
                "condition": "@Resource[Microsoft.CognitiveServices/accounts/deployments:name] "
                "StringEquals 'chat'",
            },
        },
        diagnosticSettings={
            "central": {"workspaceResourceId": WORKSPACE, "logCategories": ["Audit"]},
        },
        lock={"kind": "CanNotDelete", "name": "lock-avm", "notes": "Cannot delete resource."},
        contentFilters={"strict": {"mode": "Blocking"}},
    )
    data["accounts"]["primary"]["deployments"]["chat"]["contentFilter"] = "strict"
    return data


def plan(data: dict[str, Any], subscription: str = SUBSCRIPTION) -> Document:
    mocks = lambda: AzureMocks(subscription)  # noqa: E731 - a factory, as run_program takes one
    return plan_document(run_program(PROJECT_ROOT, "dev", engine_raw(copy.deepcopy(data)), mocks=mocks))


def inputs_of(arm: dict[str, Any], subscription: str, group: str) -> tuple[str, dict[str, Any]]:
    """The azure-native type token and inputs an ARM template resource stands for."""
    known = BY_ARM_TYPE[arm["type"]]
    body = evaluate(
        {k: v for k, v in arm.items() if k not in ("type", "apiVersion", "name", "dependsOn", "scope")},
        subscription,
        group,
    )
    inputs: dict[str, Any] = dict(zip(known.name_inputs, arm["name"].split("/"), strict=True))
    if known.scope_input:
        namespace, *rest = arm["scope"].split("/")
        scope = evaluate(
            f"[resourceId('{namespace}/{'/'.join(rest[0::2])}', {', '.join(repr(n) for n in rest[1::2])})]",
            subscription,
            group,
        )
        inputs[known.scope_input] = scope
    else:
        inputs["resourceGroupName"] = group
    properties = body.pop("properties", {})
    if arm["type"] in FLATTENED:
        for key in SUB_RESOURCES:
            if key in properties:
                properties[key] = [{"name": i["name"], **i["properties"]} for i in properties[key]]
        inputs.update(properties)
    elif properties:
        inputs["properties"] = properties
    identity = body.get("identity")
    if identity and isinstance(identity.get("userAssignedIdentities"), dict):
        identity["userAssignedIdentities"] = list(identity["userAssignedIdentities"])
    inputs.update(body)
    return known.token, inputs


def registered_inputs(resource: dict[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = copy.deepcopy(resource["inputs"])
    if resource["type"] == "azure-native:network:PrivateEndpoint":
        inputs["subnet"] = {"id": inputs["subnet"]["id"]}  # ARM reads only the id of a subnet
    return inputs


def deployed(resources: list[dict[str, Any]], group: str) -> list[tuple[dict[str, Any], str]]:
    """Each template resource with the resource group ARM deploys it to: a nested deployment
    (inner scope) deploys its template's resources to its own resourceGroup."""
    out = []
    for arm in resources:
        if arm["type"] == "Microsoft.Resources/deployments":
            assert arm["properties"]["expressionEvaluationOptions"] == {"scope": "inner"}
            out += deployed(arm["properties"]["template"]["resources"], arm["resourceGroup"])
        else:
            out.append((arm, group))
    return out


def assert_one_to_one(document: Document, template: dict[str, Any], count: int) -> None:
    group = template["metadata"]["resourceGroup"]["name"]
    registered = [
        (r["type"], registered_inputs(r))
        for r in document["resources"]
        if r["custom"] and r["type"] != "azure-native:resources:ResourceGroup"
    ]
    exported = [inputs_of(arm, SUBSCRIPTION, g) for arm, g in deployed(template["resources"], group)]
    assert len(exported) == len(registered) == count
    for item in exported:
        assert registered.count(item) == 1, json.dumps(item, indent=1)
    for item in registered:
        assert exported.count(item) == 1, json.dumps(item, indent=1)


@pytest.mark.parametrize("naming", ["toolkit", "avm", "azure"])
def test_every_exported_resource_is_exactly_one_registration(naming: str) -> None:
    document = plan(every_input(naming))
    # zone, link, account, filter, deployment, 2 endpoints, 2 zone groups, 2 roles, diagnostics, lock
    assert_one_to_one(document, arm_template(document, SUBSCRIPTION), 13)


def test_an_endpoint_in_another_resource_group_is_exported_in_a_nested_deployment() -> None:
    data = every_input("toolkit")
    data["accounts"]["primary"]["privateEndpoints"]["hub"]["resourceGroupName"] = "rg-network"
    document = plan(data)
    template = arm_template(document, SUBSCRIPTION)
    assert_one_to_one(document, template, 13)
    nested = [r for r in template["resources"] if r["type"] == "Microsoft.Resources/deployments"]
    assert [(n["name"], n["resourceGroup"]) for n in nested] == [("aoai-rg-network", "rg-network")]
    inner = nested[0]["properties"]["template"]["resources"]
    assert sorted(r["type"] for r in inner) == [
        "Microsoft.Network/privateEndpoints",
        "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    ]
    # The deployment waits for the account in the template's group; the zone group waits for its
    # endpoint inside the nested template.
    account = next(r for r in template["resources"] if r["type"] == "Microsoft.CognitiveServices/accounts")
    assert any(account["name"] in d for d in nested[0]["dependsOn"])
    zone_group = next(r for r in inner if r["type"].endswith("privateDnsZoneGroups"))
    assert zone_group["dependsOn"] == ["[resourceId('Microsoft.Network/privateEndpoints', 'pep-contoso')]"]


# docs/migration.md, "Role assignment names": account contoso-prod-swc in rg-openai-prod of
# SUBSCRIPTION, PRINCIPAL, Cognitive Services OpenAI User, under each naming (values computed by
# hand from each form's definition; tests/components/test_role_naming.py pins the same three).
@pytest.mark.parametrize(
    ("naming", "expected"),
    [
        ("avm", "ac8a7d2d-5c02-53bd-b292-350de4629902"),
        ("azure", "ac435028-3970-549a-b028-8b2dec8dc14c"),
        ("toolkit", "bc06a8c2-8955-5de2-9c10-823f91ce20b6"),
    ],
)
def test_role_assignment_names_are_the_ones_the_program_creates_in_the_subscription(
    tmp_path: Path, naming: str, expected: str
) -> None:
    data = every_input(naming)
    data["resourceGroup"] = {"name": "rg-openai-prod", "existing": True}
    data["accounts"]["primary"]["name"] = "contoso-prod-swc"
    stack = tmp_path / f"Pulumi.{naming}.yaml"
    stack.write_text("config:\n" + "".join(f"  azure-openai:{k}: {json.dumps(v)}\n" for k, v in data.items()))
    result = CliRunner().invoke(app, ["export-arm", "--stack", str(stack), "--subscription", SUBSCRIPTION])
    assert result.exit_code == 0, result.output
    template = json.loads(result.stdout)
    names = {
        r["properties"]["principalId"]: r["name"]
        for r in template["resources"]
        if r["type"] == "Microsoft.Authorization/roleAssignments"
    }
    # The naming's name in that subscription, and an adopted name kept as it is.
    assert names == {
        PRINCIPAL: expected,
        "22222222-2222-2222-2222-222222222222": "0d3e2f65-1b1c-4e7e-9f1e-5c2a7d9b8e11",
    }
    assert template["metadata"]["subscription"] == SUBSCRIPTION
    assert (
        CliRunner().invoke(app, ["export-arm", "--stack", str(stack), "--subscription", "x"]).exit_code == 2
    )
