"""Every injected fault ends in a clear outcome: retried within bounds, or reported as not checked
(never as passed), or, for sign-in and authorization, the run stops with guidance."""

from __future__ import annotations

import time

import pytest

from aoai.live.errors import AzureAccessError
from tests.fake_arm import FakeArm, Fault

from .scenario import RG, gather, preflight, seed_healthy, stack_data


def healthy(fake: FakeArm) -> dict[str, object]:
    data = stack_data()
    seed_healthy(fake, data)
    return data


def test_429_waits_as_retry_after_says_then_succeeds(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("Models_List", Fault.throttled(retry_after="1"), times=1, location="uksouth")
    findings, missing = preflight(fake_arm, data)
    assert (findings, missing) == ([], [])
    first, second = fake_arm.calls("Models_List", location="uksouth")
    assert second.at - first.at >= 0.9  # the server's Retry-After, not the 0.01 s backoff


def test_429_is_bounded_by_the_retry_budget(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("Usages_List", Fault.throttled(retry_after="0"), times=None, location="uksouth")
    _, _, facts, missing = gather(fake_arm, data, retries=2)
    assert len(fake_arm.calls("Usages_List", location="uksouth")) == 3  # 1 + 2 retries
    (item,) = missing
    assert item.scope == "region uksouth" and item.accounts == ("secondary",)
    assert "throttled" in item.reason and "SubscriptionRequestsThrottled" in item.reason
    assert set(facts.regions) == {"swedencentral"}  # the other region was still checked


def test_a_retry_after_longer_than_the_run_is_not_waited_for(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("Usages_List", Fault.throttled(retry_after="3600"), times=None, location="uksouth")
    started = time.monotonic()
    _, _, _, missing = gather(fake_arm, data, timeout=20.0)
    assert time.monotonic() - started < 10
    assert len(fake_arm.calls("Usages_List", location="uksouth")) == 1
    assert [m.scope for m in missing] == ["region uksouth"]


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_is_retried(fake_arm: FakeArm, status: int) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("ResourceSkus_List", Fault.server_error(status), times=2)
    assert preflight(fake_arm, data, retries=3) == ([], [])
    assert len(fake_arm.calls("ResourceSkus_List")) == 3


def test_5xx_is_bounded_and_reported_as_not_checked(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("Models_List", Fault.server_error(503), times=None, location="swedencentral")
    findings, missing = preflight(fake_arm, data, retries=1)
    assert len(fake_arm.calls("Models_List", location="swedencentral")) == 2
    (item,) = missing
    assert item.scope == "region swedencentral" and "503" in item.reason
    assert findings == []  # nothing about swedencentral's deployments is claimed either way


def test_a_dropped_connection_is_retried(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("DeletedAccounts_List", Fault.dropped(), times=1)
    assert preflight(fake_arm, data) == ([], [])
    assert len(fake_arm.calls("DeletedAccounts_List")) == 2


def test_connections_that_keep_dropping_leave_the_part_not_checked(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("DeletedAccounts_List", Fault.dropped(), times=None)
    _, missing = preflight(fake_arm, data, retries=1)
    (item,) = missing
    assert item.scope == "soft-deleted accounts" and "could not reach" in item.reason


def test_a_malformed_body_is_reported_not_trusted(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.inject("Models_List", Fault.malformed(), times=None, location="uksouth")
    _, missing = preflight(fake_arm, data)
    (item,) = missing
    assert item.scope == "region uksouth" and "not valid JSON" in item.reason


def test_a_409_on_a_read_is_reported_with_azures_code(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.state.add_account(RG, "contoso-dev-primary", "swedencentral")
    fake_arm.inject(
        "Deployments_List",
        Fault.conflict("contoso-dev-primary"),
        times=None,
        accountName="contoso-dev-primary",
    )
    _, missing = preflight(fake_arm, data)
    (item,) = missing
    assert item.scope == "account primary" and "409 RequestConflict" in item.reason


def test_a_slow_region_is_cut_off_at_the_runs_timeout(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.delay(8.0, location="uksouth")  # every route of that region
    started = time.monotonic()
    _, _, facts, missing = gather(fake_arm, data, timeout=2.0, request_timeout=10.0)
    elapsed = time.monotonic() - started
    assert elapsed < 5.0  # bounded by --timeout, not by the 8 s the region takes
    assert set(facts.regions) == {"swedencentral"}
    assert [m.scope for m in missing] == ["region uksouth"]


def test_401_stops_the_run(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.revoke_tokens()
    with pytest.raises(AzureAccessError) as caught:
        gather(fake_arm, data)
    assert caught.value.failure.kind == "auth" and "InvalidAuthenticationToken" in str(caught.value)


def test_403_stops_the_run(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    scope = f"/subscriptions/{fake_arm.subscription_id}"
    fake_arm.inject(
        "Usages_List", Fault.forbidden("Microsoft.CognitiveServices/locations/usages/read", scope), times=None
    )
    with pytest.raises(AzureAccessError) as caught:
        gather(fake_arm, data)
    assert caught.value.failure.kind == "forbidden" and "AuthorizationFailed" in str(caught.value)


def test_requests_run_concurrently_within_the_bound(fake_arm: FakeArm) -> None:
    data = healthy(fake_arm)
    fake_arm.delay(0.2)
    preflight(fake_arm, data, concurrency=3)
    assert fake_arm.max_in_flight == 3


def test_each_read_is_made_once_and_subscription_wide_where_arm_can(fake_arm: FakeArm) -> None:
    def third_account_in_sweden(data: dict[str, object]) -> None:
        accounts = data["accounts"]
        assert isinstance(accounts, dict)
        accounts["tertiary"] = {
            "location": "swedencentral",
            "deployments": {
                "chat": {"model": "gpt-5", "version": "2025-08-07", "sku": "GlobalStandard", "capacity": 5}
            },
        }

    data = stack_data()
    third_account_in_sweden(data)
    seed_healthy(fake_arm, data)
    assert preflight(fake_arm, data) == ([], [])
    for route in ("Models_List", "Usages_List"):
        assert sorted(r.params["location"] for r in fake_arm.calls(route)) == ["swedencentral", "uksouth"]
    for route in ("ResourceSkus_List", "Accounts_List", "DeletedAccounts_List"):
        assert len(fake_arm.calls(route)) == 1, route
    assert len(fake_arm.calls("CheckDomainAvailability")) == 3  # three new accounts, three subdomains
    # 2 per region + 3 subscription-wide lists + 1 per new subdomain; no per-account reads.
    assert len(fake_arm.arm_requests()) == 2 * 2 + 3 + 3


def test_a_429_holds_back_every_request_until_its_retry_after(fake_arm: FakeArm) -> None:
    """Not only the throttled request waits: the others would spend ARM's refill just as well."""
    data = healthy(fake_arm)
    fake_arm.delay(0.05)
    fake_arm.inject("Models_List", Fault.throttled(retry_after="1"), times=1, location="swedencentral")
    assert preflight(fake_arm, data, concurrency=2) == ([], [])
    requests = fake_arm.arm_requests()
    throttled = next(r for r in requests if r.route == "Models_List")  # answered 429 after 0.05 s
    later = [r.at - throttled.at for r in requests if r.at > throttled.at]
    assert later, "requests were still to be sent after the 429"
    assert not [t for t in later if 0.2 < t < 0.9], later  # none while ARM asked to wait
