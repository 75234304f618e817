"""Messages made from pydantic's errors (reporting.py): the choices of a literal with a
did-you-mean, and an unknown key with the keys allowed where it stands."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from azure_openai_toolkit.config.reporting import literal_message
from tests.conftest import base_config, problems_of, with_changes

SKUS = "'GlobalStandard', 'Standard' or 'DataZoneStandard'"


def test_a_literal_lists_its_choices_and_suggests_one_that_differs_only_in_case() -> None:
    assert literal_message(SKUS, "GLOBALSTANDARD") == (
        "must be one of GlobalStandard, Standard, DataZoneStandard (got str 'GLOBALSTANDARD'); "
        "did you mean 'GlobalStandard'?"
    )


def test_a_literal_suggests_a_close_spelling() -> None:
    assert literal_message(SKUS, "Standrd") == (
        "must be one of GlobalStandard, Standard, DataZoneStandard (got str 'Standrd'); "
        "did you mean 'Standard'?"
    )
    assert literal_message(SKUS, "Provisioned").endswith("(got str 'Provisioned')")
    assert (
        literal_message(SKUS, 3) == "must be one of GlobalStandard, Standard, DataZoneStandard (got number 3)"
    )


def test_an_unknown_key_names_the_keys_allowed_where_it_stands() -> None:
    def change(d: dict[str, Any]) -> None:
        d["accounts"]["primary"]["placement"] = {"regionz": ["swedencentral"]}

    assert problems_of(with_changes(change))["accounts.primary.placement.regionz"] == (
        "unknown key 'regionz'; did you mean 'regions'? (allowed here: regions, dataZone, distinctFrom)"
    )


# The words a user reads for each kind of wrong value: the limit is Azure's 32-bit integer
# (2,147,483,647 = 2^31 - 1), the SKU names are ARM's deployment sku.name values.
CAPACITY = "accounts.primary.deployments.chat.capacity"


def chat(data: dict[str, Any]) -> dict[str, Any]:
    deployment: dict[str, Any] = data["accounts"]["primary"]["deployments"]["chat"]
    return deployment


def acls(value: object) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["accounts"]["primary"].update(networkAcls=value)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: chat(d).update(capacity="ten"), CAPACITY, "must be a whole number (got str 'ten')"),
        (lambda d: chat(d).update(capacity=1.5), CAPACITY, "must be a whole number (got number 1.5)"),
        (lambda d: chat(d).update(capacity=0), CAPACITY, "must be a positive integer (got 0)"),
        (
            lambda d: chat(d).update(capacity=2**31),
            CAPACITY,
            "must be at most 2,147,483,647 (got 2147483648); Azure takes a 32-bit integer here",
        ),
        (lambda d: d.update(protect="maybe"), "protect", "must be true or false (got 'maybe')"),
        (
            acls({"defaultAction": "Deny", "ipRules": "203.0.113.7"}),
            "accounts.primary.networkAcls.ipRules",
            "must be a list (got str '203.0.113.7')",
        ),
        (
            acls("open"),
            "accounts.primary.networkAcls",
            "must be a mapping of keys to values (got str 'open')",
        ),
        (
            lambda d: chat(d).update(sku="globalstandard"),
            "accounts.primary.deployments.chat.sku",
            "must be one of Standard, GlobalStandard, DataZoneStandard, ProvisionedManaged, "
            "GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch, "
            "DeveloperTier (got str 'globalstandard'); did you mean 'GlobalStandard'?",
        ),
    ],
)
def test_each_kind_of_wrong_value_gets_its_words(
    change: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    data = copy.deepcopy(base_config())
    change(data)
    assert problems_of(data) == {path: message}
