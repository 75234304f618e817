"""config/rules.py called directly, at both doors: what `make mutate` showed no test checked.

Each rule with the case that fires it, the case on its edge that does not, and the exact path and
message (in the stack file's spelling and the Python API's), written from the rules as
docs/configuration.md and the docstrings state them.
"""

from __future__ import annotations

import pytest

from azure_openai_toolkit.config.rules import (
    PYTHON_ARGS,
    STACK_FILE,
    Key,
    Spelling,
    Violation,
    account_region_rules,
    condition_rules,
    content_filter_rules,
    customer_managed_key_rules,
    default_public_network_access,
    default_subdomain_rules,
    diagnostic_destination_rules,
    endpoint_name_rules,
    identity_rules,
    local_auth_rules,
    manual_connection_rules,
    network_acl_rules,
    network_rules,
    private_dns_rules,
    private_endpoint_name,
    reachable_from_nowhere,
)

ID_A = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a"
ID_B = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/b"
SUBNET = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"


def test_public_access_defaults_to_enabled_only_with_firewall_rules() -> None:
    assert default_public_network_access(None, has_network_acls=True) == "Enabled"
    assert default_public_network_access(None, has_network_acls=False) == "Disabled"
    assert default_public_network_access("Disabled", has_network_acls=True) == "Disabled"
    assert default_public_network_access("Enabled", has_network_acls=False) == "Enabled"


def network(spell: object = STACK_FILE, **changes: object) -> list[Violation]:
    values: dict[str, object] = {
        "subdomain_disabled": False,
        "has_network_acls": False,
        "has_private_endpoints": False,
        "local_auth": True,
        "has_allowed_fqdns": False,
        "restrict_outbound": False,
        "public_network_access": None,
        "acls_have_rules": False,
        **changes,
    }
    return network_rules(spell, **values)  # type: ignore[arg-type]


def test_a_disabled_subdomain_names_every_setting_that_needs_one() -> None:
    needs = {"has_network_acls": True, "has_private_endpoints": True, "local_auth": False}
    assert network(subdomain_disabled=True, **needs) == [
        (
            ("custom_subdomain",),
            "a custom subdomain is required with networkAcls, privateEndpoints, Entra ID authentication "
            "(localAuth: false); remove 'customSubdomain: null' to use the account name",
        )
    ]
    assert network(PYTHON_ARGS, subdomain_disabled=True, **needs) == [
        (
            ("disable_custom_subdomain",),
            "a custom subdomain is required with network_acls, private_endpoints, Entra ID authentication "
            "(local_auth=False); drop disable_custom_subdomain to use the account name",
        )
    ]


@pytest.mark.parametrize(
    ("need", "named"),
    [
        ({"has_network_acls": True}, "networkAcls"),
        ({"has_private_endpoints": True}, "privateEndpoints"),
        ({"local_auth": False}, "Entra ID authentication (localAuth: false)"),
    ],
)
def test_each_setting_alone_needs_the_subdomain(need: dict[str, object], named: str) -> None:
    (violation,) = network(subdomain_disabled=True, **need)
    assert violation[1].startswith(f"a custom subdomain is required with {named}; ")
    assert network(subdomain_disabled=False, **need) == []


def test_a_disabled_subdomain_without_such_settings_is_fine() -> None:
    assert network(subdomain_disabled=True) == []


def test_allowed_fqdns_need_the_outbound_restriction() -> None:
    assert network(has_allowed_fqdns=True) == [
        (("allowed_fqdns",), "allowedFqdns only apply with restrictOutboundNetworkAccess: true")
    ]
    assert network(PYTHON_ARGS, has_allowed_fqdns=True) == [
        (("allowed_fqdns",), "allowed_fqdns only apply with restrict_outbound_network_access=True")
    ]
    assert network(has_allowed_fqdns=True, restrict_outbound=True) == []
    assert network(restrict_outbound=True) == []


