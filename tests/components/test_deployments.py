"""ModelDeployments: one Deployment per key, strictly one after another, capacity always sent."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_azure_native import cognitiveservices as cs
from pulumi_azure_native import resources

from azure_openai_toolkit import DeploymentSummary, ModelDeployment, ModelDeployments, ModelDeploymentsArgs
from tests.conftest import names_of, registrations_of, run_components

DEPLOYMENT = "azure-native:cognitiveservices:Deployment"


def deployment(**values: Any) -> ModelDeployment:
    data: dict[str, Any] = {
        "model": "gpt-4o",
        "version": "2024-11-20",
        "sku": "GlobalStandard",
        "capacity": 10,
        **values,
    }
    return ModelDeployment(**data)


def build(deployments: dict[str, ModelDeployment], with_predecessor: bool = False) -> None:
    after = (
        [resources.ResourceGroup("before", resource_group_name="rg", location="swedencentral")]
        if with_predecessor
        else []
    )
    ModelDeployments(
        "primary-deployments",
        ModelDeploymentsArgs(
            account_name="contoso-dev-primary", resource_group_name="rg", deployments=deployments
        ),
        after=after,
    )


def test_inputs_are_what_arm_expects() -> None:
    run = run_components(lambda: build({"chat": deployment(content_filter="strict")}))
    chat = registrations_of(run, DEPLOYMENT)["primary-deployments-chat"]
    assert chat.inputs == {
        "accountName": "contoso-dev-primary",
        "resourceGroupName": "rg",
        "deploymentName": "chat",
        "sku": {"name": "GlobalStandard", "capacity": 10},
        "properties": {
            "model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"},
            "raiPolicyName": "strict",
            "versionUpgradeOption": "OnceCurrentVersionExpired",
        },
    }
    # No tags given: none sent (not an empty map), like a deployment made without tags reads back.
    component = run.by_type("aoai:openai:ModelDeployments")[0]
    assert chat.parent == component.urn


def test_deployments_form_a_chain_in_sorted_key_order() -> None:
    keys = ["zeta", "alpha", "mid"]
    run = run_components(lambda: build({k: deployment() for k in keys}, with_predecessor=True))
    by_name = registrations_of(run, DEPLOYMENT)
    assert names_of(run, by_name["primary-deployments-alpha"].dependencies) == ["before"]
    assert names_of(run, by_name["primary-deployments-mid"].dependencies) == ["primary-deployments-alpha"]
    assert names_of(run, by_name["primary-deployments-zeta"].dependencies) == ["primary-deployments-mid"]


def test_service_owned_versions_are_ignored_only_with_new_default_upgrades() -> None:
    run = run_components(
        lambda: build(
            {
                "pinned": deployment(),
                "floating": deployment(version_upgrade="OnceNewDefaultVersionAvailable"),
            }
        )
    )
    by_name = registrations_of(run, DEPLOYMENT)
    # properties.currentCapacity is Azure's (the capacity in use), on every deployment.
    assert sorted(by_name["primary-deployments-floating"].ignore_changes) == [
        "properties.currentCapacity",
        "properties.model.version",
    ]
    assert by_name["primary-deployments-pinned"].ignore_changes == ["properties.currentCapacity"]


def test_provisioned_capacity_is_sent_as_given() -> None:
    run = run_components(lambda: build({"ptu": deployment(sku="ProvisionedManaged", capacity=100)}))
    assert registrations_of(run, DEPLOYMENT)["primary-deployments-ptu"].inputs["sku"] == {
        "name": "ProvisionedManaged",
        "capacity": 100,
    }


@pulumi.runtime.test
def test_exported_summary_has_no_secrets(pulumi_mocks: object) -> pulumi.Output[None]:
    component = ModelDeployments(
        "unit-deployments",
        ModelDeploymentsArgs(account_name="a", resource_group_name="rg", deployments={"chat": deployment()}),
    )

    def check(summary: dict[str, DeploymentSummary]) -> None:
        assert summary == {
            "chat": {
                "name": "chat",
                "model": "gpt-4o",
                "version": "2024-11-20",
                "sku": "GlobalStandard",
                "capacity": 10,
            }
        }

    return component.deployments.apply(check)


def test_tags_given_are_sent_on_every_deployment() -> None:
    def program() -> None:
        ModelDeployments(
            "primary-deployments",
            ModelDeploymentsArgs(
                account_name="contoso-dev-primary",
                resource_group_name="rg",
                deployments={"chat": deployment(), "embed": deployment(model="text-embedding-3-large")},
                tags={"env": "dev", "owner": "platform"},
            ),
        )

    by_name = registrations_of(run_components(program), DEPLOYMENT)
    assert by_name["primary-deployments-chat"].inputs["tags"] == {"env": "dev", "owner": "platform"}
    assert by_name["primary-deployments-embed"].inputs["tags"] == {"env": "dev", "owner": "platform"}


def test_the_last_write_and_each_resource_are_handed_to_the_caller() -> None:
    """The account makes its next write wait for `last` (falling back to the filters when there is
    no deployment), and a program may make its own resources wait for one deployment."""
    made: dict[str, ModelDeployments] = {}

    def program() -> None:
        group = resources.ResourceGroup("before", resource_group_name="rg", location="swedencentral")
        made["none"] = ModelDeployments(
            "empty",
            ModelDeploymentsArgs(account_name="a", resource_group_name="rg", deployments={}),
            after=[group],
        )
        made["two"] = ModelDeployments(
            "two",
            ModelDeploymentsArgs(
                account_name="a", resource_group_name="rg", deployments={"b": deployment(), "a": deployment()}
            ),
        )

    run_components(program)
    assert made["none"].last is None and made["none"].resources == {}
    two = made["two"]
    assert sorted(two.resources) == ["a", "b"]
    assert all(isinstance(resource, cs.Deployment) for resource in two.resources.values())
    assert two.last is two.resources["b"]  # created last: keys in sorted order
