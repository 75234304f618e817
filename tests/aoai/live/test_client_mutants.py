"""client.py: where the credential signs in and what the run's bounds do, at the places `make
mutate` showed no test looked (issue 16). Through the fake ARM where it matters where a secret
or a token goes; the policies alone where only their arithmetic is at stake. Expected values are
written from the module's rules (its docstrings) and azure-core's, by hand."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from azure.core.exceptions import ClientAuthenticationError, ServiceResponseTimeoutError
from azure.core.pipeline import PipelineContext, PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy
from azure.core.rest import HttpRequest
from requests.adapters import HTTPAdapter

from aoai.live.boundary import UntrustedAnswer
from aoai.live.client import (
    BoundedRetryPolicy,
    Deadline,
    DeadlinePolicy,
    RequestCounter,
    ThrottleGate,
    _quiet_sdk_logs,
    open_session,
    open_sessions,
    pooled_transport,
    sign_in,
)
from aoai.live.settings import Limits, resolve_settings
from tests.fake_arm import FakeArm

URL = "https://management.azure.com/subscriptions?api-version=2022-12-01"


class _Answer:
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        self.status_code = status
        self.headers = headers


class _Next(HTTPPolicy[Any, Any]):
    """The rest of the pipeline: records what it was sent, answers `status` with `headers`."""

    def __init__(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        super().__init__()
        self.sent: list[PipelineRequest[Any]] = []
        self._answer = _Answer(status, headers or {})

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        self.sent.append(request)
        return PipelineResponse(request.http_request, self._answer, request.context)


def _request() -> PipelineRequest[Any]:
    return PipelineRequest(HttpRequest("GET", URL), PipelineContext(None))


def _chain(policy: HTTPPolicy[Any, Any], after: _Next) -> HTTPPolicy[Any, Any]:
    policy.next = after
    return policy


# -- the deadline ----------------------------------------------------------------------------------


def test_a_deadline_counts_down_from_its_seconds_and_never_below_zero() -> None:
    deadline = Deadline(100)
    assert deadline.seconds == 100
    assert 99 < deadline.remaining() <= 100
    deadline.cancel()
    assert deadline.remaining() == 0.0
    assert Deadline(0).remaining() == 0.0


def test_each_attempt_gets_the_request_timeout_while_the_run_has_longer() -> None:
    after = _Next()
    _chain(DeadlinePolicy(Deadline(100), request_timeout=7), after).send(_request())
    (sent,) = after.sent
    assert sent.context.options["connection_timeout"] == 7
    assert sent.context.options["read_timeout"] == 7


def test_an_attempt_near_the_end_gets_only_the_time_left() -> None:
    after = _Next()
    _chain(DeadlinePolicy(Deadline(3), request_timeout=30), after).send(_request())
    (sent,) = after.sent
    assert 2 < sent.context.options["connection_timeout"] <= 3
    assert 2 < sent.context.options["read_timeout"] <= 3


def test_an_attempt_with_under_a_second_left_is_still_sent() -> None:
    after = _Next()
    _chain(DeadlinePolicy(Deadline(0.5), request_timeout=30), after).send(_request())
    (sent,) = after.sent
    assert 0 < sent.context.options["read_timeout"] <= 0.5


def test_no_attempt_starts_after_the_deadline() -> None:
    deadline = Deadline(5)
    deadline.cancel()
    after = _Next()
    with pytest.raises(ServiceResponseTimeoutError, match=r"^the run's --timeout of 5s ran out$"):
        _chain(DeadlinePolicy(deadline, request_timeout=30), after).send(_request())
    assert after.sent == []


# -- the throttle gate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "pauses"),
    [
        (429, {"Retry-After": "5"}, 1),
        (429, {"Retry-After": "0"}, 1),  # a wait of zero is still ARM's answer: the gate records it
        (429, {}, 0),  # nothing to wait for: the backoff applies to that request alone
        (429, {"Retry-After": "200"}, 0),  # longer than the run has left: not waited for
        (200, {"Retry-After": "5"}, 0),
        (503, {"Retry-After": "5"}, 0),  # only a 429 is ARM's throttling
    ],
)
def test_the_gate_closes_only_for_a_429_the_run_can_wait_out(
    status: int, headers: dict[str, str], pauses: int, waits: list[float]
) -> None:
    gate = ThrottleGate(Deadline(100))
    after = _Next(status, headers)
    _chain(gate, after).send(_request())
    assert gate.pauses == pauses
    assert waits == []  # the gate was open: the first request went at once
    gate.send(_request())
    assert len(after.sent) == 2
    assert gate.pauses == 2 * pauses  # each 429 counted
    if pauses and headers["Retry-After"] != "0":
        (wait,) = waits  # the next request waited for the Retry-After, measured from the 429
        assert 4 < wait <= 5
    else:
        assert waits == []


def test_a_closed_gate_holds_a_request_no_longer_than_the_run_has_left(waits: list[float]) -> None:
    deadline = Deadline(100)
    gate = ThrottleGate(deadline)
    _chain(gate, _Next(429, {"Retry-After": "50"})).send(_request())
    assert gate.pauses == 1
    deadline._end -= 97  # three seconds left of the run, while ARM asked for fifty
    gate.send(_request())
    assert len(waits) == 1 and 2 < waits[0] <= 3


def test_requests_are_counted_retries_included() -> None:
    counter = RequestCounter()
    _chain(counter, _Next())
    for _ in range(3):
        counter.send(_request())
    assert counter.count == 3


# -- the retry policy ------------------------------------------------------------------------------


def test_the_retry_policy_gives_up_no_later_than_the_run() -> None:
    policy = BoundedRetryPolicy(Deadline(10), retry_total=3, timeout=604_800)
    settings = policy.configure_retries({})
    assert 9 < settings["timeout"] <= 10
    assert settings["total"] == 3


def test_an_untrusted_answer_is_never_retried() -> None:
    policy = BoundedRetryPolicy(Deadline(100), retry_total=3)
    settings = policy.configure_retries({})
    assert policy.increment(settings, error=UntrustedAnswer("a link to elsewhere")) is False


def test_a_retry_after_the_run_cannot_wait_for_is_not_retried() -> None:
    policy = BoundedRetryPolicy(Deadline(10), retry_total=3)
    settings = policy.configure_retries({})
    request = _request()

    def answer(retry_after: str) -> PipelineResponse[Any, Any]:
        throttled = _Answer(429, {"Retry-After": retry_after})
        return PipelineResponse(request.http_request, throttled, request.context)

    assert policy.is_retry(settings, answer("1")) is True
    assert policy.is_retry(settings, answer("60")) is False
    assert policy.is_retry(settings, answer("not-a-number")) is True  # ignored: the backoff applies


def test_an_answer_without_retry_after_is_retried_while_the_run_has_any_time() -> None:
    """No Retry-After: nothing to wait for but the backoff, so even half a second left is enough."""
    policy = BoundedRetryPolicy(Deadline(0.5), retry_total=3)
    settings = policy.configure_retries({})
    request = _request()
    unavailable = PipelineResponse(request.http_request, _Answer(503, {}), request.context)
    assert policy.is_retry(settings, unavailable) is True


# -- where the credential signs in, and for what -----------------------------------------------------


def _settings_of(fake: FakeArm, **environ: str) -> Any:
    return resolve_settings(
        subscription=fake.subscription_id,
        arm_endpoint=fake.url,
        limits=Limits(retries=0, timeout=30, request_timeout=10),
        environ={**fake.environment(), **environ},
    )


def test_the_settings_authority_and_trust_are_the_credential_s_not_the_process_s(
    fake_arm: FakeArm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings are resolved once and passed down (settings.py): the credential must not read
    the process environment again, which here points at a closed port and trusts no fake CA."""
    settings = _settings_of(fake_arm)
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", "https://127.0.0.1:9")
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    # A proxy for everything but the fake: the transport reads NO_PROXY for the settings' endpoint.
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with open_session(settings) as session:
        assert session.subscription_id == fake_arm.subscription_id
        list(session.client.accounts.list())  # ARM trusts the settings' bundle too
    assert len(fake_arm.calls("Accounts_List")) == 1
    assert fake_arm.token_scopes == [f"{fake_arm.url}/.default"]
    with open_sessions([settings]) as sessions:
        assert [s.subscription_id for s in sessions] == [fake_arm.subscription_id]
    assert fake_arm.token_scopes == [f"{fake_arm.url}/.default"] * 2


