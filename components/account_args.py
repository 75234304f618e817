"""Arguments of OpenAIAccount: the account, its network, identity, keys, and what hangs off it.

The shapes mirror the stack contract's `accounts.<key>` (config/models.py): the same names, the
same rules for plain values, the same defaults (taken from the contract when a field is None).
What differs: ids, names and secrets accept Outputs; the account name, region and resource group
are given (the stack file derives them); private endpoints name their DNS zones (the stack file
can ask for one to be created, which OpenAIEnvironment does with PrivateDnsZone).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi

from .args import ArgsBase, known_str, rule
from .blocklists import ContentBlocklist
from .config import foundry, models
from .config.foundry_rules import (
    blocklist_use_rules,
    developer_tier_rules,
    injection_list_rules,
    kind_rules,
    network_injection_rules,
    private_dns_zone_rules,
)
from .config.rules import (
    PYTHON_ARGS,
    Violation,
    content_filter_rules,
    customer_managed_key_rules,
    default_subdomain_rules,
    endpoint_name_rules,
    identity_rules,
    local_auth_rules,
    network_acl_rules,
    network_rules,
)
from .config.types import AccountName, Region
from .connections import FoundryConnection
from .content_filter import ContentFilterPolicy
from .deployments import ModelDeployment
from .identity import ManagedIdentities, RoleAssignment
from .monitoring import DiagnosticSetting
from .network import PrivateEndpointIpConfiguration, endpoint_violations
from .projects import FoundryProject


@dataclass(kw_only=True, frozen=True)
class VirtualNetworkRule(ArgsBase):
    """A subnet allowed through the account's firewall (service endpoints)."""

    _contract = models.VirtualNetworkRule

    subnet_id: pulumi.Input[str]
    """Resource id of the subnet allowed to reach the account."""
    ignore_missing_service_endpoint: bool | None = None
    """Accept the rule without the subnet's Microsoft.CognitiveServices endpoint. Default: false."""


@dataclass(kw_only=True, frozen=True)
class NetworkAcls(ArgsBase):
    """Firewall rules for public access to the account."""

    _contract = models.NetworkAcls

    default_action: str | None = None
    """What happens to traffic no rule matches: Allow or Deny (default)."""
    bypass: str | None = None
    """Let trusted Azure services through: None or AzureServices (default)."""
    ip_rules: Sequence[pulumi.Input[str]] | None = None
    """Public IPv4 addresses or CIDR ranges allowed in."""
    virtual_network_rules: Sequence[VirtualNetworkRule] | None = None
    """Subnets allowed in (service endpoints)."""

    def _violations(self) -> list[Violation]:
        return network_acl_rules(
            PYTHON_ARGS,
            default_action=self.resolved("default_action"),
            ip_rules=[known_str(rule) for rule in self.ip_rules or []],
            subnet_ids=[known_str(rule.subnet_id) for rule in self.virtual_network_rules or []],
        )


@dataclass(kw_only=True, frozen=True)
class AccountPrivateEndpoint(ArgsBase):
    """A private endpoint of the account (group 'account'), created after its deployments."""

    _contract = models.PrivateEndpoint

    subnet_id: pulumi.Input[str]
    """Subnet the private endpoint's network interface goes in."""
    private_dns_zone_ids: Sequence[pulumi.Input[str]]
    """privatelink.openai.azure.com zones to register the endpoint in (e.g. PrivateDnsZone.zone_id)."""
    location: pulumi.Input[str] | None = None
    """Region of the subnet's virtual network. Default: the account's location."""
    name: pulumi.Input[str] | None = None
    """Endpoint name. Default: pe-<account name>-<key>."""
    private_link_service_connection_name: pulumi.Input[str] | None = None
    """Name of the endpoint's connection to the account. Default: the endpoint name."""
    custom_network_interface_name: pulumi.Input[str] | None = None
    """Name of the endpoint's network interface. Default: chosen by Azure."""
    ip_configurations: Sequence[PrivateEndpointIpConfiguration] | None = None
    """Static private IP addresses. Default: Azure assigns one from the subnet."""
    application_security_group_ids: Sequence[pulumi.Input[str]] | None = None
    """Application security groups the endpoint's network interface joins."""
    resource_group_name: pulumi.Input[str] | None = None
    """Resource group of the endpoint. Default: the account's."""
    is_manual_connection: bool | None = None
    """The connection waits for approval by the account's owner. Default: false."""
    manual_connection_request_message: str | None = None
    """Message shown to the approver (at most 140 characters)."""
    tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of the endpoint, instead of the account's own tags."""
    private_dns_zone_group_name: str | None = None
    """Name of the endpoint's DNS zone group. Default: default."""
    private_dns_zone_config_names: Mapping[str, str] | None = None
    """Names of the zone group's entries by zone id. Default: the zone name with dashes."""

    def _violations(self) -> list[Violation]:
        return endpoint_violations(self)


