"""The ARM template of a hand-written plan (arm.py), written out in full from the rules of the
module's docstring and docs/arm-export.md: the template targets the stack's resource group
(described in metadata, not created); each resource has its ARM type, azure-native's api-version,
its ARM name (`account/deployment` for children) and the body azure-native sends (a flattened
network or authorization resource's inputs back under `properties`, sub-resource list items as
`{name, properties}`, a subnet reference as its id, user-assigned identities as ARM's map);
extension resources get a `scope`; ids of template resources become `resourceId()` /
`extensionResourceId()`, role definitions `subscriptionResourceId()`; resources of another group
go into a nested deployment to it (inner scope); `dependsOn` follows the plan's ordering and
implied dependencies, dependencies first."""

from __future__ import annotations

from typing import Any

import pytest

from aoai.exit_codes import AoaiError
from aoai.offline.arm import arm_body, arm_template, deployment_order
from azure_openai_toolkit.config.placeholders import SHOWN

SUB = "00000000-0000-0000-0000-000000000000"  # the plan's placeholder subscription (docs/plan.md)
REAL_SUB = "12345678-1234-1234-1234-123456789012"
ACCOUNT_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-c/providers/Microsoft.CognitiveServices/accounts/contoso"
)
ENDPOINT_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-contoso"
)
SUBNET = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
ZONE = f"/subscriptions/{SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/z.openai"
IDENTITY = f"/subscriptions/{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/x/uai"
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
# A role definition id as another subscription writes it: recognised by its shape.
ROLE_ID = f"/subscriptions/{REAL_SUB}/providers/Microsoft.Authorization/roleDefinitions/{OPENAI_USER}"
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

ACCOUNT_REF = "[resourceId('Microsoft.CognitiveServices/accounts', 'contoso')]"


def res(urn: str, type_: str, inputs: dict[str, Any], id_: str = "", **more: Any) -> dict[str, Any]:
    base = {
        "urn": urn,
        "type": f"azure-native:{type_}",
        "name": urn.removeprefix("u:"),
        "custom": True,
        "protect": False,
        "id": id_ or f"/id/{urn}",
        "inputs": inputs,
        "dependsOn": [],
        "impliedDependencies": [],
    }
    return {**base, **more}


def group(**more: Any) -> dict[str, Any]:
    inputs = {"resourceGroupName": "rg-c", "location": "swedencentral", "tags": {"env": "dev"}}
    return res("u:rg", "resources:ResourceGroup", inputs, f"/subscriptions/{SUB}/resourceGroups/rg-c", **more)


def account(**more: Any) -> dict[str, Any]:
    inputs = {
        "accountName": "contoso",
        "resourceGroupName": "rg-c",
        "location": "swedencentral",
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "tags": {"env": "dev"},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": [IDENTITY]},
        "properties": {"publicNetworkAccess": "Disabled", "customSubDomainName": "contoso"},
    }
    return res(
        "u:a",
        "cognitiveservices:Account",
        inputs,
        ACCOUNT_ID,
        protect=True,
        impliedDependencies=["u:rg"],
        **more,
    )


def document() -> dict[str, Any]:
    cs = {"accountName": "contoso", "resourceGroupName": "rg-c"}
    return {
        "project": "contoso-ai",
        "stack": "dev",
        "resources": [
            group(protect=True),
            {"urn": "u:component", "type": "aoai:openai:Account", "custom": False, "inputs": {}},
            res(
                "u:z",
                "network:PrivateDnsZoneGroup",
                {
                    "privateEndpointName": "pe-contoso",
                    "privateDnsZoneGroupName": "default",
                    "resourceGroupName": "rg-net",
                    "privateDnsZoneConfigs": [{"name": "openai", "privateDnsZoneId": ZONE}],
                },
                impliedDependencies=["u:e"],
            ),
            res(
                "u:l",
                "authorization:ManagementLockByScope",
                {
                    "lockName": "lock-contoso",
                    "scope": ACCOUNT_ID,
                    "level": "CanNotDelete",
                    "notes": "n",
                },
                dependsOn=["u:r", "u:e"],
                impliedDependencies=["u:a"],
            ),
            res(
                "u:r",
                "authorization:RoleAssignment",
                {
                    "roleAssignmentName": "guid1",
                    "scope": ACCOUNT_ID,
                    "roleDefinitionId": ROLE_ID,
                    "principalId": "1111",
                    "principalType": "ServicePrincipal",
                },
                impliedDependencies=["u:a"],
            ),
            res(
                "u:e",
                "network:PrivateEndpoint",
                {
                    "privateEndpointName": "pe-contoso",
                    "resourceGroupName": "rg-net",
                    "location": "swedencentral",
                    "subnet": {"id": SUBNET, "name": "s"},
                    "privateLinkServiceConnections": [
                        {"name": "conn", "privateLinkServiceId": ACCOUNT_ID, "groupIds": ["account"]}
                    ],
                },
                ENDPOINT_ID,
                dependsOn=["u:d"],
                impliedDependencies=["u:a", "u:rg"],
            ),
            res(
                "u:d",
                "cognitiveservices:Deployment",
                {
                    **cs,
                    "deploymentName": "chat",
                    "sku": {"name": "GlobalStandard", "capacity": 10},
                    "properties": {
                        "raiPolicyName": "strict",
                        "model": {"name": "gpt-4o", "version": "2024-08-06", "format": "OpenAI"},
                    },
                },
                dependsOn=["u:p"],
                impliedDependencies=["u:a"],
                protect=True,
            ),
            res(
                "u:p",
                "cognitiveservices:RaiPolicy",
                {
                    **cs,
                    "raiPolicyName": "strict",
                    "properties": {"mode": "Default", "basePolicyName": "Microsoft.DefaultV2"},
                },
                impliedDependencies=["u:a"],
            ),
            account(),
        ],
    }


