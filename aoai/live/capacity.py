"""Live available capacity per region (ModelCapacities_List), for placement that prefers room.

One subscription-wide call per model version answers for every region at once; the model
versions are fetched concurrently. `prefer_regions_with_room` is the pure part: it keeps the
caller's preference order but moves regions that can hold every deployment to the front.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from . import facts
from .client import LiveSession
from .fetch import run_concurrently
from .findings import NotChecked

ModelVersion = tuple[str, str, str]  # (format, model, version)


@dataclass(frozen=True)
class Need:
    """Capacity one deployment needs: model, version, SKU and units."""

    model: str
    version: str
    sku: str
    capacity: int


def fetch_model_capacities(
    client: CognitiveServicesManagementClient, model: ModelVersion
) -> tuple[facts.Capacity, ...]:
    model_format, name, version = model
    items = client.model_capacities.list(model_format=model_format, model_name=name, model_version=version)
    return tuple(c for item in items if (c := facts.capacity(item)))


def gather_capacities(
    session: LiveSession, models: Iterable[ModelVersion], on_done: Callable[[object], None] | None = None
) -> tuple[list[facts.Capacity], list[NotChecked]]:
    tasks = {m: partial(fetch_model_capacities, session.client, m) for m in sorted(set(models))}
    results = run_concurrently(
        tasks, concurrency=session.settings.limits.concurrency, deadline=session.deadline, on_done=on_done
    )
    found: list[facts.Capacity] = []
    missing: list[NotChecked] = []
    for (model_format, name, version), outcome in results.items():
        if outcome.failure is not None:
            missing.append(
                NotChecked(f"capacity of {model_format}/{name} {version}", outcome.failure.message)
            )
        else:
            found.extend(outcome.value or ())
    return found, missing


def available_capacity(capacities: Iterable[facts.Capacity]) -> dict[tuple[str, str, str, str], float]:
    """{(region, model, version, sku): available units}, names lower-cased."""
    return {(c.location, c.model.lower(), c.version, c.sku.lower()): c.available for c in capacities}


def has_room(
    region: str, needs: Sequence[Need], available: Mapping[tuple[str, str, str, str], float]
) -> bool:
    """True when the region has enough available capacity for every need (summed per model/SKU)."""
    totals: dict[tuple[str, str, str, str], int] = {}
    for need in needs:
        key = (facts.region_key(region), need.model.lower(), need.version, need.sku.lower())
        totals[key] = totals.get(key, 0) + need.capacity
    return all(available.get(key, 0.0) >= total for key, total in totals.items())


def prefer_regions_with_room(
    candidates: Sequence[str], needs: Sequence[Need], capacities: Iterable[facts.Capacity]
) -> list[str]:
    """The candidates, those with room for all needs first, each group in the given order."""
    available = available_capacity(capacities)
    roomy = [r for r in candidates if has_room(r, needs, available)]
    return roomy + [r for r in candidates if r not in roomy]
