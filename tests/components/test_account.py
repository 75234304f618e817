"""OpenAIAccount: the account body, its children's order, protect and outputs."""

from __future__ import annotations

from typing import Any

import pulumi

from aoai.offline.mocks import AzureMocks
from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    BlocklistItem,
    ContentBlocklist,
    ContentFilterPolicy,
    CustomerManagedKey,
    DiagnosticSetting,
    FoundryConnection,
    FoundryProject,
    ManagedIdentities,
    ModelDeployment,
    NetworkAcls,
    NetworkInjection,
    OpenAIAccount,
    RoleAssignment,
    VirtualNetworkRule,
)
from azure_openai_toolkit.roles import avm_role_assignment_name
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
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"  # Cognitive Services OpenAI User


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
def test_outputs_name_id_endpoint_principal_kind_and_projects(pulumi_mocks: Any) -> pulumi.Output[None]:
    account = build()

    def check(values: list[Any]) -> None:
        name, arm_id, endpoint, principal, deployments, kind, projects = values
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
        assert kind == "OpenAI"
        assert projects == {}  # an OpenAI account has none

    return pulumi.Output.all(
        account.account_name,
        account.account_id,
        account.endpoint,
        account.principal_id,
        account.deployments,
        account.kind,
        account.projects,
    ).apply(check)


# -- a Foundry resource (kind AIServices) from the Python door --------------------------------------

AGENTS = SUBNET.replace("snet-pe", "snet-agents")
SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)


def test_a_foundry_resource_allows_project_management_unless_told_or_left_unset() -> None:
    foundry = account_inputs(kind="AIServices")
    assert foundry["kind"] == "AIServices"
    assert foundry["properties"]["allowProjectManagement"] is True  # what Foundry projects need
    refused = account_inputs(kind="AIServices", allow_project_management=False)["properties"]
    assert refused["allowProjectManagement"] is False
    left = account_inputs(kind="AIServices", leave_unset=["allowProjectManagement"])["properties"]
    assert "allowProjectManagement" not in left
    assert "allowProjectManagement" not in account_inputs()["properties"]  # an OpenAI account has none


def test_network_injections_default_to_the_agent_scenario_in_your_subnet() -> None:
    subnet = account_inputs(kind="AIServices", network_injections=[NetworkInjection(subnet_id=AGENTS)])
    assert subnet["properties"]["networkInjections"] == [
        {"scenario": "agent", "subnetArmId": AGENTS, "useMicrosoftManagedNetwork": False}
    ]
    managed = account_inputs(
        kind="AIServices", network_injections=[NetworkInjection(use_microsoft_managed_network=True)]
    )
    assert managed["properties"]["networkInjections"] == [
        {"scenario": "agent", "useMicrosoftManagedNetwork": True}
    ]
    assert "networkInjections" not in account_inputs(kind="AIServices")["properties"]


def foundry_run() -> Any:
    search = FoundryConnection(
        category="CognitiveSearch", target="https://search-contoso.search.windows.net/", resource_id=SEARCH
    )
    return run_components(
        lambda: build(
            kind="AIServices",
            projects={"research": FoundryProject(), "support": FoundryProject()},
            connections={"search": search},
        )
    )


def test_projects_then_connections_are_written_inside_the_account_after_its_deployments() -> None:
    run = foundry_run()
    component = run.by_type("aoai:openai:Account")[0]
    direct = sorted(r.name for r in run.registrations if r.parent == component.urn)
    assert direct == [
        "primary-account",
        "primary-connections",
        "primary-content-filters",
        "primary-deployments",
        "primary-projects",
    ]
    deps = {r.name: names_of(run, r.dependencies) for r in run.registrations}
    # Each also waits for the account its name comes from.
    assert deps["primary-projects-research"] == ["primary-account", "primary-deployments-chat"]
    assert deps["primary-projects-support"] == ["primary-account", "primary-projects-research"]
    assert deps["primary-connections-search"] == ["primary-account", "primary-projects-support"]


def test_projects_take_the_accounts_region_and_tags() -> None:
    project = registrations_of(foundry_run(), "azure-native:cognitiveservices:Project")[
        "primary-projects-research"
    ]
    assert project.inputs["location"] == "swedencentral"
    assert project.inputs["resourceGroupName"] == "rg"
    assert project.inputs["accountName"] == "contoso-dev-primary"
    assert project.inputs["tags"] == {"env": "dev"}


@pulumi.runtime.test
def test_outputs_of_a_foundry_resource_name_its_projects(pulumi_mocks: Any) -> pulumi.Output[None]:
    account = build(kind="AIServices", projects={"research": FoundryProject()})

    def check(values: list[Any]) -> None:
        kind, projects = values
        assert kind == "AIServices"
        assert list(projects) == ["research"]
        assert projects["research"]["name"] == "research"

    return pulumi.Output.all(account.kind, account.projects).apply(check)


# -- what each write waits for when some writes are missing -----------------------------------------

BLOCKLIST = ContentBlocklist(items={"codename": BlocklistItem(pattern="falcon")})
ENDPOINT = AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])


def waits(**changes: Any) -> dict[str, list[str]]:
    """What each registered resource depends on, by name."""
    run = run_components(lambda: build(**changes))
    return {r.name: names_of(run, r.dependencies) for r in run.registrations}


def test_blocklists_come_first_and_deployments_wait_for_them_without_filters() -> None:
    deps = waits(blocklists={"competitors": BLOCKLIST})
    assert deps["primary-blocklists-competitors"] == ["primary-account"]
    assert "primary-blocklists-competitors-codename" in deps["primary-deployments-chat"]


