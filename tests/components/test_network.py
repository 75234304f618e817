"""Private DNS zone (once per stack) and private endpoints (group `account`)."""

from __future__ import annotations

import hashlib

from pulumi_azure_native import resources

from azure_openai_toolkit import PrivateDnsZone, PrivateDnsZoneArgs, PrivateEndpoint, PrivateEndpointArgs
from azure_openai_toolkit.network import link_name
from tests.conftest import SUBNET, VNET, ZONE, names_of, registrations_of, run_components

ACCOUNT_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/acct"
)


def test_zone_is_privatelink_openai_and_linked_to_each_network() -> None:
    other = VNET.replace("vnet-hub", "vnet-spoke")
    run = run_components(
        lambda: PrivateDnsZone(
            "env-dns",
            PrivateDnsZoneArgs(resource_group_name="rg", virtual_networks={"hub": VNET, "spoke": other}),
        )
    )
    zone = run.by_type("azure-native:privatedns:PrivateZone")[0]
    assert zone.inputs == {
        "privateZoneName": "privatelink.openai.azure.com",
        "resourceGroupName": "rg",
        "location": "Global",
        "tags": {},
    }
    links = registrations_of(run, "azure-native:privatedns:VirtualNetworkLink")
    assert sorted(links) == ["env-dns-link-hub", "env-dns-link-spoke"]
    assert links["env-dns-link-hub"].inputs == {
        "privateZoneName": "privatelink.openai.azure.com",
        "resourceGroupName": "rg",
        "virtualNetworkLinkName": "hub",
        "location": "Global",
        "registrationEnabled": False,
        "virtualNetwork": {"id": VNET},
        "tags": {},
    }
    assert links["env-dns-link-spoke"].inputs["virtualNetwork"] == {"id": other}


def test_another_privatelink_zone_can_be_named() -> None:
    run = run_components(
        lambda: PrivateDnsZone(
            "env-dns",
            PrivateDnsZoneArgs(
                resource_group_name="rg",
                virtual_networks={"hub": VNET},
                zone_name="privatelink.cognitiveservices.azure.com",
            ),
        )
    )
    zone = run.by_type("azure-native:privatedns:PrivateZone")[0]
    assert zone.inputs["privateZoneName"] == "privatelink.cognitiveservices.azure.com"


def test_link_names_are_stable_and_distinct_for_same_named_networks() -> None:
    elsewhere = VNET.replace("rg-network", "rg-other")
    # The network's name and the first 8 hex digits of sha256 of its lower-cased id.
    assert link_name(VNET) == "vnet-hub-" + hashlib.sha256(VNET.lower().encode()).hexdigest()[:8]
    assert link_name(VNET.upper().replace("VNET-HUB", "vnet-hub")) == link_name(VNET)
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
        ),
        after=[before],
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
