"""The fake's reads of Network, Authorization and Insights: paths, api-versions, scopes, paging."""

from __future__ import annotations

from tests.aoai.adopt_seed import seed, shape
from tests.fake_arm import FakeArm
from tests.fake_arm.test_fake_arm import raw

AVM = shape("avm")
ACCOUNT = AVM["account"]["id"]
ENDPOINT = AVM["privateEndpoints"][0]["id"]


def test_private_endpoint_and_its_zone_groups(fake_arm: FakeArm) -> None:
    seed(fake_arm, AVM)
    status, _, body = raw(fake_arm, "GET", ENDPOINT, query="api-version=2024-05-01")
    assert status == 200 and body == AVM["privateEndpoints"][0]
    status, _, groups = raw(
        fake_arm, "GET", f"{ENDPOINT}/privateDnsZoneGroups", query="api-version=2024-05-01"
    )
    assert status == 200 and [g["name"] for g in groups["value"]] == ["default"]
    missing = ENDPOINT.replace("pep-", "none-")
    status, _, error = raw(fake_arm, "GET", missing, query="api-version=2024-05-01")
    assert status == 404 and error["error"]["code"] == "ResourceNotFound"


def test_each_provider_answers_the_versions_arm_serves_and_refuses_others_as_arm_does(
    fake_arm: FakeArm,
) -> None:
    """2023-04-01 is a Network api-version (the Pulumi registry's PrivateEndpoint page lists it);
    2023-04-15 is none; the refusal names the endpoint's region and ARM's type name."""
    seed(fake_arm, AVM)
    assert raw(fake_arm, "GET", ENDPOINT, query="api-version=2023-04-01")[0] == 200
    with fake_arm.expecting_protocol_problems() as problems:
        status, _, error = raw(fake_arm, "GET", ENDPOINT, query="api-version=2023-04-15")
    assert (status, error["error"]["code"]) == (400, "NoRegisteredProviderFound")
    assert error["error"]["message"].startswith(
        f"No registered resource provider found for location '{AVM['privateEndpoints'][0]['location']}' "
        "and API version '2023-04-15' for type 'privateEndpoints'. The supported api-versions are "
        "'2025-05-01, 2025-03-01, "
    )
    assert len(problems) == 1
    locks = f"{ACCOUNT}/providers/Microsoft.Authorization/locks"
    with fake_arm.expecting_protocol_problems():
        _, _, error = raw(fake_arm, "GET", locks, query="api-version=2019-12-15")
    assert error["error"]["message"] == (
        "No registered resource provider found for location 'global' and API version '2019-12-15' for "
        "type 'locks'. The supported api-versions are '2020-05-01, 2017-04-01'."
    )


def test_role_assignments_at_scope_include_those_above_it_as_arm_does(fake_arm: FakeArm) -> None:
    seed(fake_arm, AVM)
    path = f"{ACCOUNT}/providers/Microsoft.Authorization/roleAssignments"
    status, _, body = raw(fake_arm, "GET", path, query="api-version=2022-04-01&$filter=atScope()")
    assert status == 200
    scopes = sorted(item["properties"]["scope"].rsplit("/", 1)[-1] for item in body["value"])
    assert scopes == ["contoso-avm-frc", "contoso-avm-frc", "rg-ai-avm"]  # the group's one is inherited


def test_lists_are_paged_with_next_links(fake_arm: FakeArm) -> None:
    seed(fake_arm, AVM)
    fake_arm.page_size = 1
    path = f"{ACCOUNT}/providers/Microsoft.Authorization/locks"
    status, _, first = raw(fake_arm, "GET", path, query="api-version=2020-05-01")
    assert status == 200 and len(first["value"]) == 1
    assert first["nextLink"].startswith(fake_arm.url) and "skipToken=1" in first["nextLink"]


def test_diagnostic_settings_are_one_collection(fake_arm: FakeArm) -> None:
    seed(fake_arm, AVM)
    path = f"{ACCOUNT}/providers/Microsoft.Insights/diagnosticSettings"
    status, _, body = raw(fake_arm, "GET", path, query="api-version=2021-05-01-preview")
    assert status == 200 and set(body) == {"value"}
    assert [s["name"] for s in body["value"]] == ["contoso-avm-frc-diagnosticSettings"]
