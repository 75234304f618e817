"""The Foundry parts of the stack contract: every rule reports at its key path with what to do."""

from __future__ import annotations

from typing import Any

import pytest

from tests.components.config.test_models import chat, primary
from tests.conftest import IDENTITY, SUBNET, ZONE, parse, problems_of, with_changes

SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)
CONNECTION = {
    "category": "CognitiveSearch",
    "target": "https://search-contoso.search.windows.net/",
    "resourceId": SEARCH,
}
THREE_ZONES = [
    ZONE.replace("privatelink.openai.azure.com", zone)
    for zone in (
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    )
]


def foundry(**fields: Any) -> dict[str, Any]:
    def change(data: dict[str, Any]) -> None:
        primary(data).update({"kind": "AIServices", **fields})

    return with_changes(change)


def test_kind_defaults_to_openai_and_names_the_two_kinds() -> None:
    assert parse(with_changes(lambda d: None)).accounts["primary"].kind == "OpenAI"
    problems = problems_of(foundry(kind="Foundry"))
    assert problems == {
        "accounts.primary.kind": "must be one of OpenAI, AIServices (got str 'Foundry')",
    }


def test_a_foundry_resource_allows_project_management_by_default() -> None:
    account = parse(foundry()).accounts["primary"]
    assert account.project_management is True
    assert parse(foundry(allowProjectManagement=False)).accounts["primary"].project_management is False


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"projects": {"research": {}}}, "accounts.primary.projects"),
        ({"connections": {"search": CONNECTION}}, "accounts.primary.connections"),
        ({"networkInjections": [{"subnetId": SUBNET}]}, "accounts.primary.networkInjections"),
        ({"allowProjectManagement": True}, "accounts.primary.allowProjectManagement"),
    ],
    ids=["projects", "connections", "network-injections", "project-management"],
)
def test_foundry_features_need_kind_aiservices(fields: dict[str, Any], path: str) -> None:
    def change(data: dict[str, Any]) -> None:
        primary(data).update(fields)

    problems = problems_of(with_changes(change))
    assert list(problems) == [path]
    assert "kind: AIServices" in problems[path]


def test_projects_need_project_management_and_an_identity() -> None:
    problems = problems_of(foundry(allowProjectManagement=False, projects={"research": {}}))
    assert problems == {
        "accounts.primary.projects": "projects need allowProjectManagement: true (the default for "
        "kind: AIServices)"
    }
    problems = problems_of(foundry(projects={"research": {"managedIdentities": {"systemAssigned": False}}}))
    assert list(problems) == ["accounts.primary.projects.research.managedIdentities"]
    where = "accounts.primary.projects.research.managedIdentities"
    assert "a project needs a managed identity" in problems[where]
    user_only = {"systemAssigned": False, "userAssignedResourceIds": [IDENTITY]}
    with_user_identity = {"managedIdentities": user_only}
    assert parse(foundry(projects={"research": with_user_identity})).accounts["primary"].projects


def test_a_foundry_resource_with_projects_needs_its_own_identity() -> None:
    problems = problems_of(foundry(managedIdentities={"systemAssigned": False}))
    assert list(problems) == ["accounts.primary.managedIdentities"]
    assert "needs a managed identity" in problems["accounts.primary.managedIdentities"]
    # Without project management it is a plain multi-service account: no identity needed.
    assert parse(foundry(managedIdentities={"systemAssigned": False}, allowProjectManagement=False))


def test_network_injection_needs_exactly_one_network() -> None:
    managed = {"useMicrosoftManagedNetwork": True}
    both = problems_of(foundry(networkInjections=[{"subnetId": SUBNET, **managed}]))
    assert both == {
        "accounts.primary.networkInjections[0].subnetId": "give subnetId or useMicrosoftManagedNetwork: "
        "true, not both"
    }
    none = problems_of(foundry(networkInjections=[{"scenario": "agent"}]))
    assert list(none) == ["accounts.primary.networkInjections[0].subnetId"]
    twice = problems_of(foundry(networkInjections=[{"subnetId": SUBNET}, managed]))
    assert twice == {"accounts.primary.networkInjections[1].scenario": (
        "scenario 'agent' is listed twice: an account takes one entry of networkInjections per scenario; "
        "remove this one"
    )}
    wrong = problems_of(foundry(networkInjections=[{"scenario": "none", "subnetId": SUBNET}]))
    where = "accounts.primary.networkInjections[0].scenario"
    assert wrong == {where: "must be one of agent (got str 'none')"}


