"""OpenAIEnvironment: resource group, shared DNS zone, independent accounts, protection, outputs."""

from __future__ import annotations

from typing import Any

from azure_openai_toolkit.environment import EnvironmentArgs, OpenAIEnvironment, zone_component_name
from tests.conftest import SUBNET, VNET, ZONE, parse, registrations_of, run_components, with_changes


def build(data: dict[str, Any]) -> Any:
    config = parse(data)
    locations = {k: config.account_location(k) or "" for k in config.accounts}
    return run_components(
        lambda: OpenAIEnvironment("openai", EnvironmentArgs(config=config, locations=locations))
    )


def two_accounts(d: dict[str, Any]) -> None:
    d["accounts"]["secondary"] = {
        "location": "francecentral",
        "deployments": {
            "chat": {"model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalStandard", "capacity": 5}
        },
        "privateEndpoints": {
            "hub": {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": [VNET]}}
        },
    }
    d["accounts"]["primary"]["privateEndpoints"] = {
        "hub": {"subnetId": SUBNET, "createPrivateDnsZone": {"virtualNetworkIds": [VNET]}},
        "central": {"subnetId": SUBNET, "privateDnsZoneIds": [ZONE]},
    }
    # The hub network is in swedencentral: the francecentral account's endpoint goes there too.
    d["networkRegions"] = {VNET: "swedencentral"}


def test_resource_group_is_created_with_tags_in_the_stack_location() -> None:
    run = build(with_changes(lambda d: d.update(tags={"team": "ai"})))
    group = registrations_of(run, "azure-native:resources:ResourceGroup")["openai-resource-group"]
    assert group.inputs == {
        "resourceGroupName": "rg-contoso-openai-dev",
        "location": "swedencentral",
        "tags": {"managed-by": "azure-openai", "environment": "dev", "team": "ai"},
    }
    account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
    assert account.inputs["resourceGroupName"] == "rg-contoso-openai-dev"
    assert group.urn in account.dependencies


def test_existing_resource_group_is_used_not_created() -> None:
    run = build(with_changes(lambda d: d.update(resourceGroup={"name": "rg-shared", "existing": True})))
    assert run.by_type("azure-native:resources:ResourceGroup") == []
    account = registrations_of(run, "azure-native:cognitiveservices:Account")["primary-account"]
    assert account.inputs["resourceGroupName"] == "rg-shared"


def test_protected_stacks_protect_accounts_and_the_group_only() -> None:
    run = build(with_changes(lambda d: d.update(environment="prod")))
    protected = sorted(r.name for r in run.registrations if r.protect)
    assert protected == ["openai-resource-group", "primary-account"]
    unprotected = build(with_changes(lambda d: None))
    assert [r.name for r in unprotected.registrations if r.protect] == []


def test_one_dns_zone_per_stack_shared_by_all_endpoints_that_ask() -> None:
    run = build(with_changes(two_accounts))
    assert len(run.by_type("azure-native:privatedns:PrivateZone")) == 1
    assert len(run.by_type("azure-native:privatedns:VirtualNetworkLink")) == 1
    zone = run.by_type("azure-native:privatedns:PrivateZone")[0]
    groups = {r.name: r for r in run.by_type("azure-native:network:PrivateDnsZoneGroup")}
    for name in (
        "primary-private-endpoint-hub-dns-zone-group",
        "secondary-private-endpoint-hub-dns-zone-group",
    ):
        assert zone.urn in groups[name].dependencies
    assert zone.urn not in groups["primary-private-endpoint-central-dns-zone-group"].dependencies


def test_accounts_do_not_depend_on_each_other() -> None:
    run = build(with_changes(two_accounts))
    by_urn = run.by_urn()

    def account_of(urn: str) -> str | None:
        name = by_urn[urn].name
        for key in ("primary", "secondary"):
            if name == key or name.startswith(f"{key}-"):
                return key
        return None

    for resource in run.registrations:
        mine = account_of(resource.urn)
        if mine is None:
            continue
        for dependency in resource.dependencies:
            theirs = account_of(dependency)
            assert theirs in (None, mine), f"{resource.name} depends on {by_urn[dependency].name}"


def test_stack_outputs_per_account_and_no_keys() -> None:
    from aoai.offline.runner import run_in_mock_engine

    config = parse(with_changes(two_accounts))
    locations = {k: config.account_location(k) or "" for k in config.accounts}
    holder: dict[str, Any] = {}

    def program() -> None:
        import pulumi

        env = OpenAIEnvironment("openai", EnvironmentArgs(config=config, locations=locations))
        pulumi.export("accounts", env.accounts)
        holder["env"] = env

    run = run_in_mock_engine(program, "test")
    accounts = run.outputs["accounts"]
    assert set(accounts) == {"primary", "secondary"}
    primary = accounts["primary"]
    assert set(primary) == {"name", "id", "kind", "endpoint", "principalId", "deployments", "projects"}
    assert primary["endpoint"] == "https://contoso-dev-primary.openai.azure.com/"
    assert primary["kind"] == "OpenAI"
    assert primary["projects"] == {}
    assert primary["deployments"]["chat"]["model"] == "gpt-5"
    text = str(accounts).lower()
    assert "key1" not in text and "listkeys" not in text and "apikey" not in text


def test_without_a_stack_location_the_group_goes_to_the_first_accounts_region() -> None:
    def placed(data: dict[str, Any]) -> None:
        del data["location"]
        data["accounts"]["primary"]["location"] = "francecentral"

    config = parse(with_changes(placed))
    args = EnvironmentArgs(config=config, locations={"primary": "francecentral"})
    run = run_components(lambda: OpenAIEnvironment("openai", args))
    group = registrations_of(run, "azure-native:resources:ResourceGroup")["openai-resource-group"]
    assert group.inputs["location"] == "francecentral"


def test_the_environment_takes_the_options_it_is_given() -> None:
    import pulumi
    from pulumi_azure_native import resources

    config = parse(with_changes(lambda d: None))

    def program() -> None:
        holder = resources.ResourceGroup("holder", resource_group_name="rg-holder", location="swedencentral")
        OpenAIEnvironment(
            "openai",
            EnvironmentArgs(config=config, locations={"primary": "swedencentral"}),
            opts=pulumi.ResourceOptions(parent=holder),
        )

    run = run_components(program)
    (environment,) = run.by_type("aoai:openai:Environment")
    assert environment.parent == registrations_of(run, "azure-native:resources:ResourceGroup")["holder"].urn


def test_zone_components_are_named_so_the_openai_zone_keeps_its_urn() -> None:
    assert zone_component_name("openai", "privatelink.openai.azure.com") == "openai-private-dns"
    assert (
        zone_component_name("openai", "privatelink.cognitiveservices.azure.com")
        == "openai-private-dns-cognitiveservices"
    )
    assert (
        zone_component_name("openai", "privatelink.services.ai.azure.com") == "openai-private-dns-services-ai"
    )


def test_a_resource_group_region_of_its_own_wins_over_the_stacks() -> None:
    run = build(with_changes(lambda d: d.update(resourceGroup={"location": "westeurope"})))
    group = registrations_of(run, "azure-native:resources:ResourceGroup")["openai-resource-group"]
    assert group.inputs["location"] == "westeurope"


def test_the_group_zones_and_accounts_are_children_of_the_environment() -> None:
    """Their URNs carry the parent's type: a child made elsewhere would be a replacement."""
    run = build(with_changes(two_accounts))
    (environment,) = run.by_type("aoai:openai:Environment")
    children = {r.name: r.parent for r in run.registrations if r.parent == environment.urn}
    assert sorted(children) == ["openai-private-dns", "openai-resource-group", "primary", "secondary"]


def test_stack_outputs_name_the_group_and_each_accounts_name_id_and_principal() -> None:
    from aoai.offline.runner import run_in_mock_engine

    config = parse(with_changes(lambda d: None))

    def program() -> None:
        import pulumi

        args = EnvironmentArgs(config=config, locations={"primary": "swedencentral"})
        env = OpenAIEnvironment("openai", args)
        pulumi.export("group", env.resource_group_name)
        pulumi.export("accounts", env.accounts)

    run = run_in_mock_engine(program, "test")
    assert run.outputs["group"] == "rg-contoso-openai-dev"
    primary = run.outputs["accounts"]["primary"]
    assert primary["name"] == "contoso-dev-primary"
    assert primary["id"].endswith(
        "/resourceGroups/rg-contoso-openai-dev/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary"
    )
    assert isinstance(primary["principalId"], str) and primary["principalId"]  # system-assigned by default
