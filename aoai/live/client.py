"""The Azure credential and the ARM client of one run, with every wait bounded.

The client is the real azure-mgmt-cognitiveservices CognitiveServicesManagementClient; the bounds
come from azure-core policies: a RetryPolicy that never sleeps past the run's deadline, and a
per-attempt policy that caps connect/read timeouts to the time left, so `--timeout` holds even
for a region that answers slowly or a server that asks to retry after an hour.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from azure.core.credentials import TokenCredential
from azure.core.exceptions import ServiceResponseTimeoutError
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy, RetryPolicy
from azure.core.pipeline.transport import RequestsTransport
from azure.identity import DefaultAzureCredential
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .boundary import ResourceManagerOnly, UntrustedAnswer, retry_after_seconds
from .settings import ConnectionSettings


class Deadline:
    """The end of the run, shared by every thread of it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def cancel(self) -> None:
        """End the run now: requests not yet sent fail at once instead of starting."""
        self._end = time.monotonic()


class BoundedRetryPolicy(RetryPolicy):
    """azure-core's retries (408/429/5xx, Retry-After honoured), never past the deadline."""

    def __init__(self, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._deadline = deadline

    def configure_retries(self, options: dict[str, Any]) -> dict[str, Any]:
        settings = super().configure_retries(options)
        settings["timeout"] = min(settings["timeout"], self._deadline.remaining())
        return settings

    def is_retry(self, settings: dict[str, Any], response: PipelineResponse[Any, Any]) -> bool:
        if not super().is_retry(settings, response):
            return False
        wait = self.get_retry_after(response) or 0.0
        # Waiting longer than the run has left cannot succeed; surface the answer instead.
        return wait < self._deadline.remaining()

    def get_retry_after(self, response: PipelineResponse[Any, Any]) -> float | None:
        # azure-core's parser raises on a Retry-After that is neither a number nor a date
        # (`Retry-After: abc`); such a header is ignored and the backoff applies.
        return retry_after_seconds(response.http_response.headers)

    def increment(
        self, settings: dict[str, Any], response: Any = None, error: Exception | None = None
    ) -> bool:
        if isinstance(error, UntrustedAnswer):
            return False  # a refusal is final: asking again gets the same answer
        return bool(super().increment(settings, response=response, error=error))


class DeadlinePolicy(HTTPPolicy[Any, Any]):
    """Per attempt: connect and read timeouts capped by the time left in the run."""

    def __init__(self, deadline: Deadline, request_timeout: float) -> None:
        super().__init__()
        self._deadline = deadline
        self._request_timeout = request_timeout

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        left = self._deadline.remaining()
        if left <= 0:
            raise ServiceResponseTimeoutError(f"the run's --timeout of {self._deadline.seconds:g}s ran out")
        timeout = min(self._request_timeout, left)
        request.context.options["connection_timeout"] = timeout
        request.context.options["read_timeout"] = timeout
        return self.next.send(request)


class ThrottleGate(HTTPPolicy[Any, Any]):
    """A 429 from Resource Manager pauses every request of its client, not only the one retried.

    ARM throttles per subscription and principal; while it asks to wait (Retry-After), requests
    that other threads would send meanwhile are throttled too and only spend the bucket's refill.
    The retried request itself waits in the retry policy, which honours Retry-After; this gate
    holds back the rest until the same moment. A wait the run's deadline cannot cover closes
    nothing: the throttled part is reported as not checked, and the rest goes on.
    """

    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline
        self._lock = threading.Lock()
        self._until = 0.0
        self.pauses = 0  # how often a 429 closed the gate (reported by tests)

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        with self._lock:
            wait = self._until - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, self._deadline.remaining()))
        response = self.next.send(request)
        if response.http_response.status_code == 429:
            after = retry_after_seconds(response.http_response.headers)
            # A wait longer than the run has left is not waited for (the retry policy gives that
            # request up, and its part is reported as not checked): the others go on.
            if after is not None and after < self._deadline.remaining():
                with self._lock:
                    self._until = max(self._until, time.monotonic() + after)
                    self.pauses += 1
        return response


