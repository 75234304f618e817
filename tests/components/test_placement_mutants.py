"""Placement (azure_openai_toolkit.placement): the rules `make mutate` found unpinned.

Whole explanations written by hand from the rules in docs/placement.md and the shipped catalog
facts of tests/components/test_placement.py (gpt-5.1 DataZoneStandard: the 7 US regions,
francecentral and swedencentral; gpt-4.1-mini fine-tuned Standard: northcentralus, swedencentral).
"""

from __future__ import annotations

from azure_openai_toolkit.catalog import default_catalog
from azure_openai_toolkit.placement import AccountPlacement, no_fit_message, place_accounts
from tests.components.test_placement import GPT51_DZ, auto, config

JOB = "b044a9d3cf9c4228b5d393567f693b83"
STAMP = "shipped catalog, tables as of 2026-05-11"
GPT51_ELSEWHERE = (
    "no DataZoneStandard for gpt-5.1 2025-11-13 (offers DataZoneProvisionedManaged, GlobalBatch, "
    "GlobalProvisionedManaged, GlobalStandard)"
)
NEWER = {"model": "gpt-6.1-nova", "version": "2026-07-09", "sku": "GlobalStandard", "capacity": 10}


def test_the_explanation_lists_every_passed_over_candidate_and_all_its_blockers() -> None:
    regions = ["germanywestcentral", "westeurope", "swedencentral"]
    stack = config({"a": auto(GPT51_DZ, GPT51_DZ, regions=regions)})
    placement = place_accounts(stack)["a"]
    assert placement.key == "a" and placement.region == "swedencentral"
    assert placement.explain() == (
        "first candidate where every deployment is offered (passed over "
        f"germanywestcentral: d0: {GPT51_ELSEWHERE}; d1: {GPT51_ELSEWHERE}, "
        f"westeurope: d0: {GPT51_ELSEWHERE}; d1: {GPT51_ELSEWHERE})"
    )


def test_a_first_choice_is_explained_without_a_passed_over_list_or_live_words() -> None:
    placement = place_accounts(config({"a": auto(GPT51_DZ, regions=["swedencentral"])}))["a"]
    assert placement.explain() == "first candidate where every deployment is offered"


def test_a_choice_without_live_room_anywhere_says_so() -> None:
    stack = config({"a": auto(GPT51_DZ, regions=["swedencentral"])})
    placement = place_accounts(stack, room=lambda key, region: False)["a"]
    assert placement.region == "swedencentral"
    assert placement.explain() == (
        "first candidate where every deployment is offered, though no candidate has enough available "
        "capacity for all of them (live)"
    )


def test_pinned_and_unplaceable_accounts_are_explained_in_a_phrase() -> None:
    stack = config(
        {
            "pinned": {"location": "swedencentral"},
            "stuck": auto(GPT51_DZ, regions=["westeurope"]),
        }
    )
    placements = place_accounts(stack)
    assert placements["pinned"].key == "pinned"
    assert placements["pinned"].explain() == "pinned in the stack file"
    assert placements["stuck"].explain() == "no candidate fits"


def test_a_candidate_that_does_not_fit_is_not_reported_as_taken_by_a_partner() -> None:
    # westeurope is the pinned partner's region, but it would not fit anyway: the catalog is why.
    stack = config(
        {
            "pinned": {"location": "westeurope"},
            "auto": auto(GPT51_DZ, regions=["westeurope", "swedencentral"], distinctFrom=["pinned"]),
        }
    )
    placement = place_accounts(stack)["auto"]
    assert placement.region == "swedencentral" and placement.taken == {}
    assert placement.explain() == (
        f"first candidate where every deployment is offered (passed over westeurope: d0: {GPT51_ELSEWHERE})"
    )


def test_fine_tuned_unknown_and_skipped_deployments_are_judged_one_by_one() -> None:
    tuned = {"model": f"gpt-4.1-mini-2025-04-14.ft-{JOB}", "sku": "Standard", "capacity": 1}
    stack = config(
        {
            "a": auto(
                {**NEWER, "skipCatalogCheck": True},  # d0: not judged
                tuned,  # d1
                GPT51_DZ,  # d2
                NEWER,  # d3
                regions=["westeurope", "swedencentral"],
            )
        }
    )
    westeurope, swedencentral = place_accounts(stack)["a"].candidates
    assert westeurope.blockers == [
        "d1: no fine-tuned Standard deployments of gpt-4.1-mini 2025-04-14",
        f"d2: {GPT51_ELSEWHERE}",
        "d3: gpt-6.1-nova 2026-07-09 unknown to the catalog",
    ]
    assert swedencentral.blockers == ["d3: gpt-6.1-nova 2026-07-09 unknown to the catalog"]


def test_no_fit_messages_in_full() -> None:
    assert no_fit_message(AccountPlacement("a", None, pinned=False), default_catalog()) == (
        "location: auto has no candidate regions; set placement.regions or placement.dataZone"
    )
    stack = config(
        {
            "primary": auto(GPT51_DZ, regions=["swedencentral"]),
            "secondary": auto(GPT51_DZ, regions=["swedencentral"], distinctFrom=["primary"]),
        }
    )
    assert no_fit_message(place_accounts(stack)["secondary"], default_catalog()) == (
        f"no candidate region fits (catalog: {STAMP}):\n"
        "      swedencentral: fits, but every fitting choice collides with a distinctFrom partner"
    )


def test_a_candidate_outside_the_catalog_and_an_unknown_fine_tuning_base_are_blockers() -> None:
    tuned = {"model": f"gpt-9-2027-01-01.ft-{JOB}", "sku": "GlobalStandard", "capacity": 1}
    stack = config({"a": auto(tuned, regions=["swedencentrall", "swedencentral"])})
    typo, swedencentral = place_accounts(stack)["a"].candidates
    assert typo.blockers == [f"not an Azure OpenAI region in the catalog ({STAMP})"]
    assert swedencentral.blockers == ["d0: no fine-tuned GlobalStandard deployments of gpt-9 2027-01-01"]
