"""`aoai purge`: permanently delete a soft-deleted account of the stack, explicitly and confirmed."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from azure.core.exceptions import ResourceNotFoundError
from rich.markup import escape

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..live.client import LiveSession, open_session
from ..live.facts import DeletedAccount, same
from ..live.fetch import fetch_deleted
from .live_common import (
    ConnectionOptions,
    JsonOption,
    StackOption,
    azure_access,
    load_stack,
    with_connection_options,
)

PURGE_RIGHTS = (
    "Purging needs rights at subscription scope: the action "
    "Microsoft.CognitiveServices/locations/resourceGroups/deletedAccounts/delete, which for "
    "example Contributor or Cognitive Services Contributor on the subscription (not only on the "
    "resource group) grants. Ask an owner of the subscription to purge it, or to grant that role."
)


@with_connection_options
def purge(
    stack: StackOption,
    account: Annotated[
        str,
        typer.Option("--account", "-a", metavar="KEY", help="The account's key under azure-openai:accounts."),
    ],
    connection: ConnectionOptions,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (CI).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Purge a soft-deleted account of the stack so its name and subdomain can be used again.

    A deleted Azure OpenAI account stays soft-deleted (48 hours) and blocks re-creating an
    account of that name (FlagMustBeSetForRestore) and its subdomain (CustomDomainInUse). Purging
    removes it for good: its deployments and data cannot be recovered. To keep them, set
    `restore: true` on the account instead.

    The account is looked up in the subscription's list of soft-deleted accounts (any region:
    it may have been deleted where the stack no longer puts it); the subscription, resource group
    and region are shown before anything happens. Refused for protected stacks (environment
    prod/production or protect: true). Asks for confirmation on a terminal; without one (CI, a
    pipe) it refuses unless --yes is given.

    Exit code 0 when purged or there is nothing to purge, 1 when not confirmed or Azure refused
    the purge, 2 for a protected stack, bad options or no terminal to confirm on without --yes,
    3 when Azure is unreachable, sign-in fails, the identity lacks the rights, or Azure's answer
    could not be trusted (a link to another host).

    Examples:

      aoai purge --stack dev --account primary

      aoai purge --stack dev --account primary --yes --json
    """
    ref, config, _ = load_stack(stack)
    if account not in config.accounts:
        known = ", ".join(sorted(config.accounts))
        raise AoaiError(
            f"{ref.display}: no account {account!r} under azure-openai:accounts (accounts: {known})"
        )
    if config.protected:
        raise AoaiError(
            f"refused: {ref.display} is a protected stack, and a purge cannot be undone. Set "
            "accounts.<key>.restore: true to recover the account instead; if it really must go, "
            "an owner purges it deliberately with `az cognitiveservices account purge`."
        )
    settings = connection.settings()
    name, rg = config.account_name(account), config.resource_group_name
    report: dict[str, Any] = {
        "stack": ref.name,
        "account": account,
        "name": name,
        "subscription": settings.subscription_id,
        "resourceGroup": rg,
    }
    with azure_access(PURGE_RIGHTS, settings.subscription_id), open_session(settings) as session:
        # The subscription-wide list: the account may have been deleted in any region, not only
        # the one the stack names now (what preflight reports is what purge finds).
        deleted = fetch_deleted(session.client)
        found = [d for d in deleted if same(d.name, name) and same(d.resource_group, rg)]
        report["deleted"] = [_entry(d) for d in found]
        if not found:
            reason = _nothing_to_purge(session, deleted, name, rg)
            _finish({**report, "purged": False, "reason": reason}, True, as_json)
            return
        described = _described(found, settings.subscription_id)
        if not yes:
            if not _can_ask():
                raise AoaiError(
                    "refused: a purge cannot be undone and there is no terminal to confirm it on; "
                    f"run it in a terminal, or pass --yes to purge {described}"
                )
            if not _confirmed(described):
                not_confirmed = {**report, "purged": False, "reason": "not confirmed; nothing purged"}
                _finish(not_confirmed, False, as_json)
                raise typer.Exit(int(ExitCode.PROBLEMS))
        for gone in found:
            _purge(session, gone, rg, ref.name, account)
    where = ", ".join(d.location for d in found)
    reason = f"purged {name} ({where}); its name and subdomain are free again"
    _finish({**report, "purged": True, "reason": reason}, True, as_json)


def _entry(deleted: DeletedAccount) -> dict[str, Any]:
    return {
        "location": deleted.location,
        "resourceGroup": deleted.resource_group,
        "scheduledPurgeDate": deleted.scheduled_purge,
    }


def _purge(session: LiveSession, deleted: DeletedAccount, rg: str, stack: str, account: str) -> None:
    with err.status(f"purging {deleted.name} in {deleted.location} ..."):
        poller = session.client.deleted_accounts.begin_purge(deleted.location, rg, deleted.name)
        poller.wait(timeout=session.deadline.remaining())
        if not poller.done():
            raise AoaiError(
                f"the purge of {deleted.name} did not finish within --timeout; it may still complete: "
                f"run `aoai purge --stack {stack} --account {account}` again to see",
                ExitCode.AZURE,
            )
        poller.result()


def _nothing_to_purge(
    session: LiveSession, deleted: tuple[DeletedAccount, ...], name: str, rg: str
) -> str:
    if _exists(session.client, rg, name):
        return f"account {name} exists and is not deleted; nothing to purge"
    elsewhere = [d for d in deleted if same(d.name, name)]
    if elsewhere:
        groups = ", ".join(f"{d.resource_group} ({d.location})" for d in elsewhere)
        return (
            f"no soft-deleted account {name} in resource group {rg}; accounts of that name are "
            f"soft-deleted in other groups of the subscription: {groups}. They are not this stack's; "
            "nothing purged"
        )
    return f"account {name} does not exist and is not soft-deleted in the subscription; nothing to purge"


def _exists(client: Any, resource_group: str, name: str) -> bool:
    try:
        client.accounts.get(resource_group, name)
    except ResourceNotFoundError:
        return False
    return True


def _can_ask() -> bool:
    """Whether a person can answer: stdin is a terminal (not a pipe, a file, or closed)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed
        return False


def _described(found: list[DeletedAccount], subscription: str) -> str:
    return "; ".join(
        f"{d.name} (subscription {subscription}, resource group {d.resource_group}, region {d.location}"
        + (f", purged by Azure on {d.scheduled_purge}" if d.scheduled_purge else "")
        + ")"
        for d in found
    )


def _confirmed(described: str) -> bool:
    question = (
        f"Permanently purge the soft-deleted account {described}? "
        "Its deployments and data cannot be recovered"
    )
    try:
        return typer.confirm(question, default=False, err=True)
    except (typer.Abort, EOFError):  # no answer (stdin closed): not confirmed
        return False


def _finish(report: dict[str, Any], ok: bool, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(report))
    else:
        out.print(f"{'[green]✓[/]' if ok else '[yellow]![/]'} {escape(report['reason'])}", soft_wrap=True)
