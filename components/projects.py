"""Projects of a Foundry resource (`aoai:foundry:Projects`): containers for access, data and cost.

Creates, per `projects` key (sorted), an `azure-native:cognitiveservices:Project` (api-version
2025-06-01: accounts/{account}/projects/{name} with displayName, description and an Identity),
the role assignments scoped to the project, and the project's own connections. A project and its
connections are writes on the account, so they are created one after another, after what the
caller passes in `after` (the account's deployments); role assignments are extension resources on
the project and only wait for it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

import pulumi
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args, rule
from .config import foundry, models
from .config.foundry_rules import project_identity_rules
from .config.rules import PYTHON_ARGS, Violation
from .config.types import ArmName, Region
from .connections import FoundryConnection, FoundryConnections, FoundryConnectionsArgs
from .identity import ManagedIdentities, RoleAssignment, RoleAssignments, RoleAssignmentsArgs, identity_args


@dataclass(kw_only=True, frozen=True)
class FoundryProject(ArgsBase):
    """A project of a Foundry resource."""

    _contract = foundry.Project

    display_name: pulumi.Input[str] | None = None
    """Name shown in the Foundry portal. Default: the project name."""
    description: pulumi.Input[str] | None = None
    """Free text."""
    managed_identities: ManagedIdentities | None = None
    """Identities of the project. Default: system-assigned. A project needs one."""
    role_assignments: Mapping[str, RoleAssignment] | None = None
    """Role assignments scoped to the project (e.g. role 'Foundry User'), by stable key."""
    connections: Mapping[str, FoundryConnection] | None = None
    """Connections of this project only, by connection name."""

    def _violations(self) -> list[Violation]:
        identities = self.managed_identities or ManagedIdentities()
        return project_identity_rules(
            PYTHON_ARGS,
            system_assigned=bool(identities.resolved("system_assigned")),
            user_assigned=len(identities.user_assigned_resource_ids or []),
        )


@dataclass(kw_only=True, frozen=True)
class FoundryProjectsArgs(ArgsBase):
    """Arguments of FoundryProjects."""

    account_name: pulumi.Input[str]
    """Name of the Foundry resource (kind AIServices, allowProjectManagement)."""
    resource_group_name: pulumi.Input[str] = field(metadata=rule(models.ResourceGroupName))
    """Resource group of the account."""
    location: pulumi.Input[str] = field(metadata=rule(Region))
    """Region of the account (a project lives in its account's region)."""
    projects: Mapping[str, FoundryProject] = field(metadata=rule(dict[ArmName, foundry.Project]))
    """Projects by project name."""
    tags: Mapping[str, str] | None = field(default=None, metadata=rule(models.Tags))
    """Tags of every project."""


class ProjectSummary(TypedDict):
    """What the stack exports per project: its name, id and identity, nothing secret."""

    name: str
    id: str
    principalId: str | None


def _principal(identity: cs.outputs.IdentityResponse | None) -> str | None:
    return identity.principal_id if identity else None


class FoundryProjects(pulumi.ComponentResource):
    """Projects of one Foundry resource with their role assignments and connections."""

    TYPE = "aoai:foundry:Projects"

    projects: pulumi.Output[dict[str, ProjectSummary]]
    """Per project: name, resource id and the system-assigned identity's principal id."""

    def __init__(
        self,
        name: str,
        args: FoundryProjectsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        after: Sequence[pulumi.Resource] = (),
    ) -> None:
        """`after`: writes on the same account the first project must wait for."""
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        tags = dict(args.tags or {})
        previous: Sequence[pulumi.Resource] = list(after)
        summaries: dict[str, pulumi.Output[ProjectSummary]] = {}
        self.resources: dict[str, cs.Project] = {}
        for key in sorted(args.projects):
            project = args.projects[key]
            resource = cs.Project(
                f"{name}-{key}",
                account_name=args.account_name,
                resource_group_name=args.resource_group_name,
                project_name=key,
                location=args.location,
                identity=identity_args(project.managed_identities),
                properties=cs.ProjectPropertiesArgs(
                    display_name=project.display_name if project.display_name is not None else key,
                    description=project.description,
                ),
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
            )
            self.resources[key] = resource
            previous = [resource]
            if project.role_assignments:
                RoleAssignments(
                    f"{name}-{key}-role-assignments",
                    RoleAssignmentsArgs(scope=resource.id, assignments=project.role_assignments),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            if project.connections:
                connections = FoundryConnections(
                    f"{name}-{key}-connections",
                    FoundryConnectionsArgs(
                        account_name=args.account_name,
                        resource_group_name=args.resource_group_name,
                        # The key, not resource.name: the service answers projects' names as
                        # "<account>/<project>" (Microsoft's create-projects sample splits it).
                        project_name=key,
                        connections=project.connections,
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                    after=previous,
                )
                previous = [connections.last] if connections.last else previous
            summaries[key] = pulumi.Output.all(
                name=key, id=resource.id, principalId=resource.identity.apply(_principal)
            )  # type: ignore[assignment]
        self.last: pulumi.Resource | None = previous[0] if self.resources else None
        self.projects = pulumi.Output.all(**summaries) if summaries else pulumi.Output.from_input({})
        self.register_outputs({"projects": self.projects})
