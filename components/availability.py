"""Offline availability checks of a stack against the model catalog.

For every account: its region offers Azure OpenAI (is in the catalog), with or without deployments.
For every deployment: the model version is known, not deprecated or retired on `today`, and its
deployment SKU is offered in the account's region; for a fine-tuned model, the id has the right
form and its base model takes fine-tuned deployments of that SKU in that region. Errors say where
the same model, version and SKU is offered and which SKUs the region does offer. Capacity summed
per region, model and SKU over the stack's accounts beyond the catalog's default quota is a
warning only: real quotas differ per subscription, and `aoai preflight` reads them live.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from .catalog import RETIREMENT_WARNING_DAYS, Catalog, ModelEntry
from .config import Problem, StackConfig
from .config.models import Deployment
from .config.rules import STACK_FILE, account_region_rules
from .fine_tuned import FineTunedModel, parse_fine_tuned

SKIP_HINT = (
    "if Azure offers it now, refresh the catalog (`aoai catalog refresh`) or set skipCatalogCheck: "
    "true on the deployment; aoai preflight checks it live"
)


@dataclass
class CatalogFindings:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _where(key: str, name: str, leaf: str) -> tuple[str, tuple[str | int, ...]]:
    loc: tuple[str | int, ...] = ("accounts", key, "deployments", name, leaf)
    return ".".join(str(p) for p in loc), loc


def _list(regions: list[str]) -> str:
    return ", ".join(regions) if regions else "no region"


def unknown_model_message(catalog: Catalog, deployment: Deployment) -> str:
    versions = catalog.versions(deployment.model, deployment.format)
    if versions:
        return (
            f"{deployment.model} version {deployment.version!r} is not in the catalog ({catalog.stamp}); "
            f"known versions: {', '.join(versions)}. {SKIP_HINT}"
        )
    close = difflib.get_close_matches(deployment.model, catalog.model_names(), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    return f"model {deployment.model!r} is not in the catalog ({catalog.stamp}).{hint} Otherwise {SKIP_HINT}"


def not_offered_message(catalog: Catalog, entry: ModelEntry, sku: str, region: str) -> str:
    elsewhere = catalog.regions_for(entry, sku)
    here = catalog.skus_in(entry, region)
    return (
        f"{entry.label} is not offered as {sku} in {region} ({catalog.stamp}). {sku} is offered in: "
        f"{_list(elsewhere)}. In {region} this model version is offered as: {', '.join(here) or 'nothing'}"
    )


def fine_tune_refusal(
    catalog: Catalog, model: FineTunedModel, base: ModelEntry | None, sku: str, region: str
) -> str | None:
    """Why a model fine-tuned from `model.base` cannot be deployed as `sku` in `region`, or None."""
    if base is None:
        known = ", ".join(catalog.versions(model.base)) or "none"
        return (
            f"the base model {model.base_label} of this fine-tuned model is not in the catalog "
            f"({catalog.stamp}; versions of {model.base}: {known}). {SKIP_HINT}"
        )
    if base.fine_tune is None:
        return (
            f"{base.label} takes no fine-tuned deployments according to the catalog ({catalog.stamp}). "
            f"{SKIP_HINT}"
        )
    if catalog.fine_tune_offered(base, sku, region):
        return None
    per_sku = base.fine_tune.skus or {}
    offered = "; ".join(f"{s} in {_list(rs)}" for s, rs in sorted(per_sku.items()) if rs)
    where = offered or f"fine-tuning is offered in {_list(base.fine_tune.regions)}"
    return (
        f"models fine-tuned from {base.label} cannot be deployed as {sku} in {region} ({catalog.stamp}); "
        f"they can be deployed as {where}"
    )


def _fine_tuned_lifecycle(
    catalog: Catalog, base: ModelEntry, today: datetime.date
) -> tuple[bool, str | None]:
    """Fine-tuned deployments retire on their own date, which may be later than the base's."""
    fine_tune = base.fine_tune
    retires = fine_tune.deployment_retirement if fine_tune else None
    if retires is None:
        state = catalog.lifecycle_state(base, today)
        return state.blocked, state.message
    what = f"deployments of models fine-tuned from {base.label}"
    if today >= retires:
        return True, f"{what} were retired on {retires.isoformat()} ({catalog.stamp})"
    if (retires - today).days <= RETIREMENT_WARNING_DAYS:
        return False, f"{what} retire on {retires.isoformat()} ({catalog.stamp})"
    return False, None


