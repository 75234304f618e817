"""Names, ids and numbers by Azure's rules (the stricter of the REST spec and Microsoft's naming
rules, cited in components/config/types.py); the expected messages are written from those rules."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from azure_openai_toolkit.config.stack_file import namespace_suggestion
from azure_openai_toolkit.config.types import (
    AccountName,
    IpRule,
    PrincipalId,
    PrivateDnsZoneId,
    Subdomain,
    SubnetId,
    covers_every_public_address,
)
from tests.conftest import SUBNET, problems_of, with_changes

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"


def error(kind: Any, value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    return str(caught.value.errors()[0]["msg"])


def accepted(kind: Any, value: object) -> bool:
    TypeAdapter(kind).validate_python(value)
    return True


def primary(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["accounts"]["primary"]
    return account


# Accounts: "Alphanumerics and hyphens. Start and end with alphanumeric", 2-64 (naming rules);
# the REST spec also allows '_' and '.', so the naming rules win.
@pytest.mark.parametrize("name", ["contoso-dev-", "-contoso", "contoso_dev", "contoso.dev", "a", "x" * 65])
def test_account_names_azure_refuses(name: str) -> None:
    assert "2 to 64 letters, digits and hyphens, starting and ending with a letter or digit" in error(
        AccountName, name
    )


@pytest.mark.parametrize("name", ["ab", "contoso-dev-primary", "A1", "x" * 64])
def test_account_names_azure_takes(name: str) -> None:
    assert accepted(AccountName, name)


def test_a_default_name_from_a_key_with_an_underscore_is_refused_where_it_comes_from() -> None:
    data = with_changes(lambda d: d["accounts"].update(my_key=d["accounts"].pop("primary")))
    problems = problems_of(data)
    assert "the default name <namePrefix>-<environment>-<key> is invalid" in problems["accounts.my_key.name"]
    assert (
        "the default subdomain (the account name in lower case) is invalid"
        in problems["accounts.my_key.customSubdomain"]
    )


# Subdomains are the first DNS label of <subdomain>.openai.azure.com: at most 63 (RFC 1035).
def test_subdomains_stop_at_63_characters() -> None:
    assert accepted(Subdomain, "a" * 63)
    assert "a DNS label of 2 to 63" in error(Subdomain, "a" * 64)


def test_a_64_character_account_name_needs_its_own_subdomain() -> None:
    problems = problems_of(with_changes(lambda d: primary(d).update(name="a" * 64)))
    assert list(problems) == ["accounts.primary.customSubdomain"]


def test_capacity_is_a_32_bit_integer_as_the_rest_spec_says() -> None:
    def change(d: dict[str, Any]) -> None:
        primary(d)["deployments"]["chat"]["capacity"] = 99999999999999999999999999

    message = problems_of(with_changes(change))["accounts.primary.deployments.chat.capacity"]
    assert message == (
        "must be at most 2,147,483,647 (got 99999999999999999999999999); Azure takes a 32-bit integer here"
    )


def test_key_vault_key_names_are_ascii() -> None:
    def change(d: dict[str, Any]) -> None:
        identity = f"{SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/id"
        primary(d).update(
            managedIdentities={"userAssignedResourceIds": [identity]},
            customerManagedKey={
                "keyVaultUri": "https://kv-contoso.vault.azure.net/",
                "keyName": "clé-ключ",
                "userAssignedIdentityResourceId": identity,
                "identityClientId": "11111111-2222-3333-4444-555555555555",
            },
        )

    assert (
        "1 to 127 ASCII letters, digits and '-'"
        in problems_of(with_changes(change))["accounts.primary.customerManagedKey.keyName"]
    )


@pytest.mark.parametrize("segment", ["v?x=1", "v#frag", "v%41", "v\\w", "v x", "v\tx", " v"])
def test_resource_ids_with_characters_arm_cannot_route_are_refused(segment: str) -> None:
    value = f"{SUB}/Microsoft.Network/virtualNetworks/{segment}/subnets/s"
    assert "which Azure resource names cannot" in error(SubnetId, value)


def test_a_private_dns_zone_must_be_one_an_account_registers_in() -> None:
    for zone in (
        "privatelink.openai.azure.com",
        "privatelink.openai.azure.us",
        "privatelink.openai.azure.cn",
        "privatelink.cognitiveservices.azure.com",
        "privatelink.services.ai.azure.com",
    ):
        assert accepted(PrivateDnsZoneId, f"{SUB}/Microsoft.Network/privateDnsZones/{zone}")
    wrong = f"{SUB}/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
    assert "is not one an Azure OpenAI or Foundry endpoint registers in" in error(PrivateDnsZoneId, wrong)


def test_the_all_zero_guid_is_no_principal() -> None:
    assert "is no principal's id" in error(PrincipalId, "00000000-0000-0000-0000-000000000000")
    assert accepted(PrincipalId, "11111111-2222-3333-4444-555555555555")


@pytest.mark.parametrize(
    "rule", ["100.64.0.0/10", "100.100.1.1", "240.0.0.0/4", "255.255.255.255", "198.18.0.0/15"]
)
def test_ip_rules_no_internet_client_can_match_are_refused(rule: str) -> None:
    assert "is a private or reserved range" in error(IpRule, rule)


@pytest.mark.parametrize(
    ("rules", "everyone"),
    [
        (["0.0.0.0/1", "128.0.0.0/1"], True),
        (["0.0.0.0/0"], True),
        (["0.0.0.0/1"], False),
        (["203.0.113.0/24"], False),
        (["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/3"], True),
        (["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"], True),  # 224/3 is multicast and reserved
        (["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/4"], False),  # 208.0.0.0/4 is left out
    ],
)
def test_rules_that_admit_every_public_address(rules: list[str], everyone: bool) -> None:
    assert covers_every_public_address(rules) is everyone


def test_an_allow_list_of_everyone_is_an_error_on_protected_stacks() -> None:
    def change(d: dict[str, Any]) -> None:
        d["protect"] = True
        primary(d)["networkAcls"] = {"ipRules": ["0.0.0.0/1", "128.0.0.0/1"]}

    assert (
        "let every public IPv4 address in"
        in problems_of(with_changes(change))["accounts.primary.networkAcls.ipRules"]
    )


def test_more_than_30_accounts_in_one_region_cannot_deploy() -> None:
    def change(d: dict[str, Any]) -> None:
        chat = primary(d)["deployments"]
        d["accounts"] = {f"a{i}": {"deployments": chat} for i in range(31)}

    assert "31 accounts in swedencentral: Azure allows 30" in problems_of(with_changes(change))["accounts"]


@pytest.mark.parametrize(
    ("namespace", "ours"),
    [
        ("azure_openai", True),
        ("azure-opneai", True),
        ("azure-openai-", True),
        ("Azure-OpenAI", True),
        ("аzure-openai", True),  # a Cyrillic а
        ("azureopenai", True),
        ("azure-native", False),
        ("azure", False),
        ("azuread", False),
        ("pulumi", False),
        ("openai", False),
    ],
)
def test_namespaces_that_look_like_ours(namespace: str, ours: bool) -> None:
    assert namespace_suggestion(namespace) is ours


def test_subnet_fixture_is_still_accepted() -> None:
    assert accepted(SubnetId, SUBNET)
