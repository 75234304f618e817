"""Preflight's checks: pure functions from the stack and the fetched facts to findings.

Each check skips what was not fetched (a region or account that could not be checked is reported
as such by the fetch, never as passed). Codes are stable: scripts and the docs rely on them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from azure_openai_toolkit.config import BUILTIN_CONTENT_FILTERS, Account, Deployment, StackConfig
from azure_openai_toolkit.fine_tuned import FineTunedModel, parse_fine_tuned

from .facts import (
    FOUNDRY,
    OPENAI,
    AccountFacts,
    ModelOffer,
    PreflightFacts,
    RegionFacts,
    SkuOffer,
    region_key,
    same,
)
from .findings import Finding
from .upgrade_checks import preflight_upgrade_findings

DEPRECATION_WARNING_DAYS = 90
QUOTA_INCREASE = "https://aka.ms/oai/quotaincrease"


@dataclass(frozen=True)
class Context:
    """What every check reads."""

    config: StackConfig
    locations: Mapping[str, str]
    facts: PreflightFacts
    now: datetime.datetime
    stack: str  # as the user named it, for the commands in fixes

    def region_of(self, key: str) -> str:
        return region_key(self.locations[key])

    def region_facts(self, key: str) -> RegionFacts | None:
        return self.facts.regions.get(self.region_of(key))

    def deployments(self) -> Iterator[tuple[str, Account, str, Deployment]]:
        for key, account in self.config.accounts.items():
            for name in sorted(account.deployments):
                yield key, account, name, account.deployments[name]


def preflight_findings(
    config: StackConfig,
    locations: Mapping[str, str],
    facts: PreflightFacts,
    now: datetime.datetime,
    stack: str = "<stack>",
) -> list[Finding]:
    ctx = Context(config, locations, facts, now, stack)
    return [
        *check_account_sku(ctx),
        *check_existing_accounts(ctx),
        *preflight_upgrade_findings(config, locations, facts, now, stack),
        *check_models(ctx),
        *check_quota(ctx),
        *check_subdomains(ctx),
        *check_soft_deleted(ctx),
        *check_content_filters(ctx),
    ]


# -- region: the account's kind / S0 for this subscription ---------------------------------------


def check_account_sku(ctx: Context) -> Iterator[Finding]:
    for key, account in ctx.config.accounts.items():
        region = ctx.region_facts(key)
        existing = ctx.facts.accounts.get(key)
        answer = region.account_sku(account.kind) if region else None
        if region is None or answer is None or answer[0] or (existing and existing.live):
            continue
        yield Finding(
            "error",
            "AccountSkuNotAvailable",
            key,
            None,
            f"this subscription cannot create kind {account.kind} accounts (sku S0) in "
            f"{region.location}: {answer[1] or 'no reason given'}",
            "Use a subscription approved for Azure OpenAI (the error SpecialFeatureOrQuotaIdRequired "
            "means it is not), or set this account's location to a region where S0 is offered.",
            region.location,
        )


def check_existing_accounts(ctx: Context) -> Iterator[Finding]:
    for key in ctx.config.accounts:
        facts = ctx.facts.accounts.get(key)
        live = facts.live if facts else None
        if live is None:
            continue
        name = ctx.config.account_name(key)
        if region_key(live.location) != ctx.region_of(key):
            yield Finding(
                "error",
                "AccountRegionMismatch",
                key,
                None,
                f"account {name} already exists in {live.location}, but the stack puts it in "
                f"{ctx.locations[key]}: pulumi up would replace it (new endpoint, deployments "
                "re-created, the subdomain blocked for 48 hours)",
                f"Set accounts.{key}.location: {region_key(live.location)}, or rename the account.",
                ctx.region_of(key),
            )
        # OpenAI and AIServices are one account before and after Microsoft's upgrade (either way
        # round is in place): upgrade_checks.py reports those. Any other kind is another service.
        if live.kind is not None and not any(same(live.kind, k) for k in (OPENAI, FOUNDRY)):
            yield Finding(
                "error",
                "AccountKindMismatch",
                key,
                None,
                f"account {name} already exists with kind {live.kind}; this toolkit manages kinds "
                "OpenAI and AIServices",
                "Give the account another name, or remove the existing one if it is unused.",
                ctx.region_of(key),
            )


# -- models: offered, not retiring, capacity within the SKU's bounds ---------------------------


def check_models(ctx: Context) -> Iterator[Finding]:
    for key, account, name, deployment in ctx.deployments():
        region = ctx.region_facts(key)
        if region is None:
            continue
        fine_tuned = parse_fine_tuned(deployment.model)
        if fine_tuned is not None:
            refusal = _fine_tuned_base(region, deployment, fine_tuned)
            if refusal is not None:
                yield refusal.at(key, name, region.location)
            continue
        found = _offer(region, deployment, account.kind)
        if isinstance(found, Finding):
            yield found.at(key, name, region.location)
            continue
        offer, sku = found
        yield from (f.at(key, name, region.location) for f in _lifecycle(ctx.now, deployment, offer, sku))
        yield from (f.at(key, name, region.location) for f in _capacity(deployment, sku))


def _offer(region: RegionFacts, d: Deployment, kind: str = OPENAI) -> tuple[ModelOffer, SkuOffer] | Finding:
    versions = region.offers(d.format, d.model, kind)
    where = region.location
    if not versions:
        others = sorted({m.name for m in region.models if same(m.kind, kind) or same(m.kind, OPENAI)})
        listed = ", ".join(others[:12]) + (", ..." if len(others) > 12 else "")
        return Finding(
            "error",
            "ModelNotOffered",
            None,
            None,
            f"{d.model} ({d.format}) is not offered in {where} to this subscription",
            f"Deploy it from an account in a region that offers {d.model}, or pick a model offered "
            f"in {where}: {listed or 'none'}.",
        )
    offer = next((m for m in versions if m.version == d.version), None)
    if offer is None:
        listed = ", ".join(sorted(m.version for m in versions))
        default = next((m.version for m in versions if m.is_default_version), None)
        hint = f" (the default is {default})" if default else ""
        return Finding(
            "error",
            "ModelVersionNotOffered",
            None,
            None,
            f"{d.model} version {d.version} is not offered in {where}; offered: {listed}",
            f"Set version to one of {listed}{hint}.",
        )
    sku = offer.sku(d.sku)
    if sku is None:
        listed = ", ".join(s.name for s in offer.skus) or "none"
        return Finding(
            "error",
            "SkuNotOffered",
            None,
            None,
            f"{d.model} {d.version} is not offered as {d.sku} in {where}; it is offered as: {listed}",
            f"Set sku to one of {listed}, or deploy it from a region that offers {d.sku}.",
        )
    return offer, sku


def _fine_tuned_base(region: RegionFacts, d: Deployment, model: FineTunedModel) -> Finding | None:
    """A fine-tuned model is not in the models list (it lives in its account until deployed): the
    region must list its base model version with fine-tuning. The fine-tuned model's existence,
    its quota and its capacity bounds cannot be read from Resource Manager before it is deployed."""
    where = region.location
    base = next((m for m in region.offers(d.format, model.base) if m.version == model.base_version), None)
    if base is None:
        offered = ", ".join(sorted(m.version for m in region.offers(d.format, model.base))) or "none"
        return Finding(
            "error",
            "ModelNotOffered",
            None,
            None,
            f"{d.model} is fine-tuned from {model.base_label}, which {where} does not offer to this "
            f"subscription (versions of {model.base} there: {offered})",
            f"Deploy it from an account in a region that offers {model.base_label} with fine-tuning.",
        )
    if not base.fine_tune:
        return Finding(
            "error",
            "SkuNotOffered",
            None,
            None,
            f"{where} offers {model.base_label}, but not fine-tuning of it: models fine-tuned from it "
            "cannot be deployed there",
            f"Deploy {d.model} from a region whose models list offers fine-tuning of {model.base_label}.",
        )
    return None


def _lifecycle(now: datetime.datetime, d: Deployment, offer: ModelOffer, sku: SkuOffer) -> Iterator[Finding]:
    dates = [x for x in (offer.inference_deprecation, sku.deprecation) if x is not None]
    retires = min(dates) if dates else None
    successor = offer.replacement or "a newer version"
    fix = f"Move the deployment to {successor} before then (set model/version in the stack)."
    if offer.lifecycle_status == "Deprecated" or (retires is not None and retires <= now):
        when = f" on {retires.date()}" if retires else ""
        yield Finding(
            "error",
            "ModelRetired",
            None,
            None,
            f"{d.model} {d.version} ({d.sku}) was retired{when}: Azure refuses new deployments of it",
            f"Move the deployment to {successor} (set model/version in the stack).",
        )
        return
    soon = retires is not None and retires - now <= datetime.timedelta(days=DEPRECATION_WARNING_DAYS)
    if offer.lifecycle_status in ("Deprecating", "Legacy") or soon:
        when = f"retires on {retires.date()} ({(retires - now).days} days)" if retires else "is being retired"
        stops = (
            "; with versionUpgrade: NoAutoUpgrade the deployment stops working then"
            if d.version_upgrade == "NoAutoUpgrade"
            else ""
        )
        yield Finding(
            "warning",
            "ModelDeprecating",
            None,
            None,
            f"{d.model} {d.version} ({d.sku}) {when} (lifecycle {offer.lifecycle_status}){stops}",
            fix,
        )


def _capacity(d: Deployment, sku: SkuOffer) -> Iterator[Finding]:
    problems = []
    if sku.minimum is not None and d.capacity < sku.minimum:
        problems.append(f"below the minimum {sku.minimum}")
    if sku.maximum is not None and d.capacity > sku.maximum:
        problems.append(f"above the maximum {sku.maximum}")
    if sku.step and d.capacity % sku.step:
        problems.append(f"not a multiple of {sku.step}")
    if sku.allowed_values and d.capacity not in sku.allowed_values:
        problems.append(f"not one of {', '.join(map(str, sku.allowed_values))}")
    if problems:
        bounds = ", ".join(
            part
            for part in (
                f"minimum {sku.minimum}" if sku.minimum is not None else "",
                f"maximum {sku.maximum}" if sku.maximum is not None else "",
                f"step {sku.step}" if sku.step else "",
            )
            if part
        )
        yield Finding(
            "error",
            "CapacityOutOfRange",
            None,
            None,
            f"capacity {d.capacity} is {' and '.join(problems)} for {d.model} {d.version} as {d.sku}",
            f"Set capacity within the SKU's bounds ({bounds}).",
        )


# -- quota: the stack's demand per usage name and region ----------------------------------------


def usage_name(
    region: RegionFacts | None, model_format: str, model: str, version: str, sku: str, kind: str = OPENAI
) -> str:
    """The quota a deployment draws from: the models API's usageName, else OpenAI.<Sku>.<model>."""
    if region is not None:
        offer = next((m for m in region.offers(model_format, model, kind) if m.version == version), None)
        found = offer.sku(sku) if offer else None
        if found is not None and found.usage_name:
            return found.usage_name
    return f"OpenAI.{sku}.{model}"


