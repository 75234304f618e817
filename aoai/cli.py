"""The `aoai` command line: typer app wiring, and the one place errors become exit codes."""

from __future__ import annotations

import asyncio
import functools
import warnings
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape

from .commands.adopt import adopt
from .commands.export_arm import export_arm
from .commands.init import init
from .commands.models import models
from .commands.new_env import new_env
from .commands.place import place
from .commands.plan import plan
from .commands.preflight import preflight
from .commands.purge import purge
from .commands.schema import schema
from .commands.validate import validate
from .commands.verify import verify
from .console import err
from .exit_codes import AoaiError

app = typer.Typer(
    name="aoai",
    help="Validate, plan and check the Azure OpenAI stacks of a Pulumi project (azure-openai toolkit).\n\n"
    "Run it inside a Pulumi project (the nearest Pulumi.yaml upwards, or $AOAI_PROJECT_DIR). "
    "Stacks are Pulumi.<name>.yaml in the project's stackConfigDir; --stack takes the name or a "
    "path. Exit codes: 0 all "
    "good, 1 problems found, 2 bad usage or invalid config, 3 Azure unreachable or not "
    "authenticated.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from azure_openai_toolkit import __version__

        typer.echo(f"aoai {__version__} (azure-openai-toolkit)")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the toolkit's version (the azure-openai-toolkit package) and exit.",
        ),
    ] = False,
) -> None:
    """Options of aoai itself (the app's help text is the one above)."""


def _command(function: Callable[..., Any]) -> Callable[..., Any]:
    """Register a command whose AoaiError becomes a message on stderr and its exit code."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AoaiError as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(int(error.code)) from None

    return app.command()(run)


for _function in (
    init, validate, plan, export_arm, models, place, schema, new_env, preflight, verify, purge, adopt
):
    _command(_function)


def main() -> None:
    try:
        app()
    finally:
        _close_event_loop()


def _close_event_loop() -> None:
    """Close the asyncio loop Pulumi's mock engine ran on, before interpreter shutdown.

    Left to the garbage collector at exit, the loop may be finalised after its self-pipe socket
    and print "Exception ignored ... Invalid file descriptor: -1" after a successful command.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
