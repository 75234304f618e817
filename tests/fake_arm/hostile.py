"""Hostile answers from the fake ARM, and a second host on another loopback port to lure to.

`ForeignHost` is an HTTPS server on 127.0.0.1 with a certificate from the fake ARM's own CA, so
the client trusts its TLS exactly as it trusts the fake's: only the client's own rules can keep a
token away from it. It records every request and whether it carried an Authorization header,
and answers like a cooperative ARM would (a list page, a Succeeded operation), so a client that
follows it would believe it.

`HostileArm` is the fake ARM with its answers rewritten per route after they are made: a nextLink
to the foreign host or back to the same page, Azure-AsyncOperation or Location headers pointing
away, a redirect, a list body without `value`. Everything else is the fake's normal behaviour,
which stays in server.py untouched.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from .fixtures import _AMBIENT
from .handlers import Reply
from .server import FakeArm

# route -> rewrite(reply, path, query) -> the reply to send instead
Rewrite = Callable[[Reply, str, Mapping[str, str]], Reply]


@dataclass(frozen=True)
class Seen:
    """One request the foreign host received."""

    method: str
    path: str
    authorization: str | None


class ForeignHost:
    """`with ForeignHost(arm) as host:` serves https://127.0.0.1:<another port>."""

    def __init__(self, arm: FakeArm) -> None:
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        arm.certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(self._context)
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> ForeignHost:
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.request.do_handshake()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with host._lock:
                    host.requests.append(Seen(self.command, self.path, self.headers.get("Authorization")))
                # What a cooperative ARM answers: an empty last page, a finished operation.
                payload = json.dumps({"value": [], "status": "Succeeded"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _answer  # noqa: N815

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        context = self._context

        def get_request() -> tuple[Any, Any]:
            sock, address = server.socket.accept()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

        server.get_request = get_request  # type: ignore[method-assign]
        server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._server = server
        threading.Thread(target=server.serve_forever, name="foreign-host", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def tokens(self) -> list[str]:
        """Authorization headers that reached this host (must stay empty)."""
        with self._lock:
            return [r.authorization for r in self.requests if r.authorization]


class HostileArm(FakeArm):
    """The fake ARM, with chosen answers rewritten by `rewrite(route, function)`."""

    def reset(self) -> None:
        super().reset()
        self.rewrites: dict[str, Rewrite] = {}

    def rewrite(self, route: str, function: Rewrite) -> None:
        self._known_route(route)
        self.rewrites[route] = function

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
        reply = super()._serve_arm(method, path, route, params, query, headers, body)
        rewrite = self.rewrites.get(route)
        if reply is None or rewrite is None or reply.status >= 400:
            return reply
        return rewrite(reply, path, query)


# -- rewrites ------------------------------------------------------------------------------------


def next_link(url: Callable[[str, Mapping[str, str]], str]) -> Rewrite:
    """A list page whose nextLink is `url(path, query)`."""

    def change(reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
        return Reply(reply.status, {**reply.body, "nextLink": url(path, query)}, reply.headers)

    return change


def operation_header(name: str, url: str, *, drop_async: bool = True) -> Rewrite:
    """A long-running operation whose `name` header points at `url`."""

    def change(reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
        headers = {k: v for k, v in reply.headers.items() if not (drop_async and k == "Azure-AsyncOperation")}
        return Reply(reply.status, reply.body, {**headers, name: url})

    return change


def redirect(url: str, status: int = 307) -> Rewrite:
    def change(reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
        return Reply(status, None, {"Location": url})

    return change


def without_value(reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
    """A list answer of `{}`: no `value` array at all."""
    return Reply(reply.status, {}, reply.headers)


@contextmanager
def hostile_environment(arm: HostileArm, monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileArm]:
    """The environment of tests/fake_arm/fixtures.py's fake_arm, pointed at `arm`."""
    arm.reset()
    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in arm.environment().items():
        monkeypatch.setenv(name, value)
    yield arm
