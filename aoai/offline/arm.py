"""The planned Azure resources as an ARM deployment template, for scanners and review.

Checkov, PSRule for Azure and Microsoft's template analyzer read ARM templates, not Pulumi
programs; this turns the offline plan into one. It is not meant to be deployed (Pulumi deploys):

- the template targets the stack's resource group (schema 2019-04-01, resource-group scope), so
  the group itself is described in `metadata.resourceGroup`, not created;
- each resource gets the ARM type and the api-version pulumi-azure-native sends for it, the ARM
  name (children as `account/deployment`), and the body azure-native would send: network inputs,
  which azure-native flattens, go back under `properties`; user-assigned identities, a list in
  azure-native, become ARM's map `{id: {}}`;
- names are exactly the names the program gives the resources, role assignments included (a
  GUID under the stack's roleAssignmentNaming, or the assignment's own name); names built from
  the subscription id are right for the subscription the plan was made for (export-arm
  --subscription; a placeholder otherwise, which the template's metadata says);
- ids of resources in this template become `resourceId(...)`/`extensionResourceId(...)` and role
  definitions `subscriptionResourceId(...)`, which ARM evaluates to the ids the program uses;
- `dependsOn` lists, for each resource, the resources of the template it waits for in the plan
  (explicit ordering and dependencies implied by input values alike);
- secret values are template parameters (arm_parameters.py), never values in the template.
"""

from __future__ import annotations

import copy
from typing import Any

from azure_openai_toolkit.roles import role_guid_of_definition_id

