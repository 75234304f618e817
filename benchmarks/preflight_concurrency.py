"""Benchmark: `aoai preflight` of a stack spanning 30 regions against the fake ARM with 100 ms of
latency on every call, versus a sequential loop of the same SDK calls. Both runs are measured
in this one process, one after the other, against the same fake; the ratio is what counts.

    .venv/bin/python -m benchmarks.preflight_concurrency [--regions 30] [--latency 0.1]

Prints the wall time of each, the ratio, and the ARM requests each made (counted by the fake,
so nothing the client does goes uncounted).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aoai.live import facts as live_facts
from aoai.live.client import LiveSession, open_session
from aoai.live.fetch import (
    fetch_account_sku,
    fetch_deleted,
    fetch_live_account,
    fetch_models,
    fetch_quotas,
    fetch_subdomain,
    gather_preflight,
    targets_of,
)
from aoai.live.preflight_checks import preflight_findings
from aoai.live.settings import Limits, resolve_settings
from azure_openai_toolkit.config import StackConfig
from tests.aoai.live.scenario import seed_healthy
from tests.conftest import base_config, parse
from tests.fake_arm import FakeArm

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


def sequential(
    session: LiveSession, config: StackConfig, locations: Mapping[str, str]
) -> live_facts.PreflightFacts:
    """The same SDK calls as preflight's fan-out, one after another."""
    client, rg = session.client, config.resource_group_name
    gathered = live_facts.PreflightFacts()
    targets = targets_of(config, locations)
    for region in sorted({live_facts.region_key(t.location) for t in targets}):
        available, reason = fetch_account_sku(client, region)
        models, quotas = fetch_models(client, region), fetch_quotas(client, region)
        gathered.regions[region] = live_facts.RegionFacts(
            region, models, quotas, {live_facts.OPENAI: (available, reason)}
        )
    for t in targets:
        live = fetch_live_account(client, rg, t.name)
        free, why = fetch_subdomain(client, t.subdomain) if t.subdomain else (None, None)
        gathered.accounts[t.key] = live_facts.AccountFacts(live, free, why)
    gathered.deleted = fetch_deleted(client)
    return gathered


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
    with FakeArm() as fake:
        os.environ.update(fake.environment())
        seed_healthy(fake, data)
        fake.delay(args.latency)
        limits = Limits(timeout=600.0)
        settings = resolve_settings(subscription=fake.subscription_id, arm_endpoint=fake.url, limits=limits)

        with open_session(settings) as session:  # sign-in outside the timed part, for both runs
            started = time.perf_counter()
            facts, missing = gather_preflight(session, config, locations)
            concurrent_time = time.perf_counter() - started
        concurrent_calls = len(fake.arm_requests())
        concurrent_findings = preflight_findings(config, locations, facts, now)

        fake.requests.clear()
        with open_session(settings) as session:
            started = time.perf_counter()
            serial_facts = sequential(session, config, locations)
            sequential_time = time.perf_counter() - started
        sequential_calls = len(fake.arm_requests())
        serial_findings = preflight_findings(config, locations, serial_facts, now)

    assert missing == [], missing
    assert concurrent_findings == serial_findings, "both runs must find the same"
    assert concurrent_calls == sequential_calls, (concurrent_calls, sequential_calls)
    print(
        f"preflight of {len(regions)} regions, {len(config.accounts)} accounts, "
        f"{args.latency * 1000:.0f} ms latency per ARM call, concurrency {limits.concurrency}"
    )
    print(f"  concurrent (aoai preflight): {concurrent_time:6.2f} s  {concurrent_calls} ARM calls")
    print(f"  sequential loop, same calls: {sequential_time:6.2f} s  {sequential_calls} ARM calls")
    print(f"  speed-up: {sequential_time / concurrent_time:.1f}x")


if __name__ == "__main__":
    main()
