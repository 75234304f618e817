"""The plan diff for people: one line per changed resource, its changed inputs, dangers in red."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from .diff import REPLACE_REASONS, PlanDiff, ResourceChange

_MARKS = {
    "create": ("+", "green", "create"),
    "delete": ("-", "red", "delete"),
    "update": ("~", "yellow", "update"),
    "replace": ("±", "bold red", "REPLACE"),
    "move": ("»", "bold red", "NEW URN"),
    "ignored": ("=", "dim", "no change (ignoreChanges)"),
}


def _value(value: Any) -> str:
    return "(absent)" if value is None else json.dumps(value)


def _resource_lines(change: ResourceChange) -> Text:
    mark, style, verb = _MARKS[change.action]
    text = Text()
    text.append(f"{mark} {change.name}", style=style)
    text.append(f"  {change.type}  ", style="dim")
    text.append(verb, style=style)
    if change.protected:
        text.append("  [protected]", style="yellow")
    if change.moved_from:
        text.append(f"\n    was {change.moved_from}", style="dim")
    for prop in change.properties:
        text.append(f"\n    {prop.path}: {_value(prop.before)} -> {_value(prop.after)}")
        if prop.ignored:
            text.append("  (ignored: ignoreChanges)", style="dim")
        elif prop.replaces:
            text.append(f"  <- {REPLACE_REASONS[prop.replaces]}", style="bold red")
        elif prop.note:
            text.append(f"  ({prop.note})", style="green")
    for danger in change.dangers:
        text.append(f"\n    DANGER: {danger}", style="bold red")
    return text


def render_diff(diff: PlanDiff) -> RenderableType:
    counts = ", ".join(
        f"{diff.count(a)} {a}"
        for a in ("create", "update", "replace", "delete", "move", "ignored")
        if diff.count(a)
    )
    header = Text(f"{diff.target} against {diff.base}: ", style="bold")
    header.append(counts or "no changes")
    parts: list[RenderableType] = [header]
    parts += [_resource_lines(change) for change in diff.changes]
    if diff.dangerous:
        summary = Text(f"\n{len(diff.dangerous)} dangerous change(s):", style="bold red")
        for change in diff.dangerous:
            summary.append(f"\n  {change.name}: {change.dangers[0]}", style="red")
        parts.append(summary)
    return Group(*parts)