class RequestCounter(HTTPPolicy[Any, Any]):
    """Counts the HTTP requests sent to ARM, retries included."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self.count = 0

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        with self._lock:
            self.count += 1
        return self.next.send(request)


def make_credential(settings: ConnectionSettings) -> TokenCredential:
    """DefaultAzureCredential for the settings' cloud and trust, with the same bounds.

    Which credentials it tries can be narrowed with AZURE_TOKEN_CREDENTIALS (e.g.
    EnvironmentCredential, AzureCliCredential, WorkloadIdentityCredential, dev, prod).
    """
    limits = settings.limits
    return DefaultAzureCredential(
        authority=settings.authority_host,
        # Required by azure-identity for an authority outside Microsoft's public list.
        disable_instance_discovery=not settings.instance_discovery,
        connection_verify=settings.connection_verify,
        connection_timeout=limits.request_timeout,
        read_timeout=limits.request_timeout,
        retry_total=limits.retries,
        retry_backoff_factor=limits.retry_backoff,
    )


@dataclass
class LiveSession:
    """What one live command uses: the client, its deadline and its request count."""

    settings: ConnectionSettings
    client: CognitiveServicesManagementClient
    deadline: Deadline
    counter: RequestCounter

    @property
    def subscription_id(self) -> str:
        return self.settings.subscription_id


def pooled_transport(connections: int, verify: str | bool, endpoint: str) -> RequestsTransport:
    """azure-core's requests transport with a connection pool as large as the run's concurrency.

    requests keeps 10 connections per host by default; a thread beyond them opens a new TLS
    connection for each request and throws it away afterwards (urllib3's "connection pool is
    full"), which at --concurrency 32 costs a handshake on most requests. Retries stay azure-core's
    (the adapter retries nothing itself, as azure-core configures it).

    requests reads the environment's proxy and CA bundle variables again for every request, and
    scans the whole environment to do so: with a CI runner's hundred variables that was a third
    of the client's CPU per request. Every request of the run goes to the one Resource Manager
    endpoint, so requests' own reading is done once, here, for it (the same proxies, NO_PROXY and
    bundle as before); ~/.netrc, which requests would also read, is not: its password must never
    replace the bearer token.
    """
    session = requests.Session()
    adapter = HTTPAdapter(
        pool_connections=1,
        pool_maxsize=max(connections, 10),
        max_retries=Retry(total=False, redirect=False, raise_on_status=False),
    )
    for scheme in ("https://", "http://"):
        session.mount(scheme, adapter)
    once = session.merge_environment_settings(endpoint, {}, None, verify, None)
    session.proxies, session.trust_env = once["proxies"], False
    # The transport's own connection settings: a client's connection_verify does not reach a
    # transport it is handed.
    return RequestsTransport(session=session, session_owner=True, connection_verify=once["verify"])


def make_client(
    settings: ConnectionSettings, credential: TokenCredential, deadline: Deadline, counter: RequestCounter
) -> CognitiveServicesManagementClient:
    limits = settings.limits
    return CognitiveServicesManagementClient(
        credential,
        settings.subscription_id,
        base_url=settings.arm_endpoint,
        credential_scopes=[settings.credential_scope],
        connection_verify=settings.connection_verify,
        retry_policy=BoundedRetryPolicy(
            deadline,
            retry_total=limits.retries,
            retry_backoff_factor=limits.retry_backoff,
            retry_backoff_max=limits.request_timeout,
        ),
        # In this order, and all before the authentication policy: no request leaves without the
        # deadline, and none goes anywhere but Resource Manager (so no token does either); the
        # gate holds requests back while Resource Manager asks to wait.
        per_retry_policies=[
            DeadlinePolicy(deadline, limits.request_timeout),
            ResourceManagerOnly(settings.arm_endpoint),
            ThrottleGate(deadline),
            counter,
        ],
        transport=pooled_transport(limits.concurrency, settings.connection_verify, settings.arm_endpoint),
        # Long-running operations poll as the service's Retry-After says, else every 2 s.
        polling_interval=2,
    )


def sign_in(credential: TokenCredential, scope: str, deadline: Deadline) -> None:
    """Get a token once, up front, within the run's deadline.

    A failure is reported before any fan-out, and the concurrent requests then share the cached
    token instead of each asking Entra ID. The credential runs in a daemon thread because some
    (Azure CLI, PowerShell) wait on a subprocess: at the deadline the run ends without it.
    """
    failures: list[BaseException] = []

    def run() -> None:
        try:
            credential.get_token(scope)
        except BaseException as error:  # handed over to the caller's thread as is
            failures.append(error)

    thread = threading.Thread(target=run, name="aoai-sign-in", daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        raise ServiceResponseTimeoutError(
            f"signing in took longer than the run's --timeout of {deadline.seconds:g}s"
        )
    if failures:
        raise failures[0]


def _quiet_sdk_logs() -> None:
    """azure-identity logs a failed sign-in as a warning, and MSAL an answer of Entra ID's that is
    not JSON (a 429's "Too Many Requests") with its traceback; the command reports the failure
    (with what to do) itself, so keep Python's last-resort handler from printing them."""
    for name in ("azure", "msal"):
        logging.getLogger(name).addHandler(logging.NullHandler())


@contextmanager
def open_sessions(settings: list[ConnectionSettings]) -> Iterator[list[LiveSession]]:
    """One session per subscription, for a run over several: one credential and one sign-in
    (the token is the tenant's, whatever the subscription), one deadline, a client and request
    count per subscription. The settings differ only in their subscription."""
    _quiet_sdk_logs()
    first = settings[0]
    deadline = Deadline(first.limits.timeout)
    credential = make_credential(first)
    sessions: list[LiveSession] = []
    try:
        for each in settings:
            counter = RequestCounter()
            sessions.append(
                LiveSession(each, make_client(each, credential, deadline, counter), deadline, counter)
            )
        sign_in(credential, first.credential_scope, deadline)
        yield sessions
    finally:
        for session in sessions:
            session.client.close()
        if hasattr(credential, "close"):
            credential.close()


@contextmanager
def open_session(
    settings: ConnectionSettings, credential: TokenCredential | None = None
) -> Iterator[LiveSession]:
    """A session whose deadline starts now; the client and credential are closed afterwards."""
    _quiet_sdk_logs()
    deadline = Deadline(settings.limits.timeout)
    counter = RequestCounter()
    owned = credential is None
    credential = credential or make_credential(settings)
    client = make_client(settings, credential, deadline, counter)
    try:
        sign_in(credential, settings.credential_scope, deadline)
        yield LiveSession(settings, client, deadline, counter)
    finally:
        client.close()
        if owned and hasattr(credential, "close"):
            credential.close()