def check_deployments(
    config: StackConfig, locations: Mapping[str, str], catalog: Catalog, today: datetime.date
) -> CatalogFindings:
    findings = CatalogFindings()
    demand: dict[tuple[str, str, str], list[tuple[str, str, int]]] = defaultdict(list)
    for key, account in config.accounts.items():
        region = locations.get(key)
        if region is None:
            continue  # not placed: placement reports why
        # The account's own rule, checked whatever its deployments are (none, all skipped, all
        # broken): an account in a region that offers no Azure OpenAI cannot be created at all.
        unknown_region = account_region_rules(
            STACK_FILE, region=region, offered=list(catalog.regions), catalog=catalog.stamp
        )
        for _, message in unknown_region:
            where = ("accounts", key, "location")
            findings.problems.append(Problem(f"accounts.{key}.location", message, where))
        if unknown_region:
            continue  # nothing is offered there, so every deployment would repeat the problem
        for name, deployment in account.deployments.items():
            if deployment.skip_catalog_check:
                continue
            if deployment.format != "OpenAI":
                path, loc = _where(key, name, "format")
                findings.warnings.append(
                    Problem(
                        path,
                        f"the catalog ({catalog.stamp}) covers format OpenAI only; "
                        f"{deployment.format} not checked",
                        loc,
                    )
                )
                continue
            fine_tuned = parse_fine_tuned(deployment.model)
            if fine_tuned is not None:
                _check_fine_tuned(catalog, findings, key, name, deployment, fine_tuned, region, today)
                continue
            entry = catalog.model(deployment.model, deployment.version, deployment.format)
            if entry is None:
                path, loc = _where(key, name, "version" if catalog.versions(deployment.model) else "model")
                findings.problems.append(Problem(path, unknown_model_message(catalog, deployment), loc))
                continue
            state = catalog.lifecycle_state(entry, today, deployment.sku)
            if state.message:
                path, loc = _where(key, name, "version")
                if state.blocked:
                    message = (
                        f"{state.message}. Pick a current version; an existing deployment that must "
                        "stay can set skipCatalogCheck: true"
                    )
                    findings.problems.append(Problem(path, message, loc))
                else:
                    findings.warnings.append(Problem(path, state.message, loc))
            if not catalog.offered(entry, deployment.sku, region):
                path, loc = _where(key, name, "sku")
                findings.problems.append(
                    Problem(path, not_offered_message(catalog, entry, deployment.sku, region), loc)
                )
                continue
            unit = entry.capacity_unit
            if unit is not None and unit.kind == "tokens":
                tpm = deployment.capacity * unit.per_unit
                demand[(region, entry.name, deployment.sku)].append((key, name, tpm))
    findings.warnings.extend(_quota_warnings(catalog, demand))
    return findings


def _check_fine_tuned(
    catalog: Catalog,
    findings: CatalogFindings,
    key: str,
    name: str,
    deployment: Deployment,
    model: FineTunedModel,
    region: str,
    today: datetime.date,
) -> None:
    base = catalog.fine_tuned_base(model, deployment.format)
    refusal = fine_tune_refusal(catalog, model, base, deployment.sku, region)
    if refusal is not None:
        leaf = "model" if base is None or base.fine_tune is None else "sku"
        path, loc = _where(key, name, leaf)
        findings.problems.append(Problem(path, refusal, loc))
        return
    assert base is not None  # no refusal: the base is known
    blocked, message = _fine_tuned_lifecycle(catalog, base, today)
    if message:
        path, loc = _where(key, name, "model")
        (findings.problems if blocked else findings.warnings).append(Problem(path, message, loc))


def _quota_warnings(
    catalog: Catalog, demand: Mapping[tuple[str, str, str], list[tuple[str, str, int]]]
) -> list[Problem]:
    warnings = []
    for (region, model, sku), users in sorted(demand.items()):
        quota = catalog.default_quota_tpm(sku, model)
        total = sum(tpm for _, _, tpm in users)
        if quota is None or total <= quota:
            continue
        key, name, _ = users[0]
        path, loc = _where(key, name, "capacity")
        who = ", ".join(f"accounts.{k}.deployments.{n} {tpm:,}" for k, n, tpm in users)
        warnings.append(
            Problem(
                path,
                f"{total:,} tokens per minute of {model} {sku} in {region} ({who}) exceed the default "
                f"quota of {quota:,} ({catalog.data.quota_basis}; quotas as of "
                f"{catalog.data.quotas_as_of.isoformat()}, {catalog.stamp}); aoai preflight reads your "
                "subscription's quota live",
                loc,
            )
        )
    return warnings
