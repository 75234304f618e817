"""`aoai catalog refresh | diff | show`: the model catalog read live, compared, and which one is used."""

from __future__ import annotations

import contextlib
import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from azure_openai_toolkit.catalog_choice import (
    DEFAULT_MAX_AGE_DAYS,
    ENV_CATALOG,
    ENV_MAX_AGE,
    PROJECT_CATALOG,
)

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..layers import stack_subscription
from ..stacks import GlobOption, StackRef, select_stacks
from .live_common import ConnectionOptions, JsonOption, azure_access, with_connection_options

if TYPE_CHECKING:
    from azure_openai_toolkit.catalog import Catalog

    from ..catalog_diff import Change

SHIPPED = "shipped"


def _display(path: Path) -> str:
    """How messages name a catalog file: relative to the project when it is in it."""
    from azure_openai_toolkit.config.paths import real_path

    from ..project_catalog import project_dir_or_none

    project = project_dir_or_none()
    try:
        return str(real_path(path).relative_to(real_path(project))) if project else str(path)
    except ValueError:
        return str(path)


def _load(value: str) -> Catalog:
    """A catalog named on the command line: a file, or `shipped` for the toolkit's snapshot."""
    from azure_openai_toolkit.catalog import CatalogError, CatalogOrigin, default_catalog, load_catalog

    if value == SHIPPED:
        return default_catalog()
    path = Path(value)
    try:
        return load_catalog(path, CatalogOrigin("project", path, _display(path)))
    except CatalogError as error:
        raise AoaiError(str(error)) from None


def _report_changes(old: Catalog, new: Catalog, changes: list[Change], as_json: bool, what: str) -> None:
    from ..catalog_diff import render_changes

    if as_json:
        report = {
            "from": {"catalog": old.stamp, "asOf": old.as_of},
            "to": {"catalog": new.stamp, "asOf": new.as_of},
            "same": not changes,
            "changes": [c.as_json() for c in changes],
        }
        out.print_json(json.dumps(report))
        return
    head = f"{what}: {old.stamp} -> {new.stamp}"
    if not changes:
        out.print(f"[green]✓[/] {escape(head)}: no differences", soft_wrap=True)
        return
    out.print(f"[yellow]≠[/] {escape(head)}: {len(changes)} difference(s)", soft_wrap=True)
    for line in render_changes(changes):
        out.print(escape(line), soft_wrap=True, highlight=False)


def diff(
    old: Annotated[str, typer.Argument(metavar="A", help=f"A catalog file, or `{SHIPPED}`.")],
    new: Annotated[str, typer.Argument(metavar="B", help=f"A catalog file, or `{SHIPPED}`.")],
    as_json: JsonOption = False,
) -> None:
    """Show what changed from catalog A to catalog B.

    Model versions added and no longer listed, regions added and withdrawn per deployment SKU,
    lifecycle changes (stage, retirement dates moved, replacements) and fine-tuning regions.
    `shipped` names the snapshot that comes with the toolkit.

    Exit code 0 when the catalogs say the same, 1 when they differ, 2 when a file is missing
    or not a catalog.

    Examples:

      aoai catalog diff shipped aoai-catalog.json

      aoai catalog diff old-catalog.json aoai-catalog.json --json
    """
    from ..catalog_diff import diff_catalogs

    before, after = _load(old), _load(new)
    changes = diff_catalogs(before, after)
    _report_changes(before, after, changes, as_json, "catalog diff")
    if changes:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def show(as_json: JsonOption = False) -> None:
    """Say which catalog this project's commands answer from, its date and its sources.

    The order: the file named by AOAI_CATALOG; else aoai-catalog.json next to Pulumi.yaml
    (written by `aoai catalog refresh`); else the snapshot shipped with the toolkit. A catalog
    older than AOAI_CATALOG_MAX_AGE_DAYS (default 90) is reported with how to refresh it.
    """
    from ..project_catalog import catalog_json, project_catalog

    catalog = project_catalog()
    if as_json:
        data: dict[str, Any] = catalog_json(catalog)
        data["sources"] = [
            s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in catalog.data.sources
        ]
        data["live"] = catalog.data.live.model_dump(mode="json", by_alias=True) if catalog.data.live else None
        data["models"] = len(catalog.data.models)
        data["regions"] = len(catalog.regions)
        out.print_json(json.dumps(data))
        return
    out.print(
        f"{escape(catalog.stamp)}: {len(catalog.data.models)} model versions, {len(catalog.regions)} regions"
    )
    if catalog.origin.kind == "project":
        out.print(f"  file: {escape(str(catalog.origin.path))}", soft_wrap=True)
    for source in catalog.data.sources:
        where = f"{source.repository}/{source.path}" if source.repository else source.path
        commit = f" @ {source.commit[:12]}" if source.commit else ""
        out.print(
            f"  {escape(source.covers)}: {escape(where)}{commit} (as of {source.as_of})", soft_wrap=True
        )
    if catalog.data.live and catalog.data.live.regions_not_read:
        for region, why in sorted(catalog.data.live.regions_not_read.items()):
            out.print(f"  [yellow]not read:[/] {region}: {escape(why)}", soft_wrap=True)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"Catalog file to write (or, with --check, to compare). Default: {PROJECT_CATALOG} next to "
        "Pulumi.yaml, which the project's commands then use.",
    ),
]


