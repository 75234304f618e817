"""Warnings about a valid stack: things that deploy but are probably not what was meant.

`aoai validate` prints them and `pulumi up` logs them; they never stop a deployment, because each
has a legitimate reason to exist (the message says which).
"""

from __future__ import annotations

from collections.abc import Mapping

from .config import Problem, StackConfig
from .config.rules import reachable_from_nowhere


def stack_warnings(config: StackConfig, locations: Mapping[str, str]) -> list[Problem]:
    """Accounts nothing can reach, and endpoint regions the stack file does not state."""
    found: list[Problem] = []
    regions = set(locations.values())
    for key, account in config.accounts.items():
        unreachable = reachable_from_nowhere(
            account.effective_public_network_access, bool(account.private_endpoints)
        )
        if unreachable:
            found.append(
                Problem(
                    f"accounts.{key}.publicNetworkAccess",
                    unreachable,
                    ("accounts", key, "publicNetworkAccess"),
                )
            )
        if key not in locations or len(regions) < 2:
            continue
        for endpoint_key in account.private_endpoints:
            region = config.endpoint_location(key, endpoint_key, locations[key])
            if region.source == "account":
                loc = ("accounts", key, "privateEndpoints", endpoint_key, "location")
                found.append(
                    Problem(
                        f"accounts.{key}.privateEndpoints.{endpoint_key}.location",
                        f"placed in the account's region {region.location}, because the stack file "
                        "does not say where its virtual network is, and this stack spans several "
                        "regions. An endpoint must be in its network's region: set networkRegions "
                        "for the network if it is elsewhere (aoai adopt reads it from Azure)",
                        loc,
                    )
                )
    return found
