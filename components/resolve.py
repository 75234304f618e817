"""From a valid config to what the program deploys: regions placed, catalog checked.

The program (__main__.py) and `aoai validate` both call `resolve_stack`, so an impossible stack
fails offline in the CLI exactly as it would fail in `pulumi up` - before any resource exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .advice import stack_warnings
from .availability import check_deployments
from .catalog import Catalog, default_catalog
from .config import ConfigError, Problem, StackConfig
from .placement import AccountPlacement, no_fit_message, place_accounts


@dataclass
class ResolvedStack:
    config: StackConfig
    locations: dict[str, str]
    placements: dict[str, AccountPlacement]
    warnings: list[Problem]
    catalog: Catalog


def resolve_stack(
    config: StackConfig,
    source: str,
    *,
    catalog: Catalog | None = None,
    today: datetime.date | None = None,
) -> ResolvedStack:
    """Place every account and check every deployment. Raises ConfigError with all problems."""
    catalog = catalog or default_catalog()
    today = today or datetime.datetime.now(datetime.UTC).date()
    placements = place_accounts(config, catalog)
    problems = [
        Problem(f"accounts.{key}.location", no_fit_message(p, catalog), ("accounts", key, "location"))
        for key, p in placements.items()
        if p.region is None
    ]
    locations = {key: p.region for key, p in placements.items() if p.region is not None}
    findings = check_deployments(config, locations, catalog, today)
    problems.extend(findings.problems)
    if problems:
        raise ConfigError(source, problems)
    warnings = [*findings.warnings, *stack_warnings(config, locations)]
    return ResolvedStack(config, locations, placements, warnings, catalog)
