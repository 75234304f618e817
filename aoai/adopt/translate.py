"""Live accounts as the stack contract: the stack file that reproduces what exists.

The translation keeps every value the contract can say, writes a key only where the contract's
default would not reproduce Azure's value, and records a Note (a comment in the stack file and a
line of the report) for everything the contract has no key for yet or that is left unmanaged.
Pure functions over the bodies read (read.py); what the result would change is checked by
planning it (adopt.py with compare.py), not assumed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from azure_openai_toolkit.config.foundry_rules import AI_SERVICES, OPENAI
from azure_openai_toolkit.config.models import DEFAULT_CONDITION_VERSION, virtual_network_of
from azure_openai_toolkit.config.rules import (
    BUILTIN_CONTENT_FILTERS,
    default_public_network_access,
    private_endpoint_name,
)
from azure_openai_toolkit.config.types import parse_resource_id
from azure_openai_toolkit.roles import BUILTIN_ROLES, NAMINGS, named_role_assignment

from .read import Body, LiveAccount, LiveEndpoint

KeyPath = tuple[str, ...]
# The kinds of account adopt reproduces (the contract's).
KINDS = (OPENAI, AI_SERVICES)
_KEY = re.compile(r"[^A-Za-z0-9_-]+")
TOOLKIT_TAGS = ("managed-by", "environment")
# Account properties the contract sets (or leaves to Azure's default through leaveUnset); other
# writable properties found on an account are reported as having no key yet.
_ACCOUNT_KEYS = {
    "allowProjectManagement",
    "customSubDomainName",
    "publicNetworkAccess",
    "disableLocalAuth",
    "restrictOutboundNetworkAccess",
    "allowedFqdnList",
    "networkAcls",
    "encryption",
}
_SEVERITY = {"Hate": "hate", "Sexual": "sexual", "Selfharm": "selfharm", "Violence": "violence"}
_BINARY = {
    "Jailbreak": ("jailbreak", "Prompt"),
    "Indirect Attack": ("indirectAttack", "Prompt"),
    "Protected Material Text": ("protectedMaterialText", "Completion"),
    "Protected Material Code": ("protectedMaterialCode", "Completion"),
    "Profanity": ("profanity", "Prompt"),
}
_DEPLOYMENT_SKUS = {
    "Standard",
    "GlobalStandard",
    "DataZoneStandard",
    "ProvisionedManaged",
    "GlobalProvisionedManaged",
    "DataZoneProvisionedManaged",
    "GlobalBatch",
    "DataZoneBatch",
}


@dataclass(frozen=True)
class Note:
    """Something the stack file cannot say, or leaves unmanaged: a comment at `path` and a report line."""

    path: KeyPath
    text: str


@dataclass
class Translation:
    config: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    # account id (lower case) -> its key under accounts
    keys: dict[str, str] = field(default_factory=dict)

    def note(self, path: Iterable[str], text: str) -> None:
        self.notes.append(Note(tuple(path), text))


def props(body: Mapping[str, Any]) -> dict[str, Any]:
    value = body.get("properties")
    return value if isinstance(value, dict) else {}


def map_key(name: str, taken: Iterable[str]) -> str:
    """A stable, valid map key from an Azure name (letters, digits, '-', '_', at most 40)."""
    base = _KEY.sub("-", name).strip("-_")[:40] or "item"
    if not base[0].isalnum():
        base = "x" + base[:39]
    key, number, used = base, 2, set(taken)
    while key in used:
        suffix = f"-{number}"
        key, number = base[: 40 - len(suffix)] + suffix, number + 1
    return key


def translate(accounts: Sequence[LiveAccount], *, name_prefix: str, environment: str) -> Translation:
    """The stack config (azure-openai: keys, camelCase) that reproduces `accounts`."""
    group = parse_resource_id(accounts[0].id).resource_group
    tagged = all(_has_toolkit_tags(a.account, environment) for a in accounts)
    config: dict[str, Any] = {
        "namePrefix": name_prefix,
        "environment": environment,
        "resourceGroup": {"name": group, "existing": True},
        "toolkitTags": tagged,
        "accounts": {},
    }
    result = Translation(config)
    if not tagged:
        result.note(
            ("toolkitTags",),
            "false: the adopted resources lack the toolkit's managed-by and environment tags; "
            "set true to add them (a tag-only update on the next pulumi up)",
        )
    naming = _naming(accounts)
    if naming != "toolkit":
        config["roleAssignmentNaming"] = naming
        result.note(
            ("roleAssignmentNaming",),
            f"{naming}: the names every adopted role assignment already has; new assignments get "
            "names of the same form",
        )
    regions: dict[str, str] = {}
    for live in accounts:
        key = map_key(live.name, config["accounts"])
        result.keys[live.id.lower()] = key
        config["accounts"][key] = _account(live, key, naming, tagged, regions, result)
    if regions:
        config["networkRegions"] = regions
    return result


def _has_toolkit_tags(body: Mapping[str, Any], environment: str) -> bool:
    tags = body.get("tags") or {}
    return tags.get("managed-by") == "azure-openai" and tags.get("environment") == environment


def _naming(accounts: Sequence[LiveAccount]) -> str:
    """The naming that reproduces every adopted assignment's name, else the toolkit's."""
    assignments = [(live.id, r) for live in accounts for r in live.role_assignments]
    for naming in NAMINGS:
        if assignments and all(_named(naming, scope, r) == r.get("name") for scope, r in assignments):
            return naming
    return "toolkit"


def _named(naming: str, scope: str, assignment: Body) -> str:
    p = props(assignment)
    role = str(p.get("roleDefinitionId", "")).rsplit("/", 1)[-1]
    return named_role_assignment(naming, scope, str(p.get("principalId", "")), role)


def _account(
    live: LiveAccount, key: str, naming: str, tagged: bool, regions: dict[str, str], result: Translation
) -> dict[str, Any]:
    body, p = live.account, props(live.account)
    where = ("accounts", key)
    account: dict[str, Any] = {"name": live.name, "location": body.get("location")}
    if body.get("kind") == AI_SERVICES:
        _foundry(p, account, where, result)
    subdomain = p.get("customSubDomainName")
    account["customSubdomain"] = subdomain or None
    _security(p, account, where, result)
    identity = _identities(body.get("identity") or {})
    if identity is not None:
        account["managedIdentities"] = identity
    key_settings = _customer_managed_key(p.get("encryption"), body.get("identity") or {}, where, result)
    if key_settings:
        account["customerManagedKey"] = key_settings
    tags = {k: v for k, v in (body.get("tags") or {}).items() if not (tagged and k in TOOLKIT_TAGS)}
    if tags:
        account["tags"] = tags
    for name in sorted(set(p) - _ACCOUNT_KEYS):
        if name not in _ACCOUNT_IGNORED:
            result.note((*where,), f"the account's {name} ({p[name]!r}) has no key yet and is left as it is")
    endpoints = _endpoints(live, key, tags, regions, result)
    if endpoints:
        account["privateEndpoints"] = endpoints
    roles = _roles(live, key, naming, result)
    if roles:
        account["roleAssignments"] = roles
    diagnostics = _diagnostics(live, key, result)
    if diagnostics:
        account["diagnosticSettings"] = diagnostics
    lock = _lock(live, key, result)
    if lock:
        account["lock"] = lock
    filters, existing = _filters(live, key, result)
    if filters:
        account["contentFilters"] = filters
    if existing:
        account["existingContentFilters"] = existing
    deployments = _deployments(live, key, set(filters) | set(existing), result)
    if deployments:
        account["deployments"] = deployments
    for text in live.unread:
        result.note(where, f"not read: {text}")
    return account


# Read-only properties and Azure's own defaults are compare.py's business, not unmanaged settings.
_ACCOUNT_IGNORED = {
    "provisioningState",
    "endpoint",
    "endpoints",
    "internalId",
    "capabilities",
    "isMigrated",
    "skuChangeInfo",
    "privateEndpointConnections",
    "dateCreated",
    "callRateLimit",
    "quotaLimit",
    "deletionDate",
    "scheduledPurgeDate",
    "commitmentPlanAssociations",
    "abusePenalty",
    "dynamicThrottlingEnabled",
    "restore",
    # Foundry properties the service maintains (components/upgrade.py ignores them).
    "associatedProjects",
    "defaultProject",
}


def _foundry(p: Mapping[str, Any], account: dict[str, Any], where: KeyPath, result: Translation) -> None:
    """A Foundry resource (kind AIServices): its kind and project management; its projects,
    connections and blocklists are not read, so they stay as they are, unmanaged."""
    account["kind"] = AI_SERVICES
    allowed = p.get("allowProjectManagement")
    if allowed is None:
        account["leaveUnset"] = ["allowProjectManagement"]  # _security adds the others
    elif allowed is False:  # the contract's default for AIServices is true
        account["allowProjectManagement"] = False
    result.note(
        (*where, "kind"),
        "AIServices (a Foundry resource): adopt reads its deployments, content filters, endpoints, "
        "roles, diagnostics and lock; its projects, connections, blocklists and network injections "
        "are not read and stay unmanaged",
    )


def _security(p: Mapping[str, Any], account: dict[str, Any], where: KeyPath, result: Translation) -> None:
    unset: list[str] = []
    local = p.get("disableLocalAuth")
    if local is None:
        unset.append("localAuth")
    elif local is False:
        account["localAuth"] = True
    acls = p.get("networkAcls")
    if acls:
        account["networkAcls"] = {
            "defaultAction": acls.get("defaultAction", "Deny"),
            "bypass": acls.get("bypass", "AzureServices"),
            "ipRules": [rule.get("value") for rule in acls.get("ipRules") or []],
            "virtualNetworkRules": [
                {
                    "subnetId": rule.get("id"),
                    "ignoreMissingServiceEndpoint": bool(rule.get("ignoreMissingVnetServiceEndpoint")),
                }
                for rule in acls.get("virtualNetworkRules") or []
            ],
        }
    public = p.get("publicNetworkAccess")
    if public is None:
        unset.append("publicNetworkAccess")
    elif public != default_public_network_access(None, bool(acls)):
        account["publicNetworkAccess"] = public
    restricted = p.get("restrictOutboundNetworkAccess")
    if restricted is None:
        unset.append("restrictOutboundNetworkAccess")
    elif restricted:
        account["restrictOutboundNetworkAccess"] = True
    if p.get("allowedFqdnList"):
        account["allowedFqdns"] = list(p["allowedFqdnList"])
    unset = [*account.pop("leaveUnset", []), *unset]
    if unset:
        account["leaveUnset"] = unset
        result.note(
            (*where, "leaveUnset"),
            f"{', '.join(unset)}: unset on the account (as the Azure CLI and older portal "
            "flows leave them); Azure's defaults apply, and adopting sends nothing for them",
        )
    if account.get("localAuth"):
        result.note(
            (*where, "localAuth"),
            "true: the account accepts API keys; consider Entra ID only (remove this key) once "
            "every client uses tokens",
        )


def _identities(identity: Mapping[str, Any]) -> dict[str, Any] | None:
    kind = str(identity.get("type") or "None")
    system = "SystemAssigned" in kind
    users = (
        sorted(identity.get("userAssignedIdentities") or {}, key=str.lower) if "UserAssigned" in kind else []
    )
    if system and not users:
        return None  # the contract's default
    result: dict[str, Any] = {"systemAssigned": system}
    if users:
        result["userAssignedResourceIds"] = users
    return result


def _customer_managed_key(
    encryption: Any, identity: Mapping[str, Any], where: KeyPath, result: Translation
) -> dict[str, Any] | None:
    if not encryption or encryption.get("keySource") != "Microsoft.KeyVault":
        return None
    vault = encryption.get("keyVaultProperties") or {}
    key: dict[str, Any] = {"keyVaultUri": vault.get("keyVaultUri"), "keyName": vault.get("keyName")}
    if vault.get("keyVersion"):
        key["keyVersion"] = vault["keyVersion"]
    client = vault.get("identityClientId")
    if client:
        users = identity.get("userAssignedIdentities") or {}
        owner = next((uid for uid, facts in users.items() if (facts or {}).get("clientId") == client), None)
        if owner is None:
            result.note(
                (*where, "customerManagedKey"),
                f"the key is read by the identity with client id {client}, which is not attached to "
                "the account: set userAssignedIdentityResourceId yourself",
            )
        key["userAssignedIdentityResourceId"] = owner
        key["identityClientId"] = client
    return key


def _endpoints(
    live: LiveAccount, key: str, account_tags: Mapping[str, str], regions: dict[str, str], result: Translation
) -> dict[str, Any]:
    endpoints: dict[str, Any] = {}
    group = parse_resource_id(live.id).resource_group
    for endpoint in live.private_endpoints:
        name = str(endpoint.body.get("name"))
        # Ours are pe-<account>-<key>; the AVM modules' pep-<account>-<service>-<index>.
        short = next(
            (name[len(p) :] for p in (f"pe-{live.name}-", f"pep-{live.name}-") if name.startswith(p)), name
        )
        ek = map_key(short, endpoints)
        where = ("accounts", key, "privateEndpoints", ek)
        settings = _endpoint(endpoint, live, ek, group, account_tags, regions, where, result)
        if settings is not None:
            endpoints[ek] = settings
    return endpoints


def _endpoint(
    endpoint: LiveEndpoint,
    live: LiveAccount,
    key: str,
    group: str,
    account_tags: Mapping[str, str],
    regions: dict[str, str],
    where: KeyPath,
    result: Translation,
) -> dict[str, Any] | None:
    body, p = endpoint.body, props(endpoint.body)
    name = str(body.get("name"))
    parsed = parse_resource_id(str(body.get("id")))
    if parsed.subscription_id != parse_resource_id(live.id).subscription_id:
        result.note(where[:-1], f"endpoint {name} is in another subscription and stays unmanaged")
        return None
    zones = [c for g in endpoint.zone_groups for c in props(g).get("privateDnsZoneConfigs") or []]
    if not zones:
        result.note(
            where[:-1],
            f"endpoint {name} is registered in no private DNS zone, which the contract requires; it "
            "stays unmanaged (add a DNS zone group, then adopt again)",
        )
        return None
    manual = bool(p.get("manualPrivateLinkServiceConnections"))
    connection = (
        p.get("manualPrivateLinkServiceConnections") or p.get("privateLinkServiceConnections") or [{}]
    )[0]
    settings: dict[str, Any] = {"subnetId": (p.get("subnet") or {}).get("id")}
    if name != private_endpoint_name(live.name, key):
        settings["name"] = name
    if connection.get("name") and connection.get("name") != name:
        settings["privateLinkServiceConnectionName"] = connection["name"]
    if manual:
        settings["isManualConnection"] = True
        message = props(connection).get("requestMessage")
        if message:
            settings["manualConnectionRequestMessage"] = message
    location = str(body.get("location"))
    if location != live.account.get("location"):
        regions[virtual_network_of(settings["subnetId"])] = location
    settings["privateDnsZoneIds"] = [props(zone).get("privateDnsZoneId") for zone in zones]
    group_name = next((g.get("name") for g in endpoint.zone_groups), "default")
    if group_name != "default":
        settings["privateDnsZoneGroupName"] = group_name
    names = {
        props(zone)["privateDnsZoneId"]: zone.get("name")
        for zone in zones
        if zone.get("name") != parse_resource_id(props(zone)["privateDnsZoneId"]).name.replace(".", "-")
    }
    if names:
        settings["privateDnsZoneConfigNames"] = names
    if p.get("customNetworkInterfaceName"):
        settings["customNetworkInterfaceName"] = p["customNetworkInterfaceName"]
    addresses = [
        {
            "name": ip.get("name"),
            "privateIpAddress": props(ip).get("privateIPAddress"),
            **(
                {"memberName": props(ip)["memberName"]}
                if props(ip).get("memberName") not in (None, "default")
                else {}
            ),
        }
        for ip in p.get("ipConfigurations") or []
    ]
    if addresses:
        settings["ipConfigurations"] = addresses
    groups = [g.get("id") for g in p.get("applicationSecurityGroups") or []]
    if groups:
        settings["applicationSecurityGroupIds"] = groups
    if parsed.resource_group.lower() != group.lower():
        settings["resourceGroupName"] = parsed.resource_group
    tags = body.get("tags") or {}
    if tags != dict(account_tags):
        settings["tags"] = tags
    return settings


def _roles(live: LiveAccount, key: str, naming: str, result: Translation) -> dict[str, Any]:
    roles: dict[str, Any] = {}
    by_guid = {guid: name for name, guid in BUILTIN_ROLES.items()}
    for assignment in sorted(live.role_assignments, key=lambda r: str(r.get("name"))):
        p = props(assignment)
        guid = str(p.get("roleDefinitionId", "")).rsplit("/", 1)[-1].lower()
        role = by_guid.get(guid, guid)
        principal = str(p.get("principalId", "")).lower()
        rk = map_key(f"{_slug(role)}-{principal[:8]}", roles)
        entry: dict[str, Any] = {"principalId": principal, "role": role}
        if p.get("principalType") and p["principalType"] != "ServicePrincipal":
            entry["principalType"] = p["principalType"]
        for field_name in ("description", "condition", "delegatedManagedIdentityResourceId"):
            if p.get(field_name):
                entry[field_name] = p[field_name]
        if p.get("condition") and p.get("conditionVersion") not in (None, DEFAULT_CONDITION_VERSION):
            entry["conditionVersion"] = p["conditionVersion"]
        # Always the name Azure has, even when the naming computes it: the stack then keeps it
        # whatever roleAssignmentNaming says later, and Pulumi imports the assignment instead of
        # creating a second one, which ARM refuses (RoleAssignmentExists).
        entry["name"] = assignment.get("name")
        roles[rk] = entry
    return roles


def _slug(role: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", role.replace("Cognitive Services", "cs"))
    return "-".join(w.lower() for w in words)[:28] or "role"


def _diagnostics(live: LiveAccount, key: str, result: Translation) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for setting in live.diagnostic_settings:
        name = str(setting.get("name"))
        dk = map_key(name, settings)
        where = ("accounts", key, "diagnosticSettings", dk)
        p = props(setting)
        entry: dict[str, Any] = {}
        if dk != name:
            entry["name"] = name
        for source, target in (
            ("workspaceId", "workspaceResourceId"),
            ("storageAccountId", "storageAccountResourceId"),
            ("eventHubAuthorizationRuleId", "eventHubAuthorizationRuleResourceId"),
            ("eventHubName", "eventHubName"),
            ("logAnalyticsDestinationType", "logAnalyticsDestinationType"),
        ):
            if p.get(source):
                entry[target] = p[source]
        logs = [log for log in p.get("logs") or [] if log.get("enabled", True)]
        groups = [log["categoryGroup"] for log in logs if log.get("categoryGroup")]
        categories = [log["category"] for log in logs if log.get("category")]
        if categories:
            entry["logCategories"] = categories
            if groups:
                entry["logCategoryGroups"] = groups
        elif groups != ["allLogs"]:  # the contract's default
            entry["logCategoryGroups"] = groups
        metrics = [m for m in p.get("metrics") or [] if m.get("enabled", True)]
        if not metrics:
            entry["metrics"] = False
        for field_name in ("marketplacePartnerId", "serviceBusRuleId"):
            if p.get(field_name):
                result.note(where, f"{field_name} has no key yet and is left as it is")
        settings[dk] = entry
    return settings


def _lock(live: LiveAccount, key: str, result: Translation) -> dict[str, Any] | None:
    if not live.locks:
        return None
    first, *others = sorted(live.locks, key=lambda lock: str(lock.get("name")))
    for other in others:
        result.note(("accounts", key, "lock"), f"a second lock, {other.get('name')}, stays unmanaged")
    p = props(first)
    lock: dict[str, Any] = {"kind": p.get("level")}
    if first.get("name") != f"lock-{live.name}":
        lock["name"] = first.get("name")
    notes = p.get("notes") or ""
    if notes != f"Protects the Azure OpenAI account {live.name}; managed by azure-openai.":
        lock["notes"] = notes
    return lock


def _filters(live: LiveAccount, key: str, result: Translation) -> tuple[dict[str, Any], list[str]]:
    """User-managed RAI policies the contract can say; the others are listed as managed elsewhere."""
    filters: dict[str, Any] = {}
    existing: list[str] = []
    for policy in live.rai_policies:
        name = str(policy.get("name"))
        if name in BUILTIN_CONTENT_FILTERS or props(policy).get("type") == "SystemManaged":
            continue
        settings, why = content_filter_settings(props(policy))
        if settings is None:
            existing.append(name)
            result.note(
                ("accounts", key, "existingContentFilters"),
                f"{name}: {why}; it stays managed outside this stack",
            )
        else:
            filters[name] = settings
    return filters, existing


def content_filter_settings(p: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """A RAI policy's properties as a contentFilters entry, or None and why not."""
    base = p.get("basePolicyName") or "Microsoft.DefaultV2"
    if base not in BUILTIN_CONTENT_FILTERS:
        return None, f"its base policy {base} is not one the contract offers"
    if p.get("customBlocklists") or p.get("customTopics"):
        return None, "it uses custom blocklists or topics, which the contract has no key for yet"
    filters: dict[str, Any] = {}
    seen: dict[str, list[Mapping[str, Any]]] = {}
    for item in p.get("contentFilters") or []:
        seen.setdefault(str(item.get("name")), []).append(item)
    for wire, field_name in _SEVERITY.items():
        items = seen.pop(wire, [])
        sources = {str(i.get("source")) for i in items}
        values = {(i.get("severityThreshold"), i.get("blocking"), i.get("enabled")) for i in items}
        if sources != {"Prompt", "Completion"} or len(values) != 1 or len(items) != 2:
            return None, f"its {wire} filter differs between prompts and completions"
        threshold, blocking, enabled = values.pop()
        filters[field_name] = {"threshold": threshold, "blocking": bool(blocking), "enabled": bool(enabled)}
    for wire, (field_name, source) in _BINARY.items():
        items = seen.pop(wire, [])
        if len(items) > 1 or (items and items[0].get("source") != source):
            return None, f"its {wire} filter is not set for {source} only"
        if items:
            filters[field_name] = {
                "blocking": bool(items[0].get("blocking")),
                "enabled": bool(items[0].get("enabled")),
            }
    if seen:
        return None, f"it has filters the contract has no key for yet ({', '.join(sorted(seen))})"
    return {"basePolicy": base, "mode": p.get("mode") or "Default", "filters": filters}, ""


