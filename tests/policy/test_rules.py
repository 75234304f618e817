"""The rules as pure functions, and the pack config they read (shared by both adapters)."""

from __future__ import annotations

import pytest

from aoai.offline.policy import load_rules

rules = load_rules()
ResourceView = rules.ResourceView

ACCOUNT = "azure-native:cognitiveservices:Account"


def account(protect: bool = True, **properties: object) -> object:
    return ResourceView(
        ACCOUNT, "primary-account", "urn:a", {"accountName": "a", "properties": properties}, protect
    )


def test_public_network_access_absent_counts_as_enabled_as_azure_does() -> None:
    rule = rules.RULES_BY_NAME["protected-public-network-disabled"]
    settings = rule.settings()
    assert rule.evaluate_resource(account(), settings)
    assert not rule.evaluate_resource(account(publicNetworkAccess="Disabled"), settings)
    assert not rule.evaluate_resource(account(protect=False), settings), "unprotected stacks are out of scope"


def test_local_auth_must_be_disabled_explicitly() -> None:
    rule = rules.RULES_BY_NAME["protected-local-auth-disabled"]
    assert rule.evaluate_resource(account(), rule.settings())
    assert not rule.evaluate_resource(account(disableLocalAuth=True), rule.settings())


def test_default_deny_applies_to_reachable_accounts_only() -> None:
    rule = rules.RULES_BY_NAME["network-default-deny"]
    allow = account(protect=False, publicNetworkAccess="Enabled", networkAcls={"defaultAction": "Allow"})
    deny = account(protect=False, publicNetworkAccess="Enabled", networkAcls={"defaultAction": "Deny"})
    assert "networkAcls.defaultAction Allow" in rule.evaluate_resource(allow, {})[0].message
    assert not rule.evaluate_resource(deny, {})
    assert not rule.evaluate_resource(account(protect=False, publicNetworkAccess="Disabled"), {})


@pytest.mark.parametrize(
    "ip_rules",
    [
        ["0.0.0.0/1", "128.0.0.0/1"],
        ["0.0.0.0/0"],
        # every public address, the private ranges left out: still everyone on the internet
        ["1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4",
         "32.0.0.0/3", "64.0.0.0/3", "96.0.0.0/6", "100.0.0.0/10", "100.128.0.0/9", "101.0.0.0/8",
         "102.0.0.0/7", "104.0.0.0/5", "112.0.0.0/4", "128.0.0.0/2", "192.0.0.0/3"],
    ],
)  # fmt: skip
def test_default_deny_with_rules_that_admit_everyone_is_a_violation(ip_rules: list[str]) -> None:
    rule = rules.RULES_BY_NAME["network-default-deny"]
    acls = {"defaultAction": "Deny", "ipRules": [{"value": v} for v in ip_rules]}
    (finding,) = rule.evaluate_resource(account(publicNetworkAccess="Enabled", networkAcls=acls), {})
    assert "let every public IPv4 address in" in finding.message


def test_default_deny_with_a_real_allow_list_passes() -> None:
    rule = rules.RULES_BY_NAME["network-default-deny"]
    acls = {"defaultAction": "Deny", "ipRules": [{"value": "0.0.0.0/1"}, {"value": "203.0.113.0/24"}]}
    assert not rule.evaluate_resource(account(publicNetworkAccess="Enabled", networkAcls=acls), {})


def test_absent_upgrade_option_is_the_services_auto_upgrade() -> None:
    deployment = ResourceView(
        "azure-native:cognitiveservices:Deployment",
        "d",
        "urn:d",
        {"properties": {"model": {"name": "gpt-5", "version": "2025-08-07"}}},
    )
    findings = rules.deployments_pin_versions([deployment], {})
    assert [f.urn for f in findings] == ["urn:d"]
    assert "OnceNewDefaultVersionAvailable" in findings[0].message


def test_pack_config_in_pulumis_format() -> None:
    config = rules.parse_pack_config(
        {"all": "advisory", "capacity-ceiling": {"enforcementLevel": "mandatory", "maxCapacity": 7}}
    )
    ceiling = rules.RULES_BY_NAME["capacity-ceiling"]
    assert config.level(ceiling) is rules.Level.MANDATORY
    assert config.level(rules.RULES_BY_NAME["protected-diagnostics"]) is rules.Level.ADVISORY
    assert config.settings_for(ceiling) == {"maxCapacity": 7}
    assert config.settings_for(rules.RULES_BY_NAME["data-zone-skus"]) == {"dataZone": ""}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"no-such-policy": "advisory"}, "no-such-policy: no such policy"),
        ({"capacity-ceiling": {"maxCapacity": "lots"}}, "capacity-ceiling.maxCapacity: must be an integer"),
        ({"capacity-ceiling": {"maxCapacity": 0}}, "capacity-ceiling.maxCapacity: must be at least 1"),
        ({"data-zone-skus": {"dataZone": "APAC"}}, "data-zone-skus.dataZone: must be one of"),
        ({"data-zone-skus": {"zone": "EU"}}, "data-zone-skus: unknown setting(s) zone (accepted: dataZone)"),
        ({"all": "sometimes"}, "all: enforcement level must be one of advisory, mandatory, disabled"),
    ],
)
def test_bad_pack_config_is_refused_with_the_key(document: dict[str, object], message: str) -> None:
    with pytest.raises(rules.PolicyConfigError, match=None) as caught:
        rules.parse_pack_config(document)
    assert message in str(caught.value)


