"""RoleAssignments: deterministic names, subscription-scoped role ids, principalType sent."""

from __future__ import annotations

import uuid

from azure_openai_toolkit import RoleAssignment, RoleAssignments, RoleAssignmentsArgs
from azure_openai_toolkit.roles import BUILTIN_ROLES, role_assignment_name, role_definition_guid
from tests.conftest import PRINCIPAL, run_components

# roles.py's documented rule: uuid5 in a fixed namespace of "scope|principal|role", lower-cased.
ASSIGNMENT_NAMESPACE = uuid.UUID("6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01")


def expected_name(scope: str, principal: str, role_guid: str) -> str:
    return str(uuid.uuid5(ASSIGNMENT_NAMESPACE, f"{scope}|{principal}|{role_guid}".lower()))


SCOPE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/acct"
)


def assignment(**values: str) -> RoleAssignment:
    return RoleAssignment(**{"principal_id": PRINCIPAL, "role": "Cognitive Services OpenAI User", **values})


def build() -> None:
    RoleAssignments(
        "primary-role-assignments",
        RoleAssignmentsArgs(
            scope=SCOPE,
            assignments={"app": assignment(), "ops": assignment(role="Contributor", principal_type="Group")},
        ),
    )


def test_assignment_inputs() -> None:
    run = run_components(build)
    app = {r.name: r for r in run.by_type("azure-native:authorization:RoleAssignment")}[
        "primary-role-assignments-app"
    ]
    assert app.inputs == {
        "scope": SCOPE,
        "principalId": PRINCIPAL,
        "principalType": "ServicePrincipal",
        "roleDefinitionId": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
        "Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
        "roleAssignmentName": expected_name(SCOPE, PRINCIPAL, "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"),
    }


def test_assignment_names_are_deterministic_across_runs() -> None:
    first = {
        r.name: r.inputs["roleAssignmentName"]
        for r in run_components(build).by_type("azure-native:authorization:RoleAssignment")
    }
    second = {
        r.name: r.inputs["roleAssignmentName"]
        for r in run_components(build).by_type("azure-native:authorization:RoleAssignment")
    }
    assert first == second
    assert len(set(first.values())) == 2
    for name in first.values():
        assert uuid.UUID(name).version == 5


def test_assignment_name_depends_on_scope_principal_and_role_only() -> None:
    base = role_assignment_name(SCOPE, PRINCIPAL, BUILTIN_ROLES["Reader"])
    assert role_assignment_name(SCOPE.upper(), PRINCIPAL.upper(), BUILTIN_ROLES["Reader"]) == base
    assert role_assignment_name(SCOPE + "2", PRINCIPAL, BUILTIN_ROLES["Reader"]) != base
    assert (
        role_assignment_name(SCOPE, "99999999-2222-3333-4444-555555555555", BUILTIN_ROLES["Reader"]) != base
    )
    assert role_assignment_name(SCOPE, PRINCIPAL, BUILTIN_ROLES["Owner"]) != base


def test_role_forms_resolve_to_the_same_guid() -> None:
    guid = "a001fd3d-188f-4b5d-821b-7da978bf7442"
    assert role_definition_guid("Cognitive Services OpenAI Contributor") == guid
    assert role_definition_guid(guid.upper()) == guid
    assert (
        role_definition_guid(
            f"/subscriptions/{PRINCIPAL}/providers/Microsoft.Authorization/roleDefinitions/{guid}"
        )
        == guid
    )
