"""The Azure Verified Module inputs of the contract, as the program registers them.

Private endpoints (names, static IPs, application security groups, another resource group,
manual approval, tags, DNS zone group names), diagnostics (storage, Event Hub, single categories),
role assignment conditions, the lock's name and notes, a customer-managed key read by the
system-assigned identity, settings left to Azure's defaults, and the tags of adopted accounts.
"""

from __future__ import annotations

from typing import Any

import pytest

from aoai.offline.runner import ProgramRun, run_program
from tests.conftest import (
    PRINCIPAL,
    PROJECT_ROOT,
    SUBNET,
    VNET,
    WORKSPACE,
    ZONE,
    base_config,
    engine_raw,
    problems_of,
    registrations_of,
)

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
ASG = f"{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/applicationSecurityGroups/asg-ai"
STORAGE = f"{SUB}/resourceGroups/rg-mon/providers/Microsoft.Storage/storageAccounts/stlogs"
IDENTITY = f"{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
EVENT_HUB_RULE = (
    f"{SUB}/resourceGroups/rg-mon/providers/Microsoft.EventHub/namespaces/evhns/authorizationRules/send"
)


def plan(change: Any) -> ProgramRun:
    data = base_config()
    change(data["accounts"]["primary"], data)
    return run_program(PROJECT_ROOT, "dev", engine_raw(data))


def one(run: ProgramRun, token: str) -> Any:
    (registration,) = run.by_type(token)
    return registration


def test_private_endpoint_takes_every_avm_input() -> None:
    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account["privateEndpoints"] = {
            "hub": {
                "subnetId": SUBNET,
                "privateDnsZoneIds": [ZONE],
                "name": "pep-contoso-account-0",
                "privateLinkServiceConnectionName": "contoso-account-0",
                "customNetworkInterfaceName": "nic-pep-contoso",
                "ipConfigurations": [{"name": "static", "privateIpAddress": "10.1.2.10"}],
                "applicationSecurityGroupIds": [ASG],
                "resourceGroupName": "rg-network",
                "isManualConnection": True,
                "manualConnectionRequestMessage": "Please approve: team AI",
                "tags": {"owner": "network"},
                "privateDnsZoneGroupName": "zones",
                "privateDnsZoneConfigNames": {ZONE: "privatelink.openai.azure.com"},
            }
        }

    run = plan(change)
    endpoint = one(run, "azure-native:network:PrivateEndpoint")
    account_id = one(run, "azure-native:cognitiveservices:Account").id
    assert endpoint.inputs == {
        "privateEndpointName": "pep-contoso-account-0",
        "resourceGroupName": "rg-network",
        "location": "swedencentral",
        # azure-native's SubnetArgs adds its defaults; ARM reads only the id of a referenced subnet.
        "subnet": {
            "id": SUBNET,
            "privateEndpointNetworkPolicies": "Disabled",
            "privateLinkServiceNetworkPolicies": "Enabled",
        },
        "manualPrivateLinkServiceConnections": [
            {
                "name": "contoso-account-0",
                "privateLinkServiceId": account_id,
                "groupIds": ["account"],
                "requestMessage": "Please approve: team AI",
            }
        ],
        "customNetworkInterfaceName": "nic-pep-contoso",
        "ipConfigurations": [
            {"name": "static", "groupId": "account", "memberName": "default", "privateIPAddress": "10.1.2.10"}
        ],
        "applicationSecurityGroups": [{"id": ASG}],
        "tags": {"managed-by": "azure-openai", "environment": "dev", "owner": "network"},
    }
    group = one(run, "azure-native:network:PrivateDnsZoneGroup")
    assert group.inputs == {
        "privateDnsZoneGroupName": "zones",
        "privateEndpointName": "pep-contoso-account-0",
        "resourceGroupName": "rg-network",
        "privateDnsZoneConfigs": [{"name": "privatelink.openai.azure.com", "privateDnsZoneId": ZONE}],
    }


