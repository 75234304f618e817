"""config/validation.py: what `make mutate` showed no test checked, and the echo it found.

validate_all leaves each failing part out and validates the rest again; a problem of a later round
about a part left out (or judged against it) is an echo and is dropped. Expected problems are written
from that rule (the module's docstring) and the contract's messages.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import problems_of, with_changes

REGION_RULE = "an Azure region name in lower case without spaces, like swedencentral or eastus2 (got {!r})"


def primary(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["accounts"]["primary"]
    return account


def test_placement_is_not_judged_again_against_a_location_left_out() -> None:
    # The account says where it goes (badly written): with its location left out it would fall back
    # to the stack's default, and its candidate regions would look like ones given without auto.
    data = with_changes(
        lambda d: primary(d).update(location="West Europe", placement={"regions": ["westeurope"]})
    )
    assert list(problems_of(data)) == ["accounts.primary.location"]


def test_a_protected_stack_with_auto_gets_one_problem_not_its_echo() -> None:
    data = with_changes(
        lambda d: (
            d.update(environment="prod"),
            primary(d).update(location="auto", placement={"regions": ["westeurope"]}),
        )
    )
    assert list(problems_of(data)) == ["accounts.primary.location"]


def test_another_accounts_placement_is_still_judged() -> None:
    def change(d: dict[str, Any]) -> None:
        primary(d).update(location="West Europe")
        d["accounts"]["second"] = {"placement": {"regions": ["westeurope"]}}

    problems = problems_of(with_changes(change))
    assert list(problems) == ["accounts.primary.location", "accounts.second.placement.regions"]
    assert problems["accounts.second.placement.regions"].startswith("candidate regions only apply with")
