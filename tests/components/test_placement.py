"""Placement: candidates in order, data zones, distinctFrom, and the no-fit explanation."""

from __future__ import annotations

from typing import Any

import pytest

from azure_openai_toolkit.catalog import default_catalog
from azure_openai_toolkit.config import ConfigError, StackConfig
from azure_openai_toolkit.placement import no_fit_message, place_accounts
from azure_openai_toolkit.resolve import resolve_stack
from tests.conftest import FIXTURES, engine_raw, parse

# Shipped catalog: gpt-5.1 DataZoneStandard is in the 7 US regions and francecentral and
# swedencentral; whisper Standard in 8 regions, eastus not among them.
GPT51_DZ = {"model": "gpt-5.1", "version": "2025-11-13", "sku": "DataZoneStandard", "capacity": 10}
EMBED = {"model": "text-embedding-3-large", "version": "1", "sku": "Standard", "capacity": 10}
WHISPER = {"model": "whisper", "version": "001", "sku": "Standard", "capacity": 2}


def config(accounts: dict[str, dict[str, Any]], **top: Any) -> StackConfig:
    return parse(
        {
            "namePrefix": "contoso",
            "environment": "dev",
            "location": "swedencentral",
            "accounts": accounts,
            **top,
        }
    )


def auto(*deployments: dict[str, Any], **placement: Any) -> dict[str, Any]:
    return {
        "location": "auto",
        "placement": placement,
        "deployments": {f"d{i}": d for i, d in enumerate(deployments)},
    }


def regions_of(stack: StackConfig) -> dict[str, str | None]:
    return {k: p.region for k, p in place_accounts(stack).items()}


def test_first_candidate_that_offers_every_deployment_wins() -> None:
    stack = config(
        {"a": auto(GPT51_DZ, regions=["germanywestcentral", "westeurope", "swedencentral", "eastus2"])}
    )
    placement = place_accounts(stack)["a"]
    assert placement.region == "swedencentral"
    assert [c.region for c in placement.candidates if c.fits] == ["swedencentral", "eastus2"]
    assert (
        "passed over germanywestcentral: d0: no DataZoneStandard for gpt-5.1 2025-11-13"
        in placement.explain()
    )


def test_every_deployment_must_fit_the_same_region() -> None:
    stack = config({"a": auto(WHISPER, EMBED, regions=["eastus", "australiaeast", "norwayeast"])})
    placement = place_accounts(stack)["a"]
    assert placement.region == "norwayeast"  # eastus and australiaeast lack whisper
    assert placement.candidates[0].blockers == ["d0: no Standard for whisper 001 (offers nothing)"]


def test_data_zone_alone_takes_the_zones_regions_alphabetically() -> None:
    stack = config({"a": auto(EMBED, dataZone="EU")})
    placement = place_accounts(stack)["a"]
    assert [c.region for c in placement.candidates] == default_catalog().regions_in_zone("EU")
    assert placement.region == "francecentral"


def test_data_zone_blocks_candidates_outside_it() -> None:
    stack = config({"a": auto(EMBED, regions=["uksouth", "eastus", "swedencentral"], dataZone="EU")})
    placement = place_accounts(stack)["a"]
    assert placement.region == "swedencentral"
    assert placement.candidates[0].blockers == ["not in data zone EU"]
    assert placement.candidates[1].blockers == ["not in data zone EU"]


def test_distinct_from_keeps_failover_pairs_apart() -> None:
    stack = config(
        {
            "primary": auto(EMBED, regions=["swedencentral", "francecentral"]),
            "secondary": auto(EMBED, regions=["swedencentral", "francecentral"], distinctFrom=["primary"]),
        }
    )
    assert regions_of(stack) == {"primary": "swedencentral", "secondary": "francecentral"}
    secondary = place_accounts(stack)["secondary"]
    assert secondary.taken == {"swedencentral": "primary"}
    assert "swedencentral: used by accounts.primary (distinctFrom)" in secondary.explain()


def test_distinct_from_is_symmetric_and_searches_when_the_greedy_choice_fails() -> None:
    # primary prefers swedencentral, but secondary can only live there: primary must move.
    stack = config(
        {
            "primary": auto(EMBED, regions=["swedencentral", "francecentral"], distinctFrom=["secondary"]),
            "secondary": auto(GPT51_DZ, regions=["swedencentral"]),
        }
    )
    assert regions_of(stack) == {"primary": "francecentral", "secondary": "swedencentral"}


def test_distinct_from_a_pinned_account() -> None:
    stack = config(
        {
            "pinned": {"location": "swedencentral"},
            "auto": auto(EMBED, regions=["swedencentral", "francecentral"], distinctFrom=["pinned"]),
        }
    )
    assert regions_of(stack) == {"pinned": "swedencentral", "auto": "francecentral"}


def test_no_fit_explains_each_candidate_and_deployment() -> None:
    stack = config({"a": auto(GPT51_DZ, WHISPER, regions=["germanywestcentral", "eastus"])})
    placement = place_accounts(stack)["a"]
    assert placement.region is None
    message = no_fit_message(placement, default_catalog())
    assert message.startswith("no candidate region fits (catalog: shipped catalog, tables as of 2026-05-11):")
    assert (
        "germanywestcentral: d0: no DataZoneStandard for gpt-5.1 2025-11-13 (offers "
        "DataZoneProvisionedManaged, GlobalBatch, GlobalProvisionedManaged, GlobalStandard); "
        "d1: no Standard for whisper 001" in message
    )
    assert "eastus: d1: no Standard for whisper 001 (offers nothing)" in message
    assert "eastus: d0" not in message
    with pytest.raises(ConfigError) as caught:
        resolve_stack(stack, "test")
    assert [p.path for p in caught.value.problems] == ["accounts.a.location"]


def test_no_fit_because_of_distinct_from_says_so() -> None:
    stack = config(
        {
            "primary": auto(GPT51_DZ, regions=["swedencentral"]),
            "secondary": auto(GPT51_DZ, regions=["swedencentral"], distinctFrom=["primary"]),
        }
    )
    placements = place_accounts(stack)
    assert placements["primary"].region is None and placements["secondary"].region is None
    assert "collides with a distinctFrom partner" in no_fit_message(
        placements["secondary"], default_catalog()
    )


def test_a_stack_of_auto_accounts_plans_with_its_placed_regions() -> None:
    from aoai.offline.runner import run_program

    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "DataZoneStandard", "capacity": 10}
    data = {
        "namePrefix": "contoso",
        "environment": "sandbox",
        "resourceGroup": {"location": "swedencentral"},
        "accounts": {
            "chat": auto(chat, regions=["francecentral", "swedencentral"], dataZone="EU"),
            "search": auto(EMBED, dataZone="EU", distinctFrom=["chat"]),
        },
    }
    run = run_program(FIXTURES, "sandbox", engine_raw(data))
    locations = {
        a.inputs["accountName"]: a.inputs["location"]
        for a in run.by_type("azure-native:cognitiveservices:Account")
    }
    assert locations == {
        "contoso-sandbox-chat": "francecentral",
        "contoso-sandbox-search": "germanywestcentral",
    }