@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        ({"category": "Cognitive Search"}, "category", "a connection category such as AzureOpenAI"),
        ({"target": "http://search-contoso.search.windows.net/"}, "target", "the target's https:// endpoint"),
        ({"resourceId": "search-contoso"}, "resourceId", "the resource id of the target"),
    ],
    ids=["category", "target", "resource-id"],
)
def test_connections_name_what_is_wrong(change: dict[str, str], path: str, expected: str) -> None:
    problems = problems_of(foundry(connections={"search": {**CONNECTION, **change}}))
    assert list(problems) == [f"accounts.primary.connections.search.{path}"]
    assert expected in problems[f"accounts.primary.connections.search.{path}"]


def test_connection_names_follow_the_api_pattern() -> None:
    problems = problems_of(foundry(connections={"s": CONNECTION}))
    assert problems == {
        "accounts.primary.connections.s": "key 's': connection names are 3 to 33 letters, digits, '_' "
        "and '-', starting with a letter or digit (the 2025-06-01 ConnectionName pattern) (got 's')"
    }


def test_connections_are_entra_id_only_so_no_credential_key_exists() -> None:
    problems = problems_of(foundry(connections={"search": {**CONNECTION, "authType": "ApiKey"}}))
    assert list(problems) == ["accounts.primary.connections.search.authType"]
    assert problems["accounts.primary.connections.search.authType"].startswith("unknown key 'authType'")


