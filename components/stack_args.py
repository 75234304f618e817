"""The stack-file door: a validated StackConfig turned into the components' Args.

The stack config is parsed and checked once, at the edge (config/loading.py, resolve.py); this
module only reshapes it. Field names are the same on both sides, so an account's config becomes
OpenAIAccountArgs by name (`build`), apart from what the stack file derives: the account name and
subdomain, the region placement chose, the resource group, protection, the stack's tags, and the
privatelink zone the stack creates for endpoints that ask for one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .account_args import OpenAIAccountArgs
from .args import build
from .config.models import Account, StackConfig
from .network import PrivateDnsZoneArgs, link_name
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


def private_dns_zone_args(
    config: StackConfig, resource_group_name: pulumi.Input[str]
) -> PrivateDnsZoneArgs | None:
    """The stack's privatelink zone, if any endpoint asked for it to be created."""
    networks = created_zone_networks(config)
    if not networks:
        return None
    return PrivateDnsZoneArgs(
        resource_group_name=resource_group_name,
        virtual_networks={
            link_name(vnet): hidden(vnet) if accounts_secret(config) else vnet for vnet in networks
        },
        tags=config.resource_tags,
    )


def account_args(
    config: StackConfig,
    key: str,
    *,
    location: str,
    resource_group_name: pulumi.Input[str],
    created_zone_id: pulumi.Input[str] | None,
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
        private_endpoints=_endpoints(config, key, location, created_zone_id),
    )
    return build(OpenAIAccountArgs, data)


def _endpoints(
    config: StackConfig, key: str, location: str, created_zone_id: pulumi.Input[str] | None
) -> dict[str, Mapping[str, Any]]:
    endpoints: dict[str, Mapping[str, Any]] = {}
    for endpoint_key, endpoint in config.accounts[key].private_endpoints.items():
        zones: list[pulumi.Input[str]] = list(endpoint.private_dns_zone_ids)
        if endpoint.create_private_dns_zone is not None:
            if created_zone_id is None:
                raise ValueError(
                    f"private endpoint {endpoint_key!r} asks for createPrivateDnsZone "
                    "but no zone id was passed"
                )
            zones = [created_zone_id]
        data = endpoint.model_dump(exclude={"create_private_dns_zone"})
        data.update(
            location=config.endpoint_location(key, endpoint_key, location).location,
            private_dns_zone_ids=zones,
        )
        if accounts_secret(config):
            data.update(
                subnet_id=hidden(endpoint.subnet_id),
                private_dns_zone_ids=[hidden(z) if isinstance(z, str) else z for z in zones],
            )
        endpoints[endpoint_key] = data
    return endpoints