@dataclass
class _Demand:
    usage: str
    region: str
    parts: list[tuple[str, str, int]]  # (account key, deployment, capacity)
    held: int = 0


def check_quota(ctx: Context) -> Iterator[Finding]:
    demands: dict[tuple[str, str], _Demand] = {}
    for key, account, name, d in ctx.deployments():
        region = ctx.region_facts(key)
        not_deployable = region is None or isinstance(_offer(region, d, account.kind), Finding)
        if region is None or parse_fine_tuned(d.model) is not None or not_deployable:
            # not checked, already reported as not deployable, or fine-tuned: its quota name is
            # not in the models list, so the quota it draws from cannot be known beforehand
            continue
        usage = usage_name(region, d.format, d.model, d.version, d.sku, account.kind)
        demand = demands.setdefault((region.location, usage.lower()), _Demand(usage, region.location, []))
        demand.parts.append((key, name, d.capacity))
        demand.held += _held(ctx, region, key, name, usage)
    for (location, _), demand in sorted(demands.items()):
        region = ctx.facts.regions[location]
        yield from _quota_finding(region, demand)


def _held(ctx: Context, region: RegionFacts, key: str, name: str, usage: str) -> int:
    """Capacity the account's live deployment of this name holds in the same quota already."""
    facts: AccountFacts | None = ctx.facts.accounts.get(key)
    live = facts.live.deployment(name) if facts and facts.live else None
    if live is None or live.capacity is None or not (live.model and live.version and live.sku):
        return 0
    live_usage = usage_name(region, live.format or "OpenAI", live.model, live.version, live.sku)
    return live.capacity if same(live_usage, usage) else 0


