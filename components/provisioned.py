"""Provisioned deployments' sizes offline: the minimum and the scale increment of each model.

Microsoft sizes provisioned deployments (PTUs) per model: a minimum, then whole increments above
it, one pair for GlobalProvisionedManaged and DataZoneProvisionedManaged and another for regional
ProvisionedManaged (components/data/provisioned.json says where the numbers come from and their
date). A capacity off those steps fails at `pulumi up`; this catches it before. Models the table
does not list are not checked here, and `aoai preflight` checks every deployment against the
live models API (its minimum, maximum and step) anyway. `skipCatalogCheck` skips this check too.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from .config import Problem, StackConfig

DATA_FILE = Path(__file__).resolve().parent / "data" / "provisioned.json"
GLOBAL_AND_DATA_ZONE = ("GlobalProvisionedManaged", "DataZoneProvisionedManaged")
REGIONAL = "ProvisionedManaged"


@dataclass(frozen=True)
class Sizing:
    minimum: int
    increment: int

    def fits(self, capacity: int) -> bool:
        return capacity >= self.minimum and (capacity - self.minimum) % self.increment == 0

    def sizes(self) -> str:
        first = [self.minimum + n * self.increment for n in range(3)]
        return ", ".join(str(size) for size in first) + ", ..."


@dataclass(frozen=True)
class ProvisionedTable:
    as_of: datetime.date
    models: dict[str, dict[str, Sizing | None]]

    def sizing(self, model: str, sku: str) -> tuple[bool, Sizing | None]:
        """(listed, sizing) of a model for a provisioned SKU; sizing None: not offered so."""
        rows = self.models.get(model)
        if rows is None or sku not in (*GLOBAL_AND_DATA_ZONE, REGIONAL):
            return False, None
        return True, rows["regional" if sku == REGIONAL else "globalAndDataZone"]


@functools.cache
def provisioned_table(path: Path = DATA_FILE) -> ProvisionedTable:
    data = json.loads(path.read_text(encoding="utf-8"))
    models: dict[str, dict[str, Sizing | None]] = {}
    for name, rows in data["models"].items():
        models[name] = {
            kind: Sizing(int(row["minimum"]), int(row["increment"])) if row else None
            for kind, row in rows.items()
        }
    return ProvisionedTable(datetime.date.fromisoformat(data["asOf"]), models)


def check_provisioned(config: StackConfig, table: ProvisionedTable | None = None) -> list[Problem]:
    table = table or provisioned_table()
    stamp = f"PTU sizes as of {table.as_of.isoformat()}"
    problems: list[Problem] = []
    for key, account in config.accounts.items():
        for name, deployment in account.deployments.items():
            if deployment.skip_catalog_check:
                continue
            listed, sizing = table.sizing(deployment.model, deployment.sku)
            if not listed:
                continue
            loc: tuple[str | int, ...] = ("accounts", key, "deployments", name)
            if sizing is None:
                problems.append(
                    Problem(
                        f"accounts.{key}.deployments.{name}.sku",
                        f"{deployment.model} is not offered as regional {REGIONAL} ({stamp}); use "
                        f"{' or '.join(GLOBAL_AND_DATA_ZONE)}, or set skipCatalogCheck: true if Azure "
                        "offers it now",
                        (*loc, "sku"),
                    )
                )
            elif not sizing.fits(deployment.capacity):
                problems.append(
                    Problem(
                        f"accounts.{key}.deployments.{name}.capacity",
                        f"{deployment.sku} {deployment.model} is sized at {sizing.sizes()} PTUs (minimum "
                        f"{sizing.minimum}, then steps of {sizing.increment}; {stamp}); got "
                        f"{deployment.capacity}",
                        (*loc, "capacity"),
                    )
                )
    return problems