def test_the_first_endpoint_waits_for_the_last_write_there_is() -> None:
    endpoint = "primary-private-endpoint-hub-endpoint"
    only_filters = waits(
        deployments={}, content_filters={"strict": ContentFilterPolicy()}, private_endpoints={"hub": ENDPOINT}
    )
    assert only_filters[endpoint] == ["primary-account", "primary-content-filters-strict"]
    only_blocklists = waits(
        deployments={}, blocklists={"competitors": BLOCKLIST}, private_endpoints={"hub": ENDPOINT}
    )
    assert only_blocklists[endpoint] == ["primary-account", "primary-blocklists-competitors-codename"]
    nothing = waits(deployments={}, private_endpoints={"hub": ENDPOINT})
    assert nothing[endpoint] == ["primary-account"]


def test_what_the_account_creates_takes_the_stacks_tags_not_the_accounts_own() -> None:
    run = run_components(
        lambda: build(
            account_tags={"team": "ai"},
            blocklists={"competitors": BLOCKLIST},
            content_filters={"strict": ContentFilterPolicy()},
        )
    )
    for name, token in (
        ("primary-blocklists-competitors", "RaiBlocklist"),
        ("primary-content-filters-strict", "RaiPolicy"),
        ("primary-deployments-chat", "Deployment"),
    ):
        resource = registrations_of(run, f"azure-native:cognitiveservices:{token}")[name]
        assert resource.inputs["tags"] == {"env": "dev"}, name


def test_blocklists_are_children_of_the_account_component() -> None:
    run = run_components(lambda: build(blocklists={"competitors": BLOCKLIST}))
    component = run.by_type("aoai:openai:Account")[0]
    blocklists = run.by_type("aoai:openai:Blocklists")[0]
    assert blocklists.parent == component.urn
    blocklist = registrations_of(run, "azure-native:cognitiveservices:RaiBlocklist")[
        "primary-blocklists-competitors"
    ]
    assert blocklist.inputs["accountName"] == "contoso-dev-primary"
    assert blocklist.inputs["resourceGroupName"] == "rg"


def test_public_network_access_given_is_sent_as_given() -> None:
    assert account_inputs(public_network_access="Enabled")["properties"]["publicNetworkAccess"] == "Enabled"


def test_role_assignments_on_the_account_are_named_as_the_naming_says() -> None:
    def assignment_name(naming: str | None) -> tuple[str, str]:
        run = run_components(
            lambda: build(role_assignments=FULL["role_assignments"], role_assignment_naming=naming)
        )
        (account,) = run.by_type(ACCOUNT)
        (assignment,) = run.by_type("azure-native:authorization:RoleAssignment")
        assert account.id is not None and assignment.inputs["scope"] == account.id
        return account.id, assignment.inputs["roleAssignmentName"]

    # roles.py's names are checked against hand-computed GUIDs in test_role_naming.py.
    account_id, avm = assignment_name("avm")
    assert avm == avm_role_assignment_name(account_id, PRINCIPAL, OPENAI_USER)
    assert assignment_name(None)[1] != avm


def test_endpoints_take_the_accounts_own_tags_unless_they_have_their_own() -> None:
    def endpoint_tags(endpoint: AccountPrivateEndpoint) -> Any:
        run = run_components(lambda: build(account_tags={"team": "ai"}, private_endpoints={"hub": endpoint}))
        return run.by_type("azure-native:network:PrivateEndpoint")[0].inputs["tags"]

    assert endpoint_tags(ENDPOINT) == {"env": "dev", "team": "ai"}
    own = AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE], tags={"owner": "network"})
    assert endpoint_tags(own) == {"env": "dev", "owner": "network"}
    assert account_inputs(account_tags={"team": "ai"})["tags"] == {"env": "dev", "team": "ai"}


def test_an_account_without_tags_sends_none() -> None:
    assert "tags" not in account_inputs(tags=None)


@pulumi.runtime.test
def test_an_account_without_a_system_identity_has_no_principal(pulumi_mocks: Any) -> pulumi.Output[None]:
    account = build(managed_identities=ManagedIdentities(system_assigned=False))

    def check(principal: Any) -> None:
        assert principal is None

    return account.principal_id.apply(check)


def test_the_account_component_takes_the_options_it_is_given() -> None:
    def program() -> None:
        group = pulumi.ComponentResource("test:index:Group", "group")
        OpenAIAccount("primary", account_args(), pulumi.ResourceOptions(parent=group))

    run = run_components(program)
    (group,) = run.by_type("test:index:Group")
    assert run.by_type("aoai:openai:Account")[0].parent == group.urn


def test_the_azure_resource_is_at_hand_for_what_the_component_does_not_cover() -> None:
    def program() -> None:
        account = build()
        pulumi.ComponentResource(
            "test:index:After", "after", opts=pulumi.ResourceOptions(depends_on=[account.account])
        )

    run = run_components(program)
    (after,) = run.by_type("test:index:After")
    assert names_of(run, after.dependencies) == ["primary-account"]


class UpgradedByAzure(AzureMocks):
    """Azure reports kind AIServices for an account the program still sends as OpenAI (Microsoft
    upgraded it; ignore_changes keeps the program from sending OpenAI back)."""

    def new_resource(self, args: Any) -> tuple[str | None, dict[str, Any]]:
        arm_id, outputs = super().new_resource(args)
        if args.typ == ACCOUNT:
            outputs["kind"] = "AIServices"
        return arm_id, outputs


@pulumi.runtime.test
def test_the_kind_output_is_what_azure_reports(pulumi_mocks: Any) -> pulumi.Output[None]:
    pulumi.runtime.set_mocks(UpgradedByAzure(), project="azure-openai", stack="unit", preview=False)
    account = build()

    def check(kind: str) -> None:
        assert kind == "AIServices"

    return account.kind.apply(check)
