"""capacity.py: what `make mutate` showed no test checked (issue 16).

Through the real client against the fake ARM (ModelCapacities_List items as the service answers
them, one subscription-wide call per model version), and has_room as a pure function.
"""

from __future__ import annotations

from typing import Any

import pytest

from aoai.exit_codes import AoaiError
from aoai.live.capacity import Need, available_capacity, gather_capacities, has_room, room_for_auto_accounts
from aoai.live.client import open_session
from aoai.live.facts import Capacity
from tests.conftest import base_config, parse
from tests.fake_arm import FakeArm, Fault

from .scenario import settings_for

GPT5 = ("OpenAI", "gpt-5", "2025-08-07")
EMBED = ("OpenAI", "text-embedding-3-large", "1")


def auto_stack() -> dict[str, Any]:
    """base_config() with account `primary` placed (location auto) in the EU data zone: chat
    (gpt-5 DataZoneStandard 10) and embeddings (text-embedding-3-large Standard 20)."""
    data = base_config()
    primary = data["accounts"]["primary"]
    primary["location"] = "auto"
    primary["placement"] = {"dataZone": "EU"}
    primary["deployments"]["chat"]["sku"] = "DataZoneStandard"
    primary["deployments"]["embeddings"] = {
        "model": "text-embedding-3-large", "version": "1", "sku": "Standard", "capacity": 20,
    }
    return data


def test_each_model_version_read_is_reported_to_the_progress_callback(fake_arm: FakeArm) -> None:
    done: list[object] = []
    with open_session(settings_for(fake_arm)) as session:
        found, missing = gather_capacities(session, [GPT5, EMBED, GPT5], done.append)
    assert (found, missing) == ([], [])
    assert len(done) == 2  # one call per distinct model version
    with open_session(settings_for(fake_arm)) as session:
        room_for_auto_accounts(parse(auto_stack()), session, done.append)
    assert len(done) == 4


def test_capacity_that_cannot_be_read_names_each_model_version(fake_arm: FakeArm) -> None:
    fake_arm.inject("ModelCapacities_List", Fault.server_error(503), times=None)
    with open_session(settings_for(fake_arm, retries=0)) as session, pytest.raises(AoaiError) as raised:
        room_for_auto_accounts(parse(auto_stack()), session)
    message = str(raised.value)
    assert message.startswith("could not read available capacity, so --live cannot be honoured: ")
    details = message.split("honoured: ", 1)[1]
    # Each unread model version as "capacity of <format>/<model> <version>: <why>", "; " between.
    parts = details.split("; capacity of ")
    assert len(parts) == 2, message
    assert parts[0].startswith("capacity of OpenAI/gpt-5 2025-08-07: ")
    assert parts[1].startswith("OpenAI/text-embedding-3-large 1: ")
    assert "503" in parts[0] and "503" in parts[1]


def test_room_is_asked_per_account_and_an_account_with_nothing_to_place_has_room(fake_arm: FakeArm) -> None:
    fake_arm.state.add_capacity("swedencentral", "gpt-5", "2025-08-07", "DataZoneStandard", 10)
    fake_arm.state.add_capacity("swedencentral", "text-embedding-3-large", "1", "Standard", 19)
    fake_arm.state.add_capacity("francecentral", "gpt-5", "2025-08-07", "DataZoneStandard", 10)
    fake_arm.state.add_capacity("francecentral", "text-embedding-3-large", "1", "Standard", 20)
    with open_session(settings_for(fake_arm)) as session:
        room = room_for_auto_accounts(parse(auto_stack()), session)
    assert room("primary", "francecentral")
    assert not room("primary", "swedencentral")  # 19 of the 20 embeddings units
    assert room("another", "swedencentral")


def test_a_region_that_reports_nothing_has_no_room_even_for_one_unit() -> None:
    available = available_capacity([Capacity("uksouth", "gpt-5", "2025-08-07", "GlobalStandard", 50)])
    assert not has_room("swedencentral", [Need("gpt-5", "2025-08-07", "GlobalStandard", 1)], available)
