"""The fake's own tests: it answers in the specification's shapes, speaks ARM's protocol (api-version,
bearer tokens, paging, long-running operations, error envelope) and injects the faults it promises.

Raw bodies are read over real TLS with the standard library and validated against the response
schema the specification gives for the operation; the SDK is used where the protocol matters.
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
from pathlib import Path
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.identity import ClientSecretCredential
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from jsonschema import Draft4Validator

from tests.fake_arm import FakeArm, Fault, load_spec, model_offer, sku_offer, usage
from tests.fake_arm.spec import ARM_FIXTURES

RG = "rg-test"
BASE = "/subscriptions/{sub}/providers/Microsoft.CognitiveServices"
API = "api-version=2025-09-01"


def raw(
    fake: FakeArm,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = "issue",
    query: str = API,
) -> tuple[int, dict[str, str], Any]:
    """One request over TLS trusting only the fake's CA: (status, headers, parsed JSON or None)."""
    context = ssl.create_default_context(cafile=str(fake.ca_file))
    host = fake.url.removeprefix("https://")
    connection = http.client.HTTPSConnection(host, context=context, timeout=10)
    headers = {"Content-Type": "application/json"}
    if token == "issue":
        token = fake.issue_token()
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    full = path.format(sub=fake.subscription_id) + (f"?{query}" if query else "")
    connection.request(method, full, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), json.loads(data) if data else None


def client_for(fake: FakeArm) -> CognitiveServicesManagementClient:
    credential = ClientSecretCredential(
        fake.tenant_id,
        fake.client_id,
        fake.client_secret,
        authority=fake.url,
        disable_instance_discovery=True,
        connection_verify=str(fake.ca_file),
    )
    return CognitiveServicesManagementClient(
        credential,
        fake.subscription_id,
        base_url=fake.url,
        credential_scopes=[f"{fake.url}/.default"],
        connection_verify=str(fake.ca_file),
        retry_total=0,
    )


def seeded(fake: FakeArm) -> FakeArm:
    s = fake.state
    s.offer(
        "swedencentral",
        model_offer(
            "gpt-4o", "2024-11-20", [sku_offer("GlobalStandard", "gpt-4o"), sku_offer("Standard", "gpt-4o")]
        ),
        model_offer("text-embedding-3-large", "1", [sku_offer("Standard", "text-embedding-3-large")]),
        model_offer("gpt-4o", "2024-05-13", lifecycle="Deprecating", default_version=False),
    )
    s.set_usages(
        "swedencentral",
        usage("OpenAI.GlobalStandard.gpt-4o", 20, 450),
        usage("OpenAI.Standard.gpt-4o", 0, 150),
    )
    s.add_account(
        RG,
        "acct",
        "swedencentral",
        network_acls={
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "ipRules": [{"value": "203.0.113.0/24"}],
            "virtualNetworkRules": [],
        },
    )
    s.add_deployment(
        RG, "acct", "chat", model="gpt-4o", version="2024-11-20", sku="GlobalStandard", capacity=10
    )
    s.add_deleted_account("francecentral", RG, "gone")
    s.add_capacity("swedencentral", "gpt-4o", "2024-11-20", "GlobalStandard", 300)
    s.add_account(RG, "foundry", "swedencentral", kind="AIServices", allow_project_management=True)
    s.add_project(RG, "foundry", "research", display_name="Research")
    s.schedule_auto_upgrade(RG, "acct", scheduled_at="2026-12-15T00:00:00Z")
    s.list_account_skus("swedencentral", "eastus2")
    s.list_account_skus("swedencentral", kind="Face")
    s.refused_skus["eastus"] = (
        "SpecialFeatureOrQuotaIdRequired",
        "The subscription does not have QuotaId/Feature required by SKU 'S0' from kind 'OpenAI' .",
    )
    return fake


