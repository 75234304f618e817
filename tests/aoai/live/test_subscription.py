"""The subscription-wide reads: what the SKU list means, and subdomains decided without a call
where the subscription's own lists already answer."""

from __future__ import annotations

import datetime
from typing import Any

from azure.mgmt.cognitiveservices import models as sdk

from aoai.live.client import open_session
from aoai.live.facts import AccountFacts, ModelOffer, account_sku_availability
from aoai.live.fetch import Outcome
from aoai.live.subscription import StackInRun, live_accounts, read_for_preflight, read_for_verify
from tests.conftest import parse
from tests.fake_arm import SUBSCRIPTION_ID, FakeArm
from tests.fake_arm.state import key_of

from .scenario import RG, gather, preflight, seed_deployed, seed_healthy, settings_for, stack_data


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
    assert check.body == {
        "subdomainName": "contoso-dev-secondary",
        "type": "Microsoft.CognitiveServices/accounts",
        "kind": "OpenAI",  # Azure answers for the account's kind
    }


def test_a_free_subdomain_is_available_and_asked_for_the_account_s_kind(fake_arm: FakeArm) -> None:
    data = stack_data()
    data["accounts"]["secondary"]["kind"] = "AIServices"
    seed_healthy(fake_arm, data)
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    for key in ("primary", "secondary"):
        assert (facts.accounts[key].live, facts.accounts[key].subdomain_available) == (None, True), key
    kinds = {c.body["subdomainName"]: c.body["kind"] for c in fake_arm.calls("CheckDomainAvailability")}
    assert kinds == {"contoso-dev-primary": "OpenAI", "contoso-dev-secondary": "AIServices"}


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


# -- the reads themselves, through the fake ------------------------------------------------------

PRIMARY, SECONDARY = (RG, "contoso-dev-primary"), (RG, "contoso-dev-secondary")
# The deployed primary upgraded to Foundry with one project, as Azure answers after the upgrade:
# kind AIServices, project management on, the project named "<account>/<project>" in the list.
PROJECT = {
    "id": f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{RG}/providers/Microsoft.CognitiveServices/"
    "accounts/contoso-dev-primary/projects/research",
    "name": "contoso-dev-primary/research",
    "type": "Microsoft.CognitiveServices/accounts/projects",
    "location": "swedencentral",
    "identity": {
        "type": "SystemAssigned",
        "principalId": "6f8d1c2a-3b4e-4f5a-9c8d-7e6f5a4b3c2d",
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
    },
    "properties": {"provisioningState": "Succeeded", "displayName": "research", "isDefault": True},
}


def _stack(data: dict[str, Any]) -> StackInRun:
    return StackInRun("dev", parse(data), {"primary": "swedencentral", "secondary": "uksouth"})


def test_verify_reads_each_account_s_policies_and_a_foundry_account_s_projects(fake_arm: FakeArm) -> None:
    seed_deployed(fake_arm)
    primary = fake_arm.state.accounts[key_of(*PRIMARY)]
    primary["kind"] = "AIServices"
    primary["properties"].update(allowProjectManagement=True)
    fake_arm.state.load({"projects": [PROJECT]})
    done: list[object] = []
    stack = _stack(stack_data())
    with open_session(settings_for(fake_arm)) as session:
        reads = read_for_verify(session, [stack], on_done=done.append)
    live, missing = live_accounts(stack, reads)
    assert missing == []
    first, second = live["primary"], live["secondary"]
    assert first is not None and second is not None
    assert sorted(first.rai_policies) == ["Microsoft.Default", "Microsoft.DefaultV2", "strict"]
    assert sorted(second.rai_policies) == ["Microsoft.Default", "Microsoft.DefaultV2"]
    assert first.projects == ("research",)  # its own name, not "<account>/<project>"
    assert second.projects == ()  # an OpenAI account has none to read
    assert [r.params["accountName"] for r in fake_arm.calls("Projects_List")] == ["contoso-dev-primary"]
    # The progress callback hears of each read: the list, then each account's children.
    assert sorted(map(str, done)) == sorted(
        map(str, ["accounts", ("children", PRIMARY), ("children", SECONDARY)])
    )


