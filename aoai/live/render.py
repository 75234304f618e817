"""Printing a live report: findings one block each for people (readable at any width, in CI
logs too), JSON for machines. stdout either way; progress went to stderr."""

from __future__ import annotations

import json

from rich.markup import escape

from ..console import out
from .findings import Report

_MARK = {"error": "[red]✗ error[/]", "warning": "[yellow]! warning[/]", "info": "[blue]i info[/]"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def summary(report: Report) -> str:
    parts = [_plural(len(report.errors), "error"), _plural(len(report.warnings), "warning")]
    if report.infos:
        parts.append(_plural(len(report.infos), "note"))
    if report.not_checked:
        parts.append(f"{len(report.not_checked)} not checked")
    return ", ".join(parts)


def print_report(report: Report, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(report.as_json()))
        return
    for f in report.findings:
        region = f" ({f.region})" if f.region else ""
        out.print(f"{_MARK[f.severity]} [bold]{f.code}[/] {escape(f.where + region)}", soft_wrap=True)
        out.print(f"    {escape(f.message)}", soft_wrap=True)
        out.print(f"    [dim]fix:[/] {escape(f.fix)}", soft_wrap=True)
    for item in report.not_checked:
        accounts = f" (accounts: {', '.join(item.accounts)})" if item.accounts else ""
        out.print(f"[yellow]? not checked[/] {escape(item.scope + accounts)}", soft_wrap=True)
        out.print(f"    {escape(item.reason)}", soft_wrap=True)
    checked = ", ".join(report.checked) or "nothing"
    out.print(f"checked: {escape(checked)}", soft_wrap=True)
    for state in sorted(report.accounts, key=lambda a: a.key):
        out.print(f"account {escape(state.key)}: kind {state.kind}, {escape(state.upgrade)}", soft_wrap=True)
    mark = "[green]✓[/]" if report.exit_code == 0 else ("[red]✗[/]" if report.errors else "[yellow]?[/]")
    head = f"{report.command} of stack {report.stack} (subscription {report.subscription})"
    out.print(f"{mark} {escape(head)}: {summary(report)}; {report.arm_requests} ARM requests", soft_wrap=True)