ACCOUNT = BASE.replace("/providers", "/resourceGroups/" + RG + "/providers") + "/accounts/acct"
# (operationId, method, path, request body, expected status)
ANSWERS = [
    ("Models_List", "GET", BASE + "/locations/swedencentral/models", None, 200),
    ("Usages_List", "GET", BASE + "/locations/swedencentral/usages", None, 200),
    ("ResourceSkus_List", "GET", BASE + "/skus", None, 200),
    ("Accounts_List", "GET", BASE + "/accounts", None, 200),
    (
        "CheckDomainAvailability",
        "POST",
        BASE + "/checkDomainAvailability",
        {"subdomainName": "acct", "type": "Microsoft.CognitiveServices/accounts", "kind": "OpenAI"},
        200,
    ),
    (
        "CheckDomainAvailability",
        "POST",
        BASE + "/checkDomainAvailability",
        {"subdomainName": "free-name", "type": "Microsoft.CognitiveServices/accounts"},
        200,
    ),
    ("Accounts_Get", "GET", ACCOUNT, None, 200),
    ("Accounts_Get", "GET", ACCOUNT.replace("/acct", "/missing"), None, 404),
    ("ResourceSkus_List", "GET", BASE + "/skus", None, 200),
    ("Deployments_List", "GET", ACCOUNT + "/deployments", None, 200),
    ("RaiPolicies_List", "GET", ACCOUNT + "/raiPolicies", None, 200),
    ("Projects_List", "GET", ACCOUNT.replace("/acct", "/foundry") + "/projects", None, 200),
    ("Projects_List", "GET", ACCOUNT.replace("/acct", "/missing") + "/projects", None, 404),
    ("DeletedAccounts_List", "GET", BASE + "/deletedAccounts", None, 200),
    (
        "DeletedAccounts_Purge",
        "DELETE",
        BASE + "/locations/francecentral/resourceGroups/" + RG + "/deletedAccounts/gone",
        None,
        202,
    ),
    (
        "DeletedAccounts_Purge",
        "DELETE",
        BASE + "/locations/francecentral/resourceGroups/" + RG + "/deletedAccounts/other",
        None,
        204,
    ),
]


@pytest.mark.parametrize(
    ("operation", "method", "path", "body", "status"), ANSWERS, ids=[f"{a[0]}-{a[4]}" for a in ANSWERS]
)
def test_answers_have_the_specification_shape(
    fake_arm: FakeArm, operation: str, method: str, path: str, body: Any, status: int
) -> None:
    seeded(fake_arm)
    got, _, answer = raw(fake_arm, method, path, body)
    assert got == status
    # 200 vs 201 vs 202 as the specification of the version asked (API: 2025-09-01) says.
    assert got in load_spec("2025-09-01").success_statuses(operation) or got >= 400
    assert load_spec().response_problems(operation, got, answer) == []
    if got >= 400:
        assert set(answer["error"]) >= {"code", "message"}


