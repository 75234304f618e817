"""The policy pack through its real entry point: policy/__main__.py served over Pulumi's protocol."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from aoai.offline.mocks import Registration
from aoai.offline.runner import run_program
from aoai.stacks import stack_name_of
from azure_openai_toolkit.config import read_stack_file
from tests.conftest import FIXTURE_STACKS, FIXTURES, PROJECT_ROOT
from tests.policy.cases import ALL_POLICIES, CASES, Case, planned
from tests.policy.pack_client import UNKNOWN, PackClient

DEV_EXPECTED = {"content-filter-recommended", "diagnostics-recommended"}  # docs/policy.md: "Expected on dev"
# docs/policy.md's list for prod: the advisory rules Checkov has only for Terraform.
PROD_EXPECTED = {"customer-managed-key-recommended", "outbound-allowlist-recommended"}


@pytest.fixture(scope="module")
def pack() -> Iterator[PackClient]:
    client = PackClient()
    try:
        yield client
    finally:
        client.close()


def test_the_pack_serves_every_rule_with_its_level_and_config_schema(pack: PackClient) -> None:
    assert set(pack.policy_names) == ALL_POLICIES
    by_name = {p.name: p for p in pack.info.policies}
    advisory = {name for name, p in by_name.items() if p.enforcementLevel != 1}  # 1 = MANDATORY
    assert advisory == {
        "content-filter-recommended",
        "diagnostics-recommended",
        "customer-managed-key-recommended",
        "outbound-allowlist-recommended",
    }
    assert dict(by_name["capacity-ceiling"].configSchema.properties)["maxCapacity"]["default"] == 100
    assert list(dict(by_name["data-zone-skus"].configSchema.properties)["dataZone"]["enum"]) == [
        "",
        "EU",
        "US",
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_case_violates_exactly_its_policies_in_the_pack(pack: PackClient, case: Case) -> None:
    pack.configure(case.pack_config)
    diagnostics = pack.preview(planned(case.name).registrations)
    assert {d.policy for d in diagnostics} == case.violated
    for diagnostic in diagnostics:
        assert diagnostic.urn, "every violation names the resource to fix"
        assert diagnostic.mandatory == (not diagnostic.policy.endswith("-recommended"))


def test_every_policy_has_a_violating_and_a_compliant_case() -> None:
    violated = set().union(*(c.violated for c in CASES))
    assert violated == ALL_POLICIES
    assert next(c for c in CASES if c.name == "compliant").violated == frozenset()


def _planned_stack(name: str) -> list[Registration]:
    path = FIXTURE_STACKS / f"Pulumi.{name}.yaml"
    raw, secret_keys = read_stack_file(path)
    return run_program(FIXTURES, stack_name_of(path), raw, secret_keys).registrations


def test_the_example_prod_stack_fails_only_the_advisory_policies_documented(pack: PackClient) -> None:
    pack.configure()
    diagnostics = pack.preview(_planned_stack("prod"))
    assert {d.policy for d in diagnostics} == PROD_EXPECTED
    assert not any(d.mandatory for d in diagnostics)
    page = (PROJECT_ROOT / "docs" / "policy.md").read_text()
    documented = page.split("<!-- prod-expected-policies:start -->", 1)[1].split(
        "<!-- prod-expected-policies:end -->"
    )[0]
    assert {line.split("`")[1] for line in documented.strip().splitlines()} == PROD_EXPECTED


def test_the_example_dev_stack_fails_only_the_policies_documented_for_dev(pack: PackClient) -> None:
    pack.configure()
    diagnostics = pack.preview(_planned_stack("dev"))
    assert {d.policy for d in diagnostics} == DEV_EXPECTED
    assert not any(d.mandatory for d in diagnostics)
    page = (PROJECT_ROOT / "docs" / "policy.md").read_text()
    documented = page.split("<!-- dev-expected-policies:start -->", 1)[1].split(
        "<!-- dev-expected-policies:end -->"
    )[0]
    assert {line.split("`")[1] for line in documented.strip().splitlines()} == DEV_EXPECTED


def test_config_reaches_the_rules_through_pulumi_policys_config(pack: PackClient) -> None:
    deployment = {"deploymentName": "chat", "sku": {"name": "GlobalStandard", "capacity": 150}}
    token = "azure-native:cognitiveservices:Deployment"
    pack.configure()
    assert {d.policy for d in pack.analyze(token, deployment)} == {"capacity-ceiling"}
    pack.configure({"capacity-ceiling": {"maxCapacity": 150}, "data-zone-skus": {"dataZone": "US"}})
    assert [(d.policy, d.message.splitlines()[-1]) for d in pack.analyze(token, deployment)] == [
        (
            "data-zone-skus",
            "deployment chat (r) uses GlobalStandard, which may process data in any Azure region, but "
            "the organisation keeps data in the US data zone: use DataZoneStandard (or Standard)",
        )
    ]


def test_diagnostics_are_matched_by_property_dependency_while_ids_are_unknown(pack: PackClient) -> None:
    """In a preview of a new account, the setting's resourceUri (account.id) is not known yet."""
    pack.configure()
    registrations = planned("compliant").registrations
    previewed = [
        dataclasses.replace(r, inputs={**r.inputs, "resourceUri": UNKNOWN})
        if r.type == "azure-native:monitor:DiagnosticSetting"
        else r
        for r in registrations
    ]
    assert pack.analyze_stack(previewed) == []
    unlinked = [
        dataclasses.replace(r, property_dependencies={})
        if r.type == "azure-native:monitor:DiagnosticSetting"
        else r
        for r in previewed
    ]
    messages = [d.message for d in pack.analyze_stack(unlinked)]
    assert len(messages) == 1 and "can't run policy 'protected-diagnostics'" in messages[0]
