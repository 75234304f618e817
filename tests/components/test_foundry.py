"""Foundry resources under Pulumi's mocks: projects, connections, blocklists, their order, and the
options that keep an account's kind upgrade in place.

The fixture stack tests/fixtures/foundry/Pulumi.foundry.yaml holds every Foundry feature.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

from pulumi.runtime.rpc import is_rpc_secret

from aoai.offline.mocks import Registration
from aoai.offline.runner import ProgramRun, run_program
from azure_openai_toolkit import (
    AccountPrivateEndpoint,
    BlocklistItem,
    BlocklistUse,
    ContentBlocklist,
    ContentFilterPolicy,
    FoundryConnection,
    FoundryProject,
    FoundryProjects,
    FoundryProjectsArgs,
    ManagedIdentities,
    ModelDeployment,
    NetworkInjection,
    OpenAIAccount,
    RoleAssignment,
)
from azure_openai_toolkit.config import read_stack_file
from azure_openai_toolkit.upgrade import account_ignore_changes
from tests.components.test_args import messages, refused
from tests.conftest import (
    FIXTURES,
    PRINCIPAL,
    SUBNET,
    ZONE,
    account_args,
    engine_raw,
    names_of,
    run_components,
    with_changes,
)

FOUNDRY_STACK = FIXTURES / "foundry" / "Pulumi.foundry.yaml"
SEARCH = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-search/providers/"
    "Microsoft.Search/searchServices/search-contoso"
)
ACCOUNT = "azure-native:cognitiveservices:Account"


@functools.cache
def foundry_run() -> ProgramRun:
    raw, secrets = read_stack_file(FOUNDRY_STACK)
    return run_program(FIXTURES, "foundry", raw, secrets)


def by_name(run: ProgramRun) -> dict[str, Registration]:
    return {r.name: r for r in run.registrations}


def waits_for(run: ProgramRun, name: str) -> set[str]:
    """Names of everything `name` waits for, directly or through what it waits for."""
    resources = by_name(run)
    urns = run.by_urn()
    seen: set[str] = set()
    pending = list(resources[name].dependencies)
    while pending:
        urn = pending.pop()
        if urn in urns and urns[urn].name not in seen:
            seen.add(urns[urn].name)
            pending += urns[urn].dependencies
    return seen


def test_writes_on_a_foundry_resource_happen_one_after_another_in_the_documented_order() -> None:
    run = foundry_run()
    order = [
        "foundry-blocklists-competitors",
        "foundry-blocklists-competitors-codename",
        "foundry-blocklists-competitors-fabrikam",
        "foundry-content-filters-strict",
        "foundry-deployments-chat",
        "foundry-projects-research",
        "foundry-projects-research-connections-papers",
        "foundry-projects-support",
        "foundry-connections-search",
        "foundry-private-endpoint-hub-endpoint",
    ]
    for earlier, later in itertools.pairwise(order):
        assert earlier in waits_for(run, later), f"{later} must wait for {earlier}"
    # Role assignments are not writes on the account: they wait for their project only.
    team = by_name(run)["foundry-projects-research-role-assignments-team"]
    assert names_of(run, team.dependencies) == ["foundry-projects-research"]


def test_foundry_resource_inputs_follow_the_2025_06_01_shapes() -> None:
    resources = by_name(foundry_run())
    account = resources["foundry-account"].inputs
    assert account["kind"] == "AIServices"
    assert account["properties"]["allowProjectManagement"] is True
    agents = SUBNET.replace("snet-pe", "snet-agents")
    assert account["properties"]["networkInjections"] == [
        {"scenario": "agent", "subnetArmId": agents, "useMicrosoftManagedNetwork": False}
    ]
    research = resources["foundry-projects-research"].inputs
    assert research["projectName"] == "research" and research["location"] == "swedencentral"
    assert research["identity"] == {"type": "SystemAssigned"}
    assert research["properties"] == {"displayName": "Research", "description": "Papers and experiments"}
    support = resources["foundry-projects-support"].inputs
    assert support["identity"]["type"] == "UserAssigned"
    assert support["properties"] == {"displayName": "support"}  # the key when no display name is given
    search = resources["foundry-connections-search"]
    assert search.type == "azure-native:cognitiveservices:AccountConnection"
    assert search.inputs["properties"] == {
        "authType": "AAD",
        "category": "CognitiveSearch",
        "target": "https://search-contoso.search.windows.net/",
        "isSharedToAll": True,
        "metadata": {"ApiType": "Azure", "ResourceId": SEARCH, "location": "swedencentral"},
    }
    papers = resources["foundry-projects-research-connections-papers"]
    assert papers.type == "azure-native:cognitiveservices:ProjectConnection"
    assert papers.inputs["projectName"] == "research" and papers.inputs["properties"]["authType"] == "AAD"
    policy = resources["foundry-content-filters-strict"].inputs["properties"]
    only_prompts = {"blocklistName": "competitors", "blocking": True, "source": "Prompt"}
    assert policy["customBlocklists"] == [only_prompts]
    names = {f["name"] for f in policy["contentFilters"]}
    assert {"Jailbreak", "Indirect Attack", "Profanity", "Protected Material Text"} <= names
    item = resources["foundry-blocklists-competitors-codename"].inputs
    assert item["properties"] == {"pattern": "project[- ]?falcon", "isRegex": True}


def test_secret_foundry_values_reach_resources_as_secret_inputs() -> None:
    """With `accounts` secret, connection targets and ids, the agents' subnet and project principals
    are secret inputs; project and connection names stay plain."""
    raw, _ = read_stack_file(FOUNDRY_STACK)
    resources = by_name(run_program(FIXTURES, "foundry", raw, ["accounts"]))
    assert is_rpc_secret(resources["foundry-account"].inputs["properties"])
    search = resources["foundry-connections-search"].inputs
    assert is_rpc_secret(search["properties"]) and search["connectionName"] == "search"
    team = resources["foundry-projects-research-role-assignments-team"].inputs
    assert is_rpc_secret(team["principalId"])
    assert resources["foundry-projects-research"].inputs["projectName"] == "research"


def test_project_role_assignments_are_scoped_to_the_project_by_name() -> None:
    resources = by_name(foundry_run())
    team = resources["foundry-projects-research-role-assignments-team"].inputs
    assert team["scope"].endswith("/accounts/contoso-dev-foundry/projects/research")
    assert team["roleDefinitionId"].endswith("/53ca6127-db72-4b80-b1b0-d745d6d5456d")  # Foundry User
    lead = resources["foundry-projects-support-role-assignments-lead"].inputs
    assert lead["roleDefinitionId"].endswith("/eadc314b-1a2d-4efa-be10-5d325db5065e")  # Project Manager


def test_a_foundry_endpoint_registers_in_the_three_zones_the_stack_creates() -> None:
    resources = by_name(foundry_run())
    zones = sorted(r.inputs["privateZoneName"] for r in resources.values() if r.type.endswith(":PrivateZone"))
    assert zones == [
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    ]
    # The OpenAI zone keeps the name (and URN) it had before Foundry resources existed.
    assert resources["openai-private-dns-zone"].inputs["privateZoneName"] == "privatelink.openai.azure.com"
    group = resources["foundry-private-endpoint-hub-dns-zone-group"].inputs["privateDnsZoneConfigs"]
    assert [c["privateDnsZoneId"].rsplit("/", 1)[-1] for c in group] == zones


def test_stack_outputs_name_the_projects_and_the_kind() -> None:
    account = foundry_run().outputs["accounts"]["foundry"]
    assert account["kind"] == "AIServices"
    assert set(account["projects"]) == {"research", "support"}
    assert account["projects"]["research"]["principalId"]
    assert account["projects"]["support"]["principalId"] is None  # user-assigned only


# -- the kind: an upgrade is kept and made in place -----------------------------------------------


def _account(run: ProgramRun) -> Registration:
    (account,) = run.by_type(ACCOUNT)
    return account


@functools.cache
def planned_kind(kind: str | None) -> Registration:
    def change(data: dict[str, Any]) -> None:
        if kind is not None:
            data["accounts"]["primary"]["kind"] = kind

    return _account(run_program(FIXTURES, f"kind-{kind}", engine_raw(with_changes(change))))


def test_an_openai_account_keeps_what_azure_upgraded() -> None:
    account = planned_kind(None)
    assert account.inputs["kind"] == "OpenAI"
    assert "allowProjectManagement" not in account.inputs["properties"]
    # Once the state records kind AIServices (any refresh), no update sends OpenAI back.
    assert account.ignore_changes == [
        "kind",
        "properties.allowProjectManagement",
        "properties.associatedProjects",
        "properties.defaultProject",
        # what Azure sets on every account (components/account.py ACCOUNT_SET_BY_AZURE)
        "properties.restore",
        "properties.dynamicThrottlingEnabled",
        "properties.networkAcls.virtualNetworkRules[*].state",
    ]
    assert account.replace_on_changes == [] and account.delete_before_replace is False


def test_kind_aiservices_is_sent_so_an_existing_openai_account_is_upgraded_in_place() -> None:
    account = planned_kind("AIServices")
    assert account.inputs["kind"] == "AIServices"
    assert account.inputs["properties"]["allowProjectManagement"] is True
    assert "kind" not in account.ignore_changes
    assert account.replace_on_changes == [] and account.delete_before_replace is False


def test_only_an_openai_account_keeps_the_kind_and_project_management_azure_has() -> None:
    """The rule on its own (the plans above show it on the account)."""
    service_managed = ["properties.associatedProjects", "properties.defaultProject"]
    assert account_ignore_changes("OpenAI") == ["kind", "properties.allowProjectManagement", *service_managed]
    assert account_ignore_changes("AIServices") == service_managed


def test_the_upgrade_keeps_every_urn_of_the_account() -> None:
    openai = run_program(FIXTURES, "urns", engine_raw(with_changes(lambda d: None)))

    def upgrade(data: dict[str, Any]) -> None:
        data["accounts"]["primary"]["kind"] = "AIServices"

    foundry = run_program(FIXTURES, "urns", engine_raw(with_changes(upgrade)))
    assert sorted(r.urn for r in openai.registrations) == sorted(r.urn for r in foundry.registrations)


# -- the Python door --------------------------------------------------------------------------------


def test_projects_need_a_foundry_resource_at_the_python_door_too() -> None:
    project = FoundryProject(display_name="Research")
    error, _ = refused(lambda: OpenAIAccount("chat", account_args(projects={"research": project})))
    assert list(messages(error)) == ["OpenAIAccountArgs.projects"]
    assert "kind='AIServices'" in messages(error)["OpenAIAccountArgs.projects"]


def test_python_door_rules_name_the_argument() -> None:
    args = account_args(
        kind="AIServices",
        network_injections=[NetworkInjection(subnet_id=SUBNET, use_microsoft_managed_network=True)],
        blocklists={"bad": ContentBlocklist(items={"x": BlocklistItem(pattern="([a-z", regex=True)})},
        projects={"research": FoundryProject(managed_identities=ManagedIdentities(system_assigned=False))},
    )
    error, _ = refused(lambda: OpenAIAccount("chat", args))
    problems = messages(error)
    pattern = "OpenAIAccountArgs.blocklists['bad'].items['x'].pattern"
    assert set(problems) == {
        "OpenAIAccountArgs.network_injections[0].subnet_id",
        pattern,
        "OpenAIAccountArgs.projects['research'].managed_identities",
    }
    assert "not a valid regular expression" in problems[pattern]


def test_a_foundry_endpoint_with_only_the_openai_zone_is_refused() -> None:
    endpoint = AccountPrivateEndpoint(subnet_id=SUBNET, private_dns_zone_ids=[ZONE])
    args = account_args(kind="AIServices", private_endpoints={"hub": endpoint})
    error, _ = refused(lambda: OpenAIAccount("chat", args))
    (path, message), *_ = messages(error).items()
    assert path == "OpenAIAccountArgs.private_endpoints['hub'].private_dns_zone_ids"
    assert "privatelink.cognitiveservices.azure.com, privatelink.services.ai.azure.com" in message


def test_projects_component_takes_outputs_for_the_account() -> None:
    import pulumi

    def build() -> None:
        account = pulumi.Output.from_input("contoso-dev-foundry")
        FoundryProjects(
            "projects",
            FoundryProjectsArgs(
                account_name=account,
                resource_group_name="rg",
                location="swedencentral",
                projects={
                    "research": FoundryProject(
                        connections={
                            "search": FoundryConnection(
                                category="CognitiveSearch",
                                target=pulumi.Output.from_input("https://search-contoso.search.windows.net/"),
                                resource_id=SEARCH,
                            )
                        },
                        role_assignments={
                            "team": RoleAssignment(principal_id=PRINCIPAL, role="Foundry User")
                        },
                    )
                },
            ),
        )

    run = run_components(build)
    names = sorted(r.name for r in run.registrations if r.custom)
    assert names == [
        "projects-research",
        "projects-research-connections-search",
        "projects-research-role-assignments-team",
    ]


def test_what_only_a_foundry_resource_has_is_refused_on_an_openai_account() -> None:
    search = FoundryConnection(
        category="CognitiveSearch", target="https://search-contoso.search.windows.net/", resource_id=SEARCH
    )
    args = account_args(
        connections={"search": search},
        network_injections=[NetworkInjection(subnet_id=SUBNET)],
        allow_project_management=True,
    )
    error, _ = refused(lambda: OpenAIAccount("chat", args))
    upgrade = (
        "belong to a Foundry resource: set kind='AIServices' (an OpenAI account has none; changing an "
        "existing OpenAI account to AIServices is Microsoft's in-place upgrade)"
    )
    assert messages(error) == {
        "OpenAIAccountArgs.connections": f"connections {upgrade}",
        "OpenAIAccountArgs.network_injections": f"network_injections {upgrade}",
        "OpenAIAccountArgs.allow_project_management": "project management needs kind='AIServices'; remove "
        "allow_project_management from this OpenAI account",
    }


def test_project_management_left_unset_counts_as_off_at_the_python_door() -> None:
    unset = ["allowProjectManagement"]
    projects = account_args(kind="AIServices", leave_unset=unset, projects={"research": FoundryProject()})
    error, _ = refused(lambda: OpenAIAccount("chat", projects))
    assert messages(error) == {
        "OpenAIAccountArgs.projects": "projects need allow_project_management=True (the default for "
        "kind='AIServices')"
    }
    # Without project management a Foundry resource needs no identity.
    no_identity = account_args(
        kind="AIServices", leave_unset=unset, managed_identities=ManagedIdentities(system_assigned=False)
    )
    (account,) = run_components(lambda: OpenAIAccount("chat", no_identity)).by_type(ACCOUNT)
    assert "identity" not in account.inputs


def test_more_python_door_rules_of_a_foundry_resource() -> None:
    args = account_args(
        kind="AIServices",
        network_injections=[NetworkInjection(subnet_id=SUBNET), NetworkInjection(subnet_id=SUBNET)],
        content_filters={"strict": ContentFilterPolicy(blocklists={"competitors": BlocklistUse()})},
        protect=True,
        deployments={
            "eval": ModelDeployment(model="gpt-4.1", version="2025-04-14", sku="DeveloperTier", capacity=1)
        },
    )
    error, _ = refused(lambda: OpenAIAccount("chat", args))
    assert messages(error) == {
        "OpenAIAccountArgs.network_injections[1].scenario": "scenario 'agent' is listed twice: an account "
        "takes one entry of network_injections per scenario; remove this one",
        "OpenAIAccountArgs.content_filters['strict'].blocklists['competitors']": "'competitors' is not a "
        "blocklist of this account (none declared); declare it under blocklists",
        "OpenAIAccountArgs.deployments['eval'].sku": "DeveloperTier deployments evaluate fine-tuned "
        "models: no SLA, no data residency, and Azure deletes them after 24 hours, so a protected account "
        "(protect=True) cannot keep one; use Standard, GlobalStandard or a provisioned SKU",
    }