from ..exit_codes import AoaiError, ExitCode
from .arm_parameters import SecretParameters, markers_left
from .document import Document, Resource, azure_resources, value_at
from .mocks import SUBSCRIPTION_ID
from .resource_types import AzureType, azure_type

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
RESOURCE_GROUP = "azure-native:resources:ResourceGroup"
ACCOUNT = "azure-native:cognitiveservices:Account"
# The api-version of the nested deployments that hold resources of other resource groups.
NESTED_API_VERSION = "2022-09-01"
# Top-level ARM fields; every other input of a flattened (network) resource goes under properties.
_TOP_LEVEL = ("location", "kind", "sku", "identity", "tags", "properties")
# azure-native flattens `properties` for these types (x-ms-client-flatten in their specs).
_FLATTENED = {
    "azure-native:network:PrivateEndpoint",
    "azure-native:network:PrivateDnsZoneGroup",
    "azure-native:privatedns:VirtualNetworkLink",
    "azure-native:authorization:RoleAssignment",
    "azure-native:authorization:ManagementLockByScope",
    "azure-native:monitor:DiagnosticSetting",
}
# List items that are ARM sub-resources: their `name` stays, the rest goes under `properties`.
_SUB_RESOURCE_LISTS = (
    "privateLinkServiceConnections",
    "manualPrivateLinkServiceConnections",
    "privateDnsZoneConfigs",
    "ipConfigurations",
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _strip(expression: str) -> str:
    return expression[1:-1]


class _References:
    """ARM expressions for the resources of the template, keyed by their (mocked) ARM ids.

    `group` is the resource group the expressions are evaluated in: the template's, or another
    group's nested deployment (its inner scope), where ids of the template's own group name it.
    """

    def __init__(self, resources: list[Resource], stack_group: str) -> None:
        self.by_id: dict[str, Resource] = {r["id"]: r for r in resources}
        self.by_urn: dict[str, Resource] = {r["urn"]: r for r in resources}
        self.stack_group = stack_group
        self.group = stack_group

    def group_of(self, resource: Resource) -> str:
        """The resource group a resource is in (an extension resource: its scope's)."""
        known = _known(resource)
        if known.scope_input:
            scope = self.by_id.get(resource["inputs"][known.scope_input])
            return self.group_of(scope) if scope else self.stack_group
        return str(resource["inputs"].get("resourceGroupName") or self.stack_group)

    def in_group(self, group: str) -> _References:
        inner = copy.copy(self)
        inner.group = group
        return inner

    def name_arguments(self, resource: Resource) -> list[str]:
        """The name segments as quoted ARM expression arguments."""
        return [_quote(s) for s in _name_segments(resource, _known(resource))]

    def name(self, resource: Resource) -> str:
        """ARM's `name`, the program's own: `account/deployment` for children."""
        return "/".join(_name_segments(resource, _known(resource)))

    def resource_id(self, resource: Resource) -> str:
        known = _known(resource)
        own = ", ".join([_quote(known.arm_type), *self.name_arguments(resource)])
        if known.scope_input:
            scope = self.scope_expression(resource["inputs"][known.scope_input])
            return f"[extensionResourceId({scope}, {own})]"
        group = self.group_of(resource)
        if group.lower() != self.group.lower():
            return f"[resourceId({_quote(group)}, {own})]"
        return f"[resourceId({own})]"

    def scope_expression(self, scope_id: str) -> str:
        target = self.by_id.get(scope_id)
        return _strip(self.resource_id(target)) if target else _quote(scope_id)

    def relative_scope(self, scope_id: str) -> str:
        """ARM's `scope` of an extension resource: `Microsoft.X/type/name` for a template resource."""
        target = self.by_id.get(scope_id)
        if target is None:
            return scope_id
        known = _known(target)
        namespace, *types = known.arm_type.split("/")
        names = _name_segments(target, known)
        return "/".join([namespace, *(f"{t}/{n}" for t, n in zip(types, names, strict=True))])

    def substitute(self, value: Any) -> Any:
        """Replace ids of template resources and role definitions with ARM expressions."""
        if isinstance(value, dict):
            return {k: self.substitute(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.substitute(v) for v in value]
        if isinstance(value, str):
            if value in self.by_id:
                return self.resource_id(self.by_id[value])
            # Recognised by the id's documented shape, whatever subscription the plan was made in.
            role = role_guid_of_definition_id(value)
            if role is not None:
                return f"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {_quote(role)})]"
        return value


def _known(resource: Resource) -> AzureType:
    known = azure_type(resource["type"])
    if known is None:
        raise ValueError(f"no ARM mapping for {resource['type']}; add it to resource_types.py")
    return known


def _name_segments(resource: Resource, known: AzureType) -> list[str]:
    return [str(value_at(resource["inputs"], name)) for name in known.name_inputs]


def _sub_resource(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    rest = {k: v for k, v in item.items() if k != "name"}
    return {**({"name": item["name"]} if "name" in item else {}), "properties": rest}


def _body(resource: Resource, known: AzureType) -> dict[str, Any]:
    """The ARM body azure-native sends: path parameters out, flattened properties nested again."""
    skip = {*known.name_inputs, "resourceGroupName"}
    if known.scope_input:
        skip.add(known.scope_input)
    inputs = {k: v for k, v in resource["inputs"].items() if k not in skip}
    if resource["type"] in _FLATTENED:
        properties = {k: v for k, v in inputs.items() if k not in _TOP_LEVEL}
        for key in _SUB_RESOURCE_LISTS:
            if isinstance(properties.get(key), list):
                properties[key] = [_sub_resource(item) for item in properties[key]]
        if isinstance(properties.get("subnet"), dict):
            # A reference to an existing subnet: ARM reads only its id.
            properties["subnet"] = {"id": properties["subnet"]["id"]}
        body = {k: v for k, v in inputs.items() if k in _TOP_LEVEL}
        if properties:
            body["properties"] = properties
    else:
        body = dict(inputs)
    identity = body.get("identity")
    if isinstance(identity, dict) and isinstance(identity.get("userAssignedIdentities"), list):
        body["identity"] = {
            **identity,
            "userAssignedIdentities": {uai: {} for uai in identity["userAssignedIdentities"]},
        }
    return body


def arm_body(resource: Resource) -> dict[str, Any]:
    """The ARM body azure-native sends for a plan resource, ids as the plan has them."""
    return _body(resource, _known(resource))


def _sorted(value: Any) -> Any:
    """Keys in a fixed order at every level, so two exports of one plan are byte-identical."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _arm_resource(
    resource: Resource, refs: _References, order: dict[str, int], secrets: SecretParameters
) -> dict[str, Any]:
    """One template resource; `refs` evaluates in the group it is deployed to."""
    known = _known(resource)
    arm: dict[str, Any] = {"type": known.arm_type, "apiVersion": known.api_version}
    arm["name"] = refs.name(resource)
    if known.scope_input:
        arm["scope"] = refs.relative_scope(resource["inputs"][known.scope_input])
    body = refs.substitute(_body(resource, known))
    unexpected = set(body) - set(_TOP_LEVEL)
    if unexpected:
        raise ValueError(f"{resource['type']} inputs {sorted(unexpected)} have no place in the ARM body")
    arm.update((key, _sorted(body[key])) for key in _TOP_LEVEL if key in body)
    waits_for = sorted(
        {*resource["dependsOn"], *resource["impliedDependencies"]} & set(refs.by_urn),
        key=lambda urn: order[urn],
    )
    depends_on = []
    for urn in waits_for:
        target = refs.by_urn[urn]
        target_group = refs.group_of(target)
        if target_group.lower() == refs.group.lower():
            depends_on.append(refs.resource_id(target))
        elif refs.group.lower() == refs.stack_group.lower():
            depends_on.append(_deployment_id(target_group))  # the nested deployment holding it
        # Inside a nested deployment, resources of the template's group are waited for by the
        # deployment itself (its own dependsOn).
    if depends_on:
        arm["dependsOn"] = list(dict.fromkeys(depends_on))
    return secrets.replace(arm, resource)


def _deployment_name(group: str) -> str:
    return f"aoai-{group}"[:64]


def _deployment_id(group: str) -> str:
    name = _quote(_deployment_name(group))
    return f"[resourceId({_quote(group)}, 'Microsoft.Resources/deployments', {name})]"


def _nested_deployment(
    group: str,
    resources: list[Resource],
    refs: _References,
    order: dict[str, int],
    secrets: SecretParameters,
) -> dict[str, Any]:
    """Resources of another resource group, as ARM deploys them: a nested deployment to it."""
    inner = refs.in_group(group)
    outer_needs = sorted(
        {
            urn
            for r in resources
            for urn in {*r["dependsOn"], *r["impliedDependencies"]} & set(refs.by_urn)
            if refs.group_of(refs.by_urn[urn]).lower() != group.lower()
        },
        key=lambda urn: order[urn],
    )
    template: dict[str, Any] = {"$schema": SCHEMA, "contentVersion": "1.0.0.0"}
    template["resources"] = [_arm_resource(r, inner, order, secrets) for r in resources]
    properties: dict[str, Any] = {
        "mode": "Incremental",
        "expressionEvaluationOptions": {"scope": "inner"},
        "template": template,
    }
    used = secrets.used_in(template["resources"])
    if used:
        # The inner scope sees only its own parameters: declared there, passed from outside
        # (the way secure values reach a nested deployment).
        template["parameters"] = used
        properties["parameters"] = {name: {"value": f"[parameters('{name}')]"} for name in used}
    deployment: dict[str, Any] = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": NESTED_API_VERSION,
        "name": _deployment_name(group),
        "resourceGroup": group,
        "properties": properties,
    }
    if outer_needs:
        deployment["dependsOn"] = [refs.resource_id(refs.by_urn[urn]) for urn in outer_needs]
    return deployment


def deployment_order(resources: list[Resource]) -> list[Resource]:
    """Dependencies before dependents (the order `pulumi up` can create them in); ties by URN."""
    by_urn = {r["urn"]: r for r in resources}
    placed: set[str] = set()
    ordered: list[Resource] = []

    def place(resource: Resource, visiting: frozenset[str]) -> None:
        if resource["urn"] in placed:
            return
        for urn in sorted({*resource["dependsOn"], *resource["impliedDependencies"]}):
            if urn in by_urn and urn not in visiting:
                place(by_urn[urn], visiting | {resource["urn"]})
        placed.add(resource["urn"])
        ordered.append(resource)

    for resource in sorted(resources, key=lambda r: r["urn"]):
        place(resource, frozenset())
    return ordered


def _resource_group(document: Document) -> dict[str, Any]:
    group = next((r for r in azure_resources(document) if r["type"] == RESOURCE_GROUP), None)
    if group is not None:
        inputs = group["inputs"]
        return {
            "name": inputs.get("resourceGroupName"),
            "location": inputs.get("location"),
            "tags": inputs.get("tags", {}),
            "createdByTheStack": True,
            "protect": group["protect"],
        }
    # The stack's group is the accounts' (endpoints may be in other groups).
    accounts = {
        r["inputs"].get("resourceGroupName") for r in azure_resources(document) if r["type"] == ACCOUNT
    } - {None}
    names = accounts or {r["inputs"].get("resourceGroupName") for r in azure_resources(document)} - {None}
    return {"name": sorted(names)[0] if names else None, "createdByTheStack": False}


def arm_template(document: Document, subscription_id: str = SUBSCRIPTION_ID) -> dict[str, Any]:
    """The template of a plan made for `subscription_id` (the plan's ids and names are for it)."""
    resources = [r for r in azure_resources(document) if r["type"] != RESOURCE_GROUP]
    ordered = deployment_order(resources)
    order = {r["urn"]: i for i, r in enumerate(ordered)}
    stack_group = str(_resource_group(document)["name"])
    refs = _References(resources, stack_group)
    elsewhere: dict[str, list[Resource]] = {}
    for resource in ordered:
        group = refs.group_of(resource)
        if group.lower() != stack_group.lower():
            elsewhere.setdefault(group, []).append(resource)
    in_stack_group = [r for r in ordered if refs.group_of(r).lower() == stack_group.lower()]
    secrets = SecretParameters()
    arm_resources = [
        *(_arm_resource(r, refs, order, secrets) for r in in_stack_group),
        *(_nested_deployment(g, rs, refs, order, secrets) for g, rs in sorted(elsewhere.items())),
    ]
    template: dict[str, Any] = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": {
            "generator": "aoai export-arm",
            "project": document["project"],
            "stack": document["stack"],
            "purpose": "Security scanning and review of what the Pulumi stack deploys. Not for "
            "deployment: Pulumi deploys this stack.",
            "resourceGroup": _sorted(_resource_group(document)),
            "expressions": "Ids of resources in this template are resourceId()/extensionResourceId() "
            "expressions; role definitions are subscriptionResourceId(). Names are the ones the "
            "program gives, role assignment GUIDs included. Resources of another resource group (a "
            "private endpoint in the network's group) are in a nested deployment to that group.",
            "subscription": subscription_id,
            "names": "Role assignment names built from ids are the ones the program creates in this "
            "subscription"
            + (
                " (a placeholder: pass --subscription for the real names)."
                if subscription_id == SUBSCRIPTION_ID
                else "."
            ),
            "protected": sorted("/".join(_name_segments(r, _known(r))) for r in resources if r["protect"]),
        },
    }
    if secrets.declared:
        template["metadata"]["secrets"] = (
            "Secret values of the stack are parameters (securestring, secureObject; a name derived "
            "from a secret: string), supplied at deployment: the template holds none of them."
        )
        template["parameters"] = {name: secrets.declared[name] for name in sorted(secrets.declared)}
    template["resources"] = arm_resources
    left = markers_left(template)
    if left:  # a secret outside any resource body (a protected resource's name): never written
        raise AoaiError(
            f"the template would hold a secret at {', '.join(left)}; an ARM template cannot express "
            "it: give a plain value for it in the stack file to export this stack",
            ExitCode.INVALID,
        )
    return template
