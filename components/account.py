"""An Azure OpenAI account and everything that hangs off it (`aoai:openai:Account`).

Creates the `azure-native:cognitiveservices:Account` (kind OpenAI, sku S0) with its identity,
network rules and encryption, then, as child components: content filters, model deployments,
private endpoints, role assignments, diagnostic settings, and finally the management lock.

Order inside the account, because Azure takes one write at a time on an account (409
RequestConflict otherwise) and a private endpoint fails while the account is still Accepted:
content filters -> deployments one by one -> private endpoints one by one -> lock. The lock comes
last so a ReadOnly lock cannot block the writes before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi_azure_native import authorization
from pulumi_azure_native import cognitiveservices as cs

from .config.models import Account
from .content_filter import ContentFilters, ContentFiltersArgs
from .deployments import ModelDeployments, ModelDeploymentsArgs
from .identity import RoleAssignments, RoleAssignmentsArgs
from .monitoring import DiagnosticSettings, DiagnosticSettingsArgs
from .network import PrivateEndpoint, PrivateEndpointArgs


@dataclass
class OpenAIAccountArgs:
    config: Account
    account_name: str
    subdomain: str | None
    location: str
    resource_group_name: pulumi.Input[str]
    protect: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)
    # The stack's privatelink zone, for endpoints that asked for createPrivateDnsZone.
    created_private_dns_zone_id: pulumi.Input[str] | None = None


def identity_args(config: Account) -> cs.IdentityArgs | None:
    system = config.managed_identities.system_assigned
    user = list(config.managed_identities.user_assigned_resource_ids)
    if system and user:
        return cs.IdentityArgs(
            type=cs.ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED, user_assigned_identities=user
        )
    if system:
        return cs.IdentityArgs(type=cs.ResourceIdentityType.SYSTEM_ASSIGNED)
    if user:
        return cs.IdentityArgs(type=cs.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=user)
    return None


def network_acls_args(config: Account) -> cs.NetworkRuleSetArgs | None:
    acls = config.network_acls
    if acls is None:
        return None
    return cs.NetworkRuleSetArgs(
        default_action=acls.default_action,
        bypass=acls.bypass,
        ip_rules=[cs.IpRuleArgs(value=rule) for rule in acls.ip_rules],
        virtual_network_rules=[
            cs.VirtualNetworkRuleArgs(
                id=rule.subnet_id,
                ignore_missing_vnet_service_endpoint=rule.ignore_missing_service_endpoint,
            )
            for rule in acls.virtual_network_rules
        ],
    )


def encryption_args(config: Account) -> cs.EncryptionArgs | None:
    cmk = config.customer_managed_key
    if cmk is None:
        return None
    return cs.EncryptionArgs(
        key_source=cs.KeySource.MICROSOFT_KEY_VAULT,
        key_vault_properties=cs.KeyVaultPropertiesArgs(
            key_vault_uri=cmk.key_vault_uri,
            key_name=cmk.key_name,
            key_version=cmk.key_version or None,
            identity_client_id=cmk.identity_client_id,
        ),
    )


def account_properties(args: OpenAIAccountArgs) -> cs.AccountPropertiesArgs:
    config = args.config
    return cs.AccountPropertiesArgs(
        custom_sub_domain_name=args.subdomain,
        disable_local_auth=not config.local_auth,
        public_network_access=config.effective_public_network_access,
        network_acls=network_acls_args(config),
        restrict_outbound_network_access=config.restrict_outbound_network_access,
        allowed_fqdn_list=list(config.allowed_fqdns) or None,
        encryption=encryption_args(config),
        restore=config.restore or None,
    )


class OpenAIAccount(pulumi.ComponentResource):
    """One Azure OpenAI account with its filters, deployments, endpoints, access and monitoring."""

    account_name: pulumi.Output[str]
    account_id: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    principal_id: pulumi.Output[str | None]
    deployments: pulumi.Output[dict[str, dict[str, Any]]]

    def __init__(
        self, name: str, args: OpenAIAccountArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:openai:Account", name, None, opts)
        config = args.config
        tags = dict(args.tags)
        account = cs.Account(
            f"{name}-account",
            account_name=args.account_name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            kind="OpenAI",
            sku=cs.SkuArgs(name=config.sku),
            identity=identity_args(config),
            properties=account_properties(args),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.account = account
        filters = ContentFilters(
            f"{name}-content-filters",
            ContentFiltersArgs(
                account_name=account.name,
                resource_group_name=args.resource_group_name,
                policies=config.content_filters,
                tags=tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        deployments = ModelDeployments(
            f"{name}-deployments",
            ModelDeploymentsArgs(
                account_name=account.name,
                resource_group_name=args.resource_group_name,
                deployments=config.deployments,
                after=[filters.last] if filters.last else [],
                tags=tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        last_write: Sequence[pulumi.Resource] = [deployments.last or filters.last or account]
        for key in sorted(config.private_endpoints):
            last_write = [self._private_endpoint(name, key, args, account, last_write)]
        others: list[pulumi.Resource] = []
        if config.role_assignments:
            others.append(
                RoleAssignments(
                    f"{name}-role-assignments",
                    RoleAssignmentsArgs(scope=account.id, assignments=config.role_assignments),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        if config.diagnostic_settings:
            others.append(
                DiagnosticSettings(
                    f"{name}-diagnostics",
                    DiagnosticSettingsArgs(resource_id=account.id, settings=config.diagnostic_settings),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        if config.lock:
            authorization.ManagementLockByScope(
                f"{name}-lock",
                scope=account.id,
                lock_name=f"lock-{args.account_name}",
                level=config.lock,
                notes=f"Protects the Azure OpenAI account {args.account_name}; managed by azure-openai.",
                opts=pulumi.ResourceOptions(parent=self, depends_on=[*last_write, *others]),
            )

        self.account_name = account.name
        self.account_id = account.id
        self.endpoint = account.properties.apply(lambda p: p.endpoint)
        self.principal_id = account.identity.apply(lambda i: i.principal_id if i else None)
        self.deployments = deployments.deployments
        self.register_outputs(
            {
                "account_name": self.account_name,
                "account_id": self.account_id,
                "endpoint": self.endpoint,
                "principal_id": self.principal_id,
                "deployments": self.deployments,
            }
        )

    def _private_endpoint(
        self,
        name: str,
        key: str,
        args: OpenAIAccountArgs,
        account: cs.Account,
        after: Sequence[pulumi.Resource],
    ) -> PrivateEndpoint:
        endpoint = args.config.private_endpoints[key]
        zones: list[pulumi.Input[str]] = list(endpoint.private_dns_zone_ids)
        if endpoint.create_private_dns_zone is not None:
            if args.created_private_dns_zone_id is None:
                raise ValueError(
                    f"private endpoint {key!r} asks for createPrivateDnsZone but no zone id was passed"
                )
            zones = [args.created_private_dns_zone_id]
        return PrivateEndpoint(
            f"{name}-private-endpoint-{key}",
            PrivateEndpointArgs(
                account_id=account.id,
                account_name=args.account_name,
                endpoint_key=key,
                location=endpoint.location or args.location,
                resource_group_name=args.resource_group_name,
                subnet_id=endpoint.subnet_id,
                private_dns_zone_ids=zones,
                after=after,
                tags=args.tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
