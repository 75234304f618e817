"""What the live commands (preflight, verify, purge) share: connection options, the stack with its
regions, progress, and turning Azure access failures into exit code 3."""

from __future__ import annotations

import datetime
import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from azure_openai_toolkit.catalog import Catalog
from azure_openai_toolkit.config import AUTO, StackConfig
from azure_openai_toolkit.placement import candidate_regions

from ..console import err
from ..exit_codes import AoaiError, ExitCode
from ..live.client import LiveSession
from ..live.errors import FETCH_ERRORS, READER_GUIDANCE, AzureAccessError, AzureFailure, classify
from ..live.facts import ModelOffer, region_key
from ..live.fetch import Outcome
from ..live.findings import Report
from ..live.render import print_report
from ..live.settings import CLOUDS, ConnectionSettings, Limits, resolve_settings
from ..project_catalog import project_catalog
from ..stack_report import load_contract, resolve_for_live
from ..stacks import StackOption, StackRef, resolve_stack

__all__ = ["StackOption"]  # the commands take --stack like every other command

JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")]


@dataclass(frozen=True)
class ConnectionOptions:
    subscription: str | None
    cloud: str
    arm_endpoint: str | None
    timeout: float
    request_timeout: float
    retries: int
    concurrency: int
    retry_backoff: float

    def settings(self) -> ConnectionSettings:
        limits = Limits(
            timeout=self.timeout,
            request_timeout=self.request_timeout,
            retries=self.retries,
            retry_backoff=self.retry_backoff,
            concurrency=self.concurrency,
        )
        return resolve_settings(
            subscription=self.subscription, cloud=self.cloud, arm_endpoint=self.arm_endpoint, limits=limits
        )


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


_DEFAULTS = Limits()
_CONNECTION_PARAMETERS = [
    _option(
        "subscription",
        Annotated[
            str | None,
            typer.Option(
                "--subscription",
                envvar=["AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID"],
                metavar="ID",
                help="Subscription id.",
            ),
        ],
        None,
    ),
    _option(
        "cloud",
        Annotated[
            str,
            typer.Option(
                "--cloud", envvar="AOAI_CLOUD", metavar="CLOUD", help=f"Azure cloud: {', '.join(CLOUDS)}."
            ),
        ],
        "public",
    ),
    _option(
        "arm_endpoint",
        Annotated[
            str | None,
            typer.Option(
                "--arm-endpoint",
                envvar="AOAI_ARM_ENDPOINT",
                metavar="URL",
                help="Resource Manager URL of another cloud (https://...); overrides --cloud's.",
            ),
        ],
        None,
    ),
    _option(
        "timeout",
        Annotated[
            float,
            typer.Option(
                "--timeout", envvar="AOAI_TIMEOUT", metavar="SECONDS", help="Seconds the whole run may take."
            ),
        ],
        _DEFAULTS.timeout,
    ),
    _option(
        "request_timeout",
        Annotated[
            float,
            typer.Option(
                "--request-timeout",
                envvar="AOAI_REQUEST_TIMEOUT",
                metavar="SECONDS",
                help="Seconds one request may take.",
            ),
        ],
        _DEFAULTS.request_timeout,
    ),
    _option(
        "retries",
        Annotated[
            int,
            typer.Option(
                "--retries",
                envvar="AOAI_RETRIES",
                metavar="N",
                help="Retries per request on 408/429/5xx and lost connections.",
            ),
        ],
        _DEFAULTS.retries,
    ),
    _option(
        "concurrency",
        Annotated[
            int,
            typer.Option(
                "--concurrency", envvar="AOAI_CONCURRENCY", metavar="N", help="Requests in flight at once."
            ),
        ],
        _DEFAULTS.concurrency,
    ),
    _option(
        "retry_backoff",
        Annotated[
            float,
            typer.Option(
                "--retry-backoff",
                envvar="AOAI_RETRY_BACKOFF",
                metavar="SECONDS",
                help="Seconds before the second retry, doubling after; a server's Retry-After wins.",
                hidden=True,
            ),
        ],
        _DEFAULTS.retry_backoff,
    ),
]
_CONNECTION_NAMES = [p.name for p in _CONNECTION_PARAMETERS]


