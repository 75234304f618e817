"""The reads of one subscription, each made once however many stacks and accounts use it.

Preflight needs, per subscription (ARM has subscription-wide lists for all of these):

- ResourceSkus_List: where kinds OpenAI and AIServices / S0 may be created, every region at once;
- Accounts_List: which of the stacks' accounts exist (and every account's subdomain, kind and
  upgrade status: the list is read at the api-version that reports Microsoft's upgrade);
- DeletedAccounts_List: the soft-deleted accounts that block names and subdomains;

per region any stack uses: Models_List and Usages_List; and then only what those answers leave
open: the deployments (and, if a deployment names a filter the stack does not create, the RAI
policies) of accounts that exist, and one CheckDomainAvailability per subdomain no account or
deleted account of the subscription already explains. So a stack of new accounts costs
2 per region + 3 + 1 per new subdomain, whatever the number of stacks sharing those regions.
Verify reads the account list and each account's children (a Foundry resource's projects too).

The reads run in two waves, all within the run's --concurrency and under its deadline: the
second (account children, subdomains) starts as soon as the account and deleted-account lists
answered, not after the slowest region. Each fetch that fails leaves only its part unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from azure_openai_toolkit.config import BUILTIN_CONTENT_FILTERS, StackConfig

from . import facts
from .boundary import listed
from .client import LiveSession
from .fetch import (
    ACCOUNT_TYPE,
    UPGRADE_STATUS_API,
    Outcome,
    Target,
    fetch_account,
    fetch_deleted,
    fetch_models,
    fetch_quotas,
    preview_not_served,
    run_concurrently,
    targets_of,
)
from .findings import NotChecked

AccountKey = tuple[str, str]  # (resource group, account name), lower-cased
KINDS, ACCOUNT_SKU = (facts.OPENAI, facts.FOUNDRY), "S0"


@dataclass(frozen=True)
class StackInRun:
    """One stack of a run, as the reads need it."""

    name: str
    config: StackConfig
    locations: Mapping[str, str]

    @property
    def targets(self) -> list[Target]:
        return targets_of(self.config, self.locations)

    @property
    def resource_group(self) -> str:
        return self.config.resource_group_name

    def key(self, target: Target) -> AccountKey:
        return self.resource_group.lower(), target.name.lower()

    def regions(self) -> set[str]:
        return {facts.region_key(t.location) for t in self.targets}

    def needs_rai_policies(self, account_key: str) -> bool:
        """Whether a deployment names a content filter the stack does not create: only then does
        the check need the account's RAI policies."""
        account = self.config.accounts[account_key]
        return any(
            d.content_filter is not None
            and d.content_filter not in account.content_filters
            and d.content_filter not in BUILTIN_CONTENT_FILTERS
            for d in account.deployments.values()
        )


# -- the single reads ---------------------------------------------------------------------------


def fetch_account_skus(
    client: CognitiveServicesManagementClient,
) -> dict[str, dict[str, tuple[bool, str | None]]]:
    """Per account kind, per region: may the subscription create S0 accounts of that kind."""
    items = listed(client.resource_skus.list)
    return {kind: facts.account_sku_availability(items, kind, ACCOUNT_SKU) for kind in KINDS}


@dataclass(frozen=True)
class AccountList:
    """The subscription's accounts (any kind, without children), and whether Azure serves the
    api-version that reports the upgrade status (if not, no account's status can be read)."""

    accounts: dict[AccountKey, facts.LiveAccount]
    upgrade_status_served: bool


def _api_version(url: str) -> str:
    return next((v for k, v in parse_qsl(urlsplit(url).query) if k.lower() == "api-version"), "")