def _quota_finding(region: RegionFacts, demand: _Demand) -> Iterator[Finding]:
    total = sum(c for _, _, c in demand.parts)
    keys = sorted({k for k, _, _ in demand.parts})
    account = keys[0] if len(keys) == 1 else None
    deployment = demand.parts[0][1] if len(demand.parts) == 1 else None
    listed = " + ".join(f"accounts.{k}.deployments.{n} ({c})" for k, n, c in demand.parts)
    quota = region.quota(demand.usage)
    if quota is None:
        yield Finding(
            "warning",
            "QuotaNotListed",
            account,
            deployment,
            f"{region.location} lists no quota named {demand.usage} for this subscription "
            f"(needed by {listed}); the deployment may fail with InsufficientQuota",
            "Check the quota in the Azure AI Foundry portal (Management > Quota) and request it "
            f"at {QUOTA_INCREASE}.",
            region.location,
        )
        return
    needed = total - demand.held
    if needed <= quota.available:
        return
    held = f", its existing deployments already hold {demand.held}" if demand.held else ""
    yield Finding(
        "error",
        "InsufficientQuota",
        account,
        deployment,
        f"quota {demand.usage} in {region.location}: the stack needs {total} ({listed}){held}, so "
        f"{needed} more is needed but only {quota.available:g} of {quota.limit:g} is free "
        f"({quota.current:g} in use)",
        f"Lower the capacity, free quota by removing unused deployments in {region.location}, "
        f"request more at {QUOTA_INCREASE}, or move the account to a region with free quota.",
        region.location,
    )


