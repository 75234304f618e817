"""config/models.py: the rules `make mutate` showed no test checked.

Each value rule with the case on both sides of its edge (Azure's naming limits, the contract's
shorthands), the stack-wide rule that endpoints of one virtual network share its region, and where
an endpoint is placed; expected paths and messages written from the rules as docs/configuration.md,
docs/migration.md ("Regions") and the docstrings state them.
"""

from __future__ import annotations

from typing import Any

import pytest

from azure_openai_toolkit.config import parse_raw
from azure_openai_toolkit.config.models import (
    EndpointRegion,
    effective_log_category_groups,
    virtual_network_of,
)
from azure_openai_toolkit.config.placeholders import placeholder
from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    WORKSPACE,
    ZONE,
    base_config,
    engine_raw,
    parse,
    problems_of,
    with_changes,
)

RG = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network"
)
HUB = f"{RG}/virtualNetworks/vnet-hub"
SPOKE = f"{RG}/virtualNetworks/vnet-spoke"
KEY_VERSION_RULE = (
    'a key version is the 32 hex characters at the end of the key identifier, or "" for the current '
    "version (got {!r})"
)


def primary(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["accounts"]["primary"]
    return account


def with_key(**key: str) -> dict[str, Any]:
    """The base config with a customer-managed key read by an attached user-assigned identity."""
    cmk = {
        "keyVaultUri": "https://kv.vault.azure.net/",
        "keyName": "k",
        "userAssignedIdentityResourceId": IDENTITY,
        "identityClientId": PRINCIPAL,
        **key,
    }
    return with_changes(
        lambda d: primary(d).update(
            customerManagedKey=cmk, managedIdentities={"userAssignedResourceIds": [IDENTITY]}
        )
    )


class TestKeyVersion:
    @pytest.mark.parametrize("version", ["", "0123456789abcdef0123456789ABCDEF", "f" * 32])
    def test_the_current_version_or_32_hex_characters_are_accepted(self, version: str) -> None:
        key = parse(with_key(keyVersion=version)).accounts["primary"].customer_managed_key
        assert key is not None and key.key_version == version

    @pytest.mark.parametrize(
        "version", ["f" * 31, "f" * 33, "g" * 32, "X" * 32, "0123456789abcdef0123456789abcde-"]
    )
    def test_anything_else_is_refused(self, version: str) -> None:
        problems = problems_of(with_key(keyVersion=version))
        assert problems == {
            "accounts.primary.customerManagedKey.keyVersion": KEY_VERSION_RULE.format(version)
        }

    def test_a_secure_version_is_not_read_offline(self) -> None:
        key = parse(with_key(keyVersion=placeholder(1))).accounts["primary"].customer_managed_key
        assert key is not None and key.key_version == placeholder(1)


class TestKeyName:
    @pytest.mark.parametrize("name", ["k", "k" * 127, "cmk-2024-01", "A-9"])
    def test_one_to_127_ascii_letters_digits_and_hyphens(self, name: str) -> None:
        key = parse(with_key(keyName=name)).accounts["primary"].customer_managed_key
        assert key is not None and key.key_name == name

    @pytest.mark.parametrize("name", ["k" * 128, "", "cmk_1", "clé", "a.b"])
    def test_anything_else_is_refused(self, name: str) -> None:
        assert problems_of(with_key(keyName=name)) == {
            "accounts.primary.customerManagedKey.keyName": "key vault key names are 1 to 127 ASCII "
            f"letters, digits and '-' (got {name!r})"
        }


def with_diagnostics(**setting: Any) -> dict[str, Any]:
    return with_changes(
        lambda d: primary(d).update(
            diagnosticSettings={"central": {"workspaceResourceId": WORKSPACE, **setting}}
        )
    )


class TestLogCategories:
    @pytest.mark.parametrize(
        "category", ["Audit", "RequestResponse", "AzureOpenAIRequestUsage", "Trace_2", "A", "A" * 100]
    )
    def test_category_names_are_accepted(self, category: str) -> None:
        setting = parse(with_diagnostics(logCategories=[category])).accounts["primary"].diagnostic_settings
        assert setting["central"].log_categories == [category]

    @pytest.mark.parametrize("category", ["", "A" * 101, "Request-Response", "Audit Logs"])
    def test_anything_else_is_refused(self, category: str) -> None:
        assert problems_of(with_diagnostics(logCategories=[category])) == {
            "accounts.primary.diagnosticSettings.central.logCategories[0]": "a log category name of the "
            f"account, like Audit, RequestResponse or Trace (got {category!r})"
        }

    def test_groups_sent_default_to_all_logs_unless_single_categories_are_given(self) -> None:
        assert effective_log_category_groups(None, []) == ["allLogs"]
        assert effective_log_category_groups(None, ["Audit"]) == []
        assert effective_log_category_groups(["audit"], ["Trace"]) == ["audit"]
        assert effective_log_category_groups([], []) == []
        setting = parse(with_diagnostics()).accounts["primary"].diagnostic_settings["central"]
        assert setting.effective_log_category_groups == ["allLogs"]


class TestManualConnectionMessage:
    def endpoint(self, message: str) -> dict[str, Any]:
        pe = {
            "subnetId": f"{HUB}/subnets/snet-pe",
            "privateDnsZoneIds": [ZONE],
            "isManualConnection": True,
            "manualConnectionRequestMessage": message,
        }
        return with_changes(lambda d: primary(d).update(privateEndpoints={"hub": pe}))

    def test_at_most_140_characters(self) -> None:
        endpoint = parse(self.endpoint("m" * 140)).accounts["primary"].private_endpoints["hub"]
        assert endpoint.manual_connection_request_message == "m" * 140
        path = "accounts.primary.privateEndpoints.hub.manualConnectionRequestMessage"
        assert problems_of(self.endpoint("m" * 141)) == {path: "at most 140 characters (got 141)"}


class TestLockShorthand:
    def test_a_mapping_states_kind_name_and_notes(self) -> None:
        data = with_changes(
            lambda d: primary(d).update(lock={"kind": "CanNotDelete", "name": "keep", "notes": "prod data"})
        )
        lock = parse(data).accounts["primary"].lock
        assert lock is not None and (lock.kind, lock.name, lock.notes) == (
            "CanNotDelete",
            "keep",
            "prod data",
        )

    def test_a_wrong_level_names_the_levels_and_the_close_one(self) -> None:
        data = with_changes(lambda d: primary(d).update(lock="readonly"))
        assert problems_of(data) == {
            "accounts.primary.lock": "must be one of CanNotDelete, ReadOnly (got str 'readonly'); "
            "did you mean 'ReadOnly'?"
        }

    def test_neither_a_level_nor_a_mapping(self) -> None:
        data = with_changes(lambda d: primary(d).update(lock=["CanNotDelete"]))
        assert problems_of(data) == {
            "accounts.primary.lock": "CanNotDelete, ReadOnly, or a mapping {kind, name, notes} (got a list)"
        }


def test_built_in_policy_names_are_reserved_with_the_fix() -> None:
    data = with_changes(lambda d: primary(d).update(contentFilters={"Microsoft.Strict": {}}))
    assert problems_of(data) == {
        "accounts.primary.contentFilters.Microsoft.Strict": "key 'Microsoft.Strict': names starting with "
        "'Microsoft.' are reserved for built-in policies (got 'Microsoft.Strict'); pick your own name, "
        "or reference the built-in from a deployment's contentFilter"
    }


class TestVirtualNetworkOf:
    def test_the_subnet_id_without_its_subnet(self) -> None:
        assert virtual_network_of(f"{HUB}/subnets/snet-pe") == HUB

    def test_the_segment_name_is_matched_in_any_case(self) -> None:
        # ARM ids are case-insensitive: an id copied from a tool that writes /Subnets/ is the same id.
        assert virtual_network_of(f"{HUB}/Subnets/snet-pe") == HUB

    def test_the_last_subnets_segment_counts(self) -> None:
        # A network may be named "subnets"; the subnet segment is the last one.
        vnet = f"{RG}/virtualNetworks/subnets"
        assert virtual_network_of(f"{vnet}/subnets/a") == vnet

    def test_an_id_without_a_subnet_is_returned_as_it_is(self) -> None:
        assert virtual_network_of(HUB) == HUB
        assert virtual_network_of("/subnets/a") == ""


def endpoint(vnet: str, **fields: Any) -> dict[str, Any]:
    return {"subnetId": f"{vnet}/subnets/snet-pe", "privateDnsZoneIds": [ZONE], **fields}


def stack(accounts: dict[str, dict[str, Any]], **top: Any) -> dict[str, Any]:
    """The base config with these accounts (each with the base account's deployment)."""
    data = base_config()
    chat = primary(data)["deployments"]
    data["accounts"] = {key: {"deployments": chat, **account} for key, account in accounts.items()}
    data.update(top)
    return data


class TestEndpointLocation:
    def test_its_own_location_first(self) -> None:
        config = parse(
            stack(
                {"primary": {"privateEndpoints": {"hub": endpoint(HUB, location="westeurope")}}},
                networkRegions={HUB: "westeurope"},
            )
        )
        assert config.endpoint_location("primary", "hub", "swedencentral") == EndpointRegion(
            "westeurope", "given"
        )

    def test_then_its_networks_region_in_any_case(self) -> None:
        config = parse(
            stack(
                {"primary": {"privateEndpoints": {"hub": endpoint(HUB)}}},
                networkRegions={HUB.upper(): "northeurope"},
            )
        )
        assert config.endpoint_location("primary", "hub", "swedencentral") == EndpointRegion(
            "northeurope", "networkRegions"
        )

    def test_then_the_location_another_endpoint_states_for_the_same_network(self) -> None:
        config = parse(
            stack(
                {
                    "primary": {"privateEndpoints": {"hub": endpoint(HUB.upper())}},
                    "spoke": {"privateEndpoints": {"spoke": endpoint(SPOKE, location="francecentral")}},
                    "second": {"privateEndpoints": {"hub": endpoint(HUB, location="westeurope")}},
                }
            )
        )
        assert config.endpoint_location("primary", "hub", "swedencentral") == EndpointRegion(
            "westeurope", "another endpoint"
        )

    def test_else_the_accounts_region(self) -> None:
        config = parse(
            stack(
                {
                    "primary": {"privateEndpoints": {"hub": endpoint(HUB)}},
                    "spoke": {"privateEndpoints": {"spoke": endpoint(SPOKE, location="francecentral")}},
                },
                networkRegions={SPOKE: "francecentral"},
            )
        )
        assert config.endpoint_location("primary", "hub", "swedencentral") == EndpointRegion(
            "swedencentral", "account"
        )


def split_network(*regions: str) -> str:
    """The message for endpoints of vnet-hub that would land in these (region, endpoint) places."""
    return (
        "the endpoints of virtual network vnet-hub would be placed in different regions ("
        + "; ".join(regions)
        + "), but a network has one region and an endpoint must be in it: set networkRegions for "
        "the network (or this endpoint's location)"
    )


def pe_location(key: str, endpoint_key: str = "hub") -> str:
    return f"accounts.{key}.privateEndpoints.{endpoint_key}.location"


class TestEndpointsOfOneNetworkShareItsRegion:
    def test_endpoints_placed_by_their_accounts_regions_are_refused_each(self) -> None:
        data = stack(
            {
                "primary": {"privateEndpoints": {"hub": endpoint(HUB)}},
                "second": {"location": "westeurope", "privateEndpoints": {"hub": endpoint(HUB)}},
            }
        )
        where = split_network(
            "swedencentral: accounts.primary.privateEndpoints.hub",
            "westeurope: accounts.second.privateEndpoints.hub",
        )
        assert problems_of(data) == {pe_location("primary"): where, pe_location("second"): where}

    def test_endpoints_that_state_different_regions_for_one_network_are_refused_each(self) -> None:
        # "first" states nothing: it follows the first endpoint that states a region for the
        # network (primary's), and is not what is wrong.
        data = stack(
            {
                "first": {"privateEndpoints": {"hub": endpoint(HUB)}},
                "primary": {"privateEndpoints": {"hub": endpoint(HUB, location="westeurope")}},
                "second": {"privateEndpoints": {"hub": endpoint(HUB, location="northeurope")}},
            }
        )
        where = (
            "the endpoints of virtual network vnet-hub would be placed in different regions ("
            "northeurope: accounts.second.privateEndpoints.hub; westeurope: "
            "accounts.first.privateEndpoints.hub, accounts.primary.privateEndpoints.hub), but a network "
            "has one region and an endpoint must be in it: state the network's region once, in "
            "networkRegions, and remove the endpoints' locations (or make them agree)"
        )
        assert problems_of(data) == {pe_location("primary"): where, pe_location("second"): where}

    def test_an_endpoint_location_that_contradicts_network_regions_is_refused(self) -> None:
        data = stack(
            {"primary": {"privateEndpoints": {"hub": endpoint(HUB, location="westeurope")}}},
            networkRegions={HUB: "northeurope"},
        )
        assert problems_of(data) == {
            pe_location("primary"): (
                "the endpoints of virtual network vnet-hub would be placed in different regions ("
                "westeurope: accounts.primary.privateEndpoints.hub; networkRegions: northeurope), but a "
                "network has one region and an endpoint must be in it: state the network's region once, "
                "in networkRegions, and remove the endpoints' locations (or make them agree)"
            )
        }

    def test_stated_regions_that_agree_are_accepted(self) -> None:
        parse(
            stack(
                {
                    "primary": {"privateEndpoints": {"hub": endpoint(HUB, location="westeurope")}},
                    "second": {"privateEndpoints": {"hub": endpoint(HUB.upper(), location="westeurope")}},
                    "third": {"privateEndpoints": {"hub": endpoint(HUB)}},
                },
                networkRegions={HUB: "westeurope"},
            )
        )

    def test_each_network_is_judged_on_its_own(self) -> None:
        data = stack(
            {
                "primary": {"privateEndpoints": {"spoke": endpoint(SPOKE)}},
                "second": {"location": "westeurope", "privateEndpoints": {"hub": endpoint(HUB)}},
                "third": {"location": "francecentral", "privateEndpoints": {"hub": endpoint(HUB)}},
            }
        )
        where = split_network(
            "francecentral: accounts.third.privateEndpoints.hub",
            "westeurope: accounts.second.privateEndpoints.hub",
        )
        assert problems_of(data) == {pe_location("second"): where, pe_location("third"): where}

    def test_endpoints_of_different_networks_may_be_in_different_regions(self) -> None:
        parse(
            stack(
                {
                    "primary": {"privateEndpoints": {"spoke": endpoint(SPOKE)}},
                    "second": {"location": "westeurope", "privateEndpoints": {"hub": endpoint(HUB)}},
                }
            )
        )

    def test_accounts_placed_later_are_skipped_not_the_rest(self) -> None:
        # An auto account has no region yet (aoai place picks it): its endpoints are not judged,
        # and the accounts after it still are.
        data = stack(
            {
                "auto": {
                    "location": "auto",
                    "placement": {"regions": ["westeurope"]},
                    "privateEndpoints": {"hub": endpoint(HUB)},
                },
                "primary": {"privateEndpoints": {"hub": endpoint(HUB)}},
                "second": {"location": "westeurope", "privateEndpoints": {"hub": endpoint(HUB)}},
            }
        )
        where = split_network(
            "swedencentral: accounts.primary.privateEndpoints.hub",
            "westeurope: accounts.second.privateEndpoints.hub",
        )
        assert problems_of(data) == {pe_location("primary"): where, pe_location("second"): where}

    def test_an_auto_account_alone_with_a_pinned_one_is_not_judged(self) -> None:
        parse(
            stack(
                {
                    "auto": {
                        "location": "auto",
                        "placement": {"regions": ["westeurope"]},
                        "privateEndpoints": {"hub": endpoint(HUB)},
                    },
                    "primary": {"privateEndpoints": {"hub": endpoint(HUB)}},
                }
            )
        )

    def test_a_secure_subnet_is_skipped_not_the_endpoints_after_it(self) -> None:
        secret = {"subnetId": placeholder(1), "privateDnsZoneIds": [ZONE]}
        data = stack(
            {
                "primary": {"privateEndpoints": {"hub": endpoint(HUB)}},
                "second": {
                    "location": "westeurope",
                    "privateEndpoints": {"a-secret": secret, "hub": endpoint(HUB)},
                },
            }
        )
        where = split_network(
            "swedencentral: accounts.primary.privateEndpoints.hub",
            "westeurope: accounts.second.privateEndpoints.hub",
        )
        assert problems_of(data) == {pe_location("primary"): where, pe_location("second"): where}


class TestTags:
    def tags(self, tags: dict[str, str]) -> dict[str, Any]:
        return with_changes(lambda d: d.update(tags=tags))

    def test_up_to_50_tags_of_names_up_to_512_and_values_up_to_256_characters(self) -> None:
        fifty = {f"t{i}": "v" for i in range(50)}
        assert parse(self.tags(fifty)).tags == fifty
        edge = {"X" * 512: "v" * 256, "X-ray (team)": ""}
        assert parse(self.tags(edge)).tags == edge

    def test_51_tags_are_refused(self) -> None:
        tags = {f"t{i}": "v" for i in range(51)}
        assert problems_of(self.tags(tags)) == {"tags": "Azure allows at most 50 tags per resource (got 51)"}

    @pytest.mark.parametrize("name", ["", "n" * 513, "a<b", "a>b", "50%", "a&b", "a\\b", "why?", "a/b"])
    def test_tag_names_azure_refuses(self, name: str) -> None:
        assert problems_of(self.tags({name: "v"})) == {
            "tags": f"tag name {name!r}: 1 to 512 characters without any of < > % & \\ ? /"
        }

    def test_a_value_over_256_characters(self) -> None:
        assert problems_of(self.tags({"team": "v" * 257})) == {
            "tags": "tag 'team': values are at most 256 characters"
        }


class TestResourceGroupName:
    def named(self, name: str) -> dict[str, Any]:
        return with_changes(lambda d: d.update(resourceGroup={"name": name}))

    @pytest.mark.parametrize("name", ["r", "r" * 90, "rg_ai-(prod).1", "RG-Üben"])
    def test_names_azure_accepts(self, name: str) -> None:
        assert parse(self.named(name)).resource_group_name == name

    @pytest.mark.parametrize("name", ["", "r" * 91, "rg.", "rg!", "rg ai", "rg/x"])
    def test_names_azure_refuses(self, name: str) -> None:
        assert problems_of(self.named(name)) == {
            "resourceGroup.name": "1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.' "
            f"(got {name!r})"
        }


def test_a_secure_identity_is_not_compared_offline() -> None:
    # The key's identity is a secure value: offline it cannot be matched against the attached ones,
    # so it is not refused as missing from them (`pulumi up` sees the real value).
    key = (
        parse(with_key(userAssignedIdentityResourceId=placeholder(1)))
        .accounts["primary"]
        .customer_managed_key
    )
    assert key is not None and key.user_assigned_identity_resource_id == placeholder(1)


def test_a_config_knows_which_of_its_top_level_keys_are_secret() -> None:
    config = parse(base_config())
    assert config.secret_keys == frozenset()
    assert config.marked_secret(["tags", "accounts"]).secret_keys == frozenset({"tags", "accounts"})


class TestAccountInTheStack:
    def test_a_default_name_that_is_no_subdomain_needs_a_subdomain_or_none(self) -> None:
        # 64 characters make a valid account name but not a DNS label (at most 63).
        top = {"namePrefix": "a" * 24, "environment": "b" * 16}
        name = f"{'a' * 24}-{'b' * 16}-{'k' * 22}"
        assert problems_of(stack({"k" * 22: {}}, **top)) == {
            f"accounts.{'k' * 22}.customSubdomain": "the default subdomain (the account name in lower case) "
            "is invalid: a DNS label of 2 to 63 lower-case letters, digits and hyphens, starting and "
            "ending with a letter or digit; it becomes https://<subdomain>.openai.azure.com/ "
            f"(got {name!r}); set customSubdomain"
        }
        parse(stack({"k" * 22: {"customSubdomain": "contoso-long"}}, **top))
        parse(stack({"k" * 22: {"customSubdomain": None, "localAuth": True}}, **top))

    def test_ip_rules_admitting_the_whole_internet_on_a_protected_stack(self) -> None:
        data = with_changes(
            lambda d: (
                d.update(environment="prod"),
                primary(d).update(networkAcls={"ipRules": ["0.0.0.0/1", "128.0.0.0/1"]}),
            )
        )
        assert problems_of(data) == {
            "accounts.primary.networkAcls.ipRules": "these rules together let every public IPv4 address in, "
            "which is no firewall at all on a protected stack; list only the networks that need access, or "
            "use private endpoints"
        }

    def test_an_account_without_any_region(self) -> None:
        data = with_changes(lambda d: d.pop("location"))
        assert problems_of(data) == {
            "accounts.primary.location": "set the account's location (or location: auto with placement), "
            "or a default with azure-openai:location",
            "resourceGroup.location": "the resource group needs a region: set resourceGroup.location or "
            "azure-openai:location",
        }

    def test_a_protected_stack_needs_a_pinned_region_except_for_aoai_place(self) -> None:
        data = with_changes(
            lambda d: (
                d.update(environment="prod"),
                primary(d).update(location="auto", placement={"regions": ["westeurope"]}),
            )
        )
        assert problems_of(data) == {
            "accounts.primary.location": "protected stacks need a pinned region: a region change replaces "
            "the account and its subdomain is blocked for 48 hours. Pin it with `aoai place --stack "
            "<stack> --write`, or set the region yourself"
        }
        config = parse_raw(engine_raw(data), "test", allow_auto_on_protected=True)
        assert config.accounts["primary"].location == "auto"


def foundry(**fields: Any) -> dict[str, Any]:
    return with_changes(lambda d: primary(d).update({"kind": "AIServices", **fields}))


class TestFoundryAccount:
    def test_project_management_left_unset_is_azures_default_none(self) -> None:
        # Azure creates an account without allowProjectManagement as one without projects.
        data = foundry(leaveUnset=["allowProjectManagement"], projects={"research": {}})
        assert problems_of(data) == {
            "accounts.primary.projects": "projects need allowProjectManagement: true (the default for "
            "kind: AIServices)"
        }

    def test_a_user_assigned_identity_is_an_identity(self) -> None:
        identities = {"systemAssigned": False, "userAssignedResourceIds": [IDENTITY]}
        account = parse(foundry(managedIdentities=identities)).accounts["primary"]
        assert account.project_management is True


OTHER_IDENTITY = IDENTITY.replace("id-openai", "id-other")


class TestCustomerManagedKeyIdentity:
    def test_the_keys_identity_must_be_among_the_attached_ones(self) -> None:
        data = with_key()
        primary(data)["managedIdentities"] = {"userAssignedResourceIds": [OTHER_IDENTITY]}
        assert problems_of(data) == {
            "accounts.primary.customerManagedKey.userAssignedIdentityResourceId": "add this identity to "
            "managedIdentities.userAssignedResourceIds: the account reads the key with it, and a "
            "system-assigned identity does not exist yet when the account is created"
        }

    def test_without_a_user_assigned_identity_the_system_assigned_one_reads_the_key(self) -> None:
        data = with_changes(
            lambda d: primary(d).update(
                customerManagedKey={"keyVaultUri": "https://kv.vault.azure.net/", "keyName": "k"}
            )
        )
        key = parse(data).accounts["primary"].customer_managed_key
        assert key is not None and key.user_assigned_identity_resource_id is None


def test_a_setting_both_given_and_left_unset() -> None:
    data = with_changes(lambda d: primary(d).update(localAuth=True, leaveUnset=["localAuth"]))
    assert problems_of(data) == {
        "accounts.primary.leaveUnset": "localAuth is both given and left unset; keep one (leaveUnset "
        "leaves it to Azure's default)"
    }


class TestPlacementMessages:
    def test_auto_needs_candidates_or_a_data_zone(self) -> None:
        data = with_changes(lambda d: primary(d).update(location="auto"))
        assert problems_of(data) == {
            "accounts.primary.placement": "location: auto needs placement.regions (candidates in order) "
            "and/or placement.dataZone (EU or US)"
        }

    def test_candidates_only_with_auto(self) -> None:
        data = with_changes(lambda d: primary(d).update(placement={"regions": ["westeurope"]}))
        assert problems_of(data) == {
            "accounts.primary.placement.regions": "candidate regions only apply with location: auto; "
            "remove them (dataZone and distinctFrom stay, as rules the pinned location must keep) or set "
            "location: auto"
        }


def test_endpoints_of_a_network_in_one_region_are_listed_together() -> None:
    data = stack(
        {
            "primary": {"privateEndpoints": {"hub": endpoint(HUB), "hub2": endpoint(HUB)}},
            "second": {"location": "westeurope", "privateEndpoints": {"hub": endpoint(HUB)}},
        }
    )
    where = split_network(
        "swedencentral: accounts.primary.privateEndpoints.hub, accounts.primary.privateEndpoints.hub2",
        "westeurope: accounts.second.privateEndpoints.hub",
    )
    assert problems_of(data) == {
        pe_location("primary"): where,
        pe_location("primary", "hub2"): where,
        pe_location("second"): where,
    }


class TestDistinctFrom:
    def test_another_account_of_the_stack(self) -> None:
        config = parse(
            stack(
                {"primary": {"placement": {"distinctFrom": ["second"]}}, "second": {"location": "westeurope"}}
            )
        )
        placement = config.accounts["primary"].placement
        assert placement is not None and placement.distinct_from == ["second"]

    def test_an_unknown_key_lists_the_accounts(self) -> None:
        data = stack(
            {"primary": {"placement": {"distinctFrom": ["third"]}}, "second": {"location": "westeurope"}}
        )
        assert problems_of(data) == {
            "accounts.primary.placement.distinctFrom": "'third' is not another account key of this stack "
            "(accounts: primary, second)"
        }
