"""roles.py: what `make mutate` showed no test checked (issue 16).

The built-in role table is transcribed here from Microsoft's list of Azure built-in roles
(learn.microsoft.com, role-based-access-control/built-in-roles: "General" and "AI + machine
learning"; Foundry's renamed roles as concepts/rbac-foundry.md lists them), not read from the
module, so a changed name or GUID fails. Error texts are the ones a user reads.
"""

from __future__ import annotations

import uuid

import pytest

from azure_openai_toolkit.roles import (
    BUILTIN_ROLES,
    arm_guid,
    avm_role_assignment_name,
    named_role_assignment,
    role_definition_guid,
    role_definition_id,
)

BUILT_IN = {
    "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    "Cognitive Services OpenAI Contributor": "a001fd3d-188f-4b5d-821b-7da978bf7442",
    "Cognitive Services User": "a97b65f3-24c7-4388-baec-2e87135dc908",
    "Cognitive Services Contributor": "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
    "Cognitive Services Usages Reader": "bba48692-92b0-4667-a9ad-c31c7b334ac2",
    "Azure AI User": "53ca6127-db72-4b80-b1b0-d745d6d5456d",
    "Azure AI Project Manager": "eadc314b-1a2d-4efa-be10-5d325db5065e",
    "Azure AI Account Owner": "e47c6f54-e4a2-4754-9501-8e0985b135e1",
    "Azure AI Owner": "c883944f-8b7b-4483-af10-35834be79c4a",
    "Foundry User": "53ca6127-db72-4b80-b1b0-d745d6d5456d",
    "Foundry Project Manager": "eadc314b-1a2d-4efa-be10-5d325db5065e",
    "Foundry Account Owner": "e47c6f54-e4a2-4754-9501-8e0985b135e1",
    "Foundry Owner": "c883944f-8b7b-4483-af10-35834be79c4a",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
}
SUBSCRIPTION = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
ACCOUNT = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct"
)
PRINCIPAL = "11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(("name", "guid"), sorted(BUILT_IN.items()))
def test_each_built_in_role_name_resolves_to_its_azure_guid(name: str, guid: str) -> None:
    assert role_definition_guid(name) == guid


def test_the_table_holds_exactly_the_documented_roles() -> None:
    assert BUILTIN_ROLES == BUILT_IN


@pytest.mark.parametrize(
    "role",
    [
        READER,
        READER.upper(),
        f"/providers/Microsoft.Authorization/roleDefinitions/{READER}",
        f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{READER}",
        # ARM ids are case-insensitive: the provider and segment names in any case.
        f"/SUBSCRIPTIONS/{SUBSCRIPTION}/PROVIDERS/microsoft.authorization/ROLEDEFINITIONS/{READER}",
    ],
)
def test_a_guid_or_role_definition_id_resolves_to_the_lower_case_guid(role: str) -> None:
    assert role_definition_guid(role) == READER


def test_a_built_in_name_in_another_case_names_the_exact_spelling() -> None:
    with pytest.raises(ValueError) as caught:
        role_definition_guid("cognitive services openai user")
    assert str(caught.value) == (
        "role names are case-sensitive: write 'Cognitive Services OpenAI User' "
        "(got 'cognitive services openai user')"
    )


@pytest.mark.parametrize(
    "role",
    [
        "Storage Blob Data Reader",  # a real role, but not one the toolkit knows by name
        READER[:-1],  # 35 characters
        READER + "0",  # 37 characters
        READER.replace("-", ""),  # 32 hex digits: uuid.UUID would take it, ARM ids never have it
        f"/providers/Microsoft.Authorization/roleDefinitions/{READER}/extra",
        f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments/{READER}",
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",  # 36 characters, not hexadecimal
    ],
)
def test_anything_else_is_refused_with_the_accepted_forms(role: str) -> None:
    with pytest.raises(ValueError) as caught:
        role_definition_guid(role)
    message = str(caught.value)
    first = "'Cognitive Services OpenAI User'"
    assert message.startswith(f"unknown role {role!r}: use a built-in role name ({first}, ")
    assert message.endswith(
        "'Owner'), a role definition GUID, or an id like "
        "/providers/Microsoft.Authorization/roleDefinitions/<guid>"
    )


