"""Private networking: the stack's private DNS zone and an account's private endpoints.

`aoai:network:PrivateDnsZone` creates one `privatelink.openai.azure.com` zone
(`azure-native:privatedns:PrivateZone`) and a `VirtualNetworkLink` per virtual network, once per
stack: two accounts creating the same zone name in one resource group would collide.

`aoai:network:PrivateEndpoint` creates one `azure-native:network:PrivateEndpoint` (group `account`)
and its `PrivateDnsZoneGroup`. Creating an endpoint writes a private endpoint connection on the
account, so the caller passes `after` to run it only once the account's deployments are done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import network, privatedns

from .config.models import private_endpoint_name
from .config.types import parse_resource_id

OPENAI_PRIVATE_DNS_ZONE = "privatelink.openai.azure.com"


def link_name(virtual_network_id: str) -> str:
    """Stable, unique link name: the network's name plus a short hash of its full id."""
    digest = hashlib.sha256(virtual_network_id.lower().encode()).hexdigest()[:8]
    return f"{parse_resource_id(virtual_network_id).name[:70]}-{digest}"


@dataclass
class PrivateDnsZoneArgs:
    resource_group_name: pulumi.Input[str]
    virtual_network_ids: Sequence[str]
    tags: Mapping[str, str] = field(default_factory=dict)


class PrivateDnsZone(pulumi.ComponentResource):
    """The privatelink.openai.azure.com zone, linked to the given virtual networks."""

    zone_id: pulumi.Output[str]

    def __init__(
        self, name: str, args: PrivateDnsZoneArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:network:PrivateDnsZone", name, None, opts)
        zone = privatedns.PrivateZone(
            f"{name}-zone",
            private_zone_name=OPENAI_PRIVATE_DNS_ZONE,
            resource_group_name=args.resource_group_name,
            location="Global",
            tags=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self),
        )
        for vnet_id in sorted(set(args.virtual_network_ids), key=str.lower):
            link = link_name(vnet_id)
            privatedns.VirtualNetworkLink(
                f"{name}-link-{link}",
                private_zone_name=zone.name,
                resource_group_name=args.resource_group_name,
                virtual_network_link_name=link,
                location="Global",
                registration_enabled=False,
                virtual_network=privatedns.SubResourceArgs(id=vnet_id),
                tags=dict(args.tags),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.zone_id = zone.id
        self.register_outputs({"zone_id": self.zone_id})


@dataclass
class PrivateEndpointArgs:
    account_id: pulumi.Input[str]
    account_name: str
    endpoint_key: str
    location: str
    resource_group_name: pulumi.Input[str]
    subnet_id: str
    private_dns_zone_ids: Sequence[pulumi.Input[str]]
    after: Sequence[pulumi.Resource] = ()
    tags: Mapping[str, str] = field(default_factory=dict)


def _zone_config_name(zone_id: str) -> str:
    return parse_resource_id(zone_id).name.replace(".", "-")


class PrivateEndpoint(pulumi.ComponentResource):
    """A private endpoint to an account (group `account`) registered in private DNS."""

    private_endpoint_id: pulumi.Output[str]

    def __init__(
        self, name: str, args: PrivateEndpointArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:network:PrivateEndpoint", name, None, opts)
        endpoint_name = private_endpoint_name(args.account_name, args.endpoint_key)
        endpoint = network.PrivateEndpoint(
            f"{name}-endpoint",
            private_endpoint_name=endpoint_name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            subnet=network.SubnetArgs(id=args.subnet_id),
            private_link_service_connections=[
                network.PrivateLinkServiceConnectionArgs(
                    name=endpoint_name,
                    private_link_service_id=args.account_id,
                    group_ids=["account"],
                )
            ],
            tags=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.after)),
        )
        zone_configs = [
            network.PrivateDnsZoneConfigArgs(
                name=pulumi.Output.from_input(zone_id).apply(_zone_config_name),
                private_dns_zone_id=zone_id,
            )
            for zone_id in args.private_dns_zone_ids
        ]
        network.PrivateDnsZoneGroup(
            f"{name}-dns-zone-group",
            private_dns_zone_group_name="default",
            private_endpoint_name=endpoint.name,
            resource_group_name=args.resource_group_name,
            private_dns_zone_configs=zone_configs,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.private_endpoint_id = endpoint.id
        self.register_outputs({"private_endpoint_id": self.private_endpoint_id})
