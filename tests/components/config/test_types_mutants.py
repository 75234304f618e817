"""config/types.py: the edges and messages `make mutate` showed no test checked.

Each annotated type on both sides of its limits, with the message the user reads, written from the
rule its docstring or comment cites (Azure's naming rules, the REST spec, RFC 1035 and RFC 1918).
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from azure_openai_toolkit.config.placeholders import placeholder
from azure_openai_toolkit.config.types import (
    AccountName,
    ArmName,
    EndpointName,
    EnvironmentName,
    ExtensionName,
    Fqdn,
    Guid,
    IpRule,
    KeyVaultUri,
    LinkName,
    MapKey,
    ModelToken,
    NamePrefix,
    NetworkChildName,
    PrincipalId,
    PrivateDnsZoneId,
    PrivateIpAddress,
    Region,
    Subdomain,
    SubnetId,
    covers_every_public_address,
    parse_resource_id,
    resource_id,
    unless_secret,
)
from tests.components.config.test_types import check
from tests.conftest import SUBNET, VNET, ZONE


def error(kind: Any, value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


LOWER_NAME = (
    "use lower-case letters, digits and single hyphens, starting with a letter and not ending with a "
    "hyphen (got {!r})"
)


class TestLowerNames:
    @pytest.mark.parametrize("value", ["c", "contoso-2", "a" * 24])
    def test_name_prefixes(self, value: str) -> None:
        assert check(NamePrefix, value) == value

    @pytest.mark.parametrize("value", ["2contoso", "Contoso", "contoso-", "con--toso", "con_toso"])
    def test_bad_names(self, value: str) -> None:
        assert error(NamePrefix, value) == LOWER_NAME.format(value)

    def test_each_kind_has_its_length(self) -> None:
        assert error(NamePrefix, "a" * 25) == f"at most 24 characters (got 25: {'a' * 25!r})"
        assert check(EnvironmentName, "e" * 16) == "e" * 16
        assert error(EnvironmentName, "e" * 17) == f"at most 16 characters (got 17: {'e' * 17!r})"


SUBNET_RULE = (
    "must be the resource id of a Microsoft.Network/virtualNetworks/subnets resource, like "
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/virtualNetworks/vnet-apps/subnets/apps"
)


class TestResourceIds:
    def test_not_an_id_at_all(self) -> None:
        assert error(SubnetId, "snet-pe") == f"{SUBNET_RULE} (got 'snet-pe')"

    def test_an_id_with_a_bad_segment_says_which(self) -> None:
        value = SUBNET.replace("snet-pe", "snet?pe")
        assert error(SubnetId, value) == (
            f"{SUBNET_RULE}: the segment 'snet?pe' contains '?', which Azure resource names cannot "
            f"(got {value!r})"
        )

    def test_an_id_of_another_type(self) -> None:
        vnet = SUBNET.rsplit("/subnets/", 1)[0]
        assert error(SubnetId, vnet) == f"{SUBNET_RULE} (got {vnet!r})"

    def test_the_type_is_compared_in_any_case(self) -> None:
        value = SUBNET.replace("virtualNetworks", "VIRTUALNETWORKS")
        assert check(SubnetId, value) == value

    def test_a_secure_id_is_not_read_offline(self) -> None:
        assert check(SubnetId, placeholder(3)) == placeholder(3)

    def test_a_zone_id_must_name_an_account_zone(self) -> None:
        assert check(PrivateDnsZoneId, ZONE) == ZONE
        other = ZONE.replace("privatelink.openai.azure.com", "privatelink.blob.core.windows.net")
        assert error(PrivateDnsZoneId, other) == (
            "the private DNS zone 'privatelink.blob.core.windows.net' is not one an Azure OpenAI or "
            "Foundry endpoint registers in: use privatelink.openai.azure.com (privatelink.openai.azure.us, "
            "privatelink.openai.azure.cn in the US Government and China clouds), and for a Foundry "
            "resource (kind AIServices) also privatelink.cognitiveservices.azure.com and "
            "privatelink.services.ai.azure.com"
        )


GUID = "aaaaaaaa-2222-3333-4444-555555555555"


class TestParseResourceId:
    @pytest.mark.parametrize(
        "value",
        [
            SUBNET + "/extra",  # a type without its name
            "x" + SUBNET,  # something before the leading slash
            SUBNET.replace("/rg-network/", "//"),  # an empty segment
        ],
    )
    def test_malformed_ids(self, value: str) -> None:
        with pytest.raises(ValueError, match=r"^not an ARM resource id$"):
            parse_resource_id(value)

    def test_every_bad_character_of_a_segment_is_named(self) -> None:
        with pytest.raises(ValueError) as caught:
            parse_resource_id(SUBNET.replace("snet-pe", "snet?pe#"))
        assert (
            str(caught.value) == "the segment 'snet?pe#' contains '#' '?', which Azure resource names cannot"
        )

    @pytest.mark.parametrize(
        ("segment", "message"),
        [
            (" snet-pe", "the segment ' snet-pe' contains ' ', which Azure resource names cannot"),
            (  # an ideographic space: not printable, so repr() shows its code
                "snet-pe\u3000",
                "the segment 'snet-pe\\u3000' contains '\\u3000', which Azure resource names cannot",
            ),
        ],
    )
    def test_spaces_at_a_segments_ends_are_named(self, segment: str, message: str) -> None:
        with pytest.raises(ValueError) as caught:
            parse_resource_id(SUBNET.replace("snet-pe", segment))
        assert str(caught.value) == message

    def test_the_subscription_is_lower_cased(self) -> None:
        parsed = parse_resource_id(SUBNET.replace("00000000-0000-0000-0000-000000000000", GUID.upper()))
        assert parsed.subscription_id == GUID


class TestGuids:
    def test_not_a_guid(self) -> None:
        assert error(Guid, "x") == (
            "a GUID like 11111111-2222-3333-4444-555555555555 (an object id from Entra ID) (got 'x')"
        )

    def test_hyphens_in_the_wrong_places(self) -> None:
        value = "aaaaaaa-a2222-3333-4444-555555555555"  # 36 characters, but not 8-4-4-4-12
        assert error(Guid, value) == f"write the GUID in its 8-4-4-4-12 form (got {value!r})"

    def test_no_principal_has_the_all_zero_id(self) -> None:
        assert error(PrincipalId, "00000000-0000-0000-0000-000000000000") == (
            "00000000-0000-0000-0000-000000000000 is no principal's id; use the object id Entra ID shows "
            "for the user, group or service principal (az ad sp show --id <app> --query id)"
        )


class TestPrivateIpAddress:
    @pytest.mark.parametrize("value", ["10.1.2.10", "172.16.0.5", "192.168.1.1"])
    def test_private_ipv4_addresses(self, value: str) -> None:
        assert check(PrivateIpAddress, value) == value

    def test_not_an_address(self) -> None:
        assert (
            error(PrivateIpAddress, "10.1.2")
            == "an IPv4 address from the subnet, like 10.1.2.10 (got '10.1.2')"
        )

    @pytest.mark.parametrize("value", ["8.8.8.8", "127.0.0.1", "169.254.1.1", "fd00::1"])
    def test_public_loopback_link_local_and_ipv6_are_refused(self, value: str) -> None:
        assert error(PrivateIpAddress, value) == (
            f"a private IPv4 address from the endpoint's subnet, like 10.1.2.10 (got {value!r})"
        )


def extension_rule(value: str) -> str:
    return (
        "a name: 1 to 260 characters without < > % & : \\ ? / # * + or quotes, and no leading or "
        f"trailing spaces (got {value!r})"
    )


class TestExtensionNames:
    @pytest.mark.parametrize("value", ["a", "a" * 260, "send to archive", "lock (prod)", "X-ray"])
    def test_names(self, value: str) -> None:
        assert check(ExtensionName, value) == value

    @pytest.mark.parametrize("value", ["", "a" * 261, "a<b", "a+b", 'a"b', " a", "a "])
    def test_bad_names(self, value: str) -> None:
        assert error(ExtensionName, value) == extension_rule(value)


class TestNetworkNames:
    @pytest.mark.parametrize("value", ["pe", "p" * 64, "pe_", "pe.hub-1"])
    def test_endpoint_names(self, value: str) -> None:
        assert check(EndpointName, value) == value

    @pytest.mark.parametrize("value", ["p", "p" * 65, "pe.", "-pe", "p e"])
    def test_bad_endpoint_names(self, value: str) -> None:
        assert error(EndpointName, value) == (
            "2 to 64 letters, digits, '_', '.' and '-', starting with a letter or digit and ending with "
            f"a letter, digit or '_' (got {value!r})"
        )

    def test_child_names_are_1_to_80(self) -> None:
        assert check(NetworkChildName, "n") == "n"
        assert check(NetworkChildName, "n" * 80) == "n" * 80
        assert error(NetworkChildName, "n" * 81).startswith("1 to 80 letters")


class TestLinkNames:
    @pytest.mark.parametrize("value", ["l", "l" * 80, "link_hub.1-a"])
    def test_link_names(self, value: str) -> None:
        assert check(LinkName, value) == value

    @pytest.mark.parametrize("value", ["", "l" * 81, "link.", "-link", "link hub"])
    def test_bad_link_names(self, value: str) -> None:
        assert error(LinkName, value) == (
            "1 to 80 letters, digits, '_', '.' and '-', starting with a letter or digit and not ending "
            f"with '.' (got {value!r})"
        )


class TestFqdns:
    @pytest.mark.parametrize(
        "value",
        [
            "contoso.com",
            "api.contoso.com.",
            "*.contoso.com",
            f"{'a' * 63}.com",
            ("a" * 61 + ".") * 4 + "b" * 5,
        ],
    )
    def test_host_names(self, value: str) -> None:
        assert check(Fqdn, value) == value

    @pytest.mark.parametrize(
        "value", ["contoso", ".contoso.com", f"{'a' * 64}.com", ("a" * 61 + ".") * 4 + "b" * 6]
    )
    def test_bad_host_names(self, value: str) -> None:
        assert error(Fqdn, value) == f"a host name like api.contoso.com (got {value!r})"

    def test_a_wildcard_only_first(self) -> None:
        assert error(Fqdn, "api.*.com") == (
            "a wildcard may only be the first label, like *.contoso.com (got 'api.*.com')"
        )


class TestKeyVaultUri:
    @pytest.mark.parametrize("value", ["https://kv.vault.azure.net/", "https://kv.vault.azure.net"])
    def test_vault_uris(self, value: str) -> None:
        assert check(KeyVaultUri, value) == value

    @pytest.mark.parametrize(
        "value", ["https://vault.net/", "https://kv.vault.azure.net/keys", "kv.vault.azure.net"]
    )
    def test_not_a_vault_uri(self, value: str) -> None:
        assert (
            error(KeyVaultUri, value)
            == f"the key vault URI, like https://kv-contoso.vault.azure.net/ (got {value!r})"
        )

    @pytest.mark.parametrize(
        "value",
        [
            "https://kv.vault.azure.net/?v=1",
            "https://kv.vault.azure.net/#k",
            "https://me@kv.vault.azure.net/",
        ],
    )
    def test_no_query_fragment_or_user(self, value: str) -> None:
        assert error(KeyVaultUri, value) == (
            f"the key vault URI must not carry a query, fragment or user (got {value!r})"
        )


def test_a_private_ip_rule_says_how_to_reach_the_account_instead() -> None:
    assert error(IpRule, "10.0.0.0/8") == (
        "'10.0.0.0/8' is a private or reserved range; IP rules only match public internet addresses. "
        "Reach the account from a virtual network with virtualNetworkRules or a private endpoint instead"
    )


class TestCoversEveryPublicAddress:
    def test_two_halves_cover_everything(self) -> None:
        assert covers_every_public_address(["0.0.0.0/1", "128.0.0.0/1"]) is True
        assert covers_every_public_address(["0.0.0.0/1"]) is False

    def test_secure_and_unreadable_rules_count_as_nothing_but_do_not_stop_the_rest(self) -> None:
        assert covers_every_public_address([placeholder(1), "junk", "0.0.0.0/1", "128.0.0.0/1"]) is True
        assert covers_every_public_address([placeholder(1), "junk"]) is False

    def test_a_rule_with_host_bits_counts_as_its_network(self) -> None:
        assert covers_every_public_address(["1.2.3.4/1", "128.0.0.0/1"]) is True

    def test_one_address_left_out_is_a_gap(self) -> None:
        # Everything but 8.8.8.8: the rules leave exactly one public address out.
        everything = ipaddress.IPv4Network("0.0.0.0/0")
        rest = [str(n) for n in everything.address_exclude(ipaddress.IPv4Network("8.8.8.8/32"))]
        assert covers_every_public_address(rest) is False
        assert covers_every_public_address([*rest, "8.8.8.8"]) is True


ARM_NAME = "2 to 64 characters: letters, digits, '_', '.' and '-', starting with a letter or digit (got {!r})"
MODEL_TOKEN = (
    "letters, digits, '_', '.' and '-', starting with a letter or digit, like gpt-4o or 2024-11-20 (got {!r})"
)
ACCOUNT_NAME = (
    "2 to 64 letters, digits and hyphens, starting and ending with a letter or digit "
    "(Azure's naming rule for Cognitive Services accounts) (got {!r})"
)
SUBDOMAIN = (
    "a DNS label of 2 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or "
    "digit; it becomes https://<subdomain>.openai.azure.com/ (got {!r})"
)
MAP_KEY = (
    "keys are stable logical names: letters, digits, '-' and '_', at most 40 characters, starting with a "
    "letter or digit (got {!r})"
)
REGION = "an Azure region name in lower case without spaces, like swedencentral or eastus2 (got {!r})"


class TestNameLimits:
    """Each name type at both edges of its length and with a character its pattern refuses: the REST
    spec's raiPolicyNameParameter pattern (2 to 64) for deployment and policy names, its
    modelName/modelVersion pattern (1 to 64) for model tokens, Azure's naming rules for Cognitive
    Services accounts (2 to 64), RFC 1035 labels (at most 63) for subdomains."""

    @pytest.mark.parametrize(
        ("kind", "accepted", "refused", "message"),
        [
            (ArmName, ["ab", "a" * 64, "9_a.b-c"], ["a", "a" * 65, "-ab", "a b"], ARM_NAME),
            (ModelToken, ["4", "m" * 64, "2024-11-20"], ["", "m" * 65, ".5", "gpt 4o"], MODEL_TOKEN),
            (AccountName, ["ab", "a" * 64, "A-9"], ["a", "a" * 65, "ab-", "a_b"], ACCOUNT_NAME),
            (Subdomain, ["ab", "s" * 63, "a-9"], ["s", "s" * 64, "Ab", "ab-"], SUBDOMAIN),
            (MapKey, ["k", "k" * 40, "9_k-x", "Primary"], ["", "k" * 41, "_k", "k.x"], MAP_KEY),
            (Region, ["eastus2", "ab"], ["a", "east_us", "2east", "west-europe"], REGION),
        ],
    )
    def test_edges_and_message(
        self, kind: Any, accepted: list[str], refused: list[str], message: str
    ) -> None:
        for value in accepted:
            assert check(kind, value) == value
        for value in refused:
            assert error(kind, value) == message.format(value)


class TestBinders:
    """unless_secret and resource_id run where a module defines its types, at import, where `make
    mutate` cannot switch a mutant on: here they bind a check while the test runs."""

    def test_unless_secret_passes_only_a_placeholder_unchecked(self) -> None:
        def refuse(value: str) -> str:
            raise ValueError(f"checked {value!r}")

        guarded = unless_secret(refuse)
        assert guarded(placeholder(2)) == placeholder(2)
        with pytest.raises(ValueError, match=r"^checked 'vnet-hub'$"):
            guarded("vnet-hub")

    def test_resource_id_binds_its_type_example_and_name_check(self) -> None:
        names: list[str] = []
        kind = resource_id("Microsoft.Network/virtualNetworks", "/subscriptions/.../vnet-apps", names.append)
        assert check(kind, VNET) == VNET
        assert names == ["vnet-hub"]
        assert error(kind, SUBNET) == (
            "must be the resource id of a Microsoft.Network/virtualNetworks resource, like "
            f"/subscriptions/.../vnet-apps (got {SUBNET!r})"
        )
        assert check(kind, placeholder(1)) == placeholder(1)
        assert names == ["vnet-hub"]  # a secure id is not read, so its name is not checked
