"""ContentFilters: RaiPolicy bodies as the REST API takes them, created one at a time."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import resources

from azure_openai_toolkit import (
    BinaryFilter,
    BlocklistUse,
    ContentFilterPolicy,
    ContentFilters,
    ContentFiltersArgs,
    ContentFilterSet,
    SeverityFilter,
)
from tests.conftest import names_of, registrations_of, run_components

RAI_POLICY = "azure-native:cognitiveservices:RaiPolicy"


def build(policies: dict[str, ContentFilterPolicy]) -> None:
    ContentFilters(
        "primary-content-filters",
        ContentFiltersArgs(account_name="acct", resource_group_name="rg", policies=policies, tags={"t": "v"}),
    )


def test_policy_body_lists_every_category_for_prompt_and_completion() -> None:
    strict = ContentFilterPolicy(
        mode="Blocking",
        filters=ContentFilterSet(
            hate=SeverityFilter(threshold="Low"), violence=SeverityFilter(blocking=False)
        ),
    )
    run = run_components(lambda: build({"strict": strict}))
    registered = registrations_of(run, RAI_POLICY)["primary-content-filters-strict"]
    assert registered.inputs["raiPolicyName"] == "strict"
    assert registered.inputs["accountName"] == "acct"
    properties = registered.inputs["properties"]
    assert properties["basePolicyName"] == "Microsoft.DefaultV2"
    assert properties["mode"] == "Blocking"
    filters = {(f["name"], f["source"]): f for f in properties["contentFilters"]}
    assert set(filters) == {
        ("Hate", "Prompt"),
        ("Hate", "Completion"),
        ("Sexual", "Prompt"),
        ("Sexual", "Completion"),
        ("Selfharm", "Prompt"),
        ("Selfharm", "Completion"),
        ("Violence", "Prompt"),
        ("Violence", "Completion"),
        ("Jailbreak", "Prompt"),
        ("Protected Material Text", "Completion"),
        ("Protected Material Code", "Completion"),
    }
    assert filters[("Hate", "Completion")] == {
        "name": "Hate",
        "source": "Completion",
        "severityThreshold": "Low",
        "blocking": True,
        "enabled": True,
    }
    assert filters[("Violence", "Prompt")]["blocking"] is False
    assert filters[("Sexual", "Prompt")]["severityThreshold"] == "Medium"
    assert filters[("Jailbreak", "Prompt")] == {
        "name": "Jailbreak",
        "source": "Prompt",
        "blocking": True,
        "enabled": True,
    }


def test_optional_filters_are_sent_only_when_configured() -> None:
    run = run_components(
        lambda: build(
            {
                "p": ContentFilterPolicy(
                    filters=ContentFilterSet(
                        indirect_attack=BinaryFilter(), profanity=BinaryFilter(blocking=False)
                    )
                )
            }
        )
    )
    names = {
        (f["name"], f["source"], f["blocking"])
        for f in registrations_of(run, RAI_POLICY)["primary-content-filters-p"].inputs["properties"][
            "contentFilters"
        ]
    }
    assert ("Indirect Attack", "Prompt", True) in names
    assert ("Profanity", "Prompt", False) in names


def test_policies_are_created_one_after_another() -> None:
    run = run_components(lambda: build({"b": ContentFilterPolicy(), "a": ContentFilterPolicy()}))
    by_name = registrations_of(run, RAI_POLICY)
    assert names_of(run, by_name["primary-content-filters-a"].dependencies) == []
    assert names_of(run, by_name["primary-content-filters-b"].dependencies) == ["primary-content-filters-a"]
    assert by_name["primary-content-filters-a"].inputs["tags"] == {"t": "v"}


def test_every_category_the_2025_06_01_api_lists_can_be_set_with_its_source() -> None:
    """The categories RaiContentFilters_List answers (the specification's example), each on the
    source it names, and the severity ones on both."""
    import json

    from tests.conftest import FIXTURES

    path = FIXTURES / "arm" / "examples" / "ListRaiContentFilters.2025-06-01.json"
    items = json.loads(path.read_text())["responses"]["200"]["body"]["value"]
    listed = {item["properties"]["name"]: item["properties"] for item in items}
    on = BinaryFilter(blocking=True)
    everything = ContentFilterPolicy(
        filters=ContentFilterSet(indirect_attack=on, profanity=on, protected_material_code=on)
    )
    run = run_components(lambda: build({"all": everything}))
    policy = registrations_of(run, RAI_POLICY)["primary-content-filters-all"]
    sent = policy.inputs["properties"]["contentFilters"]
    assert {f["name"] for f in sent} == set(listed)
    for item in sent:
        properties = listed[item["name"]]
        if properties["isMultiLevelFilter"]:
            assert "severityThreshold" in item
        elif "source" in properties:
            assert item["source"] == properties["source"], item["name"]


def test_a_policy_names_the_blocklists_it_applies_and_no_list_when_it_applies_none() -> None:
    """RaiPolicyProperties.customBlocklists: one entry per blocklist and source it applies to."""
    uses = {
        "competitors": BlocklistUse(completion=False),
        "slurs": BlocklistUse(blocking=False, prompt=False),
    }
    run = run_components(
        lambda: build({"strict": ContentFilterPolicy(blocklists=uses), "plain": ContentFilterPolicy()})
    )
    by_name = registrations_of(run, RAI_POLICY)
    assert by_name["primary-content-filters-strict"].inputs["properties"]["customBlocklists"] == [
        {"blocklistName": "competitors", "blocking": True, "source": "Prompt"},
        {"blocklistName": "slurs", "blocking": False, "source": "Completion"},
    ]
    assert "customBlocklists" not in by_name["primary-content-filters-plain"].inputs["properties"]


def test_the_first_policy_waits_for_what_it_is_given_and_every_policy_is_a_child() -> None:
    made: list[ContentFilters] = []

    def program() -> None:
        group = resources.ResourceGroup("blocklist", resource_group_name="rg", location="swedencentral")
        made.append(
            ContentFilters(
                "primary-content-filters",
                ContentFiltersArgs(
                    account_name="acct",
                    resource_group_name="rg",
                    policies={"b": ContentFilterPolicy(), "a": ContentFilterPolicy()},
                ),
                after=[group],
            )
        )

    run = run_components(program)
    by_name = registrations_of(run, RAI_POLICY)
    component = run.by_type(ContentFilters.TYPE)[0]
    assert names_of(run, by_name["primary-content-filters-a"].dependencies) == ["blocklist"]
    assert names_of(run, by_name["primary-content-filters-b"].dependencies) == ["primary-content-filters-a"]
    assert {by_name[n].parent for n in by_name} == {component.urn}
    filters = made[0]
    assert sorted(filters.policies) == ["a", "b"] and filters.last is filters.policies["b"]


@pulumi.runtime.test
def test_policy_names_are_exported_sorted(pulumi_mocks: object) -> pulumi.Output[None]:
    filters = ContentFilters(
        "unit-filters",
        ContentFiltersArgs(
            account_name="acct",
            resource_group_name="rg",
            policies={"strict": ContentFilterPolicy(), "lenient": ContentFilterPolicy()},
        ),
    )

    def check(names: list[str]) -> None:
        assert names == ["lenient", "strict"]

    return filters.policy_names.apply(check)
