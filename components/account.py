"""An Azure OpenAI account or Foundry resource and everything that hangs off it
(`aoai:openai:Account`).

Creates the `azure-native:cognitiveservices:Account` (kind OpenAI or AIServices, sku S0) with its
identity, network rules and encryption, then, as child components: custom blocklists, content
filters, model deployments, Foundry projects and connections, private endpoints, role
assignments, diagnostic settings, and finally the management lock.

Order inside the account, because Azure takes one write at a time on an account (409
RequestConflict otherwise) and a private endpoint fails while the account is still Accepted:
blocklists -> content filters (which use them) -> deployments one by one -> projects (each with
its connections) -> account connections -> private endpoints one by one -> lock. The lock comes
last so a ReadOnly lock cannot block the writes before it. Role assignments and diagnostic
settings are extension resources, not writes on the account: they only wait for what they are on.

Both kinds are this one component type, so an account keeps its URNs when it moves from OpenAI to
AIServices: that upgrade is an update in place, never a replacement (upgrade.py says how the
account's options make sure of it). KIND is the kind when the args give none; a subclass with
properties of its own overrides `properties`.
"""

from collections.abc import Sequence

import pulumi
from pulumi_azure_native import authorization
from pulumi_azure_native import cognitiveservices as cs

from .account_args import (
    AccountPrivateEndpoint,
    CustomerManagedKey,
    NetworkAcls,
    OpenAIAccountArgs,
)
from .args import check_args, known_str, lift
from .blocklists import ContentBlocklists, ContentBlocklistsArgs
from .catalog import Catalog, default_catalog
from .config.foundry_rules import AI_SERVICES, effective_project_management
from .config.rules import PYTHON_ARGS, Violation, account_region_rules, default_public_network_access
from .connections import FoundryConnections, FoundryConnectionsArgs
from .content_filter import ContentFilters, ContentFiltersArgs
from .deployments import DeploymentSummary, ModelDeployments, ModelDeploymentsArgs
from .identity import RoleAssignments, RoleAssignmentsArgs, identity_args
from .monitoring import DiagnosticSettings, DiagnosticSettingsArgs
from .network import PrivateEndpoint, PrivateEndpointArgs
from .projects import FoundryProjects, FoundryProjectsArgs, ProjectSummary
from .upgrade import account_ignore_changes

# Properties Azure sets itself, or reports at its default, that the program never sends: ignored
# so an account Azure (or an import) reports them for is not updated to remove them. `restore`
# counts only when the account is created, which ignoreChanges never affects.
ACCOUNT_SET_BY_AZURE = (
    "properties.restore",
    "properties.dynamicThrottlingEnabled",
    "properties.networkAcls.virtualNetworkRules[*].state",
)

# The lock's notes unless the stack gives its own (the plan tree shows only those).
DEFAULT_LOCK_NOTES = "Protects the Azure OpenAI account {}; managed by azure-openai."


def network_acls_args(acls: NetworkAcls | None) -> cs.NetworkRuleSetArgs | None:
    if acls is None:
        return None
    return cs.NetworkRuleSetArgs(
        default_action=acls.resolved("default_action"),
        bypass=acls.resolved("bypass"),
        ip_rules=[cs.IpRuleArgs(value=rule) for rule in acls.ip_rules or []],
        virtual_network_rules=[
            cs.VirtualNetworkRuleArgs(
                id=rule.subnet_id,
                ignore_missing_vnet_service_endpoint=rule.resolved("ignore_missing_service_endpoint"),
            )
            for rule in acls.virtual_network_rules or []
        ],
    )


def encryption_args(key: CustomerManagedKey | None) -> cs.EncryptionArgs | None:
    """Key Vault (or Managed HSM) encryption; without identity_client_id the system-assigned
    identity reads the key."""
    if key is None:
        return None
    return cs.EncryptionArgs(
        key_source=cs.KeySource.MICROSOFT_KEY_VAULT,
        key_vault_properties=cs.KeyVaultPropertiesArgs(
            key_vault_uri=key.key_vault_uri,
            key_name=key.key_name,
            key_version=key.key_version or None,
            identity_client_id=key.identity_client_id,
        ),
    )


def subdomain(args: OpenAIAccountArgs) -> pulumi.Input[str] | None:
    """The custom subdomain: given, turned off, or (secure default) the account name."""
    if args.custom_subdomain is not None:
        return args.custom_subdomain
    if args.disable_custom_subdomain:
        return None
    return lift(str.lower, args.account_name)


def region_violations(args: OpenAIAccountArgs, catalog: Catalog) -> list[Violation]:
    """The stack file's rule for an account's region (config/rules.py), on the Args."""
    return account_region_rules(
        PYTHON_ARGS, region=known_str(args.location), offered=list(catalog.regions), catalog=catalog.stamp
    )