def test_firewall_rules_never_apply_with_public_access_disabled() -> None:
    acls = {"has_network_acls": True, "acls_have_rules": True}
    assert network(public_network_access="Disabled", **acls) == [
        (
            ("network_acls",),
            "with publicNetworkAccess: Disabled the firewall rules never apply; remove publicNetworkAccess "
            "(it defaults to Enabled with networkAcls) or the rules",
        )
    ]
    assert network(PYTHON_ARGS, public_network_access="Disabled", **acls) == [
        (
            ("network_acls",),
            "with public_network_access='Disabled' the firewall rules never apply; remove "
            "public_network_access (it defaults to Enabled with network_acls) or the rules",
        )
    ]
    assert network(public_network_access="Enabled", **acls) == []
    assert network(public_network_access=None, **acls) == []
    assert network(public_network_access="Disabled", has_network_acls=True, acls_have_rules=False) == []
    assert network(public_network_access="Disabled", has_network_acls=False, acls_have_rules=True) == []


def test_allow_makes_firewall_rules_pointless() -> None:
    expected = [
        (
            ("default_action",),
            "with Allow every network gets in, so ipRules and virtualNetworkRules have no effect; use Deny",
        )
    ]
    assert (
        network_acl_rules(STACK_FILE, default_action="Allow", ip_rules=["203.0.113.7"], subnet_ids=[])
        == expected
    )
    assert network_acl_rules(STACK_FILE, default_action="Allow", ip_rules=[], subnet_ids=[SUBNET]) == expected
    assert network_acl_rules(
        PYTHON_ARGS, default_action="Allow", ip_rules=["203.0.113.7"], subnet_ids=[]
    ) == [
        (
            ("default_action",),
            "with Allow every network gets in, so ip_rules and virtual_network_rules have no effect; "
            "use Deny",
        )
    ]
    assert network_acl_rules(STACK_FILE, default_action="Allow", ip_rules=[], subnet_ids=[]) == []
    assert network_acl_rules(STACK_FILE, default_action="Deny", ip_rules=["203.0.113.7"], subnet_ids=[]) == []


def test_a_rule_listed_twice_is_pointed_at_by_its_second_index() -> None:
    ips = ["203.0.113.7", None, "198.51.100.0/24", "203.0.113.7", None]
    subnets = [SUBNET, None, SUBNET.upper()]
    assert network_acl_rules(STACK_FILE, default_action="Deny", ip_rules=ips, subnet_ids=subnets) == [
        (("ip_rules", 3), "'203.0.113.7' is listed twice"),
        (("virtual_network_rules", 2, "subnet_id"), "this subnet is listed twice"),
    ]


def test_an_endpoint_registers_in_named_zones_or_a_created_one() -> None:
    assert private_dns_rules(STACK_FILE, has_zone_ids=True, creates_zone=True) == [
        (
            ("create_private_dns_zone",),
            "give either privateDnsZoneIds (existing zones) or createPrivateDnsZone, not both",
        )
    ]
    assert private_dns_rules(STACK_FILE, has_zone_ids=False, creates_zone=False) == [
        (
            ("private_dns_zone_ids",),
            "name the privatelink.openai.azure.com zone(s) to register the endpoint in, or set "
            "createPrivateDnsZone: {virtualNetworkIds: [...]} to create one; without DNS the endpoint's "
            "private address is never used",
        )
    ]
    assert private_dns_rules(PYTHON_ARGS, has_zone_ids=False, creates_zone=False)[0][1] == (
        "name the privatelink.openai.azure.com zone(s) to register the endpoint in, or create one with "
        "the PrivateDnsZone component and pass its zone_id; without DNS the endpoint's private address "
        "is never used"
    )
    assert private_dns_rules(STACK_FILE, has_zone_ids=True, creates_zone=False) == []
    assert private_dns_rules(STACK_FILE, has_zone_ids=False, creates_zone=True) == []


CMK_MESSAGE = (
    "add this identity to managedIdentities.userAssignedResourceIds: the account reads the key with it, "
    "and a system-assigned identity does not exist yet when the account is created"
)


def test_identities_are_listed_once_in_any_case() -> None:
    assert identity_rules(STACK_FILE, attached=[ID_A, None, ID_A.upper()], key_identity=None) == [
        (("managed_identities", "user_assigned_resource_ids", 2), "listed twice")
    ]
    assert identity_rules(STACK_FILE, attached=[ID_A, ID_B], key_identity=None) == []


def test_the_keys_identity_must_be_attached() -> None:
    assert identity_rules(STACK_FILE, attached=[ID_A], key_identity=ID_B) == [
        (("customer_managed_key", "user_assigned_identity_resource_id"), CMK_MESSAGE)
    ]
    assert identity_rules(PYTHON_ARGS, attached=[], key_identity=ID_B)[0][1].startswith(
        "add this identity to managed_identities.user_assigned_resource_ids: "
    )
    assert identity_rules(STACK_FILE, attached=[ID_A, ID_B], key_identity=ID_B.upper()) == []
    # An identity not known yet might be the key's: the rule needs every identity.
    assert identity_rules(STACK_FILE, attached=[ID_A, None], key_identity=ID_B) == []


