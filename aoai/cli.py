"""The `aoai` command line: typer app wiring, and the one place errors become exit codes.

Every command runs inside one guard: an AoaiError is a message and its exit code; anything else
is a bug, reported in one line with exit code 4, and with its traceback only under --debug (or
AOAI_DEBUG=1). No traceback reaches a user otherwise.
"""

from __future__ import annotations

import functools
import gc
import inspect
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape

from .commands import catalog, config_show
from .commands.adopt import adopt
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
from .exit_codes import AoaiError, ExitCode

DEBUG = "aoai.debug"

app = typer.Typer(
    name="aoai",
    help="Validate, plan and check the Azure OpenAI stacks of a Pulumi project (azure-openai toolkit).\n\n"
    "Run it inside a Pulumi project (the nearest Pulumi.yaml upwards, or $AOAI_PROJECT_DIR). "
    "Stacks are Pulumi.<name>.yaml in the project's stackConfigDir; --stack takes the name or a "
    "path. Exit codes: 0 all "
    "good, 1 problems found, 2 bad usage or invalid config, 3 Azure unreachable or not "
    "authenticated, 4 an unexpected error (a bug; --debug shows its traceback).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


catalog_app = typer.Typer(
    name="catalog", help=catalog.HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None
)
app.add_typer(catalog_app)
config_app = typer.Typer(
    name="config", help=config_show.HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None
)
app.add_typer(config_app)


def _print_version(value: bool) -> None:
    if value:
        from azure_openai_toolkit import __version__

        typer.echo(f"aoai {__version__} (azure-openai-toolkit)")
        raise typer.Exit()


@app.callback()
def _options(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the toolkit's version (the azure-openai-toolkit package) and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="AOAI_DEBUG",
            help="On an unexpected error (exit code 4), print its full traceback to report it.",
        ),
    ] = False,
) -> None:
    """Options of aoai itself (the app's help text is the one above)."""
    context.meta[DEBUG] = debug


def report_bug(error: BaseException, debug: bool) -> None:
    """An unexpected exception: one line saying it is a bug, the traceback only when asked."""
    text = str(error)
    detail = f"{type(error).__name__}: {text[:300]}{'…' if len(text) > 300 else ''}"
    if debug:
        err.print("".join(traceback.format_exception(error)), markup=False, highlight=False)
    err.print(
        f"[red]error:[/] unexpected error, a bug in aoai ({escape(detail)}). "
        + ("Please report it with the traceback above." if debug else "Run again with --debug for details."),
        highlight=False,
        soft_wrap=True,
    )


CONTEXT = "aoai_context"


def _command(function: Callable[..., Any], target: typer.Typer = app) -> Callable[..., Any]:
    """Register a command inside the guard: AoaiError -> its message and exit code; typer's own
    exits and usage errors pass through; anything else is a bug (exit 4)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        from azure_openai_toolkit.catalog_choice import reset_announcements

        context: typer.Context = kwargs.pop(CONTEXT)
        reset_announcements()
        try:
            return function(*args, **kwargs)
        except AoaiError as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(int(error.code)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as error:
            report_bug(error, bool(context.find_root().meta.get(DEBUG)))
            raise typer.Exit(int(ExitCode.BUG)) from None

    # typer hands the click context to a parameter annotated typer.Context: the guard's own.
    signature = inspect.signature(function, eval_str=True)
    extra = inspect.Parameter(CONTEXT, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
    run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), extra])  # type: ignore[attr-defined]
    run.__annotations__ = {**getattr(function, "__annotations__", {}), CONTEXT: typer.Context}
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
    adopt,
):
    _command(_function)
for _function in (catalog.refresh, catalog.diff, catalog.show):
    _command(_function, catalog_app)
_command(config_show.show, config_app)


def main() -> None:
    # One command, then the process ends and frees everything at once. Python's cyclic collector
    # would spend most of an offline plan walking objects that stay alive until then (measured
    # and explained in aoai/offline/runner.py), so the process runs without it.
    gc.disable()
    try:
        app()
    except Exception as error:  # outside any command (option parsing, the callback): still a bug
        report_bug(error, debug=_env_debug())
        raise SystemExit(int(ExitCode.BUG)) from None
    finally:
        _close_event_loop()
        # Python still collects once while it shuts down, collector off or not; objects frozen now
        # are left out of that last walk (2.1 s of exit after a 385-resource plan, 0.07 s frozen).
        gc.freeze()


def _env_debug() -> bool:
    return os.environ.get("AOAI_DEBUG", "").lower() in ("1", "true", "yes")


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
