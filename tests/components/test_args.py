"""The Args of the components: Outputs pass through, plain values meet the contract's rules.

Outputs here come from a resource the test program creates first (a resource group), so a test can
also see that the dependency reaches the registered child. Plain values that break a rule stop the
component before anything registers, with an error naming the argument.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, get_args

import pulumi
import pytest
from pulumi.runtime.rpc import _special_secret_sig, _special_sig_key
from pulumi_azure_native import resources

from aoai.offline.runner import ProgramFailed, ProgramRun
from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    ContentFilterPolicy,
    CustomerManagedKey,
    DiagnosticSetting,
    DiagnosticSettings,
    DiagnosticSettingsArgs,
    InvalidArgsError,
    ManagedIdentities,
    ModelDeployment,
    NetworkAcls,
    OpenAIAccount,
    PrivateDnsZone,
    PrivateDnsZoneArgs,
    RoleAssignment,
    RoleAssignments,
    RoleAssignmentsArgs,
    VirtualNetworkRule,
)
from azure_openai_toolkit.args import ArgsBase
from azure_openai_toolkit.config import models
from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    SUBNET,
    VNET,
    WORKSPACE,
    ZONE,
    account_args,
    registrations_of,
    run_components,
)

GROUP_URN = "urn:pulumi:test::azure-openai::azure-native:resources:ResourceGroup::network"
CHAT = ModelDeployment(model="gpt-5", version="2025-08-07", sku="GlobalStandard", capacity=10)


def from_group(group: resources.ResourceGroup, value: str) -> pulumi.Output[str]:
    """An Output that resolves to `value` and depends on `group`, like `subnet.id` would."""
    output: pulumi.Output[str] = group.id.apply(lambda _: value)
    return output


def refused(build: Callable[[], object]) -> tuple[InvalidArgsError, ProgramRun]:
    """Run `build` in the mock engine; it must raise InvalidArgsError. Returns it and the run."""
    caught: list[InvalidArgsError] = []

    def program() -> None:
        try:
            build()
        except InvalidArgsError as error:
            caught.append(error)

    run = run_components(program)
    assert caught, "the component accepted the arguments"
    return caught[0], run


def messages(error: InvalidArgsError) -> dict[str, str]:
    return {p.path: p.message for p in error.problems}


class TestOutputsPassThrough:
    def build(self) -> None:
        group = resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")
        identity = from_group(group, IDENTITY)
        OpenAIAccount(
            "primary",
            account_args(
                resource_group_name=group.name,
                location=group.location,
                network_acls=NetworkAcls(
                    ip_rules=[from_group(group, "203.0.113.0/24")],
                    virtual_network_rules=[VirtualNetworkRule(subnet_id=from_group(group, SUBNET))],
                ),
                managed_identities=ManagedIdentities(user_assigned_resource_ids=[identity]),
                customer_managed_key=CustomerManagedKey(
                    key_vault_uri=from_group(group, "https://kv-contoso.vault.azure.net/"),
                    key_name="aoai",
                    user_assigned_identity_resource_id=identity,
                    identity_client_id=from_group(group, PRINCIPAL),
                ),
                private_endpoints={
                    "apps": AccountPrivateEndpoint(
                        subnet_id=from_group(group, SUBNET), private_dns_zone_ids=[from_group(group, ZONE)]
                    )
                },
                role_assignments={
                    "app": RoleAssignment(principal_id=pulumi.Output.secret(PRINCIPAL), role="Reader")
                },
                diagnostic_settings={
                    "central": DiagnosticSetting(workspace_resource_id=from_group(group, WORKSPACE))
                },
            ),
        )

    def test_account_gets_the_resolved_values_and_the_dependency(self) -> None:
        run = run_components(self.build)
        account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
        assert account.inputs["resourceGroupName"] == "rg-net"
        assert account.inputs["location"] == "swedencentral"
        assert account.inputs["identity"] == {
            "type": "SystemAssigned, UserAssigned",
            "userAssignedIdentities": [IDENTITY],
        }
        assert account.inputs["properties"]["networkAcls"]["ipRules"] == [{"value": "203.0.113.0/24"}]
        assert account.inputs["properties"]["networkAcls"]["virtualNetworkRules"] == [
            {"id": SUBNET, "ignoreMissingVnetServiceEndpoint": False}
        ]
        assert account.inputs["properties"]["encryption"]["keyVaultProperties"] == {
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "identityClientId": PRINCIPAL,
        }
        for key in ("resourceGroupName", "identity", "properties"):
            assert account.property_dependencies[key] == [GROUP_URN]

    def test_children_get_the_resolved_values_and_the_dependency(self) -> None:
        run = run_components(self.build)
        endpoint = registrations_of(run, "azure-native:network:PrivateEndpoint")[
            "primary-private-endpoint-apps-endpoint"
        ]
        assert endpoint.inputs["subnet"]["id"] == SUBNET
        assert GROUP_URN in endpoint.property_dependencies["subnet"]
        group = registrations_of(run, "azure-native:network:PrivateDnsZoneGroup")[
            "primary-private-endpoint-apps-dns-zone-group"
        ]
        assert group.inputs["privateDnsZoneConfigs"] == [
            {"name": "privatelink-openai-azure-com", "privateDnsZoneId": ZONE}
        ]
        assert GROUP_URN in group.property_dependencies["privateDnsZoneConfigs"]
        setting = registrations_of(run, "azure-native:monitor:DiagnosticSetting")[
            "primary-diagnostics-central"
        ]
        assert setting.inputs["workspaceId"] == WORKSPACE
        assert GROUP_URN in setting.property_dependencies["workspaceId"]

    def test_a_secret_principal_stays_secret(self) -> None:
        run = run_components(self.build)
        assignment = registrations_of(run, "azure-native:authorization:RoleAssignment")[
            "primary-role-assignments-app"
        ]
        assert assignment.inputs["principalId"] == {_special_sig_key: _special_secret_sig, "value": PRINCIPAL}

    def test_names_built_from_an_output_account_name_resolve(self) -> None:
        def build() -> None:
            group = resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")
            OpenAIAccount(
                "primary",
                account_args(
                    account_name=from_group(group, "Contoso-Chat"),
                    lock="CanNotDelete",
                    private_endpoints={
                        "apps": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])
                    },
                ),
            )

        run = run_components(build)
        account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
        assert account.inputs["properties"]["customSubDomainName"] == "contoso-chat"
        lock = registrations_of(run, "azure-native:authorization:ManagementLockByScope")["primary-lock"]
        assert lock.inputs["lockName"] == "lock-Contoso-Chat"
        endpoint = registrations_of(run, "azure-native:network:PrivateEndpoint")[
            "primary-private-endpoint-apps-endpoint"
        ]
        assert endpoint.inputs["privateEndpointName"] == "pe-Contoso-Chat-apps"

    def test_zone_links_take_output_network_ids(self) -> None:
        def build() -> None:
            group = resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")
            PrivateDnsZone(
                "dns",
                PrivateDnsZoneArgs(
                    resource_group_name=group.name, virtual_networks={"hub": from_group(group, VNET)}
                ),
            )

        run = run_components(build)
        link = registrations_of(run, "azure-native:privatedns:VirtualNetworkLink")["dns-link-hub"]
        assert link.inputs["virtualNetwork"] == {"id": VNET}
        assert link.inputs["resourceGroupName"] == "rg-net"
        assert GROUP_URN in link.property_dependencies["virtualNetwork"]


class TestPlainValuesAreChecked:
    def test_a_bad_subnet_id_is_refused_with_its_argument_before_anything_registers(self) -> None:
        bad = VNET  # a virtual network, not one of its subnets
        error, run = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(
                    private_endpoints={
                        "apps": AccountPrivateEndpoint(subnet_id=bad, private_dns_zone_ids=[ZONE])
                    }
                ),
            )
        )
        assert str(error) == (
            "OpenAIAccountArgs.private_endpoints['apps'].subnet_id: must be the resource id of a "
            "Microsoft.Network/virtualNetworks/subnets resource, like /subscriptions/"
            "00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/"
            f"virtualNetworks/vnet-apps/subnets/apps (got '{bad}')"
        )
        assert run.registrations == []

    def test_the_program_stops_like_pulumi_stops_on_a_run_error(self) -> None:
        with pytest.raises(ProgramFailed) as caught:
            run_components(lambda: OpenAIAccount("primary", account_args(location="West Europe")))
        assert str(caught.value).startswith("OpenAIAccountArgs.location: an Azure region name in lower case")
        assert caught.value.registrations == []

    def test_every_problem_is_reported_at_once(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(
                    account_name="-bad",
                    location="Sweden Central",
                    resource_group_name="rg/x",
                    tags={"a/b": "c"},
                    network_acls=NetworkAcls(default_action="Block", ip_rules=["10.0.0.0/8"]),
                    deployments={
                        "chat": ModelDeployment(
                            model="gpt-4o", version="2024-11-20", sku="Global", capacity=0
                        )
                    },
                    role_assignments={"app": RoleAssignment(principal_id="not-a-guid", role="Nobody")},
                    diagnostic_settings={"central": DiagnosticSetting(workspace_resource_id=SUBNET)},
                    lock="Locked",
                ),
            )
        )
        found = messages(error)
        assert set(found) == {
            "OpenAIAccountArgs.account_name",
            "OpenAIAccountArgs.location",
            "OpenAIAccountArgs.resource_group_name",
            "OpenAIAccountArgs.tags",
            "OpenAIAccountArgs.network_acls.default_action",
            "OpenAIAccountArgs.network_acls.ip_rules[0]",
            "OpenAIAccountArgs.deployments['chat'].sku",
            "OpenAIAccountArgs.deployments['chat'].capacity",
            "OpenAIAccountArgs.role_assignments['app'].principal_id",
            "OpenAIAccountArgs.role_assignments['app'].role",
            "OpenAIAccountArgs.diagnostic_settings['central'].workspace_resource_id",
            "OpenAIAccountArgs.lock",
        }
        assert found["OpenAIAccountArgs.deployments['chat'].capacity"] == "must be a positive integer (got 0)"
        assert found["OpenAIAccountArgs.lock"] == "must be one of CanNotDelete, ReadOnly (got str 'Locked')"
        assert found["OpenAIAccountArgs.network_acls.default_action"].startswith("must be one of Allow, Deny")
        assert "private or reserved range" in found["OpenAIAccountArgs.network_acls.ip_rules[0]"]
        assert found["OpenAIAccountArgs.role_assignments['app'].principal_id"].startswith("a GUID like")
        assert found["OpenAIAccountArgs.location"].startswith("an Azure region name in lower case")
        assert (
            "Microsoft.OperationalInsights/workspaces"
            in found["OpenAIAccountArgs.diagnostic_settings['central'].workspace_resource_id"]
        )

    def test_map_keys_are_checked(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(
                    content_filters={"Microsoft.Mine": ContentFilterPolicy()},
                    private_endpoints={
                        "a.b": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])
                    },
                ),
            )
        )
        found = messages(error)
        assert found["OpenAIAccountArgs.content_filters['Microsoft.Mine']"].startswith(
            "key 'Microsoft.Mine': names starting with 'Microsoft.' are reserved"
        )
        assert found["OpenAIAccountArgs.private_endpoints['a.b']"].startswith(
            "key 'a.b': keys are stable logical names"
        )

    def test_cross_field_rules_of_the_contract_apply(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(
                    disable_custom_subdomain=True,
                    allowed_fqdns=["api.contoso.com"],
                    protect=True,
                    local_auth=True,
                    deployments={
                        "chat": ModelDeployment(**{**dataclasses.asdict(CHAT), "content_filter": "strict"})
                    },
                    managed_identities=ManagedIdentities(
                        user_assigned_resource_ids=[IDENTITY, IDENTITY.upper()]
                    ),
                    customer_managed_key=CustomerManagedKey(
                        key_vault_uri="https://kv-contoso.vault.azure.net/",
                        key_name="aoai",
                        user_assigned_identity_resource_id=IDENTITY.replace("id-openai", "id-other"),
                        identity_client_id=PRINCIPAL,
                    ),
                    private_endpoints={
                        "apps": AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[])
                    },
                ),
            )
        )
        assert messages(error) == {
            "OpenAIAccountArgs.disable_custom_subdomain": "a custom subdomain is required with "
            "private_endpoints; drop disable_custom_subdomain to use the account name",
            "OpenAIAccountArgs.allowed_fqdns": "allowed_fqdns only apply with "
            "restrict_outbound_network_access=True",
            "OpenAIAccountArgs.local_auth": "API keys on a protected account (protect=True): use Entra ID "
            "(local_auth=False), or set allow_local_auth_when_protected=True to accept the risk explicitly",
            "OpenAIAccountArgs.deployments['chat'].content_filter": "'strict' is not a content filter of "
            "this account; use one of Microsoft.Default, Microsoft.DefaultV2, or list a policy managed "
            "elsewhere in existing_content_filters",
            "OpenAIAccountArgs.managed_identities.user_assigned_resource_ids[1]": "listed twice",
            "OpenAIAccountArgs.customer_managed_key.user_assigned_identity_resource_id": "add this identity "
            "to managed_identities.user_assigned_resource_ids: the account reads the key with it, and a "
            "system-assigned identity does not exist yet when the account is created",
            "OpenAIAccountArgs.private_endpoints['apps'].private_dns_zone_ids": "name the "
            "privatelink.openai.azure.com zone(s) to register the endpoint in, or create one with the "
            "PrivateDnsZone component and pass its zone_id; without DNS the endpoint's private address is "
            "never used",
        }

    def test_firewall_rules_must_mean_something(self) -> None:
        def problems(acls: NetworkAcls) -> dict[str, str]:
            error, _ = refused(lambda: OpenAIAccount("primary", account_args(network_acls=acls)))
            return messages(error)

        allow = NetworkAcls(default_action="Allow", ip_rules=["203.0.113.0/24"])
        assert problems(allow) == {
            "OpenAIAccountArgs.network_acls.default_action": "with Allow every network gets in, so "
            "ip_rules and virtual_network_rules have no effect; use Deny"
        }
        allow_subnets = NetworkAcls(
            default_action="Allow", virtual_network_rules=[VirtualNetworkRule(subnet_id=SUBNET)]
        )
        assert list(problems(allow_subnets)) == ["OpenAIAccountArgs.network_acls.default_action"]
        twice = NetworkAcls(
            ip_rules=["203.0.113.7", "198.51.100.0/24", "203.0.113.7"],
            virtual_network_rules=[
                VirtualNetworkRule(subnet_id=SUBNET),
                VirtualNetworkRule(subnet_id=SUBNET.upper()),
            ],
        )
        assert problems(twice) == {
            "OpenAIAccountArgs.network_acls.ip_rules[2]": "'203.0.113.7' is listed twice",
            "OpenAIAccountArgs.network_acls.virtual_network_rules[1].subnet_id": (
                "this subnet is listed twice"
            ),
        }

    def test_firewall_rules_behind_disabled_public_access_are_refused(self) -> None:
        def build(acls: NetworkAcls) -> OpenAIAccount:
            return OpenAIAccount("primary", account_args(public_network_access="Disabled", network_acls=acls))

        message = (
            "with public_network_access='Disabled' the firewall rules never apply; remove "
            "public_network_access (it defaults to Enabled with network_acls) or the rules"
        )
        for acls in (
            NetworkAcls(ip_rules=["203.0.113.0/24"]),
            NetworkAcls(virtual_network_rules=[VirtualNetworkRule(subnet_id=SUBNET)]),
        ):
            error, _ = refused(functools.partial(build, acls))
            assert messages(error) == {"OpenAIAccountArgs.network_acls": message}
        # Without rules there is nothing that would never apply.
        run = run_components(lambda: build(NetworkAcls()))
        account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
        assert account.inputs["properties"]["publicNetworkAccess"] == "Disabled"

    def test_a_subdomain_given_and_disabled_is_refused(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(disable_custom_subdomain=True, custom_subdomain="contoso-chat", local_auth=True),
            )
        )
        assert messages(error) == {
            "OpenAIAccountArgs.disable_custom_subdomain": "give custom_subdomain or "
            "disable_custom_subdomain, not both"
        }

    def test_default_endpoint_names_over_azures_limit_are_refused_unless_named(self) -> None:
        name = "a" * 60  # pe-<60 a>-hub: 67 characters, Azure allows 64
        endpoint = AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary", account_args(account_name=name, private_endpoints={"hub": endpoint})
            )
        )
        assert messages(error) == {
            "OpenAIAccountArgs.private_endpoints['hub']": f"the endpoint would be named 'pe-{name}-hub' (67 "
            "characters, Azure allows 64); use a shorter key or account name, or set its name"
        }
        named = AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE], name="pe-hub")
        run = run_components(
            lambda: OpenAIAccount(
                "primary", account_args(account_name=name, private_endpoints={"hub": named})
            )
        )
        assert (
            run.by_type("azure-native:network:PrivateEndpoint")[0].inputs["privateEndpointName"] == "pe-hub"
        )

    def test_api_keys_on_a_protected_account_pass_once_acknowledged(self) -> None:
        args = account_args(protect=True, local_auth=True, allow_local_auth_when_protected=True)
        run = run_components(lambda: OpenAIAccount("primary", args))
        account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
        assert account.inputs["properties"]["disableLocalAuth"] is False

    def test_a_customer_managed_key_is_read_by_an_identity_the_account_has(self) -> None:
        def problems(key: CustomerManagedKey, identities: ManagedIdentities | None = None) -> dict[str, str]:
            args = account_args(customer_managed_key=key, managed_identities=identities)
            error, _ = refused(lambda: OpenAIAccount("primary", args))
            return messages(error)

        vault = {"key_vault_uri": "https://kv-contoso.vault.azure.net/", "key_name": "aoai"}
        attached = ManagedIdentities(user_assigned_resource_ids=[IDENTITY])
        assert problems(
            CustomerManagedKey(**vault, user_assigned_identity_resource_id=IDENTITY), attached
        ) == {
            "OpenAIAccountArgs.customer_managed_key.identity_client_id": "give "
            "user_assigned_identity_resource_id and identity_client_id together (a user-assigned identity "
            "reads the key), or neither (the system-assigned identity reads it)"
        }
        no_system = ManagedIdentities(system_assigned=False, user_assigned_resource_ids=[IDENTITY])
        assert problems(CustomerManagedKey(**vault), no_system) == {
            "OpenAIAccountArgs.customer_managed_key": "without a user-assigned identity the account reads "
            "the key with its system-assigned identity: set managed_identities.system_assigned=True, or name "
            "a user-assigned identity"
        }

    def test_rules_that_need_values_skip_outputs(self) -> None:
        def build() -> None:
            group = resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")
            identity = from_group(group, IDENTITY)
            OpenAIAccount(
                "primary",
                account_args(
                    network_acls=NetworkAcls(
                        ip_rules=[from_group(group, "203.0.113.0/24"), "203.0.113.0/24"]
                    ),
                    managed_identities=ManagedIdentities(user_assigned_resource_ids=[identity]),
                    customer_managed_key=CustomerManagedKey(
                        key_vault_uri="https://kv-contoso.vault.azure.net/",
                        key_name="aoai",
                        user_assigned_identity_resource_id=identity,
                        identity_client_id=PRINCIPAL,
                    ),
                ),
            )

        run = run_components(build)
        assert run.by_type("azure-native:cognitiveservices:Account")

    def test_values_that_decide_what_exists_must_be_plain(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount(
                "primary",
                account_args(
                    deployments=pulumi.Output.from_input({"chat": CHAT}),
                    lock=pulumi.Output.from_input("CanNotDelete"),
                ),
            )
        )
        found = messages(error)
        assert set(found) == {"OpenAIAccountArgs.deployments", "OpenAIAccountArgs.lock"}
        assert found["OpenAIAccountArgs.lock"].startswith("must be a plain value, not an Output")

    def test_nested_values_must_be_the_args_classes(self) -> None:
        error, _ = refused(
            lambda: OpenAIAccount("primary", account_args(private_endpoints={"apps": {"subnet_id": SUBNET}}))
        )
        assert messages(error) == {
            "OpenAIAccountArgs.private_endpoints['apps']": "must be AccountPrivateEndpoint(...) "
            "(got a mapping)"
        }

    def test_standalone_components_check_their_own_args(self) -> None:
        error, _ = refused(
            lambda: RoleAssignments(
                "roles",
                RoleAssignmentsArgs(
                    scope=SUBNET,
                    assignments={"app": RoleAssignment(principal_id=PRINCIPAL.upper()[:-1], role="Reader")},
                ),
            )
        )
        assert list(messages(error)) == ["RoleAssignmentsArgs.assignments['app'].principal_id"]
        error, _ = refused(
            lambda: DiagnosticSettings(
                "diag",
                DiagnosticSettingsArgs(
                    resource_id=SUBNET,
                    settings={
                        "x": DiagnosticSetting(workspace_resource_id=WORKSPACE, log_category_groups=["all"])
                    },
                ),
            )
        )
        assert messages(error) == {
            "DiagnosticSettingsArgs.settings['x'].log_category_groups[0]": "must be one of allLogs, audit "
            "(got str 'all'); did you mean 'allLogs'?"
        }
        error, _ = refused(
            lambda: PrivateDnsZone(
                "dns", PrivateDnsZoneArgs(resource_group_name="rg", virtual_networks={"hub": SUBNET})
            )
        )
        assert list(messages(error)) == ["PrivateDnsZoneArgs.virtual_networks['hub']"]


# The stack contract's account keys that the Args do not mirror, and why.
STACK_ONLY = {
    # Args: location, account_name (resolved); the account's own tags are Args.account_tags (Args.tags
    # are the tags of every resource the account creates).
    models.Account: {"location", "placement", "name"},
    models.PrivateEndpoint: {"create_private_dns_zone"},  # Args name zones; PrivateDnsZone makes one
    models.Deployment: {"skip_catalog_check"},  # the offline catalog check is the stack file's
}


def args_classes() -> list[type[ArgsBase]]:
    import azure_openai_toolkit as toolkit

    found = [getattr(toolkit, name) for name in toolkit.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, ArgsBase)]


@pytest.mark.parametrize("cls", args_classes(), ids=lambda c: c.__name__)
def test_args_mirror_every_field_of_their_contract_model(cls: type[ArgsBase]) -> None:
    contract = cls._contract
    if contract is None:
        return
    mirrored = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    missing = set(contract.model_fields) - mirrored - STACK_ONLY.get(contract, set())
    assert not missing, f"{cls.__name__} lacks contract fields {sorted(missing)}"


@pytest.mark.parametrize("cls", args_classes(), ids=lambda c: c.__name__)
def test_only_ids_names_and_secrets_take_outputs(cls: type[ArgsBase]) -> None:
    takes_outputs = {
        f.name
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if any(getattr(a, "__forward_arg__", "").startswith("Output[") for a in _flat_args(f.type))
    }
    assert takes_outputs == INPUT_FIELDS.get(cls.__name__, set())


def _flat_args(hint: Any) -> list[Any]:
    found: list[Any] = []
    for arg in get_args(hint):
        found += [arg, *_flat_args(arg)]
    return found


INPUT_FIELDS = {
    "OpenAIAccountArgs": {
        "account_name",
        "location",
        "resource_group_name",
        "custom_subdomain",
        "allowed_fqdns",
        "lock_name",
        "lock_notes",
    },
    "NetworkAcls": {"ip_rules"},
    "VirtualNetworkRule": {"subnet_id"},
    "AccountPrivateEndpoint": {
        "subnet_id",
        "private_dns_zone_ids",
        "location",
        "name",
        "private_link_service_connection_name",
        "custom_network_interface_name",
        "application_security_group_ids",
        "resource_group_name",
    },
    "ManagedIdentities": {"user_assigned_resource_ids"},
    "CustomerManagedKey": {
        "key_vault_uri",
        "key_name",
        "key_version",
        "user_assigned_identity_resource_id",
        "identity_client_id",
    },
    "RoleAssignment": {"principal_id", "description", "condition", "delegated_managed_identity_resource_id"},
    "RoleAssignmentsArgs": {"scope"},
    "DiagnosticSetting": {
        "workspace_resource_id",
        "storage_account_resource_id",
        "event_hub_authorization_rule_resource_id",
        "event_hub_name",
        "name",
    },
    "DiagnosticSettingsArgs": {"resource_id"},
    "ModelDeploymentsArgs": {"account_name", "resource_group_name"},
    "ContentFiltersArgs": {"account_name", "resource_group_name"},
    "ContentBlocklistsArgs": {"account_name", "resource_group_name"},
    "FoundryConnection": {"target", "resource_id", "location"},
    "FoundryConnectionsArgs": {"account_name", "resource_group_name", "project_name"},
    "FoundryProject": {"display_name", "description"},
    "FoundryProjectsArgs": {"account_name", "resource_group_name", "location"},
    "NetworkInjection": {"subnet_id"},
    "PrivateDnsZoneArgs": {"resource_group_name", "virtual_networks"},
    "PrivateEndpointArgs": {
        "account_id",
        "account_name",
        "location",
        "resource_group_name",
        "subnet_id",
        "private_dns_zone_ids",
        "name",
        "private_link_service_connection_name",
        "custom_network_interface_name",
        "application_security_group_ids",
    },
}
