"""A terminal tree of planned resources: parent/child nesting, key properties, order, protect."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from azure_openai_toolkit.account import DEFAULT_LOCK_NOTES
from azure_openai_toolkit.config.placeholders import SHOWN
from azure_openai_toolkit.roles import BUILTIN_ROLES

from .mocks import Registration
from .runner import ProgramRun
from .secret_view import secret_paths, shown

_ROLE_NAMES = {guid: name for name, guid in BUILTIN_ROLES.items()}


def _last(resource_id: Any) -> str:
    return str(resource_id).rstrip("/").rsplit("/", 1)[-1]


def _field(value: Any, key: str) -> Any:
    """value[key] of an object input; a secret object ([secret]) stays [secret]."""
    return value.get(key) if isinstance(value, dict) else value


def key_properties(resource: Registration) -> str:
    """The few inputs a reviewer looks at first, per resource type."""
    i = shown(resource.inputs)
    p = i.get("properties") if isinstance(i.get("properties"), dict) else {}
    kind = resource.type.rsplit(":", 1)[-1]
    if kind == "ResourceGroup":
        return f"{i.get('resourceGroupName')} in {i.get('location')}"
    if kind == "Account":
        if i.get("properties") == SHOWN:  # secret as a whole: which value in it is, is not known
            return f"{i.get('accountName')} in {i.get('location')}, kind {i.get('kind')}, properties {SHOWN}"
        acls = p.get("networkAcls") or {}
        network = f"public {p.get('publicNetworkAccess')}"
        if acls:
            ips, subnets = len(acls.get("ipRules") or []), len(acls.get("virtualNetworkRules") or [])
            network += f" ({acls.get('defaultAction')} except {ips} IP rule(s), {subnets} subnet(s))"
        auth = "keys enabled" if p.get("disableLocalAuth") is False else "Entra ID only"
        text = f"{i.get('accountName')} in {i.get('location')}, kind {i.get('kind')}, {network}, {auth}"
        if p.get("allowProjectManagement"):
            text += ", projects allowed"
        if "kind" in resource.ignore_changes:
            text += ", upgrade to AIServices kept"
        secrets = secret_paths(p)
        text += _key_source(p.get("encryption"))
        return text + (f", secret: {', '.join(secrets)}" if secrets else "")
    if kind == "Deployment":
        model, sku = p.get("model") or {}, i.get("sku") or {}
        capacity = int(sku.get("capacity") or 0)
        text = f"{i.get('deploymentName')}: {model.get('name')} {model.get('version')}"
        text += f", {sku.get('name')} x {capacity}"
        return text + (f", filter {p['raiPolicyName']}" if p.get("raiPolicyName") else "")
    if kind == "RaiPolicy":
        text = f"{i.get('raiPolicyName')} (base {p.get('basePolicyName')}, mode {p.get('mode')})"
        blocklists = sorted({str(b.get("blocklistName")) for b in p.get("customBlocklists") or []})
        return text + (f", blocklists {', '.join(blocklists)}" if blocklists else "")
    if kind == "RaiBlocklist":
        return str(i.get("raiBlocklistName"))
    if kind == "RaiBlocklistItem":
        what = "regex" if p.get("isRegex") else "term"
        return f"{i.get('raiBlocklistItemName')}: {what} {p.get('pattern')!r}"
    if kind == "Project":
        identity = _field(i.get("identity") or {}, "type") or "no identity"
        return f"{i.get('projectName')} ({p.get('displayName')}), identity {identity}"
    if kind in ("AccountConnection", "ProjectConnection"):
        return f"{i.get('connectionName')}: {p.get('category')} {p.get('target')} ({p.get('authType')})"
    if kind == "PrivateEndpoint":
        subnet = _last(_field(i.get("subnet") or {}, "id"))
        text = f"{i.get('privateEndpointName')} in {i.get('location')}, subnet {subnet}"
        return text + _endpoint_options(i)
    if kind == "PrivateDnsZoneGroup":
        configs = i.get("privateDnsZoneConfigs") or []
        if not isinstance(configs, list):
            return f"zones {configs}"
        return f"zones {', '.join(_last(_field(z, 'privateDnsZoneId')) for z in configs)}"
    if kind == "PrivateZone":
        return str(i.get("privateZoneName"))
    if kind == "VirtualNetworkLink":
        return f"link to {_last(_field(i.get('virtualNetwork') or {}, 'id'))}"
    if kind == "RoleAssignment":
        role = _last(i.get("roleDefinitionId"))
        condition = ", with an ABAC condition" if i.get("condition") else ""
        return f"{_ROLE_NAMES.get(role, role)} for {i.get('principalType')} {i.get('principalId')}{condition}"
    if kind == "ManagementLockByScope":
        own = i.get("notes") and i["notes"] != DEFAULT_LOCK_NOTES.format(_last(i.get("scope")))
        notes = f" (notes: {i['notes']})" if own else ""
        return f"{i.get('level')} lock {i.get('lockName')}{notes}"
    if kind == "DiagnosticSetting":
        keys = ("workspaceId", "storageAccountId", "eventHubAuthorizationRuleId")
        where = ", ".join(_last(i[k]) for k in keys if i.get(k)) or "nowhere"
        return f"{i.get('name')} -> {where}{_diagnostic_scope(i)}"
    return ""


# The AVM inputs a reviewer checks (docs/plan.md): they change what gets built or who must act.


def _endpoint_options(i: dict[str, Any]) -> str:
    parts = []
    connections = [
        *(i.get("privateLinkServiceConnections") or []),
        *(i.get("manualPrivateLinkServiceConnections") or []),
    ]
    account = str(_field(connections[0], "privateLinkServiceId") or "") if connections else ""
    group = str(i.get("resourceGroupName") or "")
    if group and f"/resourcegroups/{group.lower()}/" not in account.lower():
        parts.append(f"group {group}")  # not the account's resource group
    if i.get("manualPrivateLinkServiceConnections"):
        parts.append("manual approval")  # the network's owner must approve before traffic flows
    ips = [c.get("privateIPAddress") for c in i.get("ipConfigurations") or [] if isinstance(c, dict)]
    if ips:
        parts.append(f"static IP {', '.join(str(ip) for ip in ips)}")
    if i.get("customNetworkInterfaceName"):
        parts.append(f"NIC {i['customNetworkInterfaceName']}")
    if i.get("applicationSecurityGroups"):
        parts.append(f"{len(i['applicationSecurityGroups'])} application security group(s)")
    return "".join(f", {part}" for part in parts)


def _diagnostic_scope(i: dict[str, Any]) -> str:
    logs = [entry for entry in i.get("logs") or [] if isinstance(entry, dict)]
    names = [str(entry.get("category") or entry.get("categoryGroup")) for entry in logs]
    metrics = "metrics" if i.get("metrics") else "no metrics"
    if names == ["allLogs"] and i.get("metrics"):
        return ""  # the default: every log and every metric
    return f" (logs {', '.join(names) if names else 'none'}; {metrics})"


def _key_source(encryption: Any) -> str:
    if not isinstance(encryption, dict) or encryption.get("keySource") != "Microsoft.KeyVault":
        return ""
    vault = _field(encryption.get("keyVaultProperties") or {}, "keyVaultUri")
    name = _field(encryption.get("keyVaultProperties") or {}, "keyName")
    host = str(vault or "").removeprefix("https://").rstrip("/")
    hsm = " (Managed HSM)" if ".managedhsm." in host else ""
    return f", key {name} in {host}{hsm}"


def explicit_dependencies(resource: Registration) -> list[str]:
    """Dependencies from depends_on: all dependencies minus those implied by input values."""
    implied = {urn for urns in resource.property_dependencies.values() for urn in urns}
    return [urn for urn in resource.dependencies if urn not in implied]


def render_tree(run: ProgramRun) -> Tree:
    names = {r.urn: r.name for r in run.registrations}
    children: dict[str, list[Registration]] = {}
    for resource in run.registrations:
        children.setdefault(resource.parent, []).append(resource)
    roots = [r for r in run.registrations if r.parent not in names]
    tree = Tree(
        Text(f"stack {run.stack}: {sum(r.custom for r in run.registrations)} Azure resources", style="bold")
    )

    def add(node: Tree, resource: Registration) -> None:
        label = Text(overflow="fold")
        label.append(resource.name, style="bold" if not resource.custom else "")
        label.append(f"  {resource.type}", style="dim")
        if resource.protect:
            label.append("  [protected]", style="yellow")
        details = key_properties(resource) if resource.custom else ""
        if details:
            label.append(f"\n{details}", style="cyan")
        after = [names.get(urn, urn) for urn in explicit_dependencies(resource)]
        if after:
            label.append(f"\nafter: {', '.join(after)}", style="magenta")
        branch = node.add(label)
        for child in sorted(children.get(resource.urn, []), key=lambda r: r.name):
            add(branch, child)

    for root in sorted(roots, key=lambda r: r.name):
        add(tree, root)
    return tree
