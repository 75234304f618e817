"""A live command over several stacks: the report of each, grouped per subscription, and the total.

The exit code is the worst stack's: 3 when any stack could not be (fully) checked, else 2 when
any stack is invalid, else 1 when any has errors, else 0 (the codes' own order of severity).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from ..console import out
from ..exit_codes import ExitCode
from .findings import Report
from .render import print_report, summary


@dataclass
class StackResult:
    """One stack of the run: its report, or why it was not checked at all."""

    name: str
    path: str
    subscription: str | None
    report: Report | None = None
    error: str | None = None
    error_code: ExitCode = ExitCode.INVALID

    @property
    def exit_code(self) -> ExitCode:
        return self.report.exit_code if self.report is not None else self.error_code

    def as_json(self, command: str) -> dict[str, Any]:
        if self.report is not None:
            entry = self.report.as_json()
            entry.pop("armRequests")  # counted per subscription: the stacks share the reads
            return {**entry, "path": self.path}
        return {
            "command": command,
            "stack": self.name,
            "path": self.path,
            "subscription": self.subscription,
            "ok": False,
            "exitCode": int(self.error_code),
            "error": self.error,
        }


@dataclass
class RunReport:
    command: str
    results: list[StackResult]
    requests: dict[str, int] = field(default_factory=dict)  # ARM requests per subscription

    @property
    def exit_code(self) -> ExitCode:
        return max((r.exit_code for r in self.results), default=ExitCode.OK)

    def groups(self) -> Iterator[tuple[str | None, list[StackResult]]]:
        """The results per subscription (in order of first appearance); None: no subscription."""
        order: dict[str | None, list[StackResult]] = {}
        for result in self.results:
            order.setdefault(result.subscription, []).append(result)
        yield from order.items()

    def totals(self) -> dict[str, int]:
        reports = [r.report for r in self.results if r.report is not None]
        return {
            "stacks": len(self.results),
            "subscriptions": len([s for s, _ in self.groups() if s is not None]),
            "ok": sum(r.exit_code == ExitCode.OK for r in self.results),
            "withErrors": sum(bool(r.errors) for r in reports),
            "notFullyChecked": sum(bool(r.not_checked) for r in reports)
            + sum(r.report is None and r.error_code == ExitCode.AZURE for r in self.results),
            "invalid": sum(r.report is None and r.error_code == ExitCode.INVALID for r in self.results),
            "errors": sum(len(r.errors) for r in reports),
            "warnings": sum(len(r.warnings) for r in reports),
            "notes": sum(len(r.infos) for r in reports),
            "armRequests": sum(self.requests.values()),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "exitCode": int(self.exit_code),
            "total": self.totals(),
            "subscriptions": [
                {
                    "subscription": subscription,
                    "stacks": [r.name for r in results],
                    "armRequests": self.requests.get(subscription, 0) if subscription else 0,
                }
                for subscription, results in self.groups()
            ],
            "stacks": [r.as_json(self.command) for r in self.results],
        }


def print_run(run: RunReport, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(run.as_json()))
        return
    for subscription, results in run.groups():
        where = f"subscription {subscription}" if subscription else "no subscription"
        requests = f", {run.requests.get(subscription, 0)} ARM requests" if subscription else ""
        out.print(f"[bold]── {escape(f'{where}: {len(results)} stack(s){requests}')}[/]", soft_wrap=True)
        for result in results:
            if result.report is not None:
                print_report(result.report, as_json=False, requests=False)
            else:
                out.print(f"[red]✗[/] {escape(f'{run.command} of stack {result.name}: {result.error}')}")
    out.print(_table(run))
    totals = run.totals()
    out.print(
        f"{run.command} of {totals['stacks']} stack(s) in {totals['subscriptions']} subscription(s): "
        f"{totals['ok']} ok, {totals['withErrors']} with errors, {totals['notFullyChecked']} not fully "
        f"checked, {totals['invalid']} invalid; {totals['armRequests']} ARM requests; exit code "
        f"{int(run.exit_code)}",
        soft_wrap=True,
    )


def _table(run: RunReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=f"{run.command}, per stack", title_justify="left")
    for column in ("stack", "subscription", "result", "exit"):
        table.add_column(column, overflow="fold")
    for subscription, results in run.groups():
        for result in results:
            outcome = summary(result.report) if result.report is not None else "not checked: see above"
            table.add_row(result.name, subscription or "-", outcome, str(int(result.exit_code)))
    return table
