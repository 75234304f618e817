"""Warnings about a valid stack: things that deploy but are probably not what was meant.

`aoai validate` prints them and `pulumi up` logs them; they never stop a deployment, because each
has a legitimate reason to exist (the message says which).
"""

from __future__ import annotations

from collections.abc import Mapping

from .config import Account, Problem, StackConfig
from .config.rules import reachable_from_nowhere


def _key_read_by_system_identity(key: str, account: Account) -> Problem | None:
    """A customer-managed key without a user-assigned identity to read it. The account is created
    with its encryption settings in one PUT, and Azure checks the key then; the system-assigned
    identity is created by that same PUT, so it cannot have been granted the key beforehand."""
    cmk = account.customer_managed_key
    if cmk is None or cmk.user_assigned_identity_resource_id is not None:
        return None
    return Problem(
        f"accounts.{key}.customerManagedKey",
        "the customer-managed key is read by the system-assigned identity, which exists only once the "
        "account does, so it cannot hold 'Key Vault Crypto Service Encryption User' on the key when "
        "the account is created with the key, and the create fails. Use a user-assigned identity: "
        "list it in managedIdentities.userAssignedResourceIds, grant it the role on the key, and set "
        "customerManagedKey.userAssignedIdentityResourceId and identityClientId. (An account that "
        "exists already and whose system identity holds the role needs nothing.)",
        ("accounts", key, "customerManagedKey"),
    )


def stack_warnings(config: StackConfig, locations: Mapping[str, str]) -> list[Problem]:
    """Accounts nothing can reach, customer-managed keys no identity can read at creation, and
    endpoint regions the stack file does not state."""
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
        key_problem = _key_read_by_system_identity(key, account)
        if key_problem is not None:
            found.append(key_problem)
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
