"""Role assignment names under each naming, ARM's guid(), and adopted names kept as they are.

Expected GUIDs are literals. The guid() ones were computed outside this code base by hand from
RFC 4122 section 4.3 (SHA-1 of the namespace's 16 bytes in network order and the UTF-8 name, the
version nibble set to 5 and the variant bits to 10), with ARM's namespace and the arguments joined
with "-". The same hand computation gives RFC 9562 appendix A.4's published example, which checks
the method; no value computed by Azure for given inputs was published that we could find.
"""

from __future__ import annotations

from functools import partial

import pytest

from azure_openai_toolkit import RoleAssignment, RoleAssignments, RoleAssignmentsArgs
from azure_openai_toolkit.roles import (
    arm_guid,
    avm_role_assignment_name,
    azure_role_assignment_name,
    named_role_assignment,
)
from tests.conftest import PRINCIPAL, registrations_of, run_components

SUBSCRIPTION = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
ACCOUNT = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-openai-prod/providers/"
    "Microsoft.CognitiveServices/accounts/contoso-prod-swc"
)
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
ASSIGNMENT = "azure-native:authorization:RoleAssignment"


def test_arm_guid_is_a_version_5_uuid_of_the_arguments_joined_with_hyphens() -> None:
    assert arm_guid("abc") == "a9b46cc2-65a6-5559-9f14-7091827ab32f"
    assert arm_guid("a", "b", "c") == "a98fa280-e03f-5afa-8d8e-92d0a9c201e8"
    assert arm_guid("a", "b", "c") == arm_guid("a-b-c")  # guid() joins, it does not hash each
    assert arm_guid("b", "a") != arm_guid("a", "b")  # the order matters, as Microsoft documents
    with pytest.raises(ValueError, match="at least one"):
        arm_guid()


def test_avm_names_are_the_bicep_modules_guid_of_account_principal_and_role_definition_id() -> None:
    # guid(cognitiveService.id, principalId, subscriptionResourceId('...roleDefinitions', guid))
    assert avm_role_assignment_name(ACCOUNT, PRINCIPAL, OPENAI_USER) == "ac8a7d2d-5c02-53bd-b292-350de4629902"


def test_azure_names_are_getroleassignmentname_over_lowered_scope_principal_and_role() -> None:
    assert (
        azure_role_assignment_name(ACCOUNT, PRINCIPAL, OPENAI_USER) == "ac435028-3970-549a-b028-8b2dec8dc14c"
    )
    # Normalised like Bicep's function: case and a trailing slash do not change the name.
    assert (
        azure_role_assignment_name(ACCOUNT.upper() + "/", PRINCIPAL.upper(), OPENAI_USER.upper())
        == "ac435028-3970-549a-b028-8b2dec8dc14c"
    )


def test_unknown_naming_is_refused() -> None:
    with pytest.raises(ValueError, match="toolkit, avm, azure"):
        named_role_assignment("random", ACCOUNT, PRINCIPAL, OPENAI_USER)


def build(naming: str | None, **assignment: str) -> None:
    RoleAssignments(
        "primary-role-assignments",
        RoleAssignmentsArgs(
            scope=ACCOUNT,
            naming=naming,
            assignments={
                "app": RoleAssignment(
                    principal_id=PRINCIPAL, role="Cognitive Services OpenAI User", **assignment
                )
            },
        ),
    )


@pytest.mark.parametrize(
    ("naming", "name"),
    [
        # the toolkit's uuid5 (the default), unchanged since before the setting existed
        (None, "bc06a8c2-8955-5de2-9c10-823f91ce20b6"),
        ("toolkit", "bc06a8c2-8955-5de2-9c10-823f91ce20b6"),
        ("avm", "ac8a7d2d-5c02-53bd-b292-350de4629902"),
        ("azure", "ac435028-3970-549a-b028-8b2dec8dc14c"),
    ],
)
def test_the_component_names_assignments_as_the_naming_says(naming: str | None, name: str) -> None:
    run = run_components(lambda: build(naming))
    app = registrations_of(run, ASSIGNMENT)["primary-role-assignments-app"]
    assert app.inputs["roleAssignmentName"] == name


def test_an_assignments_own_name_wins_over_any_naming() -> None:
    kept = "0d3e2f65-1b1c-4e7e-9f1e-5c2a7d9b8e11"
    for naming in (None, "avm", "azure"):
        run = run_components(partial(build, naming, name=kept))
        assert (
            registrations_of(run, ASSIGNMENT)["primary-role-assignments-app"].inputs["roleAssignmentName"]
            == kept
        )


def test_a_condition_is_sent_with_version_2_0_by_default() -> None:
    condition = "@Resource[Microsoft.CognitiveServices/accounts/deployments:name] StringEquals 'chat'"
    run = run_components(lambda: build("toolkit", condition=condition))
    inputs = registrations_of(run, ASSIGNMENT)["primary-role-assignments-app"].inputs
    assert (inputs["condition"], inputs["conditionVersion"]) == (condition, "2.0")
