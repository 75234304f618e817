"""Reading the catalog live: every region that offers OpenAI accounts, its models list once.

Regions are found live from the subscription's SKU list (ResourceSkus_List, GET /subscriptions/
{subscriptionId}/providers/Microsoft.CognitiveServices/skus: one item per kind, SKU and location;
what `az cognitiveservices account list-skus --kind OpenAI` reads): the locations of kind OpenAI
account SKUs. Then one models list per region, concurrently, under the session's bounds.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from azure_openai_toolkit.catalog import Catalog, CatalogOrigin, parse_catalog

from ..exit_codes import AoaiError, ExitCode
from .boundary import listed
from .catalog_build import build_live_catalog
from .client import LiveSession
from .facts import ModelOffer, region_key, same
from .fetch import fetch_models, run_concurrently

ACCOUNT_KIND = "OpenAI"


def discover_regions(client: CognitiveServicesManagementClient) -> list[str]:
    """Locations where kind OpenAI accounts are offered (restrictions for this subscription are
    preflight's business: AccountSkuNotAvailable)."""
    regions: set[str] = set()
    for sku in listed(client.resource_skus.list):
        if same(sku.kind, ACCOUNT_KIND) and same(sku.resource_type, "accounts"):
            regions.update(region_key(location) for location in sku.locations or [])
    return sorted(regions)


@dataclass
class LiveModels:
    """The models lists read, and the regions that could not be read with why."""

    offers: dict[str, tuple[ModelOffer, ...]] = field(default_factory=dict)
    not_read: dict[str, str] = field(default_factory=dict)


def read_models(
    session: LiveSession, regions: list[str], on_done: Callable[[object], None] | None = None
) -> LiveModels:
    tasks = {region: partial(fetch_models, session.client, region) for region in regions}
    results = run_concurrently(
        tasks, concurrency=session.settings.limits.concurrency, deadline=session.deadline, on_done=on_done
    )
    read = LiveModels()
    for region, outcome in results.items():
        if outcome.failure is not None:
            read.not_read[region] = outcome.failure.message
        else:
            read.offers[region] = outcome.value or ()
    return read


def api_version(client: CognitiveServicesManagementClient) -> str:
    """The api-version the SDK sends (azure-mgmt-cognitiveservices 14.1.0: 2025-09-01)."""
    return str(getattr(getattr(client, "_config", None), "api_version", "unknown"))


def live_catalog_data(
    session: LiveSession, models: LiveModels, cloud: str, reference: Catalog, now: datetime.datetime
) -> dict[str, Any]:
    return build_live_catalog(
        models.offers,
        read_at=now,
        cloud=cloud,
        arm_endpoint=session.settings.arm_endpoint,
        api_version=api_version(session.client),
        not_read=models.not_read,
        reference=reference,
    )


def live_catalog(
    session: LiveSession,
    models: LiveModels,
    cloud: str,
    reference: Catalog,
    now: datetime.datetime,
) -> Catalog:
    """The regions read, as a catalog that says it is the live models list (for placement)."""
    data = live_catalog_data(session, models, cloud, reference, now)
    origin = CatalogOrigin("live", reference.origin.path, "the live models list")
    return parse_catalog(data, "the live models list", origin)


class Progress(Protocol):
    """What reading reports to: a progress bar (aoai.commands.live_common.progress_bar)."""

    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, _: object = None) -> None: ...


def validate_regions(values: list[str], known: Collection[str] | None) -> list[str]:
    """--regions as region names (`West Europe` and `westeurope` are one); exit 2, before anything
    is read, on a value that cannot be an Azure region or, given `known`, is not one of them (a
    typo would otherwise cost a sign-in and a models list that answers nothing)."""
    regions = []
    for value in values:
        region = region_key(value)
        if not re.fullmatch(r"[a-z][a-z0-9]+", region):
            raise AoaiError(f"--regions: {value[:80]!r} is not an Azure region name (like swedencentral)")
        if known is not None and region not in known:
            close = difflib.get_close_matches(region, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise AoaiError(
                f"--regions: {value[:80]!r} is not an Azure region the catalog knows{hint}. Leave "
                "--regions out to read every region Azure offers kind OpenAI accounts in (found "
                "live); the catalog written then knows them all"
            )
        regions.append(region)
    return sorted(set(regions))


def require_models(models: LiveModels, data: dict[str, Any]) -> None:
    """Exit 1 when the regions read offer no model: such a catalog would refuse every deployment."""
    if data.get("models"):
        return
    read = ", ".join(sorted(models.offers)) or "no region"
    raise AoaiError(
        f"no kind OpenAI model in the models list of {read}, so nothing was written; check --regions "
        "and --subscription (the subscription must be approved for Azure OpenAI)",
        ExitCode.PROBLEMS,
    )


def read_live(session: LiveSession, regions: list[str], progress: Progress) -> LiveModels:
    """The models list of the given regions, or of every region found live when none are given."""
    if not regions:
        progress.start("finding the regions that offer kind OpenAI accounts", None)
        regions = discover_regions(session.client)
        if not regions:
            raise AoaiError(
                "the subscription's SKU list names no region offering kind OpenAI accounts; check "
                "--subscription (the subscription must be approved for Azure OpenAI)",
                ExitCode.PROBLEMS,
            )
    progress.start(f"reading the models list of {len(regions)} region(s)", len(regions))
    return read_models(session, regions, progress.advance)