def test_content_filters_are_declared_once_and_named_policies_exist() -> None:
    found = content_filter_rules(
        STACK_FILE,
        declared={"strict"},
        existing=["strict", "shared"],
        wanted_by_deployment={"chat": "nope", "embed": None, "mini": "Microsoft.DefaultV2", "big": "shared"},
    )
    assert found == [
        (("existing_content_filters",), "'strict' is also declared in contentFilters; list it in one place"),
        (
            ("deployments", Key("chat"), "content_filter"),
            "'nope' is not a content filter of this account; use one of Microsoft.Default, "
            "Microsoft.DefaultV2, shared, strict, or list a policy managed elsewhere in "
            "existingContentFilters",
        ),
    ]
    assert isinstance(found[1][0][1], Key)


def test_api_keys_on_a_protected_account_need_an_explicit_yes() -> None:
    assert local_auth_rules(STACK_FILE, protected=True, local_auth=True, acknowledged=False) == [
        (
            ("local_auth",),
            "API keys on a protected stack: use Entra ID (localAuth: false), or set "
            "allowLocalAuthWhenProtected: true to accept the risk explicitly",
        )
    ]
    assert local_auth_rules(PYTHON_ARGS, protected=True, local_auth=True, acknowledged=False) == [
        (
            ("local_auth",),
            "API keys on a protected account (protect=True): use Entra ID (local_auth=False), or set "
            "allow_local_auth_when_protected=True to accept the risk explicitly",
        )
    ]
    assert local_auth_rules(STACK_FILE, protected=True, local_auth=True, acknowledged=True) == []
    assert local_auth_rules(STACK_FILE, protected=False, local_auth=True, acknowledged=False) == []
    assert local_auth_rules(STACK_FILE, protected=True, local_auth=False, acknowledged=False) == []


def test_endpoint_names_are_pe_account_key_within_64_characters() -> None:
    assert private_endpoint_name("contoso-prod", "hub") == "pe-contoso-prod-hub"
    account = "a" * 56  # pe-<56>-<key>: 60 characters and the key
    assert endpoint_name_rules(account, ["abcd"]) == []  # 64: the limit itself
    long_name = f"pe-{account}-abcde"
    assert endpoint_name_rules(account, ["abcde", "abcd"]) == [
        (
            ("private_endpoints", Key("abcde")),
            f"the endpoint would be named {long_name!r} (65 characters, Azure allows 64); use a shorter key "
            "or account name, or set its name",
        )
    ]
    assert endpoint_name_rules(account, ["abcde"], named=["abcde"]) == []


def test_a_condition_version_needs_a_condition() -> None:
    assert condition_rules(STACK_FILE, has_condition=False, has_version=True) == [
        (
            ("condition_version",),
            "conditionVersion only applies with a condition; remove it or add the condition",
        )
    ]
    assert condition_rules(STACK_FILE, has_condition=True, has_version=True) == []
    assert condition_rules(STACK_FILE, has_condition=True, has_version=False) == []
    assert condition_rules(STACK_FILE, has_condition=False, has_version=False) == []


def diagnostics(**changes: object) -> list[Violation]:
    values: dict[str, object] = {
        "destinations": ["workspace_resource_id"],
        "has_event_hub_name": False,
        "has_event_hub_rule": False,
        "has_destination_type": False,
        "has_workspace": True,
        "sends_anything": True,
        **changes,
    }
    return diagnostic_destination_rules(STACK_FILE, **values)  # type: ignore[arg-type]


def test_a_diagnostic_setting_sends_something_somewhere() -> None:
    assert diagnostics() == []
    assert diagnostics(destinations=[], has_workspace=False, sends_anything=False) == [
        (
            ("workspace_resource_id",),
            "give at least one destination: workspaceResourceId, storageAccountResourceId, "
            "eventHubAuthorizationRuleResourceId",
        ),
        (("metrics",), "the setting sends nothing: give log categories or category groups, or metrics"),
    ]


