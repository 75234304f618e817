"""The one data-zone rule (azure_openai_toolkit.skus), as the config and the policy pack apply it.

Expected values from Microsoft's deployment types table: Global* and DeveloperTier may process
data in any Azure region; Standard (regional) and DataZone* stay in the zone.
"""

from __future__ import annotations

from typing import Any

import pytest

from azure_openai_toolkit.skus import GLOBAL_SKUS, data_zone_instead, leaves_data_zone
from tests.conftest import problems_of, with_changes


@pytest.mark.parametrize(
    ("sku", "leaves", "instead"),
    [
        ("GlobalStandard", True, "DataZoneStandard"),
        ("GlobalProvisionedManaged", True, "DataZoneProvisionedManaged"),
        ("GlobalBatch", True, "DataZoneBatch"),
        ("DeveloperTier", True, "DataZoneStandard"),
        ("Standard", False, None),
        ("DataZoneStandard", False, None),
        ("DataZoneProvisionedManaged", False, None),
        ("DataZoneBatch", False, None),
        ("ProvisionedManaged", False, None),
    ],
)
def test_which_skus_leave_a_data_zone_and_what_to_use_instead(
    sku: str, leaves: bool, instead: str | None
) -> None:
    assert leaves_data_zone(sku) is leaves
    assert (sku in GLOBAL_SKUS) is leaves
    if instead is not None:
        assert data_zone_instead(sku) == instead


def test_the_config_refuses_global_batch_under_a_data_zone() -> None:
    def change(data: dict[str, Any]) -> None:
        account = data["accounts"]["primary"]
        account["location"] = "auto"
        account["placement"] = {"dataZone": "EU", "regions": ["swedencentral"]}
        account["deployments"]["chat"]["sku"] = "GlobalBatch"

    assert problems_of(with_changes(change))["accounts.primary.deployments.chat.sku"] == (
        "GlobalBatch may process data in any region, which breaks placement.dataZone EU; "
        "use DataZoneBatch (or Standard)"
    )


def test_the_policy_refuses_global_batch_under_the_organisations_data_zone() -> None:
    from aoai.offline.policy import load_rules

    rules = load_rules()  # the toolkit's policy/aoai_rules.py (the fixture project has none)
    deployment = rules.ResourceView(
        "azure-native:cognitiveservices:Deployment", "chat", "urn:chat", {"sku": {"name": "GlobalBatch"}}
    )
    (message,) = rules.no_global_skus_in_data_zone(deployment, {"dataZone": "EU"})
    assert "uses GlobalBatch, which may process data in any Azure region" in message
    assert "use DataZoneBatch (or Standard)" in message
    assert rules.no_global_skus_in_data_zone(deployment, {}) == []
