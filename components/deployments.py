"""Model deployments of one account (`aoai:openai:ModelDeployments`).

Creates one `azure-native:cognitiveservices:Deployment` per `deployments` key. Parallel writes to
one account fail with 409 RequestConflict ("Another operation is being performed on the parent
resource"), so each deployment depends on the previous one, in sorted key order, and the first
waits for whatever the caller passes in `after` (the account's content filters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .config.models import Deployment


@dataclass
class ModelDeploymentsArgs:
    account_name: pulumi.Input[str]
    resource_group_name: pulumi.Input[str]
    deployments: Mapping[str, Deployment]
    after: Sequence[pulumi.Resource] = ()
    tags: Mapping[str, str] = field(default_factory=dict)


def deployment_summary(name: str, deployment: Deployment) -> dict[str, Any]:
    """What the stack exports per deployment: enough to call it, nothing secret."""
    return {
        "name": name,
        "model": deployment.model,
        "version": deployment.version,
        "sku": deployment.sku,
        "capacity": deployment.capacity,
    }


class ModelDeployments(pulumi.ComponentResource):
    """Deployments of one account, created strictly one after another."""

    deployments: pulumi.Output[dict[str, dict[str, Any]]]

    def __init__(
        self, name: str, args: ModelDeploymentsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:openai:ModelDeployments", name, None, opts)
        self.resources: dict[str, cs.Deployment] = {}
        previous: Sequence[pulumi.Resource] = list(args.after)
        for key in sorted(args.deployments):
            deployment = args.deployments[key]
            # With OnceNewDefaultVersionAvailable the service owns the version after creation;
            # without ignoring it, every upgrade Azure makes would show up as a diff to revert.
            ignore = (
                ["properties.model.version"]
                if deployment.version_upgrade == "OnceNewDefaultVersionAvailable"
                else []
            )
            resource = cs.Deployment(
                f"{name}-{key}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                deployment_name=key,
                sku=cs.SkuArgs(name=deployment.sku, capacity=deployment.capacity),
                properties=cs.DeploymentPropertiesArgs(
                    model=cs.DeploymentModelArgs(
                        format=deployment.format, name=deployment.model, version=deployment.version
                    ),
                    rai_policy_name=deployment.content_filter,
                    version_upgrade_option=deployment.version_upgrade,
                ),
                tags=dict(args.tags),
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous, ignore_changes=ignore),
            )
            self.resources[key] = resource
            previous = [resource]
        self.last: pulumi.Resource | None = previous[0] if self.resources else None
        summaries = {key: deployment_summary(key, d) for key, d in args.deployments.items()}
        self.deployments = pulumi.Output.from_input(summaries)
        self.register_outputs({"deployments": self.deployments})