@with_connection_options
def refresh(
    connection: ConnectionOptions,
    regions: Annotated[
        list[str] | None,
        typer.Option(
            "--regions",
            metavar="REGION",
            help="Read only these regions (repeat the option). Default: every region whose SKU list "
            "offers kind OpenAI accounts, found live.",
        ),
    ] = None,
    output: OutputOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 when the live catalog differs from the committed file, listing "
            "what changed (for CI).",
        ),
    ] = False,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial",
            help="Write the catalog even if some regions could not be read; they are recorded as not read.",
        ),
    ] = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Read the regions the project's stacks use (every stack, or those --glob selects), "
            "each from a subscription of a stack there, signing in once.",
        ),
    ] = False,
    pattern: GlobOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build the model catalog from live Azure Resource Manager and write it to the project.

    Finds every region that offers kind OpenAI accounts (the subscription's SKU list), then reads
    each region's models list once, concurrently: model, version, format, deployment SKUs with
    their capacity bounds, lifecycle stage, retirement and SKU deprecation dates, default version
    and whether fine-tuned models may be deployed there. The file is stamped with when and where
    (cloud, Resource Manager endpoint, api-version) it was read; nothing in it names the
    subscription, and quotas (which are per subscription) stay out: `aoai preflight` reads them.

    With --all (and --glob), only the regions the stacks use are read (a `location: auto`
    account's candidates included), each once, from the subscription of a stack that uses it (a
    stack's azure-native:subscriptionId, else --subscription): one sign-in for all of them.

    Written atomically (a temporary file, validated, then moved into place). Signs in like
    `aoai preflight` (DefaultAzureCredential; --cloud, --timeout and the other options below).

    Checked before anything is read: each --regions value is a region the shipped snapshot or the
    catalog at the target knows (public cloud; elsewhere only its form), and the target can be
    written. A refresh that finds no model writes nothing.

    Exit code 0 when written (or, with --check, when nothing changed), 1 when --check finds
    differences or the regions read list no model, 2 for bad options, 3 when Azure is
    unreachable, sign-in fails, or a region could not be read (nothing is written then, unless
    --allow-partial).

    Examples:

      aoai catalog refresh --subscription 00000000-0000-0000-0000-000000000000

      aoai catalog refresh --check          # in CI: has Azure changed since the committed catalog?

      aoai catalog refresh --regions swedencentral --regions eastus2 --output /tmp/two-regions.json

      aoai catalog refresh --all            # the regions of every stack, in each stack's subscription
    """
    from azure_openai_toolkit.catalog import default_catalog
    from azure_openai_toolkit.config.paths import what_is_at

    from ..catalog_diff import diff_catalogs
    from ..live.catalog_refresh import (
        LiveModels,
        live_catalog_data,
        read_live,
        require_models,
        validate_regions,
    )
    from ..live.client import open_sessions
    from ..project_catalog import default_catalog_path, project_dir_or_none
    from ..safe_write import check_writable, write_file
    from .live_common import progress_bar

    target = output or default_catalog_path()
    committed = _committed(target) if check else None
    if pattern is not None and not all_:
        raise AoaiError("--glob goes with --all")
    if all_ and regions:
        raise AoaiError("--regions and --all both choose the regions: give one of them")
    # What the models list does not say (region names and data zones, capacity units, published
    # default quotas) comes from the shipped snapshot: a broken project file never blocks its repair.
    reference = default_catalog()
    # Everything that would refuse the result is checked before the refresh, which may take minutes.
    wanted = validate_regions(regions or [], _known_regions(reference, target, connection.cloud))
    if committed is None:
        check_writable(target)
    if all_:
        plan = _stack_regions(select_stacks(pattern), connection, reference)
    else:  # the given regions, or (none given) every region the subscription's SKU list offers
        plan = {connection.settings().subscription_id: wanted}
    settings = [connection.settings(subscription) for subscription in plan]
    with azure_access(), open_sessions(settings) as sessions:
        models = LiveModels()
        with progress_bar("reading the models list") as bar:
            for session, wanted in zip(sessions, plan.values(), strict=True):
                part = read_live(session, wanted, bar)
                models.offers.update(part.offers)
                models.not_read.update(part.not_read)
        requests = sum(session.counter.count for session in sessions)
        data = live_catalog_data(
            sessions[0], models, connection.cloud, reference, datetime.datetime.now(datetime.UTC)
        )
    if models.not_read and not (allow_partial and models.offers):
        lines = [f"  {region}: {why}" for region, why in sorted(models.not_read.items())]
        raise AoaiError(
            f"{len(models.not_read)} region(s) could not be read, so nothing was written:\n"
            + "\n".join(lines)
            + "\nRun again, leave them out with --regions, or keep what was read with --allow-partial.",
            ExitCode.AZURE,
        )
    require_models(models, data)
    live = _parse(data, target)
    if committed is not None:
        changes = diff_catalogs(committed, live)
        _report_changes(committed, live, changes, as_json, f"catalog check of {_display(target)}")
        if changes:
            raise typer.Exit(int(ExitCode.PROBLEMS))
        return
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    like = (project_dir_or_none() or target.parent) / "Pulumi.yaml"
    like_found = what_is_at(like).is_file
    write_file(target, text, accept=lambda temp: _accept(temp, target), like=like if like_found else None)
    summary = {
        "written": str(target),
        "catalog": live.stamp,
        "regions": len(models.offers),
        "regionsNotRead": models.not_read,
        "models": len(live.data.models),
        "armRequests": requests,
    }
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        out.print(
            f"[green]✓[/] wrote {escape(str(target))}: {summary['models']} model versions in "
            f"{summary['regions']} regions ({escape(live.stamp)}; {requests} ARM requests)",
            soft_wrap=True,
        )
        for region, why in sorted(models.not_read.items()):
            err.print(f"[yellow]warning:[/] {region} not read: {escape(why)}", soft_wrap=True)


def _stack_regions(
    stacks: list[StackRef], connection: ConnectionOptions, catalog: Catalog
) -> dict[str, list[str]]:
    """The regions the stacks use, per subscription that reads them: each region once, from the
    first subscription (in stack order) with a stack there. AoaiError (exit 2, nothing read) when
    a stack is invalid or names no subscription: its regions are unknown."""
    from azure_openai_toolkit.config import AUTO
    from azure_openai_toolkit.placement import candidate_regions

    from ..live.facts import region_key
    from ..stack_report import load_contract

    plan: dict[str, list[str]] = {}
    claimed: set[str] = set()
    problems: list[str] = []
    for ref in stacks:
        try:
            config = load_contract(ref)
            subscription = connection.settings(stack_subscription(ref)).subscription_id
        except AoaiError as error:
            problems.append(f"{ref.display}: {error}")
            continue
        used: set[str] = set()
        for key, account in config.accounts.items():
            location = config.account_location(key) or ""
            used.update(candidate_regions(account, catalog) if location == AUTO else [region_key(location)])
        plan.setdefault(subscription, []).extend(sorted(used - claimed))
        claimed |= used
    if problems:
        raise AoaiError(
            "the regions of these stacks are unknown, so nothing was read:\n" + "\n".join(problems)
        )
    return {subscription: regions for subscription, regions in plan.items() if regions}


def _known_regions(reference: Catalog, target: Path, cloud: str) -> set[str] | None:
    """Regions --regions may name: the shipped snapshot's and those of the catalog already at the
    target (a refresh of every region found live writes them all). None outside the public cloud,
    which the snapshot does not cover: there only the form of a name is checked."""
    from azure_openai_toolkit.catalog import CatalogError, load_catalog
    from azure_openai_toolkit.config.paths import what_is_at

    if cloud != "public":
        return None
    known = set(reference.regions)
    # A broken file is the refresh's to replace, not a reason to refuse it; what_is_at, not
    # Path.is_file, so a target name too long for the file system reaches check_writable's message.
    with contextlib.suppress(CatalogError):
        if what_is_at(target).is_file:
            known.update(load_catalog(target).regions)
    return known


def _committed(target: Path) -> Catalog:
    from azure_openai_toolkit.config.paths import what_is_at

    found = what_is_at(target)
    if not found.missing and not found.is_file:
        raise AoaiError(f"{target}: is {found.what}, not a catalog file to check against")
    if not found.is_file:
        raise AoaiError(
            f"{target}: no committed catalog to check against; write one with `aoai catalog refresh` "
            "and commit it"
        )
    return _load(str(target))


def _parse(data: dict[str, Any], target: Path) -> Catalog:
    from azure_openai_toolkit.catalog import CatalogError, CatalogOrigin, parse_catalog

    try:
        return parse_catalog(data, "the live catalog", CatalogOrigin("project", target, _display(target)))
    except CatalogError as error:  # Azure answered something the catalog cannot hold: a bug to report
        raise AoaiError(f"{error} (nothing was written)", ExitCode.AZURE) from None


def _accept(temp: Path, target: Path) -> None:
    from azure_openai_toolkit.catalog import CatalogError, load_catalog

    try:
        load_catalog(temp)
    except CatalogError as error:
        raise AoaiError(f"{target} not written: {error}") from None


HELP = (
    "The model catalog: which one is used, refreshing it from live Azure, comparing two.\n\n"
    f"Commands answer from {ENV_CATALOG} if set, else {PROJECT_CATALOG} next to Pulumi.yaml, else the "
    f"snapshot shipped with the toolkit. One older than {ENV_MAX_AGE} days (default "
    f"{DEFAULT_MAX_AGE_DAYS}) gives a warning saying how to refresh it."
)