def test_diagnostic_options_belong_to_their_destination() -> None:
    assert diagnostics(has_event_hub_name=True) == [
        (
            ("event_hub_name",),
            "eventHubName needs eventHubAuthorizationRuleResourceId (the namespace's authorization rule the "
            "setting sends with)",
        )
    ]
    assert diagnostics(has_event_hub_name=True, has_event_hub_rule=True) == []
    assert diagnostics(has_destination_type=True, has_workspace=False) == [
        (
            ("log_analytics_destination_type",),
            "logAnalyticsDestinationType only applies with workspaceResourceId",
        )
    ]
    assert diagnostics(has_destination_type=True) == []


def test_a_request_message_needs_a_manual_connection() -> None:
    assert manual_connection_rules(STACK_FILE, manual=False, has_message=True) == [
        (
            ("manual_connection_request_message",),
            "manualConnectionRequestMessage is only sent with isManualConnection: true",
        )
    ]
    assert manual_connection_rules(STACK_FILE, manual=True, has_message=True) == []
    assert manual_connection_rules(STACK_FILE, manual=False, has_message=False) == []


PAIR = (
    "give userAssignedIdentityResourceId and identityClientId together (a user-assigned identity reads "
    "the key), or neither (the system-assigned identity reads it)"
)


def test_a_customer_managed_key_is_read_by_a_named_identity_or_the_system_one() -> None:
    cmk = customer_managed_key_rules
    assert cmk(STACK_FILE, has_identity=True, has_client_id=False, system_assigned=True) == [
        (("customer_managed_key", "identity_client_id"), PAIR)
    ]
    assert cmk(STACK_FILE, has_identity=False, has_client_id=True, system_assigned=True) == [
        (("customer_managed_key", "user_assigned_identity_resource_id"), PAIR)
    ]
    assert cmk(STACK_FILE, has_identity=False, has_client_id=False, system_assigned=False) == [
        (
            ("customer_managed_key",),
            "without a user-assigned identity the account reads the key with its system-assigned identity: "
            "set managedIdentities.systemAssigned: true, or name a user-assigned identity",
        )
    ]
    assert cmk(STACK_FILE, has_identity=True, has_client_id=True, system_assigned=False) == []
    assert cmk(STACK_FILE, has_identity=False, has_client_id=False, system_assigned=True) == []


def test_an_account_nothing_can_reach_is_warned_about() -> None:
    assert reachable_from_nowhere("Disabled", has_private_endpoints=False) == (
        "public network access is Disabled and the account has no private endpoints, so nothing can reach "
        "it: add privateEndpoints, or networkAcls (public access then defaults to Enabled for the listed "
        "networks). Ignore this if its private endpoints are managed outside this stack"
    )
    assert reachable_from_nowhere("Disabled", has_private_endpoints=True) is None
    assert reachable_from_nowhere("Enabled", has_private_endpoints=False) is None


def test_settings_are_spelled_as_each_door_writes_them() -> None:
    assert STACK_FILE.setting("custom_subdomain", None) == "customSubdomain: null"
    assert STACK_FILE.setting("kind", "OpenAI") == "kind: OpenAI"
    assert PYTHON_ARGS.setting("custom_subdomain", None) == "custom_subdomain=None"


def test_messages_in_the_python_spelling_name_the_python_fields() -> None:
    # pydantic's to_camel also camel-cases an upper-case name, so only this door shows a field
    # name that is not the argument's.
    py = PYTHON_ARGS
    assert private_dns_rules(py, has_zone_ids=True, creates_zone=True)[0][1] == (
        "give either private_dns_zone_ids (existing zones) or create_private_dns_zone, not both"
    )
    assert content_filter_rules(py, declared={"strict"}, existing=["strict"], wanted_by_deployment={}) == [
        (("existing_content_filters",), "'strict' is also declared in content_filters; list it in one place")
    ]
    assert condition_rules(py, has_condition=False, has_version=True)[0][1] == (
        "condition_version only applies with a condition; remove it or add the condition"
    )
    assert manual_connection_rules(py, manual=False, has_message=True)[0][1] == (
        "manual_connection_request_message is only sent with is_manual_connection=True"
    )


