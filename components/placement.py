"""Regional placement: the region of every account, resolving `location: auto` from the catalog.

The rule, deterministic and documented in docs/placement.md:
- candidates are `placement.regions` in the order given, or, with only `placement.dataZone`, the
  zone's regions in alphabetical order;
- a candidate fits when it is in the data zone (if one is set) and the catalog offers every
  deployment of the account (model, version and SKU) there;
- `distinctFrom` pairs (symmetric) may not share a region;
- accounts are placed in the order of the stack file; each takes its first fitting candidate
  that leaves the later accounts a solution (a backtracking search, so a failover pair is never
  refused while some choice would work). Pinned accounts keep their region.
- with live capacities (`aoai place --live` passes `room`), fitting candidates where Azure reports
  enough available capacity for all of the account's deployments move ahead of those without,
  each group keeping the preference order; this module never calls Azure itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .availability import fine_tune_refusal
from .catalog import Catalog, default_catalog
from .config import AUTO, StackConfig
from .config.models import Account
from .fine_tuned import parse_fine_tuned

# (account key, region) -> whether live available capacity holds all of the account's deployments
Room = Callable[[str, str], bool]


@dataclass
class Candidate:
    region: str
    blockers: list[str] = field(default_factory=list)  # empty: the catalog offers everything
    room: bool | None = None  # live capacity enough? None: not asked (no live data, or no fit)

    @property
    def fits(self) -> bool:
        return not self.blockers


@dataclass
class AccountPlacement:
    key: str
    region: str | None
    pinned: bool
    candidates: list[Candidate] = field(default_factory=list)
    # Fitting candidates passed over because a distinctFrom partner holds them.
    taken: dict[str, str] = field(default_factory=dict)

    def explain(self) -> str:
        if self.pinned:
            return "pinned in the stack file"
        if self.region is None:
            return "no candidate fits"
        before = self.candidates[: self._index()]
        reasons = [f"{c.region}: {'; '.join(c.blockers)}" for c in before if c.blockers]
        reasons += [f"{c.region}: not enough available capacity (live)" for c in before if c.room is False]
        reasons += [f"{r}: used by accounts.{k} (distinctFrom)" for r, k in self.taken.items()]
        head = "first candidate where every deployment is offered"
        chosen = self.candidates[self._index()] if self.candidates else None
        if chosen is not None and chosen.room is False:
            head += ", though no candidate has enough available capacity for all of them (live)"
        elif chosen is not None and chosen.room:
            head += " with enough available capacity (live)"
        return head + (f" (passed over {', '.join(reasons)})" if reasons else "")

    def preferred(self) -> list[Candidate]:
        """Candidates in the order they are tried: with live room first, preference kept."""
        return sorted(self.candidates, key=lambda c: c.room is False)

    def _index(self) -> int:
        regions = [c.region for c in self.candidates]
        return regions.index(self.region) if self.region in regions else 0


def candidate_regions(account: Account, catalog: Catalog) -> list[str]:
    placement = account.placement
    if placement is None:
        return []
    if placement.regions:
        return list(dict.fromkeys(placement.regions))
    return catalog.regions_in_zone(placement.data_zone) if placement.data_zone else []


def judge(account: Account, region: str, catalog: Catalog) -> Candidate:
    """Why (or whether) an account's deployments could all live in `region`."""
    candidate = Candidate(region)
    zone = account.placement.data_zone if account.placement else None
    if region not in catalog.regions:
        candidate.blockers.append(f"not an Azure OpenAI region in the catalog ({catalog.stamp})")
        return candidate
    if zone and catalog.data_zone(region) != zone:
        candidate.blockers.append(f"not in data zone {zone}")
    for name in sorted(account.deployments):
        deployment = account.deployments[name]
        if deployment.skip_catalog_check:
            continue
        fine_tuned = parse_fine_tuned(deployment.model)
        if fine_tuned is not None:
            base = catalog.fine_tuned_base(fine_tuned, deployment.format)
            if fine_tune_refusal(catalog, fine_tuned, base, deployment.sku, region) is not None:
                candidate.blockers.append(
                    f"{name}: no fine-tuned {deployment.sku} deployments of {fine_tuned.base_label}"
                )
            continue
        entry = catalog.model(deployment.model, deployment.version, deployment.format)
        if entry is None:
            candidate.blockers.append(
                f"{name}: {deployment.model} {deployment.version} unknown to the catalog"
            )
        elif not catalog.offered(entry, deployment.sku, region):
            offered = ", ".join(catalog.skus_in(entry, region)) or "nothing"
            candidate.blockers.append(f"{name}: no {deployment.sku} for {entry.label} (offers {offered})")
    return candidate


def _partners(config: StackConfig) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {key: set() for key in config.accounts}
    for key, account in config.accounts.items():
        for other in account.placement.distinct_from if account.placement else []:
            if other in partners and other != key:
                partners[key].add(other)
                partners[other].add(key)
    return partners


def place_accounts(
    config: StackConfig, catalog: Catalog | None = None, room: Room | None = None
) -> dict[str, AccountPlacement]:
    """The region of every account and the reasoning; region None where nothing fits.

    `room`, from live capacities, puts candidates with enough available capacity first."""
    catalog = catalog or default_catalog()
    partners = _partners(config)
    placements: dict[str, AccountPlacement] = {}
    for key, account in config.accounts.items():
        location = config.account_location(key)
        if location != AUTO:
            placements[key] = AccountPlacement(key, location, pinned=True)
        else:
            candidates = [judge(account, r, catalog) for r in candidate_regions(account, catalog)]
            if room is not None:
                for candidate in candidates:
                    candidate.room = room(key, candidate.region) if candidate.fits else None
            placements[key] = AccountPlacement(key, None, pinned=False, candidates=candidates)
    auto = [k for k, p in placements.items() if not p.pinned]
    chosen = _search(auto, placements, partners, {k: p.region for k, p in placements.items() if p.pinned})
    for key in auto:
        placement = placements[key]
        placement.region = chosen.get(key) if chosen else None
        for candidate in placement.candidates:
            if candidate.region == placement.region:
                break
            holder = _holder(candidate.region, key, partners, chosen or {})
            if candidate.fits and holder:
                placement.taken[candidate.region] = holder
    return placements


def _holder(
    region: str, key: str, partners: Mapping[str, set[str]], chosen: Mapping[str, str | None]
) -> str | None:
    return next((other for other in sorted(partners[key]) if chosen.get(other) == region), None)


def _search(
    order: list[str],
    placements: Mapping[str, AccountPlacement],
    partners: Mapping[str, set[str]],
    chosen: dict[str, str | None],
) -> dict[str, str | None] | None:
    """First assignment, in stack order and candidate preference, that keeps partners apart."""
    if not order:
        return chosen
    key, rest = order[0], order[1:]
    for candidate in placements[key].preferred():
        if not candidate.fits or _holder(candidate.region, key, partners, chosen):
            continue
        found = _search(rest, placements, partners, {**chosen, key: candidate.region})
        if found is not None:
            return found
    return None


def no_fit_message(placement: AccountPlacement, catalog: Catalog) -> str:
    if not placement.candidates:
        return "location: auto has no candidate regions; set placement.regions or placement.dataZone"
    lines = [f"no candidate region fits (catalog: {catalog.stamp}):"]
    for candidate in placement.candidates:
        why = (
            "; ".join(candidate.blockers)
            or "fits, but every fitting choice collides with a distinctFrom partner"
        )
        lines.append(f"{candidate.region}: {why}")
    return "\n      ".join(lines)
