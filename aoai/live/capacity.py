"""Live available capacity per region (ModelCapacities_List), for placement that prefers room.

One subscription-wide call per model version answers for every region at once; the model
versions are fetched concurrently. `has_room` is the pure part the placement engine
(components/placement.py, through its `room` argument) uses to put roomy regions first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from azure_openai_toolkit.config import AUTO, StackConfig
from azure_openai_toolkit.placement import Room

from ..exit_codes import AoaiError, ExitCode
from . import facts
from .boundary import listed
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
    items = listed(
        client.model_capacities.list, model_format=model_format, model_name=name, model_version=version
    )
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


def room_for_auto_accounts(
    config: StackConfig, session: LiveSession, on_done: Callable[[object], None] | None = None
) -> Room:
    """Ask Azure for the available capacity of every model version the `location: auto` accounts
    deploy; the answer as the placement engine's `room(account key, region)`.

    Raises AoaiError (exit 3) when some capacity could not be read: --live cannot be honoured."""
    needs = {
        key: [Need(d.model, d.version, d.sku, d.capacity) for d in account.deployments.values()]
        for key, account in config.accounts.items()
        if config.account_location(key) == AUTO
    }
    models = {
        (d.format, d.model, d.version) for key in needs for d in config.accounts[key].deployments.values()
    }
    capacities, missing = gather_capacities(session, models, on_done)
    if missing:
        details = "; ".join(f"{m.scope}: {m.reason}" for m in missing)
        message = f"could not read available capacity, so --live cannot be honoured: {details}"
        raise AoaiError(message, ExitCode.AZURE)
    available = available_capacity(capacities)
    return lambda key, region: has_room(region, needs.get(key, []), available)