@dataclass(kw_only=True, frozen=True)
class NetworkInjection(ArgsBase):
    """Where a Foundry resource runs a feature in your network (agents)."""

    _contract = foundry.NetworkInjection

    subnet_id: pulumi.Input[str] | None = None
    """Subnet the agents run in (delegated to Microsoft.App/environments)."""
    scenario: str | None = None
    """What is injected: agent (default)."""
    use_microsoft_managed_network: bool | None = None
    """Use a Microsoft-managed network instead of subnet_id. Default: false."""

    def _violations(self) -> list[Violation]:
        return network_injection_rules(
            PYTHON_ARGS,
            has_subnet=self.subnet_id is not None,
            managed_network=bool(self.resolved("use_microsoft_managed_network")),
        )


@dataclass(kw_only=True, frozen=True)
class CustomerManagedKey(ArgsBase):
    """Encryption with your own Key Vault key, read by a user-assigned identity."""

    _contract = models.CustomerManagedKey

    key_vault_uri: pulumi.Input[str]
    """Like https://kv-contoso.vault.azure.net/."""
    key_name: pulumi.Input[str]
    """Key name in the vault."""
    user_assigned_identity_resource_id: pulumi.Input[str] | None = None
    """The attached user-assigned identity that reads the key (Key Vault Crypto Service Encryption
    User). Default: the system-assigned identity reads it."""
    identity_client_id: pulumi.Input[str] | None = None
    """Client id of that user-assigned identity."""
    key_version: pulumi.Input[str] | None = None
    """Key version; empty or unset uses the current version."""