def test_an_account_listed_on_a_later_page_is_read_again_for_its_upgrade_status(fake_arm: FakeArm) -> None:
    """The SDK follows nextLink with its own api-version, so a later page's accounts come without
    Microsoft's upgrade status: each is read once by name at the api-version that reports it."""
    seed_deployed(fake_arm)
    fake_arm.page_size = 1  # primary on the first page, secondary on the second
    fake_arm.state.schedule_auto_upgrade(*SECONDARY, scheduled_at="2100-01-01T00:00:00Z")
    data = stack_data()
    stack = _stack(data)
    with open_session(settings_for(fake_arm)) as session:
        verify_reads = read_for_verify(session, [stack])
    live, missing = live_accounts(stack, verify_reads)
    assert missing == []
    for name, account in live.items():
        assert account is not None and account.upgrade_status_read, name
    secondary = live["secondary"]
    assert secondary is not None and secondary.auto_upgrade is not None
    assert secondary.auto_upgrade.scheduled_at == datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    gets = [(r.params["accountName"], r.query["api-version"]) for r in fake_arm.calls("Accounts_Get")]
    assert gets == [("contoso-dev-secondary", "2026-01-15-preview")]
    # Preflight's second wave does the same.
    fake_arm.requests.clear()
    seed_healthy(fake_arm, data)
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    for key in ("primary", "secondary"):
        found = facts.accounts[key].live
        assert found is not None and found.upgrade_status_read, key
    gets = [(r.params["accountName"], r.query["api-version"]) for r in fake_arm.calls("Accounts_Get")]
    assert gets == [("contoso-dev-secondary", "2026-01-15-preview")]


def test_models_lists_already_read_are_not_read_again(fake_arm: FakeArm) -> None:
    """Placing `location: auto` accounts reads regions' models lists first; preflight takes those
    answers as they are (here: uksouth's, an empty list) instead of asking again."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    known: dict[str, Outcome[tuple[ModelOffer, ...]]] = {"uksouth": Outcome(value=())}
    done: list[object] = []
    with open_session(settings_for(fake_arm)) as session:
        reads = read_for_preflight(session, [_stack(data)], on_done=done.append, known_models=known)
    assert [r.params["location"] for r in fake_arm.calls("Models_List")] == ["swedencentral"]
    assert reads.get(("models", "uksouth")).value == ()
    assert len(reads.get(("models", "swedencentral")).value or ()) == 2  # gpt-5 and the embeddings model
    assert ("models", "uksouth") not in done and ("usages", "uksouth") in done


def test_a_subdomain_taken_elsewhere_is_not_available_with_azure_s_reason(fake_arm: FakeArm) -> None:
    """Held in another subscription: only CheckDomainAvailability knows, and nothing of ours is
    behind it (the account is looked for by name in this subscription, and not found)."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    other = fake_arm.add_subscription("0c3d5e7f-9a1b-4c2d-8e3f-5a6b7c8d9e0f")
    other.add_account("rg-elsewhere", "someone-else", "uksouth", subdomain="contoso-dev-secondary")
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    assert facts.accounts["secondary"] == AccountFacts(
        None, False, "Sub domain name 'contoso-dev-secondary' is already used. Please pick a different name."
    )
    assert facts.accounts["primary"].subdomain_available is True
    assert [r.params["accountName"] for r in fake_arm.calls("Accounts_Get")] == ["contoso-dev-secondary"]


def _external_filter(data: dict[str, Any]) -> dict[str, Any]:
    """primary's chat uses shared-strict, a filter created outside the stack (existingContentFilters);
    secondary's chat the built-in Microsoft.DefaultV2."""
    primary = data["accounts"]["primary"]
    primary["existingContentFilters"] = ["shared-strict"]
    primary["deployments"]["chat"]["contentFilter"] = "shared-strict"
    data["accounts"]["secondary"]["deployments"]["chat"]["contentFilter"] = "Microsoft.DefaultV2"
    return data


def test_only_an_account_whose_deployment_names_a_filter_made_elsewhere_has_its_policies_read(
    fake_arm: FakeArm,
) -> None:
    data = _external_filter(stack_data())
    seed_healthy(fake_arm, data)
    seed_deployed(fake_arm)
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    assert [r.params["accountName"] for r in fake_arm.calls("RaiPolicies_List")] == ["contoso-dev-primary"]
    primary = facts.accounts["primary"].live
    assert primary is not None
    assert sorted(primary.rai_policies) == ["Microsoft.Default", "Microsoft.DefaultV2", "strict"]


def test_an_account_two_stacks_share_is_read_once_with_policies_if_either_needs_them(
    fake_arm: FakeArm,
) -> None:
    needs, plain = _stack(_external_filter(stack_data())), _stack(stack_data())
    seed_healthy(fake_arm, stack_data())
    seed_deployed(fake_arm)
    for order in ([needs, plain], [plain, needs]):
        fake_arm.requests.clear()
        with open_session(settings_for(fake_arm)) as session:
            read_for_preflight(session, order)
        assert sorted(r.params["accountName"] for r in fake_arm.calls("Deployments_List")) == [
            "contoso-dev-primary", "contoso-dev-secondary",
        ]
        policies = [r.params["accountName"] for r in fake_arm.calls("RaiPolicies_List")]
        assert policies == ["contoso-dev-primary"]
