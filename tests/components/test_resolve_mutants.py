"""resolve_findings and resolve_stack: the rules `make mutate` found unpinned.

A pinned account keeps its placement rules (placement.dataZone, placement.distinctFrom), IP rules
that together admit every public IPv4 address are a warning on a stack that is not protected,
and the live commands (check_catalog=False) judge deployments from Azure's answers, not from the
catalog. The catalog is the small hand-written one of test_catalog_mutants.py (eastus and westus
in data zone US, swedencentral in EU, uksouth in none; model chat 1 as GlobalStandard in eastus and
swedencentral, as Standard in swedencentral), so every expected message is written from the rule.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from azure_openai_toolkit.config import ConfigError, StackConfig
from azure_openai_toolkit.resolve import resolve_findings, resolve_stack
from tests.components.test_catalog_mutants import catalog, entry
from tests.conftest import parse

CATALOG = catalog(entry("chat", "1"))
TODAY = datetime.date(2026, 6, 1)
CHAT = {"model": "chat", "version": "1", "sku": "Standard", "capacity": 1}
UNREACHABLE = (
    "public network access is Disabled and the account has no private endpoints, so nothing can reach "
    "it: add privateEndpoints, or networkAcls (public access then defaults to Enabled for the listed "
    "networks). Ignore this if its private endpoints are managed outside this stack"
)
WHOLE_INTERNET = (
    "these rules together let every public IPv4 address in: the firewall admits the whole internet; "
    "list only the networks that need access"
)


def config(accounts: dict[str, dict[str, Any]], **top: Any) -> StackConfig:
    data = {"namePrefix": "contoso", "environment": "dev", "location": "swedencentral", **top}
    return parse({**data, "accounts": accounts})


def account(location: str, **fields: Any) -> dict[str, Any]:
    # Public access on: a closed account without private endpoints is a warning of its own.
    return {"location": location, "publicNetworkAccess": "Enabled", "deployments": {"chat": CHAT}, **fields}


def found(stack: StackConfig, **options: Any) -> tuple[dict[str, str], dict[str, str]]:
    """{path: message} of the problems and of the warnings."""
    resolution = resolve_findings(stack, catalog=CATALOG, today=TODAY, **options)
    assert (resolution.resolved is None) == bool(resolution.problems)
    return (
        {p.path: p.message for p in resolution.problems},
        {p.path: p.message for p in resolution.warnings},
    )


def test_a_pinned_account_outside_its_data_zone_is_told_the_zones_regions() -> None:
    stack = config({"chat-us": account("eastus", placement={"dataZone": "US"}, deployments={})})
    assert found(stack) == ({}, {})
    eu = config({"chat-eu": account("eastus", placement={"dataZone": "EU"}, deployments={})})
    problems = resolve_findings(eu, catalog=CATALOG, today=TODAY).problems
    assert [(p.path, p.message, p.loc) for p in problems] == [
        (
            "accounts.chat-eu.location",
            "eastus is not in data zone EU (placement.dataZone); pick one of swedencentral",
            ("accounts", "chat-eu", "location"),
        )
    ]
    us = config({"chat-us": account("uksouth", placement={"dataZone": "US"}, deployments={})})
    assert found(us)[0] == {
        "accounts.chat-us.location": (
            "uksouth is not in data zone US (placement.dataZone); pick one of eastus, westus"
        )
    }


def test_pinned_accounts_kept_apart_by_distinct_from_must_be_in_different_regions() -> None:
    together = config(
        {
            "primary": account("swedencentral"),
            "secondary": account("swedencentral", placement={"distinctFrom": ["primary"]}),
        }
    )
    problems = resolve_findings(together, catalog=CATALOG, today=TODAY).problems
    assert [(p.path, p.message, p.loc) for p in problems] == [
        (
            "accounts.secondary.location",
            "accounts.primary is in swedencentral too, but placement.distinctFrom keeps them in "
            "different regions",
            ("accounts", "secondary", "location"),
        )
    ]
    apart = config(
        {
            "primary": account("swedencentral"),
            "secondary": account("eastus", placement={"distinctFrom": ["primary"]}, deployments={}),
        }
    )
    assert found(apart) == ({}, {})


def test_ip_rules_that_admit_the_whole_internet_are_a_warning_where_they_are() -> None:
    acls = {"networkAcls": {"ipRules": ["0.0.0.0/1", "128.0.0.0/1"]}}
    stack = config({"chat": account("swedencentral", **acls)})
    resolution = resolve_findings(stack, catalog=CATALOG, today=TODAY)
    assert resolution.resolved is not None and resolution.problems == []
    assert [(p.path, p.message, p.loc) for p in resolution.warnings] == [
        ("accounts.chat.networkAcls.ipRules", WHOLE_INTERNET, ("accounts", "chat", "networkAcls", "ipRules"))
    ]
    half = {"networkAcls": {"ipRules": ["0.0.0.0/1"]}}
    assert found(config({"chat": account("swedencentral", **half)})) == ({}, {})


def test_the_firewall_warning_is_given_even_when_something_else_is_wrong() -> None:
    acls = {"networkAcls": {"ipRules": ["0.0.0.0/1", "128.0.0.0/1"]}}
    stack = config(
        {
            "open": account("swedencentral", **acls),
            "eu": account("eastus", placement={"dataZone": "EU"}, deployments={}),
        }
    )
    problems, warnings = found(stack)
    assert list(problems) == ["accounts.eu.location"]
    assert warnings == {"accounts.open.networkAcls.ipRules": WHOLE_INTERNET}


def test_the_stacks_own_warnings_join_those_of_placement_and_the_catalog() -> None:
    stack = config({"closed": account("swedencentral", publicNetworkAccess="Disabled")})
    assert found(config({"open": account("swedencentral")})) == ({}, {})
    resolution = resolve_findings(stack, catalog=CATALOG, today=TODAY)
    assert resolution.resolved is not None
    assert resolution.resolved.warnings == resolution.warnings
    assert {p.path: p.message for p in resolution.warnings} == {
        "accounts.closed.publicNetworkAccess": UNREACHABLE
    }


def test_the_resolved_stack_holds_the_regions_and_the_catalog_it_was_checked_against() -> None:
    stack = config(
        {
            "pinned": account("swedencentral"),
            "placed": account(
                "auto",
                placement={"regions": ["uksouth", "eastus"]},
                deployments={"chat": {**CHAT, "sku": "GlobalStandard"}},
            ),
        }
    )
    resolved = resolve_stack(stack, "Pulumi.dev.yaml", catalog=CATALOG, today=TODAY)
    assert resolved.config is stack
    assert resolved.catalog is CATALOG
    assert resolved.locations == {"pinned": "swedencentral", "placed": "eastus"}
    assert {key: p.region for key, p in resolved.placements.items()} == resolved.locations
    assert resolved.warnings == []


def test_an_account_no_region_fits_is_a_problem_at_its_location() -> None:
    stack = config(
        {"placed": {**account("auto"), "placement": {"regions": ["uksouth"]}}}
    )
    with pytest.raises(ConfigError) as caught:
        resolve_stack(stack, "Pulumi.dev.yaml", catalog=CATALOG, today=TODAY)
    assert caught.value.source == "Pulumi.dev.yaml"
    assert [(p.path, p.loc) for p in caught.value.problems] == [
        ("accounts.placed.location", ("accounts", "placed", "location"))
    ]
    assert caught.value.problems[0].message.startswith(
        "no candidate region fits (catalog: shipped catalog, tables as of 2026-05-11):"
    )


def test_the_catalog_judges_deployments_unless_the_live_commands_ask_it_not_to() -> None:
    newer = {"model": "chat", "version": "2", "sku": "Standard", "capacity": 1}
    stack = config({"chat": account("swedencentral", deployments={"newer": newer})})
    assert list(found(stack)[0]) == ["accounts.chat.deployments.newer.version"]
    assert found(stack, check_catalog=False) == ({}, {})


def test_provisioned_sizes_are_a_catalog_check_too() -> None:
    """Provisioned gpt-4o 2024-11-20 deploys in steps of 5 units from 15 (the provisioned table)."""
    ptu = {"model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalProvisionedManaged", "capacity": 17}
    stack = config({"chat": account("swedencentral", deployments={"ptu": ptu})})
    assert [p.path for p in resolve_findings(stack, today=TODAY).problems] == [
        "accounts.chat.deployments.ptu.capacity"
    ]
    assert resolve_findings(stack, today=TODAY, check_catalog=False).problems == []


def test_without_a_day_the_lifecycle_is_judged_as_of_today() -> None:
    retired = entry("old", "1", lifecycle={"status": "GenerallyAvailable", "retirement": "2026-01-01"})
    old = {"model": "old", "version": "1", "sku": "Standard", "capacity": 1}
    stack = config({"chat": account("swedencentral", deployments={"old": old})})
    # Retired since 2026-01-01: whatever day the test runs on (it runs after that day).
    problems = resolve_findings(stack, catalog=catalog(retired)).problems
    assert [p.path for p in problems] == ["accounts.chat.deployments.old.version"]


def test_resolve_stack_judges_on_the_day_and_with_the_checks_it_is_given() -> None:
    retiring = entry("old", "1", lifecycle={"status": "GenerallyAvailable", "retirement": "2026-01-01"})
    old = {"model": "old", "version": "1", "sku": "Standard", "capacity": 1}
    stack = config({"chat": account("swedencentral", deployments={"old": old})})
    before = resolve_stack(stack, "dev", catalog=catalog(retiring), today=datetime.date(2025, 12, 1))
    assert before.locations == {"chat": "swedencentral"}
    with pytest.raises(ConfigError):
        resolve_stack(stack, "dev", catalog=catalog(retiring), today=datetime.date(2026, 1, 1))
    live = resolve_stack(stack, "Pulumi.dev.yaml", catalog=CATALOG, check_catalog=False)
    assert live.locations == {"chat": "swedencentral"}