EXPECTED_ACCOUNT = {
    "type": "Microsoft.CognitiveServices/accounts",
    "apiVersion": "2025-06-01",
    "name": "contoso",
    "location": "swedencentral",
    "kind": "OpenAI",
    "sku": {"name": "S0"},
    "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
    "tags": {"env": "dev"},
    "properties": {"customSubDomainName": "contoso", "publicNetworkAccess": "Disabled"},
}
EXPECTED_POLICY = {
    "type": "Microsoft.CognitiveServices/accounts/raiPolicies",
    "apiVersion": "2025-06-01",
    "name": "contoso/strict",
    "properties": {"basePolicyName": "Microsoft.DefaultV2", "mode": "Default"},
    "dependsOn": [ACCOUNT_REF],
}
EXPECTED_DEPLOYMENT = {
    "type": "Microsoft.CognitiveServices/accounts/deployments",
    "apiVersion": "2025-06-01",
    "name": "contoso/chat",
    "sku": {"capacity": 10, "name": "GlobalStandard"},
    "properties": {
        "model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"},
        "raiPolicyName": "strict",
    },
    "dependsOn": [
        ACCOUNT_REF,
        "[resourceId('Microsoft.CognitiveServices/accounts/raiPolicies', 'contoso', 'strict')]",
    ],
}
EXPECTED_ROLE = {
    "type": "Microsoft.Authorization/roleAssignments",
    "apiVersion": "2022-04-01",
    "name": "guid1",
    "scope": "Microsoft.CognitiveServices/accounts/contoso",
    "properties": {
        "principalId": "1111",
        "principalType": "ServicePrincipal",
        "roleDefinitionId": (
            f"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{OPENAI_USER}')]"
        ),
    },
    "dependsOn": [ACCOUNT_REF],
}
EXPECTED_LOCK = {
    "type": "Microsoft.Authorization/locks",
    "apiVersion": "2020-05-01",
    "name": "lock-contoso",
    "scope": "Microsoft.CognitiveServices/accounts/contoso",
    "properties": {"level": "CanNotDelete", "notes": "n"},
    "dependsOn": [
        ACCOUNT_REF,
        "[resourceId('rg-net', 'Microsoft.Resources/deployments', 'aoai-rg-net')]",
        f"[extensionResourceId({ACCOUNT_REF[1:-1]}, 'Microsoft.Authorization/roleAssignments', 'guid1')]",
    ],
}
EXPECTED_ENDPOINT = {
    "type": "Microsoft.Network/privateEndpoints",
    "apiVersion": "2024-05-01",
    "name": "pe-contoso",
    "location": "swedencentral",
    "properties": {
        "privateLinkServiceConnections": [
            {
                "name": "conn",
                "properties": {
                    "groupIds": ["account"],
                    "privateLinkServiceId": (
                        "[resourceId('rg-c', 'Microsoft.CognitiveServices/accounts', 'contoso')]"
                    ),
                },
            }
        ],
        "subnet": {"id": SUBNET},
    },
}
EXPECTED_ZONE_GROUP = {
    "type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    "apiVersion": "2024-05-01",
    "name": "pe-contoso/default",
    "properties": {"privateDnsZoneConfigs": [{"name": "openai", "properties": {"privateDnsZoneId": ZONE}}]},
    "dependsOn": ["[resourceId('Microsoft.Network/privateEndpoints', 'pe-contoso')]"],
}
EXPECTED_NESTED = {
    "type": "Microsoft.Resources/deployments",
    "apiVersion": "2022-09-01",
    "name": "aoai-rg-net",
    "resourceGroup": "rg-net",
    "properties": {
        "mode": "Incremental",
        "expressionEvaluationOptions": {"scope": "inner"},
        "template": {
            "$schema": SCHEMA,
            "contentVersion": "1.0.0.0",
            "resources": [EXPECTED_ENDPOINT, EXPECTED_ZONE_GROUP],
        },
    },
    "dependsOn": [
        ACCOUNT_REF,
        "[resourceId('Microsoft.CognitiveServices/accounts/deployments', 'contoso', 'chat')]",
    ],
}


