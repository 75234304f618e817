"""stack_warnings: the warnings about a valid stack, called directly (tests/aoai/test_validate_advice.py
checks what `aoai validate` prints of them): the key each names, the key path as parts that places
it on its line of the stack file, and which accounts and endpoints it looks at."""

from __future__ import annotations

from typing import Any

from azure_openai_toolkit.advice import stack_warnings
from azure_openai_toolkit.config import Problem
from tests.conftest import SUBNET, VNET, ZONE, parse, with_changes

ACLS = {"ipRules": ["203.0.113.0/24"]}
ENDPOINT = {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}
IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
)
KEY = {"keyVaultUri": "https://kv-contoso.vault.azure.net/", "keyName": "cmk"}
UNREACHABLE = (
    "public network access is Disabled and the account has no private endpoints, so nothing can reach it: "
    "add privateEndpoints, or networkAcls (public access then defaults to Enabled for the listed "
    "networks). Ignore this if its private endpoints are managed outside this stack"
)
ASSUMED = (
    "placed in the account's region swedencentral, because the stack file does not say where its "
    "virtual network is, and this stack spans several regions. An endpoint must be in its network's "
    "region: set networkRegions for the network if it is elsewhere (aoai adopt reads it from Azure)"
)


def warnings(change: Any, locations: dict[str, str]) -> list[Problem]:
    return stack_warnings(parse(with_changes(change)), locations)


def accounts(**given: dict[str, Any]) -> Any:
    def change(data: dict[str, Any]) -> None:
        chat = data["accounts"]["primary"]["deployments"]
        data["accounts"] = {key: {"deployments": chat, **account} for key, account in given.items()}

    return change


def test_an_account_nothing_can_reach() -> None:
    (found,) = warnings(accounts(primary={}), {"primary": "swedencentral"})
    assert found.path == "accounts.primary.publicNetworkAccess"
    assert found.message == UNREACHABLE
    assert found.loc == ("accounts", "primary", "publicNetworkAccess")


def test_a_key_only_the_system_identity_could_read() -> None:
    given = accounts(primary={"networkAcls": ACLS, "customerManagedKey": KEY})
    (found,) = warnings(given, {"primary": "swedencentral"})
    assert found.path == "accounts.primary.customerManagedKey"
    assert found.loc == ("accounts", "primary", "customerManagedKey")
    assert found.message == (
        "the customer-managed key is read by the system-assigned identity, which exists only once the "
        "account does, so it cannot hold 'Key Vault Crypto Service Encryption User' on the key when "
        "the account is created with the key, and the create fails. Use a user-assigned identity: "
        "list it in managedIdentities.userAssignedResourceIds, grant it the role on the key, and set "
        "customerManagedKey.userAssignedIdentityResourceId and identityClientId. (An account that "
        "exists already and whose system identity holds the role needs nothing.)"
    )


def test_an_endpoint_placed_in_its_accounts_region_in_a_stack_of_several_regions() -> None:
    given = accounts(
        primary={"privateEndpoints": {"hub": ENDPOINT}},
        secondary={"location": "francecentral", "networkAcls": ACLS},
    )
    locations = {"primary": "swedencentral", "secondary": "francecentral"}
    (found,) = warnings(given, locations)
    assert found.path == "accounts.primary.privateEndpoints.hub.location"
    assert found.message == ASSUMED
    assert found.loc == ("accounts", "primary", "privateEndpoints", "hub", "location")
    # In one region there is no other region the network could be in.
    assert warnings(given, {"primary": "swedencentral", "secondary": "swedencentral"}) == []


def test_an_endpoint_whose_region_the_stack_states_is_not_flagged() -> None:
    def stated(data: dict[str, Any]) -> None:
        accounts(
            primary={"privateEndpoints": {"hub": ENDPOINT}},
            secondary={"location": "francecentral", "networkAcls": ACLS},
        )(data)
        data["networkRegions"] = {VNET: "swedencentral"}

    assert warnings(stated, {"primary": "swedencentral", "secondary": "francecentral"}) == []


def test_every_account_is_looked_at_after_one_without_a_region() -> None:
    """An account not (yet) placed is skipped for the endpoint check; the accounts after it are not."""
    given = accounts(
        early={"networkAcls": ACLS, "privateEndpoints": {"hub": ENDPOINT}},
        primary={"privateEndpoints": {"hub": ENDPOINT}},
        secondary={"location": "francecentral", "networkAcls": ACLS},
    )
    found = warnings(given, {"primary": "swedencentral", "secondary": "francecentral"})
    assert [p.path for p in found] == ["accounts.primary.privateEndpoints.hub.location"]
