"""Model deployments of one account (`aoai:openai:ModelDeployments`).

Creates one `azure-native:cognitiveservices:Deployment` per `deployments` key. Parallel writes to
one account fail with 409 RequestConflict ("Another operation is being performed on the parent
resource"), so each deployment depends on the previous one, in sorted key order, and the first
waits for whatever the caller passes in `after` (the account's content filters).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args
from .config import models


@dataclass(kw_only=True, frozen=True)
class ModelDeployment(ArgsBase):
    """One model deployment: which model, how it is billed, how much capacity, which filter."""

    _contract = models.Deployment

    model: str
    """Model name, e.g. gpt-4o."""
    version: str
    """Model version, e.g. "2024-11-20". Required: versions are pinned."""
    sku: str
    """Deployment type: Standard, GlobalStandard, DataZoneStandard, ...ProvisionedManaged, ...Batch."""
    capacity: int
    """Thousands of tokens per minute (or PTUs for provisioned SKUs)."""
    format: str | None = None
    """Model format. Default: OpenAI."""
    content_filter: str | None = None
    """A content filter of the account or a built-in one. Default: the service's default policy."""
    version_upgrade: str | None = None
    """OnceCurrentVersionExpired (default), OnceNewDefaultVersionAvailable or NoAutoUpgrade."""


@dataclass(kw_only=True, frozen=True)
class ModelDeploymentsArgs(ArgsBase):
    """Arguments of ModelDeployments."""

    account_name: pulumi.Input[str]
    """Name of the account the deployments belong to."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the account."""
    deployments: Mapping[str, ModelDeployment]
    """Deployments by deployment name; created one at a time, in name order."""
    tags: Mapping[str, str] | None = None
    """Tags of every deployment."""


class DeploymentSummary(TypedDict):
    """What the stack exports per deployment: enough to call it, nothing secret."""

    name: str
    model: str
    version: str
    sku: str
    capacity: int


def deployment_summary(name: str, deployment: ModelDeployment) -> DeploymentSummary:
    return {
        "name": name,
        "model": deployment.model,
        "version": deployment.version,
        "sku": deployment.sku,
        "capacity": deployment.capacity,
    }


class ModelDeployments(pulumi.ComponentResource):
    """Deployments of one account, created strictly one after another (sorted by name)."""

    TYPE = "aoai:openai:ModelDeployments"

    deployments: pulumi.Output[dict[str, DeploymentSummary]]
    """Per deployment: name, model, version, sku and capacity."""

    def __init__(
        self,
        name: str,
        args: ModelDeploymentsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the same account the first deployment must wait for."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        self.resources: dict[str, cs.Deployment] = {}
        previous: Sequence[pulumi.Resource] = list(after)
        for key in sorted(args.deployments):
            deployment = args.deployments[key]
            upgrade = deployment.resolved("version_upgrade")
            # With OnceNewDefaultVersionAvailable the service owns the version after creation;
            # without ignoring it, every upgrade Azure makes would show up as a diff to revert.
            ignore = ["properties.model.version"] if upgrade == "OnceNewDefaultVersionAvailable" else []
            # The capacity in use is Azure's report (provisioned deployments), never sent.
            ignore.append("properties.currentCapacity")
            resource = cs.Deployment(
                f"{name}-{key}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                deployment_name=key,
                sku=cs.SkuArgs(name=deployment.sku, capacity=deployment.capacity),
                properties=cs.DeploymentPropertiesArgs(
                    model=cs.DeploymentModelArgs(
                        format=deployment.resolved("format"),
                        name=deployment.model,
                        version=deployment.version,
                    ),
                    rai_policy_name=deployment.content_filter,
                    version_upgrade_option=upgrade,
                ),
                tags=tags or None,
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous, ignore_changes=ignore),
            )
            self.resources[key] = resource
            previous = [resource]
        self.last: pulumi.Resource | None = previous[0] if self.resources else None
        summaries = {key: deployment_summary(key, d) for key, d in args.deployments.items()}
        self.deployments = pulumi.Output.from_input(summaries)
        self.register_outputs({"deployments": self.deployments})
