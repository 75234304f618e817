"""FoundryProjects: Project bodies as api-version 2025-06-01 takes them (accounts/{account}/
projects/{name}: location, identity, displayName, description), role assignments scoped to a
project, a project's own connections, the order of the writes, and the exported summary.

Built here on their own, in a fresh mock engine per test (test_foundry.py plans the whole
Foundry fixture stack, where one component's inputs are a few among hundreds)."""

from __future__ import annotations

import itertools
from typing import Any

import pulumi
from pulumi_azure_native import resources

from aoai.offline.runner import ProgramRun
from azure_openai_toolkit import (
    FoundryConnection,
    FoundryProject,
    FoundryProjects,
    FoundryProjectsArgs,
    ManagedIdentities,
    RoleAssignment,
)
from tests.conftest import IDENTITY, PRINCIPAL, names_of, registrations_of, run_components

PROJECT = "azure-native:cognitiveservices:Project"
ACCOUNT_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/contoso-dev-foundry"
)
SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)
TAGS = {"env": "dev"}


def projects() -> dict[str, FoundryProject]:
    return {
        "support": FoundryProject(
            managed_identities=ManagedIdentities(system_assigned=False, user_assigned_resource_ids=[IDENTITY])
        ),
        "research": FoundryProject(
            display_name="Research",
            description="Papers and experiments",
            role_assignments={"team": RoleAssignment(principal_id=PRINCIPAL, role="Foundry User")},
            connections={
                "search": FoundryConnection(
                    category="CognitiveSearch",
                    target="https://search-contoso.search.windows.net/",
                    resource_id=SEARCH,
                )
            },
        ),
    }


def build(made: list[FoundryProjects], given: dict[str, FoundryProject] | None = None) -> None:
    group = resources.ResourceGroup("account", resource_group_name="rg", location="swedencentral")
    made.append(
        FoundryProjects(
            "projects",
            FoundryProjectsArgs(
                account_name="contoso-dev-foundry",
                resource_group_name="rg",
                location="swedencentral",
                projects=projects() if given is None else given,
                tags=TAGS,
            ),
            opts=pulumi.ResourceOptions(parent=group),
            after=[group],
        )
    )


def planned() -> tuple[ProgramRun, FoundryProjects]:
    made: list[FoundryProjects] = []
    run = run_components(lambda: build(made))
    return run, made[0]


def by_name(run: ProgramRun) -> dict[str, Any]:
    return {r.name: r for r in run.registrations}


def test_project_bodies() -> None:
    run, _ = planned()
    found = registrations_of(run, PROJECT)
    assert found["projects-research"].inputs == {
        "accountName": "contoso-dev-foundry",
        "resourceGroupName": "rg",
        "projectName": "research",
        "location": "swedencentral",
        "identity": {"type": "SystemAssigned"},
        "properties": {"displayName": "Research", "description": "Papers and experiments"},
        "tags": TAGS,
    }
    support = found["projects-support"].inputs
    assert support["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [IDENTITY]}
    assert support["properties"] == {"displayName": "support"}  # the key when no display name is given


def test_writes_on_the_account_one_after_another_role_assignments_wait_for_their_project_only() -> None:
    run, component = planned()
    resources_by_name = by_name(run)
    order = ["account", "projects-research", "projects-research-connections-search", "projects-support"]
    for earlier, later in itertools.pairwise(order):
        assert names_of(run, resources_by_name[later].dependencies) == [earlier], later
    connection = resources_by_name["projects-research-connections-search"]
    assert connection.type == "azure-native:cognitiveservices:ProjectConnection"
    assert connection.inputs["projectName"] == "research"
    assignment = resources_by_name["projects-research-role-assignments-team"]
    assert names_of(run, assignment.dependencies) == ["projects-research"]
    assert component.last is not None and component.last.pulumi_resource_name == "projects-support"
    assert sorted(component.resources) == ["research", "support"]
    assert component.resources["support"] is component.last


def test_everything_is_a_child_of_the_projects_component() -> None:
    run, _ = planned()
    resources_by_name = by_name(run)
    (component,) = run.by_type(FoundryProjects.TYPE)
    assert component.parent == resources_by_name["account"].urn
    for child in ("projects-research", "projects-support"):
        assert resources_by_name[child].parent == component.urn
    for child in ("projects-research-role-assignments", "projects-research-connections"):
        assert resources_by_name[child].parent == component.urn, child


def test_no_projects_leave_nothing_to_wait_for() -> None:
    made: list[FoundryProjects] = []
    run_components(lambda: build(made, {}))
    assert made[0].last is None


@pulumi.runtime.test
def test_the_summary_names_each_project_its_id_and_its_identity(pulumi_mocks: object) -> pulumi.Output[None]:
    args = FoundryProjectsArgs(
        account_name="contoso-dev-foundry",
        resource_group_name="rg",
        location="swedencentral",
        projects=projects(),
    )
    component = FoundryProjects("unit-projects", args)

    def check(summary: dict[str, Any]) -> None:
        assert set(summary) == {"research", "support"}
        research, support = summary["research"], summary["support"]
        assert research["name"] == "research" and research["id"] == f"{ACCOUNT_ID}/projects/research"
        assert isinstance(research["principalId"], str) and research["principalId"]
        assert support == {"name": "support", "id": f"{ACCOUNT_ID}/projects/support", "principalId": None}

    return component.projects.apply(check)


@pulumi.runtime.test
def test_no_projects_export_an_empty_map(pulumi_mocks: object) -> pulumi.Output[None]:
    args = FoundryProjectsArgs(
        account_name="a", resource_group_name="rg", location="swedencentral", projects={}
    )
    component = FoundryProjects("unit-projects", args)

    def check(summary: dict[str, Any]) -> None:
        assert summary == {}

    return component.projects.apply(check)
