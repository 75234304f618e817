"""Round trips counted from a server's request log, not estimated from wall time.

Each request the fake ARM served is a span: when it arrived and when its answer was written. A
request that arrived after another was answered may have waited for it (for its answer, or for
its slot among the run's --concurrency); requests whose spans overlap were in flight together.
The round trips of a run are its longest chain of requests, each arriving after the one before
it was answered: the waits for the network one after another that no concurrency removed. The
gaps between the links of that chain are the client's (and the fake's) CPU, not the network's.

Sign-in is not in the log the benchmarks pass here: they clear it once the token is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """One request, from its arrival at the server to its answer (seconds, any common clock)."""

    start: float
    end: float
    label: str = ""


def longest_chain(spans: Iterable[Span]) -> list[Span]:
    """The most requests that ran one after another: each starts at or after the previous ended.

    Such a chain is a set of pairwise disjoint spans, and the largest of those is found by taking,
    in order of their end, each span that starts after the last one taken ended (the classic
    interval-scheduling argument: the earliest end leaves the most room for the rest).
    """
    chain: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.end, s.start)):
        if not chain or span.start >= chain[-1].end:
            chain.append(span)
    return chain


def round_trips(spans: Iterable[Span]) -> int:
    """The length of the longest chain of requests that waited for one another."""
    return len(longest_chain(spans))


def critical_path(spans: Iterable[Span]) -> list[Span]:
    """The chain that set the run's end: from the last answer back, each time to the latest answer
    that came before the request was sent (what it, at the latest, waited for). Its requests are
    the network time of the run's wall time; everything else on it (before its first request,
    between its links, after its last answer) is time the client spent on its own CPU."""
    pending = sorted(spans, key=lambda s: s.end)
    if not pending:
        return []
    path = [pending[-1]]
    while True:
        before = [s for s in pending if s.end <= path[-1].start]
        if not before:
            return path[::-1]
        path.append(before[-1])


def network_time(chain: list[Span]) -> float:
    """The time the chain's requests were in flight (the rest of its wall time is gaps)."""
    return sum(s.end - s.start for s in chain)
