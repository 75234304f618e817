"""Private DNS zone (once per stack) and private endpoints (group `account`)."""

from __future__ import annotations

from pulumi_azure_native import resources

from azure_openai_toolkit.network import (
    PrivateDnsZone,
    PrivateDnsZoneArgs,
    PrivateEndpoint,
    PrivateEndpointArgs,
    link_name,
)
from tests.conftest import SUBNET, VNET, ZONE, names_of, registrations_of, run_components

ACCOUNT_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/acct"
)


def test_zone_is_privatelink_openai_and_linked_to_each_network() -> None:
    other = VNET.replace("vnet-hub", "vnet-spoke")
    run = run_components(
        lambda: PrivateDnsZone(
            "env-dns", PrivateDnsZoneArgs(resource_group_name="rg", virtual_network_ids=[VNET, other, VNET])
        )
    )
    zone = run.by_type("azure-native:privatedns:PrivateZone")[0]
    assert zone.inputs == {
        "privateZoneName": "privatelink.openai.azure.com",
        "resourceGroupName": "rg",
        "location": "Global",
        "tags": {},
    }
    links = run.by_type("azure-native:privatedns:VirtualNetworkLink")
    assert sorted(link.inputs["virtualNetwork"]["id"] for link in links) == sorted([VNET, other])
    for link in links:
        assert link.inputs["registrationEnabled"] is False
        assert link.inputs["privateZoneName"] == "privatelink.openai.azure.com"
        assert link.inputs["virtualNetworkLinkName"] == link_name(link.inputs["virtualNetwork"]["id"])


def test_link_names_are_stable_and_distinct_for_same_named_networks() -> None:
    elsewhere = VNET.replace("rg-network", "rg-other")
    assert link_name(VNET) == link_name(VNET)
    assert link_name(VNET).startswith("vnet-hub-")
    assert link_name(VNET) != link_name(elsewhere)


def build_endpoint() -> None:
    before = resources.ResourceGroup("last-deployment", resource_group_name="rg", location="swedencentral")
    PrivateEndpoint(
        "primary-private-endpoint-hub",
        PrivateEndpointArgs(
            account_id=ACCOUNT_ID,
            account_name="acct",
            endpoint_key="hub",
            location="westeurope",
            resource_group_name="rg",
            subnet_id=SUBNET,
            private_dns_zone_ids=[ZONE],
            after=[before],
        ),
    )


def test_endpoint_targets_the_account_group_and_waits_for_the_last_write() -> None:
    run = run_components(build_endpoint)
    endpoint = registrations_of(run, "azure-native:network:PrivateEndpoint")[
        "primary-private-endpoint-hub-endpoint"
    ]
    assert endpoint.inputs["privateEndpointName"] == "pe-acct-hub"
    assert endpoint.inputs["location"] == "westeurope"
    assert endpoint.inputs["subnet"]["id"] == SUBNET
    assert endpoint.inputs["privateLinkServiceConnections"] == [
        {"name": "pe-acct-hub", "privateLinkServiceId": ACCOUNT_ID, "groupIds": ["account"]}
    ]
    assert names_of(run, endpoint.dependencies) == ["last-deployment"]


def test_dns_zone_group_registers_the_endpoint_in_the_zone() -> None:
    run = run_components(build_endpoint)
    group = run.by_type("azure-native:network:PrivateDnsZoneGroup")[0]
    assert group.inputs["privateEndpointName"] == "pe-acct-hub"
    assert group.inputs["privateDnsZoneGroupName"] == "default"
    assert group.inputs["privateDnsZoneConfigs"] == [
        {"name": "privatelink-openai-azure-com", "privateDnsZoneId": ZONE}
    ]
