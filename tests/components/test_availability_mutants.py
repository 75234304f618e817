"""Offline availability (azure_openai_toolkit.availability): the rules `make mutate` found unpinned.

Whole messages and paths written by hand from the rules and the shipped catalog (the same facts
as tests/components/test_availability.py: tables as of 2026-05-11, Tier 1 quotas of 2026-08-20).
"""

from __future__ import annotations

import datetime
from typing import Any

from azure_openai_toolkit.availability import SKIP_HINT, check_deployments
from azure_openai_toolkit.catalog import default_catalog
from tests.components.test_availability import JOB, STAMP, TODAY, findings, stack

TIER_1 = "Tier 1, the lowest paid quota tier (Foundry quota tiers); your subscription's tier may allow more"


def test_a_format_other_than_openai_is_a_warning_at_its_format_and_nothing_else() -> None:
    grok = {"model": "grok-3", "version": "1", "sku": "GlobalStandard", "format": "xAI"}
    assert findings(stack("swedencentral", grok)) == (
        {},
        {
            "accounts.primary.deployments.d0.format": (
                f"the catalog ({STAMP}) covers format OpenAI only; xAI not checked"
            )
        },
    )


def test_the_quota_warning_names_every_user_and_sits_at_the_first_ones_capacity() -> None:
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard", "capacity": 600}
    other = {"location": "swedencentral", "deployments": {"chat": chat}}
    assert findings(stack("swedencentral", chat, extra_accounts={"secondary": other})) == (
        {},
        {
            "accounts.primary.deployments.d0.capacity": (
                "1,200,000 tokens per minute of gpt-5.5 GlobalStandard in swedencentral "
                "(accounts.primary.deployments.d0 600,000, accounts.secondary.deployments.chat 600,000) "
                f"exceed the default quota of 1,000,000 ({TIER_1}; quotas as of 2026-08-20, {STAMP}); "
                "aoai preflight reads your subscription's quota live"
            )
        },
    )


def test_demand_at_exactly_the_default_quota_does_not_warn() -> None:
    # 1,000 units of 1,000 tokens per minute: the Tier 1 default of 1,000,000, not beyond it.
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard", "capacity": 1000}
    assert findings(stack("swedencentral", chat)) == ({}, {})


def tuned(model: str, sku: str) -> dict[str, Any]:
    return {"model": f"{model}.ft-{JOB}", "sku": sku}


NEWER = {"model": "gpt-6.1-nova", "version": "2026-07-09", "sku": "GlobalStandard", "capacity": 10}


def test_every_account_and_deployment_is_checked_past_the_ones_with_findings() -> None:
    """One finding of each kind, each followed by one that must still be found; every finding sits
    at its key path (`loc`, the path's parts), which is where the stack file's line is looked up."""
    accounts = {
        # Not placed (no location below): placement reports it, and the accounts after it are checked.
        "unplaced": {"location": "swedencentral", "deployments": {"chat": NEWER}},
        # A region without Azure OpenAI: one problem for the account, and the next account is checked.
        "typo": {"location": "swedencentrall", "deployments": {"chat": NEWER}},
        "west": {
            "location": "westeurope",
            "deployments": {
                "regional": {**NEWER, "model": "gpt-5.1", "version": "2025-11-13", "sku": "Standard"},
                "newer": NEWER,  # after the refused SKU above, still checked
            },
        },
    }
    config = stack(
        "swedencentral",
        {**NEWER, "skipCatalogCheck": True},  # d0: not checked
        {"model": "Llama-4", "version": "1", "sku": "GlobalStandard", "format": "Meta"},  # d1: warning
        tuned("gpt-5.5-2026-04-24", "GlobalStandard"),  # d2: base takes no fine-tuned deployments
        tuned("gpt-4o-mini-2024-07-18", "Standard"),  # d3: fine
        NEWER,  # d4: unknown model
        {"model": "gpt-5", "version": "2025-08-07", "sku": "GlobalStandard"},  # d5: retires in 60 days
        {"model": "gpt-4o", "version": "2024-08-06", "sku": "GlobalStandard"},  # d6: deprecated
        extra_accounts=accounts,
    )
    locations = {k: config.account_location(k) or "" for k in config.accounts if k != "unplaced"}
    result = check_deployments(config, locations, default_catalog(), datetime.date(2026, 12, 11))
    assert [(p.path, p.loc) for p in result.problems] == [
        at("primary", "deployments", "d2", "model"),
        at("primary", "deployments", "d4", "model"),
        at("primary", "deployments", "d6", "version"),
        at("typo", "location"),
        at("west", "deployments", "regional", "sku"),
        at("west", "deployments", "newer", "model"),
    ]
    assert [(w.path, w.loc) for w in result.warnings] == [
        at("primary", "deployments", "d1", "format"),
        at("primary", "deployments", "d5", "version"),
    ]


