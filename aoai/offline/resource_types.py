"""What the offline tools know about each azure-native resource type the program registers.

One row per Pulumi type token: the ARM resource type and the api-version pulumi-azure-native
3.29.0 sends for it (each module's docstring says "Uses Azure REST API version ..."), how the ARM
name is built from the inputs, which inputs a reviewer looks at first, and which input changes
replace the resource instead of updating it.

Replacement has two sources, and `aoai plan --against` reports both as replacements:

- `engine`: azure-native itself deletes and re-creates the resource. Its provider forces a
  replacement when a URL path parameter changes (names, resource group, scope: pulumi-azure-native
  issue #77 and PR #2283), when a property is create-only in the REST specification
  (`x-ms-mutability: [create, read]`, e.g. Account.location in Microsoft.CognitiveServices
  2025-06-01), and for the properties in its hand-kept forceNewMap (provider/pkg/gen/replacement.go:
  ResourceGroup.location, PrivateEndpoint.subnet, RoleAssignment.principalId and scope).
- `azure`: Azure refuses the change in place, so the resource has to be replaced, but
  azure-native 3.29.0 does not know that and would send an update that fails halfway through
  `pulumi up`: an account's kind and custom subdomain (fixed once set), a deployment's model name
  and format (only the version can move), a role assignment's role (RoleAssignmentUpdateNotPermitted)
  and any tracked resource's location (ARM cannot move a resource by PUT). Terraform's azurerm
  provider marks the same properties "Changing this forces a new resource to be created".

Some changes of a listed input are documented in-place changes (`in_place`): an account's kind
from OpenAI to AIServices is Microsoft's upgrade to a Foundry resource and the reverse its
rollback (Microsoft Learn, upgrade-azure-openai.md, ms.date 2026-01-07), both a PATCH of the same
account. azure-native sends them as updates too (kind is not create-only in the 2025-06-01
specification), so they are updates here. The rollback is still flagged (`dangerous_changes`):
Azure refuses it while projects, connections or non-OpenAI deployments exist, and it takes
Foundry features away. components/upgrade.py says how the program keeps either from happening by
accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

ReplaceSource = Literal["engine", "azure"]


@dataclass(frozen=True)
class AzureType:
    token: str
    arm_type: str
    api_version: str
    # Inputs that are the ARM name segments, outermost first ("account/deployment").
    name_inputs: tuple[str, ...]
    # Extension resources (role assignments, locks, diagnostics) live on a scope, not in the group.
    scope_input: str | None = None
    key_inputs: tuple[str, ...] = ()
    replaced_by_engine: tuple[str, ...] = ()
    replaced_by_azure: tuple[str, ...] = ()
    # (path, before, after): changes of a replacing input that Azure makes in place.
    in_place: tuple[tuple[str, str, str], ...] = ()
    # (path, before, after, why): in-place changes that are still dangerous.
    dangerous_changes: tuple[tuple[str, str, str, str], ...] = ()

    def arm_id(self, inputs: Mapping[str, Any], subscription_id: str) -> str:
        """The id ARM gives the resource these inputs describe."""
        names = [str(inputs[name]) for name in self.name_inputs]
        if self.arm_type == "Microsoft.Resources/resourceGroups":
            return f"/subscriptions/{subscription_id}/resourceGroups/{names[0]}"
        if self.scope_input:
            scope = str(inputs[self.scope_input])
        else:
            scope = f"/subscriptions/{subscription_id}/resourceGroups/{inputs[_GROUP]}"
        namespace, *types = self.arm_type.split("/")
        path = "/".join(f"{kind}/{name}" for kind, name in zip(types, names, strict=True))
        return f"{scope}/providers/{namespace}/{path}"

    def replacement(self, path: str, before: Any = None, after: Any = None) -> ReplaceSource | None:
        """Whether changing the input at `path` (dotted, [i] for list items) from `before` to
        `after` replaces the resource."""
        if (path, before, after) in self.in_place:
            return None
        for source, paths in (("engine", self.replaced_by_engine), ("azure", self.replaced_by_azure)):
            if any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in paths):
                return source  # type: ignore[return-value]
        return None

    def in_place_note(self, path: str, before: Any, after: Any) -> str | None:
        """Why a change of a replacing input is made in place, if it is one of those."""
        if (path, before, after) not in self.in_place:
            return None
        if (path, before, after) == KIND_UPGRADE:
            return "in place: Microsoft's documented upgrade to a Foundry resource (same name and endpoint)"
        return "in place: a documented in-place change"

    def danger(self, path: str, before: Any, after: Any) -> str | None:
        return next(
            (why for p, b, a, why in self.dangerous_changes if (p, b, a) == (path, before, after)), None
        )


_GROUP = "resourceGroupName"
KIND_UPGRADE = ("kind", "OpenAI", "AIServices")
KIND_ROLLBACK = ("kind", "AIServices", "OpenAI")
ROLLBACK_DANGER = (
    "kind AIServices -> OpenAI rolls the Foundry upgrade back: Azure refuses it while the account "
    "has projects, connections or non-OpenAI deployments, and Foundry features stop working. "
    "Keep kind: AIServices, or roll back as Microsoft documents it (upgrade-azure-openai.md)"
)

AZURE_TYPES: dict[str, AzureType] = {
    t.token: t
    for t in (
        AzureType(
            "azure-native:resources:ResourceGroup",
            "Microsoft.Resources/resourceGroups",
            "2024-03-01",
            name_inputs=(_GROUP,),
            key_inputs=(_GROUP, "location"),
            replaced_by_engine=(_GROUP, "location"),
        ),
        AzureType(
            "azure-native:cognitiveservices:Account",
            "Microsoft.CognitiveServices/accounts",
            "2025-06-01",
            name_inputs=("accountName",),
            key_inputs=(
                "accountName",
                "location",
                "kind",
                "sku.name",
                "properties.customSubDomainName",
                "properties.publicNetworkAccess",
                "properties.disableLocalAuth",
                "identity.type",
            ),
            replaced_by_engine=(_GROUP, "accountName", "location"),
            replaced_by_azure=("kind", "properties.customSubDomainName"),
            in_place=(KIND_UPGRADE, KIND_ROLLBACK),
            dangerous_changes=((*KIND_ROLLBACK, ROLLBACK_DANGER),),
        ),
        AzureType(
            "azure-native:cognitiveservices:Deployment",
            "Microsoft.CognitiveServices/accounts/deployments",
            "2025-06-01",
            name_inputs=("accountName", "deploymentName"),
            key_inputs=(
                "deploymentName",
                "properties.model.name",
                "properties.model.version",
                "properties.model.format",
                "sku.name",
                "sku.capacity",
                "properties.raiPolicyName",
                "properties.versionUpgradeOption",
            ),
            replaced_by_engine=(_GROUP, "accountName", "deploymentName"),
            replaced_by_azure=("properties.model.name", "properties.model.format"),
        ),
        AzureType(
            "azure-native:cognitiveservices:RaiPolicy",
            "Microsoft.CognitiveServices/accounts/raiPolicies",
            "2025-06-01",
            name_inputs=("accountName", "raiPolicyName"),
            key_inputs=("raiPolicyName", "properties.basePolicyName", "properties.mode"),
            replaced_by_engine=(_GROUP, "accountName", "raiPolicyName"),
        ),
        AzureType(
            "azure-native:cognitiveservices:RaiBlocklist",
            "Microsoft.CognitiveServices/accounts/raiBlocklists",
            "2025-06-01",
            name_inputs=("accountName", "raiBlocklistName"),
            key_inputs=("raiBlocklistName", "properties.description"),
            replaced_by_engine=(_GROUP, "accountName", "raiBlocklistName"),
        ),
        AzureType(
            "azure-native:cognitiveservices:RaiBlocklistItem",
            "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems",
            "2025-06-01",
            name_inputs=("accountName", "raiBlocklistName", "raiBlocklistItemName"),
            key_inputs=("raiBlocklistItemName", "properties.pattern", "properties.isRegex"),
            replaced_by_engine=(_GROUP, "accountName", "raiBlocklistName", "raiBlocklistItemName"),
        ),
        AzureType(
            "azure-native:cognitiveservices:Project",
            "Microsoft.CognitiveServices/accounts/projects",
            "2025-06-01",
            name_inputs=("accountName", "projectName"),
            key_inputs=("projectName", "location", "identity.type", "properties.displayName"),
            # Project.location is create-only in 2025-06-01 (x-ms-mutability [read, create]).
            replaced_by_engine=(_GROUP, "accountName", "projectName", "location"),
        ),
        AzureType(
            "azure-native:cognitiveservices:AccountConnection",
            "Microsoft.CognitiveServices/accounts/connections",
            "2025-06-01",
            name_inputs=("accountName", "connectionName"),
            key_inputs=("connectionName", "properties.category", "properties.authType", "properties.target"),
            replaced_by_engine=(_GROUP, "accountName", "connectionName"),
        ),
        AzureType(
            "azure-native:cognitiveservices:ProjectConnection",
            "Microsoft.CognitiveServices/accounts/projects/connections",
            "2025-06-01",
            name_inputs=("accountName", "projectName", "connectionName"),
            key_inputs=("connectionName", "properties.category", "properties.authType", "properties.target"),
            replaced_by_engine=(_GROUP, "accountName", "projectName", "connectionName"),
        ),
        AzureType(
            "azure-native:network:PrivateEndpoint",
            "Microsoft.Network/privateEndpoints",
            "2024-05-01",
            name_inputs=("privateEndpointName",),
            key_inputs=("privateEndpointName", "location", "subnet.id"),
            replaced_by_engine=(_GROUP, "privateEndpointName", "subnet"),
            replaced_by_azure=("location",),
        ),
        AzureType(
            "azure-native:network:PrivateDnsZoneGroup",
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
            "2024-05-01",
            name_inputs=("privateEndpointName", "privateDnsZoneGroupName"),
            key_inputs=("privateDnsZoneGroupName",),
            replaced_by_engine=(_GROUP, "privateEndpointName", "privateDnsZoneGroupName"),
        ),
        AzureType(
            "azure-native:privatedns:PrivateZone",
            "Microsoft.Network/privateDnsZones",
            "2024-06-01",
            name_inputs=("privateZoneName",),
            key_inputs=("privateZoneName",),
            replaced_by_engine=(_GROUP, "privateZoneName"),
            replaced_by_azure=("location",),
        ),
        AzureType(
            "azure-native:privatedns:VirtualNetworkLink",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "2024-06-01",
            name_inputs=("privateZoneName", "virtualNetworkLinkName"),
            key_inputs=("virtualNetworkLinkName", "virtualNetwork.id", "registrationEnabled"),
            replaced_by_engine=(_GROUP, "privateZoneName", "virtualNetworkLinkName"),
            replaced_by_azure=("location", "virtualNetwork"),
        ),
        AzureType(
            "azure-native:authorization:RoleAssignment",
            "Microsoft.Authorization/roleAssignments",
            "2022-04-01",
            name_inputs=("roleAssignmentName",),
            scope_input="scope",
            key_inputs=("roleDefinitionId", "principalId", "principalType"),
            replaced_by_engine=("scope", "roleAssignmentName", "principalId"),
            replaced_by_azure=("roleDefinitionId",),
        ),
        AzureType(
            "azure-native:authorization:ManagementLockByScope",
            "Microsoft.Authorization/locks",
            "2020-05-01",
            name_inputs=("lockName",),
            scope_input="scope",
            key_inputs=("lockName", "level"),
            replaced_by_engine=("scope", "lockName"),
        ),
        AzureType(
            "azure-native:monitor:DiagnosticSetting",
            "Microsoft.Insights/diagnosticSettings",
            "2021-05-01-preview",
            name_inputs=("name",),
            scope_input="resourceUri",
            key_inputs=("name", "workspaceId"),
            replaced_by_engine=("resourceUri", "name"),
        ),
    )
}


def azure_type(token: str) -> AzureType | None:
    return AZURE_TYPES.get(token)


def _exceptions(known: AzureType, path: str) -> str:
    changes = [f"{b} -> {a}" for p, b, a in known.in_place if p == path]
    return f" (in place: {', '.join(changes)})" if changes else ""


def replacement_table() -> str:
    """The table of inputs (docs/changes.md) whose change replaces a resource (a test keeps it in sync)."""
    rows = [
        "| resource (azure-native) | ARM type @ api-version | azure-native replaces on "
        "| Azure refuses in place |",
        "|---|---|---|---|",
    ]
    for known in AZURE_TYPES.values():
        engine = ", ".join(f"`{p}`" for p in known.replaced_by_engine) or "-"
        azure = ", ".join(f"`{p}`{_exceptions(known, p)}" for p in known.replaced_by_azure) or "-"
        token = known.token.removeprefix("azure-native:")
        rows.append(f"| `{token}` | `{known.arm_type}@{known.api_version}` | {engine} | {azure} |")
    return "\n".join(rows) + "\n"
