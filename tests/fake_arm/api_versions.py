"""The api-versions Resource Manager serves for each Microsoft.CognitiveServices operation the fake
serves, and its answer to any other.

Source: Azure/azure-rest-api-specs, specification/cognitiveservices/resource-manager — the tags of
readme.md (@0000bae4, 2016-02-01-preview to 2026-03-15-preview) and of the TypeSpec tree's
Microsoft.CognitiveServices/CognitiveServices/readme.md (@1c83a24e, up to 2026-09-15-preview, its
default tag package-2026-09-01); an operation is served
from the first version whose specification has it (checked against each version's examples folder:
ListDeletedAccountsBySubscription / PurgeDeletedAccount 2021-04-30, ListDeployments 2021-10-01,
ListModels / ListUsages / ListRaiPolicies 2023-05-01 and not 2022-12-01, ListModelCapacities
2024-04-01-preview and not 2023-10-01-preview, ListProjects 2025-04-01-preview). The 2016-02-01-preview
specification is left out: nothing here checked which of these paths it has.

ARM refuses a version that is not registered for the resource type with 400
NoRegisteredProviderFound and lists the registered ones (text as quoted from the service in public
issue threads, e.g. Azure/azure-cli#28952; the closing sentence listing the supported locations is
left out, the fake has no region list of its own); a value that is not a version at all is 400
InvalidApiVersionParameter. A test may retire a version (a preview Azure stopped serving): it is
then refused like one never registered.
"""

from __future__ import annotations

import re
from collections.abc import Collection

VERSIONS = (
    "2017-04-18",
    "2021-04-30",
    "2021-10-01",
    "2022-03-01",
    "2022-10-01",
    "2022-12-01",
    "2023-05-01",
    "2023-10-01-preview",
    "2024-04-01-preview",
    "2024-06-01-preview",
    "2024-10-01",
    "2025-04-01-preview",
    "2025-06-01",
    "2025-07-01-preview",
    "2025-09-01",
    "2025-10-01-preview",
    "2025-12-01",
    "2026-01-15-preview",
    "2026-03-01",
    "2026-03-15-preview",
    "2026-05-01",
    "2026-05-15-preview",
    "2026-07-01",
    "2026-07-15-preview",
    "2026-09-01",
    "2026-09-15-preview",
)

# operationId -> (the first api-version that has it, the resource type ARM names in its refusal)
OPERATIONS = {
    "Accounts_List": ("2017-04-18", "accounts"),
    "Accounts_Get": ("2017-04-18", "accounts"),
    "ResourceSkus_List": ("2017-04-18", "skus"),
    "CheckDomainAvailability": ("2017-04-18", "checkDomainAvailability"),
    "DeletedAccounts_List": ("2021-04-30", "deletedAccounts"),
    "DeletedAccounts_Purge": ("2021-04-30", "locations/resourceGroups/deletedAccounts"),
    "Deployments_List": ("2021-10-01", "accounts/deployments"),
    "Models_List": ("2023-05-01", "locations/models"),
    "Usages_List": ("2023-05-01", "locations/usages"),
    "RaiPolicies_List": ("2023-05-01", "accounts/raiPolicies"),
    "ModelCapacities_List": ("2024-04-01-preview", "modelCapacities"),
    "Projects_List": ("2025-04-01-preview", "accounts/projects"),
}

WELL_FORMED = re.compile(r"^\d{4}-\d{2}-\d{2}(-preview)?$")


def supported(operation_id: str, retired: Collection[str] = ()) -> tuple[str, ...]:
    first, _ = OPERATIONS[operation_id]
    return tuple(v for v in VERSIONS[VERSIONS.index(first) :] if v not in retired)


def refusal(
    operation_id: str, version: str, location: str, retired: Collection[str] = ()
) -> tuple[str, str] | None:
    """(code, message) of ARM's 400 for `version`, or None when ARM serves it."""
    _, resource_type = OPERATIONS[operation_id]
    return arm_refusal(version, supported(operation_id, retired), resource_type, location)


def arm_refusal(
    version: str, versions: Collection[str], resource_type: str, location: str
) -> tuple[str, str] | None:
    """ARM's (code, message) for an api-version not among `versions` of `resource_type`."""
    if version in versions:
        return None
    listed = ", ".join(reversed(list(versions)))
    if not WELL_FORMED.match(version):
        return (
            "InvalidApiVersionParameter",
            f"The api-version '{version}' is invalid. The supported versions are '{listed}'.",
        )
    return (
        "NoRegisteredProviderFound",
        f"No registered resource provider found for location '{location}' and API version '{version}' "
        f"for type '{resource_type}'. The supported api-versions are '{listed}'.",
    )
