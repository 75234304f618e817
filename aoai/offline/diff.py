"""What changes between two plans: resources created, deleted, updated and replaced.

Resources are matched by their key (the URN without stack and project), so a stack can be
compared with another stack as well as with itself at another git revision. Only Azure resources
count; components own nothing in Azure. An input change replaces a resource when
resource_types.py says so (azure-native's own replacement rules, or Azure refusing the change in
place); changes under the resource's ignoreChanges paths are shown but ignored, as Pulumi would.

Dangerous, and what `--fail-on-replace` fails on: any replacement, any delete or replacement of a
protected resource, and an Azure resource that moves to a new URN (Pulumi sees a delete and a
create of the same Azure resource unless the program gives the old URN as an alias).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .document import Document, Resource, azure_resources
from .resource_types import ReplaceSource, azure_type

# "ignored": only inputs under the resource's ignoreChanges differ; Pulumi leaves it alone.
Action = Literal["create", "delete", "update", "replace", "move", "ignored"]
DIFF_FORMAT = "aoai-plan-diff/v1"
ABSENT = None  # a property missing on one side is shown as null

REPLACE_REASONS: dict[ReplaceSource, str] = {
    "engine": "azure-native replaces the resource",
    "azure": "Azure cannot change it in place: the resource must be replaced",
}


@dataclass
class PropertyChange:
    path: str
    before: Any
    after: Any
    replaces: ReplaceSource | None = None
    ignored: bool = False
    # Why a change of an input that usually replaces is made in place (e.g. kind OpenAI -> AIServices).
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "replaces": self.replaces,
            "ignored": self.ignored,
            "note": self.note,
        }


@dataclass
class ResourceChange:
    key: str
    type: str
    name: str
    action: Action
    protected: bool
    properties: list[PropertyChange] = field(default_factory=list)
    dangers: list[str] = field(default_factory=list)
    moved_from: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type,
            "name": self.name,
            "action": self.action,
            "protected": self.protected,
            "movedFrom": self.moved_from,
            "dangers": self.dangers,
            "properties": [p.as_json() for p in self.properties],
        }


@dataclass
class PlanDiff:
    base: str  # what the plan is compared against (the other stack, or the revision)
    target: str
    changes: list[ResourceChange]

    @property
    def dangerous(self) -> list[ResourceChange]:
        return [c for c in self.changes if c.dangers]

    def count(self, action: Action) -> int:
        return sum(c.action == action for c in self.changes)

    def as_json(self) -> dict[str, Any]:
        actions: tuple[Action, ...] = ("create", "delete", "update", "replace", "move", "ignored")
        return {
            "format": DIFF_FORMAT,
            "base": self.base,
            "target": self.target,
            "counts": {**{a: self.count(a) for a in actions}, "dangerous": len(self.dangerous)},
            "changes": [c.as_json() for c in self.changes],
        }


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{dotted path: leaf}; list items as path[i]; empty containers are leaves."""
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list) and value:
        flat = {}
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{prefix}[{index}]"))
        return flat
    return {prefix: value}


def _under(path: str, prefixes: list[str]) -> bool:
    return any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in prefixes)


def property_changes(before: Resource, after: Resource) -> list[PropertyChange]:
    known = azure_type(after["type"])
    old, new = flatten(before["inputs"]), flatten(after["inputs"])
    changes = []
    for path in sorted(set(old) | set(new)):
        before_value, after_value = old.get(path, ABSENT), new.get(path, ABSENT)
        if before_value == after_value:
            continue
        changes.append(
            PropertyChange(
                path,
                before_value,
                after_value,
                replaces=known.replacement(path, before_value, after_value) if known else None,
                ignored=_under(path, after["ignoreChanges"]),
                note=known.in_place_note(path, before_value, after_value) if known else None,
            )
        )
    return changes


def _protect_danger(resource: Resource, what: str) -> list[str]:
    if not resource["protect"]:
        return []
    return [
        f"{what} a protected resource: `pulumi up` stops with 'refusing to delete protected "
        "resource' until someone runs `pulumi state unprotect` on purpose"
    ]


def _changed(before: Resource, after: Resource) -> ResourceChange | None:
    properties = property_changes(before, after)
    effective = [p for p in properties if not p.ignored]
    protect_changed = before["protect"] != after["protect"]
    if not properties and not protect_changed:
        return None
    replacing = [p for p in effective if p.replaces]
    action: Action = "replace" if replacing else "update" if effective or protect_changed else "ignored"
    change = ResourceChange(
        after["key"],
        after["type"],
        after["name"],
        action,
        before["protect"] or after["protect"],
        properties,
    )
    if protect_changed:
        change.properties.append(PropertyChange("(option) protect", before["protect"], after["protect"]))
    if replacing:
        paths = ", ".join(p.path for p in replacing)
        change.dangers.append(f"replaced (deleted and created again) because of {paths}")
        change.dangers += _protect_danger(before, "replaces")
    known = azure_type(after["type"])
    for prop in effective:
        why = known.danger(prop.path, prop.before, prop.after) if known else None
        if why:
            change.dangers.append(why)
    return change


def diff_plans(base: Document, target: Document, base_label: str, target_label: str) -> PlanDiff:
    """What `pulumi up` of `target` would do to what `base` deployed."""
    old = {r["key"]: r for r in azure_resources(base)}
    new = {r["key"]: r for r in azure_resources(target)}
    changes: list[ResourceChange] = []
    moved_from: dict[str, str] = {}
    old_by_id = {r["id"]: key for key, r in old.items() if key not in new}
    for key in sorted(set(new) - set(old)):
        previous = old_by_id.get(new[key]["id"])
        if previous is not None:
            moved_from[key] = previous
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if after is None:
            assert before is not None
            if key in moved_from.values():
                continue  # reported with its new key
            change = ResourceChange(key, before["type"], before["name"], "delete", before["protect"])
            change.dangers = _protect_danger(before, "deletes")
        elif before is None and key in moved_from:
            source = old[moved_from[key]]
            change = ResourceChange(key, after["type"], after["name"], "move", source["protect"])
            change.moved_from = moved_from[key]
            change.properties = property_changes(source, after)
            change.dangers.append(
                "the same Azure resource gets a new URN: Pulumi would create it again and delete "
                "the old one; give the resource aliases=[<old URN>] to keep it"
            )
            change.dangers += _protect_danger(source, "deletes")
        elif before is None:
            change = ResourceChange(key, after["type"], after["name"], "create", after["protect"])
        else:
            updated = _changed(before, after)
            if updated is None:
                continue
            change = updated
        changes.append(change)
    changes.sort(key=lambda c: (c.name, c.key))
    return PlanDiff(base_label, target_label, changes)
