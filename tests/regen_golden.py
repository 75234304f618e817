"""Rewrite the golden snapshots: `python -m tests.regen_golden` (or `make golden`), then review.

Run from the repository root. The diff of tests/fixtures/golden is the review: a changed URN needs
aliases for the old one before it ships, a changed Azure id means Azure gets a new resource.
"""

from __future__ import annotations

import os
import sys

from tests.golden import FIXTURES, STACKS, golden_path, planned, snapshot


def main() -> None:
    os.chdir(FIXTURES)  # the tests' own project, as in a test run
    for stack in STACKS:
        path = golden_path(stack)
        path.write_text(snapshot(planned(stack)))
        print(f"wrote {path}; review it with git diff", file=sys.stderr)


if __name__ == "__main__":
    main()
