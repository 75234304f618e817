"""The `aoai` command line: typer app wiring, and the one place errors become exit codes."""

from __future__ import annotations

import functools
import gc
import sys
import warnings
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape

from .commands import catalog
from .commands.export_arm import export_arm
from .commands.init import init
from .commands.list_stacks import stacks
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


catalog_app = typer.Typer(
    name="catalog", help=catalog.HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None
)
app.add_typer(catalog_app)


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


def _command(function: Callable[..., Any], target: typer.Typer = app) -> Callable[..., Any]:
    """Register a command whose AoaiError becomes a message on stderr and its exit code."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        from azure_openai_toolkit.catalog_choice import reset_announcements

        reset_announcements()
        try:
            return function(*args, **kwargs)
        except AoaiError as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(int(error.code)) from None

    return target.command()(run)


for _function in (
    init,
    validate,
    plan,
    export_arm,
    models,
    place,
    schema,
    new_env,
    stacks,
    preflight,
    verify,
    purge,
):
    _command(_function)
for _function in (catalog.refresh, catalog.diff, catalog.show):
    _command(_function, catalog_app)


def main() -> None:
    # One command, then the process ends and frees everything at once. Python's cyclic collector
    # would spend most of an offline plan walking objects that stay alive until then (measured
    # and explained in aoai/offline/runner.py), so the process runs without it.
    gc.disable()
    try:
        app()
    finally:
        _close_event_loop()
        # Python still collects once while it shuts down, collector off or not; objects frozen now
        # are left out of that last walk (2.1 s of exit after a 385-resource plan, 0.07 s frozen).
        gc.freeze()


def _close_event_loop() -> None:
    """Close the asyncio loop Pulumi's mock engine ran on, before interpreter shutdown.

    Left to the garbage collector at exit, the loop may be finalised after its self-pipe socket
    and print "Exception ignored ... Invalid file descriptor: -1" after a successful command.
    Commands that never planned never loaded asyncio: nothing to close.
    """
    if "asyncio" not in sys.modules:
        return
    import asyncio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
