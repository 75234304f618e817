"""ContentBlocklists: RaiBlocklist and RaiBlocklistItem bodies as api-version 2025-06-01 takes them
(raiBlocklists/{name}: description; raiBlocklistItems/{item}: pattern, isRegex), every write one
after another; and customBlocklists, the part of an RAI policy that applies them.

Built here on their own, in a fresh mock engine per test (test_foundry.py plans the whole
Foundry fixture stack, where one component's inputs are a few among hundreds)."""

from __future__ import annotations

import itertools

import pulumi
from pulumi_azure_native import resources

from azure_openai_toolkit import (
    BlocklistItem,
    BlocklistUse,
    ContentBlocklist,
    ContentBlocklists,
    ContentBlocklistsArgs,
    ContentFilterPolicy,
    ContentFilters,
    ContentFiltersArgs,
)
from tests.components.test_args import messages, refused
from tests.conftest import names_of, registrations_of, run_components

BLOCKLIST = "azure-native:cognitiveservices:RaiBlocklist"
ITEM = "azure-native:cognitiveservices:RaiBlocklistItem"
POLICY = "azure-native:cognitiveservices:RaiPolicy"
TAGS = {"env": "dev"}


def two_lists() -> dict[str, ContentBlocklist]:
    return {
        "slurs": ContentBlocklist(items={"one": BlocklistItem(pattern="badword")}),
        "competitors": ContentBlocklist(
            description="Names we do not discuss",
            items={
                "fabrikam": BlocklistItem(pattern="Fabrikam"),
                "codename": BlocklistItem(pattern="project[- ]?falcon", regex=True),
            },
        ),
    }


def build(made: list[ContentBlocklists], blocklists: dict[str, ContentBlocklist]) -> None:
    group = resources.ResourceGroup("account", resource_group_name="rg", location="swedencentral")
    made.append(
        ContentBlocklists(
            "primary-blocklists",
            ContentBlocklistsArgs(
                account_name="acct", resource_group_name="rg", blocklists=blocklists, tags=TAGS
            ),
            opts=pulumi.ResourceOptions(parent=group),
            after=[group],
        )
    )


def test_blocklist_and_item_bodies() -> None:
    run = run_components(lambda: build([], two_lists()))
    lists = registrations_of(run, BLOCKLIST)
    assert lists["primary-blocklists-competitors"].inputs == {
        "accountName": "acct",
        "resourceGroupName": "rg",
        "raiBlocklistName": "competitors",
        "properties": {"description": "Names we do not discuss"},
        "tags": TAGS,
    }
    assert lists["primary-blocklists-slurs"].inputs["properties"] == {}
    items = registrations_of(run, ITEM)
    assert items["primary-blocklists-competitors-codename"].inputs == {
        "accountName": "acct",
        "resourceGroupName": "rg",
        "raiBlocklistName": "competitors",
        "raiBlocklistItemName": "codename",
        "properties": {"pattern": "project[- ]?falcon", "isRegex": True},
        "tags": TAGS,
    }
    # An exact term says so: isRegex false, not left out.
    slur = items["primary-blocklists-slurs-one"]
    assert slur.inputs["properties"] == {"pattern": "badword", "isRegex": False}


def test_every_write_waits_for_the_one_before_lists_in_name_order_each_followed_by_its_items() -> None:
    made: list[ContentBlocklists] = []
    run = run_components(lambda: build(made, two_lists()))
    order = [
        "account",
        "primary-blocklists-competitors",
        "primary-blocklists-competitors-codename",
        "primary-blocklists-competitors-fabrikam",
        "primary-blocklists-slurs",
        "primary-blocklists-slurs-one",
    ]
    written = {**registrations_of(run, BLOCKLIST), **registrations_of(run, ITEM)}
    for earlier, later in itertools.pairwise(order):
        # An item also waits for its own list, through the list's name it is given.
        assert earlier in names_of(run, written[later].dependencies), later
    assert names_of(run, written["primary-blocklists-slurs"].dependencies) == [
        "primary-blocklists-competitors-fabrikam"
    ]
    component = run.by_type(ContentBlocklists.TYPE)[0]
    assert {r.parent for r in written.values()} == {component.urn}
    assert component.parent == registrations_of(run, "azure-native:resources:ResourceGroup")["account"].urn
    # What the caller's next write (the content filters) waits for: the last item.
    blocklists = made[0]
    assert sorted(blocklists.blocklists) == ["competitors", "slurs"]
    assert all(isinstance(r, pulumi.CustomResource) for r in blocklists.blocklists.values())
    assert blocklists.last is not None
    assert blocklists.last.pulumi_resource_name == "primary-blocklists-slurs-one"


def test_no_blocklists_leave_nothing_to_wait_for() -> None:
    made: list[ContentBlocklists] = []
    run = run_components(lambda: build(made, {}))
    assert made[0].last is None
    assert registrations_of(run, BLOCKLIST) == {}


@pulumi.runtime.test
def test_blocklist_names_are_exported_sorted(pulumi_mocks: object) -> pulumi.Output[None]:
    blocklists = ContentBlocklists(
        "unit-blocklists",
        ContentBlocklistsArgs(account_name="acct", resource_group_name="rg", blocklists=two_lists()),
    )

    def check(names: list[str]) -> None:
        assert names == ["competitors", "slurs"]

    return blocklists.blocklist_names.apply(check)


def test_an_exact_term_is_not_read_as_a_regular_expression() -> None:
    """'([a-z' is no regular expression, but as a term it is just characters to block."""
    lists = {"odd": ContentBlocklist(items={"bracket": BlocklistItem(pattern="([a-z")})}
    run = run_components(lambda: build([], lists))
    item = registrations_of(run, ITEM)["primary-blocklists-odd-bracket"]
    assert item.inputs["properties"] == {"pattern": "([a-z", "isRegex": False}


def filters_using(use: BlocklistUse) -> ContentFilters:
    policies = {"strict": ContentFilterPolicy(blocklists={"competitors": use})}
    return ContentFilters(
        "primary-content-filters",
        ContentFiltersArgs(account_name="acct", resource_group_name="rg", policies=policies),
    )


def test_a_blocklist_applied_to_completions_only_is_accepted() -> None:
    run = run_components(lambda: filters_using(BlocklistUse(prompt=False)))
    policy = registrations_of(run, POLICY)["primary-content-filters-strict"]
    assert policy.inputs["properties"]["customBlocklists"] == [
        {"blocklistName": "competitors", "blocking": True, "source": "Completion"}
    ]


def test_a_blocklist_applied_to_neither_source_is_refused_naming_the_prompt_flag() -> None:
    error, run = refused(lambda: filters_using(BlocklistUse(prompt=False, completion=False)))
    assert messages(error) == {
        "ContentFiltersArgs.policies['strict'].blocklists['competitors'].prompt": (
            "apply the blocklist to prompts, completions or both"
        )
    }
    assert run.registrations == []
