"""subscription.py: one stack's facts assembled from its subscription's reads, where `make mutate`
showed no test looked (issue 16). The reads are written by hand (what each read returned, or how
it failed), so each rule is checked without a server: a failed read leaves exactly its part
unchecked, naming the accounts it concerns; a subdomain an account of the subscription (or a
soft-deleted one) holds is decided without a call.

The stack: tests/conftest.py's base_config() grown to `primary` (contoso-dev-primary,
swedencentral) and `secondary` (contoso-dev-secondary, uksouth).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aoai.cli import app
from aoai.live.errors import AzureFailure
from aoai.live.facts import AccountFacts, DeletedAccount, RegionFacts
from aoai.live.fetch import Outcome
from aoai.live.findings import NotChecked
from aoai.live.subscription import (
    AccountList,
    StackInRun,
    Subdomain,
    SubscriptionReads,
    live_accounts,
    preflight_facts,
)
from tests.conftest import base_config, parse
from tests.fake_arm import FakeArm
from tests.fake_arm.state import key_of

from .deployed import DEPLOYED, account
from .scenario import seed_deployed, stack_data, write_stack

RG = "rg-contoso-openai-dev"
PRIMARY, SECONDARY = (RG, "contoso-dev-primary"), (RG, "contoso-dev-secondary")
DOWN = AzureFailure("server", "Azure answered 503")


def stack(**primary: Any) -> StackInRun:
    data = copy.deepcopy(base_config())
    data["accounts"]["secondary"] = copy.deepcopy(data["accounts"]["primary"])
    data["accounts"]["secondary"]["location"] = "uksouth"
    data["accounts"]["primary"].update(primary)
    config = parse(data)
    return StackInRun("dev", config, {"primary": "Sweden Central", "secondary": "uksouth"})


def ok(value: object) -> Outcome[object]:
    return Outcome(value=value)


FAILED: Outcome[object] = Outcome(failure=DOWN)
SKUS = {"OpenAI": {"swedencentral": (True, None), "uksouth": (False, "restricted (QuotaId)")}}


def reads(**changes: Outcome[object]) -> SubscriptionReads:
    """Every read answered: both regions' (empty) lists, no account, nothing deleted; subdomains
    free."""
    results: dict[Any, Outcome[object]] = {
        "skus": ok(SKUS),
        "accounts": ok(AccountList({}, True)),
        "deleted": ok(()),
        ("models", "swedencentral"): ok(()),
        ("usages", "swedencentral"): ok(()),
        ("models", "uksouth"): ok(()),
        ("usages", "uksouth"): ok(()),
        ("subdomain", "contoso-dev-primary", PRIMARY): ok(Subdomain(True, None)),
        ("subdomain", "contoso-dev-secondary", SECONDARY): ok(Subdomain(True, None)),
    }
    for key, outcome in changes.items():
        results[tuple(key.split("|")) if "|" in key else key] = outcome
    return SubscriptionReads(results)


def test_everything_read_and_nothing_exists() -> None:
    gathered, missing = preflight_facts(stack(), reads())
    assert missing == []
    assert gathered.regions == {
        "swedencentral": RegionFacts("swedencentral", (), (), {"OpenAI": (True, None)}),
        "uksouth": RegionFacts("uksouth", (), (), {"OpenAI": (False, "restricted (QuotaId)")}),
    }
    assert gathered.accounts == {
        "primary": AccountFacts(None, True, None),
        "secondary": AccountFacts(None, True, None),
    }
    assert gathered.deleted == ()


def test_a_kind_the_sku_list_does_not_offer_in_a_region_is_said_so() -> None:
    gathered, _ = preflight_facts(stack(), reads(skus=ok({"OpenAI": {"uksouth": (True, None)}})))
    assert gathered.regions["swedencentral"].account_skus == {
        "OpenAI": (False, "the subscription's SKU list does not offer kind OpenAI / S0 in swedencentral")
    }
    gathered, _ = preflight_facts(stack(kind="AIServices"), reads())
    assert gathered.regions["swedencentral"].account_skus == {
        "AIServices": (
            False,
            "the subscription's SKU list does not offer kind AIServices / S0 in swedencentral",
        )
    }


def test_each_failed_read_leaves_its_part_unchecked_naming_its_accounts() -> None:
    gathered, missing = preflight_facts(
        stack(), reads(**{"skus": FAILED, "usages|uksouth": FAILED, "deleted": FAILED})
    )
    assert missing == [
        NotChecked("account SKU availability", "Azure answered 503", ("primary", "secondary")),
        NotChecked("region uksouth", "Azure answered 503", ("secondary",)),
        NotChecked("soft-deleted accounts", "Azure answered 503", ("primary", "secondary")),
    ]
    # Without the SKU list, a region's account SKUs are unknown, not refused.
    assert gathered.regions == {"swedencentral": RegionFacts("swedencentral", (), (), {})}
    assert gathered.deleted is None
    _, missing = preflight_facts(stack(), reads(**{"models|swedencentral": FAILED}))
    assert missing == [NotChecked("region swedencentral", "Azure answered 503", ("primary",))]


def test_without_the_account_list_no_account_is_checked() -> None:
    gathered, missing = preflight_facts(stack(), reads(accounts=FAILED))
    assert missing == [
        NotChecked("the subscription's accounts", "Azure answered 503", ("primary", "secondary"))
    ]
    assert gathered.accounts == {}


def test_accounts_whose_reads_the_deadline_kept_from_starting_are_not_checked() -> None:
    """The soft-deleted list cut off by --timeout after the account list answered: the second
    wave (children, subdomains) never started, so the accounts are not checked (this crashed on
    the missing subdomain answer, and called an existing account absent)."""
    cut_off = "no answer within the run's --timeout of 3s"
    late = Outcome[object](failure=AzureFailure("timeout", cut_off))
    results = reads(accounts=ok(AccountList({PRIMARY: DEPLOYED}, True)), deleted=late).results
    del results[("subdomain", "contoso-dev-primary", PRIMARY)]
    del results[("subdomain", "contoso-dev-secondary", SECONDARY)]
    gathered, missing = preflight_facts(stack(), SubscriptionReads(results))
    not_read = (
        "not read: the subscription's account and soft-deleted lists did not both answer within the "
        "run's --timeout"
    )
    assert missing == [
        NotChecked("account primary", not_read, ("primary",)),
        NotChecked("account secondary", not_read, ("secondary",)),
        NotChecked("soft-deleted accounts", cut_off, ("primary", "secondary")),
    ]
    assert gathered.accounts == {}


def test_an_existing_account_is_its_children_read() -> None:
    listing = AccountList({PRIMARY: DEPLOYED}, True)
    with_children = account(rai_policies=("strict",))
    results = reads(accounts=ok(listing)).results
    results[("children", PRIMARY)] = ok(with_children)
    gathered, missing = preflight_facts(stack(), SubscriptionReads(results))
    assert missing == []
    assert gathered.accounts["primary"] == AccountFacts(with_children)
    results[("children", PRIMARY)] = FAILED
    gathered, missing = preflight_facts(stack(), SubscriptionReads(results))
    assert missing == [NotChecked("account primary", "Azure answered 503", ("primary",))]
    assert "primary" not in gathered.accounts and "secondary" in gathered.accounts


def test_a_subdomain_held_in_the_subscription_is_decided_without_its_read() -> None:
    holder = account(name="contoso-other", subdomain="CONTOSO-DEV-PRIMARY")
    results = reads(accounts=ok(AccountList({("rg-other", "contoso-other"): holder}, True))).results
    gone = DeletedAccount("old", "uksouth", "rg-old", "contoso-dev-secondary", None)
    results["deleted"] = ok((gone,))
    del results[("subdomain", "contoso-dev-primary", PRIMARY)]
    results[("subdomain", "contoso-dev-secondary", SECONDARY)] = FAILED
    gathered, missing = preflight_facts(stack(), SubscriptionReads(results))
    assert missing == []
    assert gathered.accounts == {
        "primary": AccountFacts(
            None, False, "it is used by contoso-other, an account of this subscription (group rg-other)"
        ),
        "secondary": AccountFacts(
            None, False, "it is held by the soft-deleted account old (resource group rg-old)"
        ),
    }


def test_a_subdomain_read_that_failed_or_found_our_own_account() -> None:
    results = reads().results
    results[("subdomain", "contoso-dev-primary", PRIMARY)] = FAILED
    results[("subdomain", "contoso-dev-secondary", SECONDARY)] = ok(Subdomain(False, "taken", DEPLOYED))
    gathered, missing = preflight_facts(stack(), SubscriptionReads(results))
    assert missing == [NotChecked("account primary", "Azure answered 503", ("primary",))]
    assert gathered.accounts == {"secondary": AccountFacts(DEPLOYED, False, "taken")}


def test_an_account_without_a_subdomain_needs_no_read() -> None:
    results = reads().results
    del results[("subdomain", "contoso-dev-primary", PRIMARY)]
    gathered, missing = preflight_facts(
        stack(customSubdomain=None, localAuth=True), SubscriptionReads(results)
    )
    assert missing == []
    # and the accounts after it are still decided
    assert gathered.accounts == {"primary": AccountFacts(None), "secondary": AccountFacts(None, True, None)}


# -- verify ----------------------------------------------------------------------------------------


def test_verify_s_accounts_from_their_reads() -> None:
    results: dict[Any, Outcome[object]] = {
        "accounts": ok(AccountList({PRIMARY: DEPLOYED}, True)),
        ("children", PRIMARY): ok(DEPLOYED),
        ("account", SECONDARY): ok(None),  # not listed, and not found by name either
    }
    live, missing = live_accounts(stack(), SubscriptionReads(results))
    assert (live, missing) == ({"primary": DEPLOYED, "secondary": None}, [])
    results[("account", SECONDARY)] = FAILED
    live, missing = live_accounts(stack(), SubscriptionReads(results))
    assert live == {"primary": DEPLOYED}
    assert missing == [NotChecked("account secondary", "Azure answered 503", ("secondary",))]
    live, missing = live_accounts(stack(), SubscriptionReads({"accounts": FAILED}))
    assert live == {}
    assert missing == [
        NotChecked("account primary", "Azure answered 503", ("primary",)),
        NotChecked("account secondary", "Azure answered 503", ("secondary",)),
    ]


def test_an_account_the_list_does_not_show_yet_is_read_once_with_its_upgrade_status(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    """Verify reads an account Accounts_List lags by name, at the api-version that reports the
    upgrade status, so its status is known; it is not read a second time for its children."""
    seed_deployed(fake_arm)
    fake_arm.state.not_listed_yet.add(key_of(RG, "contoso-dev-primary"))
    fake_arm.state.schedule_auto_upgrade(
        RG, "contoso-dev-primary", scheduled_at="2100-01-01T00:00:00Z"
    )
    stack_file = write_stack(tmp_path, stack_data())
    result = CliRunner().invoke(app, ["verify", "--stack", str(stack_file), "--json", "--retries", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["accounts"]["primary"]["upgradeStatus"] == "scheduled"
    gets = [r for r in fake_arm.requests if r.route == "Accounts_Get"]
    assert [(r.params["accountName"], r.query["api-version"]) for r in gets] == [
        ("contoso-dev-primary", "2026-01-15-preview")
    ]


def test_a_foundry_account_the_list_does_not_show_yet_has_its_projects_read(
    fake_arm: FakeArm, tmp_path: Path
) -> None:
    seed_deployed(fake_arm)
    fake_arm.state.upgrade_to_foundry(RG, "contoso-dev-primary")
    fake_arm.state.add_project(RG, "contoso-dev-primary", "research")
    fake_arm.state.not_listed_yet.add(key_of(RG, "contoso-dev-primary"))
    data = stack_data()
    data["accounts"]["primary"].update(kind="AIServices", projects={"research": {}, "support": {}})
    stack_file = write_stack(tmp_path, data)
    result = CliRunner().invoke(app, ["verify", "--stack", str(stack_file), "--json", "--retries", "1"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(f["code"], f["message"]) for f in report["findings"]] == [
        ("ProjectMissing", "project support of the stack does not exist on account contoso-dev-primary")
    ]
    assert len(fake_arm.calls("Projects_List")) == 1