# -- names: subdomains and soft-deleted accounts -----------------------------------------------


def check_subdomains(ctx: Context) -> Iterator[Finding]:
    rg = ctx.config.resource_group_name
    for key in ctx.config.accounts:
        subdomain = ctx.config.subdomain(key)
        facts = ctx.facts.accounts.get(key)
        if subdomain is None or facts is None or facts.subdomain_available is not False:
            continue
        if facts.live is not None and same(facts.live.subdomain, subdomain):
            continue  # taken by this very account: ours
        name = ctx.config.account_name(key)
        holder = next((d for d in ctx.facts.deleted or () if same(d.subdomain, subdomain)), None)
        if holder is not None and same(holder.name, name) and same(holder.resource_group, rg):
            continue  # this account, soft-deleted: check_soft_deleted says what to do
        if holder is not None:
            yield Finding(
                "error",
                "SubdomainHeldBySoftDeletedAccount",
                key,
                None,
                f"subdomain {subdomain} is held by the soft-deleted account {holder.name} (resource "
                f"group {holder.resource_group}, {holder.location}) of this subscription"
                + (f" until {holder.scheduled_purge}" if holder.scheduled_purge else ""),
                f"Purge it (az cognitiveservices account purge --name {holder.name} --resource-group "
                f"{holder.resource_group} --location {holder.location}), or set accounts.{key}."
                "customSubdomain to another name.",
                ctx.region_of(key),
            )
            continue
        yield Finding(
            "error",
            "SubdomainTaken",
            key,
            None,
            f"subdomain {subdomain} is not available: {facts.subdomain_reason or 'it is in use'} "
            "(pulumi up would fail with CustomDomainInUse)",
            f"Set accounts.{key}.customSubdomain to another globally unique name (subdomains are "
            "unique across all of Azure; a deleted account's stays blocked until it is purged).",
            ctx.region_of(key),
        )


def check_soft_deleted(ctx: Context) -> Iterator[Finding]:
    if ctx.facts.deleted is None:
        return  # not checked; reported by the fetch
    rg = ctx.config.resource_group_name
    for key, account in ctx.config.accounts.items():
        facts = ctx.facts.accounts.get(key)
        if facts is None or facts.live is not None:
            continue  # unknown, or the account exists: nothing to restore
        name = ctx.config.account_name(key)
        deleted = next(
            (d for d in ctx.facts.deleted if same(d.name, name) and same(d.resource_group, rg)), None
        )
        if deleted is not None and not account.restore:
            purge_date = f", purged by Azure on {deleted.scheduled_purge}" if deleted.scheduled_purge else ""
            yield Finding(
                "error",
                "SoftDeletedAccount",
                key,
                None,
                f"a soft-deleted account {name} exists in resource group {rg} ({deleted.location}"
                f"{purge_date}): creating it again fails with FlagMustBeSetForRestore",
                f"Set accounts.{key}.restore: true to recover it, or purge it for good: "
                f"aoai purge --stack {ctx.stack} --account {key}.",
                ctx.region_of(key),
            )
        elif deleted is not None and region_key(deleted.location) != ctx.region_of(key):
            yield Finding(
                "error",
                "RestoreRegionMismatch",
                key,
                None,
                f"restore: true recovers the soft-deleted {name} in {deleted.location}, but the stack "
                f"puts the account in {ctx.locations[key]}",
                f"Set accounts.{key}.location: {region_key(deleted.location)} to restore it, or remove "
                f"restore and purge it: aoai purge --stack {ctx.stack} --account {key}.",
                ctx.region_of(key),
            )
        elif deleted is None and account.restore:
            yield Finding(
                "warning",
                "NothingToRestore",
                key,
                None,
                f"restore: true but no soft-deleted account {name} exists in resource group {rg}",
                f"Remove accounts.{key}.restore (it only applies to re-creating a deleted account).",
                ctx.region_of(key),
            )


# -- content filters referenced but managed elsewhere ------------------------------------------


def check_content_filters(ctx: Context) -> Iterator[Finding]:
    for key, account, name, d in ctx.deployments():
        wanted = d.content_filter
        if wanted is None or wanted in account.content_filters or wanted in BUILTIN_CONTENT_FILTERS:
            continue  # created by the stack, or built into every account
        facts = ctx.facts.accounts.get(key)
        if facts is None:
            continue
        live = facts.live
        if live is not None and any(same(p, wanted) for p in live.rai_policies):
            continue
        where = "the account does not exist yet" if live is None else "the account has no such RAI policy"
        yield Finding(
            "error",
            "ContentFilterMissing",
            key,
            name,
            f"content filter {wanted} is listed in existingContentFilters but {where}",
            f"Declare it under accounts.{key}.contentFilters so the stack creates it, or create it "
            "on the account before pulumi up.",
            ctx.region_of(key),
        )
