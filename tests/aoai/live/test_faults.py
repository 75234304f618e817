"""Every injected fault ends in a clear outcome: retried within bounds, or reported as not checked
(never as passed), or, for sign-in and authorization, the run stops with guidance."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest
from azure.core.exceptions import ClientAuthenticationError
from typer.testing import CliRunner

from aoai.cli import app
from aoai.live.client import open_session
from aoai.live.errors import AzureAccessError
from tests.fake_arm import FakeArm, Fault

from .scenario import RG, gather, preflight, seed_healthy, settings_for, stack_data, write_stack


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


# -- sign-in: Entra ID's token endpoint ----------------------------------------------------------------
# azure-identity posts the token request through azure-core's RetryPolicy with POST made
# retryable (msal_client.py: retry_on_methods=["POST"]): 408, 429 and 5xx answers and dropped
# connections are retried up to --retries times, Retry-After honoured, else azure-core's backoff
# (nothing before the first retry, then --retry-backoff x 2^(n-1) before the n-th). Any other
# answer of Entra ID (a refused secret) ends the sign-in at once.


def _session(fake: FakeArm, **limits: Any) -> Any:
    return open_session(settings_for(fake, **limits))


def _token_requests(fake: FakeArm) -> int:
    return len([r for r in fake.requests if r.route == "Token"])


def test_a_sign_in_entra_id_cannot_serve_for_a_moment_is_retried(fake_arm: FakeArm) -> None:
    fake_arm.inject("Token", Fault.entra_unavailable(), times=2)
    with _session(fake_arm, retries=2) as session:
        list(session.client.accounts.list())
    assert _token_requests(fake_arm) == 3  # two 503s, then the token
    assert len(fake_arm.calls("Accounts_List")) == 1


@pytest.mark.parametrize(
    "fault",
    [Fault.entra_unavailable(), Fault.entra_throttled(retry_after="0"), Fault.dropped()],
    ids=["503", "429", "dropped"],
)
def test_a_sign_in_is_retried_within_the_retry_budget_only(fake_arm: FakeArm, fault: Fault) -> None:
    fake_arm.inject("Token", fault, times=None)
    with pytest.raises(ClientAuthenticationError), _session(fake_arm, retries=2):
        pass
    assert _token_requests(fake_arm) == 3  # 1 + 2 retries
    assert fake_arm.arm_requests() == []


def test_a_throttled_sign_in_waits_as_retry_after_says(fake_arm: FakeArm, waits: list[float]) -> None:
    fake_arm.inject("Token", Fault.entra_throttled(retry_after="7"), times=1)
    with _session(fake_arm, retries=2, retry_backoff=0.25):
        pass
    assert _token_requests(fake_arm) == 2
    assert waits == [7.0]  # Entra ID's Retry-After, not the backoff


def test_the_sign_in_backs_off_as_the_run_s_retry_backoff_says(fake_arm: FakeArm, waits: list[float]) -> None:
    fake_arm.inject("Token", Fault.entra_unavailable(), times=3)
    with _session(fake_arm, retries=3, retry_backoff=0.25):
        pass
    assert _token_requests(fake_arm) == 4
    assert waits == [0.5, 1.0]  # none before the first retry, then 0.25 x 2 and 0.25 x 4


def test_a_refused_secret_is_not_retried(fake_arm: FakeArm) -> None:
    fake_arm.inject("Token", Fault.secret_expired(fake_arm.client_id), times=None)
    with pytest.raises(ClientAuthenticationError) as caught, _session(fake_arm, retries=3):
        pass
    assert _token_requests(fake_arm) == 1
    assert "AADSTS7000222: The provided client secret keys for app" in caught.value.message
    assert fake_arm.client_secret not in caught.value.message


def test_a_token_endpoint_slower_than_the_request_timeout_is_given_up_at_it(fake_arm: FakeArm) -> None:
    """--request-timeout bounds each token request too: an answer that would come after it (and
    long before the run's --timeout) is not waited for."""
    fake_arm.delay(5.0, "Token")
    slow = pytest.raises(ClientAuthenticationError, match="timed out")
    with slow, _session(fake_arm, retries=0, request_timeout=1.0):
        pass


def test_an_authority_that_never_accepts_the_connection_is_given_up_at_the_request_timeout(
    fake_arm: FakeArm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connect timeout is --request-timeout too: a sign-in whose connection is never accepted
    fails with that, long before the run's --timeout would end it as a hung sign-in."""
    with socket.socket() as full:
        full.bind(("127.0.0.1", 0))
        full.listen(0)  # a backlog of one, filled below: the kernel then drops further SYNs
        port = full.getsockname()[1]
        waiting = [socket.socket() for _ in range(3)]
        for each in waiting:
            each.setblocking(False)
            each.connect_ex(("127.0.0.1", port))
        monkeypatch.setenv("AZURE_AUTHORITY_HOST", f"https://127.0.0.1:{port}")
        refused = pytest.raises(ClientAuthenticationError, match="timed out")
        with refused, _session(fake_arm, retries=0, request_timeout=1.0, timeout=8.0):
            pass
        for each in waiting:
            each.close()


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Fault.secret_expired("0b9c5f3e-1d2a-4e6f-8a7b-9c0d1e2f3a4b"), "AADSTS7000222"),
        (Fault.entra_unavailable(), "HTTP Error: 503"),
        # MSAL logs a body that is not JSON with its traceback: it must not reach the user.
        (Fault.entra_throttled(retry_after="0"), "EnvironmentCredential"),
    ],
    ids=["refused", "unavailable", "throttled"],
)
def test_a_failed_sign_in_exits_3_with_sign_in_guidance_and_no_secret(
    fake_arm: FakeArm, tmp_path: Path, fault: Fault, words: str
) -> None:
    fake_arm.inject("Token", fault, times=None)
    stack_file = write_stack(tmp_path, stack_data())
    result = CliRunner().invoke(app, ["verify", "--stack", str(stack_file), "--retries", "1"])
    assert result.exit_code == 3, result.output
    assert result.output.startswith("error: not authenticated to Azure: ")
    assert words in result.output
    assert "Sign in, then run again: `az login`" in result.output
    assert "Traceback" not in result.output
    assert fake_arm.client_secret not in result.output
    assert fake_arm.arm_requests() == []


