"""The JSON plan (document.py, `aoai-plan/v1`) of hand-built registrations, field by field as
docs/plan.md describes it: resources sorted by URN, URN lists sorted, whole numbers as integers,
secret values as "[secret]", `key` the URN without stack and project, ARM type and api-version
of azure-native's for Azure resources and null for components, the counts."""

from __future__ import annotations

import json
from typing import Any

from pulumi.runtime.rpc import wrap_rpc_secret

from aoai.offline.document import azure_resources, clean, dumps, plan_document, resource_key, value_at
from aoai.offline.mocks import Registration
from aoai.offline.runner import ProgramRun

STACK = "urn:pulumi:dev::contoso::"
COMPONENT = f"{STACK}aoai:openai:Account::primary"
GROUP = f"{STACK}azure-native:resources:ResourceGroup::rg"
ACCOUNT = f"{STACK}aoai:openai:Account$azure-native:cognitiveservices:Account::primary-account"
ACCOUNT_ID = "/subscriptions/s/resourceGroups/rg-c/providers/Microsoft.CognitiveServices/accounts/c"


class Opaque:
    def __str__(self) -> str:
        return "opaque"


def test_clean_makes_json_values() -> None:
    value = {
        "whole": 10.0,
        "half": 2.5,
        "pair": (1, 2.0),
        3: None,
        "flag": True,
        "text": "t",
        "odd": Opaque(),
        "hidden": wrap_rpc_secret("p@ss"),
    }
    assert clean(value) == {
        "whole": 10,
        "half": 2.5,
        "pair": [1, 2],
        "3": None,
        "flag": True,
        "text": "t",
        "odd": "opaque",
        "hidden": "[secret]",
    }
    assert isinstance(clean({"n": 10.0})["n"], int)
    assert clean(wrap_rpc_secret("plain"), plain=["plain"]) == "plain"  # export-arm's plain values


def test_value_at_follows_dots_and_gives_none_when_a_step_is_missing() -> None:
    data = {"properties": {"model": {"name": "gpt-4o"}, "count": 0}}
    assert value_at(data, "properties.model.name") == "gpt-4o"
    assert value_at(data, "properties.model") == {"name": "gpt-4o"}
    assert value_at(data, "properties.count") == 0
    assert value_at(data, "properties.sku") is None
    assert value_at(data, "properties.model.name.more") is None


def test_the_key_is_the_urn_without_stack_and_project() -> None:
    assert (
        resource_key(ACCOUNT) == "aoai:openai:Account$azure-native:cognitiveservices:Account::primary-account"
    )
    assert resource_key("urn:pulumi:s::p::t::a::b") == "t::a::b"  # a name holding "::" stays whole


def registration(**fields: Any) -> Registration:
    defaults: dict[str, Any] = {
        "parent": "",
        "custom": True,
        "dependencies": [],
        "property_dependencies": {},
        "protect": False,
    }
    return Registration(**{**defaults, **fields})


def run() -> ProgramRun:
    component = registration(
        urn=COMPONENT,
        type="aoai:openai:Account",
        name="primary",
        custom=False,
        inputs={"accountName": "c"},
        id="",
    )
    group = registration(
        urn=GROUP,
        type="azure-native:resources:ResourceGroup",
        name="rg",
        protect=True,
        inputs={"resourceGroupName": "rg-c", "location": "swedencentral"},
        id="/subscriptions/s/resourceGroups/rg-c",
    )
    account = registration(
        urn=ACCOUNT,
        type="azure-native:cognitiveservices:Account",
        name="primary-account",
        parent=COMPONENT,
        inputs={
            "accountName": "c",
            "resourceGroupName": "rg-c",
            "location": "swedencentral",
            "kind": "OpenAI",
            "sku": {"name": "S0"},
            "properties": {"publicNetworkAccess": "Disabled", "disableLocalAuth": True, "count": 3.0},
        },
        dependencies=[GROUP, "urn:z", "urn:a"],
        property_dependencies={"resourceGroupName": [GROUP], "sku": [], "location": [GROUP]},
        ignore_changes=["tags", "kind"],
        id=ACCOUNT_ID,
        protect=True,
    )
    return ProgramRun(
        "dev", [component, account, group], outputs={"endpoint": "https://c/", "n": 2.0}, project="contoso"
    )


