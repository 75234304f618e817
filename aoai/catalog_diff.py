"""What changed between two catalogs: model versions, regions per SKU, lifecycle dates, fine-tuning.

A pure comparison of two loaded catalogs (`aoai catalog diff`, and `aoai catalog refresh --check`
against the committed project catalog). Where and when each was read is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from azure_openai_toolkit.catalog import Catalog, Lifecycle, ModelEntry

ChangeKind = Literal[
    "model-added",
    "model-removed",
    "region-added",
    "region-withdrawn",
    "availability",
    "lifecycle",
    "fine-tuning",
]
HEADINGS: dict[ChangeKind, str] = {
    "model-added": "new model versions",
    "model-removed": "model versions no longer listed",
    "region-added": "regions added",
    "region-withdrawn": "regions withdrawn",
    "availability": "regions per deployment SKU",
    "lifecycle": "lifecycle and retirement dates",
    "fine-tuning": "fine-tuned deployments",
}


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # a model version ("gpt-5.5 2026-04-24") or a region
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail}


def _summary(entry: ModelEntry) -> str:
    offered = ", ".join(
        f"{sku} in {len(regions)} region{'s' if len(regions) != 1 else ''}"
        for sku, regions in sorted(entry.skus.items())
    )
    return offered or "no region"


def _moved(old: list[str], new: list[str]) -> str:
    added = sorted(set(new) - set(old))
    gone = sorted(set(old) - set(new))
    parts = ([f"+ {', '.join(added)}"] if added else []) + ([f"- {', '.join(gone)}"] if gone else [])
    return "; ".join(parts)


def _lifecycle_changes(old: Lifecycle, new: Lifecycle) -> list[str]:
    notes = []
    if old.status != new.status:
        notes.append(f"{old.status} -> {new.status}")
    for label in ("deprecation", "retirement", "deprecation_not_before", "retirement_not_before"):
        before, after = getattr(old, label), getattr(new, label)
        if before != after:
            name = label.replace("_", " ")
            notes.append(f"{name} {before or 'none'} -> {after or 'none'}")
    if old.replacement != new.replacement:
        notes.append(f"replacement {old.replacement or 'none'} -> {new.replacement or 'none'}")
    return notes


def _entry_changes(old: ModelEntry, new: ModelEntry) -> list[Change]:
    changes = []
    for sku in sorted(set(old.skus) | set(new.skus)):
        moved = _moved(old.skus.get(sku, []), new.skus.get(sku, []))
        if moved:
            changes.append(Change("availability", new.label, f"{sku}: {moved}"))
    notes = _lifecycle_changes(old.lifecycle, new.lifecycle)
    for sku in sorted(set(old.sku_retirement) | set(new.sku_retirement)):
        before, after = old.sku_retirement.get(sku), new.sku_retirement.get(sku)
        if before != after:
            notes.append(f"{sku} retirement {before or 'none'} -> {after or 'none'}")
    if notes:
        changes.append(Change("lifecycle", new.label, "; ".join(notes)))
    old_ft = old.fine_tune.regions if old.fine_tune else []
    new_ft = new.fine_tune.regions if new.fine_tune else []
    moved = _moved(old_ft, new_ft)
    if moved:
        changes.append(Change("fine-tuning", new.label, f"regions: {moved}"))
    return changes


def diff_catalogs(old: Catalog, new: Catalog) -> list[Change]:
    changes: list[Change] = []
    for region in sorted(set(new.regions) - set(old.regions)):
        changes.append(Change("region-added", region, new.region_label(region)))
    for region in sorted(set(old.regions) - set(new.regions)):
        changes.append(Change("region-withdrawn", region, old.region_label(region)))
    old_models = {(m.format, m.name, m.version): m for m in old.entries()}
    new_models = {(m.format, m.name, m.version): m for m in new.entries()}
    for key in sorted(set(new_models) - set(old_models)):
        entry = new_models[key]
        changes.append(Change("model-added", entry.label, _summary(entry)))
    for key in sorted(set(old_models) - set(new_models)):
        entry = old_models[key]
        changes.append(Change("model-removed", entry.label, _summary(entry)))
    for key in sorted(set(old_models) & set(new_models)):
        changes.extend(_entry_changes(old_models[key], new_models[key]))
    return changes


def render_changes(changes: list[Change]) -> list[str]:
    """The changes grouped under a heading per kind, one line each."""
    lines: list[str] = []
    for kind, heading in HEADINGS.items():
        mine = [c for c in changes if c.kind == kind]
        if mine:
            lines.append(f"{heading} ({len(mine)}):")
            lines.extend(f"  {c.subject}: {c.detail}" for c in mine)
    return lines
