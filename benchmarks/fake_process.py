"""The fake ARM served from a process of its own, for benchmarks that time the client.

In the client's process the fake's work (its TLS handshakes, HTTP parsing, JSON, its log) takes
the same interpreter lock as the client's threads, and is counted as the client's: Resource
Manager's CPU is not the client's. A forked child serves the fake instead; the benchmark asks it,
through a pipe, to add latency, to clear its log and for the log. Both processes read the same
monotonic clock, so the log's times compare with the client's.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from benchmarks.round_trips import Span
from tests.fake_arm import FakeArm


class FakeProcess:
    """`with FakeProcess(seed) as fake:` serves a FakeArm, seeded by `seed`, in a child process."""

    def __init__(self, seed: Callable[[FakeArm], None]) -> None:
        self._seed = seed
        self.environment: dict[str, str] = {}
        self.url = ""
        self.subscription_id = ""

    def __enter__(self) -> FakeProcess:
        context = multiprocessing.get_context("fork")  # the child inherits `seed`, nothing pickled
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self._seed), daemon=True)
        self._process.start()
        self.environment, self.url, self.subscription_id = self._pipe.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ask("stop")
        self._process.join(10)

    def delay(self, seconds: float) -> None:
        """Every ARM call answered `seconds` late (replacing any earlier latency)."""
        self._ask("delay", seconds)

    def clear(self) -> None:
        """Forget the requests so far (the sign-in's)."""
        self._ask("clear")

    def log(self) -> tuple[list[Span], Counter[str]]:
        """The ARM requests answered since the last clear, and the calls per operation."""
        spans, calls = self._ask("log")
        return spans, calls

    def signins(self) -> int:
        """The token requests (sign-ins) since the last clear."""
        count: int = self._ask("signins")
        return count

    def _ask(self, command: str, argument: Any = None) -> Any:
        self._pipe.send((command, argument))
        return self._pipe.recv()


def _serve(pipe: Connection, seed: Callable[[FakeArm], None]) -> None:
    with FakeArm() as fake:
        seed(fake)
        pipe.send((fake.environment(), fake.url, fake.subscription_id))
        while True:
            command, argument = pipe.recv()
            if command == "stop":
                pipe.send(None)
                return
            if command == "delay":
                fake.plan.clear()
                fake.delay(argument)
                pipe.send(None)
            elif command == "clear":
                fake.requests.clear()
                fake.exchanges.clear()
                pipe.send(None)
            elif command == "signins":
                pipe.send(len([r for r in fake.requests if r.route == "Token"]))
            elif command == "log":
                spans = [Span(e.request.at, e.answered, e.request.route) for e in fake.exchanges]
                pipe.send((spans, Counter(r.route for r in fake.arm_requests())))
