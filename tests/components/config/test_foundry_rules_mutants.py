"""config/foundry_rules.py called directly, at both doors: what `make mutate` showed no test checked.

Each rule with the case that fires it, the case on its edge that does not, and the exact path and
message in the stack file's spelling and the Python API's, written from the rules the module's
docstring cites (Foundry upgrade and private-link pages, deployment types; docs/foundry.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from azure_openai_toolkit.config.foundry_rules import (
    PRIVATE_DNS_ZONES,
    blocklist_use_rules,
    developer_tier_rules,
    effective_project_management,
    injection_list_rules,
    kind_rules,
    network_injection_rules,
    private_dns_zone_rules,
    project_identity_rules,
)
from azure_openai_toolkit.config.rules import PYTHON_ARGS, STACK_FILE, Key, Spelling, Violation

DNS = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/"
)
OPENAI_ZONE = DNS + "privatelink.openai.azure.com"
COGNITIVE_ZONE = DNS + "privatelink.cognitiveservices.azure.com"
SERVICES_AI_ZONE = DNS + "privatelink.services.ai.azure.com"


def test_the_zones_an_endpoint_registers_in_by_kind() -> None:
    assert PRIVATE_DNS_ZONES == {
        "OpenAI": ("privatelink.openai.azure.com",),
        "AIServices": (
            "privatelink.cognitiveservices.azure.com",
            "privatelink.openai.azure.com",
            "privatelink.services.ai.azure.com",
        ),
    }


def test_project_management_is_on_by_default_for_foundry_resources_only() -> None:
    assert effective_project_management("AIServices", None) is True
    assert effective_project_management("OpenAI", None) is False
    assert effective_project_management("AIServices", False) is False
    assert effective_project_management("OpenAI", True) is True


def kinds(spell: Spelling = STACK_FILE, **changes: Any) -> list[Violation]:
    values: dict[str, Any] = {
        "kind": "AIServices",
        "allow_project_management": None,
        "has_projects": False,
        "has_connections": False,
        "has_network_injections": False,
        "has_identity": True,
        **changes,
    }
    return kind_rules(spell, **values)


def test_foundry_features_on_an_openai_account_each_name_the_kind_they_need() -> None:
    everything = kinds(
        kind="OpenAI",
        allow_project_management=True,
        has_projects=True,
        has_connections=True,
        has_network_injections=True,
        has_identity=False,
    )
    upgrade = (
        "(an OpenAI account has none; changing an existing OpenAI account to AIServices is Microsoft's "
        "in-place upgrade)"
    )
    assert everything == [
        (("projects",), f"projects belong to a Foundry resource: set kind: AIServices {upgrade}"),
        (("connections",), f"connections belong to a Foundry resource: set kind: AIServices {upgrade}"),
        (
            ("network_injections",),
            f"networkInjections belong to a Foundry resource: set kind: AIServices {upgrade}",
        ),
        (
            ("allow_project_management",),
            "project management needs kind: AIServices; remove allowProjectManagement from this OpenAI "
            "account",
        ),
    ]
    assert kinds(kind="OpenAI", has_identity=False) == []
    assert kinds(kind="OpenAI", allow_project_management=False) == []


def test_the_python_door_spells_the_same_rule_with_argument_names() -> None:
    found = kinds(PYTHON_ARGS, kind="OpenAI", has_network_injections=True)
    assert found == [
        (
            ("network_injections",),
            "network_injections belong to a Foundry resource: set kind='AIServices' (an OpenAI account "
            "has none; changing an existing OpenAI account to AIServices is Microsoft's in-place upgrade)",
        )
    ]


def test_a_foundry_resource_with_projects_needs_project_management_and_an_identity() -> None:
    assert kinds(has_projects=True) == []
    assert kinds(has_projects=True, allow_project_management=False) == [
        (("projects",), "projects need allowProjectManagement: true (the default for kind: AIServices)")
    ]
    identity = (
        ("managed_identities",),
        "a Foundry resource with project management needs a managed identity (Microsoft's upgrade "
        "requires one): set systemAssigned: true or list userAssignedResourceIds under managedIdentities",
    )
    assert kinds(has_identity=False) == [identity]
    assert kinds(has_identity=False, allow_project_management=True) == [identity]
    assert kinds(has_identity=False, allow_project_management=False) == []


def test_a_project_needs_an_identity_of_either_kind() -> None:
    assert project_identity_rules(STACK_FILE, system_assigned=False, user_assigned=0) == [
        (
            ("managed_identities",),
            "a project needs a managed identity: it reaches its connections and tools with it. Set "
            "systemAssigned: true (the default) or list userAssignedResourceIds",
        )
    ]
    assert project_identity_rules(STACK_FILE, system_assigned=True, user_assigned=0) == []
    assert project_identity_rules(STACK_FILE, system_assigned=False, user_assigned=1) == []


def test_network_injection_takes_a_subnet_or_the_managed_network_not_both() -> None:
    assert network_injection_rules(STACK_FILE, has_subnet=True, managed_network=True) == [
        (("subnet_id",), "give subnetId or useMicrosoftManagedNetwork: true, not both")
    ]
    assert network_injection_rules(STACK_FILE, has_subnet=False, managed_network=False) == [
        (
            ("subnet_id",),
            "the subnet the agents run in (delegated to Microsoft.App/environments), or "
            "useMicrosoftManagedNetwork: true",
        )
    ]
    assert network_injection_rules(PYTHON_ARGS, has_subnet=True, managed_network=True) == [
        (("subnet_id",), "give subnet_id or use_microsoft_managed_network=True, not both")
    ]
    assert network_injection_rules(PYTHON_ARGS, has_subnet=False, managed_network=False)[0][1] == (
        "the subnet the agents run in (delegated to Microsoft.App/environments), or "
        "use_microsoft_managed_network=True"
    )
    assert network_injection_rules(STACK_FILE, has_subnet=True, managed_network=False) == []
    assert network_injection_rules(STACK_FILE, has_subnet=False, managed_network=True) == []


def test_a_scenario_listed_twice_is_named_at_its_second_place() -> None:
    twice = (
        "scenario 'agent' is listed twice: an account takes one entry of networkInjections per "
        "scenario; remove this one"
    )
    assert injection_list_rules(STACK_FILE, ["agent", "none", "agent", "agent"]) == [
        (("network_injections", 2, "scenario"), twice),
        (("network_injections", 3, "scenario"), twice),
    ]
    assert injection_list_rules(STACK_FILE, ["agent"]) == []
    assert injection_list_rules(PYTHON_ARGS, ["agent", "agent"]) == [
        (
            ("network_injections", 1, "scenario"),
            "scenario 'agent' is listed twice: an account takes one entry of network_injections per "
            "scenario; remove this one",
        )
    ]


def zones(kind: str, *zone_ids: str | None, key: str = "hub") -> list[Violation]:
    return private_dns_zone_rules(STACK_FILE, kind=kind, endpoints={key: list(zone_ids)})


def test_an_openai_endpoint_needs_the_openai_zone_of_its_cloud() -> None:
    assert zones("OpenAI", OPENAI_ZONE) == []
    assert zones("OpenAI", OPENAI_ZONE, COGNITIVE_ZONE, SERVICES_AI_ZONE) == []  # ready for the upgrade
    assert zones("OpenAI", COGNITIVE_ZONE, key="hub.eu") == [
        (
            ("private_endpoints", Key("hub.eu"), "private_dns_zone_ids"),
            "an Azure OpenAI endpoint registers in privatelink.openai.azure.com: add that zone "
            "(set createPrivateDnsZone: {virtualNetworkIds: [...]} to create one)",
        )
    ]
    government = DNS + "privatelink.openai.azure.us"
    assert zones("OpenAI", government) == []
    assert zones("OpenAI", DNS + "privatelink.cognitiveservices.azure.us")[0][1].startswith(
        "an Azure OpenAI endpoint registers in privatelink.openai.azure.us: add that zone"
    )


def test_a_foundry_endpoint_needs_every_zone_its_names_answer_on() -> None:
    assert zones("AIServices", OPENAI_ZONE, COGNITIVE_ZONE, SERVICES_AI_ZONE) == []
    assert zones("AIServices", OPENAI_ZONE) == [
        (
            ("private_endpoints", Key("hub"), "private_dns_zone_ids"),
            "a Foundry resource answers on its openai, cognitiveservices and services.ai names: add the "
            "zone(s) privatelink.cognitiveservices.azure.com, privatelink.services.ai.azure.com (set "
            "createPrivateDnsZone: {virtualNetworkIds: [...]} to create one)",
        )
    ]
    # The US Government and China clouds have no services.ai zone: two zones are all there are.
    china = [DNS + "privatelink.openai.azure.cn", DNS + "privatelink.cognitiveservices.azure.cn"]
    assert zones("AIServices", *china) == []
    assert zones("AIServices", china[0])[0][1].startswith(
        "a Foundry resource answers on its openai, cognitiveservices and services.ai names: add the "
        "zone(s) privatelink.cognitiveservices.azure.cn ("
    )


def test_zone_names_are_compared_without_case() -> None:
    assert zones("OpenAI", DNS + "PrivateLink.OpenAI.Azure.Com") == []


def test_the_python_door_names_the_component_that_creates_a_zone() -> None:
    found = private_dns_zone_rules(PYTHON_ARGS, kind="OpenAI", endpoints={"hub": [COGNITIVE_ZONE]})
    assert found[0][1] == (
        "an Azure OpenAI endpoint registers in privatelink.openai.azure.com: add that zone (create one "
        "with the PrivateDnsZone component and pass its zone_id)"
    )


def test_zones_of_two_clouds_are_refused_and_the_endpoint_checked_no_further() -> None:
    mixed = zones("AIServices", OPENAI_ZONE, DNS + "privatelink.openai.azure.us")
    assert mixed == [
        (
            ("private_endpoints", Key("hub"), "private_dns_zone_ids"),
            "the zones are of different clouds (privatelink.openai.azure.com, privatelink.openai.azure.us): "
            "an endpoint registers in the zones of its own cloud only",
        )
    ]


@pytest.mark.parametrize(
    "zone_ids",
    [
        [],  # no zones: nothing to check
        [OPENAI_ZONE, None],  # an Output: not known yet
        [DNS + "privatelink.blob.core.windows.net"],  # another zone: the type check's business
        ["not a resource id"],  # reported by the id's own check
    ],
    ids=["none", "unknown", "other-zone", "not-an-id"],
)
def test_endpoints_whose_zones_cannot_be_judged_are_not(zone_ids: list[str | None]) -> None:
    assert zones("AIServices", *zone_ids) == []


def test_every_endpoint_is_checked() -> None:
    endpoints: dict[str, list[str | None]] = {
        "ok": [OPENAI_ZONE],
        "eu": [COGNITIVE_ZONE],
        "us": [COGNITIVE_ZONE],
    }
    found = private_dns_zone_rules(STACK_FILE, kind="OpenAI", endpoints=endpoints)
    assert [path for path, _ in found] == [
        ("private_endpoints", Key("eu"), "private_dns_zone_ids"),
        ("private_endpoints", Key("us"), "private_dns_zone_ids"),
    ]


def test_a_content_filter_uses_only_declared_blocklists() -> None:
    found = blocklist_use_rules(
        STACK_FILE, declared={"terms", "names"}, used={"strict": ["terms", "slurs"], "open": ["other"]}
    )
    assert found == [
        (
            ("content_filters", Key("strict"), "blocklists", Key("slurs")),
            "'slurs' is not a blocklist of this account (names, terms); declare it under blocklists",
        ),
        (
            ("content_filters", Key("open"), "blocklists", Key("other")),
            "'other' is not a blocklist of this account (names, terms); declare it under blocklists",
        ),
    ]
    assert blocklist_use_rules(STACK_FILE, declared=set(), used={"strict": ["terms"]})[0][1] == (
        "'terms' is not a blocklist of this account (none declared); declare it under blocklists"
    )
    assert blocklist_use_rules(STACK_FILE, declared={"terms"}, used={"strict": ["terms"]}) == []


def test_developer_deployments_are_refused_on_protected_stacks_only() -> None:
    skus = {"eval": "DeveloperTier", "chat": "GlobalStandard", "other": None, "eval-2": "DeveloperTier"}
    message = (
        "DeveloperTier deployments evaluate fine-tuned models: no SLA, no data residency, and Azure "
        "deletes them after 24 hours, so a protected {} cannot keep one; use Standard, GlobalStandard "
        "or a provisioned SKU"
    )
    assert developer_tier_rules(STACK_FILE, protected=True, skus=skus) == [
        (("deployments", Key("eval"), "sku"), message.format("stack")),
        (("deployments", Key("eval-2"), "sku"), message.format("stack")),
    ]
    assert developer_tier_rules(PYTHON_ARGS, protected=True, skus={"eval": "DeveloperTier"}) == [
        (("deployments", Key("eval"), "sku"), message.format("account (protect=True)"))
    ]
    assert developer_tier_rules(STACK_FILE, protected=False, skus=skus) == []


def test_the_python_door_spells_the_identity_rules_with_argument_names() -> None:
    assert kinds(PYTHON_ARGS, has_identity=False)[0][1] == (
        "a Foundry resource with project management needs a managed identity (Microsoft's upgrade "
        "requires one): set system_assigned=True or list user_assigned_resource_ids under managed_identities"
    )
    assert project_identity_rules(PYTHON_ARGS, system_assigned=False, user_assigned=0)[0][1] == (
        "a project needs a managed identity: it reaches its connections and tools with it. Set "
        "system_assigned=True (the default) or list user_assigned_resource_ids"
    )


def test_an_endpoint_skipped_or_refused_does_not_stop_the_check_of_the_next() -> None:
    every_known_zone: list[str | None] = [
        DNS + zone
        for cloud in ("com", "us", "cn")
        for zone in (
            f"privatelink.openai.azure.{cloud}",
            f"privatelink.cognitiveservices.azure.{cloud}",
            f"privatelink.services.ai.azure.{cloud}",
        )
    ]
    endpoints: dict[str, list[str | None]] = {
        "unknown": [OPENAI_ZONE, None],
        "other": [DNS + "privatelink.blob.core.windows.net"],
        "ok": [OPENAI_ZONE],
        "everything": every_known_zone,
        "mixed": [OPENAI_ZONE, DNS + "privatelink.openai.azure.us"],
        "missing": [COGNITIVE_ZONE],
    }
    found = private_dns_zone_rules(STACK_FILE, kind="OpenAI", endpoints=endpoints)
    assert [(path[1], message.split(" (")[0].split(":")[0]) for path, message in found] == [
        ("everything", "the zones are of different clouds"),
        ("mixed", "the zones are of different clouds"),
        ("missing", "an Azure OpenAI endpoint registers in privatelink.openai.azure.com"),
    ]


def test_the_python_door_spells_project_management_and_blocklists_with_argument_names() -> None:
    assert kinds(PYTHON_ARGS, kind="OpenAI", allow_project_management=True)[0][1] == (
        "project management needs kind='AIServices'; remove allow_project_management from this OpenAI account"
    )
    assert kinds(PYTHON_ARGS, has_projects=True, allow_project_management=False)[0][1] == (
        "projects need allow_project_management=True (the default for kind='AIServices')"
    )
    assert blocklist_use_rules(PYTHON_ARGS, declared=set(), used={"strict": ["terms"]})[0][1] == (
        "'terms' is not a blocklist of this account (none declared); declare it under blocklists"
    )