# -- the client's backoff between ARM attempts ------------------------------------------------------


def test_arm_attempts_back_off_as_the_run_s_retry_backoff_says(fake_arm: FakeArm, waits: list[float]) -> None:
    fake_arm.inject("Accounts_List", Fault.server_error(503), times=3)
    with _session(fake_arm, retries=3, retry_backoff=0.25) as session:
        list(session.client.accounts.list())
    assert len(fake_arm.calls("Accounts_List")) == 4
    assert waits == [0.5, 1.0]


def test_an_arm_backoff_never_exceeds_the_request_timeout(fake_arm: FakeArm, waits: list[float]) -> None:
    fake_arm.inject("Accounts_List", Fault.server_error(500), times=3)
    with _session(fake_arm, retries=3, retry_backoff=5.0, request_timeout=3.0) as session:
        list(session.client.accounts.list())
    assert waits == [3.0, 3.0]  # 5 x 2 and 5 x 4, each capped at the 3 s of one request


def test_an_operation_without_retry_after_is_polled_every_two_seconds(
    fake_arm: FakeArm, waits: list[float]
) -> None:
    """A purge is a long-running operation: polled as its Retry-After says, else every 2 s (not
    azure-core's 30 s, which would keep `aoai purge` waiting long after Azure is done)."""
    fake_arm.state.add_deleted_account("francecentral", RG, "gone")
    fake_arm.lro_polls = 1  # one answer InProgress, then Succeeded
    fake_arm.lro_retry_after = None
    with _session(fake_arm) as session:
        session.client.deleted_accounts.begin_purge("francecentral", RG, "gone").result()
    assert [r.route for r in fake_arm.arm_requests()] == [
        "DeletedAccounts_Purge", "OperationStatus", "OperationStatus",
    ]
    assert waits == [2]  # azure-core asks the status at once, then waits between polls
