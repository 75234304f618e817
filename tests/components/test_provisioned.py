"""Provisioned deployments are sized at the model's minimum plus whole increments (offline)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.provisioned import DATA_FILE, Sizing, check_provisioned, provisioned_table
from azure_openai_toolkit.resolve import resolve_stack
from tests.components.config.test_models import chat
from tests.conftest import parse, with_changes


def provisioned(model: str, sku: str, capacity: int, **more: Any) -> dict[str, Any]:
    def change(data: dict[str, Any]) -> None:
        chat(data).update(model=model, sku=sku, capacity=capacity, **more)

    return with_changes(change)


def problems(data: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in check_provisioned(parse(data))}


def test_the_table_is_dated_sourced_and_well_formed() -> None:
    data = json.loads(DATA_FILE.read_text())
    assert datetime.date.fromisoformat(data["asOf"]) == datetime.date(2026, 4, 7)
    assert "provisioned-throughput-onboarding.md" in data["source"] and data["refresh"]
    for name, rows in data["models"].items():
        assert set(rows) == {"globalAndDataZone", "regional"}, name
        for row in rows.values():
            assert row is None or (row["minimum"] > 0 and row["increment"] > 0), name
    table = provisioned_table()
    assert table.sizing("gpt-4o", "GlobalProvisionedManaged")[1] is not None


@pytest.mark.parametrize(
    ("model", "sku", "good", "bad"),
    [
        ("gpt-4o", "GlobalProvisionedManaged", (15, 20, 100), (10, 17)),
        ("gpt-4o", "DataZoneProvisionedManaged", (15, 25), (16,)),
        ("gpt-4o", "ProvisionedManaged", (50, 100, 150), (25, 75)),
        ("o1", "ProvisionedManaged", (25, 75, 125), (50, 100)),  # minimum 25, steps of 50
        ("gpt-5-mini", "ProvisionedManaged", (25, 50), (30,)),
        ("DeepSeek-R1", "GlobalProvisionedManaged", (100, 200), (150,)),
    ],
)
def test_sizes_follow_the_minimum_and_the_increment(
    model: str, sku: str, good: tuple[int, ...], bad: tuple[int, ...]
) -> None:
    for capacity in good:
        assert problems(provisioned(model, sku, capacity)) == {}, capacity
    for capacity in bad:
        found = problems(provisioned(model, sku, capacity))
        assert list(found) == ["accounts.primary.deployments.chat.capacity"], capacity


def test_the_message_names_the_sizes_and_the_date() -> None:
    found = problems(provisioned("gpt-4o", "GlobalProvisionedManaged", 17))
    assert found == {
        "accounts.primary.deployments.chat.capacity": "GlobalProvisionedManaged gpt-4o is sized at 15, 20, "
        "25, ... PTUs (minimum 15, then steps of 5; PTU sizes as of 2026-04-07); got 17"
    }


def test_models_not_offered_as_regional_provisioned_are_named() -> None:
    found = problems(provisioned("DeepSeek-R1", "ProvisionedManaged", 100))
    assert list(found) == ["accounts.primary.deployments.chat.sku"]
    assert "not offered as regional ProvisionedManaged" in found["accounts.primary.deployments.chat.sku"]


def test_unlisted_models_standard_skus_and_skipped_deployments_are_not_checked() -> None:
    assert problems(provisioned("gpt-4o", "GlobalStandard", 7)) == {}
    assert problems(provisioned("some-new-model", "GlobalProvisionedManaged", 7)) == {}
    assert problems(provisioned("gpt-4o", "GlobalProvisionedManaged", 7, skipCatalogCheck=True)) == {}


def test_validate_reports_it_like_every_other_problem() -> None:
    config = parse(provisioned("gpt-4o", "GlobalProvisionedManaged", 17, version="2024-11-20"))
    with pytest.raises(ConfigError) as caught:
        resolve_stack(config, "test")
    assert "accounts.primary.deployments.chat.capacity" in {p.path for p in caught.value.problems}


def test_a_size_is_the_minimum_plus_whole_increments_of_any_table() -> None:
    # A minimum that is no multiple of the increment: the steps count from the minimum, not from 0.
    sizing = Sizing(minimum=3, increment=5)
    assert [c for c in range(0, 20) if sizing.fits(c)] == [3, 8, 13, 18]
    assert sizing.sizes() == "3, 8, 13, ..."


def test_each_problem_points_at_the_key_it_is_about() -> None:
    """The key path as parts: what places the problem on its line of the stack file."""

    def change(data: dict[str, Any]) -> None:
        deployments = data["accounts"]["primary"]["deployments"]
        deployments["chat"].update(model="gpt-4o", sku="GlobalProvisionedManaged", capacity=17)
        deployments["reason"] = {**deployments["chat"], "model": "DeepSeek-R1", "sku": "ProvisionedManaged"}

    found = [p.loc for p in check_provisioned(parse(with_changes(change)))]
    assert found == [
        ("accounts", "primary", "deployments", "chat", "capacity"),
        ("accounts", "primary", "deployments", "reason", "sku"),
    ]


def test_the_regional_refusal_names_the_skus_to_use_and_the_way_out() -> None:
    found = problems(provisioned("DeepSeek-R1", "ProvisionedManaged", 100))
    assert found == {
        "accounts.primary.deployments.chat.sku": "DeepSeek-R1 is not offered as regional ProvisionedManaged "
        "(PTU sizes as of 2026-04-07); use GlobalProvisionedManaged or DataZoneProvisionedManaged, or set "
        "skipCatalogCheck: true if Azure offers it now"
    }


def test_a_deployment_not_checked_does_not_stop_the_check_of_the_next() -> None:
    def change(data: dict[str, Any]) -> None:
        deployments = data["accounts"]["primary"]["deployments"]
        bad = {**deployments["chat"], "model": "gpt-4o", "sku": "GlobalProvisionedManaged", "capacity": 17}
        deployments.clear()
        deployments["a-skipped"] = {**bad, "skipCatalogCheck": True}
        deployments["b-unlisted"] = {**bad, "model": "some-new-model"}
        deployments["c-bad"] = bad

    found = {p.path for p in check_provisioned(parse(with_changes(change)))}
    assert found == {"accounts.primary.deployments.c-bad.capacity"}
