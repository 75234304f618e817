"""What the offline tools know of each azure-native type (resource_types.py), checked against the
rules written out by hand: ARM ids in ARM's documented shape
(`/subscriptions/<sub>/resourceGroups/<group>/providers/<namespace>/<type>/<name>[/<type>/<name>]`,
extension resources under their scope), which input changes replace a resource and why
(docs/changes.md), the documented in-place kind upgrade and its dangerous rollback, and the table
docs/changes.md shows."""

from __future__ import annotations

from aoai.offline.resource_types import AZURE_TYPES, azure_type, replacement_table

S = "00000000-0000-0000-0000-000000000000"
ACCOUNT = AZURE_TYPES["azure-native:cognitiveservices:Account"]
ENDPOINT = AZURE_TYPES["azure-native:network:PrivateEndpoint"]
LINK = AZURE_TYPES["azure-native:privatedns:VirtualNetworkLink"]
ROLE = AZURE_TYPES["azure-native:authorization:RoleAssignment"]


def test_arm_ids_of_a_group_a_resource_its_children_and_extension_resources() -> None:
    group = AZURE_TYPES["azure-native:resources:ResourceGroup"]
    assert (
        group.arm_id({"resourceGroupName": "rg-x", "location": "l"}, S)
        == f"/subscriptions/{S}/resourceGroups/rg-x"
    )
    assert ACCOUNT.arm_id({"resourceGroupName": "rg", "accountName": "a"}, "sub") == (
        "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"
    )
    item = AZURE_TYPES["azure-native:cognitiveservices:RaiBlocklistItem"]
    inputs = {
        "resourceGroupName": "rg",
        "accountName": "a",
        "raiBlocklistName": "b",
        "raiBlocklistItemName": "i",
    }
    assert item.arm_id(inputs, S) == (
        f"/subscriptions/{S}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/raiBlocklists/b"
        "/raiBlocklistItems/i"
    )
    scope = f"/subscriptions/{S}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"
    assert ROLE.arm_id({"scope": scope, "roleAssignmentName": "g", "resourceGroupName": "other"}, S) == (
        f"{scope}/providers/Microsoft.Authorization/roleAssignments/g"
    )
    diagnostic = AZURE_TYPES["azure-native:monitor:DiagnosticSetting"]
    assert diagnostic.arm_id({"resourceUri": scope, "name": "central"}, S) == (
        f"{scope}/providers/Microsoft.Insights/diagnosticSettings/central"
    )


def test_which_input_changes_replace() -> None:
    assert ACCOUNT.replacement("location") == "engine"
    assert ACCOUNT.replacement("accountName", "a", "b") == "engine"
    assert ACCOUNT.replacement("properties.customSubDomainName", "a", "b") == "azure"
    assert ACCOUNT.replacement("properties.customSubDomainNameX", "a", "b") is None  # another input
    assert ACCOUNT.replacement("properties.publicNetworkAccess", "Enabled", "Disabled") is None
    assert ACCOUNT.replacement("kind", "OpenAI", "Speech") == "azure"
    assert ACCOUNT.replacement("kind", "OpenAI", "AIServices") is None  # the documented upgrade
    assert ACCOUNT.replacement("kind", "AIServices", "OpenAI") is None  # its rollback, in place too
    # Any part of a listed input: an object's field, a list's item.
    assert ENDPOINT.replacement("subnet.id", "a", "b") == "engine"
    assert ENDPOINT.replacement("subnet[0]", "a", "b") == "engine"
    assert ENDPOINT.replacement("subnets", "a", "b") is None
    assert LINK.replacement("virtualNetwork.id", "a", "b") == "azure"
    assert ROLE.replacement("principalId", "a", "b") == "engine"
    assert ROLE.replacement("roleDefinitionId", "a", "b") == "azure"


def test_in_place_notes_and_the_dangerous_rollback() -> None:
    assert ACCOUNT.in_place_note("kind", "OpenAI", "AIServices") == (
        "in place: Microsoft's documented upgrade to a Foundry resource (same name and endpoint)"
    )
    assert ACCOUNT.in_place_note("kind", "AIServices", "OpenAI") == "in place: a documented in-place change"
    assert ACCOUNT.in_place_note("kind", "OpenAI", "Speech") is None
    assert ACCOUNT.in_place_note("location", "OpenAI", "AIServices") is None
    assert ACCOUNT.danger("kind", "AIServices", "OpenAI") == (
        "kind AIServices -> OpenAI rolls the Foundry upgrade back: Azure refuses it while the account has "
        "projects, connections or non-OpenAI deployments, and Foundry features stop working. Keep kind: "
        "AIServices, or roll back as Microsoft documents it (upgrade-azure-openai.md)"
    )
    assert ACCOUNT.danger("kind", "OpenAI", "AIServices") is None
    assert ACCOUNT.danger("location", "AIServices", "OpenAI") is None
    assert ENDPOINT.danger("location", "a", "b") is None


def test_unknown_types_are_none() -> None:
    assert azure_type("azure-native:cognitiveservices:Account") is ACCOUNT
    assert azure_type("aoai:openai:Account") is None


def test_the_replacement_table_rows() -> None:
    lines = replacement_table().split("\n")
    assert lines[:2] == [
        "| resource (azure-native) | ARM type @ api-version | azure-native replaces on "
        "| Azure refuses in place |",
        "|---|---|---|---|",
    ]
    assert lines[2] == (
        "| `resources:ResourceGroup` | `Microsoft.Resources/resourceGroups@2024-03-01` "
        "| `resourceGroupName`, `location` | - |"
    )
    assert lines[3] == (
        "| `cognitiveservices:Account` | `Microsoft.CognitiveServices/accounts@2025-06-01` "
        "| `resourceGroupName`, `accountName`, `location` "
        "| `kind` (in place: OpenAI -> AIServices, AIServices -> OpenAI), "
        "`properties.customSubDomainName` |"
    )
    assert lines[12] == (
        "| `network:PrivateDnsZoneGroup` "
        "| `Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01` "
        "| `resourceGroupName`, `privateEndpointName`, `privateDnsZoneGroupName` | - |"
    )
    assert len(lines) == 2 + 16 + 1 and lines[-1] == ""  # a row per type, ending with a newline