def test_diagnostic_messages_in_the_python_spelling() -> None:
    values: dict[str, object] = {
        "destinations": [],
        "has_event_hub_name": True,
        "has_event_hub_rule": False,
        "has_destination_type": True,
        "has_workspace": False,
        "sends_anything": True,
    }
    assert [m for _, m in diagnostic_destination_rules(PYTHON_ARGS, **values)] == [  # type: ignore[arg-type]
        "give at least one destination: workspace_resource_id, storage_account_resource_id, "
        "event_hub_authorization_rule_resource_id",
        "event_hub_name needs event_hub_authorization_rule_resource_id (the namespace's authorization rule "
        "the setting sends with)",
        "log_analytics_destination_type only applies with workspace_resource_id",
    ]


def test_customer_managed_key_messages_in_the_python_spelling() -> None:
    cmk = customer_managed_key_rules
    assert cmk(PYTHON_ARGS, has_identity=True, has_client_id=False, system_assigned=True)[0][1] == (
        "give user_assigned_identity_resource_id and identity_client_id together (a user-assigned identity "
        "reads the key), or neither (the system-assigned identity reads it)"
    )
    assert cmk(PYTHON_ARGS, has_identity=False, has_client_id=False, system_assigned=False)[0][1] == (
        "without a user-assigned identity the account reads the key with its system-assigned identity: "
        "set managed_identities.system_assigned=True, or name a user-assigned identity"
    )


def test_an_endpoint_with_its_own_name_does_not_stop_the_check_of_the_next() -> None:
    account = "a" * 56
    (violation,) = endpoint_name_rules(account, ["abcde", "fghij"], named=["abcde"])
    assert violation[0] == ("private_endpoints", Key("fghij"))


OFFERED = {"swedencentral", "westeurope", "eastus", "eastus2"}


def test_an_account_region_must_be_one_the_catalog_lists() -> None:
    assert account_region_rules(STACK_FILE, region=None, offered=OFFERED, catalog="bundled") == []
    assert account_region_rules(STACK_FILE, region="westeurope", offered=OFFERED, catalog="bundled") == []
    assert account_region_rules(STACK_FILE, region="swedencentrall", offered=OFFERED, catalog="bundled") == [
        (
            ("location",),
            "'swedencentrall' offers no Azure OpenAI models in the catalog (bundled); "
            "did you mean swedencentral?",
        )
    ]
    # difflib's ratio: eastus 12/13, eastus2 12/14 — both close, best first.
    (violation,) = account_region_rules(STACK_FILE, region="eastus3", offered=OFFERED, catalog="bundled")
    assert violation[1].endswith("; did you mean eastus, eastus2?")
    # At most two: eastasia is close too (ratio 10/15), but third.
    with_third = OFFERED | {"eastasia"}
    (violation,) = account_region_rules(STACK_FILE, region="eastus3", offered=with_third, catalog="bundled")
    assert violation[1].endswith("; did you mean eastus, eastus2?")


def test_a_region_nothing_like_any_listed_names_them_all_and_the_refresh() -> None:
    (stack_file,) = account_region_rules(STACK_FILE, region="mars", offered=OFFERED, catalog="catalog.json")
    assert stack_file[1] == (
        "'mars' offers no Azure OpenAI models in the catalog (catalog.json); use one of eastus, eastus2, "
        "swedencentral, westeurope; if Azure offers Azure OpenAI there now, refresh the catalog from "
        "Azure (`aoai catalog refresh`)"
    )
    (python,) = account_region_rules(PYTHON_ARGS, region="mars", offered=OFFERED, catalog="catalog.json")
    assert python[1].endswith(
        "there now, pass a refreshed catalog: OpenAIAccount(..., catalog=load_catalog(path))"
    )


def test_the_account_name_as_default_subdomain_must_be_a_valid_subdomain() -> None:
    def rule(spell: Spelling = STACK_FILE, **changes: object) -> list[Violation]:
        values: dict[str, object] = {
            "account_name": "contoso_dev",  # "_" is not allowed in a subdomain
            "has_subdomain": False,
            "subdomain_disabled": False,
            **changes,
        }
        return default_subdomain_rules(spell, **values)  # type: ignore[arg-type]

    ((path, message),) = rule()
    assert path == ("custom_subdomain",)
    assert message.startswith("the default subdomain (the account name in lower case) is invalid: ")
    assert message.endswith("; set customSubdomain")
    assert rule(PYTHON_ARGS)[0][1].endswith("; set custom_subdomain")
    assert rule(account_name="Contoso-Dev") == []  # lower-cased, it is valid
    assert rule(account_name=None) == []
    assert rule(has_subdomain=True) == []
    assert rule(subdomain_disabled=True) == []
