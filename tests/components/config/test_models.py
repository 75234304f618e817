"""Each rule of the stack-config contract, with a passing and a failing case and the key path."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import (
    IDENTITY,
    PRINCIPAL,
    SUBNET,
    VNET,
    WORKSPACE,
    ZONE,
    base_config,
    parse,
    problem_list,
    problems_of,
    with_changes,
)


def primary(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["accounts"]["primary"]
    return account


def chat(data: dict[str, Any]) -> dict[str, Any]:
    deployment: dict[str, Any] = primary(data)["deployments"]["chat"]
    return deployment


class TestDefaults:
    def test_documented_defaults(self) -> None:
        config = parse(base_config())
        account = config.accounts["primary"]
        assert config.account_name("primary") == "contoso-dev-primary"
        assert config.subdomain("primary") == "contoso-dev-primary"
        assert config.resource_group_name == "rg-contoso-openai-dev"
        assert config.protected is False
        assert account.local_auth is False
        assert account.effective_public_network_access == "Disabled"
        assert account.managed_identities.system_assigned is True
        assert account.sku == "S0"
        assert account.deployments["chat"].format == "OpenAI"
        assert account.deployments["chat"].version_upgrade == "OnceCurrentVersionExpired"
        assert config.resource_tags == {"managed-by": "azure-openai", "environment": "dev"}

    def test_public_access_enabled_only_with_network_acls(self) -> None:
        data = with_changes(lambda d: primary(d).update(networkAcls={"ipRules": ["203.0.113.0/24"]}))
        account = parse(data).accounts["primary"]
        assert account.effective_public_network_access == "Enabled"
        assert account.network_acls is not None and account.network_acls.default_action == "Deny"

    def test_accounts_default_to_one_primary_account_at_the_stack_location(self) -> None:
        config = parse({"namePrefix": "contoso", "environment": "dev", "location": "eastus2"})
        assert list(config.accounts) == ["primary"]
        assert config.account_location("primary") == "eastus2"

    def test_user_tags_win_over_toolkit_tags(self) -> None:
        config = parse(with_changes(lambda d: d.update(tags={"environment": "development", "team": "ai"})))
        assert config.resource_tags == {
            "managed-by": "azure-openai",
            "environment": "development",
            "team": "ai",
        }


class TestRequiredAndUnknownKeys:
    def test_missing_required_keys_are_reported_with_their_path(self) -> None:
        problems = problems_of({"accounts": {}})
        assert problems["namePrefix"].startswith("required")
        assert problems["environment"].startswith("required")

    def test_unknown_top_level_key_suggests_the_right_one(self) -> None:
        problems = problems_of(with_changes(lambda d: d.update(namePrefx="x")))
        assert "unknown key 'namePrefx'; did you mean 'namePrefix'?" in problems["namePrefx"]

    def test_unknown_nested_key_names_its_full_path_and_allowed_keys(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).update(capacitty=5)))
        message = problems["accounts.primary.deployments.chat.capacitty"]
        assert "did you mean 'capacity'?" in message
        assert "allowed here:" in message and "versionUpgrade" in message

    def test_missing_deployment_fields(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).pop("version")))
        assert problems["accounts.primary.deployments.chat.version"].startswith("required: Model version")


class TestProtection:
    @pytest.mark.parametrize("environment", ["prod", "production"])
    def test_prod_environments_are_protected(self, environment: str) -> None:
        assert parse(with_changes(lambda d: d.update(environment=environment))).protected is True

    def test_protect_overrides_the_environment(self) -> None:
        assert parse(with_changes(lambda d: d.update(environment="prod", protect=False))).protected is False
        assert parse(with_changes(lambda d: d.update(protect=True))).protected is True

    def test_protect_must_be_a_boolean(self) -> None:
        assert problems_of(with_changes(lambda d: d.update(protect="yes")))["protect"] == (
            "must be true or false (got 'yes')"
        )


class TestDeploymentValues:
    def test_capacity_must_be_positive(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).update(capacity=0)))
        assert problems["accounts.primary.deployments.chat.capacity"] == "must be a positive integer (got 0)"

    def test_capacity_must_be_a_number_not_text(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).update(capacity="10")))
        assert "must be a whole number" in problems["accounts.primary.deployments.chat.capacity"]

    def test_unquoted_numeric_version_is_refused_with_a_quoting_hint(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).update(version=1)))
        assert 'quote it in YAML, e.g. "1"' in problems["accounts.primary.deployments.chat.version"]

    def test_sku_typo_suggests_the_right_case(self) -> None:
        problems = problems_of(with_changes(lambda d: chat(d).update(sku="globalstandard")))
        assert "did you mean 'GlobalStandard'?" in problems["accounts.primary.deployments.chat.sku"]

    def test_every_documented_sku_and_upgrade_option_is_accepted(self) -> None:
        skus = [
            "Standard",
            "GlobalStandard",
            "DataZoneStandard",
            "ProvisionedManaged",
            "GlobalProvisionedManaged",
            "DataZoneProvisionedManaged",
            "GlobalBatch",
            "DataZoneBatch",
        ]
        upgrades = ["OnceCurrentVersionExpired", "OnceNewDefaultVersionAvailable", "NoAutoUpgrade"]
        for sku, upgrade in zip(skus, upgrades * 3, strict=False):
            data = base_config()
            chat(data).update(sku=sku, versionUpgrade=upgrade)
            assert parse(data).accounts["primary"].deployments["chat"].sku == sku


class TestSubdomain:
    def test_subdomain_defaults_to_the_lower_cased_name(self) -> None:
        config = parse(with_changes(lambda d: primary(d).update(name="Contoso-Chat")))
        assert config.subdomain("primary") == "contoso-chat"

    def test_disabling_the_subdomain_is_allowed_only_with_keys_and_no_network_rules(self) -> None:
        parse(with_changes(lambda d: primary(d).update(customSubdomain=None, localAuth=True)))
        problems = problems_of(with_changes(lambda d: primary(d).update(customSubdomain=None)))
        assert "custom subdomain is required with Entra ID" in problems["accounts.primary.customSubdomain"]

    def test_subdomain_is_required_with_network_acls_and_private_endpoints(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(
                customSubdomain=None,
                localAuth=True,
                networkAcls={"ipRules": ["203.0.113.0/24"]},
                privateEndpoints={"hub": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}},
            )

        message = problems_of(with_changes(change))["accounts.primary.customSubdomain"]
        assert "networkAcls, privateEndpoints" in message

    def test_duplicate_subdomains_across_accounts_are_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["accounts"]["secondary"] = {
                "location": "francecentral",
                "customSubdomain": "contoso-dev-primary",
            }

        problems = problems_of(with_changes(change))
        assert "also used by accounts.primary" in problems["accounts.secondary.customSubdomain"]

    def test_distinct_subdomains_are_accepted(self) -> None:
        parse(with_changes(lambda d: d["accounts"].update(secondary={"location": "francecentral"})))

    def test_duplicate_account_names_are_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["accounts"]["secondary"] = {"name": "contoso-dev-primary", "customSubdomain": "other-sub"}

        assert "also used by accounts.primary" in problems_of(with_changes(change))["accounts.secondary.name"]

    def test_default_name_too_long_asks_for_an_explicit_name(self) -> None:
        data = with_changes(lambda d: d.update(accounts={"k" * 40: {}}, namePrefix="a" * 24))
        message = problems_of(data)[f"accounts.{'k' * 40}.name"]
        assert "default name" in message and "set name" in message


class TestLocalAuth:
    def test_keys_are_refused_on_protected_stacks(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["environment"] = "prod"
            primary(d)["localAuth"] = True

        data = with_changes(change)
        assert "use Entra ID" in problems_of(data)["accounts.primary.localAuth"]

    def test_keys_on_protected_stacks_need_an_explicit_acknowledgement(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["environment"] = "prod"
            primary(d).update(localAuth=True, allowLocalAuthWhenProtected=True)

        assert parse(with_changes(change)).accounts["primary"].local_auth is True

    def test_keys_are_allowed_on_unprotected_stacks(self) -> None:
        parse(with_changes(lambda d: primary(d).update(localAuth=True)))


class TestContentFilterReferences:
    def test_deployment_may_use_a_filter_of_its_account(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["contentFilters"] = {"strict": {"filters": {"hate": {"threshold": "Low"}}}}
            chat(d)["contentFilter"] = "strict"

        parse(with_changes(change))

    @pytest.mark.parametrize("builtin", ["Microsoft.DefaultV2", "Microsoft.Default"])
    def test_deployment_may_use_a_builtin_policy(self, builtin: str) -> None:
        parse(with_changes(lambda d: chat(d).update(contentFilter=builtin)))

    def test_deployment_may_use_a_declared_existing_policy(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["existingContentFilters"] = ["corp-policy"]
            chat(d)["contentFilter"] = "corp-policy"

        parse(with_changes(change))

    def test_unknown_filter_is_refused_with_the_choices(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["contentFilters"] = {"strict": {}}
            chat(d)["contentFilter"] = "strikt"

        message = problems_of(with_changes(change))["accounts.primary.deployments.chat.contentFilter"]
        assert "'strikt' is not a content filter of this account" in message
        assert "strict" in message and "existingContentFilters" in message

    def test_filter_of_another_account_is_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["accounts"]["secondary"] = {"location": "francecentral", "contentFilters": {"strict": {}}}
            chat(d)["contentFilter"] = "strict"

        assert "accounts.primary.deployments.chat.contentFilter" in problems_of(with_changes(change))

    def test_policy_names_starting_with_microsoft_are_reserved(self) -> None:
        problems = problems_of(
            with_changes(lambda d: primary(d).update(contentFilters={"Microsoft.Mine": {}}))
        )
        assert any("reserved for built-in policies" in m for m in problems.values())

    def test_existing_filter_also_declared_is_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(contentFilters={"strict": {}}, existingContentFilters=["strict"])

        assert (
            "list it in one place"
            in problems_of(with_changes(change))["accounts.primary.existingContentFilters"]
        )

    def test_filter_settings_are_checked(self) -> None:
        data = with_changes(
            lambda d: primary(d).update(
                contentFilters={"strict": {"mode": "Strict", "filters": {"hate": {"threshold": "low"}}}}
            )
        )
        problems = problems_of(data)
        assert (
            "did you mean 'Low'?" in problems["accounts.primary.contentFilters.strict.filters.hate.threshold"]
        )
        assert "must be one of Default, Deferred" in problems["accounts.primary.contentFilters.strict.mode"]


class TestPlacementRules:
    def test_data_zone_refuses_global_skus(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(location="auto", placement={"dataZone": "EU"})

        message = problems_of(with_changes(change))["accounts.primary.deployments.chat.sku"]
        assert "GlobalStandard" in message and "dataZone EU" in message and "DataZoneStandard" in message

    def test_data_zone_accepts_data_zone_skus(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(location="auto", placement={"dataZone": "EU"})
            chat(d)["sku"] = "DataZoneStandard"

        parse(with_changes(change))

    def test_auto_location_is_refused_on_protected_stacks(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["environment"] = "prod"
            primary(d).update(location="auto", placement={"regions": ["swedencentral"]})

        assert "pinned region" in problems_of(with_changes(change))["accounts.primary.location"]

    def test_auto_location_needs_candidates(self) -> None:
        problems = problems_of(with_changes(lambda d: primary(d).update(location="auto")))
        assert "placement.regions" in problems["accounts.primary.placement"]

    def test_candidate_regions_without_auto_are_refused(self) -> None:
        problems = problems_of(with_changes(lambda d: primary(d).update(placement={"regions": ["eastus"]})))
        assert "only apply with location: auto" in problems["accounts.primary.placement.regions"]

    def test_a_pinned_location_keeps_its_data_zone_rule(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(location="swedencentral", placement={"dataZone": "EU"})

        problems = problems_of(with_changes(change))
        # The zone stays a rule after `aoai place --write` pinned the region: no Global SKUs.
        assert list(problems) == ["accounts.primary.deployments.chat.sku"]
        assert "breaks placement.dataZone EU" in problems["accounts.primary.deployments.chat.sku"]

    def test_distinct_from_must_name_another_account(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(location="auto", placement={"regions": ["eastus"], "distinctFrom": ["nope"]})

        assert (
            "'nope' is not another account key"
            in problems_of(with_changes(change))["accounts.primary.placement.distinctFrom"]
        )

    def test_a_location_is_needed_somewhere(self) -> None:
        problems = problems_of(with_changes(lambda d: d.pop("location")))
        assert "azure-openai:location" in problems["accounts.primary.location"]
        assert "resourceGroup.location" in problems["resourceGroup.location"]

    def test_existing_resource_group_needs_no_location(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d.pop("location")
            d["resourceGroup"] = {"name": "rg-existing", "existing": True}
            primary(d)["location"] = "eastus2"

        config = parse(with_changes(change))
        assert config.resource_group_name == "rg-existing"

    def test_region_names_are_checked(self) -> None:
        problems = problems_of(with_changes(lambda d: d.update(location="Sweden Central")))
        assert "like swedencentral" in problems["location"]


class TestNetworkRules:
    def test_firewall_rules_with_public_access_disabled_are_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d).update(publicNetworkAccess="Disabled", networkAcls={"ipRules": ["203.0.113.0/24"]})

        assert "never apply" in problems_of(with_changes(change))["accounts.primary.networkAcls"]

    def test_allow_default_action_with_rules_is_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["networkAcls"] = {"defaultAction": "Allow", "ipRules": ["203.0.113.0/24"]}

        assert "use Deny" in problems_of(with_changes(change))["accounts.primary.networkAcls.defaultAction"]

    def test_duplicate_ip_rules_are_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["networkAcls"] = {"ipRules": ["203.0.113.0/24", "203.0.113.0/24"]}

        assert problems_of(with_changes(change))["accounts.primary.networkAcls.ipRules[1]"] == (
            "'203.0.113.0/24' is listed twice"
        )

    def test_virtual_network_rules_take_subnet_ids(self) -> None:
        def change(d: dict[str, Any]) -> None:
            primary(d)["networkAcls"] = {"virtualNetworkRules": [{"subnetId": SUBNET}, {"subnetId": VNET}]}

        message = problems_of(with_changes(change))[
            "accounts.primary.networkAcls.virtualNetworkRules[1].subnetId"
        ]
        assert "Microsoft.Network/virtualNetworks/subnets" in message

    def test_allowed_fqdns_need_restricted_outbound_access(self) -> None:
        problems = problems_of(with_changes(lambda d: primary(d).update(allowedFqdns=["api.contoso.com"])))
        assert "restrictOutboundNetworkAccess: true" in problems["accounts.primary.allowedFqdns"]
        parse(
            with_changes(
                lambda d: primary(d).update(
                    allowedFqdns=["api.contoso.com"], restrictOutboundNetworkAccess=True
                )
            )
        )

    def test_private_endpoint_needs_exactly_one_dns_choice(self) -> None:
        both = {
            "subnetId": SUBNET,
            "privateDnsZoneIds": [ZONE],
            "createPrivateDnsZone": {"virtualNetworkIds": [VNET]},
        }
        problems = problems_of(with_changes(lambda d: primary(d).update(privateEndpoints={"hub": both})))
        assert "not both" in problems["accounts.primary.privateEndpoints.hub.createPrivateDnsZone"]
        neither = {"subnetId": SUBNET}
        problems = problems_of(with_changes(lambda d: primary(d).update(privateEndpoints={"hub": neither})))
        assert "createPrivateDnsZone" in problems["accounts.primary.privateEndpoints.hub.privateDnsZoneIds"]

    def test_private_endpoint_name_must_fit_azure_limits(self) -> None:
        endpoint = {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]}
        data = with_changes(lambda d: primary(d).update(name="a" * 60, privateEndpoints={"hub": endpoint}))
        assert "Azure allows 64" in problems_of(data)["accounts.primary.privateEndpoints.hub"]


class TestIdentityRules:
    def test_customer_managed_key_needs_its_identity_attached(self) -> None:
        cmk = {
            "keyVaultUri": "https://kv-contoso.vault.azure.net/",
            "keyName": "aoai",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        }
        problems = problems_of(with_changes(lambda d: primary(d).update(customerManagedKey=cmk)))
        assert (
            "add this identity"
            in problems["accounts.primary.customerManagedKey.userAssignedIdentityResourceId"]
        )
        parse(
            with_changes(
                lambda d: primary(d).update(
                    customerManagedKey=cmk, managedIdentities={"userAssignedResourceIds": [IDENTITY]}
                )
            )
        )

    def test_key_version_is_hex_or_empty(self) -> None:
        cmk = {
            "keyVaultUri": "https://kv.vault.azure.net/",
            "keyName": "k",
            "keyVersion": "v1",
            "userAssignedIdentityResourceId": IDENTITY,
            "identityClientId": PRINCIPAL,
        }
        data = with_changes(
            lambda d: primary(d).update(
                customerManagedKey=cmk, managedIdentities={"userAssignedResourceIds": [IDENTITY]}
            )
        )
        assert "32 hex characters" in problems_of(data)["accounts.primary.customerManagedKey.keyVersion"]

    @pytest.mark.parametrize(
        "role",
        [
            "Cognitive Services OpenAI User",
            "Cognitive Services OpenAI Contributor",
            "Cognitive Services User",
            "Contributor",
            "Cognitive Services Usages Reader",
            "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
            "/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
        ],
    )
    def test_role_names_and_ids_are_accepted(self, role: str) -> None:
        assignment = {"principalId": PRINCIPAL, "role": role}
        parse(with_changes(lambda d: primary(d).update(roleAssignments={"app": assignment})))

    def test_unknown_role_lists_the_built_in_names(self) -> None:
        assignment = {"principalId": PRINCIPAL, "role": "OpenAI User"}
        problems = problems_of(with_changes(lambda d: primary(d).update(roleAssignments={"app": assignment})))
        assert "Cognitive Services OpenAI User" in problems["accounts.primary.roleAssignments.app.role"]

    def test_principal_type_must_be_known(self) -> None:
        assignment = {"principalId": PRINCIPAL, "role": "Contributor", "principalType": "App"}
        problems = problems_of(with_changes(lambda d: primary(d).update(roleAssignments={"app": assignment})))
        assert "ServicePrincipal" in problems["accounts.primary.roleAssignments.app.principalType"]


class TestOtherValues:
    def test_diagnostics_need_a_log_analytics_workspace(self) -> None:
        settings = {"central": {"workspaceResourceId": WORKSPACE.replace("OperationalInsights", "Insights")}}
        problems = problems_of(with_changes(lambda d: primary(d).update(diagnosticSettings=settings)))
        assert (
            "Microsoft.OperationalInsights/workspaces"
            in problems["accounts.primary.diagnosticSettings.central.workspaceResourceId"]
        )

    def test_lock_levels(self) -> None:
        parse(with_changes(lambda d: primary(d).update(lock="ReadOnly")))
        assert (
            "CanNotDelete"
            in problems_of(with_changes(lambda d: primary(d).update(lock="Delete")))["accounts.primary.lock"]
        )

    def test_tags_follow_azure_limits(self) -> None:
        problems = problems_of(with_changes(lambda d: d.update(tags={"a/b": "x"})))
        assert "without any of" in problems["tags"]

    def test_map_keys_must_be_name_safe(self) -> None:
        problems = problems_of(with_changes(lambda d: d["accounts"].update({"bad key": {}})))
        assert any("stable logical names" in m for m in problems.values())

    def test_name_prefix_rules(self) -> None:
        assert (
            "lower-case" in problems_of(with_changes(lambda d: d.update(namePrefix="Contoso")))["namePrefix"]
        )

    def test_only_s0_is_offered(self) -> None:
        assert (
            "S0" in problems_of(with_changes(lambda d: primary(d).update(sku="F0")))["accounts.primary.sku"]
        )


def test_every_problem_of_a_file_is_reported_together() -> None:
    def change(d: dict[str, Any]) -> None:
        d["namePrefix"] = "Bad Prefix"
        chat(d)["capacity"] = -1
        primary(d)["lokalAuth"] = True
        d["accounts"]["secondary"] = {"networkAcls": {"ipRules": ["10.1.0.0/16"]}}

    paths = {p.path for p in problem_list(with_changes(change))}
    assert paths == {
        "namePrefix",
        "accounts.primary.deployments.chat.capacity",
        "accounts.primary.lokalAuth",
        "accounts.secondary.networkAcls.ipRules[0]",
    }


def test_problems_render_with_the_namespace_and_key_path() -> None:
    problem = problem_list(with_changes(lambda d: chat(d).update(capacity=0)))[0]
    assert problem.render() == (
        "azure-openai:accounts.primary.deployments.chat.capacity: must be a positive integer (got 0)"
    )