@dataclass(kw_only=True, frozen=True)
class OpenAIAccountArgs(ArgsBase):
    """Arguments of OpenAIAccount."""

    _contract = models.Account

    account_name: pulumi.Input[str] = field(metadata=rule(AccountName))
    """Name of the account in Azure."""
    location: pulumi.Input[str] = field(metadata=rule(Region))
    """Azure region, like swedencentral."""
    resource_group_name: pulumi.Input[str] = field(metadata=rule(models.ResourceGroupName))
    """Resource group the account and its endpoints are created in."""
    kind: str | None = None
    """OpenAI (default) or AIServices (a Microsoft Foundry resource). OpenAI -> AIServices is an
    in-place upgrade; an OpenAI account Azure upgraded on its own stays AIServices."""
    allow_project_management: bool | None = None
    """Projects may be created under the account. Default: true for kind AIServices."""
    custom_subdomain: pulumi.Input[str] | None = None
    """Globally unique subdomain: https://<subdomain>.openai.azure.com/. Default: the account name."""
    disable_custom_subdomain: bool | None = field(default=None, metadata=rule(bool))
    """No custom subdomain (only with API keys, no network rules, no private endpoints)."""
    sku: str | None = None
    """Account SKU; Azure OpenAI offers S0 (default) only."""
    restore: bool | None = None
    """Re-create the account over a soft-deleted one of the same name. Default: false."""
    local_auth: bool | None = None
    """Allow API keys. Default: false (Entra ID only)."""
    allow_local_auth_when_protected: bool | None = None
    """Acknowledge API keys on a protected account (local_auth with protect)."""
    public_network_access: str | None = None
    """Enabled or Disabled. Default: Enabled when network_acls are given, else Disabled."""
    restrict_outbound_network_access: bool | None = None
    """Only let the service call out to allowed_fqdns. Default: false."""
    allowed_fqdns: Sequence[pulumi.Input[str]] | None = None
    """Outbound destinations when outbound access is restricted."""
    network_acls: NetworkAcls | None = None
    """Firewall rules for public access."""
    private_endpoints: Mapping[str, AccountPrivateEndpoint] | None = None
    """Private endpoints by stable key; created one by one after the deployments."""
    managed_identities: ManagedIdentities | None = None
    """Identities of the account. Default: system-assigned only."""
    customer_managed_key: CustomerManagedKey | None = None
    """Encrypt with your Key Vault key. Default: Microsoft-managed keys."""
    role_assignments: Mapping[str, RoleAssignment] | None = None
    """Role assignments on the account, by stable key."""
    diagnostic_settings: Mapping[str, DiagnosticSetting] | None = None
    """Diagnostic settings of the account, by name."""
    lock: str | None = None
    """Management lock: CanNotDelete or ReadOnly. Default: none."""
    content_filters: Mapping[str, ContentFilterPolicy] | None = None
    """Content filters (RAI policies) to create on the account, by name."""
    existing_content_filters: Sequence[str] | None = None
    """RAI policies managed elsewhere that deployments may reference."""
    deployments: Mapping[str, ModelDeployment] | None = None
    """Model deployments by deployment name; created one at a time, in name order."""
    blocklists: Mapping[str, ContentBlocklist] | None = None
    """Custom blocklists content filters can use, by name; created before the content filters."""
    projects: Mapping[str, FoundryProject] | None = None
    """Foundry projects by name (kind AIServices); created after the deployments."""
    connections: Mapping[str, FoundryConnection] | None = None
    """Connections of the account to other resources, by name (kind AIServices); Entra ID auth."""
    network_injections: Sequence[NetworkInjection] | None = None
    """Run Foundry agents in your virtual network (kind AIServices)."""
    lock_name: pulumi.Input[str] | None = None
    """Name of the lock. Default: lock-<account name>."""
    lock_notes: pulumi.Input[str] | None = None
    """Notes shown on the lock. Default: which account it protects."""
    account_tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of the account resource and its private endpoints only, merged over `tags`."""
    leave_unset: Sequence[str] | None = field(default=None, metadata=rule(list[models.LeaveUnset]))
    """Account settings not sent, so Azure's default applies: localAuth, publicNetworkAccess,
    restrictOutboundNetworkAccess (the stack file's spelling). For adopting existing accounts."""
    role_assignment_naming: str | None = field(default=None, metadata=rule(models.RoleAssignmentNaming))
    """How role assignments without a name are named: toolkit (default), avm or azure."""
    protect: bool | None = field(default=None, metadata=rule(bool))
    """Protect the account from deletion by Pulumi (protected stacks set it). Default: false."""
    tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of the account and every resource it creates."""

    def _violations(self) -> list[Violation]:
        acls = self.network_acls
        unset = set(self.leave_unset or ())
        # Keys are what Azure allows when disableLocalAuth is left unset.
        local_auth = True if "localAuth" in unset else bool(self.resolved("local_auth"))
        found = network_rules(
            PYTHON_ARGS,
            subdomain_disabled=bool(self.disable_custom_subdomain),
            has_network_acls=acls is not None,
            has_private_endpoints=bool(self.private_endpoints),
            local_auth=local_auth,
            has_allowed_fqdns=bool(self.allowed_fqdns),
            restrict_outbound=bool(self.resolved("restrict_outbound_network_access")),
            public_network_access=self.public_network_access,
            acls_have_rules=bool(acls and (acls.ip_rules or acls.virtual_network_rules)),
        )
        if self.disable_custom_subdomain and self.custom_subdomain is not None:
            found.append(
                (("disable_custom_subdomain",), "give custom_subdomain or disable_custom_subdomain, not both")
            )
        found += self._identity_violations()
        found += content_filter_rules(
            PYTHON_ARGS,
            declared=list(self.content_filters or {}),
            existing=list(self.existing_content_filters or []),
            wanted_by_deployment={
                name: deployment.content_filter for name, deployment in (self.deployments or {}).items()
            },
        )
        found += local_auth_rules(
            PYTHON_ARGS,
            protected=bool(self.protect),
            local_auth=local_auth,
            acknowledged=bool(self.allow_local_auth_when_protected),
        )
        account_name = known_str(self.account_name)
        found += default_subdomain_rules(
            PYTHON_ARGS,
            account_name=account_name,
            has_subdomain=self.custom_subdomain is not None,
            subdomain_disabled=bool(self.disable_custom_subdomain),
        )
        endpoints = self.private_endpoints or {}
        if account_name is not None:
            found += endpoint_name_rules(
                account_name, list(endpoints), [k for k, e in endpoints.items() if e.name is not None]
            )
        return found + self._foundry_violations()

    def _foundry_violations(self) -> list[Violation]:
        kind = self.resolved("kind")
        identities = self.managed_identities or ManagedIdentities()
        injections = list(self.network_injections or [])
        has_identity = identities.resolved("system_assigned") or identities.user_assigned_resource_ids
        found = kind_rules(
            PYTHON_ARGS,
            kind=kind,
            allow_project_management=False
            if "allowProjectManagement" in (self.leave_unset or ())
            else self.allow_project_management,
            has_projects=bool(self.projects),
            has_connections=bool(self.connections),
            has_network_injections=bool(injections),
            has_identity=bool(has_identity),
        )
        found += injection_list_rules(PYTHON_ARGS, [i.resolved("scenario") for i in injections])
        found += private_dns_zone_rules(
            PYTHON_ARGS,
            kind=kind,
            endpoints={
                key: [known_str(zone) for zone in endpoint.private_dns_zone_ids]
                for key, endpoint in (self.private_endpoints or {}).items()
            },
        )
        found += blocklist_use_rules(
            PYTHON_ARGS,
            declared=list(self.blocklists or {}),
            used={name: list(p.blocklists or {}) for name, p in (self.content_filters or {}).items()},
        )
        found += developer_tier_rules(
            PYTHON_ARGS,
            protected=bool(self.protect),
            skus={name: d.sku for name, d in (self.deployments or {}).items()},
        )
        return found

    def _identity_violations(self) -> list[Violation]:
        identities = self.managed_identities or ManagedIdentities()
        attached = list(identities.user_assigned_resource_ids or [])
        key = self.customer_managed_key
        # An Output can only be matched by identity: the same Output object attached and used.
        key_identity = None
        if key is not None and not any(key.user_assigned_identity_resource_id is a for a in attached):
            key_identity = known_str(key.user_assigned_identity_resource_id)
        found = identity_rules(
            PYTHON_ARGS, attached=[known_str(a) for a in attached], key_identity=key_identity
        )
        if key is not None:
            found += customer_managed_key_rules(
                PYTHON_ARGS,
                has_identity=key.user_assigned_identity_resource_id is not None,
                has_client_id=key.identity_client_id is not None,
                system_assigned=bool(identities.resolved("system_assigned")),
            )
        return found
