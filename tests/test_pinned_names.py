"""What identifies each resource in Azure, pinned with literals written by hand from the rules.

A changed name is a different resource to Azure: Pulumi replaces it (an account loses its keys,
deployments and endpoint), and a renamed role assignment is refused with RoleAssignmentExists. So
every expected value below is written out, never computed by the code under test. The fixture
(tests/fixtures/stacks/Pulumi.names.yaml) takes every naming path; the rules, from
docs/reference/configuration.md and components/roles.py:

- account: <namePrefix>-<environment>-<key> (pins-qa-<key>), unless `name`;
- subdomain: the account name in lower case, unless `customSubdomain`;
- resource group: rg-<namePrefix>-openai-<environment>;
- deployment: its key; lock: lock-<account name>; diagnostic setting: its key;
- private endpoint: pe-<account name>-<key>, unless `name`; at most 64 characters;
- role assignment (naming "toolkit", the default): uuid5 in the namespace
  6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01 of "<scope>|<principal id>|<role guid>" in lower case, the
  scope being the account's id. The GUIDs were computed with Python's uuid module alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aoai.offline.runner import ProgramRun, run_program
from azure_openai_toolkit.config import ConfigError, load_stack_file, read_stack_file
from tests.conftest import FIXTURE_STACKS, FIXTURES

NAMES = FIXTURE_STACKS / "Pulumi.names.yaml"
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
RG = f"{SUB}/resourceGroups/rg-pins-openai-qa"
ACCOUNTS = f"{RG}/providers/Microsoft.CognitiveServices/accounts"
ENDPOINTS = f"{RG}/providers/Microsoft.Network/privateEndpoints"
LONG = "pins-qa-an-account-name-of-exactly-fifty-seven-characters"  # 57: pe-<it>-hub is 64
ROLE_ASSIGNMENTS = "providers/Microsoft.Authorization/roleAssignments"
ZONE_GROUP = "privateDnsZoneGroups/default"

EXPECTED_IDS = {
    "openai-resource-group": RG,
    "primary-account": f"{ACCOUNTS}/pins-qa-primary",
    "shared-account": f"{ACCOUNTS}/Pins-Shared-OpenAI",
    "sub-account": f"{ACCOUNTS}/pins-qa-sub",
    "auto-account": f"{ACCOUNTS}/pins-qa-auto",
    "long-account": f"{ACCOUNTS}/{LONG}",
    "primary-deployments-chat": f"{ACCOUNTS}/pins-qa-primary/deployments/chat",
    "primary-deployments-embeddings": f"{ACCOUNTS}/pins-qa-primary/deployments/embeddings",
    "shared-deployments-chat": f"{ACCOUNTS}/Pins-Shared-OpenAI/deployments/chat",
    "sub-deployments-chat": f"{ACCOUNTS}/pins-qa-sub/deployments/chat",
    "auto-deployments-router": f"{ACCOUNTS}/pins-qa-auto/deployments/router",
    "long-deployments-chat": f"{ACCOUNTS}/{LONG}/deployments/chat",
    "primary-private-endpoint-hub-endpoint": f"{ENDPOINTS}/pe-pins-qa-primary-hub",
    "primary-private-endpoint-hub-dns-zone-group": f"{ENDPOINTS}/pe-pins-qa-primary-hub/{ZONE_GROUP}",
    "primary-private-endpoint-spoke-endpoint": f"{ENDPOINTS}/pe-spoke-own-name",
    "primary-private-endpoint-spoke-dns-zone-group": f"{ENDPOINTS}/pe-spoke-own-name/{ZONE_GROUP}",
    "long-private-endpoint-hub-endpoint": f"{ENDPOINTS}/pe-{LONG}-hub",
    "long-private-endpoint-hub-dns-zone-group": f"{ENDPOINTS}/pe-{LONG}-hub/{ZONE_GROUP}",
    "primary-lock": (
        f"{ACCOUNTS}/pins-qa-primary/providers/Microsoft.Authorization/locks/lock-pins-qa-primary"
    ),
    "primary-diagnostics-central": (
        f"{ACCOUNTS}/pins-qa-primary/providers/Microsoft.Insights/diagnosticSettings/central"
    ),
    # uuid5(ns, "<account id>|22222222-2222-2222-2222-222222222222|5e0bd9bd-...".lower())
    "primary-role-assignments-app": (
        f"{ACCOUNTS}/pins-qa-primary/{ROLE_ASSIGNMENTS}/32b3aafb-76f6-5b21-b261-2f4606697ea0"
    ),
    # the principal is written 3333AAAA-...: lower-cased before hashing; role Usages Reader bba48692-...
    "primary-role-assignments-ops": (
        f"{ACCOUNTS}/pins-qa-primary/{ROLE_ASSIGNMENTS}/f55fa4ff-7c72-5889-bb7b-82103e2ccdb8"
    ),
    # the scope .../accounts/Pins-Shared-OpenAI is lower-cased before hashing
    "shared-role-assignments-app": (
        f"{ACCOUNTS}/Pins-Shared-OpenAI/{ROLE_ASSIGNMENTS}/b6439383-0b6a-5645-b37e-139072a9510a"
    ),
}

EXPECTED_ACCOUNTS = {
    # key: (accountName, customSubDomainName, location)
    "primary": ("pins-qa-primary", "pins-qa-primary", "swedencentral"),
    "shared": ("Pins-Shared-OpenAI", "pins-shared-openai", "swedencentral"),
    "sub": ("pins-qa-sub", "pins-own-subdomain", "swedencentral"),
    # model-router 2025-11-18 DataZoneStandard: in swedencentral, not francecentral (the catalog)
    "auto": ("pins-qa-auto", "pins-qa-auto", "swedencentral"),
    "long": (LONG, LONG, "swedencentral"),
}

# The names each resource sends to Azure, as inputs (the ids above are what the mock derives).
EXPECTED_NAME_INPUTS = {
    "openai-resource-group": {"resourceGroupName": "rg-pins-openai-qa"},
    "primary-deployments-chat": {"deploymentName": "chat"},
    "auto-deployments-router": {"deploymentName": "router"},
    "primary-private-endpoint-hub-endpoint": {"privateEndpointName": "pe-pins-qa-primary-hub"},
    "primary-private-endpoint-spoke-endpoint": {"privateEndpointName": "pe-spoke-own-name"},
    "long-private-endpoint-hub-endpoint": {"privateEndpointName": f"pe-{LONG}-hub"},
    "primary-lock": {"lockName": "lock-pins-qa-primary"},
    "primary-diagnostics-central": {"name": "central"},
    "primary-role-assignments-app": {"roleAssignmentName": "32b3aafb-76f6-5b21-b261-2f4606697ea0"},
    "primary-role-assignments-ops": {"roleAssignmentName": "f55fa4ff-7c72-5889-bb7b-82103e2ccdb8"},
    "shared-role-assignments-app": {"roleAssignmentName": "b6439383-0b6a-5645-b37e-139072a9510a"},
}


@pytest.fixture(scope="module")
def run() -> ProgramRun:
    raw, secrets = read_stack_file(NAMES)
    return run_program(FIXTURES, "names", raw, secrets)


def test_every_azure_resource_has_the_id_the_rules_give(run: ProgramRun) -> None:
    ids = {r.name: r.id for r in run.registrations if r.type.startswith("azure-native:")}
    assert ids == EXPECTED_IDS


def test_accounts_names_subdomains_and_regions(run: ProgramRun) -> None:
    accounts = {
        r.name.removesuffix("-account"): (
            r.inputs["accountName"],
            r.inputs["properties"]["customSubDomainName"],
            r.inputs["location"],
        )
        for r in run.by_type("azure-native:cognitiveservices:Account")
    }
    assert accounts == EXPECTED_ACCOUNTS


@pytest.mark.parametrize(("resource", "names"), EXPECTED_NAME_INPUTS.items(), ids=list(EXPECTED_NAME_INPUTS))
def test_each_resource_sends_its_name(run: ProgramRun, resource: str, names: dict[str, str]) -> None:
    (registration,) = [r for r in run.registrations if r.name == resource]
    assert {key: registration.inputs.get(key) for key in names} == names


def test_the_config_reports_the_same_names() -> None:
    config = load_stack_file(NAMES)
    assert {key: config.account_name(key) for key in config.accounts} == {
        key: name for key, (name, _, _) in EXPECTED_ACCOUNTS.items()
    }
    assert {key: config.subdomain(key) for key in config.accounts} == {
        key: subdomain for key, (_, subdomain, _) in EXPECTED_ACCOUNTS.items()
    }
    assert config.resource_group_name == "rg-pins-openai-qa"


def test_an_endpoint_name_of_65_characters_is_refused(tmp_path: Path) -> None:
    longer = tmp_path / "Pulumi.names.yaml"
    longer.write_text(NAMES.read_text().replace(f"name: {LONG}", f"name: {LONG}x"))
    with pytest.raises(ConfigError) as caught:
        load_stack_file(longer)
    assert (
        f"azure-openai:accounts.long.privateEndpoints.hub: the endpoint would be named 'pe-{LONG}x-hub' "
        "(65 characters, Azure allows 64)" in str(caught.value)
    )
