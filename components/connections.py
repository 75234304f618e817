"""Connections of a Foundry resource or project to other resources (`aoai:foundry:Connections`).

Creates one `azure-native:cognitiveservices:AccountConnection` per `connections` key, or a
`ProjectConnection` when `project_name` is given (api-version 2025-06-01:
accounts/{account}/connections/{name}, accounts/{account}/projects/{project}/connections/{name}).
Every connection authenticates with Entra ID (authType AAD, as Microsoft's Foundry samples do for
Azure targets): no key or secret is ever stored in it. The target is named by its endpoint and
its resource id (metadata ApiType Azure, ResourceId, location). Connections are writes on the
account, so they are created one after another, after what the caller passes in `after`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args, rule
from .config import foundry

ENTRA_ID = "AAD"


@dataclass(kw_only=True, frozen=True)
class FoundryConnection(ArgsBase):
    """A connection to another Azure resource, authenticated with Entra ID."""

    _contract = foundry.Connection

    category: str
    """What the target is: AzureOpenAI, AIServices, CognitiveSearch, AzureBlob, CosmosDb, ..."""
    target: pulumi.Input[str]
    """The target's https:// endpoint."""
    resource_id: pulumi.Input[str]
    """Resource id of the target (e.g. a search service's id)."""
    location: pulumi.Input[str] | None = None
    """Region of the target. Optional."""
    shared_to_all: bool | None = None
    """Every project of the account may use it. Default: false."""


@dataclass(kw_only=True, frozen=True)
class FoundryConnectionsArgs(ArgsBase):
    """Arguments of FoundryConnections."""

    account_name: pulumi.Input[str]
    """Name of the Foundry resource (kind AIServices)."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the account."""
    connections: Mapping[str, FoundryConnection] = field(
        metadata=rule(dict[foundry.ConnectionName, foundry.Connection])
    )
    """Connections by connection name (3 to 33 letters, digits, '_' and '-')."""
    project_name: pulumi.Input[str] | None = None
    """A project of the account: the connections belong to it alone. Default: the account's."""


def connection_properties(connection: FoundryConnection) -> cs.AADAuthTypeConnectionPropertiesArgs:
    metadata: dict[str, pulumi.Input[str]] = {"ApiType": "Azure", "ResourceId": connection.resource_id}
    if connection.location is not None:
        metadata["location"] = connection.location
    return cs.AADAuthTypeConnectionPropertiesArgs(
        auth_type=ENTRA_ID,
        category=connection.category,
        target=connection.target,
        is_shared_to_all=connection.resolved("shared_to_all"),
        metadata=metadata,
    )


class FoundryConnections(pulumi.ComponentResource):
    """Entra ID connections of an account or a project, created one at a time (sorted by name)."""

    TYPE = "aoai:foundry:Connections"

    connection_names: pulumi.Output[list[str]]
    """Names of the connections, sorted."""

    def __init__(
        self,
        name: str,
        args: FoundryConnectionsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the same account the first connection must wait for."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        previous: Sequence[pulumi.Resource] = list(after)
        created: list[pulumi.Resource] = []
        for key in sorted(args.connections):
            options = pulumi.ResourceOptions(parent=self, depends_on=previous)
            properties = connection_properties(args.connections[key])
            resource: pulumi.Resource
            if args.project_name is None:
                resource = cs.AccountConnection(
                    f"{name}-{key}",
                    account_name=args.account_name,
                    resource_group_name=args.resource_group_name,
                    connection_name=key,
                    properties=properties,
                    opts=options,
                )
            else:
                resource = cs.ProjectConnection(
                    f"{name}-{key}",
                    account_name=args.account_name,
                    project_name=args.project_name,
                    resource_group_name=args.resource_group_name,
                    connection_name=key,
                    properties=properties,
                    opts=options,
                )
            created.append(resource)
            previous = [resource]
        self.last: pulumi.Resource | None = created[-1] if created else None
        self.connection_names = pulumi.Output.from_input(sorted(args.connections))
        self.register_outputs({"connection_names": self.connection_names})