def test_endpoint_region_comes_from_its_network() -> None:
    def change(account: dict[str, Any], data: dict[str, Any]) -> None:
        account["privateEndpoints"] = {"hub": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}}
        data["networkRegions"] = {VNET: "westeurope"}

    endpoint = one(plan(change), "azure-native:network:PrivateEndpoint")
    assert endpoint.inputs["location"] == "westeurope"


def test_a_manual_request_message_needs_a_manual_connection() -> None:
    data = base_config()
    data["accounts"]["primary"]["privateEndpoints"] = {
        "hub": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE], "manualConnectionRequestMessage": "hi"}
    }
    path = "accounts.primary.privateEndpoints.hub.manualConnectionRequestMessage"
    assert problems_of(data) == {
        path: "manualConnectionRequestMessage is only sent with isManualConnection: true"
    }


def test_diagnostics_go_to_storage_and_event_hub_with_single_categories() -> None:
    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account["diagnosticSettings"] = {
            "archive": {
                "name": "send to archive",
                "storageAccountResourceId": STORAGE,
                "eventHubAuthorizationRuleResourceId": EVENT_HUB_RULE,
                "eventHubName": "openai-logs",
                "logCategories": ["Audit", "RequestResponse"],
                "metrics": False,
            }
        }

    setting = one(plan(change), "azure-native:monitor:DiagnosticSetting")
    assert {k: v for k, v in setting.inputs.items() if k != "resourceUri"} == {
        "name": "send to archive",
        "storageAccountId": STORAGE,
        "eventHubAuthorizationRuleId": EVENT_HUB_RULE,
        "eventHubName": "openai-logs",
        "logs": [{"category": "Audit", "enabled": True}, {"category": "RequestResponse", "enabled": True}],
        "metrics": [],
    }


@pytest.mark.parametrize(
    ("setting", "path", "message"),
    [
        (
            {"metrics": True},
            "workspaceResourceId",
            "give at least one destination: workspaceResourceId, storageAccountResourceId, "
            "eventHubAuthorizationRuleResourceId",
        ),
        (
            {"storageAccountResourceId": STORAGE, "eventHubName": "x"},
            "eventHubName",
            "eventHubName needs eventHubAuthorizationRuleResourceId (the namespace's authorization "
            "rule the setting sends with)",
        ),
        (
            {"workspaceResourceId": WORKSPACE, "logCategoryGroups": [], "metrics": False},
            "metrics",
            "the setting sends nothing: give log categories or category groups, or metrics",
        ),
    ],
)
def test_diagnostic_settings_rules(setting: dict[str, Any], path: str, message: str) -> None:
    data = base_config()
    data["accounts"]["primary"]["diagnosticSettings"] = {"a": setting}
    assert problems_of(data) == {f"accounts.primary.diagnosticSettings.a.{path}": message}


def test_lock_takes_a_name_and_notes() -> None:
    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account["lock"] = {"kind": "CanNotDelete", "name": "lock-avm", "notes": "Cannot delete resource."}

    lock = one(plan(change), "azure-native:authorization:ManagementLockByScope")
    assert (lock.inputs["lockName"], lock.inputs["level"], lock.inputs["notes"]) == (
        "lock-avm",
        "CanNotDelete",
        "Cannot delete resource.",
    )


def test_customer_managed_key_with_the_system_assigned_identity_or_a_managed_hsm() -> None:
    hsm = "https://hsm-contoso.managedhsm.azure.net/"

    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account["customerManagedKey"] = {
            "keyVaultUri": hsm,
            "keyName": "aoai",
            "keyVersion": "0123456789abcdef0123456789abcdef",
        }

    account = one(plan(change), "azure-native:cognitiveservices:Account")
    assert account.inputs["properties"]["encryption"] == {
        "keySource": "Microsoft.KeyVault",
        "keyVaultProperties": {
            "keyVaultUri": hsm,
            "keyName": "aoai",
            "keyVersion": "0123456789abcdef0123456789abcdef",
        },
    }
    data = base_config()
    data["accounts"]["primary"].update(
        managedIdentities={"systemAssigned": False},
        customerManagedKey={"keyVaultUri": hsm, "keyName": "aoai"},
    )
    assert list(problems_of(data)) == ["accounts.primary.customerManagedKey"]


