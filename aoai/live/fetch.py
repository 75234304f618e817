"""Fetching facts concurrently: the bounded task runner, and the reads every command shares.

Tasks run at most --concurrency at once, all under the run's deadline. A task that fails leaves a
failure in its place (that part is then reported as not checked); an authentication or
authorization failure stops the run. What preflight and verify read, and in which waves, is in
subscription.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from azure.core.exceptions import DeserializationError, HttpResponseError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices import models as sdk

from azure_openai_toolkit.config import StackConfig

from . import facts
from .boundary import listed
from .client import Deadline
from .errors import FETCH_ERRORS, AzureAccessError, AzureFailure, classify
from .raw_lists import fetch_models, fetch_quotas

__all__ = ["fetch_models", "fetch_quotas"]  # the region lists are read as JSON (raw_lists.py)

ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
# The api-version whose account answers carry Microsoft's automatic-upgrade block
# (foundryAutoUpgrade; Microsoft Learn, upgrade-azure-openai-auto.md, ms.date 2026-08-19). A
# preview: when Azure stops serving it, accounts are read with the SDK's own api-version and their
# upgrade status is reported as not read.
UPGRADE_STATUS_API = "2026-01-15-preview"
K = TypeVar("K")
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T | None = None
    failure: AzureFailure | None = None


def _guarded(task: Callable[[], T]) -> Outcome[T]:
    try:
        return Outcome(value=task())
    except FETCH_ERRORS as error:
        return Outcome(failure=classify(error))


FollowUp = Callable[[K, Outcome[T]], Mapping[K, Callable[[], T]]]


def run_concurrently(
    tasks: Mapping[K, Callable[[], T]],
    *,
    concurrency: int,
    deadline: Deadline,
    on_done: Callable[[K], None] | None = None,
    then: FollowUp[K, T] | None = None,
) -> dict[K, Outcome[T]]:
    """Run the tasks with at most `concurrency` at once; stop waiting at the deadline.

    `then(key, outcome)`, called as each task finishes, may return more tasks: they join the same
    bounded pool at once, so a read that depends on another starts as soon as that one answered,
    not after the slowest read of its wave.

    Raises AzureAccessError on the first authentication/authorization failure (the other tasks
    are cancelled). Tasks still running at the deadline come back as a "timeout" failure.
    """
    done: dict[K, Outcome[T]] = {}
    keys: list[K] = list(tasks)
    workers = concurrency if then is not None else min(concurrency, len(tasks))
    executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="aoai-arm")
    pending = {executor.submit(_guarded, task): key for key, task in tasks.items()}
    try:
        while pending:
            finished, _ = wait(pending, timeout=deadline.remaining(), return_when=FIRST_COMPLETED)
            if not finished:
                break  # the deadline: whatever is unfinished is reported as timed out below
            for future in finished:
                key = pending.pop(future)
                outcome = future.result()
                if outcome.failure is not None and outcome.failure.ends_run:
                    deadline.cancel()  # the other tasks send nothing more
                    raise AzureAccessError(outcome.failure)
                done[key] = outcome
                if on_done is not None:
                    on_done(key)
                for new_key, task in (then(key, outcome) if then is not None else {}).items():
                    keys.append(new_key)
                    pending[executor.submit(_guarded, task)] = new_key
    finally:
        # In-flight requests end on their own: their timeouts are capped by the deadline.
        executor.shutdown(wait=False, cancel_futures=True)
    late = AzureFailure("timeout", f"no answer within the run's --timeout of {deadline.seconds:g}s")
    return {key: done.get(key, Outcome(failure=late)) for key in keys}


# -- single fetches (each a few SDK calls) -----------------------------------------------------


def _present(account: sdk.Account | None) -> sdk.Account:
    """The account of a 200 answer. A `null` body deserializes to no account (any other body that
    is not a JSON object fails to deserialize): malformed, like any answer not of the expected shape."""
    if account is None:
        raise DeserializationError("Azure answered an account read with an empty (null) body")
    return account


def _with_body(
    response: Any, account: sdk.Account | None, _headers: Any
) -> tuple[sdk.Account, dict[str, Any]]:
    return _present(account), response.http_response.json()


def preview_not_served(error: HttpResponseError) -> bool:
    """ARM's answer to an api-version it no longer (or not yet) serves: 400."""
    return error.status_code == 400


def fetch_account(
    client: CognitiveServicesManagementClient, resource_group: str, name: str
) -> tuple[sdk.Account, dict[str, Any] | None]:
    """The account and its raw body at UPGRADE_STATUS_API (None: that api-version is not served).
    Raises ResourceNotFoundError when the account does not exist."""
    try:
        answer: tuple[sdk.Account, dict[str, Any]] = client.accounts.get(  # type: ignore[assignment]
            resource_group, name, api_version=UPGRADE_STATUS_API, cls=_with_body
        )
        return answer
    except HttpResponseError as error:
        if not preview_not_served(error):
            raise
    return _present(client.accounts.get(resource_group, name)), None


def fetch_deleted(client: CognitiveServicesManagementClient) -> tuple[facts.DeletedAccount, ...]:
    return tuple(d for item in listed(client.deleted_accounts.list) if (d := facts.deleted_account(item)))


# -- what each command gathers -----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One account of the stack as Azure will know it."""

    key: str
    name: str
    location: str
    subdomain: str | None
    kind: str = facts.OPENAI


def targets_of(config: StackConfig, locations: Mapping[str, str]) -> list[Target]:
    return [
        Target(k, config.account_name(k), locations[k], config.subdomain(k), config.accounts[k].kind)
        for k in config.accounts
    ]
