"""Private DNS zone (once per stack) and private endpoints (group `account`)."""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi
from pulumi_azure_native import resources

from azure_openai_toolkit import PrivateDnsZone, PrivateDnsZoneArgs, PrivateEndpoint, PrivateEndpointArgs
from azure_openai_toolkit.network import link_name
from tests.components.test_args import messages, refused
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


def test_zone_and_links_carry_the_tags_given() -> None:
    run = run_components(
        lambda: PrivateDnsZone(
            "env-dns",
            PrivateDnsZoneArgs(resource_group_name="rg", virtual_networks={"hub": VNET}, tags={"env": "dev"}),
        )
    )
    assert run.by_type("azure-native:privatedns:PrivateZone")[0].inputs["tags"] == {"env": "dev"}
    assert run.by_type("azure-native:privatedns:VirtualNetworkLink")[0].inputs["tags"] == {"env": "dev"}
    component = run.by_type("aoai:network:PrivateDnsZone")[0]
    assert {r.parent for r in run.registrations if r.custom} == {component.urn}


def test_an_endpoint_with_only_what_it_needs_sends_nothing_else() -> None:
    run = run_components(build_endpoint)
    endpoint = registrations_of(run, "azure-native:network:PrivateEndpoint")[
        "primary-private-endpoint-hub-endpoint"
    ]
    assert endpoint.inputs == {
        "privateEndpointName": "pe-acct-hub",
        "resourceGroupName": "rg",
        "location": "westeurope",
        # azure-native's SubnetArgs adds its defaults; ARM reads only the id of a referenced subnet.
        "subnet": {
            "id": SUBNET,
            "privateEndpointNetworkPolicies": "Disabled",
            "privateLinkServiceNetworkPolicies": "Enabled",
        },
        "privateLinkServiceConnections": [
            {"name": "pe-acct-hub", "privateLinkServiceId": ACCOUNT_ID, "groupIds": ["account"]}
        ],
    }
    # What Azure sets itself (and the subnet's policies above) never cause an update.
    assert endpoint.ignore_changes == [
        "subnet.privateEndpointNetworkPolicies",
        "subnet.privateLinkServiceNetworkPolicies",
        "customDnsConfigs",
        "privateLinkServiceConnections[*].id",
        "privateLinkServiceConnections[*].privateLinkServiceConnectionState",
        "manualPrivateLinkServiceConnections[*].id",
        "manualPrivateLinkServiceConnections[*].privateLinkServiceConnectionState",
    ]
    component = run.by_type("aoai:network:PrivateEndpoint")[0]
    group = run.by_type("azure-native:network:PrivateDnsZoneGroup")[0]
    assert endpoint.parent == group.parent == component.urn
    assert group.inputs["resourceGroupName"] == "rg"


def endpoint_args(**changes: Any) -> PrivateEndpointArgs:
    values: dict[str, Any] = {
        "account_id": ACCOUNT_ID,
        "account_name": "acct",
        "endpoint_key": "hub",
        "location": "westeurope",
        "resource_group_name": "rg",
        "subnet_id": SUBNET,
        "private_dns_zone_ids": [ZONE],
        **changes,
    }
    return PrivateEndpointArgs(**values)


def test_a_default_endpoint_name_over_azures_limit_is_refused_unless_a_name_is_given() -> None:
    account = "a" * 60  # pe-<60 a>-hub: 67 characters, Azure allows 64
    error, run = refused(lambda: PrivateEndpoint("pe", endpoint_args(account_name=account)))
    assert messages(error) == {
        "PrivateEndpointArgs.endpoint_key": f"the endpoint would be named 'pe-{account}-hub' (67 characters, "
        "Azure allows 64); use a shorter key or account name, or set its name"
    }
    assert run.registrations == []
    named = run_components(lambda: PrivateEndpoint("pe", endpoint_args(account_name=account, name="pe-hub")))
    assert named.by_type("azure-native:network:PrivateEndpoint")[0].inputs["privateEndpointName"] == "pe-hub"


def test_zone_config_names_must_name_zones_of_the_endpoint() -> None:
    other = ZONE.replace("privatelink.openai", "privatelink.cognitiveservices")
    error, _ = refused(
        lambda: PrivateEndpoint("pe", endpoint_args(private_dns_zone_config_names={other: "cognitive"}))
    )
    assert messages(error) == {
        "PrivateEndpointArgs.private_dns_zone_config_names": f"{other!r} is not one of private_dns_zone_ids; "
        "name only the zones the endpoint uses"
    }


def test_zone_config_names_are_matched_to_zone_ids_without_case() -> None:
    names = {ZONE.upper(): "openai"}
    run = run_components(lambda: PrivateEndpoint("pe", endpoint_args(private_dns_zone_config_names=names)))
    group = run.by_type("azure-native:network:PrivateDnsZoneGroup")[0]
    assert group.inputs["privateDnsZoneConfigs"] == [{"name": "openai", "privateDnsZoneId": ZONE}]


def test_zone_config_names_are_not_judged_against_zone_ids_not_known_yet() -> None:
    other = ZONE.replace("privatelink.openai", "privatelink.cognitiveservices")

    def build() -> None:
        group = resources.ResourceGroup("network", resource_group_name="rg-net", location="swedencentral")
        zone = group.id.apply(lambda _: other)
        PrivateEndpoint(
            "pe",
            endpoint_args(private_dns_zone_ids=[ZONE, zone], private_dns_zone_config_names={other: "cog"}),
        )

    run = run_components(build)
    group = run.by_type("azure-native:network:PrivateDnsZoneGroup")[0]
    assert group.inputs["privateDnsZoneConfigs"] == [
        {"name": "privatelink-openai-azure-com", "privateDnsZoneId": ZONE},
        {"name": "cog", "privateDnsZoneId": other},
    ]


def test_the_zone_component_takes_the_options_it_is_given() -> None:
    def program() -> None:
        group = pulumi.ComponentResource("test:index:Group", "group")
        PrivateDnsZone(
            "env-dns",
            PrivateDnsZoneArgs(resource_group_name="rg", virtual_networks={"hub": VNET}),
            pulumi.ResourceOptions(parent=group),
        )

    run = run_components(program)
    (group,) = run.by_type("test:index:Group")
    assert run.by_type("aoai:network:PrivateDnsZone")[0].parent == group.urn


def test_a_request_message_needs_a_manual_connection() -> None:
    error, _ = refused(
        lambda: PrivateEndpoint("pe", endpoint_args(manual_connection_request_message="Please approve"))
    )
    assert messages(error) == {
        "PrivateEndpointArgs.manual_connection_request_message": "manual_connection_request_message is "
        "only sent with is_manual_connection=True"
    }


@pulumi.runtime.test
def test_the_endpoint_id_is_the_output(pulumi_mocks: Any) -> pulumi.Output[None]:
    endpoint = PrivateEndpoint("pe", endpoint_args())

    def check(endpoint_id: str) -> None:
        assert endpoint_id.endswith(
            "/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-acct-hub"
        )

    return endpoint.private_endpoint_id.apply(check)
