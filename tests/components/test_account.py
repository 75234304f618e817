"""OpenAIAccount: the account body, its children's order, protect and outputs."""

from __future__ import annotations

from typing import Any

import pulumi

from azure_openai_toolkit.account import OpenAIAccount, OpenAIAccountArgs
from azure_openai_toolkit.config import StackConfig
from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    SUBNET,
    VNET,
    WORKSPACE,
    ZONE,
    names_of,
    parse,
    registrations_of,
    run_components,
    with_changes,
)

ACCOUNT = "azure-native:cognitiveservices:Account"


def config_with(**account: Any) -> StackConfig:
    return parse(with_changes(lambda d: d["accounts"]["primary"].update(account)))


def build(config: StackConfig, protect: bool = False, zone_id: str | None = None) -> OpenAIAccount:
    return OpenAIAccount(
        "primary",
        OpenAIAccountArgs(
            config=config.accounts["primary"],
            account_name=config.account_name("primary"),
            subdomain=config.subdomain("primary"),
            location="swedencentral",
            resource_group_name="rg",
            protect=protect,
            tags={"env": "dev"},
            created_private_dns_zone_id=zone_id,
        ),
    )


def account_inputs(config: StackConfig, **kwargs: Any) -> dict[str, Any]:
    run = run_components(lambda: build(config, **kwargs))
    inputs: dict[str, Any] = registrations_of(run, ACCOUNT)["primary-account"].inputs
    return inputs


def test_secure_defaults() -> None:
    inputs = account_inputs(config_with())
    assert inputs["kind"] == "OpenAI"
    assert inputs["sku"] == {"name": "S0"}
    assert inputs["accountName"] == "contoso-dev-primary"
    assert inputs["location"] == "swedencentral"
    assert inputs["identity"] == {"type": "SystemAssigned"}
    assert inputs["tags"] == {"env": "dev"}
    assert inputs["properties"] == {
        "customSubDomainName": "contoso-dev-primary",
        "disableLocalAuth": True,
        "publicNetworkAccess": "Disabled",
        "restrictOutboundNetworkAccess": False,
    }


def test_network_acls_turn_public_access_on_behind_the_firewall() -> None:
    acls = {
        "bypass": "None",
        "ipRules": ["203.0.113.0/24", "198.51.100.7"],
        "virtualNetworkRules": [{"subnetId": SUBNET, "ignoreMissingServiceEndpoint": True}],
    }
    properties = account_inputs(config_with(networkAcls=acls))["properties"]
    assert properties["publicNetworkAccess"] == "Enabled"
    assert properties["networkAcls"] == {
        "defaultAction": "Deny",
        "bypass": "None",
        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "198.51.100.7"}],
        "virtualNetworkRules": [{"id": SUBNET, "ignoreMissingVnetServiceEndpoint": True}],
    }


def test_outbound_restriction_keys_restore_and_encryption() -> None:
    config = config_with(
        localAuth=True,
        restore=True,
        restrictOutboundNetworkAccess=True,
        allowedFqdns=["api.contoso.com"],
        managedIdentities={"systemAssigned": False, "userAssignedResourceIds": [IDENTITY]},
        customerManagedKey={
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        },
    )
    inputs = account_inputs(config)
    properties = inputs["properties"]
    assert properties["disableLocalAuth"] is False
    assert properties["restore"] is True
    assert properties["restrictOutboundNetworkAccess"] is True
    assert properties["allowedFqdnList"] == ["api.contoso.com"]
    assert properties["encryption"] == {
        "keySource": "Microsoft.KeyVault",
        "keyVaultProperties": {
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "identityClientId": PRINCIPAL,
        },
    }
    assert inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [IDENTITY]}


