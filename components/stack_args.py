"""The stack-file door: a validated StackConfig turned into the components' Args.

The stack config is parsed and checked once, at the edge (config/loading.py, resolve.py); this
module only reshapes it. Field names are the same on both sides, so an account's config becomes
OpenAIAccountArgs by name (`build`), apart from what the stack file derives: the account name and
subdomain, the region placement chose, the resource group, protection, the stack's tags, and the
privatelink zones the stack creates for endpoints that ask for them (one for an OpenAI account,
the three a Foundry resource answers on for kind AIServices: config/foundry_rules.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .account_args import OpenAIAccountArgs
from .args import build
from .config.foundry_rules import PRIVATE_DNS_ZONES
from .config.models import Account, PrivateEndpoint, StackConfig
from .network import OPENAI_PRIVATE_DNS_ZONE, PrivateDnsZoneArgs, link_name
from .secret_inputs import accounts_secret, hidden, with_secrets

# Account keys of the stack file that are not the account's own settings: they are resolved by
# the stack (placement -> location, name -> account_name) or, for endpoints and deployments,
# rebuilt below (createPrivateDnsZone) or used only by the offline catalog check.
STACK_ONLY: dict[str, Any] = {
    "location": True,
    "placement": True,
    "name": True,
    "private_endpoints": True,
    "deployments": {"__all__": {"skip_catalog_check"}},
}


def created_zone_networks(config: StackConfig) -> list[str]:
    """Virtual networks to link to the stack's own privatelink zone (createPrivateDnsZone)."""
    return sorted(
        {
            vnet
            for account in config.accounts.values()
            for endpoint in account.private_endpoints.values()
            if endpoint.create_private_dns_zone
            for vnet in endpoint.create_private_dns_zone.virtual_network_ids
        },
        key=str.lower,
    )


def created_zone_names(config: StackConfig) -> list[str]:
    """The privatelink zones the stack creates: those of every account whose endpoints ask."""
    zones = {
        zone
        for account in config.accounts.values()
        if any(e.create_private_dns_zone for e in account.private_endpoints.values())
        for zone in PRIVATE_DNS_ZONES[account.kind]
    }
    # The OpenAI zone first: it is the one stacks created before Foundry resources existed.
    return sorted(zones, key=lambda zone: (zone != OPENAI_PRIVATE_DNS_ZONE, zone))


def private_dns_zone_args(
    config: StackConfig, resource_group_name: pulumi.Input[str]
) -> dict[str, PrivateDnsZoneArgs]:
    """The stack's privatelink zones by zone name, each linked to every network that asked."""
    networks = created_zone_networks(config)
    return {
        zone: PrivateDnsZoneArgs(
            resource_group_name=resource_group_name,
            virtual_networks={
                link_name(vnet): hidden(vnet) if accounts_secret(config) else vnet for vnet in networks
            },
            zone_name=None if zone == OPENAI_PRIVATE_DNS_ZONE else zone,
            tags=config.resource_tags,
        )
        for zone in created_zone_names(config)
    }


def account_args(
    config: StackConfig,
    key: str,
    *,
    location: str,
    resource_group_name: pulumi.Input[str],
    created_zone_ids: Mapping[str, pulumi.Input[str]],
) -> OpenAIAccountArgs:
    """OpenAIAccountArgs for `accounts.<key>`, with everything the stack file derives resolved."""
    account = config.accounts[key]
    data = account.model_dump(exclude=STACK_ONLY)
    if accounts_secret(config):  # secret config values reach the Args as secret Outputs
        data = with_secrets(data, Account)
    data.update(
        account_name=config.account_name(key),
        custom_subdomain=config.subdomain(key),
        disable_custom_subdomain=account.subdomain_disabled,
        location=location,
        resource_group_name=resource_group_name,
        protect=config.protected,
        # The stack's tags go on everything; the account's own on the account and its endpoints.
        tags=config.resource_tags,
        account_tags=account.tags,
        role_assignment_naming=config.role_assignment_naming,
        lock=account.lock.kind if account.lock else None,
        lock_name=account.lock.name if account.lock else None,
        lock_notes=account.lock.notes if account.lock else None,
        private_endpoints=_endpoints(config, key, location, created_zone_ids),
    )
    return build(OpenAIAccountArgs, data)


def _endpoints(
    config: StackConfig, key: str, location: str, created_zone_ids: Mapping[str, pulumi.Input[str]]
) -> dict[str, Mapping[str, Any]]:
    endpoints: dict[str, Mapping[str, Any]] = {}
    account = config.accounts[key]
    for endpoint_key, endpoint in account.private_endpoints.items():
        zones: list[pulumi.Input[str]] = list(endpoint.private_dns_zone_ids)
        if endpoint.create_private_dns_zone is not None:
            missing = [z for z in PRIVATE_DNS_ZONES[account.kind] if z not in created_zone_ids]
            if missing:
                raise ValueError(
                    f"private endpoint {endpoint_key!r} asks for createPrivateDnsZone "
                    f"but no id was passed for {', '.join(missing)}"
                )
            zones = [created_zone_ids[zone] for zone in PRIVATE_DNS_ZONES[account.kind]]
        data = endpoint.model_dump(exclude={"create_private_dns_zone"})
        data.update(
            location=config.endpoint_location(key, endpoint_key, location).location,
            private_dns_zone_ids=zones,
        )
        if accounts_secret(config):  # the endpoint's ids and addresses that may be secret
            data = with_secrets(data, PrivateEndpoint)
        endpoints[endpoint_key] = data
    return endpoints