def test_the_role_definition_id_is_subscription_scoped() -> None:
    assert role_definition_id(SUBSCRIPTION, READER) == (
        f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{READER}"
    )


def test_each_naming_is_dispatched_to_its_own_rule() -> None:
    # The literals of test_role_naming.py's hand computation, for the OpenAI User role.
    openai_user = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
    account = (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-openai-prod/providers/"
        "Microsoft.CognitiveServices/accounts/contoso-prod-swc"
    )
    namings = ("toolkit", "avm", "azure")
    names = {n: named_role_assignment(n, account, PRINCIPAL, openai_user) for n in namings}
    assert names == {
        "toolkit": "bc06a8c2-8955-5de2-9c10-823f91ce20b6",
        "avm": "ac8a7d2d-5c02-53bd-b292-350de4629902",
        "azure": "ac435028-3970-549a-b028-8b2dec8dc14c",
    }


def test_an_unknown_naming_names_the_choices_and_the_value() -> None:
    with pytest.raises(ValueError) as caught:
        named_role_assignment("Toolkit", ACCOUNT, PRINCIPAL, READER)
    assert str(caught.value) == "role assignment naming must be one of toolkit, avm, azure (got 'Toolkit')"


def test_the_avm_role_definition_id_takes_the_lower_case_role_guid() -> None:
    # guid() is case-sensitive: an upper-case GUID must name the assignment like the lower-case one.
    assert avm_role_assignment_name(ACCOUNT, PRINCIPAL, READER.upper()) == avm_role_assignment_name(
        ACCOUNT, PRINCIPAL, READER
    )


@pytest.mark.parametrize(
    "scope",
    [
        "/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct",
        "/subscription/x/resourceGroups/rg",
        "/subscriptions",
        "subscriptions/x",
    ],
)
def test_the_avm_naming_needs_a_scope_inside_a_subscription(scope: str) -> None:
    with pytest.raises(ValueError) as caught:
        avm_role_assignment_name(scope, PRINCIPAL, READER)
    assert str(caught.value) == f"not a scope inside a subscription: {scope!r}"


def test_a_subscription_segment_in_upper_case_is_a_subscription() -> None:
    # ARM ids ignore case. The rule written out: guid(scope, principal, role definition id),
    # guid() being uuid5 in ARM's namespace over the values joined with "-".
    upper = ACCOUNT.replace("/subscriptions/", "/SUBSCRIPTIONS/")
    definition = f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{READER}"
    arm_namespace = uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830")
    expected = uuid.uuid5(arm_namespace, f"{upper}-{PRINCIPAL}-{definition}")
    assert avm_role_assignment_name(upper, PRINCIPAL, READER) == str(expected)


# Written out from the rules, not taken from roles.py: the toolkit's uuid5 namespace and ARM's.
TOOLKIT_NAMESPACE = uuid.UUID("6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01")
ARM_NAMESPACE = uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830")
# An object id with hexadecimal letters, so that its case matters.
LETTERED = "ABCDEF01-2222-3333-4444-5555AAAABBBB"


def test_the_toolkit_naming_lower_cases_the_principal() -> None:
    expected = uuid.uuid5(TOOLKIT_NAMESPACE, f"{ACCOUNT.lower()}|{LETTERED.lower()}|{READER}")
    assert named_role_assignment("toolkit", ACCOUNT, LETTERED, READER) == str(expected)


def test_the_azure_naming_lower_cases_the_principal() -> None:
    expected = uuid.uuid5(ARM_NAMESPACE, f"{ACCOUNT.lower()}-{LETTERED.lower()}-{READER}")
    assert named_role_assignment("azure", ACCOUNT, LETTERED, READER) == str(expected)


def test_the_avm_naming_takes_a_subscription_itself_as_scope() -> None:
    scope = f"/subscriptions/{SUBSCRIPTION}"
    definition = f"{scope}/providers/Microsoft.Authorization/roleDefinitions/{READER}"
    expected = uuid.uuid5(ARM_NAMESPACE, f"{scope}-{PRINCIPAL}-{definition}")
    assert avm_role_assignment_name(scope, PRINCIPAL, READER) == str(expected)


def test_guid_without_values_says_what_it_needs() -> None:
    with pytest.raises(ValueError) as caught:
        arm_guid()
    assert str(caught.value) == "guid() takes at least one value"
