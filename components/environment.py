"""One stack's Azure OpenAI environment (`aoai:openai:Environment`).

Creates the resource group (unless it exists), the stack's privatelink.openai.azure.com zone when
any private endpoint asks for one, and one `aoai:openai:Account` per account key. Accounts share
nothing but the group and the zone, so Pulumi deploys them (and their regions) in parallel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import resources

from .account import OpenAIAccount, OpenAIAccountArgs
from .config.models import StackConfig
from .network import PrivateDnsZone, PrivateDnsZoneArgs
from .secret_inputs import secret_inputs, secret_values


@dataclass
class EnvironmentArgs:
    config: StackConfig
    # Region per account key, with every `location: auto` already resolved by placement.
    locations: Mapping[str, str]


class OpenAIEnvironment(pulumi.ComponentResource):
    """Resource group, private DNS and the OpenAI accounts of one stack."""

    resource_group_name: pulumi.Output[str]
    accounts: pulumi.Output[dict[str, dict[str, Any]]]

    def __init__(self, name: str, args: EnvironmentArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        config = args.config
        # Values of secret config keys reach every resource below as secret inputs.
        secrets = secret_values(config, config.secret_keys)
        if secrets:
            opts = pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(transformations=[secret_inputs(secrets)])
            )
        super().__init__("aoai:openai:Environment", name, None, opts)
        tags = config.resource_tags
        group_name: pulumi.Input[str] = config.resource_group_name
        if not config.resource_group.existing:
            group = resources.ResourceGroup(
                f"{name}-resource-group",
                resource_group_name=config.resource_group_name,
                location=config.resource_group.location or config.location or _first(args.locations),
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, protect=config.protected),
            )
            group_name = group.name

        vnets = sorted(
            {
                vnet
                for account in config.accounts.values()
                for endpoint in account.private_endpoints.values()
                if endpoint.create_private_dns_zone
                for vnet in endpoint.create_private_dns_zone.virtual_network_ids
            }
        )
        zone_id: pulumi.Output[str] | None = None
        if vnets:
            zone = PrivateDnsZone(
                f"{name}-private-dns",
                PrivateDnsZoneArgs(resource_group_name=group_name, virtual_network_ids=vnets, tags=tags),
                opts=pulumi.ResourceOptions(parent=self),
            )
            zone_id = zone.zone_id

        self.account_components: dict[str, OpenAIAccount] = {}
        for key in config.accounts:
            self.account_components[key] = OpenAIAccount(
                key,
                OpenAIAccountArgs(
                    config=config.accounts[key],
                    account_name=config.account_name(key),
                    subdomain=config.subdomain(key),
                    location=args.locations[key],
                    resource_group_name=group_name,
                    protect=config.protected,
                    tags=tags,
                    created_private_dns_zone_id=zone_id,
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )

        self.resource_group_name = pulumi.Output.from_input(group_name)
        self.accounts = pulumi.Output.all(
            **{key: _account_outputs(account) for key, account in self.account_components.items()}
        )
        self.register_outputs({"resource_group_name": self.resource_group_name, "accounts": self.accounts})


def _first(locations: Mapping[str, str]) -> str:
    return next(iter(locations.values()))


def _account_outputs(account: OpenAIAccount) -> pulumi.Output[dict[str, Any]]:
    """Per-account stack outputs: name, id, endpoint, principal id, deployments. Never keys."""
    return pulumi.Output.all(
        name=account.account_name,
        id=account.account_id,
        endpoint=account.endpoint,
        principalId=account.principal_id,
        deployments=account.deployments,
    )