def test_the_template_of_a_plan_with_children_extensions_and_another_group() -> None:
    template = arm_template(document())
    assert template == {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": {
            "generator": "aoai export-arm",
            "project": "contoso-ai",
            "stack": "dev",
            "purpose": "Security scanning and review of what the Pulumi stack deploys. Not for deployment: "
            "Pulumi deploys this stack.",
            "resourceGroup": {
                "createdByTheStack": True,
                "location": "swedencentral",
                "name": "rg-c",
                "protect": True,
                "tags": {"env": "dev"},
            },
            "expressions": "Ids of resources in this template are resourceId()/extensionResourceId() "
            "expressions; "
            "role definitions are subscriptionResourceId(). Names are the ones the program gives, role "
            "assignment GUIDs included. Resources of another resource group (a private endpoint in the "
            "network's group) are in a nested deployment to that group.",
            "subscription": SUB,
            "names": "Role assignment names built from ids are the ones the program creates in this "
            "subscription (a placeholder: pass --subscription for the real names).",
            "protected": ["contoso", "contoso/chat"],
        },
        "resources": [
            EXPECTED_ACCOUNT,
            EXPECTED_POLICY,
            EXPECTED_DEPLOYMENT,
            EXPECTED_ROLE,
            EXPECTED_LOCK,
            EXPECTED_NESTED,
        ],
    }
    assert list(template["resources"][0]["sku"]) == ["name"]
    assert list(template["resources"][2]["sku"]) == ["capacity", "name"]  # keys sorted at every level


def test_a_plan_for_a_real_subscription_says_its_names_are_real() -> None:
    metadata = arm_template(document(), REAL_SUB)["metadata"]
    assert metadata["subscription"] == REAL_SUB
    assert metadata["names"] == (
        "Role assignment names built from ids are the ones the program creates in this subscription."
    )


def test_deployment_order_puts_dependencies_first_ties_by_urn() -> None:
    ordered = deployment_order([r for r in document()["resources"] if r.get("custom") and r["urn"] != "u:rg"])
    assert [r["urn"] for r in ordered] == ["u:a", "u:p", "u:d", "u:e", "u:r", "u:l", "u:z"]
    # A cycle (never made by Pulumi, but read from a file) still ends.
    cycle = [res("u:x", "t", {}, dependsOn=["u:y"]), res("u:y", "t", {}, impliedDependencies=["u:x"])]
    assert [r["urn"] for r in deployment_order(cycle)] == ["u:y", "u:x"]


def test_without_a_group_resource_the_stack_group_is_the_accounts() -> None:
    endpoint = res(
        "u:e",
        "network:PrivateEndpoint",
        {"privateEndpointName": "pe", "resourceGroupName": "rg-a-net", "location": "l"},
    )
    plan = {"project": "p", "stack": "s", "resources": [endpoint, account()]}
    metadata = arm_template(plan)["metadata"]
    assert metadata["resourceGroup"] == {"createdByTheStack": False, "name": "rg-c"}
    # No account: any resource's group (the first by name).
    other = res("u:f", "network:PrivateEndpoint", {"privateEndpointName": "f", "resourceGroupName": "rg-b"})
    plan = {"project": "p", "stack": "s", "resources": [endpoint, other]}
    assert arm_template(plan)["metadata"]["resourceGroup"] == {"createdByTheStack": False, "name": "rg-a-net"}
    assert arm_template({"project": "p", "stack": "s", "resources": []})["metadata"]["resourceGroup"] == {
        "createdByTheStack": False,
        "name": None,
    }


def test_a_group_named_in_another_case_is_the_same_group() -> None:
    plan = document()
    plan["resources"][0]["inputs"]["resourceGroupName"] = "RG-C"
    template = arm_template(plan)
    assert [r["type"] for r in template["resources"]][:2] == [
        "Microsoft.CognitiveServices/accounts",
        "Microsoft.CognitiveServices/accounts/raiPolicies",
    ]
    assert template["resources"][1]["dependsOn"] == [ACCOUNT_REF]