def test_the_token_is_asked_for_the_settings_scope_only(fake_arm: FakeArm) -> None:
    """AOAI_ARM_SCOPE names the token's audience for a custom endpoint: sign-in and every ARM
    request use that one scope (one token, asked for once)."""
    scope = "https://management.core.windows.net/.default"
    with open_session(_settings_of(fake_arm, AOAI_ARM_SCOPE=scope)) as session:
        list(session.client.accounts.list())
    assert len(fake_arm.calls("Accounts_List")) == 1
    assert fake_arm.token_scopes == [scope]


# -- the transport ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("concurrency", "pool"), [(32, 32), (64, 64), (4, 10), (1, 10)])
def test_the_connection_pool_holds_the_run_s_concurrency_and_never_less_than_requests_10(
    concurrency: int, pool: int
) -> None:
    session = pooled_transport(concurrency, True, "https://management.azure.com").session
    assert session is not None
    adapter = session.get_adapter("https://management.azure.com/subscriptions")
    assert isinstance(adapter, HTTPAdapter)
    assert adapter._pool_maxsize == pool
    # The adapter retries nothing itself: azure-core's policy owns the retries and their bounds.
    assert adapter.max_retries.total is False
    assert not adapter.max_retries.redirect  # nor follows a redirect (boundary.py checks links)
    assert adapter.max_retries.raise_on_status is False
    assert session.get_adapter("http://127.0.0.1/") is adapter


