"""`aoai adopt`: existing Azure OpenAI accounts as a new stack, and the file that imports them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from .live_common import ConnectionOptions, JsonOption, azure_access, fetch_progress, with_connection_options

_STACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@with_connection_options
def adopt(
    account_ids: Annotated[
        list[str],
        typer.Option(
            "--account-id",
            metavar="ID",
            help="Resource id of an account to adopt (repeat for more; all in one resource group).",
        ),
    ],
    connection: ConnectionOptions,
    stack: Annotated[
        str,
        typer.Option("--stack", "-s", metavar="NAME", help="Name of the new stack (Pulumi.<NAME>.yaml)."),
    ] = "adopted",
    environment: Annotated[
        str | None,
        typer.Option(
            "--environment",
            metavar="ENV",
            help="azure-openai:environment of the stack (prod/production protect it). Default: the "
            "stack's name.",
        ),
    ] = None,
    name_prefix: Annotated[
        str | None,
        typer.Option(
            "--name-prefix",
            metavar="PREFIX",
            help="azure-openai:namePrefix (names of accounts added later). Default: the first "
            "account name's first word.",
        ),
    ] = None,
    import_file: Annotated[
        Path | None,
        typer.Option(
            "--import-file",
            metavar="FILE",
            help="Where to write the pulumi import file. Default: import-<stack>.json in the project.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write a stack file that reproduces existing accounts, and the file that imports them.

    Reads each account and what hangs off it (deployments, content filters, private endpoints with
    their DNS zone groups, role assignments at the account, diagnostic settings, locks), writes
    Pulumi.<stack>.yaml in the stack folder (a comment wherever the contract has no key for a
    setting yet) and a `pulumi import --file` document with the names this project's program
    registers. Then it plans the program with the new stack and compares every resource with
    Azure: what the first `pulumi up` would still change is listed, and should be nothing.

    Accounts made in the portal, by the Azure CLI or by the Azure Verified Modules work alike;
    role assignment, private endpoint, diagnostic setting and lock names are kept as they are.

    Exit code 0 when the first pulumi up would change nothing, 1 when something would change or
    could not be read (the files are still written, for review), 2 for bad options, an existing
    stack file or an account that does not exist, 3 when Azure is unreachable or sign-in fails.

    Examples:

      aoai adopt --stack prod --account-id "$ACCOUNT_ID"   # the account's resource id

      pulumi import --stack prod --file import-prod.json --generate-code=false --protect=false
      pulumi preview --stack prod     # expect no changes
    """
    from ..adopt.command import run_adopt

    if not _STACK_NAME.match(stack):
        raise AoaiError(
            f"--stack must be a Pulumi stack name (letters, digits, '_', '.', '-'), got {stack!r}"
        )
    settings = connection.settings()
    with azure_access():
        report = run_adopt(
            settings,
            account_ids,
            stack=stack,
            environment=environment or stack,
            name_prefix=name_prefix,
            import_path=import_file,
            progress=fetch_progress,
        )
    _print(report, as_json)
    if report["exitCode"]:
        raise typer.Exit(int(report["exitCode"]))


def _print(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps({k: v for k, v in report.items() if k != "exitCode"}))
        return
    if not report["written"]:
        out.print("nothing written: the stack file adopt made does not validate:", markup=False)
        for problem in report["problems"]:
            out.print(f"  azure-openai:{problem['path']}: {problem['message']}", markup=False, soft_wrap=True)
    else:
        out.print(f"wrote {report['stackFile']} and {report['importFile']}", markup=False, soft_wrap=True)
    for key, account_id in report["accounts"].items():
        out.print(f"  accounts.{key} <- {account_id}", markup=False, soft_wrap=True)
    out.print(f"  {report['imported']} resource(s) to import", markup=False)
    for note in report["notes"]:
        out.print(f"  note: azure-openai:{note['path']}: {note['text']}", markup=False, soft_wrap=True)
    for missing in report["notChecked"]:
        out.print(f"  not read: {missing['scope']}: {missing['reason']}", markup=False, soft_wrap=True)
    if not report["written"]:
        err.print(
            "the contract refuses the account as it is: change it in Azure, or adopt it into a "
            "stack that allows it (--environment: prod and production are protected), then adopt "
            "again",
            highlight=False,
        )
        return
    if report["changes"]:
        out.print("the first pulumi up after the import would change:", markup=False)
        for change in report["changes"]:
            for line in change["lines"]:
                out.print(f"  {line}", markup=False, soft_wrap=True)
    else:
        out.print("the first pulumi up after the import changes nothing (as planned offline)", markup=False)
    err.print("next:", highlight=False)
    for step in report["next"]:
        err.print(f"  {step}", markup=False, highlight=False, soft_wrap=True)


__all__ = ["ExitCode", "adopt"]
