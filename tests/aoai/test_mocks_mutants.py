"""The mocks that answer like Azure (mocks.py), called directly: the ARM id of each registration in
the subscription the plan is made for, the outputs the provider reads back (name, endpoint on the
documented hosts, identity principal ids, provisioningState), the client config invoke, and URNs
in the engine's form `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs
from pulumi.runtime.rpc import is_rpc_secret, unwrap_rpc_secret, wrap_rpc_secret

from aoai.offline import mocks
from aoai.offline.mocks import AzureMocks, RecordingMonitor

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TENANT = "00000000-0000-0000-0000-0000000000aa"
SUB = "11111111-2222-3333-4444-555555555555"
UAI = (
    f"/subscriptions/{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u"
)
ACCOUNT = "azure-native:cognitiveservices:Account"


def register(
    typ: str, inputs: dict[str, Any], custom: bool = True, sub: str = SUB
) -> tuple[Any, dict[str, Any]]:
    return AzureMocks(sub).new_resource(MockResourceArgs(typ, "logical", inputs, custom=custom))


def account(**more: Any) -> dict[str, Any]:
    return {
        "accountName": "contoso",
        "resourceGroupName": "rg-c",
        "location": "swedencentral",
        "kind": "OpenAI",
        **more,
    }


def test_a_component_gets_no_id_and_an_unknown_type_is_refused() -> None:
    assert register("aoai:openai:Account", {"x": 1}, custom=False) == (None, {})
    with pytest.raises(
        ValueError, match=r"^AzureMocks does not know azure-native:x:Y; add it to resource_types"
    ):
        register("azure-native:x:Y", {})


def test_an_openai_account_answers_with_its_id_endpoint_and_principal() -> None:
    arm_id, outputs = register(
        ACCOUNT,
        account(properties={"customSubDomainName": "contoso-ai"}, identity={"type": "SystemAssigned"}),
    )
    assert (
        arm_id
        == f"/subscriptions/{SUB}/resourceGroups/rg-c/providers/Microsoft.CognitiveServices/accounts/contoso"
    )
    assert outputs["id"] == arm_id and outputs["name"] == "contoso" and outputs["kind"] == "OpenAI"
    assert outputs["type"] == "Microsoft.CognitiveServices/accounts"
    assert outputs["properties"] == {
        "customSubDomainName": "contoso-ai",
        "endpoint": "https://contoso-ai.openai.azure.com/",
        "provisioningState": "Succeeded",
    }
    identity = outputs["identity"]
    assert set(identity) == {"type", "principalId", "tenantId"} and identity["tenantId"] == TENANT
    assert GUID.match(identity["principalId"])
    # The same answer each run; another account another principal.
    assert register(ACCOUNT, account(identity={"type": "SystemAssigned"}))[1]["identity"] == identity
    other = register(ACCOUNT, account(accountName="other", identity={"type": "SystemAssigned"}))[1]
    assert other["identity"]["principalId"] != identity["principalId"]


def test_endpoints_of_a_foundry_account_and_of_one_without_subdomain() -> None:
    foundry = register(ACCOUNT, account(kind="AIServices", properties={"customSubDomainName": "c"}))[1]
    assert foundry["properties"]["endpoint"] == "https://c.cognitiveservices.azure.com/"
    regional = register(ACCOUNT, account(properties={}))[1]
    assert regional["properties"]["endpoint"] == "https://swedencentral.api.cognitive.microsoft.com/"
    assert "identity" not in regional


def test_secret_properties_and_identity_stay_secret_with_the_answers_inside() -> None:
    inputs = account(
        properties=wrap_rpc_secret({"customSubDomainName": "c"}),
        identity=wrap_rpc_secret({"type": "UserAssigned", "userAssignedIdentities": [UAI]}),
    )
    outputs = register(ACCOUNT, inputs)[1]
    assert is_rpc_secret(outputs["properties"]) and is_rpc_secret(outputs["identity"])
    assert unwrap_rpc_secret(outputs["properties"])["endpoint"] == "https://c.openai.azure.com/"
    assert set(unwrap_rpc_secret(outputs["identity"])["userAssignedIdentities"]) == {UAI}
    plain = register(ACCOUNT, account(properties={"customSubDomainName": "c"}))[1]
    assert not is_rpc_secret(plain["properties"])


def test_user_assigned_identities_become_arms_map_with_ids() -> None:
    identity = {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": [UAI]}
    outputs = register(
        "azure-native:cognitiveservices:Project",
        {"accountName": "a", "projectName": "p", "resourceGroupName": "rg", "identity": identity},
    )[1]
    answered = outputs["identity"]
    assert GUID.match(answered["principalId"]) and answered["tenantId"] == TENANT
    ids = answered["userAssignedIdentities"][UAI]
    assert set(ids) == {"principalId", "clientId"}
    assert (
        GUID.match(ids["principalId"])
        and GUID.match(ids["clientId"])
        and ids["principalId"] != ids["clientId"]
    )
    assert ids["principalId"] != answered["principalId"]
    only_user = register(
        ACCOUNT, account(identity={"type": "UserAssigned", "userAssignedIdentities": [UAI]})
    )[1]
    assert set(only_user["identity"]) == {"type", "userAssignedIdentities"}
    assert only_user["identity"]["userAssignedIdentities"][UAI] == ids  # the identity's, wherever it is used


def test_a_deployment_is_named_by_its_last_name_input_and_succeeded() -> None:
    inputs = {
        "accountName": "a",
        "deploymentName": "chat",
        "resourceGroupName": "rg",
        "properties": {"model": {"name": "gpt-4o"}},
    }
    arm_id, outputs = register("azure-native:cognitiveservices:Deployment", inputs)
    assert arm_id.endswith("/accounts/a/deployments/chat") and outputs["name"] == "chat"
    assert outputs["properties"] == {"model": {"name": "gpt-4o"}, "provisioningState": "Succeeded"}
    assert inputs["properties"] == {"model": {"name": "gpt-4o"}}  # the inputs are not changed
    bare = register("azure-native:cognitiveservices:Deployment", {**inputs, "properties": None})[1]
    assert bare["properties"] == {"provisioningState": "Succeeded"}
    group = register("azure-native:resources:ResourceGroup", {"resourceGroupName": "rg", "location": "l"})[1]
    assert "properties" not in group and "identity" not in group


def test_the_client_config_invoke_answers_with_the_plans_subscription() -> None:
    answer, _ = AzureMocks(SUB).call(MockCallArgs("azure-native:authorization:getClientConfig", {}, ""))
    assert answer["subscriptionId"] == SUB and answer["tenantId"] == TENANT
    assert GUID.match(answer["clientId"]) and GUID.match(answer["objectId"])
    assert answer["clientId"] != answer["objectId"]
    default, _ = AzureMocks().call(MockCallArgs("azure-native:authorization:getClientConfig", {}, ""))
    assert default["subscriptionId"] == "00000000-0000-0000-0000-000000000000"
    with pytest.raises(ValueError, match=r"^AzureMocks does not answer the invoke azure-native:x:getY$"):
        AzureMocks().call(MockCallArgs("azure-native:x:getY", {}, ""))


def test_urns_carry_the_parents_whole_type_but_not_the_stacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mocks, "get_stack", lambda: "dev")
    monkeypatch.setattr(mocks, "get_project", lambda: "contoso")
    monitor = RecordingMonitor(AzureMocks())
    assert monitor.make_urn("", "aoai:openai:Environment", "openai") == (
        "urn:pulumi:dev::contoso::aoai:openai:Environment::openai"
    )
    stack = "urn:pulumi:dev::contoso::pulumi:pulumi:Stack::contoso-dev"
    assert monitor.make_urn(stack, "aoai:openai:Account", "primary") == (
        "urn:pulumi:dev::contoso::aoai:openai:Account::primary"
    )
    parent = "urn:pulumi:dev::contoso::aoai:openai:Environment$aoai:openai:Account::primary"
    assert monitor.make_urn(parent, ACCOUNT, "primary-account") == (
        f"urn:pulumi:dev::contoso::aoai:openai:Environment$aoai:openai:Account${ACCOUNT}::primary-account"
    )
