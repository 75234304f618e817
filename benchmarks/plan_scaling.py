"""How `aoai plan` grows with the stack: time and peak memory from 1x2 to 12x30 deployments.

Every measurement is a fresh interpreter (a subprocess), so imports, caches and memory do not carry
over. The floor is the same interpreter starting and importing the same modules (pulumi, the
azure-native modules, components/, aoai.offline) without planning; each stack size is reported as
a ratio to that floor, and as the cost per planned Azure resource above it, all from one run.

  python benchmarks/plan_scaling.py            # all sizes, 3 repetitions each
  python benchmarks/plan_scaling.py --quick    # 2 sizes, 1 repetition (a smoke test)

Generated stacks are written to a temporary folder; nothing in stacks/ is touched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(1, 2), (2, 5), (4, 10), (8, 20), (12, 30)]  # (accounts, deployments per account)
QUICK_SIZES = [(1, 2), (3, 5)]

# Runs in the child: import what `aoai plan` imports, optionally plan, report time and peak RSS.
CHILD = r"""
import gc, json, resource, sys, time
gc.disable()  # as the aoai process runs (aoai/cli.py main())
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from aoai.offline.document import plan_document, dumps
from aoai.offline.plan import plan_stack
from aoai.stacks import StackRef
import azure_openai_toolkit.environment, pulumi_azure_native.cognitiveservices  # what __main__.py pulls in
imported = time.perf_counter()
resources = 0
if sys.argv[2] != "floor":
    document = plan_document(plan_stack(StackRef("bench", Path(sys.argv[2]))))
    dumps(document)
    resources = document["counts"]["azureResources"]
done = time.perf_counter()
gc.freeze()  # as aoai's main() does before the interpreter shuts down
print(json.dumps({
    "import_s": imported - started,
    "plan_s": done - imported,
    "resources": resources,
    "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def stack_file(folder: Path, accounts: int, deployments: int) -> Path:
    """A valid stack: accounts with a role assignment each and `deployments` deployments."""
    lines = [
        "config:",
        "  azure-openai:namePrefix: bench",
        "  azure-openai:environment: dev",
        "  azure-openai:location: swedencentral",
        "  azure-openai:accounts:",
    ]
    for a in range(accounts):
        lines += [
            f"    a{a:02d}:",
            "      roleAssignments:",
            "        readers:",
            "          principalId: 11111111-1111-1111-1111-111111111111",
            "          role: Cognitive Services OpenAI User",
            "          principalType: Group",
            "      deployments:",
        ]
        for d in range(deployments):
            lines += [
                f"        d{d:02d}:",
                "          model: gpt-5",
                '          version: "2025-08-07"',
                "          sku: GlobalStandard",
                "          capacity: 1",
            ]
    path = folder / f"Pulumi.bench-{accounts}x{deployments}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(target: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), target], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed for {target}:\n{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout)
    report["wall_s"] = wall
    return report


def repeated(target: str, repetitions: int) -> dict[str, Any]:
    runs = [measure(target) for _ in range(repetitions)]
    return {
        "wall_s": statistics.median(r["wall_s"] for r in runs),
        "plan_s": statistics.median(r["plan_s"] for r in runs),
        "peak_rss_kib": max(r["peak_rss_kib"] for r in runs),
        "resources": runs[0]["resources"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="two small sizes, one repetition")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    options = parser.parse_args()
    sizes = QUICK_SIZES if options.quick else SIZES
    repetitions = 1 if options.quick else 3
    err = Console(stderr=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aoai-bench-") as folder, err.status("measuring ...") as status:
        status.update("floor: starting Python and importing the plan's modules")
        floor = repeated("floor", repetitions)
        for accounts, deployments in sizes:
            status.update(f"planning {accounts} account(s) x {deployments} deployment(s)")
            path = stack_file(Path(folder), accounts, deployments)
            results.append(
                {"accounts": accounts, "deployments": deployments, **repeated(str(path), repetitions)}
            )
    if options.json:
        print(json.dumps({"floor": floor, "sizes": results}, indent=2))
        return
    table = Table(title=f"aoai plan scaling (median of {repetitions}; peak RSS = max)")
    for column in (
        "accounts x deployments",
        "Azure resources",
        "wall s",
        "wall / floor",
        "plan ms / resource",
        "peak RSS MiB",
        "RSS / floor",
        "KiB / resource above floor",
    ):
        table.add_column(column, justify="right")
    table.add_row(
        "floor (imports only)",
        "0",
        f"{floor['wall_s']:.2f}",
        "1.00",
        "-",
        f"{floor['peak_rss_kib'] / 1024:.0f}",
        "1.00",
        "-",
    )
    for r in results:
        n = r["resources"]
        table.add_row(
            f"{r['accounts']} x {r['deployments']}",
            str(n),
            f"{r['wall_s']:.2f}",
            f"{r['wall_s'] / floor['wall_s']:.2f}",
            f"{1000 * (r['wall_s'] - floor['wall_s']) / n:.2f}",
            f"{r['peak_rss_kib'] / 1024:.0f}",
            f"{r['peak_rss_kib'] / floor['peak_rss_kib']:.2f}",
            f"{(r['peak_rss_kib'] - floor['peak_rss_kib']) / n:.1f}",
        )
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
