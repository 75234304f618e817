"""Content filters: the RAI policies of one account (`aoai:openai:ContentFilters`).

Creates one `azure-native:cognitiveservices:RaiPolicy` per `policies` key, with every filter
category the 2025-06-01 API lists (RaiContentFilters_List: Hate, Sexual, Selfharm and Violence by
severity; Jailbreak and Indirect Attack on prompts; Protected Material Text and Code on
completions; Profanity) and the account's custom blocklists it uses (customBlocklists). Azure
accepts one write at a time on an account, so the policies are created one after another (sorted
by name), after what the caller passes in `after` (the blocklists they use), and deployments,
which reference them by name, are made to wait for the last one.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args
from .blocklists import BlocklistUse, custom_blocklists
from .config import models


@dataclass(kw_only=True, frozen=True)
class SeverityFilter(ArgsBase):
    """A category filtered by severity, on prompts and completions."""

    _contract = models.SeverityFilter

    threshold: str | None = None
    """Lowest severity that is filtered: Low filters most, High least. Default: Medium."""
    blocking: bool | None = None
    """Block filtered content (else annotate only). Default: true."""
    enabled: bool | None = None
    """Run this filter. Default: true."""


@dataclass(kw_only=True, frozen=True)
class BinaryFilter(ArgsBase):
    """A detector that is on or off (prompt shields, protected material)."""

    _contract = models.BinaryFilter

    blocking: bool | None = None
    """Block detected content (else annotate only). Default: true."""
    enabled: bool | None = None
    """Run this filter. Default: true."""


@dataclass(kw_only=True, frozen=True)
class ContentFilterSet(ArgsBase):
    """Filters of one policy; categories left out keep their defaults."""

    _contract = models.ContentFilterSet

    hate: SeverityFilter | None = None
    """Hate and fairness. Default: Medium, blocking."""
    sexual: SeverityFilter | None = None
    """Sexual content. Default: Medium, blocking."""
    selfharm: SeverityFilter | None = None
    """Self-harm. Default: Medium, blocking."""
    violence: SeverityFilter | None = None
    """Violence. Default: Medium, blocking."""
    jailbreak: BinaryFilter | None = None
    """Prompt shield. Default: on, blocking."""
    indirect_attack: BinaryFilter | None = None
    """Prompt shield for documents. Default: off."""
    protected_material_text: BinaryFilter | None = None
    """Known text (lyrics, articles) in completions. Default: on, blocking."""
    protected_material_code: BinaryFilter | None = None
    """Public code in completions. Default: on, blocking."""
    profanity: BinaryFilter | None = None
    """Profanity blocklist. Default: off."""


@dataclass(kw_only=True, frozen=True)
class ContentFilterPolicy(ArgsBase):
    """One content filter (RAI policy) of an account."""

    _contract = models.ContentFilter

    base_policy: str | None = None
    """Built-in policy this one refines: Microsoft.Default or Microsoft.DefaultV2 (default)."""
    mode: str | None = None
    """Streaming mode: Default (default), Deferred, Blocking or Asynchronous_filter."""
    filters: ContentFilterSet | None = None
    """Per-category settings; categories not given keep the defaults."""
    blocklists: Mapping[str, BlocklistUse] | None = None
    """Custom blocklists of the account this filter applies, by blocklist name."""


@dataclass(kw_only=True, frozen=True)
class ContentFiltersArgs(ArgsBase):
    """Arguments of ContentFilters."""

    account_name: pulumi.Input[str]
    """Name of the account the policies belong to."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the account."""
    policies: Mapping[str, ContentFilterPolicy]
    """Policies by name (the RAI policy name deployments refer to)."""
    tags: Mapping[str, str] | None = None
    """Tags of every policy."""


# Wire names of the categories (RaiPolicyContentFilter.name) and the sources each applies to.
_SEVERITY_CATEGORIES = {"hate": "Hate", "sexual": "Sexual", "selfharm": "Selfharm", "violence": "Violence"}
_BINARY_CATEGORIES = {
    "jailbreak": ("Jailbreak", "Prompt"),
    "indirect_attack": ("Indirect Attack", "Prompt"),
    "protected_material_text": ("Protected Material Text", "Completion"),
    "protected_material_code": ("Protected Material Code", "Completion"),
    "profanity": ("Profanity", "Prompt"),
}


def rai_content_filters(policy: ContentFilterPolicy) -> list[cs.RaiPolicyContentFilterArgs]:
    """The RaiPolicyContentFilter list for a policy: every category, prompt and completion."""
    categories: ContentFilterSet = policy.filters or ContentFilterSet()
    filters: list[cs.RaiPolicyContentFilterArgs] = []
    for attribute, wire_name in _SEVERITY_CATEGORIES.items():
        severity: SeverityFilter = getattr(categories, attribute) or SeverityFilter()
        for source in ("Prompt", "Completion"):
            filters.append(
                cs.RaiPolicyContentFilterArgs(
                    name=wire_name,
                    source=source,
                    severity_threshold=severity.resolved("threshold"),
                    blocking=severity.resolved("blocking"),
                    enabled=severity.resolved("enabled"),
                )
            )
    for attribute, (wire_name, source) in _BINARY_CATEGORIES.items():
        binary: BinaryFilter | None = getattr(categories, attribute)
        if binary is None and categories.resolved(attribute) is not None:
            binary = BinaryFilter()  # a detector the contract turns on by default
        if binary is not None:
            filters.append(
                cs.RaiPolicyContentFilterArgs(
                    name=wire_name,
                    source=source,
                    blocking=binary.resolved("blocking"),
                    enabled=binary.resolved("enabled"),
                )
            )
    return filters


class ContentFilters(pulumi.ComponentResource):
    """RAI policies of one account, created one at a time (sorted by name)."""

    TYPE = "aoai:openai:ContentFilters"

    policy_names: pulumi.Output[list[str]]
    """Names of the policies, sorted."""

    def __init__(
        self,
        name: str,
        args: ContentFiltersArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the same account the first policy must wait for (its blocklists)."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        self.policies: dict[str, cs.RaiPolicy] = {}
        previous: Sequence[pulumi.Resource] = list(after)
        for policy_name in sorted(args.policies):
            policy = args.policies[policy_name]
            resource = cs.RaiPolicy(
                f"{name}-{policy_name}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                rai_policy_name=policy_name,
                properties=cs.RaiPolicyPropertiesArgs(
                    base_policy_name=policy.resolved("base_policy"),
                    mode=policy.resolved("mode"),
                    content_filters=rai_content_filters(policy),
                    custom_blocklists=custom_blocklists(policy.blocklists or {}) or None,
                ),
                tags=tags or None,
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
            )
            self.policies[policy_name] = resource
            previous = [resource]
        self.last: pulumi.Resource | None = previous[0] if self.policies else None
        self.policy_names = pulumi.Output.from_input(sorted(args.policies))
        self.register_outputs({"policy_names": self.policy_names})