def test_names_with_quotes_are_escaped_in_expressions() -> None:
    plan = document()
    policy = next(r for r in plan["resources"] if r["urn"] == "u:p")
    policy["inputs"]["raiPolicyName"] = "o'neil"
    deployment = next(r for r in arm_template(plan)["resources"] if r["name"] == "contoso/chat")
    assert deployment["dependsOn"][1] == (
        "[resourceId('Microsoft.CognitiveServices/accounts/raiPolicies', 'contoso', 'o''neil')]"
    )


def test_a_scope_outside_the_template_stays_an_id_and_names_what_waits_for_it() -> None:
    outside = "/subscriptions/s/resourceGroups/rg-x/providers/Microsoft.CognitiveServices/accounts/other"
    lock = res(
        "u:l", "authorization:ManagementLockByScope", {"lockName": "l", "scope": outside, "level": "ReadOnly"}
    )
    # Something that waits for the lock names it by its scope's id.
    waits = res(
        "u:w",
        "cognitiveservices:RaiBlocklist",
        {"accountName": "a", "raiBlocklistName": "w", "resourceGroupName": "rg-c"},
        dependsOn=["u:l"],
    )
    plan = {"project": "p", "stack": "s", "resources": [group(), lock, waits]}
    assert arm_template(plan)["resources"] == [
        {
            "type": "Microsoft.Authorization/locks",
            "apiVersion": "2020-05-01",
            "name": "l",
            "scope": outside,
            "properties": {"level": "ReadOnly"},
        },
        {
            "type": "Microsoft.CognitiveServices/accounts/raiBlocklists",
            "apiVersion": "2025-06-01",
            "name": "a/w",
            "dependsOn": [f"[extensionResourceId('{outside}', 'Microsoft.Authorization/locks', 'l')]"],
        },
    ]


def test_an_extension_resource_is_deployed_in_its_scopes_group() -> None:
    endpoint = res(
        "u:e",
        "network:PrivateEndpoint",
        {"privateEndpointName": "pe", "resourceGroupName": "rg-net", "location": "l"},
        ENDPOINT_ID,
    )
    lock = res(
        "u:l",
        "authorization:ManagementLockByScope",
        {"lockName": "l", "scope": ENDPOINT_ID, "level": "CanNotDelete"},
        impliedDependencies=["u:e"],
    )
    (nested,) = arm_template({"project": "p", "stack": "s", "resources": [group(), endpoint, lock]})[
        "resources"
    ]
    assert nested["resourceGroup"] == "rg-net"
    assert [r["type"] for r in nested["properties"]["template"]["resources"]] == [
        "Microsoft.Network/privateEndpoints",
        "Microsoft.Authorization/locks",
    ]
    assert nested["properties"]["template"]["resources"][1]["dependsOn"] == [
        "[resourceId('Microsoft.Network/privateEndpoints', 'pe')]"
    ]


def blocklist(name: str, **more: Any) -> dict[str, Any]:
    inputs = {"accountName": "a", "raiBlocklistName": name, "resourceGroupName": "rg-c"}
    return res(f"u:{name}", "cognitiveservices:RaiBlocklist", inputs, **more)


def test_depends_on_lists_in_deployment_order_not_by_urn() -> None:
    # x waits for y, so y comes first, though its URN sorts after x's.
    x, y = blocklist("x", dependsOn=["u:y"]), blocklist("y")
    both = blocklist("b", dependsOn=["u:x", "u:y"])
    endpoint = res(
        "u:e",
        "network:PrivateEndpoint",
        {"privateEndpointName": "pe", "resourceGroupName": "rg-net", "location": "l"},
        dependsOn=["u:x", "u:y"],
    )
    template = arm_template({"project": "p", "stack": "s", "resources": [group(), x, y, both, endpoint]})
    by_order = [
        "[resourceId('Microsoft.CognitiveServices/accounts/raiBlocklists', 'a', 'y')]",
        "[resourceId('Microsoft.CognitiveServices/accounts/raiBlocklists', 'a', 'x')]",
    ]
    assert [r["name"] for r in template["resources"]] == ["a/y", "a/x", "a/b", "aoai-rg-net"]
    assert template["resources"][2]["dependsOn"] == by_order
    assert template["resources"][3]["dependsOn"] == by_order


def test_a_group_without_tags_is_described_with_none() -> None:
    bare = res("u:rg", "resources:ResourceGroup", {"resourceGroupName": "rg-c", "location": "l"})
    assert arm_template({"project": "p", "stack": "s", "resources": [bare]})["metadata"]["resourceGroup"] == {
        "createdByTheStack": True,
        "location": "l",
        "name": "rg-c",
        "protect": False,
        "tags": {},
    }


