"""`aoai place`: where `location: auto` accounts go and why; `--write` pins it in the stack file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..layers import EnvValuesOption, stack_subscription, with_env_values
from ..stacks import StackOption, StackRef, resolve_stack
from .live_common import ConnectionOptions, azure_access, fetch_progress, place_live, with_connection_options

if TYPE_CHECKING:
    from rich.table import Table

    from azure_openai_toolkit.placement import AccountPlacement


def _table(placements: dict[str, AccountPlacement], stamp: str) -> Table:
    from rich.table import Table

    table = Table(title=f"placement ({stamp})", title_justify="left")
    table.add_column("account")
    table.add_column("region")
    table.add_column("why", overflow="fold")
    for key, placement in placements.items():
        region = placement.region or "[red]none[/]"
        table.add_row(key, region, placement.explain())
    return table


def pin_regions(
    stack: StackRef, placements: dict[str, AccountPlacement], stamp: str, live: bool = False
) -> list[str]:
    """Rewrite the stack file with placed regions pinned. Returns the account keys pinned.

    `location: auto` becomes the region; the placement's candidate regions go, but its dataZone
    and distinctFrom stay: they remain rules the pinned region must keep. Works whichever form the
    file uses (azure-openai:accounts or azure-openai:config:accounts) and with accounts built from
    merge keys (<<: *base), whose merged values are overridden, never the shared anchor edited.
    The result must be valid: the contract, and (unless the regions came from live facts, which
    outrank the catalog) the catalog's checks."""
    from ..safe_write import write_file
    from ..stack_edit import StackDocument
    from ..stack_report import load_contract, require_valid

    document = StackDocument.open(stack.path, stack.display)
    accounts_key = document.config_key("accounts")
    accounts = (document.config[accounts_key] if accounts_key else None) or {}
    pinned = []
    for key, placement in placements.items():
        if placement.pinned or placement.region is None:
            continue
        if key not in accounts:
            raise AoaiError(
                f"{stack.display} not written: account {key!r} is declared in another layer "
                "(Pulumi.yaml or an ESC environment; see `aoai config show`): pin its location there"
            )
        account = accounts[key]
        account["location"] = placement.region
        _keep_placement_rules(account)
        try:
            column: int | None = account.lc.key("location")[1] + len(f"location: {placement.region}  ")
        except (KeyError, AttributeError, TypeError):
            column = None  # a key the file did not have (it came from a merge): ruamel places it
        account.yaml_add_eol_comment(f"pinned by aoai place ({stamp})", "location", column=column)
        pinned.append(key)

    def accept(candidate: Path) -> None:
        try:
            candidate_stack = replace(stack, path=candidate)
            if live:
                load_contract(candidate_stack)
            else:
                require_valid(candidate_stack)
        except AoaiError as error:
            raise AoaiError(
                f"{stack.display} not written: the pinned stack would be invalid\n{error}"
            ) from None

    if pinned:
        write_file(stack.path, document.text(), accept=accept, newline=document.newline)
    return pinned


def _keep_placement_rules(account: Any) -> None:
    """Drop placement.regions; keep dataZone and distinctFrom (or drop an emptied placement)."""
    from ruamel.yaml.comments import CommentedMap

    placement = account.get("placement")
    if not isinstance(placement, dict):
        return
    kept = {k: placement[k] for k in ("dataZone", "distinctFrom") if k in placement}
    own = "placement" in getattr(account, "_ok", set(account))  # ruamel: keys not from a merge
    if own and "regions" in placement:
        if kept:
            placement.pop("regions")
        else:
            del account["placement"]
    elif not own:
        # Merged from an anchor other accounts share: override it here instead of editing it.
        account["placement"] = CommentedMap(kept) if kept else None


@with_connection_options
def place(
    stack: StackOption,
    connection: ConnectionOptions,
    write: Annotated[
        bool, typer.Option("--write", help="Pin the chosen regions in the stack file (comments kept).")
    ] = False,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Prefer regions where Azure reports enough available capacity (signs in; the "
            "connection options below apply).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Show the region of every account and why; resolve `location: auto` from the catalog.

    Candidates are placement.regions in order (or the data zone's regions, alphabetically);
    the first candidate where every deployment of the account is offered wins, keeping
    distinctFrom partners in different regions. With --write the chosen regions replace
    `location: auto` (and the placement block) in the stack file, keeping its comments and
    formatting; nothing is written if any account cannot be placed or the result is invalid.

    With --live, the live models list of every candidate region decides what is offered there
    (never the catalog), and Azure's model capacities API (one call per model version, for every region at
    once) says where the subscription can still deploy each deployment's capacity; fitting
    candidates with room for all of an account's deployments go first, in preference order.

    Exit code 0 when every account has a region, 2 when one cannot be placed or the stack is
    invalid, 3 (with --live) when Azure is unreachable or sign-in fails.

    Examples:

      aoai place --stack sandbox

      aoai place --stack sandbox --live --write
    """
    from azure_openai_toolkit.config import ConfigError
    from azure_openai_toolkit.placement import no_fit_message, place_accounts

    from ..layers import load_config
    from ..live.capacity import room_for_auto_accounts
    from ..project_catalog import project_catalog

    ref = with_env_values(resolve_stack(stack), env_values)
    try:
        # Pinning is how a protected stack stops saying `location: auto`, so allow reading it.
        config = load_config(ref, allow_auto_on_protected=True)
    except ConfigError as error:
        raise AoaiError(str(error)) from None
    catalog = project_catalog()
    room = None
    if live:
        from ..live.client import open_session

        with azure_access(), open_session(connection.settings(stack_subscription(ref))) as session:
            known, catalog = place_live(session, config, catalog, connection.cloud)
            unread = {region: o.failure.message for region, o in known.items() if o.failure is not None}
            if unread:
                details = "; ".join(f"{region}: {why}" for region, why in sorted(unread.items()))
                raise AoaiError(
                    f"could not read the models list, so --live cannot be honoured: {details}", ExitCode.AZURE
                )
            with fetch_progress("reading available capacity") as tick:
                room = room_for_auto_accounts(config, session, tick)
    placements = place_accounts(config, catalog, room)
    failed = {k: p for k, p in placements.items() if p.region is None}
    if as_json:
        report: dict[str, Any] = {
            "stack": ref.name,
            "catalogAsOf": catalog.as_of,
            "catalog": catalog.stamp,
            "liveCapacity": live,
            "accounts": {
                k: {"region": p.region, "pinned": p.pinned, "why": p.explain()} for k, p in placements.items()
            },
        }
        out.print_json(json.dumps(report))
    else:
        out.print(_table(placements, catalog.stamp))
    if failed:
        lines = [
            f"azure-openai:accounts.{k}.location: {no_fit_message(p, catalog)}" for k, p in failed.items()
        ]
        raise AoaiError("\n".join(lines), ExitCode.INVALID)
    if write:
        pinned = pin_regions(ref, placements, catalog.stamp, live)
        message = (
            f"pinned {', '.join(pinned)} in {ref.display}"
            if pinned
            else "nothing to pin: every region is set"
        )
        err.print(message)