def test_a_foundry_endpoint_needs_the_three_zones() -> None:
    endpoint = {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}
    problems = problems_of(foundry(privateEndpoints={"hub": endpoint}))
    path = "accounts.primary.privateEndpoints.hub.privateDnsZoneIds"
    assert list(problems) == [path]
    assert (
        "add the zone(s) privatelink.cognitiveservices.azure.com, privatelink.services.ai.azure.com"
        in (problems[path])
    )
    assert parse(foundry(privateEndpoints={"hub": {"subnetId": SUBNET, "privateDnsZoneIds": THREE_ZONES}}))
    network = SUBNET.rsplit("/subnets", 1)[0]
    created = {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": [network]}}
    assert parse(foundry(privateEndpoints={"hub": created}))


def on_primary(**fields: Any) -> dict[str, Any]:
    return with_changes(lambda data: primary(data).update(fields))


def endpoint_in(*zones: str) -> dict[str, Any]:
    ids = [ZONE.replace("privatelink.openai.azure.com", zone) for zone in zones]
    return {"hub": {"subnetId": SUBNET, "privateDnsZoneIds": ids}}


def test_an_openai_account_may_have_the_foundry_zones_ready_but_needs_its_own() -> None:
    ready = endpoint_in("privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com")
    assert parse(on_primary(privateEndpoints=ready))
    path = "accounts.primary.privateEndpoints.hub.privateDnsZoneIds"
    problems = problems_of(
        on_primary(privateEndpoints=endpoint_in("privatelink.cognitiveservices.azure.com"))
    )
    assert list(problems) == [path]
    assert "an Azure OpenAI endpoint registers in privatelink.openai.azure.com" in problems[path]


def test_sovereign_clouds_have_no_services_ai_zone_and_clouds_do_not_mix() -> None:
    government = endpoint_in("privatelink.openai.azure.us", "privatelink.cognitiveservices.azure.us")
    assert parse(foundry(privateEndpoints=government))
    mixed = endpoint_in("privatelink.openai.azure.us", "privatelink.cognitiveservices.azure.com")
    (message,) = problems_of(foundry(privateEndpoints=mixed)).values()
    assert "the zones are of different clouds" in message


def blocklist(**items: Any) -> dict[str, Any]:
    return {"competitors": {"items": items}}


def test_blocklists_hold_terms_and_valid_regular_expressions() -> None:
    account = parse(foundry(blocklists=blocklist(fabrikam={"pattern": "Fabrikam"}))).accounts["primary"]
    assert account.blocklists["competitors"].items["fabrikam"].regex is False
    problems = problems_of(foundry(blocklists=blocklist(bad={"pattern": "([a-z", "regex": True})))
    path = "accounts.primary.blocklists.competitors.items.bad.pattern"
    assert list(problems) == [path] and problems[path].startswith("not a valid regular expression")
    # .NET named groups, the service's flavour, are regular expressions too.
    assert parse(foundry(blocklists=blocklist(named={"pattern": "(?<word>fal+con)", "regex": True})))
    assert problems_of(foundry(blocklists=blocklist())) == {
        "accounts.primary.blocklists.competitors.items": "needs at least 1 item(s)"
    }
    long = problems_of(foundry(blocklists=blocklist(long={"pattern": "x" * 1001})))
    assert list(long) == ["accounts.primary.blocklists.competitors.items.long.pattern"]


def test_content_filters_use_declared_blocklists_on_some_source() -> None:
    def filters(uses: dict[str, Any]) -> dict[str, Any]:
        return {"strict": {"blocklists": uses}}

    problems = problems_of(foundry(contentFilters=filters({"competitors": {}})))
    assert problems == {
        "accounts.primary.contentFilters.strict.blocklists.competitors": "'competitors' is not a blocklist "
        "of this account (none declared); declare it under blocklists"
    }
    neither = problems_of(
        foundry(
            blocklists=blocklist(f={"pattern": "Fabrikam"}),
            contentFilters=filters({"competitors": {"prompt": False, "completion": False}}),
        )
    )
    assert neither == {
        "accounts.primary.contentFilters.strict.blocklists.competitors.prompt": "apply the blocklist to "
        "prompts, completions or both"
    }


def test_an_unknown_filter_category_names_the_categories_the_api_accepts() -> None:
    def change(data: dict[str, Any]) -> None:
        primary(data)["contentFilters"] = {"strict": {"filters": {"selfHarm": {"threshold": "Low"}}}}

    problems = problems_of(with_changes(change))
    message = problems["accounts.primary.contentFilters.strict.filters.selfHarm"]
    assert message.startswith("unknown key 'selfHarm'; did you mean 'selfharm'?")
    categories = ("hate", "sexual", "violence", "jailbreak", "indirectAttack", "protectedMaterialText")
    for category in (*categories, "protectedMaterialCode", "profanity"):
        assert category in message


def test_developer_deployments_are_refused_on_protected_stacks_and_in_data_zones() -> None:
    def developer(data: dict[str, Any]) -> None:
        chat(data).update(sku="DeveloperTier")

    assert parse(with_changes(developer))

    def protected(data: dict[str, Any]) -> None:
        developer(data)
        data["environment"] = "prod"

    problems = problems_of(with_changes(protected))
    assert list(problems) == ["accounts.primary.deployments.chat.sku"]
    assert "Azure deletes them after 24 hours" in problems["accounts.primary.deployments.chat.sku"]

    def in_zone(data: dict[str, Any]) -> None:
        developer(data)
        primary(data).update(location="auto", placement={"dataZone": "EU"})

    assert (
        "DeveloperTier may process data in any region"
        in problems_of(with_changes(in_zone))["accounts.primary.deployments.chat.sku"]
    )


def test_foundry_role_names_old_and_new_resolve_to_the_same_roles() -> None:
    from azure_openai_toolkit.roles import role_definition_guid

    assert role_definition_guid("Foundry User") == role_definition_guid("Azure AI User")
    assert role_definition_guid("Foundry User") == "53ca6127-db72-4b80-b1b0-d745d6d5456d"
    assert role_definition_guid("Foundry Owner") == "c883944f-8b7b-4483-af10-35834be79c4a"
    assert role_definition_guid("Foundry Account Owner") == "e47c6f54-e4a2-4754-9501-8e0985b135e1"
    assert role_definition_guid("Azure AI Project Manager") == "eadc314b-1a2d-4efa-be10-5d325db5065e"
    with pytest.raises(ValueError, match="write 'Foundry User'"):
        role_definition_guid("foundry user")


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?'word'fal+con)\s\k'word'",  # .NET's other named-group and back-reference spelling
        r"(?<word>fal+con)\s\k<word>",
        r"(fal+con)\s\k<1>",  # a back-reference by number
        r"\p{Lu}\p{Ll}+",  # Unicode categories
        r"[\p{IsGreek}\d]+",  # a named block inside a class
        r"\P{L}",
        r"(?<=fab+)rikam",  # a look-behind of any width
    ],
)
def test_a_blocklist_regex_in_dotnet_syntax_is_not_refused(pattern: str) -> None:
    # Blocklist patterns are .NET regular expressions: what .NET accepts and Python's re does not
    # spell the same way must not be refused by the syntax check.
    assert parse(foundry(blocklists=blocklist(dotnet={"pattern": pattern, "regex": True})))


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(?<word>fal+con)\k<other>", "unknown group name 'other'"),
        (r"*Fabrikam", "nothing to repeat"),
        (r"(?'word'fal+con", "missing ), unterminated subpattern"),
    ],
)
def test_a_blocklist_regex_wrong_in_any_flavour_is_refused(pattern: str, why: str) -> None:
    problems = problems_of(foundry(blocklists=blocklist(bad={"pattern": pattern, "regex": True})))
    message = problems["accounts.primary.blocklists.competitors.items.bad.pattern"]
    assert message.startswith(f"not a valid regular expression: {why}")
