"""The annotated types parse values instead of pattern-matching them loosely."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from azure_openai_toolkit.config.types import (
    Fqdn,
    Guid,
    IpRule,
    KeyVaultUri,
    Subdomain,
    SubnetId,
    parse_resource_id,
)
from tests.conftest import SUBNET, VNET, problem_list, problems_of, with_changes


def check(kind: Any, value: object) -> str:
    return str(TypeAdapter(kind).validate_python(value))


def error(kind: Any, value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    return str(caught.value.errors()[0]["msg"])


@pytest.mark.parametrize("value", ["203.0.113.0/24", "198.51.100.7", "20.0.0.0/8", "8.8.8.8"])
def test_public_ipv4_rules_are_accepted(value: str) -> None:
    assert check(IpRule, value) == value


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("10.0.0.0/8", "private or reserved"),
        ("172.16.4.0/24", "private or reserved"),
        ("192.168.1.1", "private or reserved"),
        ("127.0.0.1", "private or reserved"),
        ("203.0.113.9/32", "/31 and /32 ranges are not supported"),
        ("203.0.113.8/31", "/31 and /32 ranges are not supported"),
        ("203.0.113.9/24", "write the network address 203.0.113.0/24"),
        ("2001:db8::/32", "IPv4 only"),
        ("203.0.113.0/33", "a public IPv4 address"),
        ("not-an-ip", "a public IPv4 address"),
    ],
)
def test_bad_ip_rules_say_why(value: str, fragment: str) -> None:
    assert fragment in error(IpRule, value)


def test_resource_ids_are_parsed_into_parts() -> None:
    parsed = parse_resource_id(SUBNET)
    assert parsed.subscription_id == "00000000-0000-0000-0000-000000000000"
    assert parsed.resource_group == "rg-network"
    assert parsed.full_type == "Microsoft.Network/virtualNetworks/subnets"
    assert parsed.names == ("vnet-hub", "snet-pe")


@pytest.mark.parametrize(
    "value",
    [
        VNET,  # the network, not a subnet
        SUBNET.replace("00000000-0000-0000-0000-000000000000", "my-subscription"),  # not a GUID
        SUBNET.replace("/resourceGroups/", "/resourcegroup/"),
        SUBNET + "/",  # empty trailing segment
        "subnets/snet-pe",
    ],
)
def test_wrong_or_malformed_subnet_ids_are_refused(value: str) -> None:
    assert "must be the resource id of a Microsoft.Network/virtualNetworks/subnets" in error(SubnetId, value)


def test_resource_id_type_match_ignores_case_like_arm() -> None:
    value = SUBNET.replace("Microsoft.Network", "microsoft.network")
    assert check(SubnetId, value) == value


def test_guid_is_normalised_to_lower_case() -> None:
    assert check(Guid, "AAAAAAAA-2222-3333-4444-555555555555") == "aaaaaaaa-2222-3333-4444-555555555555"
    assert "8-4-4-4-12" in error(Guid, "{aaaaaaaa-2222-3333-4444-555555555555}")


@pytest.mark.parametrize("value", ["Contoso", "-contoso", "contoso-", "c", "a" * 65, "con.toso"])
def test_bad_subdomains(value: str) -> None:
    assert "DNS label" in error(Subdomain, value)


@pytest.mark.parametrize("value", ["api.contoso.com", "*.contoso.com"])
def test_fqdns(value: str) -> None:
    assert check(Fqdn, value) == value


@pytest.mark.parametrize("value", ["contoso", "api.*.com", "http://api.contoso.com"])
def test_bad_fqdns(value: str) -> None:
    assert error(Fqdn, value)


def test_key_vault_uri() -> None:
    assert check(KeyVaultUri, "https://kv.vault.azure.net/")
    assert "key vault URI" in error(KeyVaultUri, "http://kv.vault.azure.net/")
    assert "key vault URI" in error(KeyVaultUri, "https://kv.vault.azure.net/keys/aoai")


class TestRegionDisplayNames:
    """Portals and `az account list-locations` show "West Europe" where ARM takes "westeurope"."""

    RULE = "an Azure region name in lower case without spaces, like swedencentral or eastus2"

    @pytest.mark.parametrize(
        ("written", "meant"),
        [("West Europe", "westeurope"), ("East US 2", "eastus2"), ("SwedenCentral", "swedencentral")],
    )
    def test_a_display_name_points_to_the_region_name(self, written: str, meant: str) -> None:
        assert problems_of(with_changes(lambda d: d.update(location=written))) == {
            "location": f"{self.RULE} (got {written!r}); did you mean {meant!r}?"
        }

    @pytest.mark.parametrize("written", ["west-europe", "west_europe", "2 east"])
    def test_no_guess_when_removing_spaces_does_not_make_a_region_name(self, written: str) -> None:
        assert problems_of(with_changes(lambda d: d.update(location=written))) == {
            "location": f"{self.RULE} (got {written!r})"
        }

    def test_an_account_location_gets_the_region_rule_alone_not_also_the_auto_literal(self) -> None:
        # Region | Literal["auto"]: pydantic reports both members; the user meant a region.
        data = with_changes(lambda d: d["accounts"]["primary"].update(location="West Europe"))
        assert [(p.path, p.message) for p in problem_list(data)] == [
            ("accounts.primary.location", f"{self.RULE} (got 'West Europe'); did you mean 'westeurope'?")
        ]

    def test_a_union_after_another_problem_still_gets_one_problem(self) -> None:
        data = with_changes(
            lambda d: (
                d.update(namePrefix="Contoso!"),
                d["accounts"]["primary"].update(location="West Europe"),
            )
        )
        at_location = [p.message for p in problem_list(data) if p.path == "accounts.primary.location"]
        assert at_location == [f"{self.RULE} (got 'West Europe'); did you mean 'westeurope'?"]

    def test_an_account_location_close_to_auto_gets_the_auto_literal_alone(self) -> None:
        data = with_changes(lambda d: d["accounts"]["primary"].update(location="Auto"))
        assert [(p.path, p.message) for p in problem_list(data)] == [
            ("accounts.primary.location", "must be one of auto (got str 'Auto'); did you mean 'auto'?")
        ]
