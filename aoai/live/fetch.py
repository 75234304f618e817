"""Fetching the facts the checks need: every independent ARM call concurrently, each once.

Preflight fans out one task per (region, API) and per account, bounded by --concurrency, all
under the run's deadline. A task that fails leaves a failure in its place (that part is then
reported as not checked); an authentication or authorization failure stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar, cast

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices import models as sdk

from azure_openai_toolkit.config import StackConfig

from . import facts
from .boundary import listed
from .client import Deadline, LiveSession
from .errors import FETCH_ERRORS, AzureAccessError, AzureFailure, classify
from .findings import NotChecked

ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
# The api-version whose account answers carry Microsoft's automatic-upgrade block
# (foundryAutoUpgrade; Microsoft Learn, upgrade-azure-openai-auto.md, ms.date 2026-08-19). A
# preview: when Azure stops serving it, the account is read with the SDK's own api-version and its
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


def run_concurrently(
    tasks: Mapping[K, Callable[[], T]],
    *,
    concurrency: int,
    deadline: Deadline,
    on_done: Callable[[K], None] | None = None,
) -> dict[K, Outcome[T]]:
    """Run the tasks with at most `concurrency` at once; stop waiting at the deadline.

    Raises AzureAccessError on the first authentication/authorization failure (the other tasks
    are cancelled). Tasks still running at the deadline come back as a "timeout" failure.
    """
    done: dict[K, Outcome[T]] = {}
    executor = ThreadPoolExecutor(
        max_workers=max(1, min(concurrency, len(tasks))), thread_name_prefix="aoai-arm"
    )
    futures = {executor.submit(_guarded, task): key for key, task in tasks.items()}
    try:
        for future in as_completed(futures, timeout=deadline.remaining()):
            key = futures[future]
            outcome = future.result()
            if outcome.failure is not None and outcome.failure.ends_run:
                deadline.cancel()  # the other tasks send nothing more
                raise AzureAccessError(outcome.failure)
            done[key] = outcome
            if on_done is not None:
                on_done(key)
    except TimeoutError:
        pass  # whatever is unfinished is reported as timed out below
    finally:
        # In-flight requests end on their own: their timeouts are capped by the deadline.
        executor.shutdown(wait=False, cancel_futures=True)
    late = AzureFailure("timeout", f"no answer within the run's --timeout of {deadline.seconds:g}s")
    return {key: done.get(key, Outcome(failure=late)) for key in tasks}


# -- single fetches (each a few SDK calls) -----------------------------------------------------


def fetch_models(client: CognitiveServicesManagementClient, location: str) -> tuple[facts.ModelOffer, ...]:
    return tuple(offer for item in listed(client.models.list, location) if (offer := facts.model_offer(item)))


def fetch_quotas(client: CognitiveServicesManagementClient, location: str) -> tuple[facts.Quota, ...]:
    return tuple(q for item in listed(client.usages.list, location) if (q := facts.quota(item)))


def fetch_account_sku(
    client: CognitiveServicesManagementClient, location: str, kind: str = facts.OPENAI
) -> tuple[bool, str | None]:
    """Whether an account of `kind` / S0 may be created in the region by this subscription, and why not."""
    result = client.check_sku_availability(location, ["S0"], kind, ACCOUNT_TYPE)
    for item in result.value or []:
        if facts.same(item.sku_name, "S0"):
            reason = " ".join(p for p in (item.reason, item.message) if p) or None
            return bool(item.sku_available), reason
    return False, "the answer did not mention SKU S0"


def _with_body(response: Any, account: sdk.Account, _headers: Any) -> tuple[sdk.Account, dict[str, Any]]:
    body = response.http_response.json()
    return account, body if isinstance(body, dict) else {}


def fetch_account(
    client: CognitiveServicesManagementClient, resource_group: str, name: str
) -> tuple[sdk.Account, dict[str, Any] | None]:
    """The account and its raw body at UPGRADE_STATUS_API (None: that api-version is not served)."""
    try:
        answer: tuple[sdk.Account, dict[str, Any]] = client.accounts.get(  # type: ignore[assignment]
            resource_group, name, api_version=UPGRADE_STATUS_API, cls=_with_body
        )
        return answer
    except ResourceNotFoundError:
        raise
    except HttpResponseError as error:
        if error.status_code != 400:
            raise
    # 400: the preview api-version is no longer (or not yet) served here.
    return client.accounts.get(resource_group, name), None


def fetch_live_account(
    client: CognitiveServicesManagementClient, resource_group: str, name: str
) -> facts.LiveAccount | None:
    """The account with its deployments, RAI policies, projects and upgrade status; None when it
    does not exist."""
    try:
        account, raw = fetch_account(client, resource_group, name)
    except ResourceNotFoundError:
        return None
    deployments = listed(client.deployments.list, resource_group, name)
    policies = listed(client.rai_policies.list, resource_group, name)
    foundry = facts.same(account.kind, facts.FOUNDRY)
    projects = listed(client.projects.list, resource_group, name) if foundry else []
    return facts.live_account(account, deployments, policies, raw, projects)


def fetch_subdomain(
    client: CognitiveServicesManagementClient, subdomain: str, kind: str = facts.OPENAI
) -> tuple[bool, str | None]:
    answer = client.check_domain_availability(subdomain, ACCOUNT_TYPE, kind=kind)
    return bool(answer.is_subdomain_available), answer.reason


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


def gather_preflight(
    session: LiveSession,
    config: StackConfig,
    locations: Mapping[str, str],
    on_done: Callable[[object], None] | None = None,
    known_models: Mapping[str, Outcome[tuple[facts.ModelOffer, ...]]] | None = None,
) -> tuple[facts.PreflightFacts, list[NotChecked]]:
    """Every fact preflight needs: per region (models, usages, account SKU) once, per account
    (live state, subdomain), and the subscription's soft-deleted accounts. Models lists already
    read (to place `location: auto` accounts) are passed in `known_models`, not read again."""
    client, rg = session.client, config.resource_group_name
    targets = targets_of(config, locations)
    regions = sorted({facts.region_key(t.location) for t in targets})
    known = dict(known_models or {})
    tasks: dict[tuple[str, str], Callable[[], object]] = {}
    for region in regions:
        if region not in known:
            tasks[("models", region)] = partial(fetch_models, client, region)
        tasks[("usages", region)] = partial(fetch_quotas, client, region)
        for kind in sorted({t.kind for t in targets if facts.region_key(t.location) == region}):
            tasks[(f"sku {kind}", region)] = partial(fetch_account_sku, client, region, kind)
    for t in targets:
        tasks[("account", t.key)] = partial(fetch_live_account, client, rg, t.name)
        if t.subdomain is not None:
            tasks[("subdomain", t.key)] = partial(fetch_subdomain, client, t.subdomain, t.kind)
    tasks[("deleted", "")] = partial(fetch_deleted, client)
    results: dict[tuple[str, str], Outcome[object]] = dict(
        run_concurrently(
            tasks, concurrency=session.settings.limits.concurrency, deadline=session.deadline, on_done=on_done
        )
    )
    results.update({("models", r): cast(Outcome[object], known[r]) for r in regions if r in known})
    return _assemble(targets, regions, results)


def _assemble(
    targets: list[Target], regions: list[str], results: Mapping[tuple[str, str], Outcome[object]]
) -> tuple[facts.PreflightFacts, list[NotChecked]]:
    gathered = facts.PreflightFacts()
    missing: list[NotChecked] = []
    for region in regions:
        skus = {
            task[0].removeprefix("sku "): outcome
            for task, outcome in results.items()
            if task[1] == region and task[0].startswith("sku ")
        }
        models, usages = results[("models", region)], results[("usages", region)]
        failure = next((o.failure for o in (*skus.values(), models, usages) if o.failure), None)
        if failure is not None:
            in_region = tuple(t.key for t in targets if facts.region_key(t.location) == region)
            missing.append(NotChecked(f"region {region}", failure.message, in_region))
            continue
        gathered.regions[region] = facts.RegionFacts(
            region,
            cast(tuple[facts.ModelOffer, ...], models.value),
            cast(tuple[facts.Quota, ...], usages.value),
            {kind: cast(tuple[bool, str | None], outcome.value) for kind, outcome in skus.items()},
        )
    for t in targets:
        account = results[("account", t.key)]
        subdomain = results.get(("subdomain", t.key), Outcome(value=(None, None)))
        failure = account.failure or subdomain.failure
        if failure is not None:
            missing.append(NotChecked(f"account {t.key}", failure.message, (t.key,)))
            continue
        free, why = cast(tuple[bool | None, str | None], subdomain.value)
        gathered.accounts[t.key] = facts.AccountFacts(
            cast(facts.LiveAccount | None, account.value), free, why
        )
    deleted = results[("deleted", "")]
    if deleted.failure is not None:
        keys = tuple(t.key for t in targets)
        missing.append(NotChecked("soft-deleted accounts", deleted.failure.message, keys))
    else:
        gathered.deleted = cast(tuple[facts.DeletedAccount, ...], deleted.value)
    return gathered, missing


def gather_live_accounts(
    session: LiveSession,
    config: StackConfig,
    locations: Mapping[str, str],
    on_done: Callable[[object], None] | None = None,
) -> tuple[dict[str, facts.LiveAccount | None], list[NotChecked]]:
    """The live state of every account of the stack (None: it does not exist)."""
    client, rg = session.client, config.resource_group_name
    targets = targets_of(config, locations)
    tasks = {t.key: partial(fetch_live_account, client, rg, t.name) for t in targets}
    results = run_concurrently(
        tasks, concurrency=session.settings.limits.concurrency, deadline=session.deadline, on_done=on_done
    )
    live: dict[str, facts.LiveAccount | None] = {}
    missing: list[NotChecked] = []
    for key, outcome in results.items():
        if outcome.failure is not None:
            missing.append(NotChecked(f"account {key}", outcome.failure.message, (key,)))
        else:
            live[key] = outcome.value
    return live, missing
