"""RoleAssignments: deterministic names, subscription-scoped role ids, principalType sent."""

from __future__ import annotations

import uuid

from azure_openai_toolkit import RoleAssignment, RoleAssignments, RoleAssignmentsArgs
from azure_openai_toolkit.roles import BUILTIN_ROLES, role_assignment_name, role_definition_guid
from tests.conftest import PRINCIPAL, run_components

# roles.py's documented rule: uuid5 in the namespace 6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01 of
# "<scope>|<principal>|<role guid>", lower-cased. The GUIDs below were computed by hand from it
# with Python's uuid module alone (SCOPE and PRINCIPAL as below, the role named in each comment).
OPENAI_USER_NAME = "f0c4d8d1-1304-5f1f-9126-cc2456848e0c"  # Cognitive Services OpenAI User
CONTRIBUTOR_NAME = "ac9afa1d-e1da-5253-8381-6cf3ebdbec0c"  # Contributor
READER_NAME = "b47940aa-30a3-5bbf-bddd-eea28c76d835"  # Reader


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
        "roleAssignmentName": OPENAI_USER_NAME,
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
    assert first == second == {
        "primary-role-assignments-app": OPENAI_USER_NAME,
        "primary-role-assignments-ops": CONTRIBUTOR_NAME,
    }
    for name in first.values():
        assert uuid.UUID(name).version == 5


def test_assignment_name_depends_on_scope_principal_and_role_only() -> None:
    reader = BUILTIN_ROLES["Reader"]
    assert role_assignment_name(SCOPE, PRINCIPAL, reader) == READER_NAME
    assert role_assignment_name(SCOPE.upper(), PRINCIPAL.upper(), reader.upper()) == READER_NAME
    assert role_assignment_name(SCOPE + "2", PRINCIPAL, reader) == "80c6b110-d2a8-5487-87af-096a67c4134a"
    other = "99999999-2222-3333-4444-555555555555"
    assert role_assignment_name(SCOPE, other, reader) == "376f6709-cc64-5937-b2d7-e979eee9a1f5"
    owner = BUILTIN_ROLES["Owner"]
    assert role_assignment_name(SCOPE, PRINCIPAL, owner) == "9a2406cb-e5ba-5b89-8f05-b8f210263812"


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
