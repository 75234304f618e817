"""Benchmark: `aoai preflight --all` over 50 stacks in 10 regions, against 50 separate
`aoai preflight --stack S` runs, on the fake ARM and Entra ID with 100 ms per call.

    .venv/bin/python benchmarks/preflight_many.py [--stacks 50] [--regions 10] [--latency 0.1]

Both go through the command's own code (aoai.commands.live_runs.run_stacks): once with every
stack, and once per stack, each run signing in again as a separate command would. Printed: ARM
calls and sign-ins (counted by the fake), wall time, and the ratios. Process start-up is not
included in either (benchmarks/cli_startup.py measures it). The fake serves from a process of
its own (benchmarks/fake_process.py), so its TLS, HTTP and JSON are not counted as the client's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aoai.commands.live_common import ConnectionOptions
from aoai.commands.live_runs import run_stacks
from aoai.commands.preflight import _report, placed_live
from aoai.live.settings import Limits
from aoai.live.subscription import read_for_preflight
from aoai.stacks import StackRef
from azure_openai_toolkit.catalog import default_catalog
from benchmarks.fake_process import FakeProcess
from benchmarks.preflight_concurrency import ONE_PAGE
from tests.aoai.live.scenario import seed_healthy
from tests.conftest import base_config
from tests.fake_arm import FakeArm


def regions_offering(chat: dict[str, Any], count: int) -> list[str]:
    """The first `count` regions where the catalog offers tests/conftest's chat deployment."""
    entry = default_catalog().model(chat["model"], chat["version"])
    assert entry is not None, chat
    regions = sorted(default_catalog().regions_for(entry, chat["sku"]))
    assert len(regions) >= count, f"the catalog offers {chat['model']} in {len(regions)} regions only"
    return regions[:count]


def stacks(count: int, regions: list[str]) -> dict[str, dict[str, Any]]:
    """`count` stacks (one team each), one account each, spread over the regions in turn."""
    chat = base_config()["accounts"]["primary"]["deployments"]["chat"]
    result = {}
    for i in range(count):
        region = regions[i % len(regions)]
        data = base_config()
        data.update(namePrefix=f"team{i:02d}", location=region)
        data["accounts"] = {"primary": {"location": region, "deployments": {"chat": {**chat, "capacity": 1}}}}
        result[f"team{i:02d}-dev"] = data
    return result


def write(folder: Path, name: str, data: dict[str, Any]) -> StackRef:
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text(json.dumps({"config": {f"azure-openai:{k}": v for k, v in data.items()}}))
    return StackRef(name, path)


def seeded(all_data: dict[str, dict[str, Any]]) -> Any:
    """Seeds the fake (in its own process) with every stack's healthy Azure."""

    def seed(fake: FakeArm) -> None:
        fake.page_size = ONE_PAGE
        for data in all_data.values():
            seed_healthy(fake, data)

    return seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", type=int, default=50)
    parser.add_argument("--regions", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every call")
    args = parser.parse_args()
    chat = base_config()["accounts"]["primary"]["deployments"]["chat"]
    all_data = stacks(args.stacks, regions_offering(chat, args.regions))
    limits = Limits()
    with FakeProcess(seeded(all_data)) as fake, tempfile.TemporaryDirectory(prefix="aoai-bench-") as folder:
        os.environ.update(fake.environment)
        refs = [write(Path(folder), name, data) for name, data in all_data.items()]
        fake.delay(args.latency)  # every ARM call and every sign-in
        connection = ConnectionOptions(
            subscription=fake.subscription_id,
            cloud="public",
            arm_endpoint=fake.url,
            timeout=600.0,
            request_timeout=limits.request_timeout,
            retries=limits.retries,
            concurrency=limits.concurrency,
            retry_backoff=limits.retry_backoff,
        )
        measured = {}
        for name, runs in (("--all", [refs]), ("separate", [[r] for r in refs])):
            fake.clear()
            started = time.perf_counter()
            exit_codes = [
                run_stacks(
                    "preflight", group, connection, read_for_preflight, _report, placed_live("public")
                ).exit_code
                for group in runs
            ]
            elapsed = time.perf_counter() - started
            assert set(exit_codes) == {0}, exit_codes
            _, per_operation = fake.log()
            measured[name] = (elapsed, sum(per_operation.values()), fake.signins())
    (together, calls, tokens), (apart, apart_calls, apart_tokens) = measured.values()
    print(
        f"preflight of {args.stacks} stacks over {args.regions} regions, one subscription, "
        f"{args.latency * 1000:.0f} ms per call, concurrency {limits.concurrency}"
    )
    print(f"  {'--all:':19} {together:6.2f} s  {calls:4d} ARM calls  {tokens} sign-in(s)")
    separate = f"{args.stacks} separate runs:"
    print(f"  {separate:19} {apart:6.2f} s  {apart_calls:4d} ARM calls  {apart_tokens} sign-in(s)")
    print(f"  ratio: {apart / together:.1f}x faster, {apart_calls / calls:.1f}x fewer ARM calls")


if __name__ == "__main__":
    main()
