"""Content filters: the RAI policies of one account (`aoai:openai:ContentFilters`).

Creates one `azure-native:cognitiveservices:RaiPolicy` per `contentFilters` key. Azure accepts one
write at a time on an account, so the policies are created one after another (sorted by name),
and deployments, which reference them by name, are made to wait for the last one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .config.models import BinaryFilter, ContentFilter, SeverityFilter

# Wire names of the categories (RaiPolicyContentFilter.name) and the sources each applies to.
_SEVERITY_CATEGORIES = {"hate": "Hate", "sexual": "Sexual", "selfharm": "Selfharm", "violence": "Violence"}
_BINARY_CATEGORIES = {
    "jailbreak": ("Jailbreak", "Prompt"),
    "indirect_attack": ("Indirect Attack", "Prompt"),
    "protected_material_text": ("Protected Material Text", "Completion"),
    "protected_material_code": ("Protected Material Code", "Completion"),
    "profanity": ("Profanity", "Prompt"),
}


def rai_content_filters(policy: ContentFilter) -> list[cs.RaiPolicyContentFilterArgs]:
    """The RaiPolicyContentFilter list for a policy: every category, prompt and completion."""
    filters: list[cs.RaiPolicyContentFilterArgs] = []
    for attribute, wire_name in _SEVERITY_CATEGORIES.items():
        severity: SeverityFilter = getattr(policy.filters, attribute)
        for source in ("Prompt", "Completion"):
            filters.append(
                cs.RaiPolicyContentFilterArgs(
                    name=wire_name,
                    source=source,
                    severity_threshold=severity.threshold,
                    blocking=severity.blocking,
                    enabled=severity.enabled,
                )
            )
    for attribute, (wire_name, source) in _BINARY_CATEGORIES.items():
        binary: BinaryFilter | None = getattr(policy.filters, attribute)
        if binary is not None:
            filters.append(
                cs.RaiPolicyContentFilterArgs(
                    name=wire_name, source=source, blocking=binary.blocking, enabled=binary.enabled
                )
            )
    return filters


@dataclass
class ContentFiltersArgs:
    account_name: pulumi.Input[str]
    resource_group_name: pulumi.Input[str]
    policies: Mapping[str, ContentFilter]
    tags: Mapping[str, str] = field(default_factory=dict)


class ContentFilters(pulumi.ComponentResource):
    """RAI policies of one account, created one at a time."""

    policy_names: pulumi.Output[list[str]]

    def __init__(
        self, name: str, args: ContentFiltersArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:openai:ContentFilters", name, None, opts)
        self.policies: dict[str, cs.RaiPolicy] = {}
        previous: Sequence[pulumi.Resource] = []
        for policy_name in sorted(args.policies):
            policy = args.policies[policy_name]
            resource = cs.RaiPolicy(
                f"{name}-{policy_name}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                rai_policy_name=policy_name,
                properties=cs.RaiPolicyPropertiesArgs(
                    base_policy_name=policy.base_policy,
                    mode=policy.mode,
                    content_filters=rai_content_filters(policy),
                ),
                tags=dict(args.tags),
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
            )
            self.policies[policy_name] = resource
            previous = [resource]
        self.last: pulumi.Resource | None = previous[0] if previous else None
        self.policy_names = pulumi.Output.from_input(sorted(args.policies))
        self.register_outputs({"policy_names": self.policy_names})
