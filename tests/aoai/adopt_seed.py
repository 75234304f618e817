"""Seeding the fake ARM with an adopted account's shapes (tests/fixtures/adopt/*.json)."""

from __future__ import annotations

import json
from typing import Any

from azure_openai_toolkit.config.types import parse_resource_id
from tests.conftest import FIXTURES
from tests.fake_arm.server import FakeArm
from tests.fake_arm.state import key_of

SHAPES = ("portal", "cli", "avm")


def shape(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "adopt" / f"{name}.json").read_text())
    return data


def seed(fake: FakeArm, data: dict[str, Any]) -> str:
    """Put the account and everything under it into the fake; returns the account's id."""
    account = data["account"]
    parsed = parse_resource_id(account["id"])
    group, name = parsed.resource_group, parsed.name
    state, others = fake.state, fake.others
    state.accounts[key_of(group, name)] = account
    for deployment in data["deployments"]:
        state.deployments[key_of(group, name, deployment["name"])] = deployment
    for policy in data["raiPolicies"]:
        state.rai_policies[key_of(group, name, policy["name"])] = policy
    for endpoint in data["privateEndpoints"]:
        others.add_private_endpoint(endpoint)
    for endpoint_id, groups in data["zoneGroups"].items():
        for zone_group in groups:
            others.add_zone_group(endpoint_id, zone_group)
    for assignment in data["roleAssignments"]:
        others.add_role_assignment(assignment)
    for setting in data["diagnosticSettings"]:
        others.add_diagnostic_setting(account["id"], setting)
    for lock in data["locks"]:
        others.add_lock(lock)
    return str(account["id"])
