"""Benchmark: `aoai preflight` of a stack spanning 30 regions (one new account each) against the
fake ARM with 100 ms and 500 ms of latency on every call, versus the same reads one at a time.

    .venv/bin/python benchmarks/preflight_concurrency.py [--regions 30] [--latency 0.1 --latency 0.5]
                                                          [--runs 3] [--concurrency 32]

The runs use the real code path (aoai.live.subscription's read_for_preflight and
preflight_facts, as `aoai preflight` of one stack) against the same fake, which serves from a
process of its own (benchmarks/fake_process.py: its CPU is Resource Manager's, not the
client's); the sequential run with --concurrency 1, so the calls are the same and only their
overlap differs. Sign-in happens before the measured part of each, and the fake's
log is cleared once the token is there. Printed, next to issue 13's goals:

- the ARM calls, per operation, as the fake counted them (nothing the client does goes uncounted);
- the round trips beyond sign-in, counted from the fake's log: the longest chain of requests each
  sent after the one before it was answered (benchmarks/round_trips.py);
- the wall time in round trips (wall time / latency), split along the requests that set its end
  into waiting for the fake and the rest, the client's CPU (on two cores it shares with the fake
  and, on a shared machine, with others);
- the same reads without latency, with the client's CPU time, and the speed-up over the
  sequential loop.

The concurrent run is repeated (--runs) and its range printed; the machine's load moves it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aoai.live.client import open_session
from aoai.live.preflight_checks import preflight_findings
from aoai.live.settings import Limits, resolve_settings
from azure_openai_toolkit.config import StackConfig
from benchmarks.fake_process import FakeProcess
from benchmarks.round_trips import Span, critical_path, longest_chain, network_time
from tests.aoai.live.scenario import read_one_stack, seed_healthy
from tests.conftest import base_config, parse
from tests.fake_arm import FakeArm

# The fake pages lists by 25 to test paging; Resource Manager answers these lists in one page
# (its ResourceSkus_List example: hundreds of SKUs, no nextLink), so the benchmarks do too.
ONE_PAGE = 1000

# Regions of the GlobalStandard table (model-availability reference, 2025-08).
REGIONS = [
    "australiaeast", "brazilsouth", "canadaeast", "eastus", "eastus2", "francecentral",
    "germanywestcentral", "italynorth", "japaneast", "koreacentral", "northcentralus", "norwayeast",
    "polandcentral", "southafricanorth", "southcentralus", "southindia", "spaincentral",
    "swedencentral", "switzerlandnorth", "uaenorth", "uksouth", "westeurope", "westus", "westus3",
    "canadacentral", "centralus", "japanwest", "uaecentral", "westus2", "australiasoutheast",
]  # fmt: skip

# Issue 13's goals for this benchmark.
GOAL_ROUND_TRIPS = 4
GOAL_SPEED_UP = 20.0


def stack_across(regions: list[str]) -> dict[str, Any]:
    """One account per region, each with tests/conftest's chat deployment and an embeddings one."""
    data = base_config()
    chat = data["accounts"]["primary"]["deployments"]["chat"]
    embeddings = {**chat, "model": "text-embedding-3-large", "version": "1", "sku": "Standard"}
    data.update(namePrefix="bench", location=regions[0])
    data["accounts"] = {
        f"r{i:02d}": {"location": region, "deployments": {"chat": chat, "embeddings": embeddings}}
        for i, region in enumerate(regions)
    }
    return data


@dataclass(frozen=True)
class Run:
    """One preflight's reads: wall and CPU time, the calls per operation and the fake's log."""

    wall: float
    cpu: float
    calls: Counter[str]
    spans: list[Span]
    findings: Any

    @property
    def round_trips(self) -> int:
        return len(longest_chain(self.spans))

    def network(self) -> float:
        """The wall time spent waiting for Resource Manager on the path that set the end (the rest
        is the client's, and the fake's, CPU: sending the first wave, reading answers)."""
        return network_time(critical_path(self.spans))


def seeded(data: dict[str, Any]) -> Any:
    def seed(fake: FakeArm) -> None:
        seed_healthy(fake, data)
        fake.page_size = ONE_PAGE

    return seed


