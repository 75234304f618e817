"""OpenAIAccount: the account body, its children's order, protect and outputs."""

from __future__ import annotations

from typing import Any

import pulumi

from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    ContentFilterPolicy,
    CustomerManagedKey,
    DiagnosticSetting,
    ManagedIdentities,
    ModelDeployment,
    NetworkAcls,
    OpenAIAccount,
    RoleAssignment,
    VirtualNetworkRule,
)
from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    SUBNET,
    WORKSPACE,
    ZONE,
    account_args,
    names_of,
    registrations_of,
    run_components,
)

ACCOUNT = "azure-native:cognitiveservices:Account"


def build(**changes: Any) -> OpenAIAccount:
    return OpenAIAccount("primary", account_args(**{"tags": {"env": "dev"}, **changes}))


def account_inputs(**changes: Any) -> dict[str, Any]:
    run = run_components(lambda: build(**changes))
    inputs: dict[str, Any] = registrations_of(run, ACCOUNT)["primary-account"].inputs
    return inputs


def test_secure_defaults() -> None:
    inputs = account_inputs()
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


def test_subdomain_is_the_lower_cased_name_unless_given_or_disabled() -> None:
    named = account_inputs(account_name="Contoso-Dev-Primary")["properties"]
    assert named["customSubDomainName"] == "contoso-dev-primary"
    given = account_inputs(custom_subdomain="contoso-chat")["properties"]
    assert given["customSubDomainName"] == "contoso-chat"
    disabled = account_inputs(disable_custom_subdomain=True, local_auth=True)["properties"]
    assert "customSubDomainName" not in disabled


def test_network_acls_turn_public_access_on_behind_the_firewall() -> None:
    acls = NetworkAcls(
        bypass="None",
        ip_rules=["203.0.113.0/24", "198.51.100.7"],
        virtual_network_rules=[VirtualNetworkRule(subnet_id=SUBNET, ignore_missing_service_endpoint=True)],
    )
    properties = account_inputs(network_acls=acls)["properties"]
    assert properties["publicNetworkAccess"] == "Enabled"
    assert properties["networkAcls"] == {
        "defaultAction": "Deny",
        "bypass": "None",
        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "198.51.100.7"}],
        "virtualNetworkRules": [{"id": SUBNET, "ignoreMissingVnetServiceEndpoint": True}],
    }


def test_outbound_restriction_keys_restore_and_encryption() -> None:
    inputs = account_inputs(
        local_auth=True,
        restore=True,
        restrict_outbound_network_access=True,
        allowed_fqdns=["api.contoso.com"],
        managed_identities=ManagedIdentities(system_assigned=False, user_assigned_resource_ids=[IDENTITY]),
        customer_managed_key=CustomerManagedKey(
            key_vault_uri="https://kv-contoso.vault.azure.net/",
            key_name="aoai",
            user_assigned_identity_resource_id=IDENTITY,
            identity_client_id=PRINCIPAL,
        ),
    )
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
    both = account_inputs(managed_identities=ManagedIdentities(user_assigned_resource_ids=[IDENTITY]))
    assert both["identity"] == {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": [IDENTITY]}
    none = account_inputs(managed_identities=ManagedIdentities(system_assigned=False))
    assert "identity" not in none


def test_protect_is_set_on_the_account_only_when_asked() -> None:
    protected = run_components(lambda: build(protect=True))
    assert registrations_of(protected, ACCOUNT)["primary-account"].protect is True
    assert [r.name for r in protected.registrations if r.protect] == ["primary-account"]
    unprotected = run_components(lambda: build())
    assert registrations_of(unprotected, ACCOUNT)["primary-account"].protect is False


CREATED_ZONE = ZONE.replace("rg-dns", "rg")
FULL: dict[str, Any] = {
    "content_filters": {"strict": ContentFilterPolicy(), "loose": ContentFilterPolicy()},
    "deployments": {
        "chat": ModelDeployment(
            model="gpt-4o", version="2024-11-20", sku="GlobalStandard", capacity=10, content_filter="strict"
        ),
        "embed": ModelDeployment(model="text-embedding-3-large", version="1", sku="Standard", capacity=10),
    },
    "private_endpoints": {
        "hub": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE]),
        "spoke": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[CREATED_ZONE]),
    },
    "role_assignments": {
        "app": RoleAssignment(principal_id=PRINCIPAL, role="Cognitive Services OpenAI User")
    },
    "diagnostic_settings": {"central": DiagnosticSetting(workspace_resource_id=WORKSPACE)},
    "lock": "CanNotDelete",
}


def full_run() -> Any:
    return run_components(lambda: build(**FULL))


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


def test_endpoints_register_in_the_zones_they_name() -> None:
    run = full_run()
    groups = {
        r.name: r.inputs["privateDnsZoneConfigs"]
        for r in run.by_type("azure-native:network:PrivateDnsZoneGroup")
    }
    assert groups["primary-private-endpoint-hub-dns-zone-group"][0]["privateDnsZoneId"] == ZONE
    assert groups["primary-private-endpoint-spoke-dns-zone-group"][0]["privateDnsZoneId"] == CREATED_ZONE
    endpoints = {r.name: r.inputs for r in run.by_type("azure-native:network:PrivateEndpoint")}
    assert endpoints["primary-private-endpoint-hub-endpoint"]["location"] == "swedencentral"
    assert endpoints["primary-private-endpoint-hub-endpoint"]["privateEndpointName"] == (
        "pe-contoso-dev-primary-hub"
    )


def test_lock_scope_and_level() -> None:
    lock = full_run().by_type("azure-native:authorization:ManagementLockByScope")[0]
    assert lock.inputs["level"] == "CanNotDelete"
    assert lock.inputs["lockName"] == "lock-contoso-dev-primary"
    assert lock.inputs["notes"] == (
        "Protects the Azure OpenAI account contoso-dev-primary; managed by azure-openai."
    )
    assert lock.inputs["scope"].endswith(
        "/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary"
    )


def test_deployments_without_filters_wait_for_nothing_but_the_account() -> None:
    run = run_components(lambda: build())
    chat = registrations_of(run, "azure-native:cognitiveservices:Deployment")["primary-deployments-chat"]
    assert names_of(run, chat.dependencies) == ["primary-account"]


@pulumi.runtime.test
def test_outputs_name_id_endpoint_and_principal(pulumi_mocks: Any) -> pulumi.Output[None]:
    account = build()

    def check(values: list[Any]) -> None:
        name, arm_id, endpoint, principal, deployments = values
        assert name == "contoso-dev-primary"
        assert arm_id.endswith("/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary")
        assert endpoint == "https://contoso-dev-primary.openai.azure.com/"
        assert principal and len(principal) == 36
        assert deployments == {
            "chat": {
                "name": "chat",
                "model": "gpt-5",
                "version": "2025-08-07",
                "sku": "GlobalStandard",
                "capacity": 10,
            }
        }

    return pulumi.Output.all(
        account.account_name, account.account_id, account.endpoint, account.principal_id, account.deployments
    ).apply(check)