def test_secrets_of_a_nested_deployment_are_passed_to_it() -> None:
    plan = document()
    endpoint = next(r for r in plan["resources"] if r["urn"] == "u:e")
    endpoint["inputs"]["customNetworkInterfaceName"] = SHOWN
    template = arm_template(plan)
    name = "ePropertiesCustomNetworkInterfaceName"
    assert list(template["parameters"]) == [name]
    assert template["parameters"][name]["type"] == "securestring"
    assert template["metadata"]["secrets"] == (
        "Secret values of the stack are parameters (securestring, secureObject; a name derived from a "
        "secret: "
        "string), supplied at deployment: the template holds none of them."
    )
    nested = template["resources"][-1]["properties"]
    assert nested["parameters"] == {name: {"value": f"[parameters('{name}')]"}}
    assert nested["template"]["parameters"] == template["parameters"]
    assert (
        nested["template"]["resources"][0]["properties"]["customNetworkInterfaceName"]
        == f"[parameters('{name}')]"
    )
    assert "secrets" not in arm_template(document())["metadata"]
    assert "parameters" not in arm_template(document())


def test_a_protected_resources_secret_name_cannot_be_exported() -> None:
    # The metadata lists protected resources by name: a secret name has no parameter there.
    named = account()
    named["inputs"]["accountName"] = SHOWN
    other = {**account(), "urn": "u:o", "id": "/id/other"}
    other["inputs"] = {**other["inputs"], "accountName": SHOWN}
    with pytest.raises(AoaiError) as caught:
        arm_template({"project": "p", "stack": "s", "resources": [group(), named, other]})
    assert caught.value.code == 2
    assert str(caught.value) == (
        "the template would hold a secret at metadata.protected[0], metadata.protected[1]; an ARM template "
        "cannot express it: "
        "give a "
        "plain value for it in the stack file to export this stack"
    )


def test_an_unknown_type_or_input_is_refused() -> None:
    with pytest.raises(ValueError, match=r"no ARM mapping for azure-native:x:Y; add it to resource_types.py"):
        arm_body(res("u:x", "x:Y", {}))
    stray = res(
        "u:p",
        "cognitiveservices:RaiPolicy",
        {"accountName": "a", "raiPolicyName": "p", "resourceGroupName": "rg-c", "stray": 1},
    )
    with pytest.raises(ValueError, match=r"RaiPolicy inputs \['stray'\] have no place in the ARM body"):
        arm_template({"project": "p", "stack": "s", "resources": [group(), stray]})


def test_arm_body_keeps_plan_ids_and_passes_odd_list_items_through() -> None:
    endpoint = res(
        "u:e",
        "network:PrivateEndpoint",
        {
            "privateEndpointName": "pe",
            "resourceGroupName": "rg",
            "location": "l",
            "subnet": SHOWN,
            "ipConfigurations": ["odd", {"privateIPAddress": "10.0.0.4"}],
            "manualPrivateLinkServiceConnections": SHOWN,
            "tags": {"a": "b"},
        },
    )
    assert arm_body(endpoint) == {
        "location": "l",
        "tags": {"a": "b"},
        "properties": {
            "subnet": SHOWN,
            "ipConfigurations": ["odd", {"properties": {"privateIPAddress": "10.0.0.4"}}],
            "manualPrivateLinkServiceConnections": SHOWN,
        },
    }
    only_top = res(
        "u:z",
        "network:PrivateDnsZoneGroup",
        {"privateEndpointName": "pe", "privateDnsZoneGroupName": "g", "resourceGroupName": "rg"},
    )
    assert arm_body(only_top) == {}
    assert arm_body(account())["identity"] == {
        "type": "UserAssigned",
        "userAssignedIdentities": {IDENTITY: {}},
    }
    system = account()
    system["inputs"]["identity"] = {"type": "SystemAssigned"}
    assert arm_body(system)["identity"] == {"type": "SystemAssigned"}


def test_a_long_group_name_makes_a_deployment_name_of_64_characters() -> None:
    long = "rg-" + "n" * 80
    endpoint = res(
        "u:e",
        "network:PrivateEndpoint",
        {"privateEndpointName": "pe", "resourceGroupName": long, "location": "l"},
    )
    nested = arm_template({"project": "p", "stack": "s", "resources": [group(), endpoint]})["resources"][0]
    assert nested["name"] == ("aoai-" + long)[:64]
    assert len(nested["name"]) == 64