def test_a_fine_tuned_deployments_retirement_warning_and_refusal_sit_at_its_model() -> None:
    config = stack("swedencentral", tuned("gpt-4o-mini-2024-07-18", "Standard"))
    locations = {"primary": "swedencentral"}
    warned = check_deployments(config, locations, default_catalog(), datetime.date(2027, 9, 1))
    assert [(w.path, w.loc) for w in warned.warnings] == [at("primary", "deployments", "d0", "model")]
    retired = check_deployments(config, locations, default_catalog(), datetime.date(2027, 10, 1))
    assert [(p.path, p.loc) for p in retired.problems] == [at("primary", "deployments", "d0", "model")]


def at(*parts: str) -> tuple[str, tuple[str, ...]]:
    return ".".join(("accounts", *parts)), ("accounts", *parts)


def test_each_quota_group_is_judged_and_the_warning_sits_at_its_capacity() -> None:
    # Sorted by region, model, SKU: the DataZoneStandard group (10,000) is within its quota and
    # the GlobalStandard one after it (1,100,000) is beyond the Tier 1 default of 1,000,000.
    small = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "DataZoneStandard", "capacity": 10}
    large = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard", "capacity": 1100}
    config = stack("swedencentral", small, large)
    result = check_deployments(config, {"primary": "swedencentral"}, default_catalog(), TODAY)
    assert result.problems == []
    assert [(w.path, w.loc) for w in result.warnings] == [at("primary", "deployments", "d1", "capacity")]


def test_a_fine_tuned_deployment_warns_from_60_days_before_it_retires() -> None:
    # Fine-tuned gpt-4o-mini 2024-07-18 deployments retire 2027-10-01: 60 days after 2027-08-02.
    config = stack("swedencentral", tuned("gpt-4o-mini-2024-07-18", "Standard"))
    assert findings(config, datetime.date(2027, 8, 1)) == ({}, {})
    assert findings(config, datetime.date(2027, 8, 2)) == (
        {},
        {
            "accounts.primary.deployments.d0.model": (
                "deployments of models fine-tuned from gpt-4o-mini 2024-07-18 retire on 2027-10-01 "
                f"({STAMP})"
            )
        },
    )


def test_an_unknown_fine_tuning_base_lists_the_known_versions_of_its_model() -> None:
    problems, _ = findings(stack("swedencentral", tuned("gpt-5.2-chat-2027-01-01", "GlobalStandard")))
    assert problems["accounts.primary.deployments.d0.model"] == (
        "the base model gpt-5.2-chat 2027-01-01 of this fine-tuned model is not in the catalog "
        f"({STAMP}; versions of gpt-5.2-chat: 2025-12-11, 2026-02-10). {SKIP_HINT}"
    )
    problems, _ = findings(stack("swedencentral", tuned("gpt-9-2027-01-01", "GlobalStandard")))
    assert problems["accounts.primary.deployments.d0.model"] == (
        "the base model gpt-9 2027-01-01 of this fine-tuned model is not in the catalog "
        f"({STAMP}; versions of gpt-9: none). {SKIP_HINT}"
    )


def test_a_model_nothing_resembles_gets_no_suggestion() -> None:
    odd = {"model": "zzzz", "version": "1", "sku": "GlobalStandard"}
    problems, _ = findings(stack("swedencentral", odd))
    assert problems["accounts.primary.deployments.d0.model"] == (
        f"model 'zzzz' is not in the catalog ({STAMP}). Otherwise {SKIP_HINT}"
    )


def test_a_retired_version_is_refused_with_the_way_to_keep_an_existing_deployment() -> None:
    config = stack("swedencentral", {"model": "gpt-4o", "version": "2024-08-06", "sku": "GlobalStandard"})
    problems, _ = findings(config, datetime.date(2027, 4, 15))
    assert problems["accounts.primary.deployments.d0.version"].endswith(
        ". Pick a current version; an existing deployment that must stay can set skipCatalogCheck: true"
    )
