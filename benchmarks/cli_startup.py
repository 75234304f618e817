"""How fast `aoai` starts: `aoai --help` and `aoai validate --stack prod` against the CLI framework's floor.

The floor is a fresh interpreter importing the framework alone, `python -c "import typer,
rich.console"`: no command can start faster than that. Each command runs in a fresh process, the
three alternate (floor, help, validate, floor, ...) so a busy machine slows them alike, and the
medians' ratios are what counts. Goals (issue 13): --help within 2x of the floor, validate
within 4x.

  python benchmarks/cli_startup.py                  # 15 runs each
  python benchmarks/cli_startup.py --runs 5 --stack dev

What each command imports is checked by tests/aoai/test_cli_imports.py (not timed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent


def commands(stack: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "floor: import typer, rich.console": [python, "-c", "import typer, rich.console"],
        "aoai --help": [python, "-m", "aoai", "--help"],
        f"aoai validate --stack {stack}": [python, "-m", "aoai", "validate", "--stack", stack],
    }


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} failed (exit {done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--stack", default="prod", help="the stack validate reads (default prod)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    options = parser.parse_args()
    argvs = commands(options.stack)
    times: dict[str, list[float]] = {name: [] for name in argvs}
    with Console(stderr=True).status("measuring ..."):
        for argv in argvs.values():
            wall(argv)  # warm the file-system cache and the bytecode once, untimed
        for _ in range(options.runs):
            for name, argv in argvs.items():
                times[name].append(wall(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = next(iter(medians.values()))
    goals = dict(zip(argvs, (1.0, 2.0, 4.0), strict=True))
    if options.json:
        print(json.dumps({"runs": options.runs, "median_s": medians, "goal_ratio": goals}, indent=2))
        return
    table = Table(title=f"aoai start-up (median of {options.runs} fresh processes)")
    for column in ("command", "median s", "/ floor", "goal"):
        table.add_column(column, justify="right")
    for name, median in medians.items():
        goal = goals[name]
        table.add_row(name, f"{median:.3f}", f"{median / floor:.2f}", "-" if goal == 1.0 else f"{goal:g}x")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