def fetch_accounts(client: CognitiveServicesManagementClient) -> AccountList:
    """Every Cognitive Services account of the subscription, read at UPGRADE_STATUS_API so each
    comes with its upgrade status. The SDK follows a nextLink with its own api-version: accounts of
    such pages come without it (upgrade_status_read False) and are read by name when a stack has
    them."""
    bodies: dict[str, dict[str, Any]] = {}

    def keep(response: Any) -> None:  # azure-core's raw_response_hook: each page as it arrives
        http = response.http_response
        if http.status_code != 200 or _api_version(http.request.url) != UPGRADE_STATUS_API:
            return
        try:
            page = http.json()
        except ValueError:
            return  # the SDK's deserializer reports it
        for item in page.get("value") or [] if isinstance(page, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                bodies[item["id"].lower()] = item

    try:
        items = listed(client.accounts.list, api_version=UPGRADE_STATUS_API, raw_response_hook=keep)
        served = True
    except HttpResponseError as error:
        if not preview_not_served(error):
            raise
        items, served = listed(client.accounts.list), False
    entries = (facts.listed_account(item, bodies.get((item.id or "").lower())) for item in items)
    return AccountList(dict(entry for entry in entries if entry), served)


@dataclass(frozen=True)
class Children:
    """What to read of an existing account besides itself."""

    rai_policies: bool = False  # only when a deployment names a filter the stack does not create
    projects: bool = False  # verify: a Foundry resource's projects
    reread: bool = False  # the list did not report its upgrade status, and Azure serves it


def fetch_children(
    client: CognitiveServicesManagementClient,
    resource_group: str,
    account: facts.LiveAccount,
    want: Children,
) -> facts.LiveAccount:
    """A listed account with its deployments, and its RAI policies and projects when wanted."""
    if want.reread:
        try:
            found, raw = fetch_account(client, resource_group, account.name)
        except ResourceNotFoundError:
            found, raw = None, None
        if found is not None:
            account = facts.live_account(found, raw=raw)
    deployments = tuple(
        facts.live_deployment(d) for d in listed(client.deployments.list, resource_group, account.name)
    )
    policies = account.rai_policies
    if want.rai_policies:
        policies = tuple(
            p.name for p in listed(client.rai_policies.list, resource_group, account.name) if p.name
        )
    projects = account.projects
    if want.projects and facts.same(account.kind, facts.FOUNDRY):
        # Azure names projects "<account>/<project>" in some answers: keep the project's own name.
        projects = tuple(
            sorted(
                p.name.rsplit("/", 1)[-1]
                for p in listed(client.projects.list, resource_group, account.name)
                if p.name
            )
        )
    return replace(account, deployments=deployments, rai_policies=policies, projects=projects)


def fetch_named(
    client: CognitiveServicesManagementClient, resource_group: str, name: str, want: Children
) -> facts.LiveAccount | None:
    """One account by name (with its upgrade status), with its children; None when it does not
    exist."""
    try:
        found, raw = fetch_account(client, resource_group, name)
    except ResourceNotFoundError:
        return None
    account = facts.live_account(found, raw=raw)
    return fetch_children(client, resource_group, account, replace(want, reread=False))


@dataclass(frozen=True)
class Subdomain:
    """A subdomain's availability, and the account behind it when it turned out to be ours."""

    available: bool
    reason: str | None
    ours: facts.LiveAccount | None = None


def fetch_subdomain(
    client: CognitiveServicesManagementClient,
    target: Target,
    subdomain: str,
    resource_group: str,
    want: Children,
) -> Subdomain:
    """CheckDomainAvailability for a new account's subdomain, for its kind. When Azure says it is
    taken, the account itself is read: the subscription's account list lags a just-created
    account, and an account cannot stand in its own way."""
    answer = client.check_domain_availability(subdomain, ACCOUNT_TYPE, kind=target.kind)
    if answer.is_subdomain_available:
        return Subdomain(True, answer.reason)
    ours = fetch_named(client, resource_group, target.name, want)
    return Subdomain(False, answer.reason, ours)


# -- the run ------------------------------------------------------------------------------------


@dataclass
class SubscriptionReads:
    """Everything read from one subscription, keyed as the tasks were."""

    results: dict[Hashable, Outcome[object]] = field(default_factory=dict)

    def get(self, key: Hashable) -> Outcome[object]:
        return self.results.get(key, Outcome())


def _run(
    session: LiveSession,
    tasks: Mapping[Hashable, Callable[[], object]],
    on_done: Callable[[object], None] | None,
    then: Callable[[Hashable, Outcome[object]], Mapping[Hashable, Callable[[], object]]] | None = None,
) -> dict[Hashable, Outcome[object]]:
    return run_concurrently(
        tasks,
        concurrency=session.settings.limits.concurrency,
        deadline=session.deadline,
        on_done=on_done,
        then=then,
    )


def read_for_preflight(
    session: LiveSession,
    stacks: Iterable[StackInRun],
    on_done: Callable[[object], None] | None = None,
    known_models: Mapping[str, Outcome[tuple[facts.ModelOffer, ...]]] | None = None,
) -> SubscriptionReads:
    """Preflight's reads for the stacks of one subscription. The second wave (account children,
    subdomains) starts as soon as the account and deleted-account lists answered. Models lists
    already read (to place `location: auto` accounts) come in `known_models`, not read again."""
    stacks = list(stacks)
    client = session.client
    known = dict(known_models or {})
    first: dict[Hashable, Callable[[], object]] = {
        "skus": partial(fetch_account_skus, client),
        "accounts": partial(fetch_accounts, client),
        "deleted": partial(fetch_deleted, client),
    }
    for region in sorted(set().union(*(s.regions() for s in stacks))):
        if region not in known:
            first[("models", region)] = partial(fetch_models, client, region)
        first[("usages", region)] = partial(fetch_quotas, client, region)
    lists: dict[Hashable, Outcome[object]] = {}

    def then(key: Hashable, outcome: Outcome[object]) -> Mapping[Hashable, Callable[[], object]]:
        if key not in ("accounts", "deleted"):
            return {}
        lists[key] = outcome
        if len(lists) < 2:
            return {}
        listing = cast("AccountList | None", lists["accounts"].value)
        deleted = cast("tuple[facts.DeletedAccount, ...]", lists["deleted"].value or ())
        return _second_wave(client, stacks, listing, deleted)

    reads = SubscriptionReads(_run(session, first, on_done, then))
    reads.results.update({("models", r): cast("Outcome[object]", o) for r, o in known.items()})
    return reads


def _reread(listing: AccountList, live: facts.LiveAccount) -> bool:
    return listing.upgrade_status_served and not live.upgrade_status_read


def _second_wave(
    client: CognitiveServicesManagementClient,
    stacks: list[StackInRun],
    listing: AccountList | None,
    deleted: tuple[facts.DeletedAccount, ...],
) -> dict[Hashable, Callable[[], object]]:
    tasks: dict[Hashable, Callable[[], object]] = {}
    if listing is None:
        return tasks  # which accounts exist is unknown: their checks are reported as not checked
    listed, wanted = listing.accounts, dict[AccountKey, Children]()
    for stack in stacks:
        for target in stack.targets:
            key = stack.key(target)
            want = Children(rai_policies=stack.needs_rai_policies(target.key))
            live = listed.get(key)
            if live is not None:
                # one read per account, with policies if any stack needs them
                previous = wanted.get(key, Children())
                wanted[key] = want = Children(
                    rai_policies=previous.rai_policies or want.rai_policies, reread=_reread(listing, live)
                )
                tasks[("children", key)] = partial(fetch_children, client, stack.resource_group, live, want)
            elif target.subdomain is not None and _holder(target.subdomain, listed, deleted) is None:
                tasks[("subdomain", target.subdomain.lower(), key)] = partial(
                    fetch_subdomain, client, target, target.subdomain, stack.resource_group, want
                )
    return tasks


def _holder(
    subdomain: str, listed: Mapping[AccountKey, facts.LiveAccount], deleted: Iterable[facts.DeletedAccount]
) -> str | None:
    """Which account or soft-deleted account of the subscription holds the subdomain, in words."""
    for (resource_group, _), account in listed.items():
        if facts.same(account.subdomain, subdomain):
            return f"it is used by {account.name}, an account of this subscription (group {resource_group})"
    for gone in deleted:
        if facts.same(gone.subdomain, subdomain):
            return (
                f"it is held by the soft-deleted account {gone.name} (resource group {gone.resource_group})"
            )
    return None


def preflight_facts(
    stack: StackInRun, reads: SubscriptionReads
) -> tuple[facts.PreflightFacts, list[NotChecked]]:
    """One stack's facts, assembled from its subscription's reads."""
    gathered = facts.PreflightFacts()
    missing: list[NotChecked] = []
    targets = stack.targets
    in_region = {
        r: tuple(t.key for t in targets if facts.region_key(t.location) == r) for r in stack.regions()
    }
    skus = reads.get("skus")
    if skus.failure is not None:
        missing.append(
            NotChecked("account SKU availability", skus.failure.message, tuple(t.key for t in targets))
        )
    for region in sorted(in_region):
        models, usages = reads.get(("models", region)), reads.get(("usages", region))
        failure = models.failure or usages.failure
        if failure is not None:
            missing.append(NotChecked(f"region {region}", failure.message, in_region[region]))
            continue
        gathered.regions[region] = facts.RegionFacts(
            region,
            cast("tuple[facts.ModelOffer, ...]", models.value),
            cast("tuple[facts.Quota, ...]", usages.value),
            _account_skus(stack, region, skus),
        )
    _accounts(stack, reads, gathered, missing)
    deleted = reads.get("deleted")
    if deleted.failure is not None:
        missing.append(
            NotChecked("soft-deleted accounts", deleted.failure.message, tuple(t.key for t in targets))
        )
    else:
        gathered.deleted = cast("tuple[facts.DeletedAccount, ...]", deleted.value)
    return gathered, missing


def _account_skus(
    stack: StackInRun, region: str, skus: Outcome[object]
) -> dict[str, tuple[bool, str | None]]:
    """Whether the stack's account kinds in the region may be created there (none when the SKU
    list could not be read: that is reported as not checked)."""
    if skus.failure is not None:
        return {}
    by_kind = cast("dict[str, dict[str, tuple[bool, str | None]]]", skus.value)
    answers: dict[str, tuple[bool, str | None]] = {}
    for kind in {t.kind for t in stack.targets if facts.region_key(t.location) == region}:
        absent = f"the subscription's SKU list does not offer kind {kind} / {ACCOUNT_SKU} in {region}"
        answers[kind] = by_kind.get(kind, {}).get(region, (False, absent))
    return answers


def _accounts(
    stack: StackInRun, reads: SubscriptionReads, gathered: facts.PreflightFacts, missing: list[NotChecked]
) -> None:
    listing = reads.get("accounts")
    if listing.failure is not None:
        keys = tuple(t.key for t in stack.targets)
        missing.append(NotChecked("the subscription's accounts", listing.failure.message, keys))
        return
    listed = cast("AccountList", listing.value).accounts
    deleted = cast("tuple[facts.DeletedAccount, ...]", reads.get("deleted").value or ())
    for target in stack.targets:
        key = stack.key(target)
        if key in listed:
            children = reads.get(("children", key))
            if children.failure is not None:
                missing.append(NotChecked(f"account {target.key}", children.failure.message, (target.key,)))
                continue
            gathered.accounts[target.key] = facts.AccountFacts(cast("facts.LiveAccount", children.value))
            continue
        if target.subdomain is None:
            gathered.accounts[target.key] = facts.AccountFacts(None)
            continue
        holder = _holder(target.subdomain, listed, deleted)
        if holder is not None:
            gathered.accounts[target.key] = facts.AccountFacts(None, False, holder)
            continue
        answer = reads.get(("subdomain", target.subdomain.lower(), key))
        if answer.failure is not None:
            missing.append(NotChecked(f"account {target.key}", answer.failure.message, (target.key,)))
            continue
        subdomain = cast(Subdomain, answer.value)
        gathered.accounts[target.key] = facts.AccountFacts(
            subdomain.ours, subdomain.available, subdomain.reason
        )


# -- verify: the accounts as they are -----------------------------------------------------------


def read_for_verify(
    session: LiveSession,
    stacks: Iterable[StackInRun],
    on_done: Callable[[object], None] | None = None,
    known_models: object = None,  # verify reads no models: the accounts say what they run
) -> SubscriptionReads:
    """The account list, then each stack account's children; an account the list lacks is read by
    name before it is called missing (the list lags accounts created moments ago)."""
    stacks = list(stacks)
    client = session.client

    def then(key: Hashable, outcome: Outcome[object]) -> Mapping[Hashable, Callable[[], object]]:
        listing = cast("AccountList | None", outcome.value)
        if key != "accounts" or listing is None:
            return {}  # the list failed: every account is reported as not checked
        tasks: dict[Hashable, Callable[[], object]] = {}
        for stack in stacks:
            for target in stack.targets:
                key, group = stack.key(target), stack.resource_group
                live = listing.accounts.get(key)
                if live is not None:
                    want = Children(rai_policies=True, projects=True, reread=_reread(listing, live))
                    tasks[("children", key)] = partial(fetch_children, client, group, live, want)
                else:
                    want = Children(rai_policies=True, projects=True)
                    tasks[("account", key)] = partial(fetch_named, client, group, target.name, want)
        return tasks

    return SubscriptionReads(_run(session, {"accounts": partial(fetch_accounts, client)}, on_done, then))


def live_accounts(
    stack: StackInRun, reads: SubscriptionReads
) -> tuple[dict[str, facts.LiveAccount | None], list[NotChecked]]:
    """One stack's accounts as Azure has them (None: it does not exist), from the reads."""
    live: dict[str, facts.LiveAccount | None] = {}
    missing: list[NotChecked] = []
    listing = reads.get("accounts")
    for target in stack.targets:
        key = stack.key(target)
        if listing.failure is not None:
            missing.append(NotChecked(f"account {target.key}", listing.failure.message, (target.key,)))
            continue
        outcome = (
            reads.get(("children", key))
            if ("children", key) in reads.results
            else reads.get(("account", key))
        )
        if outcome.failure is not None:
            missing.append(NotChecked(f"account {target.key}", outcome.failure.message, (target.key,)))
        else:
            live[target.key] = cast("facts.LiveAccount | None", outcome.value)
    return live, missing