def test_the_plan_document() -> None:
    document = plan_document(run())
    assert {k: v for k, v in document.items() if k != "resources"} == {
        "format": "aoai-plan/v1",
        "project": "contoso",
        "stack": "dev",
        "counts": {"azureResources": 2, "components": 1, "protected": 2},
        "outputs": {"endpoint": "https://c/", "n": 2},
    }
    assert [r["urn"] for r in document["resources"]] == [ACCOUNT, COMPONENT, GROUP]  # sorted by URN
    account, component, group = document["resources"]
    assert account == {
        "urn": ACCOUNT,
        "key": "aoai:openai:Account$azure-native:cognitiveservices:Account::primary-account",
        "type": "azure-native:cognitiveservices:Account",
        "name": "primary-account",
        "custom": True,
        "parent": COMPONENT,
        "protect": True,
        "id": ACCOUNT_ID,
        "azureType": "Microsoft.CognitiveServices/accounts",
        "apiVersion": "2025-06-01",
        "dependsOn": ["urn:a", "urn:z"],
        "impliedDependencies": [GROUP],
        "propertyDependencies": {"location": [GROUP], "resourceGroupName": [GROUP]},
        "ignoreChanges": ["kind", "tags"],
        "summary": (
            "c in swedencentral, kind OpenAI, public Disabled, Entra ID only, upgrade to AIServices kept"
        ),
        "keyInputs": {
            "accountName": "c",
            "location": "swedencentral",
            "kind": "OpenAI",
            "sku.name": "S0",
            "properties.publicNetworkAccess": "Disabled",
            "properties.disableLocalAuth": True,
        },
        "inputs": {
            "accountName": "c",
            "resourceGroupName": "rg-c",
            "location": "swedencentral",
            "kind": "OpenAI",
            "sku": {"name": "S0"},
            "properties": {"publicNetworkAccess": "Disabled", "disableLocalAuth": True, "count": 3},
        },
    }
    assert component == {
        "urn": COMPONENT,
        "key": "aoai:openai:Account::primary",
        "type": "aoai:openai:Account",
        "name": "primary",
        "custom": False,
        "parent": None,
        "protect": False,
        "id": None,
        "azureType": None,
        "apiVersion": None,
        "dependsOn": [],
        "impliedDependencies": [],
        "propertyDependencies": {},
        "ignoreChanges": [],
        "summary": "",
        "keyInputs": {},
        "inputs": {"accountName": "c"},
    }
    assert group["summary"] == "rg-c in swedencentral"
    assert group["keyInputs"] == {"resourceGroupName": "rg-c", "location": "swedencentral"}
    assert [r["urn"] for r in azure_resources(document)] == [ACCOUNT, GROUP]


def test_plain_values_are_shown_for_export_arm() -> None:
    registration_ = registration(
        urn=GROUP,
        type="azure-native:resources:ResourceGroup",
        name="g",
        inputs={"resourceGroupName": wrap_rpc_secret("rg-plain"), "location": "l"},
    )
    run_ = ProgramRun("dev", [registration_])
    assert plan_document(run_)["resources"][0]["inputs"]["resourceGroupName"] == "[secret]"
    shown = plan_document(run_, plain_values=["rg-plain"])["resources"][0]["inputs"]
    assert shown["resourceGroupName"] == "rg-plain"  # it stands in the stack file for anyone to read


def test_dumps_sorts_keys_indents_and_ends_with_a_newline() -> None:
    assert dumps({"b": 1, "a": [1]}) == '{\n  "a": [\n    1\n  ],\n  "b": 1\n}\n'
    assert json.loads(dumps(plan_document(run()))) == plan_document(run())
