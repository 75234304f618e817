"""`aoai purge`: permanently delete a soft-deleted account of the stack, explicitly and confirmed."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
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

    Refused for protected stacks (environment prod/production or protect: true). Asks for
    confirmation unless --yes is given.

    Exit code 0 when purged or there is nothing to purge, 1 when not confirmed or Azure refused
    the purge, 2 for a protected stack or bad options, 3 when Azure is unreachable, sign-in fails
    or the identity lacks the rights.

    Examples:

      aoai purge --stack dev --account primary

      aoai purge --stack dev --account primary --yes --json
    """
    from azure.core.exceptions import ResourceNotFoundError

    from ..live.client import open_session

    ref, config, locations = load_stack(stack)
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
    name, rg, location = config.account_name(account), config.resource_group_name, locations[account]
    report: dict[str, Any] = {
        "stack": ref.name,
        "account": account,
        "name": name,
        "resourceGroup": rg,
        "location": location,
    }
    with azure_access(PURGE_RIGHTS), open_session(settings) as session:
        client = session.client
        try:
            client.deleted_accounts.get(location, rg, name)
        except ResourceNotFoundError:
            exists = _exists(client, rg, name)
            state = "exists and is not deleted" if exists else "does not exist"
            _finish(
                {**report, "purged": False, "reason": f"account {name} {state}; nothing to purge"},
                True,
                as_json,
            )
            return
        if not yes and not _confirmed(name, rg, location):
            _finish({**report, "purged": False, "reason": "not confirmed; nothing purged"}, False, as_json)
            raise typer.Exit(int(ExitCode.PROBLEMS))
        with err.status(f"purging {name} in {location} ..."):
            poller = client.deleted_accounts.begin_purge(location, rg, name)
            poller.wait(timeout=session.deadline.remaining())
            if not poller.done():
                raise AoaiError(
                    f"the purge of {name} did not finish within --timeout; it may still complete: "
                    f"run `aoai purge --stack {ref.name} --account {account}` again to see",
                    ExitCode.AZURE,
                )
            poller.result()
    _finish(
        {**report, "purged": True, "reason": f"purged {name}; its name and subdomain are free again"},
        True,
        as_json,
    )


def _exists(client: Any, resource_group: str, name: str) -> bool:
    from azure.core.exceptions import ResourceNotFoundError

    try:
        client.accounts.get(resource_group, name)
    except ResourceNotFoundError:
        return False
    return True


def _confirmed(name: str, resource_group: str, location: str) -> bool:
    question = (
        f"Permanently purge the soft-deleted account {name} (resource group {resource_group}, {location})? "
        "Its deployments and data cannot be recovered"
    )
    try:
        return typer.confirm(question, default=False, err=True)
    except typer.Abort:  # no answer (stdin closed): not confirmed
        return False


def _finish(report: dict[str, Any], ok: bool, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(report))
    else:
        out.print(f"{'[green]✓[/]' if ok else '[yellow]![/]'} {escape(report['reason'])}", soft_wrap=True)
