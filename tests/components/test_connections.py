"""FoundryConnections: Entra ID connections of an account or a project as api-version 2025-06-01
takes them (accounts/{account}/connections/{name}, .../projects/{project}/connections/{name}:
authType AAD, category, target, isSharedToAll, metadata ApiType/ResourceId/location), one write
after another.

Built here on their own, in a fresh mock engine per test (test_foundry.py plans the whole
Foundry fixture stack, where one component's inputs are a few among hundreds)."""

from __future__ import annotations

import itertools

import pulumi
import pytest
from pulumi_azure_native import resources

from azure_openai_toolkit import FoundryConnection
from azure_openai_toolkit.connections import FoundryConnections, FoundryConnectionsArgs
from tests.conftest import names_of, registrations_of, run_components

ACCOUNT_CONNECTION = "azure-native:cognitiveservices:AccountConnection"
PROJECT_CONNECTION = "azure-native:cognitiveservices:ProjectConnection"
SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)
STORAGE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/"
    "Microsoft.Storage/storageAccounts/stpapers"
)


def connections() -> dict[str, FoundryConnection]:
    return {
        "search": FoundryConnection(
            category="CognitiveSearch",
            target="https://search-contoso.search.windows.net/",
            resource_id=SEARCH,
            location="swedencentral",
            shared_to_all=True,
        ),
        "papers": FoundryConnection(
            category="AzureBlob", target="https://stpapers.blob.core.windows.net/", resource_id=STORAGE
        ),
    }


def build(made: list[FoundryConnections], project: str | None = None, **given: FoundryConnection) -> None:
    group = resources.ResourceGroup("account", resource_group_name="rg", location="swedencentral")
    made.append(
        FoundryConnections(
            "connections",
            FoundryConnectionsArgs(
                account_name="contoso-dev-foundry",
                resource_group_name="rg",
                connections=given or connections(),
                project_name=project,
            ),
            opts=pulumi.ResourceOptions(parent=group),
            after=[group],
        )
    )


def test_account_connections_authenticate_with_entra_id_and_name_their_target() -> None:
    run = run_components(lambda: build([]))
    by_name = registrations_of(run, ACCOUNT_CONNECTION)
    assert registrations_of(run, PROJECT_CONNECTION) == {}
    assert by_name["connections-search"].inputs == {
        "accountName": "contoso-dev-foundry",
        "resourceGroupName": "rg",
        "connectionName": "search",
        "properties": {
            "authType": "AAD",
            "category": "CognitiveSearch",
            "target": "https://search-contoso.search.windows.net/",
            "isSharedToAll": True,
            "metadata": {"ApiType": "Azure", "ResourceId": SEARCH, "location": "swedencentral"},
        },
    }
    # No location given: none in the metadata; not shared unless asked.
    assert by_name["connections-papers"].inputs["properties"] == {
        "authType": "AAD",
        "category": "AzureBlob",
        "target": "https://stpapers.blob.core.windows.net/",
        "isSharedToAll": False,
        "metadata": {"ApiType": "Azure", "ResourceId": STORAGE},
    }


def test_a_projects_connections_belong_to_the_project() -> None:
    run = run_components(lambda: build([], project="research"))
    assert registrations_of(run, ACCOUNT_CONNECTION) == {}
    papers = registrations_of(run, PROJECT_CONNECTION)["connections-papers"]
    assert papers.inputs["accountName"] == "contoso-dev-foundry"
    assert papers.inputs["projectName"] == "research"
    assert papers.inputs["connectionName"] == "papers"
    assert papers.inputs["properties"]["metadata"] == {"ApiType": "Azure", "ResourceId": STORAGE}


@pytest.mark.parametrize("project", [None, "research"])
def test_connections_are_written_one_after_another_in_name_order_as_children(project: str | None) -> None:
    made: list[FoundryConnections] = []
    run = run_components(lambda: build(made, project))
    written = {**registrations_of(run, ACCOUNT_CONNECTION), **registrations_of(run, PROJECT_CONNECTION)}
    for earlier, later in itertools.pairwise(["account", "connections-papers", "connections-search"]):
        assert names_of(run, written[later].dependencies) == [earlier], later
    component = run.by_type(FoundryConnections.TYPE)[0]
    assert {r.parent for r in written.values()} == {component.urn}
    assert component.parent == registrations_of(run, "azure-native:resources:ResourceGroup")["account"].urn
    # What the caller's next write on the account waits for.
    last = made[0].last
    assert isinstance(last, pulumi.CustomResource) and last.pulumi_resource_name == "connections-search"


def test_no_connections_leave_nothing_to_wait_for() -> None:
    made: list[FoundryConnections] = []

    def program() -> None:
        made.append(
            FoundryConnections(
                "connections",
                FoundryConnectionsArgs(account_name="a", resource_group_name="rg", connections={}),
            )
        )

    run_components(program)
    assert made[0].last is None


@pulumi.runtime.test
def test_connection_names_are_exported_sorted(pulumi_mocks: object) -> pulumi.Output[None]:
    component = FoundryConnections(
        "unit-connections",
        FoundryConnectionsArgs(account_name="a", resource_group_name="rg", connections=connections()),
    )

    def check(names: list[str]) -> None:
        assert names == ["papers", "search"]

    return component.connection_names.apply(check)
