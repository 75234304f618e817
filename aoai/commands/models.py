"""`aoai models`: the model catalog as tables (regions x SKUs, or models x SKUs) or JSON."""

from __future__ import annotations

import datetime
import difflib
import json
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from rich.console import Console

from ..console import out
from ..exit_codes import AoaiError

if TYPE_CHECKING:
    from rich.table import Table

    from azure_openai_toolkit.catalog import Catalog, ModelEntry

WIDE = 100  # the tables need this many columns; narrower terminals wrap rather than hide columns
# Column headers that fit a terminal; the legend under each table spells them out.
SHORT = {
    "Standard": "Standard",
    "GlobalStandard": "Global",
    "DataZoneStandard": "DataZone",
    "ProvisionedManaged": "PTU",
    "GlobalProvisionedManaged": "GlobalPTU",
    "DataZoneProvisionedManaged": "DataZonePTU",
    "GlobalBatch": "GlobalBatch",
    "DataZoneBatch": "DataZoneBatch",
}


def _wide() -> Console:
    return Console(highlight=False, width=max(out.width, WIDE))


def _table(title: str, columns: list[str], skus: list[str]) -> Table:
    """A compact table: the given columns, then one centred column per SKU, with a legend."""
    from rich import box
    from rich.table import Table

    legend = "  ".join(f"{SHORT[s]}={s}" for s in skus if SHORT[s] != s)
    table = Table(
        title=title,
        title_justify="left",
        caption=legend,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in columns:
        table.add_column(column, no_wrap=True)
    for sku in skus:
        table.add_column(SHORT[sku], justify="center", no_wrap=True, min_width=len(SHORT[sku]))
    return table


def _known(value: str, choices: list[str], what: str, catalog: Catalog) -> str:
    """The choice `value` names, ignoring case (`eu` is EU, `SwedenCentral` swedencentral). The
    error names the catalog and its date: an older one may simply not know a newer name."""
    same = [c for c in choices if c.lower() == value.lower()]
    if same:
        return same[0]
    close = difflib.get_close_matches(value, choices, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (known: {', '.join(choices)})"
    raise AoaiError(f"{what} {value[:80]!r} is not in the {catalog.stamp}{hint}")


def _lifecycle(catalog: Catalog, entry: ModelEntry, today: datetime.date, short: bool = False) -> str:
    state = catalog.lifecycle_state(entry, today)
    life = entry.lifecycle
    if state.blocked:
        retired = life.status == "Retired" or (life.retirement is not None and today >= life.retirement)
        day = life.retirement if retired else life.deprecation
        word = "retired" if retired else "deprecated"
        return word if short or day is None else f"{word} {day.isoformat()}"
    status = {"GenerallyAvailable": "GA"}.get(life.status, life.status)
    if short or life.retirement is None:
        return status
    return f"{status}, retires {life.retirement.isoformat()}"


def _unit(entry: ModelEntry) -> str:
    unit = entry.capacity_unit
    return unit.describe() if unit else "capacity unit not published"


def _filtered_regions(
    catalog: Catalog, entry: ModelEntry, sku: str, region: str | None, zone: str | None
) -> list[str]:
    regions = catalog.regions_for(entry, sku)
    return [
        r
        for r in regions
        if (region is None or r == region) and (zone is None or catalog.data_zone(r) == zone)
    ]


def models(
    region: Annotated[str | None, typer.Option("--region", "-r", help="Only this region.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Only this model, e.g. gpt-5.")] = None,
    version: Annotated[str | None, typer.Option("--version", "-v", help="Only this model version.")] = None,
    sku: Annotated[str | None, typer.Option("--sku", "-k", help="Only this deployment SKU.")] = None,
    data_zone: Annotated[
        str | None, typer.Option("--data-zone", "-z", help="Only regions of EU or US.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show which regions offer which models, versions and deployment SKUs (from the catalog).

    With --model: a table of regions x SKUs for each version of the model. With --region: the
    models and versions that region offers, per SKU. Otherwise: every model version with the
    number of regions per SKU. Every answer names the catalog's as-of date; Azure changes
    availability often, and `aoai preflight` asks Azure itself.

    Examples:

      aoai models --model gpt-5

      aoai models --region swedencentral --sku DataZoneStandard

      aoai models --model text-embedding-3-large --data-zone EU --json
    """
    from azure_openai_toolkit.catalog import Sku

    from ..project_catalog import catalog_json, project_catalog

    all_skus: list[str] = list(get_args(Sku))
    catalog = project_catalog()
    today = datetime.datetime.now(datetime.UTC).date()
    if region:
        region = _known(region, sorted(catalog.regions), "region", catalog)
    if model:
        model = _known(model, catalog.model_names(), "model", catalog)
    if sku:
        sku = _known(sku, all_skus, "SKU", catalog)
    if data_zone:
        data_zone = _known(data_zone, ["EU", "US"], "data zone", catalog)
    entries = [
        e
        for e in catalog.entries()
        if (model is None or e.name == model) and (version is None or e.version == version)
    ]
    if not entries:
        versions = ", ".join(catalog.versions(model or "")) or "none"
        raise AoaiError(
            f"no entry for {model} {version} in the {catalog.stamp} (versions: {versions}); a newer "
            "version may be missing from an older catalog: `aoai catalog refresh` reads Azure's"
        )
    skus = [sku] if sku else all_skus
    offerings = [
        (entry, s, _filtered_regions(catalog, entry, s, region, data_zone)) for entry in entries for s in skus
    ]
    offerings = [(e, s, rs) for e, s, rs in offerings if rs]
    if as_json:
        report: dict[str, Any] = {
            "catalogAsOf": catalog.as_of,
            "catalog": catalog_json(catalog),
            "lifecycleAsOf": catalog.data.lifecycle_as_of.isoformat(),
            "offerings": [
                {
                    "model": e.name,
                    "version": e.version,
                    "format": e.format,
                    "sku": s,
                    "regions": rs,
                    "lifecycle": e.lifecycle.model_dump(mode="json", by_alias=True, exclude_none=True),
                    "capacityUnit": _unit(e),
                    "fineTune": e.fine_tune.model_dump(mode="json", by_alias=True, exclude_none=True)
                    if e.fine_tune
                    else None,
                }
                for e, s, rs in offerings
            ],
        }
        out.print_json(json.dumps(report))
        return
    used = [s for s in skus if any(o[1] == s for o in offerings)]
    if model:
        for entry in entries:
            _print_regions_table(catalog, entry, used, offerings, today)
    else:
        _print_models_table(catalog, entries, used, offerings, today, by_count=region is None)
    if not offerings:
        out.print(f"nothing matches ({catalog.stamp})")


def _print_regions_table(
    catalog: Catalog, entry: ModelEntry, skus: list[str], offerings: list[Any], today: datetime.date
) -> None:
    mine = {s: set(rs) for e, s, rs in offerings if e is entry}
    if not mine:
        return
    lifecycle = _lifecycle(catalog, entry, today)
    title = f"{entry.label} - {lifecycle} - {_unit(entry)} ({catalog.stamp})"
    table = _table(title, ["region", "zone"], skus)
    for region in sorted(set().union(*mine.values())):
        zone = catalog.data_zone(region) or ""
        table.add_row(region, zone, *("✓" if region in mine.get(s, ()) else "" for s in skus))
    _wide().print(table)
    if entry.fine_tune:
        out.print(f"  fine-tuned models of {entry.label}: {_fine_tune_summary(entry)}", soft_wrap=True)


def _fine_tune_summary(entry: ModelEntry) -> str:
    fine_tune = entry.fine_tune
    assert fine_tune is not None
    if fine_tune.skus is None:
        return f"can be deployed in {', '.join(fine_tune.regions)}"
    parts = [
        f"{sku} in {', '.join(regions) if len(regions) <= 6 else f'{len(regions)} regions'}"
        for sku, regions in sorted(fine_tune.skus.items())
    ]
    retires = (
        f"; their deployments retire {fine_tune.deployment_retirement}"
        if fine_tune.deployment_retirement
        else ""
    )
    return "deployable as " + "; ".join(parts) + retires


def _print_models_table(
    catalog: Catalog,
    entries: list[ModelEntry],
    skus: list[str],
    offerings: list[Any],
    today: datetime.date,
    by_count: bool,
) -> None:
    caption = "regions offering each SKU" if by_count else "✓ = offered in the region"
    table = _table(f"models ({catalog.stamp}; {caption})", ["model", "version", "lifecycle"], skus)
    for entry in entries:
        counts = {s: len(rs) for e, s, rs in offerings if e is entry}
        if not counts:
            continue
        cells = [(str(counts[s]) if by_count else "✓") if counts.get(s) else "" for s in skus]
        table.add_row(entry.name, entry.version, _lifecycle(catalog, entry, today, short=True), *cells)
    _wide().print(table)
