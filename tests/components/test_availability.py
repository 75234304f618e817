"""Availability rules with real cases from Microsoft's tables (the shipped snapshot: availability
tables of 2026-05-11 to 2026-08-28, retirement schedule of 2026-09-02, Tier 1 quotas of 2026-08-20)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from azure_openai_toolkit.availability import check_deployments
from azure_openai_toolkit.catalog import default_catalog
from azure_openai_toolkit.config import StackConfig
from tests.conftest import parse, problems_of

TODAY = datetime.date(2026, 12, 2)
STAMP = "shipped catalog, tables as of 2026-05-11"
JOB = "b044a9d3cf9c4228b5d393567f693b83"


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


def findings(config: StackConfig, today: datetime.date = TODAY) -> tuple[dict[str, str], dict[str, str]]:
    locations = {k: config.account_location(k) or "" for k in config.accounts}
    result = check_deployments(config, locations, default_catalog(), today)
    return {p.path: p.message for p in result.problems}, {w.path: w.message for w in result.warnings}


def test_current_models_pass_without_a_word() -> None:
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "DataZoneStandard"}
    embeddings = {"model": "text-embedding-3-large", "version": "1", "sku": "Standard"}
    assert findings(stack("swedencentral", chat, embeddings)) == ({}, {})


def test_gpt_51_standard_is_regional_in_a_few_regions() -> None:
    problems, _ = findings(
        stack("westeurope", {"model": "gpt-5.1", "version": "2025-11-13", "sku": "Standard"})
    )
    message = problems["accounts.primary.deployments.d0.sku"]
    assert f"gpt-5.1 2025-11-13 is not offered as Standard in westeurope ({STAMP})" in message
    assert (
        "Standard is offered in: centralus, eastus, eastus2, northcentralus, southcentralus, swedencentral, "
        "westus, westus3" in message
    )
    assert (
        "In westeurope this model version is offered as: DataZoneProvisionedManaged, GlobalBatch, "
        "GlobalProvisionedManaged, GlobalStandard" in message
    )


def test_gpt_54_pro_is_global_standard_in_four_regions_only() -> None:
    pro = {"model": "gpt-5.4-pro", "version": "2026-03-05", "sku": "GlobalStandard"}
    problems, _ = findings(stack("francecentral", pro))
    message = problems["accounts.primary.deployments.d0.sku"]
    assert "GlobalStandard is offered in: eastus2, polandcentral, southcentralus, swedencentral" in message
    assert "In francecentral this model version is offered as: nothing" in message
    assert findings(stack("polandcentral", pro))[0] == {}


def test_embeddings_are_not_data_zone_standard_in_norway() -> None:
    problems, _ = findings(
        stack("norwayeast", {"model": "text-embedding-3-large", "version": "1", "sku": "DataZoneStandard"})
    )
    message = problems["accounts.primary.deployments.d0.sku"]
    assert "DataZoneStandard is offered in: centralus, eastus, eastus2, francecentral" in message
    assert "offered as: GlobalStandard, Standard" in message


def test_retired_and_deprecated_models_are_refused_with_their_dates() -> None:
    config = stack("swedencentral", {"model": "gpt-4o", "version": "2024-08-06", "sku": "GlobalStandard"})
    problems, _ = findings(config, datetime.date(2027, 4, 15))
    assert "was retired on 2027-04-14" in problems["accounts.primary.deployments.d0.version"]
    problems, _ = findings(config, datetime.date(2026, 9, 1))
    message = problems["accounts.primary.deployments.d0.version"]
    assert "is deprecated, retirement 2027-04-14: new customers cannot deploy it" in message
    assert "skipCatalogCheck" in message
    problems, _ = findings(
        stack("swedencentral", {"model": "gpt-5.2-chat", "version": "2026-02-10", "sku": "GlobalStandard"})
    )
    assert "was retired on 2026-06-29" in problems["accounts.primary.deployments.d0.version"]


def test_retirement_within_60_days_warns_and_names_the_catalog() -> None:
    config = stack("swedencentral", {"model": "gpt-5", "version": "2025-08-07", "sku": "GlobalStandard"})
    assert findings(config) == ({}, {})  # 2027-02-09 is 69 days away
    problems, warnings = findings(config, datetime.date(2026, 12, 11))
    assert problems == {}
    assert warnings["accounts.primary.deployments.d0.version"] == (
        f"gpt-5 2025-08-07: retirement scheduled for 2027-02-09 (lifecycle: {STAMP})"
    )


def test_skip_catalog_check_lets_newer_models_through() -> None:
    newer = {"model": "gpt-6.1-nova", "version": "2026-07-09", "sku": "GlobalStandard"}
    problems, _ = findings(stack("swedencentral", newer))
    message = problems["accounts.primary.deployments.d0.model"]
    assert f"model 'gpt-6.1-nova' is not in the catalog ({STAMP})" in message
    assert "aoai catalog refresh" in message and "skipCatalogCheck" in message
    assert findings(stack("swedencentral", {**newer, "skipCatalogCheck": True})) == ({}, {})


def test_typos_get_suggestions_and_versions_are_listed() -> None:
    problems, _ = findings(
        stack("swedencentral", {"model": "gpt5.5", "version": "2026-04-24", "sku": "GlobalStandard"})
    )
    assert "Did you mean gpt-5.5" in problems["accounts.primary.deployments.d0.model"]
    problems, _ = findings(
        stack("swedencentral", {"model": "gpt-5.2-chat", "version": "2026-01-01", "sku": "GlobalStandard"})
    )
    assert "known versions: 2025-12-11, 2026-02-10" in problems["accounts.primary.deployments.d0.version"]


def test_unknown_region_suggests_the_right_one() -> None:
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard"}
    embed = {"model": "text-embedding-3-large", "version": "1", "sku": "Standard"}
    problems, _ = findings(stack("swedencentrall", chat, embed))  # one problem for the account
    assert problems == {
        "accounts.primary.location": "'swedencentrall' offers no Azure OpenAI models in the catalog "
        f"({STAMP}); did you mean swedencentral, spaincentral?"
    }


def test_quota_summed_over_accounts_of_one_region_warns() -> None:
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard", "capacity": 600}
    other = {"location": "swedencentral", "deployments": {"chat": chat}}
    config = stack("swedencentral", chat, extra_accounts={"secondary": other})
    problems, warnings = findings(config)
    assert problems == {}
    message = warnings["accounts.primary.deployments.d0.capacity"]
    assert "1,200,000 tokens per minute of gpt-5.5 GlobalStandard in swedencentral" in message
    assert "default quota of 1,000,000 (Tier 1" in message and "quotas as of 2026-08-20" in message
    assert "accounts.secondary.deployments.chat 600,000" in message


def test_quota_is_per_region_and_uses_the_models_capacity_unit() -> None:
    chat = {"model": "gpt-5.5", "version": "2026-04-24", "sku": "GlobalStandard", "capacity": 600}
    other = {"location": "francecentral", "deployments": {"chat": chat}}
    warnings = findings(stack("swedencentral", chat, extra_accounts={"secondary": other}))[1]
    assert [path for path in warnings if path.endswith(".capacity")] == []
    # o3-pro: one unit is 10,000 tokens per minute, so 200 units are 2 M > the 1.6 M of Tier 1.
    _, warnings = findings(
        stack(
            "swedencentral",
            {"model": "o3-pro", "version": "2025-06-10", "sku": "GlobalStandard", "capacity": 200},
        )
    )
    assert "2,000,000 tokens per minute" in warnings["accounts.primary.deployments.d0.capacity"]


# -- fine-tuned models ---------------------------------------------------------------------------


def fine_tuned(base: str, sku: str, **extra: Any) -> dict[str, Any]:
    return {"model": f"{base}.ft-{JOB}", "sku": sku, **extra}


def test_a_fine_tuned_model_validates_where_its_base_takes_fine_tuned_deployments() -> None:
    """gpt-4.1-mini: Standard in North Central US and Sweden Central; Global Standard everywhere."""
    config = stack("swedencentral", fine_tuned("gpt-4.1-mini-2025-04-14", "Standard"))
    assert findings(config) == ({}, {})
    assert config.accounts["primary"].deployments["d0"].version == "1"  # defaulted
    assert findings(stack("francecentral", fine_tuned("gpt-4.1-mini-2025-04-14", "GlobalStandard"))) == (
        {},
        {},
    )


def test_a_fine_tuned_deployment_outlives_its_base_model() -> None:
    """Base gpt-4o-mini retired 2026-10-01; its fine-tuned deployments retire 2027-10-01."""
    config = stack("swedencentral", fine_tuned("gpt-4o-mini-2024-07-18", "Standard"))
    assert findings(config) == ({}, {})
    _, warnings = findings(config, datetime.date(2027, 9, 1))
    assert (
        "deployments of models fine-tuned from gpt-4o-mini 2024-07-18 retire on 2027-10-01"
        in warnings["accounts.primary.deployments.d0.model"]
    )
    problems, _ = findings(config, datetime.date(2027, 10, 1))
    assert "were retired on 2027-10-01" in problems["accounts.primary.deployments.d0.model"]


def test_a_fine_tuned_model_where_its_base_takes_none_of_that_sku_is_refused() -> None:
    problems, _ = findings(stack("francecentral", fine_tuned("gpt-4.1-mini-2025-04-14", "Standard")))
    message = problems["accounts.primary.deployments.d0.sku"]
    assert (
        "models fine-tuned from gpt-4.1-mini 2025-04-14 cannot be deployed as Standard in francecentral"
        in message
    )
    assert "Standard in northcentralus, swedencentral" in message
    problems, _ = findings(stack("northcentralus", fine_tuned("gpt-4.1-2025-04-14", "ProvisionedManaged")))
    assert "ProvisionedManaged in swedencentral" in problems["accounts.primary.deployments.d0.sku"]


def test_a_base_without_fine_tuning_or_unknown_is_refused_with_the_reason() -> None:
    problems, _ = findings(stack("swedencentral", fine_tuned("gpt-5.5-2026-04-24", "GlobalStandard")))
    assert (
        f"gpt-5.5 2026-04-24 takes no fine-tuned deployments according to the catalog ({STAMP})"
        in problems["accounts.primary.deployments.d0.model"]
    )
    problems, _ = findings(stack("swedencentral", fine_tuned("gpt-9-2027-01-01", "GlobalStandard")))
    assert (
        "the base model gpt-9 2027-01-01 of this fine-tuned model is not in the catalog"
        in problems["accounts.primary.deployments.d0.model"]
    )


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        (
            "gpt-4o-mini-2024-07-18.ft-0123",
            "'0123' is not the 32 lower-case hex digits of a fine-tuning job id",
        ),
        (f"gpt-4o-mini.ft-{JOB}", "'gpt-4o-mini' does not end with the base model's version (YYYY-MM-DD)"),
        (f"gpt-4o-mini-2024-07-18.ft-{JOB.upper()}", "is not the 32 lower-case hex digits"),
    ],
)
def test_a_malformed_fine_tuned_id_is_a_contract_error(model: str, reason: str) -> None:
    data = {
        "namePrefix": "contoso",
        "environment": "dev",
        "location": "swedencentral",
        "accounts": {
            "primary": {"deployments": {"tuned": {"model": model, "sku": "Standard", "capacity": 1}}}
        },
    }
    message = problems_of(data)["accounts.primary.deployments.tuned.model"]
    assert message.startswith(f"{model!r} is not a fine-tuned model id: ") and reason in message
    assert "gpt-4.1-mini-2025-04-14.ft-b044a9d3cf9c4228b5d393567f693b83" in message


def test_a_model_without_version_is_still_a_contract_error_unless_fine_tuned() -> None:
    data = {
        "namePrefix": "contoso",
        "environment": "dev",
        "location": "swedencentral",
        "accounts": {
            "primary": {"deployments": {"chat": {"model": "gpt-5.5", "sku": "Standard", "capacity": 1}}}
        },
    }
    assert "accounts.primary.deployments.chat.version" in problems_of(data)


def test_an_account_without_deployments_is_checked_for_its_region() -> None:
    config = parse(
        {"namePrefix": "contoso", "environment": "dev", "location": "nowhere", "accounts": {"a": {}}}
    )
    problems, _ = findings(config)
    assert list(problems) == ["accounts.a.location"]
    message = problems["accounts.a.location"]
    assert message.startswith(
        f"'nowhere' offers no Azure OpenAI models in the catalog ({STAMP}); use one of australiaeast, "
    )
    assert "swedencentral" in message and "refresh the catalog from Azure (`aoai catalog refresh`)" in message


def test_deployments_that_skip_the_catalog_check_do_not_hide_the_region() -> None:
    skipped = {
        "model": "gpt-6.1-nova",
        "version": "2026-07-09",
        "sku": "GlobalStandard",
        "skipCatalogCheck": True,
    }
    other_format = {"model": "Llama-4", "version": "1", "sku": "GlobalStandard", "format": "Meta"}
    problems, warnings = findings(stack("swedencentrall", skipped, other_format))
    assert problems == {
        "accounts.primary.location": "'swedencentrall' offers no Azure OpenAI models in the catalog "
        f"({STAMP}); did you mean swedencentral, spaincentral?"
    }
    assert warnings == {}  # nothing is offered there: no per-deployment echo of the region


@pytest.mark.parametrize("version", ["2024-07-18", "2", "1.0"])
def test_a_fine_tuned_deployment_is_version_1_and_nothing_else(version: str) -> None:
    """Azure deploys a fine-tuned model as model version "1" (fine-tuning-deploy.md, ms.date
    2026-02-11: every REST, Python and CLI example sends "version": "1"); the base version is part
    of the id. Any other version is refused offline, with the fix."""
    model = f"gpt-4o-mini-2024-07-18.ft-{JOB}"
    tuned = {"model": model, "version": version, "sku": "Standard", "capacity": 1}
    data = {
        "namePrefix": "contoso",
        "environment": "dev",
        "location": "swedencentral",
        "accounts": {"primary": {"deployments": {"tuned": tuned}}},
    }
    message = problems_of(data)["accounts.primary.deployments.tuned.version"]
    assert message == (
        f"a fine-tuned model is deployed as version \"1\", not {version!r} (its id already names the "
        "base version, 2024-07-18): write version: \"1\" or leave version out"
    )
    fixed = parse({**data, "accounts": {"primary": {"deployments": {"tuned": {**tuned, "version": "1"}}}}})
    assert fixed.accounts["primary"].deployments["tuned"].version == "1"
