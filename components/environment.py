"""One stack's Azure OpenAI environment (`aoai:openai:Environment`): the stack-file door.

Creates the resource group (unless it exists), the stack's privatelink zones when any private
endpoint asks for them (privatelink.openai.azure.com; for Foundry resources also the
cognitiveservices.azure.com and services.ai.azure.com ones), and one `aoai:openai:Account` per
account key. Accounts share nothing but the group and the zones, so Pulumi deploys them (and
their regions) in parallel.

The config arrives validated; stack_args.py turns it into the same Args any Pulumi program
passes to these components.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import resources

from .account import OpenAIAccount
from .catalog import Catalog
from .config.models import StackConfig
from .network import OPENAI_PRIVATE_DNS_ZONE, PrivateDnsZone
from .stack_args import account_args, private_dns_zone_args


@dataclass
class EnvironmentArgs:
    config: StackConfig
    # Region per account key, with every `location: auto` already resolved by placement.
    locations: Mapping[str, str]
    # The catalog the stack was checked against (ResolvedStack.catalog); each account's region
    # must be one of its regions. Default: the toolkit's snapshot.
    catalog: Catalog | None = None


class OpenAIEnvironment(pulumi.ComponentResource):
    """Resource group, private DNS and the OpenAI accounts of one stack."""

    resource_group_name: pulumi.Output[str]
    accounts: pulumi.Output[dict[str, dict[str, Any]]]

    def __init__(self, name: str, args: EnvironmentArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("aoai:openai:Environment", name, None, opts)
        config = args.config
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

        zone_ids: dict[str, pulumi.Input[str]] = {}
        for zone_name, zone_args in private_dns_zone_args(config, group_name).items():
            zone = PrivateDnsZone(
                zone_component_name(name, zone_name), zone_args, opts=pulumi.ResourceOptions(parent=self)
            )
            zone_ids[zone_name] = zone.zone_id

        self.account_components: dict[str, OpenAIAccount] = {}
        for key in config.accounts:
            self.account_components[key] = OpenAIAccount(
                key,
                account_args(
                    config,
                    key,
                    location=args.locations[key],
                    resource_group_name=group_name,
                    created_zone_ids=zone_ids,
                ),
                opts=pulumi.ResourceOptions(parent=self),
                catalog=args.catalog,
            )

        self.resource_group_name = pulumi.Output.from_input(group_name)
        self.accounts = pulumi.Output.all(
            **{key: _account_outputs(account) for key, account in self.account_components.items()}
        )
        self.register_outputs({"resource_group_name": self.resource_group_name, "accounts": self.accounts})


def zone_component_name(name: str, zone_name: str) -> str:
    """`<name>-private-dns` for the OpenAI zone (its name since before Foundry resources, so its
    URN stays), `<name>-private-dns-<service>` for the others (cognitiveservices, services-ai)."""
    if zone_name == OPENAI_PRIVATE_DNS_ZONE:
        return f"{name}-private-dns"
    service = zone_name.removeprefix("privatelink.").removesuffix(".azure.com").replace(".", "-")
    return f"{name}-private-dns-{service}"


def _first(locations: Mapping[str, str]) -> str:
    return next(iter(locations.values()))


def _account_outputs(account: OpenAIAccount) -> pulumi.Output[dict[str, Any]]:
    """Per-account stack outputs: name, id, kind, endpoint, principal id, deployments and projects.
    Never keys."""
    return pulumi.Output.all(
        name=account.account_name,
        id=account.account_id,
        kind=account.kind,
        endpoint=account.endpoint,
        principalId=account.principal_id,
        deployments=account.deployments,
        projects=account.projects,
    )
