"""Private networking: a private DNS zone for accounts, and an account's private endpoints.

`aoai:network:PrivateDnsZone` creates one `privatelink.openai.azure.com` zone
(`azure-native:privatedns:PrivateZone`) and a `VirtualNetworkLink` per virtual network. Create it
once per resource group and share it: two zones of the same name in one group would collide.

`aoai:network:PrivateEndpoint` creates one `azure-native:network:PrivateEndpoint` (group `account`)
and its `PrivateDnsZoneGroup`. Creating an endpoint writes a private endpoint connection on the
account, so the caller passes `after` to run it only once the account's other writes are done.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import network, privatedns

from .args import ArgsBase, check_args, known_str, lift, rule
from .config import models
from .config.rules import (
    PYTHON_ARGS,
    Violation,
    endpoint_name_rules,
    private_dns_rules,
    private_endpoint_name,
)
from .config.types import (
    ArmName,
    CognitiveServicesAccountId,
    Fqdn,
    LinkName,
    MapKey,
    Region,
    VirtualNetworkId,
    parse_resource_id,
)

OPENAI_PRIVATE_DNS_ZONE = "privatelink.openai.azure.com"


def link_name(virtual_network_id: str) -> str:
    """Stable, unique link name: the network's name plus a short hash of its full id."""
    digest = hashlib.sha256(virtual_network_id.lower().encode()).hexdigest()[:8]
    return f"{parse_resource_id(virtual_network_id).name[:70]}-{digest}"


@dataclass(kw_only=True, frozen=True)
class PrivateDnsZoneArgs(ArgsBase):
    """Arguments of PrivateDnsZone."""

    resource_group_name: pulumi.Input[str] = field(metadata=rule(models.ResourceGroupName))
    """Resource group the zone is created in."""
    virtual_networks: Mapping[str, pulumi.Input[str]] = field(metadata=rule(dict[LinkName, VirtualNetworkId]))
    """Virtual networks to link, by link name (the link's name in Azure and in Pulumi)."""
    zone_name: str | None = field(default=None, metadata=rule(Fqdn))
    """Zone to create. Default: privatelink.openai.azure.com, the zone Azure OpenAI endpoints use."""
    tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of the zone and its links."""


class PrivateDnsZone(pulumi.ComponentResource):
    """A privatelink zone, linked to virtual networks, that private endpoints register in."""

    TYPE = "aoai:network:PrivateDnsZone"

    zone_id: pulumi.Output[str]
    """Resource id of the zone, for private_dns_zone_ids."""

    def __init__(
        self, name: str, args: PrivateDnsZoneArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        zone = privatedns.PrivateZone(
            f"{name}-zone",
            private_zone_name=args.zone_name or OPENAI_PRIVATE_DNS_ZONE,
            resource_group_name=args.resource_group_name,
            location="Global",
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        for link in args.virtual_networks:  # independent of each other: the given order
            privatedns.VirtualNetworkLink(
                f"{name}-link-{link}",
                private_zone_name=zone.name,
                resource_group_name=args.resource_group_name,
                virtual_network_link_name=link,
                location="Global",
                registration_enabled=False,
                virtual_network=privatedns.SubResourceArgs(id=args.virtual_networks[link]),
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.zone_id = zone.id
        self.register_outputs({"zone_id": self.zone_id})


@dataclass(kw_only=True, frozen=True)
class PrivateEndpointArgs(ArgsBase):
    """Arguments of PrivateEndpoint."""

    _contract = models.PrivateEndpoint

    account_id: pulumi.Input[str] = field(metadata=rule(CognitiveServicesAccountId))
    """Resource id of the account the endpoint connects to."""
    account_name: pulumi.Input[str] = field(metadata=rule(ArmName))
    """Name of that account; the endpoint is named pe-<account_name>-<endpoint_key>."""
    endpoint_key: str = field(metadata=rule(MapKey))
    """Stable name of this endpoint among the account's endpoints."""
    location: pulumi.Input[str] = field(metadata=rule(Region))
    """Region of the subnet's virtual network."""
    resource_group_name: pulumi.Input[str] = field(metadata=rule(models.ResourceGroupName))
    """Resource group the endpoint is created in."""
    subnet_id: pulumi.Input[str]
    """Subnet the endpoint's network interface goes in."""
    private_dns_zone_ids: Sequence[pulumi.Input[str]]
    """privatelink.openai.azure.com zones to register the endpoint in."""
    tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of the endpoint."""

    def _violations(self) -> list[Violation]:
        found = private_dns_rules(
            PYTHON_ARGS, has_zone_ids=bool(self.private_dns_zone_ids), creates_zone=False
        )
        account_name = known_str(self.account_name)
        if account_name is not None:
            for _, message in endpoint_name_rules(account_name, [self.endpoint_key]):
                found.append((("endpoint_key",), message))
        return found


def _zone_config_name(zone_id: str) -> str:
    return parse_resource_id(zone_id).name.replace(".", "-")


class PrivateEndpoint(pulumi.ComponentResource):
    """A private endpoint to an account (group `account`) registered in private DNS."""

    TYPE = "aoai:network:PrivateEndpoint"

    private_endpoint_id: pulumi.Output[str]
    """Resource id of the private endpoint."""

    def __init__(
        self,
        name: str,
        args: PrivateEndpointArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the account the endpoint must wait for (its deployments)."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        endpoint_name = lift(
            lambda account: private_endpoint_name(account, args.endpoint_key), args.account_name
        )
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
            tags=dict(args.tags or {}),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(after)),
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
