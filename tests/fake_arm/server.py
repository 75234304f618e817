"""A local HTTPS fake of Azure Resource Manager (Microsoft.CognitiveServices) and of Entra ID.

Real TLS (a trustme CA; clients trust it through REQUESTS_CA_BUNDLE or connection_verify), the
specification's paths at the api-versions ARM serves for each (api_versions.py; any other is refused
with ARM's answer and recorded as a protocol problem), paging with absolute
nextLink URLs, long-running operations with Azure-AsyncOperation + Retry-After, the ARM error
envelope, bearer tokens it issued itself, and an OpenID discovery + token endpoint so a real
azure-identity credential (ClientSecretCredential through MSAL) signs in against it.

Every request is logged; request bodies are validated against the specification and anything
off-protocol (unknown path, bad body, missing api-version) is kept in `protocol_problems`.
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import ssl
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

import trustme

from . import api_versions, other_providers
from .faults import Fault, FaultPlan
from .handlers import HANDLERS, PlainText, Reply, arm_error, entra_error
from .spec import COPIES, Spec, load_spec
from .state import SUBSCRIPTION_ID, TENANT_ID, ArmState

OPERATION_STATUS = re.compile(
    r"^/subscriptions/(?P<subscriptionId>[^/]+)/providers/Microsoft\.CognitiveServices/locations/"
    r"(?P<location>[^/]+)/operationStatuses/(?P<operationId>[^/]+)$",
    re.IGNORECASE,
)
OPENID = re.compile(r"^/(?P<tenant>[^/]+)/v2\.0/\.well-known/openid-configuration$")
TOKEN = re.compile(r"^/(?P<tenant>[^/]+)/oauth2/v2\.0/token$")
CLIENT_ID = "0b9c5f3e-1d2a-4e6f-8a7b-9c0d1e2f3a4b"
CHALLENGE = (
    'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", '
    'error_description="The access token is invalid."'
)


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    at: float
    method: str
    path: str
    route: str  # operationId, OperationStatus, OpenIdConfiguration, Token or Unknown
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any


@dataclass(frozen=True)
class Exchange:
    """One ARM request, from its arrival to the moment its answer was written (benchmarks read
    which requests overlapped and which waited for another)."""

    request: Request
    answered: float


class _Server(ThreadingHTTPServer):
    # socketserver's listen backlog of 5 drops the SYNs of a client that opens 32 connections at
    # once; each dropped SYN is sent again a second later, a wait Resource Manager never causes.
    request_queue_size = 128


@dataclass
class _Operation:
    polls_left: int
    on_done: Callable[[], None]
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


class FakeArm:
    """The fake. `with FakeArm() as arm:` serves on https://127.0.0.1:<free port>."""

    def __init__(self, spec: Spec | None = None) -> None:
        self.spec = spec or load_spec()
        self._ca = trustme.CA()
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert("127.0.0.1", "localhost").configure_cert(self._context)
        self._folder = tempfile.TemporaryDirectory(prefix="fake-arm-")
        self.ca_file = Path(self._folder.name) / "fake-arm-ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_file))
        self.tenant_id = TENANT_ID
        self.client_id = CLIENT_ID
        self.client_secret = "fake-secret-" + secrets.token_hex(8)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle -----------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget state, faults, log and tokens: each test sets what it needs."""
        with self._lock:
            # Late requests of an earlier test (threads it abandoned) carry its tokens: they are
            # refused without being logged or counted, so they cannot leak into the next test.
            self._stale_tokens = getattr(self, "_stale_tokens", set()) | getattr(self, "tokens", set())
            self.state = ArmState(subscription_id=SUBSCRIPTION_ID)
            self.other_subscriptions: dict[str, ArmState] = {}
            self.others = other_providers.OtherProviders()
            self.plan = FaultPlan()
            self.requests: list[Request] = []
            self.exchanges: list[Exchange] = []  # ARM requests answered, in the order they were
            self._serving = threading.local()  # the request each handler thread is answering
            self.protocol_problems: list[str] = []
            self.tokens: set[str] = set()
            self.token_scopes: list[str] = []
            self.tokens_revoked = False
            self.operations: dict[str, _Operation] = {}
            self.page_size = 25
            self.in_flight = 0
            self.max_in_flight = 0  # the most ARM requests served at the same time
            # Requests still being served from before the reset (a test that timed out left them)
            # must not count down this test's in_flight when they end.
            self._generation = getattr(self, "_generation", 0) + 1
            # Status polls answered InProgress before Succeeded, and the Retry-After (seconds)
            # sent with them; tests of polling raise both.
            self.lro_polls = 0
            self.lro_retry_after: str | None = "1"

    def start(self) -> FakeArm:
        handler = _handler_for(self)
        server = _Server(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        context = self._context

        def get_request() -> tuple[Any, Any]:
            sock, address = server.socket.accept()
            # Headers and body go out in separate writes; without NODELAY, Nagle plus the client's
            # delayed ACK add ~40 ms to every answer, latency nobody asked the fake to inject.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # The TLS handshake happens in the request's own thread, not in the accept loop.
            return context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

        server.get_request = get_request  # type: ignore[method-assign]
        # A client that gave up (a timeout test) closed its socket: nothing to report.
        server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-arm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._folder.cleanup()

    def __enter__(self) -> FakeArm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def certificate_authority(self) -> trustme.CA:
        """The CA of the fake's certificate: other test servers issued from it are trusted alike."""
        return self._ca

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    # -- what tests use ------------------------------------------------------------------------

    @property
    def subscription_id(self) -> str:
        return self.state.subscription_id

    def add_subscription(self, subscription_id: str) -> ArmState:
        """Another subscription of the same tenant, with its own state; `state` stays the default."""
        state = ArmState(subscription_id=subscription_id)
        with self._lock:
            self.other_subscriptions[subscription_id.lower()] = state
        return state

    def subdomain_in_use(self, subdomain: str) -> bool:
        """Subdomains are unique across Azure: any subscription's account can hold one."""
        states = [self.state, *self.other_subscriptions.values()]
        return any(state.subdomain_holder(subdomain) for state in states)

    def _context_for(self, params: Mapping[str, str]) -> Any:
        """What a handler reads from: the default subscription's state, or another one's."""
        other = self.other_subscriptions.get(params.get("subscriptionId", "").lower())
        return self if other is None else _OtherSubscription(self, other)

    def inject(self, route: str, fault: Fault, *, times: int | None = 1, **where: str) -> None:
        """Make `route` fail `times` times (None: always), for requests whose path params match."""
        self._known_route(route)
        self.plan.add_fault(route, fault, times, where)

    def delay(self, seconds: float, route: str | None = None, **where: str) -> None:
        """Answer `route` (every ARM route when None; "Token" for the token endpoint) after
        `seconds`, for requests whose path params match."""
        if route is not None:
            self._known_route(route)
        self.plan.add_latency(route, seconds, where)

    def issue_token(self) -> str:
        """A bearer token the fake accepts, for raw requests in its own tests."""
        token = "fake-arm-token-" + secrets.token_hex(16)
        with self._lock:
            self.tokens.add(token)
        return token

    def revoke_tokens(self) -> None:
        """Every bearer token is now refused with 401, as after a revoked session."""
        self.tokens_revoked = True

    def arm_requests(self) -> list[Request]:
        """The ARM calls received (token endpoints excluded)."""
        with self._lock:
            return [r for r in self.requests if r.route not in ("OpenIdConfiguration", "Token")]

    def calls(self, route: str, **where: str) -> list[Request]:
        return [
            r
            for r in self.arm_requests()
            if r.route == route and all(r.params.get(k, "").lower() == v.lower() for k, v in where.items())
        ]

    def environment(self) -> dict[str, str]:
        """Environment under which DefaultAzureCredential and the CLI use this fake only."""
        return {
            "AZURE_TOKEN_CREDENTIALS": "EnvironmentCredential",
            "AZURE_TENANT_ID": self.tenant_id,
            "AZURE_CLIENT_ID": self.client_id,
            "AZURE_CLIENT_SECRET": self.client_secret,
            "AZURE_AUTHORITY_HOST": self.url,
            "AZURE_SUBSCRIPTION_ID": self.subscription_id,
            "AOAI_ARM_ENDPOINT": self.url,
            "REQUESTS_CA_BUNDLE": str(self.ca_file),
        }

    def _known_route(self, route: str) -> None:
        known = route in HANDLERS or route in other_providers.OPERATIONS
        if not known and route not in ("OperationStatus", "Token"):
            raise KeyError(f"the fake has no route {route!r} (known: {', '.join(sorted(HANDLERS))})")

    # -- serving (called from the handler threads) ---------------------------------------------

    def start_operation(self, location: str, on_done: Callable[[], None]) -> dict[str, str]:
        operation_id = str(uuid.uuid4())
        with self._lock:
            self.operations[operation_id] = _Operation(self.lro_polls, on_done)
        status_url = (
            f"{self.url}/subscriptions/{self.subscription_id}/providers/Microsoft.CognitiveServices/"
            f"locations/{location}/operationStatuses/{operation_id}?api-version=2025-06-01"
        )
        return {"Azure-AsyncOperation": status_url, **self._retry_after()}

    def serve(self, method: str, raw_path: str, headers: Mapping[str, str], raw_body: bytes) -> Reply | None:
        """The reply to one request, or None to drop the connection."""
        self._serving.request = None  # only an ARM request's answer goes into `exchanges`
        split = urlsplit(raw_path)
        path, query = split.path, dict(parse_qsl(split.query, keep_blank_values=True))
        identity = self._identity_route(method, path, query, raw_body)
        if identity is not _NOT_IDENTITY:
            return cast("Reply | None", identity)  # None: a fault dropped the token request
        route, params = self._route(method, path)
        if headers.get("Authorization", "").removeprefix("Bearer ") in self._stale_tokens:
            return arm_error(401, "ExpiredAuthenticationToken", "The access token expiry has passed.")
        body = _json_or_none(raw_body)
        request = Request(time.monotonic(), method, path, route, params, query, body)
        self._log(request)
        self._serving.request = request
        with self._lock:
            generation = self._generation
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return self._serve_arm(method, path, route, params, query, headers, body)
        finally:
            with self._lock:
                if generation == self._generation:
                    self.in_flight -= 1

    def _serve_arm(
        self,
        method: str,
        path: str,
        route: str,
        params: Mapping[str, str],
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: Any,
    ) -> Reply | None:
        delay = self.plan.delay_for(route, params)
        if delay:
            time.sleep(delay)
        refusal = self._refuse(f"{method} {path}", route, headers, query, params)
        if refusal is not None:
            return refusal
        fault = self.plan.take(route, params)
        if fault is not None:
            return _fault_reply(fault)
        if route == "OperationStatus":
            return self._operation_status(params)
        if route in other_providers.OPERATIONS:
            version = query.get("api-version", "")
            if self.others.refusal(route, params, version) is not None:
                self._problem(f"{route}: api-version {version!r} is not one ARM serves for it")
            reply = self.others.serve(route, params, query)
            return self._paged(reply, path, query) if reply.items is not None else reply
        if isinstance(body, _Malformed):
            self._problem(f"{method} {path}: request body is not JSON")
            return arm_error(
                400, "InvalidRequestContent", "The request content was invalid and could not be deserialized."
            )
        problems = self._request_problems(route, query["api-version"], body)
        if problems:
            self._problem(f"{route}: request body does not match the specification: {problems}")
            return arm_error(400, "InvalidRequestContent", "; ".join(problems))
        reply = HANDLERS[route](self._context_for(params), params, query, body)
        return self._paged(reply, path, query) if reply.items is not None else reply

    def _request_problems(self, route: str, version: str, body: Any) -> list[str]:
        """The body checked against the specification of the api-version the request names."""
        if version in COPIES:
            return load_spec(version).request_problems(route, body)
        if body is not None:
            # No copy of that version here: the body cannot be checked, which a test must hear of.
            self._problem(f"{route}: no copy of the specification at api-version {version} to check the body")
        return []

    def _identity_route(
        self, method: str, path: str, query: Mapping[str, str], raw_body: bytes
    ) -> Reply | object | None:
        """Entra ID's answer (None: drop the connection), or _NOT_IDENTITY for any other path."""
        if method == "GET" and (match := OPENID.match(path)):
            self._log(
                Request(time.monotonic(), method, path, "OpenIdConfiguration", match.groupdict(), query, None)
            )
            return Reply(200, self._openid_configuration(match["tenant"]))
        if method == "POST" and (match := TOKEN.match(path)):
            delay = self.plan.delay_for("Token", {})
            if delay:
                time.sleep(delay)
            form = dict(parse_qsl(raw_body.decode("utf-8")))
            self._log(
                Request(
                    time.monotonic(),
                    method,
                    path,
                    "Token",
                    match.groupdict(),
                    query,
                    {k: v for k, v in form.items() if k != "client_secret"},
                )
            )
            fault = self.plan.take("Token", match.groupdict())
            if fault is not None:
                return _fault_reply(fault)
            return self._token(match["tenant"], form)
        return _NOT_IDENTITY

    def _openid_configuration(self, tenant: str) -> dict[str, Any]:
        base = f"{self.url}/{tenant}"
        return {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "private_key_jwt",
                "client_secret_basic",
            ],
            "jwks_uri": f"{self.url}/{tenant}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{base}/v2.0",
            "request_uri_parameter_supported": False,
            "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "tid"],
            "tenant_region_scope": "EU",
        }

    def _token(self, tenant: str, form: Mapping[str, str]) -> Reply:
        if tenant != self.tenant_id:
            return Reply(
                400,
                {
                    "error": "invalid_request",
                    "error_description": f"AADSTS90002: Tenant '{tenant}' not found.",
                    "error_codes": [90002],
                },
            )
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return Reply(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret "
                    "being sent in the request is the client secret value, not the client secret ID.",
                    "error_codes": [7000215],
                },
            )
        token = "fake-arm-token-" + secrets.token_hex(16)
        with self._lock:
            self.tokens.add(token)
            self.token_scopes.append(form.get("scope", ""))
        return Reply(
            200,
            {
                "token_type": "Bearer",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": token,
            },
        )

    def _route(self, method: str, path: str) -> tuple[str, dict[str, str]]:
        if method == "GET" and (match := OPERATION_STATUS.match(path)):
            return "OperationStatus", match.groupdict()
        for op_id in HANDLERS:
            operation = self.spec.operation(op_id)
            if operation.method == method and (match := operation.pattern.match(path)):
                return op_id, match.groupdict()
        return other_providers.route(method, path) or ("Unknown", {})

    def _refuse(
        self,
        request: str,
        route: str,
        headers: Mapping[str, str],
        query: Mapping[str, str],
        params: Mapping[str, str],
    ) -> Reply | None:
        """What ARM's front door refuses before the resource provider sees the request."""
        if route == "Unknown":
            self._problem(f"{request}: not an operation of the specification that the fake serves")
            return arm_error(
                404,
                "InvalidResourceType",
                "The resource type could not be found in the namespace 'Microsoft.CognitiveServices'.",
            )
        version = query.get("api-version")
        if not version:
            self._problem(f"{route}: no api-version")
            return arm_error(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            )
        if route in api_versions.OPERATIONS:
            location = params.get("location", "global")
            refused = api_versions.refusal(route, version, location, self.state.retired_api_versions)
            if refused is not None:
                if version not in self.state.retired_api_versions:
                    self._problem(f"{route}: api-version {version!r} is not one ARM serves for it")
                return arm_error(400, *refused)
        authorization = headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ")
        challenge = {"WWW-Authenticate": CHALLENGE}
        if not authorization.startswith("Bearer "):
            return arm_error(
                401,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
                challenge,
            )
        if token not in self.tokens or self.tokens_revoked:
            return arm_error(401, "InvalidAuthenticationToken", "The access token is invalid.", challenge)
        known = {self.subscription_id.lower(), *self.other_subscriptions}
        if params.get("subscriptionId", self.subscription_id).lower() not in known:
            return arm_error(
                404,
                "SubscriptionNotFound",
                f"The subscription '{params['subscriptionId']}' could not be found.",
            )
        return None

    def _operation_status(self, params: Mapping[str, str]) -> Reply:
        with self._lock:
            operation = self.operations.get(params["operationId"])
        if operation is None:
            return arm_error(404, "OperationNotFound", "The operation was not found.")
        status = "InProgress"
        if operation.polls_left <= 0:
            status = "Succeeded"
        operation.polls_left -= 1
        if status == "Succeeded" and operation.polls_left == -1:
            with self.state.lock:
                operation.on_done()
        body: dict[str, Any] = {
            "id": f"/subscriptions/{params['subscriptionId']}/providers/Microsoft.CognitiveServices/"
            f"locations/{params['location']}/operationStatuses/{params['operationId']}",
            "name": params["operationId"],
            "status": status,
            "startTime": operation.started,
        }
        if status == "Succeeded":
            body["endTime"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        return Reply(200, body, self._retry_after())

    def _retry_after(self) -> dict[str, str]:
        """The operation's Retry-After header (none when lro_retry_after is None: the client then
        polls at its own interval)."""
        return {} if self.lro_retry_after is None else {"Retry-After": self.lro_retry_after}

    def _paged(self, reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
        items = reply.items or []
        start = int(query.get("$skipToken", "0") or 0)
        page = items[start : start + self.page_size]
        body: dict[str, Any] = {"value": page}
        if start + self.page_size < len(items):
            next_query = {**query, "$skipToken": str(start + self.page_size)}
            body["nextLink"] = f"{self.url}{path}?{urlencode(next_query)}"
        return Reply(reply.status, body, reply.headers)

    def _log(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def answered(self) -> None:
        """Called by the handler thread once the answer to its current request is written."""
        request, self._serving.request = getattr(self._serving, "request", None), None
        if request is not None:
            with self._lock:
                self.exchanges.append(Exchange(request, time.monotonic()))

    def _problem(self, text: str) -> None:
        with self._lock:
            self.protocol_problems.append(text)

    @contextmanager
    def expecting_protocol_problems(self) -> Iterator[list[str]]:
        """For tests that send off-protocol requests on purpose: hand over, then clear, the list."""
        problems: list[str] = []
        yield problems
        with self._lock:
            problems.extend(self.protocol_problems)
            self.protocol_problems.clear()


@dataclass
class _OtherSubscription:
    """A handler's context for a request to one of the fake's other subscriptions."""

    fake: FakeArm
    state: ArmState

    def start_operation(self, location: str, on_done: Callable[[], None]) -> dict[str, str]:
        return self.fake.start_operation(location, on_done)

    def subdomain_in_use(self, subdomain: str) -> bool:
        return self.fake.subdomain_in_use(subdomain)


class _Malformed:
    pass


def _json_or_none(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return _Malformed()


def _fault_reply(fault: Fault) -> Reply | None:
    if fault.kind == "drop":
        return None
    if fault.kind == "malformed":
        return Reply(200, _TRUNCATED)
    if fault.kind == "null":
        return Reply(200, _NULL)
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    if fault.kind == "entra":
        return Reply(fault.status, entra_error(fault.code, fault.message), headers)
    if fault.kind == "text":
        return Reply(fault.status, PlainText(fault.message), headers)
    return arm_error(fault.status, fault.code, fault.message, headers)


_TRUNCATED = object()  # sentinel: send a cut-off JSON body
_NULL = object()  # sentinel: send the JSON null (a body of None is no body at all)
_NOT_IDENTITY = object()  # sentinel: the path is not Entra ID's


def _handler_for(fake: FakeArm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like ARM; every reply has a Content-Length

        def setup(self) -> None:
            super().setup()
            self.request.do_handshake()

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the fake keeps its own log
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            reply = fake.serve(self.command, self.path, dict(self.headers.items()), raw)
            if reply is None:  # a dropped connection: no status line, just a closed socket
                self.close_connection = True
                self.connection.shutdown(2)
                return
            content_type = "application/json; charset=utf-8"
            if reply.body is _TRUNCATED:
                payload = b'{"value": [{"kind": "OpenAI", "skuName": "S0", "model": {"format": "Op'
            elif reply.body is _NULL:
                payload = b"null"
            elif isinstance(reply.body, PlainText):
                payload, content_type = reply.body.text.encode("utf-8"), "text/plain; charset=utf-8"
            elif reply.body is None:
                payload = b""
            else:
                payload = json.dumps(reply.body).encode("utf-8")
            self.send_response(reply.status)
            self.send_header("x-ms-request-id", str(uuid.uuid4()))
            if payload:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
            fake.answered()

        # http.server dispatches to do_<METHOD>; the names are its, not ours.
        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815

    return Handler