def with_connection_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the connection options; they reach it as one `connection` argument."""
    signature = inspect.signature(function, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "connection"]

    @functools.wraps(function)
    def command(**kwargs: Any) -> Any:
        connection = ConnectionOptions(**{name: kwargs.pop(name) for name in _CONNECTION_NAMES})
        return function(connection=connection, **kwargs)

    command.__signature__ = signature.replace(parameters=[*own, *_CONNECTION_PARAMETERS])  # type: ignore[attr-defined]
    command.__annotations__ = {
        **{p.name: p.annotation for p in own},
        **{p.name: p.annotation for p in _CONNECTION_PARAMETERS},
    }
    return command


def load_stack(stack: str) -> tuple[StackRef, StackConfig, dict[str, str]]:
    """The stack's validated config and each account's region; exit 2 with every problem when the
    config breaks the contract or an account cannot be placed. Models, versions and SKUs are not
    judged from the catalog here: live commands take Azure's word for them."""
    ref = resolve_stack(stack)
    config = load_contract(ref)
    resolved = resolve_for_live(ref, config, project_catalog())
    return ref, resolved.config, resolved.locations


def place_live(
    session: LiveSession, config: StackConfig, catalog: Catalog, cloud: str
) -> tuple[dict[str, Outcome[tuple[ModelOffer, ...]]], Catalog]:
    """The models lists that decide where `location: auto` accounts go, and the catalog placement
    uses: the live models list of every candidate region (and of pinned regions, read now so they
    are read once), or the project catalog when every account is pinned."""
    from ..live.catalog_refresh import live_catalog, read_models

    auto = [key for key in config.accounts if config.account_location(key) == AUTO]
    if not auto:
        return {}, catalog
    regions = {region_key(config.account_location(k) or "") for k in config.accounts if k not in auto}
    for key in auto:
        regions.update(candidate_regions(config.accounts[key], catalog))
    with fetch_progress(f"reading the models list of {len(regions)} candidate region(s)") as tick:
        models = read_models(session, sorted(regions), tick)
    known: dict[str, Outcome[tuple[ModelOffer, ...]]] = {
        r: Outcome(value=o) for r, o in models.offers.items()
    }
    for region, reason in models.not_read.items():
        known[region] = Outcome(failure=AzureFailure("unreachable", reason))
    now = datetime.datetime.now(datetime.UTC)
    return known, live_catalog(session, models, cloud, catalog, now)


@contextmanager
def azure_access(
    forbidden_guidance: str = READER_GUIDANCE, subscription: str | None = None
) -> Iterator[None]:
    """Azure failures raised out of a command become its exit code, with what to do.

    Sign-in and authorization failures, unreachable endpoints, timeouts and server errors: 3.
    A request Azure refused on its merits (409 conflict, 400): 1, with Azure's code and message.
    """
    try:
        yield
    except AzureAccessError as error:
        raise error.as_aoai_error(forbidden_guidance, subscription) from None
    except FETCH_ERRORS as error:
        failure = classify(error)
        if failure.ends_run:
            raise AzureAccessError(failure).as_aoai_error(forbidden_guidance, subscription) from None
        code = ExitCode.PROBLEMS if failure.kind == "refused" else ExitCode.AZURE
        raise AoaiError(failure.message, code) from None


@contextmanager
def fetch_progress(what: str) -> Iterator[Callable[[object], None]]:
    """A spinner on stderr counting the answers received; yields the per-answer callback."""
    answers = 0
    with err.status(f"{what} ...") as status:

        def tick(_: object) -> None:
            nonlocal answers
            answers += 1
            status.update(f"{what} ... {answers} answered")

        yield tick


class ProgressBar:
    """A bar on stderr: a description, then answers counted against a total once it is known."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def start(self, description: str, total: int | None) -> None:
        self._progress.update(self._task, description=description, total=total, completed=0)

    def advance(self, _: object = None) -> None:
        self._progress.advance(self._task)


@contextmanager
def progress_bar(what: str) -> Iterator[ProgressBar]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        yield ProgressBar(progress, progress.add_task(what, total=None))


def finish(report: Report, as_json: bool) -> None:
    """Print the report; its exit code ends the command."""
    print_report(report, as_json)
    if report.exit_code:
        raise typer.Exit(int(report.exit_code))


def regions_of(locations: Mapping[str, str]) -> list[str]:
    return sorted({region_key(location) for location in locations.values()})