def read_once(fake: FakeProcess, config: StackConfig, concurrency: int, latency: float) -> Run:
    locations = {key: config.account_location(key) or "" for key in config.accounts}
    fake.delay(latency)
    limits = Limits(timeout=600.0, concurrency=concurrency)
    settings = resolve_settings(subscription=fake.subscription_id, arm_endpoint=fake.url, limits=limits)
    with open_session(settings) as session:  # sign-in outside the measured part
        fake.clear()
        started, cpu = time.monotonic(), time.process_time()  # the fake's clock
        facts, missing = read_one_stack(session, config, locations)
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
    assert missing == [], missing
    spans, calls = fake.log()
    assert len(spans) == sum(calls.values()), "every request answered"
    findings = preflight_findings(config, locations, facts, datetime.datetime.now(datetime.UTC))
    return Run(wall, cpu, calls, spans, findings)


def span(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return format(low, fmt) if format(low, fmt) == format(high, fmt) else f"{low:{fmt}}-{high:{fmt}}"


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=30)
    parser.add_argument("--latency", type=float, action="append", help="seconds per ARM call (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="concurrent runs per latency")
    parser.add_argument("--concurrency", type=int, default=Limits().concurrency, help="concurrent runs")
    args = parser.parse_args()
    latencies = args.latency or [0.1, 0.5]
    regions = REGIONS[: args.regions]
    assert len(set(regions)) == len(regions), "one account per distinct region"
    data = stack_across(regions)
    config = parse(data)
    concurrency = args.concurrency
    new_subdomains = sum(1 for key in config.accounts if config.subdomain(key))
    goal_calls = 2 * len(regions) + 1 + new_subdomains
    with FakeProcess(seeded(data)) as fake:
        os.environ.update(fake.environment)
        read_once(fake, config, concurrency, 0.0)  # warm-up: first-use costs (caches, imports)
        idle = [read_once(fake, config, concurrency, 0.0) for _ in range(args.runs)]
        calls = idle[0].calls
        print(
            f"preflight of {len(regions)} regions, {len(config.accounts)} new accounts, "
            f"concurrency {concurrency}, {args.runs} concurrent runs per latency (ranges: min-max)"
        )
        each = " + ".join(f"{n} {operation}" for operation, n in calls.most_common())
        print(f"  ARM calls: {sum(calls.values())} = {each}")
        rule = f"2 x {len(regions)} regions + 1 + {new_subdomains} new subdomains = {goal_calls}"
        print(f"    goal: {rule}: {verdict(sum(calls.values()) <= goal_calls)} (docs/scale.md says why)")
        print(
            f"  the same reads without latency: {span([r.wall for r in idle], '.2f')} s wall, "
            f"{span([r.cpu for r in idle], '.2f')} s of the client's CPU"
        )
        for latency in latencies:
            fast = [read_once(fake, config, concurrency, latency) for _ in range(args.runs)]
            slow = read_once(fake, config, 1, latency)
            for run in (*fast, slow):
                assert run.calls == calls, (run.calls, calls)
                assert run.findings == slow.findings, "every run must find the same"
            trips = [float(r.round_trips) for r in fast]
            in_trips = [r.wall / latency for r in fast]
            speed_up = [slow.wall / r.wall for r in fast]
            print(f"  at {latency * 1000:.0f} ms per ARM call:")
            print(
                f"    round trips beyond sign-in (longest chain in the fake's log): {span(trips, '.0f')}"
                f"  goal: at most {GOAL_ROUND_TRIPS}: {verdict(max(trips) <= GOAL_ROUND_TRIPS)}"
            )
            print(
                f"    wall time beyond sign-in: {span([r.wall for r in fast], '.2f')} s = "
                f"{span(in_trips, '.1f')} round trips"
                f"  goal: at most {GOAL_ROUND_TRIPS}: {verdict(max(in_trips) <= GOAL_ROUND_TRIPS)}"
            )
            network, rest = [r.network() for r in fast], [r.wall - r.network() for r in fast]
            print(
                f"    of which waiting for the fake on the path that set the end: {span(network, '.2f')} s,"
                f" the rest (the client's CPU): {span(rest, '.2f')} s"
            )
            print(
                f"    one at a time: {slow.wall:.2f} s = {slow.wall / latency:.1f} round trips "
                f"(chain in the fake's log: {slow.round_trips})"
            )
            print(
                f"    speed-up: {span(speed_up, '.1f')}x"
                f"  goal: {GOAL_SPEED_UP:.0f}x or more: {verdict(min(speed_up) >= GOAL_SPEED_UP)}"
            )


if __name__ == "__main__":
    main()
