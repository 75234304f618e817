"""`aoai validate` warnings: an account reachable from nowhere, an endpoint region it assumed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app

runner = CliRunner()
SUBNET = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/virtualNetworks/vnet-hub/subnets/pe"
)
ZONE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"
)
HEAD = """config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
"""
CHAT = '      deployments: {chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}}\n'


def warnings_of(tmp_path: Path, accounts: str) -> list[dict[str, object]]:
    path = tmp_path / "Pulumi.advice.yaml"
    path.write_text(HEAD + accounts)
    result = runner.invoke(app, ["validate", "--stack", str(path), "--json"])
    assert result.exit_code == 0, result.output  # warnings never fail validation
    (report,) = json.loads(result.stdout)["stacks"]
    return [w for w in report["warnings"] if "retirement" not in str(w["message"])]


def test_an_account_with_public_access_disabled_and_no_private_endpoint_is_flagged(tmp_path: Path) -> None:
    warnings = warnings_of(tmp_path, "    primary:\n" + CHAT)
    assert [w["path"] for w in warnings] == ["azure-openai:accounts.primary.publicNetworkAccess"]
    assert str(warnings[0]["message"]).startswith(
        "public network access is Disabled and the account has no private endpoints, so nothing can reach it"
    )


def test_reachable_accounts_are_not_flagged(tmp_path: Path) -> None:
    endpoint = f"      privateEndpoints: {{hub: {{subnetId: {SUBNET}, privateDnsZoneIds: [{ZONE}]}}}}\n"
    acls = "      networkAcls: {ipRules: [203.0.113.0/24]}\n"
    assert warnings_of(tmp_path, "    primary:\n" + endpoint + CHAT) == []
    assert warnings_of(tmp_path, "    primary:\n" + acls + CHAT) == []


def test_an_endpoint_region_assumed_in_a_multi_region_stack_is_flagged(tmp_path: Path) -> None:
    endpoint = f"      privateEndpoints: {{hub: {{subnetId: {SUBNET}, privateDnsZoneIds: [{ZONE}]}}}}\n"
    other = "    second:\n      location: francecentral\n      networkAcls: {ipRules: [203.0.113.0/24]}\n"
    warnings = warnings_of(tmp_path, "    primary:\n" + endpoint + CHAT + other)
    assert [w["path"] for w in warnings] == ["azure-openai:accounts.primary.privateEndpoints.hub.location"]
    assert "placed in the account's region swedencentral" in str(warnings[0]["message"])


IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
)
CLIENT = "11111111-1111-1111-1111-111111111111"
ACLS = "      networkAcls: {ipRules: [203.0.113.0/24]}\n"
KEY = "      customerManagedKey: {keyVaultUri: 'https://kv-contoso.vault.azure.net/', keyName: cmk%s}\n"


def test_a_customer_managed_key_read_by_the_system_identity_is_flagged(tmp_path: Path) -> None:
    """The system-assigned identity exists only once the account does, so it cannot hold the key
    role when the account is created with the key: the create fails. A user-assigned identity can."""
    warnings = warnings_of(tmp_path, "    primary:\n" + ACLS + KEY % "" + CHAT)
    assert [w["path"] for w in warnings] == ["azure-openai:accounts.primary.customerManagedKey"]
    message = str(warnings[0]["message"])
    assert message.startswith(
        "the customer-managed key is read by the system-assigned identity, which exists only once the "
        "account does"
    )
    assert "userAssignedIdentityResourceId" in message
    assert "Key Vault Crypto Service Encryption User" in message


def test_a_customer_managed_key_read_by_a_user_assigned_identity_is_not_flagged(tmp_path: Path) -> None:
    user = (
        f"      managedIdentities: {{userAssignedResourceIds: [{IDENTITY}]}}\n"
        + KEY % f", userAssignedIdentityResourceId: {IDENTITY}, identityClientId: {CLIENT}"
    )
    assert warnings_of(tmp_path, "    primary:\n" + ACLS + user + CHAT) == []
