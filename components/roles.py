"""Built-in Azure role definitions a user can name in `roleAssignments.<key>.role`.

The GUIDs are the same in every Azure cloud and tenant (they are part of Azure RBAC's built-in
role catalogue), so users can write "Cognitive Services OpenAI User" instead of a GUID.

Microsoft Foundry's roles were renamed in 2026 ("Azure AI User" became "Foundry User", ...) with
the same GUIDs (Microsoft Learn, includes/role-rename-note.md, ms.date 2026-05-11; the GUIDs as
create-projects lists them). Both names are accepted; the new ones are shown. Refresh: compare
with the role table of concepts/rbac-foundry.md.
"""

from __future__ import annotations

import re
import uuid

BUILTIN_ROLES: dict[str, str] = {
    "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    "Cognitive Services OpenAI Contributor": "a001fd3d-188f-4b5d-821b-7da978bf7442",
    "Cognitive Services User": "a97b65f3-24c7-4388-baec-2e87135dc908",
    "Cognitive Services Contributor": "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
    "Cognitive Services Usages Reader": "bba48692-92b0-4667-a9ad-c31c7b334ac2",
    # Foundry data-plane and management roles, previous names first so the new ones are shown.
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

_ROLE_DEFINITION_ID = re.compile(
    r"^(/subscriptions/[0-9a-fA-F-]{36})?/providers/Microsoft\.Authorization/roleDefinitions/"
    r"(?P<guid>[0-9a-fA-F-]{36})$",
    re.IGNORECASE,
)


def role_definition_guid(role: str) -> str:
    """Resolve a built-in role name, a role GUID or a role definition id to the role's GUID.

    Raises ValueError with the accepted forms when `role` is none of them.
    """
    if role in BUILTIN_ROLES:
        return BUILTIN_ROLES[role]
    by_lower = {name.lower(): guid for name, guid in BUILTIN_ROLES.items()}
    if role.lower() in by_lower:
        exact = next(n for n in BUILTIN_ROLES if n.lower() == role.lower())
        raise ValueError(f"role names are case-sensitive: write {exact!r} (got {role!r})")
    candidate = role
    match = _ROLE_DEFINITION_ID.match(role)
    if match:
        candidate = match.group("guid")
    try:
        return str(uuid.UUID(candidate)) if len(candidate) == 36 else _unknown(role)
    except ValueError:
        return _unknown(role)


def role_guid_of_definition_id(value: str) -> str | None:
    """The role GUID of a role definition id in its documented shapes, subscription-scoped
    (/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>) or not; None
    for any other string."""
    match = _ROLE_DEFINITION_ID.match(value)
    return match.group("guid") if match else None


def _unknown(role: str) -> str:
    names = ", ".join(repr(n) for n in BUILTIN_ROLES)
    raise ValueError(
        f"unknown role {role!r}: use a built-in role name ({names}), a role definition GUID, or "
        "an id like /providers/Microsoft.Authorization/roleDefinitions/<guid>"
    )


def role_definition_id(subscription_id: str, role_guid: str) -> str:
    """The subscription-scoped id ARM returns for a role definition (avoids perpetual diffs)."""
    return f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{role_guid}"


# A fixed namespace so assignment names are the same on every machine and every run.
_ASSIGNMENT_NAMESPACE = uuid.UUID("6f1c2a52-8a3e-4f43-9a43-2b8f8d5f6e01")

# How role assignments are named (the stack's azure-openai:roleAssignmentNaming):
#   toolkit  uuid5 of this toolkit's namespace over scope|principal|role (lower case); the
#            default, so stacks deployed before the setting existed keep their names
#   avm      the Azure Verified Module for Bicep (avm/res/cognitive-services/account, main.bicep):
#            guid(cognitiveService.id, principalId, roleDefinitionId), the role definition as
#            subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <guid>)
#   azure    Bicep's getRoleAssignmentName() (Azure/bicep pull request 20293, merged 2026-09-09;
#            "a shared deterministic naming convention that we plan to use for Bicep, ARM,
#            Portal, CLI, and PowerShell"): guid(toLower(scope), toLower(principalId),
#            toLower(<role definition guid>)), the scope without a trailing slash
NAMING_TOOLKIT = "toolkit"
NAMING_AVM = "avm"
NAMING_AZURE = "azure"
NAMINGS = (NAMING_TOOLKIT, NAMING_AVM, NAMING_AZURE)

# The namespace of ARM's and Bicep's guid() function. guid() is a name-based UUID (RFC 4122
# section 4.3: version 5, SHA-1) over its arguments joined with "-" and encoded as UTF-8. Microsoft
# documents only that it "implements the algorithm from RFC 4122 section 4.3 ... with some
# modifications" (MicrosoftDocs/azure-docs, azure-resource-manager/templates/
# template-functions-string.md, guid remarks); the evaluator itself is in Azure.Deployments.Expression,
# which is not open source, so the Azure/bicep repository does not contain it. The namespace and
# the "-" joiner are the ones independent reimplementations agree on (for example Terraform
# modules computing Bicep's role assignment names with uuidv5("11fb06fb-...", join("-", ...))).
ARM_GUID_NAMESPACE = uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830")


def arm_guid(*values: str) -> str:
    """What ARM's guid(values...) returns: uuid5(ARM's namespace, "-".join(values))."""
    if not values:
        raise ValueError("guid() takes at least one value")
    return str(uuid.uuid5(ARM_GUID_NAMESPACE, "-".join(values)))


def role_assignment_name(scope: str, principal_id: str, role_guid: str) -> str:
    """Deterministic role assignment name: uuid5 of scope, principal and role (naming "toolkit").

    The same inputs always give the same GUID, so re-running never replaces an assignment, and
    ARM's "RoleAssignmentExists" for a second, differently named copy cannot happen.
    """
    key = "|".join((scope.lower(), principal_id.lower(), role_guid.lower()))
    return str(uuid.uuid5(_ASSIGNMENT_NAMESPACE, key))


def avm_role_assignment_name(scope: str, principal_id: str, role_guid: str) -> str:
    """The name the AVM Bicep module gives the assignment: guid(account.id, principalId, roleId).

    `scope` is the account's id as Resource Manager returns it and `principal_id` as written:
    guid() is case-sensitive, like the Bicep module's. The role definition id is the
    subscription-scoped one the module builds for a built-in role name or a GUID.
    """
    definition = role_definition_id(_subscription_of(scope), role_guid.lower())
    return arm_guid(scope, principal_id, definition)


def azure_role_assignment_name(scope: str, principal_id: str, role_guid: str) -> str:
    """Bicep's getRoleAssignmentName(): guid() over the lower-cased scope, principal and role GUID."""
    return arm_guid(scope.lower().rstrip("/"), principal_id.lower(), role_guid.lower())


def named_role_assignment(naming: str, scope: str, principal_id: str, role_guid: str) -> str:
    """The assignment's name under one of NAMINGS."""
    if naming == NAMING_AVM:
        return avm_role_assignment_name(scope, principal_id, role_guid)
    if naming == NAMING_AZURE:
        return azure_role_assignment_name(scope, principal_id, role_guid)
    if naming == NAMING_TOOLKIT:
        return role_assignment_name(scope, principal_id, role_guid)
    raise ValueError(f"role assignment naming must be one of {', '.join(NAMINGS)} (got {naming!r})")


def _subscription_of(scope: str) -> str:
    parts = scope.split("/")
    if len(parts) < 3 or parts[1].lower() != "subscriptions":
        raise ValueError(f"not a scope inside a subscription: {scope!r}")
    return parts[2]