def test_settings_left_unset_are_not_sent() -> None:
    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account.update(
            leaveUnset=["localAuth", "publicNetworkAccess", "restrictOutboundNetworkAccess"],
            customSubdomain=None,
            managedIdentities={"systemAssigned": False},
        )

    account = one(plan(change), "azure-native:cognitiveservices:Account")
    assert account.inputs["properties"] == {}


def test_without_toolkit_tags_only_the_accounts_own_tags_are_sent() -> None:
    def change(account: dict[str, Any], data: dict[str, Any]) -> None:
        data["toolkitTags"] = False
        account["tags"] = {"costCenter": "1234"}
        account["roleAssignments"] = {"app": {"principalId": PRINCIPAL, "role": "Reader"}}

    run = plan(change)
    assert one(run, "azure-native:cognitiveservices:Account").inputs["tags"] == {"costCenter": "1234"}
    deployment = registrations_of(run, "azure-native:cognitiveservices:Deployment")[
        "primary-deployments-chat"
    ]
    assert "tags" not in deployment.inputs  # the account's own tags stay on the account


def test_the_plan_tree_shows_the_avm_inputs_a_reviewer_checks() -> None:
    """`aoai plan`'s tree line per resource names the AVM inputs that change what gets built or who
    must act: a manual approval, static IPs, a custom NIC name, security groups, where logs go and
    which, an ABAC condition, the lock's notes, a customer-managed key."""
    from aoai.offline.tree import key_properties

    def change(account: dict[str, Any], _: dict[str, Any]) -> None:
        account["privateEndpoints"] = {
            "hub": {
                "subnetId": SUBNET,
                "privateDnsZoneIds": [ZONE],
                "name": "pep-contoso",
                "customNetworkInterfaceName": "nic-pep-contoso",
                "ipConfigurations": [{"name": "static", "privateIpAddress": "10.1.2.10"}],
                "applicationSecurityGroupIds": [ASG],
                "resourceGroupName": "rg-network",
                "isManualConnection": True,
            }
        }
        account["diagnosticSettings"] = {
            "archive": {
                "name": "archive",
                "storageAccountResourceId": STORAGE,
                "logCategories": ["Audit", "RequestResponse"],
                "metrics": False,
            }
        }
        account["roleAssignments"] = {
            "app": {
                "principalId": PRINCIPAL,
                "role": "Cognitive Services OpenAI User",
                "condition": "@Resource[Microsoft.CognitiveServices/accounts/deployments:name] "
                "StringEquals 'chat'",
            }
        }
        account["lock"] = {"kind": "CanNotDelete", "name": "lock-avm", "notes": "Ask the AI team."}
        account["managedIdentities"] = {"userAssignedResourceIds": [IDENTITY]}
        account["customerManagedKey"] = {
            "keyVaultUri": "https://hsm-contoso.managedhsm.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        }

    run = plan(change)
    lines = {r.type.rsplit(":", 1)[-1]: key_properties(r) for r in run.registrations if r.custom}
    assert lines["PrivateEndpoint"] == (
        "pep-contoso in swedencentral, subnet snet-pe, group rg-network, manual approval, static IP "
        "10.1.2.10, NIC nic-pep-contoso, 1 application security group(s)"
    )
    assert lines["DiagnosticSetting"] == "archive -> stlogs (logs Audit, RequestResponse; no metrics)"
    assert lines["RoleAssignment"] == (
        f"Cognitive Services OpenAI User for ServicePrincipal {PRINCIPAL}, with an ABAC condition"
    )
    assert lines["ManagementLockByScope"] == "CanNotDelete lock lock-avm (notes: Ask the AI team.)"
    assert lines["Account"].endswith(", key aoai in hsm-contoso.managedhsm.azure.net (Managed HSM)")