def test_model_capacities_answer_in_shape_and_need_their_query(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    query = f"{API}&modelFormat=OpenAI&modelName=gpt-4o&modelVersion=2024-11-20"
    status, _, body = raw(fake_arm, "GET", BASE + "/modelCapacities", query=query)
    assert status == 200 and body["value"][0]["properties"]["availableCapacity"] == 300
    assert load_spec().response_problems("ModelCapacities_List", 200, body) == []
    status, _, body = raw(fake_arm, "GET", BASE + "/modelCapacities")
    assert status == 400 and body["error"]["code"] == "InvalidRequestParameter"


def test_the_schema_check_is_not_vacuous() -> None:
    """A body the specification does not allow is caught, in answers and in requests."""
    spec = load_spec()
    bad_usages = {"value": [{"name": {"value": "x"}, "limit": "a lot", "currentValue": 0}]}
    assert spec.response_problems("Usages_List", 200, bad_usages)
    assert spec.request_problems("CheckDomainAvailability", {"subdomainName": "x"})  # type missing
    typo = {"subDomainName": "x", "type": "Microsoft.CognitiveServices/accounts"}
    assert any("subDomainName" in p for p in spec.request_problems("CheckDomainAvailability", typo))
    assert spec.response_problems("Accounts_Get", 404, {"error": "not an ErrorDetail object"})


@pytest.mark.parametrize(
    ("operation", "example", "pick"),
    [
        ("Models_List", "ListLocationModels.2025-09-01.json", lambda e: e["responses"]["200"]["body"]),
        ("Usages_List", "ListUsages.2025-09-01.json", lambda e: e["responses"]["200"]["body"]),
        ("ResourceSkus_List", "GetSkus.2025-06-01.json", lambda e: e["responses"]["200"]["body"]),
        (
            "ModelCapacities_List",
            "ListModelCapacities.2025-09-01.json",
            lambda e: e["responses"]["200"]["body"],
        ),
        (
            "CheckDomainAvailability",
            "CheckDomainAvailability.2025-09-01.json",
            lambda e: e["responses"]["200"]["body"],
        ),
        ("DeletedAccounts_Get", "GetDeletedAccount.2025-09-01.json", lambda e: e["responses"]["200"]["body"]),
        ("ResourceSkus_List", "GetSkus.2025-06-01.json", lambda e: e["responses"]["200"]["body"]),
        ("Projects_Get", "CreateProject.2025-06-01.json", lambda e: e["responses"]["200"]["body"]),
        (
            "Deployments_CreateOrUpdate",
            "PutDeployment.2024-10-01.json",
            lambda e: e["responses"]["201"]["body"],
        ),
    ],
)
def test_the_specification_examples_pass_the_same_check(operation: str, example: str, pick: Any) -> None:
    """The validator accepts what the specification's own examples answer."""
    data = json.loads((ARM_FIXTURES / "examples" / example).read_text())
    status = 201 if operation == "Deployments_CreateOrUpdate" else 200
    assert load_spec().response_problems(operation, status, pick(data)) == []


def _shape(value: Any) -> Any:
    """Keys (recursively) of a JSON value; lists by their first element."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


def _keys_within(ours: Any, real: Any, path: str = "") -> list[str]:
    if isinstance(ours, dict) and isinstance(real, dict):
        extra = [f"{path}.{k}" for k in ours if k not in real]
        return extra + [p for k in ours if k in real for p in _keys_within(ours[k], real[k], f"{path}.{k}")]
    if isinstance(ours, list) and isinstance(real, list) and ours and real:
        return _keys_within(ours[0], real[0], f"{path}[]")
    return []


@pytest.mark.parametrize(
    ("example", "build"),
    [
        ("model_list_entry_japaneast.json", lambda f: f.state.models["swedencentral"][0]),
        ("usages_list_openai_shape.json", lambda f: {"value": f.state.usages["swedencentral"]}),
        (
            "GetSkus.2025-06-01.json",
            lambda f: {"responses": {"200": {"body": {"value": f.state.resource_skus}}}},
        ),
        ("deployment_create_cli_output.json", lambda f: next(iter(f.state.deployments.values()))),
        (
            "CreateProject.2025-06-01.json",
            lambda f: {"responses": {"200": {"body": next(iter(f.state.projects.values()))}}},
        ),
        (
            "account_foundry_auto_upgrade.json",
            lambda f: {"properties": {"foundryAutoUpgrade": next(iter(f.state.auto_upgrades.values()))}},
        ),
    ],
)
def test_bodies_use_only_fields_the_real_service_returns(fake_arm: FakeArm, example: str, build: Any) -> None:
    """No invented fields: every key the fake sends appears in a real answer of the same kind."""
    seeded(fake_arm)
    real = json.loads((ARM_FIXTURES / "examples" / example).read_text())
    assert _keys_within(_shape(build(fake_arm)), _shape(real)) == []


def test_the_live_tests_literal_seed_has_the_specification_shape() -> None:
    """tests/fixtures/live-arm: every body passes its operation's response schema, and the account
    and deployment bodies use only keys real answers of their kind carry."""
    seed = json.loads((ARM_FIXTURES.parent / "live-arm" / "deployed-dev.json").read_text())
    spec = load_spec()
    for account in seed["accounts"]:
        assert spec.response_problems("Accounts_Get", 200, account) == []
    for kind, operation in (("deployments", "Deployments_List"), ("raiPolicies", "RaiPolicies_List")):
        assert spec.response_problems(operation, 200, {"value": seed[kind]}) == []
    examples = ARM_FIXTURES / "examples"
    # A real kind=OpenAI account (no etag, no identity in that CLI output) and the specification's
    # account with a system-assigned identity and an etag.
    real_account = json.loads((examples / "account_show_openai_kind.json").read_text())
    with_identity = json.loads((examples / "CreateAccountMin.2025-09-01.json").read_text())
    known = {**_shape(real_account), **_shape(with_identity["responses"]["200"]["body"])}
    known["properties"] = _shape(real_account)["properties"]
    real_deployment = json.loads((examples / "deployment_create_cli_output.json").read_text())
    assert [p for a in seed["accounts"] for p in _keys_within(_shape(a), known)] == []
    assert [p for d in seed["deployments"] for p in _keys_within(_shape(d), _shape(real_deployment))] == []


def test_the_upgrade_block_is_answered_from_its_api_version_on(fake_arm: FakeArm) -> None:
    """foundryAutoUpgrade appears at api-version 2026-01-15-preview and later, as Microsoft documents."""
    seeded(fake_arm)
    blocks = {}
    for version in ("2025-06-01", "2025-09-01", "2026-01-15-preview", "2026-07-01"):
        status, _, body = raw(fake_arm, "GET", ACCOUNT, query=f"api-version={version}")
        assert status == 200 and load_spec().response_problems("Accounts_Get", 200, body) == []
        blocks[version] = body["properties"].get("foundryAutoUpgrade")
    assert blocks["2025-06-01"] is None and blocks["2025-09-01"] is None
    assert (
        blocks["2026-01-15-preview"]
        == blocks["2026-07-01"]
        == {
            "mode": "Enabled",
            "plannedByMicrosoft": True,
            "scheduledAt": "2026-12-15T00:00:00Z",
            "statusReason": "Scheduled",
        }
    )


def test_fine_tuning_capabilities_are_spelled_like_the_specification_example() -> None:
    """The fake's fine-tunable model carries the example's `finetuneCapabilities` (gpt-4o 2024-08-06)."""
    example = json.loads((ARM_FIXTURES / "examples" / "ListLocationModels.2025-09-01.json").read_text())
    real = next(
        v["model"]
        for v in example["responses"]["200"]["body"]["value"]
        if v["model"].get("finetuneCapabilities")
    )
    ours = model_offer("gpt-4o", "2024-08-06", fine_tune=True)["model"]
    assert ours["finetuneCapabilities"] == real["finetuneCapabilities"]
    assert ours["capabilities"]["fineTune"] == real["capabilities"]["fineTune"] == "false"
    assert (
        load_spec().response_problems("Models_List", 200, {"value": [{"kind": "OpenAI", "model": ours}]})
        == []
    )


def test_the_real_credential_signs_in_through_openid_discovery(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    names = [m.model.name for m in client_for(fake_arm).models.list("swedencentral") if m.model]
    assert names == ["gpt-4o", "text-embedding-3-large", "gpt-4o"]
    routes = [r.route for r in fake_arm.requests]
    assert routes[:2] == ["OpenIdConfiguration", "Token"]
    assert fake_arm.token_scopes == [f"{fake_arm.url}/.default"]


def test_a_wrong_client_secret_is_refused_like_entra_id(fake_arm: FakeArm) -> None:
    credential = ClientSecretCredential(
        fake_arm.tenant_id,
        fake_arm.client_id,
        "wrong",
        authority=fake_arm.url,
        disable_instance_discovery=True,
        connection_verify=str(fake_arm.ca_file),
    )
    with pytest.raises(Exception, match="AADSTS7000215"):
        credential.get_token(f"{fake_arm.url}/.default")


def test_token_endpoint_faults_are_answered_as_entra_id_answers(fake_arm: FakeArm) -> None:
    """An OAuth error body (error, AADSTS description with trace and correlation ids, codes) or,
    for throttling, a plain-text 429; each with its Retry-After when given."""
    token_path = f"/{fake_arm.tenant_id}/oauth2/v2.0/token"
    fake_arm.inject("Token", Fault.entra_unavailable(retry_after="3"))
    status, headers, body = raw(fake_arm, "POST", token_path, token=None, query="")
    assert (status, headers["Retry-After"], body["error"], body["error_codes"]) == (
        503, "3", "temporarily_unavailable", [90033],
    )
    description = body["error_description"]
    transient = "AADSTS90033: A transient error has occurred. Please try again."
    assert description.startswith(f"{transient}\r\nTrace ID: {body['trace_id']}")
    assert f"\r\nCorrelation ID: {body['correlation_id']}\r\nTimestamp: {body['timestamp']}" in description
    assert body["error_uri"] == "https://login.microsoftonline.com/error?code=90033"
    fake_arm.inject("Token", Fault.entra_throttled(retry_after="60"))
    connection = http.client.HTTPSConnection(
        fake_arm.url.removeprefix("https://"),
        context=ssl.create_default_context(cafile=str(fake_arm.ca_file)),
        timeout=10,
    )
    connection.request("POST", token_path, "grant_type=client_credentials")
    answer = connection.getresponse()
    throttled = (answer.status, answer.getheader("Retry-After"), answer.read())
    assert throttled == (429, "60", b"Too Many Requests")
    assert answer.getheader("Content-Type", "").startswith("text/plain")
    connection.close()
    # Spent: the endpoint answers as before (here: no client secret, refused).
    status, _, body = raw(fake_arm, "POST", token_path, token=None, query="")
    assert (status, body["error"]) == (401, "invalid_client")
    assert [r.route for r in fake_arm.requests] == ["Token"] * 3


def test_requests_without_a_valid_token_get_401_with_a_challenge(fake_arm: FakeArm) -> None:
    for token in (None, "forged"):
        status, headers, body = raw(fake_arm, "GET", BASE + "/deletedAccounts", token=token)
        assert status == 401 and "WWW-Authenticate" in headers
        assert load_spec().response_problems("DeletedAccounts_List", 401, body) == []


# (operation, path, a version ARM serves for it, one it does not). Written from the specification
# tree, not from api_versions.py: Projects_List first appears in 2025-04-01-preview, Models_List in
# 2023-05-01 (not in 2022-12-01), DeletedAccounts_List in 2021-04-30; 2026-07-01 is a real stable
# version (the one a removed test pinned as "any api-version is fine"), 2026-08-01 and 2025-11-01
# are none.
VERSION_CASES = [
    ("Projects_List", ACCOUNT.replace("/acct", "/foundry") + "/projects", "2025-04-01-preview", "2024-10-01"),
    ("Models_List", BASE + "/locations/swedencentral/models", "2023-05-01", "2022-12-01"),
    ("DeletedAccounts_List", BASE + "/deletedAccounts", "2026-07-01", "2026-08-01"),
    ("Accounts_Get", ACCOUNT, "2025-09-01", "2025-11-01"),
]


@pytest.mark.parametrize(("operation", "path", "served", "refused"), VERSION_CASES)
def test_only_the_api_versions_arm_serves_are_accepted(
    fake_arm: FakeArm, operation: str, path: str, served: str, refused: str
) -> None:
    seeded(fake_arm)
    assert raw(fake_arm, "GET", path, query=f"api-version={served}")[0] == 200
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, body = raw(fake_arm, "GET", path, query=f"api-version={refused}")
    assert (status, body["error"]["code"]) == (400, "NoRegisteredProviderFound")
    message = body["error"]["message"]
    assert message.startswith("No registered resource provider found for location '")
    assert f"and API version '{refused}' for type '" in message
    assert "The supported api-versions are '2026-09-15-preview, 2026-09-01, " in message and served in message
    assert refused not in message.split("supported api-versions are")[1]
    assert len(problems) == 1 and refused in problems[0]


def test_the_refusal_names_the_type_and_location_as_arm_does(fake_arm: FakeArm) -> None:
    with fake_arm.expecting_protocol_problems():
        _, _, body = raw(
            fake_arm, "GET", BASE + "/locations/swedencentral/usages", query="api-version=2022-12-01"
        )
    assert body["error"]["message"].startswith(
        "No registered resource provider found for location 'swedencentral' and API version '2022-12-01' "
        "for type 'locations/usages'. The supported api-versions are '2026-09-15-preview, 2026-09-01, "
    )
    assert body["error"]["message"].endswith(", 2023-10-01-preview, 2023-05-01'.")


def test_a_value_that_is_no_api_version_is_invalid(fake_arm: FakeArm) -> None:
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, body = raw(fake_arm, "GET", BASE + "/deletedAccounts", query="api-version=2025-9-1")
    assert (status, body["error"]["code"]) == (400, "InvalidApiVersionParameter")
    assert body["error"]["message"].startswith(
        "The api-version '2025-9-1' is invalid. The supported versions are '"
    )
    assert len(problems) == 1


def test_the_fake_serves_only_operations_the_product_calls() -> None:
    """Each served operation names its api-versions; none is served that aoai/ does not call."""
    from tests.fake_arm import api_versions
    from tests.fake_arm.handlers import HANDLERS

    assert set(HANDLERS) == set(api_versions.OPERATIONS)
    # The SDK method (or adopt's path, or request builder) of each, as aoai/ spells the call.
    calls = {
        "Accounts_List": "client.accounts.list",
        "Accounts_Get": "client.accounts.get(",
        "ResourceSkus_List": "client.resource_skus.list",
        "CheckDomainAvailability": "client.check_domain_availability(",
        "DeletedAccounts_List": "client.deleted_accounts.list",
        "DeletedAccounts_Purge": "deleted_accounts.begin_purge(",
        "Deployments_List": "client.deployments.list",
        # The region lists are read as JSON, with the SDK's own request builders (raw_lists.py).
        "Models_List": "_models_operations import build_list_request",
        "Usages_List": "_usages_operations import build_list_request",
        "RaiPolicies_List": "client.rai_policies.list",
        "ModelCapacities_List": "client.model_capacities.list",
        "Projects_List": "client.projects.list",
    }
    root = Path(__file__).resolve().parents[2] / "aoai"
    product = "\n".join(p.read_text() for p in root.rglob("*.py"))
    assert set(calls) == set(HANDLERS)
    assert [operation for operation, call in calls.items() if call not in product] == []


def test_request_bodies_are_checked_against_the_version_they_name(fake_arm: FakeArm) -> None:
    """2025-09-01 (the SDK's) against its own copy; a version without a copy cannot pass unchecked."""
    typo = {"subDomainName": "x", "type": "Microsoft.CognitiveServices/accounts"}
    assert load_spec("2025-09-01").request_problems("CheckDomainAvailability", typo)
    assert (
        load_spec("2025-09-01").request_problems(
            "CheckDomainAvailability", {"subdomainName": "x", "type": "Microsoft.CognitiveServices/accounts"}
        )
        == []
    )
    body = {"subdomainName": "free", "type": "Microsoft.CognitiveServices/accounts"}
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, _ = raw(
            fake_arm, "POST", BASE + "/checkDomainAvailability", body, query="api-version=2024-10-01"
        )
    assert status == 200 and problems == [
        "CheckDomainAvailability: no copy of the specification at api-version 2024-10-01 to check the body"
    ]


def test_a_missing_api_version_or_unknown_path_is_an_arm_error_and_a_protocol_problem(
    fake_arm: FakeArm,
) -> None:
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, body = raw(fake_arm, "GET", BASE + "/deletedAccounts", query="")
        assert (status, body["error"]["code"]) == (400, "MissingApiVersionParameter")
        status, _, body = raw(fake_arm, "GET", BASE + "/locations/x/nonsense")
        assert (status, body["error"]["code"]) == (404, "InvalidResourceType")
    assert len(problems) == 2


def test_a_request_body_off_the_specification_is_refused_and_recorded(fake_arm: FakeArm) -> None:
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, body = raw(
            fake_arm, "POST", BASE + "/checkDomainAvailability", {"subDomainName": "x", "type": "t"}
        )
    assert status == 400 and body["error"]["code"] == "InvalidRequestContent"
    assert problems and "subDomainName" in problems[0]


def test_lists_are_paged_with_absolute_next_links_the_sdk_follows(fake_arm: FakeArm) -> None:
    seeded(fake_arm).page_size = 1
    status, _, first = raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    assert status == 200 and len(first["value"]) == 1
    assert first["nextLink"].startswith(fake_arm.url + "/subscriptions/")
    fake_arm.requests.clear()
    models = list(client_for(fake_arm).models.list("swedencentral"))
    assert len(models) == 3
    assert len(fake_arm.calls("Models_List")) == 3


def test_a_purge_is_a_long_running_operation_polled_as_retry_after_says(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    fake_arm.lro_polls = 1
    fake_arm.lro_retry_after = "1"
    client_for(fake_arm).deleted_accounts.begin_purge("francecentral", RG, "gone").result(timeout=30)
    sequence = [(r.route, r.at) for r in fake_arm.arm_requests()]
    assert [route for route, _ in sequence] == [
        "DeletedAccounts_Purge",
        "OperationStatus",  # InProgress
        "OperationStatus",  # Succeeded
    ]
    assert sequence[2][1] - sequence[1][1] >= 0.9  # Retry-After: 1 was honoured between polls
    assert fake_arm.state.deleted_accounts == {}
    status_body = raw(
        fake_arm,
        "GET",
        "/subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/swedencentral/operationStatuses/nope",
    )[2]
    assert status_body["error"]["code"] == "OperationNotFound"


def test_operation_status_bodies_are_arm_operation_status_results(fake_arm: FakeArm) -> None:
    seeded(fake_arm).lro_polls = 1
    status, headers, _ = raw(
        fake_arm, "DELETE", BASE + "/locations/francecentral/resourceGroups/" + RG + "/deletedAccounts/gone"
    )
    assert status == 202 and "Retry-After" in headers
    poll = headers["Azure-AsyncOperation"].removeprefix(fake_arm.url)
    path, _, query = poll.partition("?")
    schema = load_spec().common_definition("OperationStatusResult")
    for expected in ("InProgress", "Succeeded"):
        _, _, body = raw(fake_arm, "GET", path, query=query)
        assert body["status"] == expected
        assert list(Draft4Validator(schema).iter_errors(body)) == []
    assert fake_arm.state.deleted_accounts == {}


def test_faults_fire_per_route_where_and_times(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    fake_arm.inject("Models_List", Fault.throttled(retry_after="7"), times=1, location="swedencentral")
    status, headers, body = raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    assert (status, headers["Retry-After"], body["error"]["code"]) == (
        429,
        "7",
        "SubscriptionRequestsThrottled",
    )
    assert raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")[0] == 200  # times=1 used up
    fake_arm.inject("Usages_List", Fault.server_error(503), times=None, location="eastus")
    assert raw(fake_arm, "GET", BASE + "/locations/swedencentral/usages")[0] == 200  # other region
    assert [raw(fake_arm, "GET", BASE + "/locations/eastus/usages")[0] for _ in range(2)] == [503, 503]


def test_a_dropped_connection_and_a_malformed_body(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    fake_arm.inject("Models_List", Fault.dropped())
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    fake_arm.inject("Models_List", Fault.malformed())
    with pytest.raises(json.JSONDecodeError):
        raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    fake_arm.inject("Models_List", Fault.null_body())
    status, headers, body = raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    assert (status, body, headers["Content-Length"]) == (200, None, "4")  # the JSON null


def test_a_request_from_before_a_reset_does_not_count_in_the_next_test(fake_arm: FakeArm) -> None:
    """A slow request a timed-out test left behind ends after the reset: in_flight stays right."""
    import threading

    fake_arm.delay(0.5, "Models_List")
    left_behind = threading.Thread(target=raw, args=(fake_arm, "GET", BASE + "/locations/eastus/models"))
    left_behind.start()
    time.sleep(0.2)  # inside the fake's delay
    fake_arm.reset()
    left_behind.join()
    assert fake_arm.in_flight == 0 and fake_arm.max_in_flight == 0


def test_latency_is_injected_per_route_and_region(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    fake_arm.delay(0.3, "Usages_List", location="swedencentral")
    started = time.monotonic()
    raw(fake_arm, "GET", BASE + "/locations/swedencentral/models")
    fast = time.monotonic() - started
    started = time.monotonic()
    raw(fake_arm, "GET", BASE + "/locations/swedencentral/usages")
    assert time.monotonic() - started >= 0.3 > fast


def test_tls_is_real_an_untrusting_client_fails(fake_arm: FakeArm) -> None:
    context = ssl.create_default_context()  # the system's roots, not the fake's CA
    connection = http.client.HTTPSConnection(
        fake_arm.url.removeprefix("https://"), context=context, timeout=5
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        connection.request("GET", "/")
    connection.close()


def test_sdk_errors_carry_the_arm_code(fake_arm: FakeArm) -> None:
    seeded(fake_arm)
    fake_arm.inject("Accounts_Get", Fault.conflict("acct"))
    with pytest.raises(HttpResponseError) as caught:
        client_for(fake_arm).accounts.get(RG, "acct")
    assert caught.value.status_code == 409 and caught.value.error is not None
    assert caught.value.error.code == "RequestConflict"


def test_fixture_files_are_the_reference_copies() -> None:
    """The specification copies hold every operation the fake serves."""
    from tests.fake_arm.handlers import HANDLERS

    spec = load_spec()
    assert set(HANDLERS) <= set(spec.operations)
    # The 2025-09-01 excerpt holds exactly the operations served, at the same paths.
    excerpt = load_spec("2025-09-01")
    assert set(excerpt.operations) == set(HANDLERS)
    assert all(excerpt.operation(o).template == spec.operation(o).template for o in HANDLERS)
    assert Path(ARM_FIXTURES / "README.md").is_file()
