"""The subscription-wide reads: what the SKU list means, and subdomains decided without a call
where the subscription's own lists already answer."""

from __future__ import annotations

from typing import Any

from azure.mgmt.cognitiveservices import models as sdk

from aoai.live.facts import account_sku_availability
from tests.fake_arm import FakeArm
from tests.fake_arm.state import key_of

from .scenario import RG, gather, preflight, seed_deployed, seed_healthy, stack_data


def skus(*items: dict[str, Any]) -> list[sdk.ResourceSku]:
    """ResourceSkus_List items as the SDK deserializes them from ARM's JSON."""
    return [sdk.ResourceSku.deserialize(item) for item in items]


def sku(
    kind: str, name: str, location: str, restrictions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "resourceType": "accounts",
        "name": name,
        "tier": "Standard",
        "kind": kind,
        "locations": [location],
        "restrictions": restrictions or [],
    }


def restricted(location: str, code: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "Location",
            "values": [location],
            "restrictionInfo": {"locations": [location]},
            "reasonCode": code,
        }
    ]


def test_the_sku_list_says_where_kind_openai_s0_may_be_created() -> None:
    answer = account_sku_availability(
        skus(
            sku("Face", "S0", "WESTEUROPE"),  # another kind: says nothing about OpenAI
            sku("OpenAI", "S0", "SWEDENCENTRAL"),
            sku("OpenAI", "S0", "EASTUS", restricted("EASTUS", "QuotaId")),
            sku("OpenAI", "S0", "UKSOUTH", restricted("UKSOUTH", "NotAvailableForSubscription")),
            sku("OpenAI", "F0", "FRANCECENTRAL"),  # another SKU
            sku(
                "OpenAI",
                "S0",
                "JAPANEAST",
                [{"type": "Zone", "values": ["JAPANEAST"], "reasonCode": "QuotaId"}],
            ),
        )
    )
    assert answer == {
        "swedencentral": (True, None),
        "eastus": (
            False,
            "the subscription lacks the quota id or feature it requires (SpecialFeatureOrQuotaIdRequired)",
        ),
        "uksouth": (False, "it is not available to this subscription there"),
        "japaneast": (True, None),  # a zone restriction does not stop an account
    }


def test_a_region_the_list_does_not_name_is_reported_not_offered(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.resource_skus = [i for i in fake_arm.state.resource_skus if i["locations"] != ["UKSOUTH"]]
    findings, missing = preflight(fake_arm, data)
    assert missing == []
    (finding,) = findings
    assert (finding.code, finding.account) == ("AccountSkuNotAvailable", "secondary")
    assert "does not offer kind OpenAI / S0 in uksouth" in finding.message


def test_a_subdomain_an_account_of_the_subscription_holds_needs_no_call(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account("rg-other", "someone-else", "swedencentral", subdomain="contoso-dev-primary")
    findings, missing = preflight(fake_arm, data)
    assert missing == []
    assert [(f.code, f.account) for f in findings] == [("SubdomainTaken", "primary")]
    assert "someone-else, an account of this subscription (group rg-other)" in findings[0].message
    (check,) = fake_arm.calls("CheckDomainAvailability")  # only the secondary's subdomain was asked
    assert check.body["subdomainName"] == "contoso-dev-secondary"


def test_an_account_the_list_does_not_show_yet_is_read_before_its_subdomain_counts_as_taken(
    fake_arm: FakeArm,
) -> None:
    """ARM's lists lag a just-created account: Azure then calls its own subdomain taken. The
    account is read by name, found, and is not in its own way."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account(RG, "contoso-dev-primary", "swedencentral")
    fake_arm.state.not_listed_yet.add(key_of(RG, "contoso-dev-primary"))
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    primary = facts.accounts["primary"]
    assert primary.live is not None and primary.live.name == "contoso-dev-primary"
    assert len(fake_arm.calls("Accounts_Get", accountName="contoso-dev-primary")) == 1


def test_existing_accounts_cost_their_deployments_and_only_the_policies_a_check_needs(
    fake_arm: FakeArm,
) -> None:
    """After pulumi up: no subdomain check (the account holds its own), one deployments list per
    account, and no RAI policy list: every filter the stack uses it creates itself or is built in."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    findings, missing = preflight(fake_arm, data)
    assert (findings, missing) == ([], [])
    assert len(fake_arm.calls("Deployments_List")) == 2
    assert fake_arm.calls("RaiPolicies_List") == [] and fake_arm.calls("CheckDomainAvailability") == []
    assert len(fake_arm.arm_requests()) == 2 * 2 + 3 + 2  # two regions, three lists, two accounts
