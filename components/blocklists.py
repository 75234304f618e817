"""Custom blocklists of one account (`aoai:openai:Blocklists`): terms and regular expressions that
content filters block, as their own resources.

Creates one `azure-native:cognitiveservices:RaiBlocklist` per `blocklists` key and one
`RaiBlocklistItem` per item (api-version 2025-06-01: raiBlocklists/{name} with a description,
raiBlocklists/{name}/raiBlocklistItems/{item} with pattern and isRegex). They are writes on the
account, which takes one write at a time, so everything here is created one after another
(blocklists sorted by name, each followed by its items sorted by name), after what the caller
passes in `after`; content filters, which name the blocklists, wait for the last of them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args
from .config import foundry
from .config.rules import Violation


@dataclass(kw_only=True, frozen=True)
class BlocklistItem(ArgsBase):
    """One blocked term, or a regular expression."""

    _contract = foundry.BlocklistItem

    pattern: str
    """The term, or with regex the regular expression (at most 1,000 characters, case-sensitive)."""
    regex: bool | None = None
    """The pattern is a regular expression. Default: false (an exact term)."""

    def _violations(self) -> list[Violation]:
        problem = foundry.check_regex(self.pattern) if self.regex else None
        return [(("pattern",), problem)] if problem else []


@dataclass(kw_only=True, frozen=True)
class ContentBlocklist(ArgsBase):
    """A custom blocklist of the account."""

    _contract = foundry.Blocklist

    items: Mapping[str, BlocklistItem]
    """Blocked terms by item name (at most 10,000)."""
    description: str | None = None
    """Free text."""


@dataclass(kw_only=True, frozen=True)
class BlocklistUse(ArgsBase):
    """How a content filter applies one of the account's blocklists."""

    _contract = foundry.BlocklistUse

    blocking: bool | None = None
    """Block matching content (else annotate only). Default: true."""
    prompt: bool | None = None
    """Apply to prompts. Default: true."""
    completion: bool | None = None
    """Apply to completions. Default: true."""

    def _violations(self) -> list[Violation]:
        if self.resolved("prompt") or self.resolved("completion"):
            return []
        return [(("prompt",), "apply the blocklist to prompts, completions or both")]


@dataclass(kw_only=True, frozen=True)
class ContentBlocklistsArgs(ArgsBase):
    """Arguments of ContentBlocklists."""

    account_name: pulumi.Input[str]
    """Name of the account the blocklists belong to."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the account."""
    blocklists: Mapping[str, ContentBlocklist]
    """Blocklists by name (the name content filters use)."""
    tags: Mapping[str, str] | None = None
    """Tags of every blocklist and item."""


def custom_blocklists(uses: Mapping[str, BlocklistUse]) -> list[cs.CustomBlocklistConfigArgs]:
    """RaiPolicyProperties.customBlocklists: one entry per blocklist and source, sorted."""
    entries = []
    for name in sorted(uses):
        use = uses[name]
        sources = (("Prompt", use.resolved("prompt")), ("Completion", use.resolved("completion")))
        for source, applies in sources:
            if applies:
                entries.append(
                    cs.CustomBlocklistConfigArgs(
                        blocklist_name=name, blocking=use.resolved("blocking"), source=source
                    )
                )
    return entries


class ContentBlocklists(pulumi.ComponentResource):
    """Blocklists and their items of one account, created one at a time."""

    TYPE = "aoai:openai:Blocklists"

    blocklist_names: pulumi.Output[list[str]]
    """Names of the blocklists, sorted."""

    def __init__(
        self,
        name: str,
        args: ContentBlocklistsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the same account the first blocklist must wait for."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        previous: Sequence[pulumi.Resource] = list(after)
        self.blocklists: dict[str, cs.RaiBlocklist] = {}
        for list_name in sorted(args.blocklists):
            blocklist = args.blocklists[list_name]
            resource = cs.RaiBlocklist(
                f"{name}-{list_name}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                rai_blocklist_name=list_name,
                properties=cs.RaiBlocklistPropertiesArgs(description=blocklist.description),
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
            )
            self.blocklists[list_name] = resource
            previous = [resource]
            for item_name in sorted(blocklist.items):
                item = blocklist.items[item_name]
                previous = [
                    cs.RaiBlocklistItem(
                        f"{name}-{list_name}-{item_name}",
                        account_name=args.account_name,
                        resource_group_name=args.resource_group_name,
                        rai_blocklist_name=resource.name,
                        rai_blocklist_item_name=item_name,
                        properties=cs.RaiBlocklistItemPropertiesArgs(
                            pattern=item.pattern, is_regex=bool(item.resolved("regex"))
                        ),
                        tags=tags,
                        opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
                    )
                ]
        self.last: pulumi.Resource | None = previous[0] if self.blocklists else None
        self.blocklist_names = pulumi.Output.from_input(sorted(args.blocklists))
        self.register_outputs({"blocklist_names": self.blocklist_names})