def _deployments(live: LiveAccount, key: str, policies: set[str], result: Translation) -> dict[str, Any]:
    deployments: dict[str, Any] = {}
    for deployment in sorted(live.deployments, key=lambda d: str(d.get("name"))):
        name = str(deployment.get("name"))
        where = ("accounts", key, "deployments")
        p, sku = props(deployment), deployment.get("sku") or {}
        model = p.get("model") or {}
        if sku.get("name") not in _DEPLOYMENT_SKUS:
            result.note(
                where, f"{name}: its SKU {sku.get('name')} is not one the contract offers; it stays unmanaged"
            )
            continue
        entry: dict[str, Any] = {
            "model": model.get("name"),
            "version": model.get("version"),
            "sku": sku.get("name"),
            "capacity": sku.get("capacity"),
        }
        if model.get("format") and model["format"] != "OpenAI":
            entry["format"] = model["format"]
        if p.get("raiPolicyName"):
            entry["contentFilter"] = p["raiPolicyName"]
        if p.get("versionUpgradeOption"):
            entry["versionUpgrade"] = p["versionUpgradeOption"]
        for field_name in (
            "scaleSettings",
            "capacitySettings",
            "parentDeploymentName",
            "spilloverDeploymentName",
        ):
            if p.get(field_name):
                result.note((*where, name), f"{field_name} has no key yet and is left as it is")
        deployments[name] = entry
    return deployments
