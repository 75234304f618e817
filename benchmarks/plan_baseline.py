"""How close `aoai plan` is to Pulumi's own floor: our plan time over a raw program's, 4 to 400 resources.

For each size, two fresh interpreters import the same modules (pulumi, the azure-native modules,
the toolkit, the offline runner) and then time only the planning:

- ours: `aoai plan`'s work, plan_stack(): read and validate the stack file, then run the real
  __main__.py (config, placement, catalog checks, components) under the mocks;
- raw:  benchmarks/raw_program.py, the same Azure resources, inputs and dependencies written as a
  plain pulumi-azure-native program, under the same mocks and the same recording monitor.

Both processes run as the `aoai` process does (no cyclic garbage collection: aoai/cli.py main()),
so the comparison is of the programs, not of the collector.

Before any time is compared, the two graphs are checked to be identical: every custom resource's
logical name, type, inputs and the resources it depends on. Runs alternate (ours, raw, ours, ...)
so a busy machine slows both alike; the ratio of the medians is what counts. On a machine shared
with other work, wall time wanders by 10% or more from run to run, so each side is also run once
under cProfile to count the Python function calls it makes: a deterministic measure of work that
the wall-time ratio should follow.

Both ratios are printed twice: for the whole `aoai plan`, and for its program alone ("program",
without plan's check of the stack file, which gives problems their file and line before anything
runs): the program is what `pulumi preview` and `pulumi up` run, where the engine reads the file.

  python benchmarks/plan_baseline.py            # 5 sizes, 3 runs each
  python benchmarks/plan_baseline.py --quick    # 2 sizes, 1 run each
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.plan_scaling import stack_file  # noqa: E402 - after the path is set

SIZES = [(1, 1), (2, 5), (4, 10), (8, 20), (12, 30)]  # (accounts, deployments): 4 to 385 resources
QUICK_SIZES = [(1, 1), (3, 5)]

# The child: import what both need, then plan one way, and report the time and the graph.
CHILD = r"""
import cProfile, gc, json, pstats, sys, time
gc.disable()  # as aoai's main() does, for both
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import pulumi, pulumi_azure_native.cognitiveservices, pulumi_azure_native.authorization
import pulumi_azure_native.resources, azure_openai_toolkit.environment
from aoai.offline.plan import plan_stack
from aoai.offline.runner import run_in_mock_engine
from aoai.stacks import StackRef
from benchmarks.raw_program import program
import aoai.offline.plan as plan_module
kind, accounts, deployments, path, mode = sys.argv[2:7]
accounts, deployments = int(accounts), int(deployments)
profile = cProfile.Profile() if mode == "count" else None
check = {"s": 0.0, "calls": 0}  # aoai plan's check of the stack file, which `pulumi up` does not run
check_stack = plan_module.valid_report
def timed_check(stack):
    if profile:
        profile.disable()
        inner = cProfile.Profile()
        inner.enable()
    started = time.perf_counter()
    report = check_stack(stack)
    check["s"] = time.perf_counter() - started
    if profile:
        inner.disable()
        check["calls"] = pstats.Stats(inner).total_calls
        profile.enable()
    return report
plan_module.valid_report = timed_check
started = time.perf_counter()
if profile:
    profile.enable()
if kind == "ours":
    run = plan_stack(StackRef("bench", Path(path)))
else:
    run = run_in_mock_engine(lambda: program(accounts, deployments), "bench")
elapsed = time.perf_counter() - started
calls = 0
if profile:
    profile.disable()
    calls = pstats.Stats(profile).total_calls + check["calls"]
custom = [r for r in run.registrations if r.custom]
names = {r.urn: r.name for r in custom}
def depends_on(r):
    return sorted(names[u] for u in r.dependencies if u in names)
graph = sorted([r.name, r.type, json.dumps(r.inputs, sort_keys=True), depends_on(r)] for r in custom)
report = {"plan_s": elapsed, "check_s": check["s"], "calls": calls, "check_calls": check["calls"],
          "graph": graph, "outputs": run.outputs}
print(json.dumps(report, sort_keys=True, default=str))
"""


def measure(kind: str, accounts: int, deployments: int, path: Path, count: bool = False) -> dict[str, Any]:
    """One fresh interpreter planning one way; with `count`, under cProfile, for the call count."""
    mode = "count" if count else "time"
    argv = [sys.executable, "-c", CHILD, str(ROOT), kind, str(accounts), str(deployments), str(path), mode]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child ({kind}, {accounts}x{deployments}) failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def compare(accounts: int, deployments: int, folder: Path, runs: int) -> dict[str, Any]:
    path = stack_file(folder, accounts, deployments)
    ours: list[dict[str, Any]] = []
    raw: list[dict[str, Any]] = []
    for _ in range(runs):
        ours.append(measure("ours", accounts, deployments, path))
        raw.append(measure("raw", accounts, deployments, path))
    if ours[0]["graph"] != raw[0]["graph"] or ours[0]["outputs"] != raw[0]["outputs"]:
        raise SystemExit(
            f"{accounts}x{deployments}: the raw program's graph differs from the toolkit's; "
            "update benchmarks/raw_program.py to register the same resources"
        )
    ours_s = statistics.median(r["plan_s"] for r in ours)
    raw_s = statistics.median(r["plan_s"] for r in raw)
    program_s = statistics.median(r["plan_s"] - r["check_s"] for r in ours)
    counted = measure("ours", accounts, deployments, path, count=True)
    ours_calls, check_calls = counted["calls"], counted["check_calls"]
    raw_calls = measure("raw", accounts, deployments, path, count=True)["calls"]
    return {
        "accounts": accounts,
        "deployments": deployments,
        "resources": len(ours[0]["graph"]),
        "ours_s": ours_s,
        "raw_s": raw_s,
        "ratio": ours_s / raw_s,
        "program_ratio": program_s / raw_s,
        "ours_calls": ours_calls,
        "raw_calls": raw_calls,
        "calls_ratio": ours_calls / raw_calls,
        "program_calls_ratio": (ours_calls - check_calls) / raw_calls,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="two small sizes, one run each")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    options = parser.parse_args()
    sizes = QUICK_SIZES if options.quick else SIZES
    runs = 1 if options.quick else 3
    err = Console(stderr=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="aoai-bench-") as folder, err.status("measuring ...") as status:
        for accounts, deployments in sizes:
            status.update(f"{accounts} account(s) x {deployments} deployment(s): ours and raw, {runs} run(s)")
            results.append(compare(accounts, deployments, Path(folder), runs))
    if options.json:
        print(json.dumps({"runs": runs, "sizes": results}, indent=2))
        return
    table = Table(title=f"aoai plan against a raw pulumi-azure-native program (median of {runs})")
    columns = (
        "accounts x deployments",
        "Azure resources",
        "ours s",
        "raw s",
        "ours / raw",
        "calls, ours / raw",
        "program / raw",
        "calls, program / raw",
    )
    for column in columns:
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            f"{r['accounts']} x {r['deployments']}",
            str(r["resources"]),
            f"{r['ours_s']:.2f}",
            f"{r['raw_s']:.2f}",
            f"{r['ratio']:.2f}",
            f"{r['calls_ratio']:.2f}",
            f"{r['program_ratio']:.2f}",
            f"{r['program_calls_ratio']:.2f}",
        )
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