def test_customer_managed_key_needs_a_key_vault_key() -> None:
    rule = rules.RULES_BY_NAME["customer-managed-key-recommended"]
    key = {
        "keySource": "Microsoft.KeyVault",
        "keyVaultProperties": {"keyVaultUri": "https://kv.vault.azure.net/"},
    }
    assert rule.evaluate_resource(account(), {})[0].message.startswith(
        "account a (primary-account) encrypts with Microsoft-managed keys"
    )
    assert rule.evaluate_resource(account(encryption=key), {}), "a key needs its name"
    key["keyVaultProperties"]["keyName"] = "aoai"  # type: ignore[index]
    assert not rule.evaluate_resource(account(encryption=key), {})
    assert not rule.evaluate_resource(account(protect=False), {}), "unprotected stacks are out of scope"


def test_outbound_allowlist_needs_restriction_and_hosts() -> None:
    rule = rules.RULES_BY_NAME["outbound-allowlist-recommended"]
    assert "outbound network access unrestricted" in rule.evaluate_resource(account(), {})[0].message
    closed = account(restrictOutboundNetworkAccess=True)
    assert "with an empty allowedFqdns" in rule.evaluate_resource(closed, {})[0].message
    allowed = account(restrictOutboundNetworkAccess=True, allowedFqdnList=["srch.search.windows.net"])
    assert not rule.evaluate_resource(allowed, {})


def test_foundry_local_auth_looks_at_foundry_resources_in_every_stack() -> None:
    rule = rules.RULES_BY_NAME["foundry-local-auth-disabled"]

    def foundry(kind: str, **properties: object) -> object:
        inputs = {"accountName": "f", "kind": kind, "properties": properties}
        return ResourceView(ACCOUNT, "f-account", "urn:f", inputs, False)

    found = rule.evaluate_resource(foundry("AIServices", disableLocalAuth=False), rule.settings())
    assert [f.urn for f in found] == ["urn:f"]
    assert "is a Foundry resource (kind AIServices) that accepts API keys" in found[0].message
    assert not rule.evaluate_resource(foundry("AIServices", disableLocalAuth=True), rule.settings())
    assert not rule.evaluate_resource(foundry("OpenAI", disableLocalAuth=False), rule.settings())


def test_a_project_without_an_identity_type_has_none() -> None:
    rule = rules.RULES_BY_NAME["foundry-project-identity"]

    def project(identity: object) -> object:
        inputs = {"projectName": "research", **({"identity": identity} if identity is not None else {})}
        return ResourceView("azure-native:cognitiveservices:Project", "p", "urn:p", inputs)

    assert rule.evaluate_resource(project(None), {})
    assert rule.evaluate_resource(project({"type": "None"}), {})
    assert not rule.evaluate_resource(project({"type": "SystemAssigned"}), {})
    assert not rule.evaluate_resource(project({"type": "UserAssigned", "userAssignedIdentities": ["x"]}), {})


def test_connections_other_than_entra_id_are_named() -> None:
    def connection(kind: str, auth: str) -> object:
        inputs = {"connectionName": "search", "properties": {"authType": auth, "category": "CognitiveSearch"}}
        return ResourceView(f"azure-native:cognitiveservices:{kind}", f"{kind}-c", f"urn:{kind}", inputs)

    resources = [
        connection("AccountConnection", "AAD"),
        connection("ProjectConnection", "ApiKey"),
        connection("AccountConnection", "AccountKey"),
    ]
    findings = rules.connections_use_entra_id(resources, {})
    assert sorted(f.urn or "" for f in findings) == ["urn:AccountConnection", "urn:ProjectConnection"]
    assert any("authenticates with ApiKey" in f.message for f in findings)


def test_developer_deployments_break_a_data_zone() -> None:
    rule = rules.RULES_BY_NAME["data-zone-skus"]
    developer = ResourceView(
        "azure-native:cognitiveservices:Deployment", "d", "urn:d", {"sku": {"name": "DeveloperTier"}}
    )
    found = rule.evaluate_resource(developer, {"dataZone": "EU"})
    assert "use DataZoneStandard (or Standard)" in found[0].message
    assert not rule.evaluate_resource(developer, {"dataZone": ""})
