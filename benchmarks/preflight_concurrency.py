"""Benchmark: `aoai preflight` of a stack spanning 30 regions (one new account each) against the
fake ARM with 100 ms of latency on every call, versus the same reads one at a time.

    .venv/bin/python benchmarks/preflight_concurrency.py [--regions 30] [--latency 0.1]

The runs use the real code path (aoai.live.subscription.read_for_preflight), in this one process,
against the same fake: the sequential one with --concurrency 1, so the calls are the same and only
their overlap differs. Sign-in happens before the timed part of each. Printed: the ARM calls
(counted by the fake, so nothing the client does goes uncounted) against the goal of 2 per region
+ 3 subscription-wide lists + 1 per new subdomain; the wall time in round trips (wall time /
latency); the same reads without latency, which is the CPU the client and the fake (sharing this
process and the machine's cores) spend; the round trips left on the critical path once that is
taken out; and the speed-up.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aoai.live.client import open_session
from aoai.live.preflight_checks import preflight_findings
from aoai.live.settings import Limits, resolve_settings
from aoai.live.subscription import gather_preflight
from tests.aoai.live.scenario import seed_healthy
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every ARM call")
    args = parser.parse_args()
    regions = REGIONS[: args.regions]
    assert len(set(regions)) == len(regions), "one account per distinct region"
    data = stack_across(regions)
    config = parse(data)
    # Every account is pinned: the regions are the stack's (the live checks judge the models).
    locations = {key: config.account_location(key) or "" for key in config.accounts}
    now = datetime.datetime.now(datetime.UTC)
    runs: dict[str, tuple[float, int, Any]] = {}
    with FakeArm() as fake:
        os.environ.update(fake.environment())
        seed_healthy(fake, data)
        fake.page_size = ONE_PAGE
        for name, concurrency, latency in (
            ("warm-up, untimed", Limits().concurrency, 0.0),  # first-use costs (caches, imports)
            ("no latency", Limits().concurrency, 0.0),
            ("concurrent (aoai preflight)", Limits().concurrency, args.latency),
            ("one at a time", 1, args.latency),
        ):
            fake.plan.clear()
            fake.delay(latency)
            limits = Limits(timeout=600.0, concurrency=concurrency)
            settings = resolve_settings(
                subscription=fake.subscription_id, arm_endpoint=fake.url, limits=limits
            )
            with open_session(settings) as session:  # sign-in outside the timed part
                fake.requests.clear()
                started = time.perf_counter()
                facts, missing = gather_preflight(session, config, locations)
                elapsed = time.perf_counter() - started
            assert missing == [], missing
            findings = preflight_findings(config, locations, facts, now)
            runs[name] = (elapsed, len(fake.arm_requests()), findings)
    _, (cpu, _, _), (fast, calls, found), (slow, slow_calls, slow_found) = runs.values()
    assert found == slow_found, "both runs must find the same"
    assert calls == slow_calls, (calls, slow_calls)
    new_subdomains = sum(1 for key in config.accounts if config.subdomain(key))
    goal = 2 * len(regions) + 3 + new_subdomains
    print(
        f"preflight of {len(regions)} regions, {len(config.accounts)} new accounts, "
        f"{args.latency * 1000:.0f} ms latency per ARM call, concurrency {Limits().concurrency}"
    )
    rule = f"2 x {len(regions)} regions + 3 + {new_subdomains} new subdomains = {goal}"
    print(f"  ARM calls: {calls} (goal: {rule})")
    print(f"  concurrent: {fast:6.2f} s = {fast / args.latency:5.1f} round trips beyond sign-in")
    print(f"  the same reads without latency: {cpu:6.2f} s (the client's and the fake's CPU)")
    print(f"  round trips on the critical path: {(fast - cpu) / args.latency:5.1f}")
    print(f"  one at a time, same calls: {slow:6.2f} s = {slow / args.latency:5.1f} round trips")
    print(f"  speed-up: {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
