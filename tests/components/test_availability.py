"""Availability rules with real cases from Microsoft's tables (catalog as of 2025-08-12)."""

from __future__ import annotations

import datetime
from typing import Any

from azure_openai_toolkit.availability import check_deployments
from azure_openai_toolkit.catalog import default_catalog
from azure_openai_toolkit.config import StackConfig
from tests.conftest import parse

BEFORE_RETIREMENTS = datetime.date(2025, 6, 1)  # availability questions, free of lifecycle ones


def stack(
    location: str, *deployments: dict[str, Any], extra_accounts: dict[str, Any] | None = None
) -> StackConfig:
    accounts = {
        "primary": {
            "location": location,
            "deployments": {f"d{i}": {"capacity": 10, **d} for i, d in enumerate(deployments)},
        },
        **(extra_accounts or {}),
    }
    return parse({"namePrefix": "contoso", "environment": "dev", "location": location, "accounts": accounts})


def findings(
    config: StackConfig, today: datetime.date = BEFORE_RETIREMENTS
) -> tuple[dict[str, str], dict[str, str]]:
    locations = {k: config.account_location(k) or "" for k in config.accounts}
    result = check_deployments(config, locations, default_catalog(), today)
    return {p.path: p.message for p in result.problems}, {w.path: w.message for w in result.warnings}


def test_gpt_41_is_not_standard_anywhere() -> None:
    problems, _ = findings(
        stack("australiaeast", {"model": "gpt-4.1", "version": "2025-04-14", "sku": "Standard"})
    )
    message = problems["accounts.primary.deployments.d0.sku"]
    assert (
        "gpt-4.1 2025-04-14 is not offered as Standard in australiaeast (catalog as of 2025-08-12)" in message
    )
    assert "Standard is offered in: no region" in message
    assert "In australiaeast this model version is offered as: GlobalStandard, ProvisionedManaged" in message


def test_gpt_4o_0806_global_standard_is_not_in_italynorth() -> None:
    deployment = {"model": "gpt-4o", "version": "2024-08-06", "sku": "GlobalStandard"}
    problems, _ = findings(stack("italynorth", deployment))
    message = problems["accounts.primary.deployments.d0.sku"]
    assert "not offered as GlobalStandard in italynorth" in message
    assert "swedencentral" in message and "francecentral" in message
    assert "In italynorth this model version is offered as: nothing" in message
    assert findings(stack("francecentral", deployment))[0] == {}


def test_dall_e_3_is_only_standard_in_three_regions() -> None:
    for region in ("australiaeast", "eastus", "swedencentral"):
        assert (
            findings(
                stack(region, {"model": "dall-e-3", "version": "3.0", "sku": "Standard", "capacity": 2})
            )[0]
            == {}
        )
    problems, _ = findings(stack("westeurope", {"model": "dall-e-3", "version": "3.0", "sku": "Standard"}))
    assert (
        "Standard is offered in: australiaeast, eastus, swedencentral"
        in problems["accounts.primary.deployments.d0.sku"]
    )
    problems, _ = findings(stack("eastus", {"model": "dall-e-3", "version": "3.0", "sku": "GlobalStandard"}))
    assert "GlobalStandard is offered in: no region" in problems["accounts.primary.deployments.d0.sku"]


def test_embeddings_are_not_data_zone_standard() -> None:
    problems, _ = findings(
        stack("swedencentral", {"model": "text-embedding-3-large", "version": "1", "sku": "DataZoneStandard"})
    )
    message = problems["accounts.primary.deployments.d0.sku"]
    assert "DataZoneStandard is offered in: no region" in message
    assert "offered as: GlobalStandard, Standard" in message


def test_retired_and_deprecated_models_are_refused_with_their_dates() -> None:
    config = stack("swedencentral", {"model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalStandard"})
    problems, _ = findings(config, datetime.date(2026, 7, 1))
    assert "was retired on 2026-06-05" in problems["accounts.primary.deployments.d0.version"]
    problems, _ = findings(config, datetime.date(2026, 1, 1))
    assert (
        "deprecated since 2025-11-20, retirement 2026-06-05"
        in problems["accounts.primary.deployments.d0.version"]
    )
    assert "skipCatalogCheck" in problems["accounts.primary.deployments.d0.version"]


def test_skip_catalog_check_lets_newer_models_through() -> None:
    newer = {"model": "gpt-5.2", "version": "2025-12-11", "sku": "GlobalStandard"}
    problems, _ = findings(stack("swedencentral", newer))
    assert "not in the catalog as of 2025-08-12" in problems["accounts.primary.deployments.d0.model"]
    assert findings(stack("swedencentral", {**newer, "skipCatalogCheck": True})) == ({}, {})


def test_typos_get_suggestions_and_versions_are_listed() -> None:
    problems, _ = findings(
        stack("swedencentral", {"model": "gpt4o", "version": "2024-11-20", "sku": "GlobalStandard"})
    )
    assert "Did you mean gpt-4o" in problems["accounts.primary.deployments.d0.model"]
    problems, _ = findings(
        stack("swedencentral", {"model": "gpt-4o", "version": "2024-11-21", "sku": "GlobalStandard"})
    )
    assert (
        "known versions: 2024-05-13, 2024-08-06, 2024-11-20"
        in problems["accounts.primary.deployments.d0.version"]
    )


def test_unknown_region_suggests_the_right_one() -> None:
    chat = {"model": "gpt-5", "version": "2025-08-07", "sku": "GlobalStandard"}
    embed = {"model": "text-embedding-3-large", "version": "1", "sku": "Standard"}
    problems, _ = findings(stack("swedencentrall", chat, embed))  # one problem for the account
    assert problems == {
        "accounts.primary.location": "'swedencentrall' offers no Azure OpenAI models in the catalog as of "
        "2025-08-12; did you mean swedencentral, spaincentral?"
    }


def test_quota_summed_over_accounts_of_one_region_warns() -> None:
    chat = {"model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalStandard", "capacity": 300}
    other = {"location": "swedencentral", "deployments": {"chat": chat}}
    config = stack("swedencentral", chat, extra_accounts={"secondary": other})
    problems, warnings = findings(config)
    assert problems == {}
    message = warnings["accounts.primary.deployments.d0.capacity"]
    assert "600,000 tokens per minute of gpt-4o GlobalStandard in swedencentral" in message
    assert "default quota of 450,000 (quotas as of 2025-07-11)" in message
    assert "accounts.secondary.deployments.chat 300,000" in message


def test_quota_is_per_region_and_uses_the_models_capacity_unit() -> None:
    chat = {"model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalStandard", "capacity": 300}
    other = {"location": "francecentral", "deployments": {"chat": chat}}
    warnings = findings(stack("swedencentral", chat, extra_accounts={"secondary": other}))[1]
    assert [path for path in warnings if path.endswith(".capacity")] == []
    # o3-mini: one unit is 10,000 tokens per minute, so 600 units are 6 M > 5 M default.
    _, warnings = findings(
        stack(
            "swedencentral",
            {"model": "o3-mini", "version": "2025-01-31", "sku": "GlobalStandard", "capacity": 600},
        )
    )
    assert "6,000,000 tokens per minute" in warnings["accounts.primary.deployments.d0.capacity"]