# -- sign-in ---------------------------------------------------------------------------------------


def test_a_refused_sign_in_is_raised_as_the_credential_s_error_before_any_arm_call(
    fake_arm: FakeArm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "expired-secret")
    settings = _settings_of(fake_arm)
    with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"), open_session(settings):
        pass
    assert fake_arm.arm_requests() == []


def test_a_sign_in_that_hangs_ends_at_the_deadline_and_holds_no_exit() -> None:
    """The credential runs in a daemon thread: at the deadline the run ends without it."""
    release = threading.Event()

    class Hanging:
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            release.wait(30)

    deadline = Deadline(0.2)
    try:
        took_longer = r"^signing in took longer than the run's --timeout of 0.2s$"
        with pytest.raises(ServiceResponseTimeoutError, match=took_longer):
            sign_in(Hanging(), "https://management.azure.com/.default", deadline)
        (thread,) = [t for t in threading.enumerate() if t.name == "aoai-sign-in"]
        assert thread.daemon is True
    finally:
        release.set()


def test_the_transport_owns_its_session_and_closes_it_with_the_client() -> None:
    transport = pooled_transport(4, True, "https://management.azure.com")
    transport.close()
    assert transport.session is None


@pytest.mark.parametrize("logger", ["azure.identity._internal.decorators", "msal.application"])
def test_the_sdks_warnings_do_not_reach_the_terminal(
    logger: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failed sign-in is reported by the command, with what to do; azure-identity's warning and
    MSAL's traceback of a non-JSON answer would print beside it (Python's last-resort handler)."""
    for name in ("", "azure", "msal"):  # as in the aoai process: no handlers (pytest adds its own)
        monkeypatch.setattr(logging.getLogger(name), "handlers", [])
    logging.getLogger(logger).warning("DefaultAzureCredential failed to retrieve a token")
    assert "failed to retrieve a token" in capsys.readouterr().err  # what would reach the terminal
    _quiet_sdk_logs()
    logging.getLogger(logger).warning("DefaultAzureCredential failed to retrieve a token")
    assert capsys.readouterr().err == ""
