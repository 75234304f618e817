"""Messages made from pydantic's errors (reporting.py): the choices of a literal with a
did-you-mean, and an unknown key with the keys allowed where it stands."""

from __future__ import annotations

from typing import Any

from azure_openai_toolkit.config.reporting import literal_message
from tests.conftest import problems_of, with_changes

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
