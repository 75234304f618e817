"""Benchmark: `aoai catalog refresh` of 30 regions against the fake ARM with 100 ms of latency on
every call, versus a sequential loop of the same SDK calls. Both runs are measured in this one
process, one after the other, against the same fake; the ratio is what counts.

    .venv/bin/python benchmarks/catalog_refresh.py [--regions 30] [--latency 0.1] [--concurrency 8]

Prints the wall time of each, the models-list calls per region (goal: 1, counted by the fake, so
nothing the client does goes uncounted) and the speed-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aoai.live.catalog_refresh import LiveModels, discover_regions, read_live
from aoai.live.client import LiveSession, open_session
from aoai.live.fetch import fetch_models
from aoai.live.settings import Limits, resolve_settings
from azure_openai_toolkit.catalog import default_catalog
from tests.fake_arm import FakeArm, model_offer, sku_offer

# The shipped catalog's regions and two more Azure regions: 30.
REGIONS = [*sorted(default_catalog().regions), "japanwest", "westus2"]
# A region's models list as large as real ones are in kind and shape, below one page (25 items).
MODELS = [
    ("gpt-5.5", "2026-04-24"),
    ("gpt-5.4", "2026-03-05"),
    ("gpt-5.4-mini", "2026-03-17"),
    ("gpt-5.4-nano", "2026-03-17"),
    ("gpt-5.2", "2025-12-11"),
    ("gpt-5.1", "2025-11-13"),
    ("gpt-5", "2025-08-07"),
    ("gpt-5-mini", "2025-08-07"),
    ("gpt-5-nano", "2025-08-07"),
    ("o4-mini", "2025-04-16"),
    ("gpt-4.1", "2025-04-14"),
    ("gpt-4.1-mini", "2025-04-14"),
    ("text-embedding-3-large", "1"),
    ("text-embedding-3-small", "1"),
    ("text-embedding-ada-002", "2"),
]
SKUS = ["GlobalStandard", "DataZoneStandard", "Standard", "GlobalProvisionedManaged", "GlobalBatch"]


class Quiet:
    """No progress bar in a benchmark."""

    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, _: object = None) -> None:
        pass


def sequential(session: LiveSession) -> LiveModels:
    """The same SDK calls as the refresh, one after another."""
    read = LiveModels()
    for region in discover_regions(session.client):
        read.offers[region] = fetch_models(session.client, region)
    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every ARM call")
    parser.add_argument("--concurrency", type=int, default=Limits().concurrency)
    args = parser.parse_args()
    regions = REGIONS[: args.regions]
    with FakeArm() as fake:
        os.environ.update(fake.environment())
        fake.state.list_account_skus(*regions)
        for region in regions:
            fake.state.offer(
                region,
                *(model_offer(name, version, [sku_offer(s, name) for s in SKUS]) for name, version in MODELS),
            )
        fake.delay(args.latency)
        limits = Limits(timeout=600.0, concurrency=args.concurrency)
        settings = resolve_settings(subscription=fake.subscription_id, arm_endpoint=fake.url, limits=limits)

        with open_session(settings) as session:  # sign-in outside the timed part, for both runs
            fake.requests.clear()
            started = time.perf_counter()
            concurrent = read_live(session, [], Quiet())
            concurrent_time = time.perf_counter() - started
        per_region = Counter(r.params["location"] for r in fake.calls("Models_List"))
        concurrent_calls = len(fake.arm_requests())

        with open_session(settings) as session:
            fake.requests.clear()
            started = time.perf_counter()
            serial = sequential(session)
            sequential_time = time.perf_counter() - started
        sequential_calls = len(fake.arm_requests())

    assert concurrent.not_read == {}, concurrent.not_read
    assert concurrent.offers == serial.offers, "both runs must read the same"
    assert sorted(per_region) == sorted(regions)
    print(
        f"catalog refresh of {len(regions)} regions ({len(MODELS)} model versions each), "
        f"{args.latency * 1000:.0f} ms latency per ARM call, concurrency {args.concurrency}"
    )
    print(f"  concurrent (aoai catalog refresh): {concurrent_time:6.2f} s  {concurrent_calls} ARM calls")
    print(f"  sequential loop, same calls:       {sequential_time:6.2f} s  {sequential_calls} ARM calls")
    print(
        f"  models-list calls per region: {min(per_region.values())} to {max(per_region.values())} "
        f"(goal 1); plus {concurrent_calls - sum(per_region.values())} to find the regions "
        "(the SKU list, paged)"
    )
    print(f"  speed-up: {sequential_time / concurrent_time:.1f}x")


if __name__ == "__main__":
    main()
