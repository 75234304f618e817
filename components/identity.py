"""Role assignments on an account (`aoai:identity:RoleAssignments`).

Creates one `azure-native:authorization:RoleAssignment` per `roleAssignments` key, scoped to the
account. Names are uuid5(scope, principal, role), so a re-run or a refactor never produces a
second assignment; `principalType` is always sent, which lets ARM skip the directory lookup that
fails with PrincipalNotFound while a new identity is still replicating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pulumi
from pulumi_azure_native import authorization

from .config.models import RoleAssignment
from .roles import role_assignment_name, role_definition_guid, role_definition_id


@dataclass
class RoleAssignmentsArgs:
    scope: pulumi.Input[str]
    assignments: Mapping[str, RoleAssignment]


def _assignment_name(scope: str, principal: str, role_guid: str) -> str:
    return role_assignment_name(scope, principal, role_guid)


def _role_definition_id(scope: str, role_guid: str) -> str:
    subscription = scope.split("/")[2]  # scope is an ARM id: /subscriptions/<id>/...
    return role_definition_id(subscription, role_guid)


class RoleAssignments(pulumi.ComponentResource):
    """Role assignments of principals on one scope (the account)."""

    assignment_names: pulumi.Output[dict[str, str]]

    def __init__(
        self, name: str, args: RoleAssignmentsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:identity:RoleAssignments", name, None, opts)
        scope = pulumi.Output.from_input(args.scope)
        names: dict[str, pulumi.Output[str]] = {}
        for key in sorted(args.assignments):
            assignment = args.assignments[key]
            role_guid = role_definition_guid(assignment.role)
            principal = assignment.principal_id
            assignment_name = scope.apply(partial(_assignment_name, principal=principal, role_guid=role_guid))
            authorization.RoleAssignment(
                f"{name}-{key}",
                scope=scope,
                principal_id=principal,
                principal_type=assignment.principal_type,
                role_definition_id=scope.apply(partial(_role_definition_id, role_guid=role_guid)),
                role_assignment_name=assignment_name,
                description=assignment.description,
                opts=pulumi.ResourceOptions(parent=self),
            )
            names[key] = assignment_name
        self.assignment_names = pulumi.Output.all(**names) if names else pulumi.Output.from_input({})
        self.register_outputs({"assignment_names": self.assignment_names})