def network_injections_args(args: OpenAIAccountArgs) -> list[cs.NetworkInjectionArgs] | None:
    """AccountProperties.networkInjections, a list as pulumi-azure-native 3.29 and Microsoft's
    Foundry templates send it (the 2025-06-01 specification describes one object: docs/foundry.md)."""
    injections = [
        cs.NetworkInjectionArgs(
            scenario=injection.resolved("scenario"),
            subnet_arm_id=injection.subnet_id,
            use_microsoft_managed_network=injection.resolved("use_microsoft_managed_network"),
        )
        for injection in args.network_injections or []
    ]
    return injections or None


def account_kind(args: OpenAIAccountArgs, default: str) -> str:
    return args.kind if args.kind is not None else default


def account_properties(args: OpenAIAccountArgs, kind: str) -> cs.AccountPropertiesArgs:
    """The account's properties, for an account of `kind` (account_kind: the args' or the class's)."""
    unset = set(args.leave_unset or ())
    project_management = (
        effective_project_management(kind, args.allow_project_management)
        if kind == AI_SERVICES and "allowProjectManagement" not in unset
        else None
    )
    return cs.AccountPropertiesArgs(
        allow_project_management=project_management,
        network_injections=network_injections_args(args),
        custom_sub_domain_name=subdomain(args),
        disable_local_auth=None if "localAuth" in unset else not args.resolved("local_auth"),
        public_network_access=None
        if "publicNetworkAccess" in unset
        else default_public_network_access(args.public_network_access, args.network_acls is not None),
        network_acls=network_acls_args(args.network_acls),
        restrict_outbound_network_access=None
        if "restrictOutboundNetworkAccess" in unset
        else args.resolved("restrict_outbound_network_access"),
        allowed_fqdn_list=list(args.allowed_fqdns or []) or None,
        encryption=encryption_args(args.customer_managed_key),
        restore=args.resolved("restore") or None,
    )


