"""The floor of `aoai plan`: a raw pulumi-azure-native program, as a user would write it by hand.

It registers the same Azure resources, with the same inputs and the same dependencies, as the
toolkit's program registers for benchmarks/plan_scaling.py's stacks (`stack_file(folder, a, d)`):
a resource group; per account a kind OpenAI account, its deployments one after another, and one
role assignment; and the same stack outputs. No components, no config file, no validation: what
is left is Pulumi's own cost per resource. benchmarks/plan_baseline.py runs both under the same
mocks and checks that the two graphs really are the same before it compares times.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi_azure_native import authorization, resources
from pulumi_azure_native import cognitiveservices as cs

TAGS = {"managed-by": "azure-openai", "environment": "dev"}
READERS = "11111111-1111-1111-1111-111111111111"  # the benchmark stacks' group
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"  # built-in "Cognitive Services OpenAI User"
# A program that wants stable role assignment names derives them from scope, principal and role.
ASSIGNMENTS = uuid.UUID("6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01")


def _assignment_name(scope: str) -> str:
    return str(uuid.uuid5(ASSIGNMENTS, "|".join((scope.lower(), READERS, OPENAI_USER))))


def _role_definition(scope: str) -> str:
    subscription = scope.split("/")[2]
    return f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{OPENAI_USER}"


def program(accounts: int, deployments: int, location: str = "swedencentral") -> None:
    group = resources.ResourceGroup(
        "openai-resource-group", resource_group_name="rg-bench-openai-dev", location=location, tags=TAGS
    )
    exported: dict[str, Any] = {}
    for a in range(accounts):
        key = f"a{a:02d}"
        name = f"bench-dev-{key}"
        account = cs.Account(
            f"{key}-account",
            account_name=name,
            resource_group_name=group.name,
            location=location,
            kind="OpenAI",
            sku=cs.SkuArgs(name="S0"),
            identity=cs.IdentityArgs(type=cs.ResourceIdentityType.SYSTEM_ASSIGNED),
            properties=cs.AccountPropertiesArgs(
                custom_sub_domain_name=name,
                disable_local_auth=True,
                public_network_access="Disabled",
                restrict_outbound_network_access=False,
            ),
            tags=TAGS,
        )
        previous: list[pulumi.Resource] = []
        summaries = {}
        for d in range(deployments):
            deployment_name = f"d{d:02d}"
            deployment = cs.Deployment(
                f"{key}-deployments-{deployment_name}",
                account_name=account.name,
                resource_group_name=group.name,
                deployment_name=deployment_name,
                sku=cs.SkuArgs(name="GlobalStandard", capacity=1),
                properties=cs.DeploymentPropertiesArgs(
                    model=cs.DeploymentModelArgs(format="OpenAI", name="gpt-5", version="2025-08-07"),
                    version_upgrade_option="OnceCurrentVersionExpired",
                ),
                tags=TAGS,
                # One write at a time per account (409 RequestConflict otherwise).
                opts=pulumi.ResourceOptions(depends_on=previous),
            )
            previous = [deployment]
            summaries[deployment_name] = {
                "name": deployment_name,
                "model": "gpt-5",
                "version": "2025-08-07",
                "sku": "GlobalStandard",
                "capacity": 1,
            }
        authorization.RoleAssignment(
            f"{key}-role-assignments-readers",
            scope=account.id,
            principal_id=READERS,
            principal_type="Group",
            role_definition_id=account.id.apply(_role_definition),
            role_assignment_name=account.id.apply(_assignment_name),
        )
        exported[key] = pulumi.Output.all(
            name=account.name,
            id=account.id,
            kind=account.kind,
            endpoint=account.properties.apply(lambda p: p.endpoint),
            principalId=account.identity.apply(lambda i: i.principal_id if i else None),
            deployments=summaries,
            projects={},
        )
    pulumi.export("resourceGroupName", group.name)
    pulumi.export("accounts", pulumi.Output.all(**exported))
