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
from functools import partial
from typing import Protocol

import pulumi
from pulumi_azure_native import network, privatedns

from .args import ArgsBase, check_args, known_str, lift, rule
from .config import models
from .config.rules import (
    PYTHON_ARGS,
    Violation,
    endpoint_name_rules,
    manual_connection_rules,
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
# The private link group (sub-resource) of a Cognitive Services account.
ACCOUNT_GROUP = "account"
# What Azure sets on an endpoint itself (the connection's id and approval state, the DNS entries it
# lists), and the subnet's own policies the provider's SubnetArgs adds with defaults although a
# reference to a subnet carries its id only: ignored, so an endpoint Azure reports them for (or
# one adopted with `pulumi import`, pulumi-azure-native#1845) is not updated, nor replaced, over them.
ENDPOINT_SET_BY_AZURE = (
    "subnet.privateEndpointNetworkPolicies",
    "subnet.privateLinkServiceNetworkPolicies",
    "customDnsConfigs",
    "privateLinkServiceConnections[*].id",
    "privateLinkServiceConnections[*].privateLinkServiceConnectionState",
    "manualPrivateLinkServiceConnections[*].id",
    "manualPrivateLinkServiceConnections[*].privateLinkServiceConnectionState",
)


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
class PrivateEndpointIpConfiguration(ArgsBase):
    """A static private address of a private endpoint."""

    _contract = models.PrivateEndpointIpConfiguration

    name: str
    """Name of the IP configuration."""
    private_ip_address: pulumi.Input[str]
    """The static private address, from the endpoint's subnet."""
    member_name: str | None = None
    """Member of the account's 'account' group. Default: default."""


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
    name: pulumi.Input[str] | None = None
    """Endpoint name. Default: pe-<account_name>-<endpoint_key>."""
    private_link_service_connection_name: pulumi.Input[str] | None = None
    """Name of the endpoint's connection to the account. Default: the endpoint name."""
    custom_network_interface_name: pulumi.Input[str] | None = None
    """Name of the endpoint's network interface. Default: chosen by Azure."""
    ip_configurations: Sequence[PrivateEndpointIpConfiguration] | None = None
    """Static private IP addresses. Default: Azure assigns one from the subnet."""
    application_security_group_ids: Sequence[pulumi.Input[str]] | None = None
    """Application security groups the endpoint's network interface joins."""
    is_manual_connection: bool | None = None
    """The connection waits for approval by the account's owner. Default: false."""
    manual_connection_request_message: str | None = None
    """Message shown to the approver (at most 140 characters)."""
    private_dns_zone_group_name: str | None = None
    """Name of the endpoint's DNS zone group. Default: default."""
    private_dns_zone_config_names: Mapping[str, str] | None = None
    """Names of the zone group's entries by zone id. Default: the zone name with dashes."""

    def _violations(self) -> list[Violation]:
        found = endpoint_violations(self)
        account_name = known_str(self.account_name)
        if account_name is not None and self.name is None:
            for _, message in endpoint_name_rules(account_name, [self.endpoint_key]):
                found.append((("endpoint_key",), message))
        return found


class EndpointSettings(Protocol):
    """What the endpoint rules read, the same on AccountPrivateEndpoint and PrivateEndpointArgs."""

    @property
    def private_dns_zone_ids(self) -> Sequence[pulumi.Input[str]]: ...
    @property
    def is_manual_connection(self) -> bool | None: ...
    @property
    def manual_connection_request_message(self) -> str | None: ...
    @property
    def private_dns_zone_config_names(self) -> Mapping[str, str] | None: ...


def endpoint_violations(endpoint: EndpointSettings) -> list[Violation]:
    """The contract's endpoint rules on the plain values of either endpoint Args."""
    found = private_dns_rules(
        PYTHON_ARGS, has_zone_ids=bool(endpoint.private_dns_zone_ids), creates_zone=False
    )
    found += manual_connection_rules(
        PYTHON_ARGS,
        manual=bool(endpoint.is_manual_connection),
        has_message=endpoint.manual_connection_request_message is not None,
    )
    zones = {zone.lower() for zone in map(known_str, endpoint.private_dns_zone_ids) if zone is not None}
    unknown = len(zones) != len(endpoint.private_dns_zone_ids)
    for zone in endpoint.private_dns_zone_config_names or {}:
        if not unknown and zone.lower() not in zones:
            found.append(
                (
                    ("private_dns_zone_config_names",),
                    f"{zone!r} is not one of private_dns_zone_ids; name only the zones the endpoint uses",
                )
            )
    return found


def _zone_config_name(given: Mapping[str, str], zone_id: str) -> str:
    """The zone group entry's name: given by zone id, else the zone name with dashes."""
    return given.get(zone_id.lower()) or parse_resource_id(zone_id).name.replace(".", "-")


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
        endpoint_name: pulumi.Input[str] = (
            args.name
            if args.name is not None
            else lift(lambda account: private_endpoint_name(account, args.endpoint_key), args.account_name)
        )
        connection = network.PrivateLinkServiceConnectionArgs(
            name=args.private_link_service_connection_name or endpoint_name,
            private_link_service_id=args.account_id,
            group_ids=[ACCOUNT_GROUP],
            request_message=args.manual_connection_request_message if args.is_manual_connection else None,
        )
        manual = bool(args.is_manual_connection)
        endpoint = network.PrivateEndpoint(
            f"{name}-endpoint",
            private_endpoint_name=endpoint_name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            subnet=network.SubnetArgs(id=args.subnet_id),
            private_link_service_connections=None if manual else [connection],
            manual_private_link_service_connections=[connection] if manual else None,
            custom_network_interface_name=args.custom_network_interface_name,
            ip_configurations=[
                network.PrivateEndpointIPConfigurationArgs(
                    name=ip.name,
                    group_id=ACCOUNT_GROUP,
                    member_name=ip.resolved("member_name"),
                    private_ip_address=ip.private_ip_address,
                )
                for ip in args.ip_configurations or []
            ]
            or None,
            application_security_groups=[
                network.ApplicationSecurityGroupArgs(id=group)
                for group in args.application_security_group_ids or []
            ]
            or None,
            tags=dict(args.tags or {}) or None,
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=list(after), ignore_changes=list(ENDPOINT_SET_BY_AZURE)
            ),
        )
        names = {zone.lower(): config for zone, config in (args.private_dns_zone_config_names or {}).items()}
        zone_configs = [
            network.PrivateDnsZoneConfigArgs(
                name=pulumi.Output.from_input(zone_id).apply(partial(_zone_config_name, names)),
                private_dns_zone_id=zone_id,
            )
            for zone_id in args.private_dns_zone_ids
        ]
        network.PrivateDnsZoneGroup(
            f"{name}-dns-zone-group",
            private_dns_zone_group_name=args.resolved("private_dns_zone_group_name"),
            private_endpoint_name=endpoint.name,
            resource_group_name=args.resource_group_name,
            private_dns_zone_configs=zone_configs,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.private_endpoint_id = endpoint.id
        self.register_outputs({"private_endpoint_id": self.private_endpoint_id})
