"""Managed identities of an account or project, and role assignments on one scope, usually an
account or a project (`aoai:identity:RoleAssignments`).

Creates one `azure-native:authorization:RoleAssignment` per `assignments` key, scoped to `scope`.
Names are deterministic, so a re-run or a refactor never produces a second assignment: an
assignment's own `name` when given (adopted assignments keep theirs), else the stack's naming
(roles.NAMINGS: this toolkit's uuid5, the AVM Bicep module's guid(), or Bicep's
getRoleAssignmentName()). `principalType` is always sent, which lets ARM skip the directory lookup
that fails with PrincipalNotFound while a new identity is still replicating. Role assignments are
not writes on the account, so they need no ordering against its deployments.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import pulumi
from pulumi_azure_native import authorization
from pulumi_azure_native import cognitiveservices as cs

from .args import ArgsBase, check_args, rule
from .config import models
from .config.rules import PYTHON_ARGS, Violation, condition_rules
from .roles import NAMING_TOOLKIT, named_role_assignment, role_definition_guid, role_definition_id


@dataclass(kw_only=True, frozen=True)
class ManagedIdentities(ArgsBase):
    """Identities of an account or a project."""

    _contract = models.ManagedIdentities

    system_assigned: bool | None = None
    """Give it a system-assigned identity. Default: true."""
    user_assigned_resource_ids: Sequence[pulumi.Input[str]] | None = None
    """User-assigned identities to attach, by resource id."""


def identity_args(identities: ManagedIdentities | None) -> cs.IdentityArgs | None:
    """The Identity of an account or project (Microsoft.CognitiveServices Identity)."""
    identities = identities or ManagedIdentities()
    system = identities.resolved("system_assigned")
    user = list(identities.user_assigned_resource_ids or [])
    if system and user:
        return cs.IdentityArgs(
            type=cs.ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED, user_assigned_identities=user
        )
    if system:
        return cs.IdentityArgs(type=cs.ResourceIdentityType.SYSTEM_ASSIGNED)
    if user:
        return cs.IdentityArgs(type=cs.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=user)
    return None


@dataclass(kw_only=True, frozen=True)
class RoleAssignment(ArgsBase):
    """A principal given a role on the scope."""

    _contract = models.RoleAssignment

    principal_id: pulumi.Input[str]
    """Object id of the user, group or service principal (e.g. an identity's principal_id)."""
    role: str
    """A built-in role name (e.g. 'Cognitive Services OpenAI User') or a role definition id/GUID."""
    principal_type: str | None = None
    """User, Group, ServicePrincipal (default), ForeignGroup or Device; avoids PrincipalNotFound."""
    description: pulumi.Input[str] | None = None
    """Free text shown on the assignment."""
    name: str | None = None
    """The assignment's name (a GUID). Default: from the naming. Adopted assignments keep theirs."""
    condition: pulumi.Input[str] | None = None
    """An ABAC condition that limits the assignment, e.g. @Resource[...] StringEquals '...'."""
    condition_version: str | None = None
    """Version of the condition language: 2.0 (the default when a condition is given)."""
    delegated_managed_identity_resource_id: pulumi.Input[str] | None = None
    """A managed identity the assignment is delegated to (cross-tenant scenarios)."""

    def _violations(self) -> list[Violation]:
        return condition_rules(
            PYTHON_ARGS,
            has_condition=self.condition is not None,
            has_version=self.condition_version is not None,
        )


@dataclass(kw_only=True, frozen=True)
class RoleAssignmentsArgs(ArgsBase):
    """Arguments of RoleAssignments."""

    scope: pulumi.Input[str]
    """Resource id the roles are assigned on (an account's id)."""
    assignments: Mapping[str, RoleAssignment]
    """Assignments by stable key; the key names the Pulumi resource, never the Azure one."""
    naming: str | None = field(default=None, metadata=rule(models.RoleAssignmentNaming))
    """How assignments without a name are named: toolkit (default), avm or azure (roles.py)."""


def _role_definition_id(scope: str, role_guid: str) -> str:
    subscription = scope.split("/")[2]  # scope is an ARM id: /subscriptions/<id>/...
    return role_definition_id(subscription, role_guid)


class RoleAssignments(pulumi.ComponentResource):
    """Role assignments of principals on one scope, with deterministic names."""

    TYPE = "aoai:identity:RoleAssignments"

    def __init__(
        self, name: str, args: RoleAssignmentsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        scope = pulumi.Output.from_input(args.scope)
        naming = args.naming or NAMING_TOOLKIT
        for key in sorted(args.assignments):
            assignment = args.assignments[key]
            role_guid = role_definition_guid(assignment.role)
            assignment_name: pulumi.Output[str] = (
                pulumi.Output.from_input(assignment.name)
                if assignment.name is not None
                # scope, principal and role travel in the Output: no loop variable in the closure
                else pulumi.Output.all(scope, assignment.principal_id, role_guid).apply(
                    lambda values: named_role_assignment(naming, *values)
                )
            )
            version = assignment.condition_version
            if assignment.condition is not None and version is None:
                version = models.DEFAULT_CONDITION_VERSION
            authorization.RoleAssignment(
                f"{name}-{key}",
                scope=scope,
                principal_id=assignment.principal_id,
                principal_type=assignment.resolved("principal_type"),
                role_definition_id=scope.apply(partial(_role_definition_id, role_guid=role_guid)),
                role_assignment_name=assignment_name,
                description=assignment.description,
                condition=assignment.condition,
                condition_version=version,
                delegated_managed_identity_resource_id=assignment.delegated_managed_identity_resource_id,
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.register_outputs({})