def test_system_and_user_assigned_identities_together_and_none() -> None:
    both = account_inputs(config_with(managedIdentities={"userAssignedResourceIds": [IDENTITY]}))
    assert both["identity"] == {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": [IDENTITY]}
    none = account_inputs(config_with(managedIdentities={"systemAssigned": False}))
    assert "identity" not in none


def test_protect_is_set_on_the_account_of_protected_stacks_only() -> None:
    protected = run_components(lambda: build(config_with(), protect=True))
    assert registrations_of(protected, ACCOUNT)["primary-account"].protect is True
    unprotected = run_components(lambda: build(config_with()))
    assert registrations_of(unprotected, ACCOUNT)["primary-account"].protect is False


FULL = {
    "contentFilters": {"strict": {}, "loose": {}},
    "deployments": {
        "chat": {
            "model": "gpt-4o",
            "version": "2024-11-20",
            "sku": "GlobalStandard",
            "capacity": 10,
            "contentFilter": "strict",
        },
        "embed": {"model": "text-embedding-3-large", "version": "1", "sku": "Standard", "capacity": 10},
    },
    "privateEndpoints": {
        "hub": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]},
        "spoke": {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": [VNET]}},
    },
    "roleAssignments": {"app": {"principalId": PRINCIPAL, "role": "Cognitive Services OpenAI User"}},
    "diagnosticSettings": {"central": {"workspaceResourceId": WORKSPACE}},
    "lock": "CanNotDelete",
}
CREATED_ZONE = ZONE.replace("rg-dns", "rg")


def full_run() -> Any:
    return run_components(lambda: build(config_with(**FULL), zone_id=CREATED_ZONE))


def test_write_order_filters_then_deployments_then_endpoints_then_lock() -> None:
    run = full_run()
    by_name = run.by_urn()
    deps = {r.name: names_of(run, r.dependencies) for r in by_name.values()}
    assert deps["primary-content-filters-loose"] == ["primary-account"]
    assert deps["primary-content-filters-strict"] == ["primary-account", "primary-content-filters-loose"]
    assert "primary-content-filters-strict" in deps["primary-deployments-chat"]
    assert "primary-deployments-chat" in deps["primary-deployments-embed"]
    assert "primary-deployments-embed" in deps["primary-private-endpoint-hub-endpoint"]
    assert "primary-private-endpoint-hub-dns-zone-group" in deps["primary-private-endpoint-spoke-endpoint"]
    lock = deps["primary-lock"]
    for last in (
        "primary-private-endpoint-spoke-endpoint",
        "primary-role-assignments-app",
        "primary-diagnostics-central",
    ):
        assert last in lock


def test_children_are_parented_inside_the_account_component() -> None:
    run = full_run()
    component = run.by_type("aoai:openai:Account")[0]
    direct = sorted(r.name for r in run.registrations if r.parent == component.urn)
    assert direct == [
        "primary-account",
        "primary-content-filters",
        "primary-deployments",
        "primary-diagnostics",
        "primary-lock",
        "primary-private-endpoint-hub",
        "primary-private-endpoint-spoke",
        "primary-role-assignments",
    ]


def test_endpoints_use_given_zones_or_the_created_zone() -> None:
    run = full_run()
    groups = {
        r.name: r.inputs["privateDnsZoneConfigs"]
        for r in run.by_type("azure-native:network:PrivateDnsZoneGroup")
    }
    assert groups["primary-private-endpoint-hub-dns-zone-group"][0]["privateDnsZoneId"] == ZONE
    assert groups["primary-private-endpoint-spoke-dns-zone-group"][0]["privateDnsZoneId"] == CREATED_ZONE


def test_lock_scope_and_level() -> None:
    lock = full_run().by_type("azure-native:authorization:ManagementLockByScope")[0]
    assert lock.inputs["level"] == "CanNotDelete"
    assert lock.inputs["lockName"] == "lock-contoso-dev-primary"
    assert lock.inputs["scope"].endswith(
        "/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary"
    )


def test_deployments_without_filters_wait_for_nothing_but_the_account() -> None:
    run = run_components(lambda: build(config_with()))
    chat = registrations_of(run, "azure-native:cognitiveservices:Deployment")["primary-deployments-chat"]
    assert names_of(run, chat.dependencies) == ["primary-account"]


@pulumi.runtime.test
def test_outputs_name_id_endpoint_and_principal(pulumi_mocks: Any) -> pulumi.Output[None]:
    account = build(config_with())

    def check(values: list[Any]) -> None:
        name, arm_id, endpoint, principal = values
        assert name == "contoso-dev-primary"
        assert arm_id.endswith("/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary")
        assert endpoint == "https://contoso-dev-primary.openai.azure.com/"
        assert principal and len(principal) == 36

    return pulumi.Output.all(
        account.account_name, account.account_id, account.endpoint, account.principal_id
    ).apply(check)
