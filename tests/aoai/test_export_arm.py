"""`aoai export-arm`: the ARM template of each fixture stack, checked against the REST spec."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.arm import SCHEMA, arm_template
from aoai.offline.document import Document, plan_document
from aoai.offline.mocks import AzureMocks
from aoai.offline.plan import plan_stack
from aoai.offline.resource_types import AZURE_TYPES
from aoai.offline.runner import run_program
from aoai.stacks import StackRef, stack_name_of
from tests.aoai.rest_spec import spec_validator, strict_problems
from tests.conftest import (
    FIXTURE_STACKS,
    FIXTURES,
    IDENTITY,
    PRINCIPAL,
    RUNS_AOAI_IN_A_CHILD_PROCESS,
    SUBNET,
    VNET,
    base_config,
    engine_raw,
)

runner = CliRunner()
STACK_FILES = sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))
# ARM template fields that are not part of the REST request body.
TEMPLATE_ONLY = {"type", "apiVersion", "name", "dependsOn", "scope", "comments", "condition"}
SPEC_DEFINITIONS = {
    "Microsoft.CognitiveServices/accounts": "Account",
    "Microsoft.CognitiveServices/accounts/deployments": "Deployment",
    "Microsoft.CognitiveServices/accounts/raiPolicies": "RaiPolicy",
    "Microsoft.CognitiveServices/accounts/raiBlocklists": "RaiBlocklist",
    "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems": "RaiBlocklistItem",
    "Microsoft.CognitiveServices/accounts/projects": "Project",
    "Microsoft.CognitiveServices/accounts/connections": "ConnectionPropertiesV2BasicResource",
    "Microsoft.CognitiveServices/accounts/projects/connections": "ConnectionPropertiesV2BasicResource",
}
# The one place where what is sent departs from the 2025-06-01 specification, on purpose: it
# describes AccountProperties.networkInjections as one object, while pulumi-azure-native 3.29
# (NetworkInjectionArgs list), the 2025-09-01 SDK and Microsoft's own Foundry templates at
# @2025-06-01 send a list of them (docs/foundry.md, "Agents in your network").
NETWORK_INJECTIONS_AS_LIST = "properties/networkInjections: is a list where the specification has one object"
Template = dict[str, Any]
FOUNDRY_STACK = FIXTURES / "foundry" / "Pulumi.foundry.yaml"


@cache
def plan_and_template(path: Path) -> tuple[Document, Template]:
    document = plan_document(plan_stack(StackRef(stack_name_of(path), path)))
    return document, arm_template(document)


def body(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k not in TEMPLATE_ONLY}


def spec_errors(template: Template) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for resource in template["resources"]:
        definition = SPEC_DEFINITIONS.get(resource["type"])
        if definition is None:
            continue
        found = [_spec_error(e) for e in spec_validator(definition).iter_errors(body(resource))]
        found += strict_problems(body(resource), definition)
        if found:
            errors[resource["name"]] = found
    return errors


def _spec_error(error: Any) -> str:
    path = "/".join(map(str, error.path))
    if path == "properties/networkInjections" and isinstance(error.instance, list):
        return NETWORK_INJECTIONS_AS_LIST
    return f"{path}: {error.message}"


def without_known_deviation(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    kept = {name: [e for e in found if e != NETWORK_INJECTIONS_AS_LIST] for name, found in errors.items()}
    return {name: found for name, found in kept.items() if found}


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_export_is_an_arm_template_accepted_by_the_rest_specification(path: Path) -> None:
    _, template = plan_and_template(path)
    assert template["$schema"] == SCHEMA
    assert "2019-04-01/deploymentTemplate.json" in template["$schema"]
    assert template["contentVersion"] == "1.0.0.0"
    types = {r["type"] for r in template["resources"]}
    accounts = "Microsoft.CognitiveServices/accounts"
    assert {accounts, f"{accounts}/deployments"} <= types
    assert without_known_deviation(spec_errors(template)) == {}


def test_the_foundry_stack_exports_to_the_2025_06_01_bodies() -> None:
    """Projects, account and project connections, blocklists and items, the account's Foundry
    properties: each body valid for its 2025-06-01 definition, the network injections' list the
    only departure."""
    _, template = plan_and_template(FOUNDRY_STACK)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for resource in template["resources"]:
        by_type.setdefault(resource["type"], []).append(resource)
    assert set(SPEC_DEFINITIONS) <= set(by_type)
    assert spec_errors(template) == {"contoso-dev-foundry": [NETWORK_INJECTIONS_AS_LIST]}
    account = by_type["Microsoft.CognitiveServices/accounts"][0]
    assert account["kind"] == "AIServices" and account["properties"]["allowProjectManagement"] is True
    assert {p["name"] for p in by_type["Microsoft.CognitiveServices/accounts/projects"]} == {
        "contoso-dev-foundry/research",
        "contoso-dev-foundry/support",
    }
    (papers,) = by_type["Microsoft.CognitiveServices/accounts/projects/connections"]
    assert papers["name"] == "contoso-dev-foundry/research/papers"
    assert papers["properties"]["authType"] == "AAD"
    projects = "Microsoft.CognitiveServices/accounts/projects"
    assert f"[resourceId('{projects}', 'contoso-dev-foundry', 'research')]" in papers["dependsOn"]
    items = by_type["Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems"]
    assert sorted(i["name"] for i in items) == [
        "contoso-dev-foundry/competitors/codename",
        "contoso-dev-foundry/competitors/fabrikam",
    ]
    zones = sorted(z["name"] for z in by_type["Microsoft.Network/privateDnsZones"])
    assert zones == [
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    ]


def test_prod_export_covers_accounts_deployments_and_rai_policies() -> None:
    _, template = plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")
    by_name = {r["name"]: r for r in template["resources"]}
    account = by_name["contoso-prod-primary"]
    assert account["type"] == "Microsoft.CognitiveServices/accounts"
    assert account["apiVersion"] == "2025-06-01"
    assert (account["kind"], account["sku"], account["location"]) == (
        "OpenAI",
        {"name": "S0"},
        "swedencentral",
    )
    assert account["identity"] == {"type": "SystemAssigned"}
    assert account["properties"]["publicNetworkAccess"] == "Disabled"
    assert account["properties"]["disableLocalAuth"] is True
    assert account["tags"]["environment"] == "prod"
    chat = by_name["contoso-prod-primary/chat"]
    assert chat["type"] == "Microsoft.CognitiveServices/accounts/deployments"
    assert chat["sku"] == {"name": "DataZoneStandard", "capacity": 50}
    assert chat["properties"]["model"] == {"format": "OpenAI", "name": "gpt-5", "version": "2025-08-07"}
    policy = by_name["contoso-prod-primary/strict"]
    assert policy["type"] == "Microsoft.CognitiveServices/accounts/raiPolicies"
    assert {f["name"] for f in policy["properties"]["contentFilters"]} >= {
        "Hate",
        "Jailbreak",
        "Indirect Attack",
    }
    endpoint = by_name["pe-contoso-prod-primary-hub"]
    connection = endpoint["properties"]["privateLinkServiceConnections"][0]
    assert connection["properties"]["privateLinkServiceId"] == (
        "[resourceId('Microsoft.CognitiveServices/accounts', 'contoso-prod-primary')]"
    )
    assert endpoint["properties"]["subnet"] == {
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
        "Microsoft.Network/virtualNetworks/vnet-hub-swc/subnets/snet-private-endpoints"
    }
    lock = by_name["lock-contoso-prod-primary"]
    assert lock["scope"] == "Microsoft.CognitiveServices/accounts/contoso-prod-primary"
    assert lock["properties"]["level"] == "CanNotDelete"
    assert template["metadata"]["resourceGroup"]["name"] == "rg-contoso-openai-prod"
    assert template["metadata"]["protected"] == ["contoso-prod-primary", "contoso-prod-secondary"]


def test_api_versions_are_the_providers() -> None:
    _, template = plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")
    versions = {known.arm_type: known.api_version for known in AZURE_TYPES.values()}
    for resource in template["resources"]:
        assert resource["apiVersion"] == versions[resource["type"]]


def test_no_mocked_id_of_a_template_resource_is_left() -> None:
    document, template = plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")
    text = json.dumps(template)
    for resource in document["resources"]:
        if resource["custom"] and resource["type"] != "azure-native:resources:ResourceGroup":
            assert f'"{resource["id"]}"' not in text, resource["name"]
    assert "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization" not in text
    # Role assignment names are the program's GUIDs, not expressions that name something else.
    names = sorted(r["name"] for r in template["resources"] if r["type"].endswith("roleAssignments"))
    planned = sorted(
        r["inputs"]["roleAssignmentName"]
        for r in document["resources"]
        if r["type"] == "azure-native:authorization:RoleAssignment"
    )
    assert names == planned and len(names) == 4


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_depends_on_mirrors_the_plan(path: Path) -> None:
    document, template = plan_and_template(path)
    exported = [r for r in document["resources"] if r["custom"] and not r["type"].endswith(":ResourceGroup")]
    assert len(template["resources"]) == len(exported)
    # the template lists resources in an order the plan allows: dependencies first
    reference_of: dict[str, str] = {}
    for resource, arm in zip_by_arm_name(exported, template):
        reference_of[resource["urn"]] = arm_reference(arm)
    position = {urn: i for i, urn in enumerate(reference_of)}
    for resource, arm in zip_by_arm_name(exported, template):
        waits_for = {*resource["dependsOn"], *resource["impliedDependencies"]} & set(reference_of)
        assert sorted(arm.get("dependsOn", [])) == sorted(reference_of[u] for u in waits_for), arm["name"]
        assert all(position[u] < position[resource["urn"]] for u in waits_for)


def zip_by_arm_name(exported: list[dict[str, Any]], template: Template) -> list[tuple[dict[str, Any], Any]]:
    """Pair plan resources with template resources by ARM type and position in the template."""
    pairs = []
    remaining = list(exported)
    for arm in template["resources"]:
        match = next(r for r in remaining if _same(r, arm))
        remaining.remove(match)
        pairs.append((match, arm))
    assert not remaining
    return pairs


def _same(resource: dict[str, Any], arm: dict[str, Any]) -> bool:
    known = AZURE_TYPES[resource["type"]]
    if known.arm_type != arm["type"]:
        return False
    return bool(arm["name"] == "/".join(str(resource["inputs"][n]) for n in known.name_inputs))


def arm_reference(arm: dict[str, Any]) -> str:
    """How another resource of the template refers to `arm` in dependsOn."""
    name_args = [f"'{part}'" for part in arm["name"].split("/")]
    own = ", ".join([f"'{arm['type']}'", *name_args])
    if "scope" in arm:
        namespace, *rest = arm["scope"].split("/")
        types, names = rest[0::2], rest[1::2]
        scope = f"resourceId('{namespace}/{'/'.join(types)}', {', '.join(repr(n) for n in names)})"
        return f"[extensionResourceId({scope}, {own})]"
    return f"[resourceId({own})]"


def test_prod_ordering_is_the_one_azure_needs() -> None:
    _, template = plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")
    by_name = {r["name"]: r for r in template["resources"]}
    account = "[resourceId('Microsoft.CognitiveServices/accounts', 'contoso-prod-primary')]"
    policy = (
        "[resourceId('Microsoft.CognitiveServices/accounts/raiPolicies', 'contoso-prod-primary', 'strict')]"
    )
    chat = "[resourceId('Microsoft.CognitiveServices/accounts/deployments', 'contoso-prod-primary', 'chat')]"
    embeddings = chat.replace("'chat'", "'embeddings'")
    endpoint = "[resourceId('Microsoft.Network/privateEndpoints', 'pe-contoso-prod-primary-hub')]"
    assert by_name["contoso-prod-primary/strict"]["dependsOn"] == [account]
    assert sorted(by_name["contoso-prod-primary/chat"]["dependsOn"]) == sorted([account, policy])
    assert sorted(by_name["contoso-prod-primary/embeddings"]["dependsOn"]) == sorted([account, chat])
    assert sorted(by_name["pe-contoso-prod-primary-hub"]["dependsOn"]) == sorted([account, embeddings])
    lock = by_name["lock-contoso-prod-primary"]["dependsOn"]
    assert endpoint in lock and account in lock and len(lock) == 6  # + zone group, 2 RAs, diagnostics
    secondary = json.dumps(by_name["contoso-prod-secondary/chat"]["dependsOn"])
    assert "contoso-prod-primary" not in secondary  # accounts deploy in parallel


def test_user_assigned_identities_become_the_arm_map() -> None:
    data = base_config()
    data["accounts"]["primary"]["managedIdentities"] = {
        "systemAssigned": True,
        "userAssignedResourceIds": [IDENTITY],
    }
    document = plan_document(run_program(FIXTURES, "dev", engine_raw(data)))
    account = next(r for r in document["resources"] if r["type"] == "azure-native:cognitiveservices:Account")
    assert account["inputs"]["identity"]["userAssignedIdentities"] == [IDENTITY]  # a list for azure-native
    template = arm_template(document)
    exported = next(r for r in template["resources"] if r["type"] == "Microsoft.CognitiveServices/accounts")
    assert exported["identity"] == {
        "type": "SystemAssigned, UserAssigned",
        "userAssignedIdentities": {IDENTITY: {}},
    }
    assert spec_errors(template) == {}


def test_the_specification_check_catches_wrong_bodies() -> None:
    _, template = plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")
    broken = json.loads(json.dumps(template))
    by_name = {r["name"]: r for r in broken["resources"]}
    by_name["contoso-prod-primary/chat"]["sku"]["capacity"] = "50"  # a string
    by_name["contoso-prod-primary"]["identity"]["userAssignedIdentities"] = [IDENTITY]  # azure-native's list
    by_name["contoso-prod-primary"]["properties"]["customSubdomainName"] = "x"  # misspelt
    by_name["contoso-prod-primary/strict"]["properties"]["type"] = "UserManaged"  # read-only
    errors = spec_errors(broken)
    assert any("'50' is not of type 'integer'" in e for e in errors["contoso-prod-primary/chat"])
    assert any("is not of type 'object'" in e for e in errors["contoso-prod-primary"])
    assert (
        "properties.customSubdomainName: not declared by the specification" in errors["contoso-prod-primary"]
    )
    assert errors["contoso-prod-primary/strict"] == ["properties.type: read-only"]


def test_cli_writes_the_template(tmp_path: Path) -> None:
    target = tmp_path / "prod.json"
    result = runner.invoke(app, ["export-arm", "--stack", "prod", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (
        json.loads(target.read_text()) == plan_and_template(FIXTURE_STACKS / "Pulumi.prod.yaml")[1]
    )
    printed = runner.invoke(app, ["export-arm", "--stack", "dev"])
    assert printed.exit_code == 0 and json.loads(printed.stdout)["metadata"]["stack"] == "dev"


def test_cli_writes_nothing_for_an_invalid_stack(tmp_path: Path) -> None:
    bad = tmp_path / "Pulumi.bad.yaml"
    bad.write_text("config:\n  azure-openai:namePrefix: contoso\n")
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["export-arm", "--stack", str(bad), "-o", str(target)])
    assert result.exit_code == 2
    assert "azure-openai:environment: required" in result.output
    assert not target.exists()


def test_every_feature_exports_to_valid_bodies() -> None:
    """Network rules, customer-managed key, created private DNS zone, all filter categories."""
    data = base_config()
    data["accounts"]["primary"].update(
        networkAcls={
            "ipRules": ["203.0.113.0/24"],
            "virtualNetworkRules": [{"subnetId": SUBNET, "ignoreMissingServiceEndpoint": True}],
        },
        managedIdentities={"systemAssigned": True, "userAssignedResourceIds": [IDENTITY]},
        customerManagedKey={
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        },
        restrictOutboundNetworkAccess=True,
        allowedFqdns=["contoso.example.com"],
        privateEndpoints={"hub": {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": [VNET]}}},
        contentFilters={
            "all": {
                "mode": "Asynchronous_filter",
                "filters": {"indirectAttack": {"blocking": True}, "profanity": {"blocking": False}},
            }
        },
    )
    data["accounts"]["primary"]["deployments"]["chat"]["contentFilter"] = "all"
    template = arm_template(plan_document(run_program(FIXTURES, "dev", engine_raw(data))))
    assert spec_errors(template) == {}
    by_type = {r["type"]: r for r in template["resources"]}
    account = by_type["Microsoft.CognitiveServices/accounts"]
    assert account["properties"]["encryption"]["keySource"] == "Microsoft.KeyVault"
    assert account["properties"]["networkAcls"]["virtualNetworkRules"][0]["id"] == SUBNET
    zone = by_type["Microsoft.Network/privateDnsZones"]
    assert zone["name"] == "privatelink.openai.azure.com" and "properties" not in zone
    link = by_type["Microsoft.Network/privateDnsZones/virtualNetworkLinks"]
    assert link["name"].startswith("privatelink.openai.azure.com/vnet-hub-")
    assert link["properties"] == {"registrationEnabled": False, "virtualNetwork": {"id": VNET}}
    group = by_type["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"]
    zone_ref = "[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.openai.azure.com')]"
    assert group["properties"]["privateDnsZoneConfigs"] == [
        {"name": "privatelink-openai-azure-com", "properties": {"privateDnsZoneId": zone_ref}}
    ]
    assert zone_ref in group["dependsOn"]


@RUNS_AOAI_IN_A_CHILD_PROCESS
def test_export_is_byte_stable_across_processes(tmp_path: Path) -> None:
    """Two fresh interpreters write the same bytes: the template can be committed and diffed."""
    outputs = []
    for index in range(2):
        target = tmp_path / f"prod-{index}.json"
        done = subprocess.run(
            [sys.executable, "-m", "aoai", "export-arm", "--stack", "prod", "-o", str(target)],
            cwd=FIXTURES,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": str(index + 1)},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_role_definitions_are_recognised_by_their_id_whatever_the_subscription() -> None:
    """A role definition id of any subscription becomes subscriptionResourceId(), not a literal id."""
    other = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
    data = base_config()
    data["accounts"]["primary"]["roleAssignments"] = {
        "app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"}
    }
    run = run_program(FIXTURES, "dev", engine_raw(data), mocks=lambda: AzureMocks(other))
    template = arm_template(plan_document(run))  # made without naming the plan's subscription
    (assignment,) = [
        r for r in template["resources"] if r["type"] == "Microsoft.Authorization/roleAssignments"
    ]
    assert assignment["properties"]["roleDefinitionId"] == (
        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', "
        "'5e0bd9bd-7b93-4f28-af87-19fc36ad61bd')]"
    )
