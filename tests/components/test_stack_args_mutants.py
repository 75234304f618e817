"""The stack-file door's reshaping (stack_args.py): what `make mutate` showed no test checked.

The privatelink zones a stack creates (one for an OpenAI account, the three a Foundry resource
answers on: cognitiveservices, openai, services.ai; configure-private-link.md), the order they
are created in (the OpenAI zone first: stacks created before Foundry resources have only it), and
the account's settings the stack file derives, each written from the contract by hand.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi
import pytest

from azure_openai_toolkit.config import StackConfig
from azure_openai_toolkit.network import link_name
from azure_openai_toolkit.stack_args import (
    account_args,
    created_zone_names,
    created_zone_networks,
    private_dns_zone_args,
)
from tests.conftest import SUBNET, parse

NETWORKS = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
ALPHA = NETWORKS + "Microsoft.Network/virtualNetworks/alpha"
ZETA = NETWORKS + "Microsoft.Network/virtualNetworks/Zeta"  # upper case: sorts after alpha, without case
OPENAI = "privatelink.openai.azure.com"
COGNITIVE = "privatelink.cognitiveservices.azure.com"
SERVICES_AI = "privatelink.services.ai.azure.com"
TAGS = {"managed-by": "azure-openai", "environment": "dev"}


def creating(*networks: str, **fields: Any) -> dict[str, Any]:
    """An account whose endpoint asks the stack to create its zones, linked to `networks`."""
    endpoint = {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": list(networks)}}
    return {"deployments": {}, "privateEndpoints": {"hub": endpoint}, **fields}


def config(**accounts: dict[str, Any]) -> StackConfig:
    return parse(
        {"namePrefix": "contoso", "environment": "dev", "location": "swedencentral", "accounts": accounts}
    )


def test_an_openai_account_gets_the_openai_zone_only() -> None:
    stack = config(chat=creating(ALPHA))
    assert created_zone_names(stack) == [OPENAI]
    zones = private_dns_zone_args(stack, "rg-contoso")
    assert list(zones) == [OPENAI]
    assert zones[OPENAI].zone_name is None  # the component's default: privatelink.openai.azure.com
    assert zones[OPENAI].resource_group_name == "rg-contoso"
    assert zones[OPENAI].tags == TAGS


def test_a_foundry_resource_gets_its_three_zones_the_openai_zone_first() -> None:
    stack = config(chat=creating(ALPHA), agents=creating(ALPHA, kind="AIServices"))
    assert created_zone_names(stack) == [OPENAI, COGNITIVE, SERVICES_AI]
    zones = private_dns_zone_args(stack, "rg-contoso")
    assert {name: args.zone_name for name, args in zones.items()} == {
        OPENAI: None,
        COGNITIVE: COGNITIVE,
        SERVICES_AI: SERVICES_AI,
    }
    # The Foundry zones alone: still the openai zone first, not alphabetical (cognitiveservices).
    assert created_zone_names(config(agents=creating(ALPHA, kind="AIServices")))[0] == OPENAI


def test_accounts_whose_endpoints_name_their_zones_create_none() -> None:
    named = {
        "subnetId": SUBNET,
        "privateDnsZoneIds": [NETWORKS + "Microsoft.Network/privateDnsZones/" + OPENAI],
    }
    stack = config(chat={"deployments": {}, "privateEndpoints": {"hub": named}})
    assert created_zone_names(stack) == []
    assert created_zone_networks(stack) == []
    assert private_dns_zone_args(stack, "rg") == {}


def test_every_zone_links_every_network_once_in_order_without_case() -> None:
    stack = config(chat=creating(ZETA, ALPHA), agents=creating(ALPHA, kind="AIServices"))
    assert created_zone_networks(stack) == [ALPHA, ZETA]
    for args in private_dns_zone_args(stack, "rg").values():
        assert args.virtual_networks == {link_name(ALPHA): ALPHA, link_name(ZETA): ZETA}


def test_secret_accounts_link_their_networks_as_secrets() -> None:
    stack = config(chat=creating(ALPHA)).marked_secret(["accounts"])

    async def linked() -> tuple[bool, str | None]:
        network = private_dns_zone_args(stack, "rg")[OPENAI].virtual_networks[link_name(ALPHA)]
        assert isinstance(network, pulumi.Output)
        return await network.is_secret(), await network.future()

    assert asyncio.run(linked()) == (True, ALPHA)


def test_an_endpoint_creating_its_zones_registers_in_the_ids_it_is_given_in_the_kinds_order() -> None:
    stack = config(agents=creating(ALPHA, kind="AIServices"))
    ids = {OPENAI: "id-openai", COGNITIVE: "id-cognitive", SERVICES_AI: "id-services-ai"}
    args = account_args(
        stack, "agents", location="francecentral", resource_group_name="rg", created_zone_ids=ids
    )
    hub = (args.private_endpoints or {})["hub"]
    # Nothing says where the network is: the endpoint goes to the account's region.
    assert hub.location == "francecentral"
    assert hub.private_dns_zone_ids == [
        "id-cognitive",
        "id-openai",
        "id-services-ai",
    ]
    with pytest.raises(ValueError) as caught:
        account_args(
            stack,
            "agents",
            location="swedencentral",
            resource_group_name="rg",
            created_zone_ids={OPENAI: "x"},
        )
    assert str(caught.value) == (
        f"private endpoint 'hub' asks for createPrivateDnsZone but no id was passed for {COGNITIVE}, "
        f"{SERVICES_AI}"
    )


def test_the_account_gets_what_the_stack_file_derives() -> None:
    account = {
        "customSubdomain": "contoso-chat-eu",
        "tags": {"app": "chat"},
        "lock": {"kind": "CanNotDelete", "name": "keep-chat", "notes": "shared by three teams"},
        "deployments": {},
    }
    stack = parse(
        {
            "namePrefix": "contoso",
            "environment": "dev",
            "location": "swedencentral",
            "roleAssignmentNaming": "azure",
            "accounts": {"chat": account},
        }
    )
    args = account_args(
        stack, "chat", location="francecentral", resource_group_name="rg", created_zone_ids={}
    )
    assert (args.account_name, args.custom_subdomain, args.disable_custom_subdomain) == (
        "contoso-dev-chat",
        "contoso-chat-eu",
        False,
    )
    assert (args.location, args.resource_group_name, args.protect) == ("francecentral", "rg", False)
    assert args.tags == TAGS
    assert args.account_tags == {"app": "chat"}
    assert args.role_assignment_naming == "azure"
    assert (args.lock, args.lock_name, args.lock_notes) == (
        "CanNotDelete",
        "keep-chat",
        "shared by three teams",
    )