class OpenAIAccount(pulumi.ComponentResource):
    """An Azure OpenAI account with filters, deployments, endpoints, roles, diagnostics and a lock."""

    TYPE = "aoai:openai:Account"
    KIND = "OpenAI"

    account_name: pulumi.Output[str]
    """Name of the account."""
    account_id: pulumi.Output[str]
    """Resource id of the account."""
    endpoint: pulumi.Output[str]
    """Endpoint URL, like https://<subdomain>.openai.azure.com/."""
    principal_id: pulumi.Output[str | None]
    """Object id of the system-assigned identity, if the account has one."""
    deployments: pulumi.Output[dict[str, DeploymentSummary]]
    """Per deployment: name, model, version, sku and capacity."""
    kind: pulumi.Output[str]
    """OpenAI or AIServices, as Azure reports it (after an upgrade: AIServices)."""
    projects: pulumi.Output[dict[str, ProjectSummary]]
    """Per Foundry project: name, resource id and principal id."""

    def __init__(
        self,
        name: str,
        args: OpenAIAccountArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        catalog: Catalog | None = None,
    ) -> None:
        """`catalog`: the model catalog whose regions `args.location` must be one of (an account
        can only be created where Azure OpenAI is offered). Default: the toolkit's snapshot; the
        stack file's program passes the catalog it checked the stack against."""
        check_args(args, lambda: region_violations(args, catalog or default_catalog()))
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        own_tags = {**tags, **(args.account_tags or {})}
        kind = account_kind(args, self.KIND)
        account = cs.Account(
            f"{name}-account",
            account_name=args.account_name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            kind=kind,
            sku=cs.SkuArgs(name=args.resolved("sku")),
            identity=identity_args(args.managed_identities),
            properties=self.properties(args),
            tags=own_tags or None,
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=bool(args.protect),
                ignore_changes=[*account_ignore_changes(kind), *ACCOUNT_SET_BY_AZURE],
            ),
        )
        self.account = account
        blocklists: list[pulumi.Resource] = []
        if args.blocklists:
            created = ContentBlocklists(
                f"{name}-blocklists",
                ContentBlocklistsArgs(
                    account_name=account.name,
                    resource_group_name=args.resource_group_name,
                    blocklists=args.blocklists,
                    tags=tags,
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
            blocklists = [created.last] if created.last else []
        filters = ContentFilters(
            f"{name}-content-filters",
            ContentFiltersArgs(
                account_name=account.name,
                resource_group_name=args.resource_group_name,
                policies=args.content_filters or {},
                tags=tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
            after=blocklists,
        )
        deployments = ModelDeployments(
            f"{name}-deployments",
            ModelDeploymentsArgs(
                account_name=account.name,
                resource_group_name=args.resource_group_name,
                deployments=args.deployments or {},
                tags=tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
            after=[filters.last] if filters.last else blocklists,
        )
        last_write: Sequence[pulumi.Resource] = [
            deployments.last or filters.last or (blocklists[0] if blocklists else account)
        ]
        last_write, projects = self._foundry_children(name, args, account, tags, last_write)
        endpoints = args.private_endpoints or {}
        for key in sorted(endpoints):
            last_write = [self._private_endpoint(name, key, endpoints[key], args, account, last_write)]
        others: list[pulumi.Resource] = []
        if args.role_assignments:
            others.append(
                RoleAssignments(
                    f"{name}-role-assignments",
                    RoleAssignmentsArgs(
                        scope=account.id,
                        assignments=args.role_assignments,
                        naming=args.role_assignment_naming,
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        if args.diagnostic_settings:
            others.append(
                DiagnosticSettings(
                    f"{name}-diagnostics",
                    DiagnosticSettingsArgs(resource_id=account.id, settings=args.diagnostic_settings),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        if args.lock:
            authorization.ManagementLockByScope(
                f"{name}-lock",
                scope=account.id,
                lock_name=args.lock_name
                if args.lock_name is not None
                else lift(lambda account_name: f"lock-{account_name}", args.account_name),
                level=args.lock,
                notes=args.lock_notes
                if args.lock_notes is not None
                else lift(
                    lambda account_name: DEFAULT_LOCK_NOTES.format(account_name),
                    args.account_name,
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[*last_write, *others]),
            )

        self.account_name = account.name
        self.account_id = account.id
        self.endpoint = account.properties.apply(lambda p: p.endpoint)
        self.principal_id = account.identity.apply(lambda i: i.principal_id if i else None)
        self.deployments = deployments.deployments
        self.kind = account.kind.apply(lambda value: value or kind)
        self.projects = projects
        self.register_outputs(
            {
                "account_name": self.account_name,
                "account_id": self.account_id,
                "endpoint": self.endpoint,
                "principal_id": self.principal_id,
                "deployments": self.deployments,
                "kind": self.kind,
                "projects": self.projects,
            }
        )

    def _foundry_children(
        self,
        name: str,
        args: OpenAIAccountArgs,
        account: cs.Account,
        tags: dict[str, str],
        after: Sequence[pulumi.Resource],
    ) -> tuple[Sequence[pulumi.Resource], pulumi.Output[dict[str, ProjectSummary]]]:
        """Projects, then the account's connections, each after the account's previous write."""
        summaries: pulumi.Output[dict[str, ProjectSummary]] = pulumi.Output.from_input({})
        if args.projects:
            projects = FoundryProjects(
                f"{name}-projects",
                FoundryProjectsArgs(
                    account_name=account.name,
                    resource_group_name=args.resource_group_name,
                    location=args.location,
                    projects=args.projects,
                    tags=tags,
                ),
                opts=pulumi.ResourceOptions(parent=self),
                after=after,
            )
            after = [projects.last] if projects.last else after
            summaries = projects.projects
        if args.connections:
            connections = FoundryConnections(
                f"{name}-connections",
                FoundryConnectionsArgs(
                    account_name=account.name,
                    resource_group_name=args.resource_group_name,
                    connections=args.connections,
                ),
                opts=pulumi.ResourceOptions(parent=self),
                after=after,
            )
            after = [connections.last] if connections.last else after
        return after, summaries

    def properties(self, args: OpenAIAccountArgs) -> cs.AccountPropertiesArgs:
        """The account's properties; a subclass with properties of its own adds them."""
        return account_properties(args, account_kind(args, self.KIND))

    def _private_endpoint(
        self,
        name: str,
        key: str,
        endpoint: AccountPrivateEndpoint,
        args: OpenAIAccountArgs,
        account: cs.Account,
        after: Sequence[pulumi.Resource],
    ) -> PrivateEndpoint:
        # Like the AVM modules: the endpoint's own tags, else the account's (both over the stack's).
        own = endpoint.tags if endpoint.tags is not None else (args.account_tags or {})
        return PrivateEndpoint(
            f"{name}-private-endpoint-{key}",
            PrivateEndpointArgs(
                account_id=account.id,
                account_name=args.account_name,
                endpoint_key=key,
                location=endpoint.location or args.location,
                resource_group_name=endpoint.resource_group_name or args.resource_group_name,
                subnet_id=endpoint.subnet_id,
                private_dns_zone_ids=list(endpoint.private_dns_zone_ids),
                tags={**(args.tags or {}), **own},
                name=endpoint.name,
                private_link_service_connection_name=endpoint.private_link_service_connection_name,
                custom_network_interface_name=endpoint.custom_network_interface_name,
                ip_configurations=endpoint.ip_configurations,
                application_security_group_ids=endpoint.application_security_group_ids,
                is_manual_connection=endpoint.is_manual_connection,
                manual_connection_request_message=endpoint.manual_connection_request_message,
                private_dns_zone_group_name=endpoint.private_dns_zone_group_name,
                private_dns_zone_config_names=endpoint.private_dns_zone_config_names,
            ),
            opts=pulumi.ResourceOptions(parent=self),
            after=after,
        )
