"""From a valid config to what the program deploys: regions placed, catalog checked.

The program (__main__.py) and `aoai validate` both call `resolve_stack`, so an impossible stack
fails offline in the CLI exactly as it would fail in `pulumi up` - before any resource exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .advice import stack_warnings
from .availability import CatalogFindings, check_deployments
from .catalog import Catalog, default_catalog
from .config import AUTO, ConfigError, Problem, StackConfig
from .config.types import covers_every_public_address
from .placement import AccountPlacement, no_fit_message, place_accounts
from .provisioned import check_provisioned


@dataclass
class ResolvedStack:
    config: StackConfig
    locations: dict[str, str]
    placements: dict[str, AccountPlacement]
    warnings: list[Problem]
    catalog: Catalog


@dataclass
class Resolution:
    """What placement and the catalog say about a config: the resolved stack when nothing is wrong."""

    resolved: ResolvedStack | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def resolve_findings(
    config: StackConfig,
    *,
    catalog: Catalog | None = None,
    today: datetime.date | None = None,
    check_catalog: bool = True,
) -> Resolution:
    """Place every account and check every deployment; every problem and warning, never raising.

    With check_catalog=False only placement uses the catalog: the live commands judge models,
    versions, SKUs and lifecycles from Azure's own answers, never from an older catalog."""
    catalog = catalog or default_catalog()
    today = today or datetime.datetime.now(datetime.UTC).date()
    placements = place_accounts(config, catalog)
    problems = [
        Problem(f"accounts.{key}.location", no_fit_message(p, catalog), ("accounts", key, "location"))
        for key, p in placements.items()
        if p.region is None
    ]
    locations = {key: p.region for key, p in placements.items() if p.region is not None}
    problems += _pinned_rules(config, locations, catalog)
    findings = check_deployments(config, locations, catalog, today) if check_catalog else CatalogFindings()
    problems.extend(findings.problems)
    if check_catalog:
        problems.extend(check_provisioned(config))
    warnings = [*findings.warnings, *_open_firewalls(config)]
    if problems:
        return Resolution(None, problems, warnings)
    warnings += stack_warnings(config, locations)
    return Resolution(ResolvedStack(config, locations, placements, warnings, catalog), [], warnings)


def resolve_stack(
    config: StackConfig,
    source: str,
    *,
    catalog: Catalog | None = None,
    today: datetime.date | None = None,
    check_catalog: bool = True,
) -> ResolvedStack:
    """Place every account and check every deployment. Raises ConfigError with all problems.

    check_catalog: as for resolve_findings."""
    resolution = resolve_findings(config, catalog=catalog, today=today, check_catalog=check_catalog)
    if resolution.resolved is None:
        raise ConfigError(source, resolution.problems)
    return resolution.resolved


def _pinned_rules(config: StackConfig, locations: dict[str, str], catalog: Catalog) -> list[Problem]:
    """A pinned account keeps its placement rules: in its data zone, apart from its partners."""
    problems = []
    for key, account in config.accounts.items():
        placement = account.placement
        region = locations.get(key)
        if placement is None or region is None or account.location == AUTO:
            continue
        where = ("accounts", key, "location")
        zone = placement.data_zone
        if zone and catalog.data_zone(region) != zone:
            problems.append(
                Problem(
                    f"accounts.{key}.location",
                    f"{region} is not in data zone {zone} (placement.dataZone); pick one of "
                    f"{', '.join(catalog.regions_in_zone(zone))}",
                    where,
                )
            )
        for other in placement.distinct_from:
            if other != key and locations.get(other) == region:
                problems.append(
                    Problem(
                        f"accounts.{key}.location",
                        f"accounts.{other} is in {region} too, but placement.distinctFrom keeps them "
                        "in different regions",
                        where,
                    )
                )
    return problems


def _open_firewalls(config: StackConfig) -> list[Problem]:
    """IP rules that admit the whole internet, on stacks that are not protected (an error there)."""
    if config.protected:
        return []
    warnings = []
    for key, account in config.accounts.items():
        acls = account.network_acls
        if acls and acls.default_action == "Deny" and covers_every_public_address(acls.ip_rules):
            loc = ("accounts", key, "networkAcls", "ipRules")
            warnings.append(
                Problem(
                    f"accounts.{key}.networkAcls.ipRules",
                    "these rules together let every public IPv4 address in: the firewall admits the "
                    "whole internet; list only the networks that need access",
                    loc,
                )
            )
    return warnings
