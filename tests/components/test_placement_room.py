"""Placement with live capacities: roomy candidates first, preference order kept in each group."""

from __future__ import annotations

from azure_openai_toolkit.placement import place_accounts
from tests.components.test_placement import EMBED, auto, config


def test_candidates_with_room_go_first_in_preference_order() -> None:
    stack = config({"a": auto(EMBED, regions=["francecentral", "swedencentral", "germanywestcentral"])})
    room = {"francecentral": False, "swedencentral": True, "germanywestcentral": True}
    placement = place_accounts(stack, room=lambda key, region: room[region])["a"]
    assert placement.region == "swedencentral"
    assert [c.region for c in placement.preferred()] == [
        "swedencentral",
        "germanywestcentral",
        "francecentral",
    ]
    assert [c.region for c in placement.candidates] == [
        "francecentral",
        "swedencentral",
        "germanywestcentral",
    ]
    assert "francecentral: not enough available capacity (live)" in placement.explain()


def test_room_is_asked_per_account_and_only_of_fitting_candidates() -> None:
    asked: list[tuple[str, str]] = []

    def room(key: str, region: str) -> bool:
        asked.append((key, region))
        return True

    stack = config({"a": auto(EMBED, regions=["italynorth", "swedencentral"])})  # italynorth: no Standard
    placement = place_accounts(stack, room=room)["a"]
    assert asked == [("a", "swedencentral")]
    assert placement.region == "swedencentral"
    assert placement.explain().startswith("first candidate where every deployment is offered with enough")


def test_pinned_accounts_are_not_asked() -> None:
    stack = config({"a": {"location": "swedencentral", "deployments": {"embeddings": EMBED}}})

    def room(key: str, region: str) -> bool:
        raise AssertionError("a pinned account has no candidates to order")

    assert place_accounts(stack, room=room)["a"].region == "swedencentral"
