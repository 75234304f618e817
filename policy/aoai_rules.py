"""The organisation rules for Azure OpenAI stacks, written once, as pure functions.

Each rule looks at a neutral view of resources (`ResourceView`: the Pulumi type token, the inputs
in the camelCase wire shape the azure-native provider receives, whether the resource is
protected, and which resources its inputs came from) plus the rule's config, and returns
violations. Nothing here imports Pulumi: two thin adapters run the same rules

- in `pulumi preview/up --policy-pack policy` (aoai_pack.py: pulumi-policy's
  ResourceValidationPolicy / StackValidationPolicy), and
- over the offline plan (`aoai plan --stack S --policy`, aoai/offline/policy.py), whose
  registrations come from the same __main__.py under Pulumi's mocks.

A stack is protected when its accounts carry Pulumi's `protect` option: that is how the program
marks stacks with `environment: prod`/`production` or `protect: true`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The one data-zone rule, shared with the stack config (a standard-library module of the toolkit).
from azure_openai_toolkit.skus import data_zone_instead, leaves_data_zone

ACCOUNT = "azure-native:cognitiveservices:Account"
DEPLOYMENT = "azure-native:cognitiveservices:Deployment"
DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting"
PROJECT = "azure-native:cognitiveservices:Project"
CONNECTIONS = (
    "azure-native:cognitiveservices:AccountConnection",
    "azure-native:cognitiveservices:ProjectConnection",
)
# A Foundry resource (Microsoft Learn, upgrade-azure-openai.md); Entra ID connections are authType AAD.
FOUNDRY_KIND = "AIServices"
ENTRA_ID_AUTH = "AAD"

# What Azure applies when a deployment does not say (GET returns it): the service may then move
# the deployment to a new default version on its own.
SERVICE_DEFAULT_UPGRADE = "OnceNewDefaultVersionAvailable"


class Level(StrEnum):
    """Pulumi's enforcement levels (remediate is not used: these rules never rewrite resources)."""

    ADVISORY = "advisory"
    MANDATORY = "mandatory"
    DISABLED = "disabled"


class Scope(StrEnum):
    """Which stacks a rule looks at."""

    ALL = "all stacks"
    PROTECTED = "protected stacks"
    UNPROTECTED = "unprotected stacks"


@dataclass(frozen=True)
class ResourceView:
    """One resource as a rule sees it, whoever recorded it (the Pulumi engine or the offline plan)."""

    type: str
    name: str
    urn: str
    inputs: Mapping[str, Any]
    protect: bool = False
    # input key -> URNs of the resources whose outputs flowed into it (Pulumi's propertyDependencies)
    property_dependencies: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """A violation found by a rule: what is wrong and how to fix it, on which resource (or the stack)."""

    message: str
    urn: str | None = None


@dataclass(frozen=True)
class ConfigProperty:
    """One setting of a rule, with its JSON-schema type (Pulumi validates pack config against it)."""

    name: str
    type: str  # "integer" | "string"
    default: Any
    description: str
    enum: tuple[Any, ...] | None = None
    minimum: int | None = None

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": self.type,
            "default": self.default,
            "description": self.description,
        }
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return schema


class PolicyConfigError(ValueError):
    """Pack config that does not fit a rule's schema (unknown policy or key, wrong type)."""


ResourceCheck = Callable[[ResourceView, Mapping[str, Any]], list[str]]
StackCheck = Callable[[Sequence[ResourceView], Mapping[str, Any]], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: either a check of one resource of `resource_type`, or a check of the whole stack."""

    name: str
    description: str
    level: Level
    scope: Scope
    remediation: str
    resource_type: str | None = None
    check_resource: ResourceCheck | None = None
    check_stack: StackCheck | None = None
    config: tuple[ConfigProperty, ...] = ()

    @property
    def is_stack_rule(self) -> bool:
        return self.check_stack is not None

    def settings(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with the given config, type-checked (PolicyConfigError otherwise)."""
        given = dict(given or {})
        given.pop("enforcementLevel", None)
        known = {p.name: p for p in self.config}
        unknown = sorted(set(given) - set(known))
        if unknown:
            accepted = ", ".join(sorted(known)) or "none"
            raise PolicyConfigError(
                f"{self.name}: unknown setting(s) {', '.join(unknown)} (accepted: {accepted})"
            )
        settings: dict[str, Any] = {}
        for prop in self.config:
            value = given.get(prop.name, prop.default)
            if prop.type == "integer" and isinstance(value, float) and value.is_integer():
                value = int(value)  # JSON numbers arrive as floats through protobuf Structs
            if prop.type == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
                raise PolicyConfigError(f"{self.name}.{prop.name}: must be an integer (got {value!r})")
            if prop.type == "string" and not isinstance(value, str):
                raise PolicyConfigError(f"{self.name}.{prop.name}: must be a string (got {value!r})")
            if prop.enum is not None and value not in prop.enum:
                choices = ", ".join(repr(c) for c in prop.enum)
                raise PolicyConfigError(f"{self.name}.{prop.name}: must be one of {choices} (got {value!r})")
            if prop.minimum is not None and value < prop.minimum:
                raise PolicyConfigError(f"{self.name}.{prop.name}: must be at least {prop.minimum}")
            settings[prop.name] = value
        return settings

    def applies(self, protected: bool) -> bool:
        if self.scope is Scope.PROTECTED:
            return protected
        if self.scope is Scope.UNPROTECTED:
            return not protected
        return True

    def evaluate_resource(self, resource: ResourceView, settings: Mapping[str, Any]) -> list[Finding]:
        """Findings of a resource rule on one resource (none if the rule does not apply to it)."""
        if self.check_resource is None or resource.type != self.resource_type:
            return []
        if not self.applies(resource.protect):
            return []
        return [Finding(message, resource.urn) for message in self.check_resource(resource, settings)]

    def evaluate_stack(self, resources: Sequence[ResourceView], settings: Mapping[str, Any]) -> list[Finding]:
        """Findings of a stack rule (none if the rule does not apply to this stack)."""
        if self.check_stack is None or not self.applies(stack_is_protected(resources)):
            return []
        return self.check_stack(resources, settings)


def stack_is_protected(resources: Sequence[ResourceView]) -> bool:
    """The program marks protected stacks by protecting their accounts."""
    return any(r.type == ACCOUNT and r.protect for r in resources)


def _dig(data: Mapping[str, Any], *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _label(resource: ResourceView) -> str:
    """The Azure name the stack file talks about, and the Pulumi logical name to find it."""
    azure_name = (
        resource.inputs.get("deploymentName")
        or resource.inputs.get("accountName")
        or resource.inputs.get("name")
        or resource.name
    )
    return f"{azure_name!s} ({resource.name})" if azure_name != resource.name else resource.name


def _public_access(account: ResourceView) -> str:
    # Azure's default when the property is absent is Enabled.
    return str(_dig(account.inputs, "properties", "publicNetworkAccess") or "Enabled")


# --- resource checks -----------------------------------------------------------------------------


def public_network_disabled(account: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    access = _public_access(account)
    if access == "Disabled":
        return []
    return [
        f"account {_label(account)} has publicNetworkAccess {access}: reach it through private "
        "endpoints (privateEndpoints) and remove networkAcls/publicNetworkAccess from the account"
    ]


def local_auth_disabled(account: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    if _dig(account.inputs, "properties", "disableLocalAuth") is True:
        return []
    return [
        f"account {_label(account)} accepts API keys (disableLocalAuth is not true): use Entra ID "
        "(localAuth: false, the default) and role assignments"
    ]


# Addresses no internet client has (RFC 1918, 6598, 2544, loopback, link-local, "this network",
# multicast and reserved 240/4): rules need not cover them to let "everyone" in.
NOT_PUBLIC = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
)  # fmt: skip


def admits_everyone(rules: Sequence[Any]) -> bool:
    """Whether IPv4 rules together cover every public address (0.0.0.0/1 + 128.0.0.0/1 does)."""
    values = [str(r.get("value", "")) if isinstance(r, Mapping) else str(r) for r in rules]
    spans = []
    for text in [*NOT_PUBLIC, *values]:
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            continue
        if network.version == 4:
            spans.append((int(network.network_address), int(network.broadcast_address)))
    reached = -1
    for first, last in sorted(spans):
        if first > reached + 1:
            return False
        reached = max(reached, last)
    return reached >= 2**32 - 1


def network_default_deny(account: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    access = _public_access(account)
    if access == "Disabled":
        return []
    action = _dig(account.inputs, "properties", "networkAcls", "defaultAction")
    rules = _dig(account.inputs, "properties", "networkAcls", "ipRules")
    if action == "Deny" and isinstance(rules, Sequence) and admits_everyone(rules):
        return [
            f"account {_label(account)} denies by default, but its ipRules together let every public "
            "IPv4 address in (like 0.0.0.0/1 with 128.0.0.0/1): list only the networks that need "
            "access, or use publicNetworkAccess: Disabled with private endpoints"
        ]
    if action == "Deny":
        return []
    shown = "no networkAcls" if action is None else f"networkAcls.defaultAction {action}"
    return [
        f"account {_label(account)} is publicly reachable (publicNetworkAccess {access}) with "
        f"{shown}: set networkAcls with defaultAction: Deny and the ipRules/virtualNetworkRules "
        "allowed in, or publicNetworkAccess: Disabled"
    ]


def customer_managed_key(account: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    """Checkov's CKV2_AZURE_22 (Terraform only): the account encrypts with a customer-managed key."""
    encryption = _dig(account.inputs, "properties", "encryption") or {}
    vault = _dig(encryption, "keyVaultProperties", "keyVaultUri")
    key = _dig(encryption, "keyVaultProperties", "keyName")
    if encryption.get("keySource") == "Microsoft.KeyVault" and vault and key:
        return []
    return [
        f"account {_label(account)} encrypts with Microsoft-managed keys: set customerManagedKey "
        "(keyVaultUri, keyName, and the identity that reads the key) so the organisation controls "
        "and can revoke the key"
    ]


def outbound_allowlist(account: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    """Checkov's CKV_AZURE_247 (Terraform only): outbound access restricted to a list of FQDNs."""
    restricted = _dig(account.inputs, "properties", "restrictOutboundNetworkAccess") is True
    fqdns = _dig(account.inputs, "properties", "allowedFqdnList") or []
    if restricted and fqdns:
        return []
    state = "with an empty allowedFqdns" if restricted else "unrestricted"
    return [
        f"account {_label(account)} has outbound network access {state}: set "
        "restrictOutboundNetworkAccess: true and list the hosts it may call in allowedFqdns (data "
        "loss prevention)"
    ]


def no_global_skus_in_data_zone(deployment: ResourceView, settings: Mapping[str, Any]) -> list[str]:
    zone = settings.get("dataZone") or ""
    sku = str(_dig(deployment.inputs, "sku", "name") or "")
    if not zone or not leaves_data_zone(sku):
        return []
    return [
        f"deployment {_label(deployment)} uses {sku}, which may process data in any Azure region, "
        f"but the organisation keeps data in the {zone} data zone: use {data_zone_instead(sku)} "
        "(or Standard)"
    ]


def foundry_local_auth_disabled(account: ResourceView, settings: Mapping[str, Any]) -> list[str]:
    if account.inputs.get("kind") != FOUNDRY_KIND:
        return []
    return [
        message.replace("accepts API keys", "is a Foundry resource (kind AIServices) that accepts API keys")
        for message in local_auth_disabled(account, settings)
    ]


def project_has_identity(project: ResourceView, _settings: Mapping[str, Any]) -> list[str]:
    identity = str(_dig(project.inputs, "identity", "type") or "None")
    if identity != "None":
        return []
    name = project.inputs.get("projectName") or project.name
    return [
        f"Foundry project {name} ({project.name}) has no managed identity: give it one "
        "(managedIdentities.systemAssigned: true, the default) so it reaches its connections and "
        "tools with Entra ID"
    ]


def capacity_within_ceiling(deployment: ResourceView, settings: Mapping[str, Any]) -> list[str]:
    ceiling = int(settings["maxCapacity"])
    capacity = _dig(deployment.inputs, "sku", "capacity")
    if capacity is None or float(capacity) <= ceiling:
        return []
    return [
        f"deployment {_label(deployment)} asks for capacity {int(float(capacity))}, above the "
        f"organisation's ceiling of {ceiling} per deployment: lower capacity, split the load over "
        "deployments, or raise maxCapacity in the pack config"
    ]


# --- stack checks --------------------------------------------------------------------------------


def _deployments(resources: Sequence[ResourceView]) -> list[ResourceView]:
    return [r for r in resources if r.type == DEPLOYMENT]


def deployments_have_content_filter(
    resources: Sequence[ResourceView], _settings: Mapping[str, Any]
) -> list[Finding]:
    return [
        Finding(
            f"deployment {_label(d)} names no content filter (raiPolicyName): set contentFilter to "
            "a contentFilters key of its account (or Microsoft.DefaultV2 to choose the default "
            "explicitly)",
            d.urn,
        )
        for d in _deployments(resources)
        if not _dig(d.inputs, "properties", "raiPolicyName")
    ]


def deployments_pin_versions(
    resources: Sequence[ResourceView], _settings: Mapping[str, Any]
) -> list[Finding]:
    findings = []
    for deployment in _deployments(resources):
        if not _dig(deployment.inputs, "properties", "model", "version"):
            findings.append(
                Finding(f"deployment {_label(deployment)} does not pin a model version", deployment.urn)
            )
        upgrade = _dig(deployment.inputs, "properties", "versionUpgradeOption") or SERVICE_DEFAULT_UPGRADE
        if upgrade == "OnceNewDefaultVersionAvailable":
            findings.append(
                Finding(
                    f"deployment {_label(deployment)} lets Azure change its model version "
                    f"(versionUpgradeOption {upgrade}): use OnceCurrentVersionExpired (the "
                    "default) or NoAutoUpgrade",
                    deployment.urn,
                )
            )
    return findings


def connections_use_entra_id(
    resources: Sequence[ResourceView], _settings: Mapping[str, Any]
) -> list[Finding]:
    findings = []
    for connection in (r for r in resources if r.type in CONNECTIONS):
        auth = _dig(connection.inputs, "properties", "authType")
        if auth == ENTRA_ID_AUTH:
            continue
        name = connection.inputs.get("connectionName") or connection.name
        findings.append(
            Finding(
                f"connection {name} ({connection.name}) authenticates with {auth}, which stores a "
                "credential in the connection: use Entra ID (authType AAD) and a role for the "
                "account's or project's identity on the target",
                connection.urn,
            )
        )
    return findings


def _diagnosed_accounts(resources: Sequence[ResourceView]) -> tuple[set[str], set[str]]:
    """URNs and lower-case ARM ids of the resources some DiagnosticSetting points at.

    The link is read from Pulumi's property dependencies first (resourceUri = account.id, which is
    unknown during a preview of a new account), then from a known resourceUri value.
    """
    urns: set[str] = set()
    ids: set[str] = set()
    for setting in resources:
        if setting.type != DIAGNOSTIC_SETTING:
            continue
        linked = list(setting.property_dependencies.get("resourceUri", ()))
        urns.update(linked)
        if not linked:
            uri = setting.inputs.get("resourceUri")
            if isinstance(uri, str):
                ids.add(uri.lower().rstrip("/"))
    return urns, ids


def _arm_id_suffix(account: ResourceView) -> str:
    name = account.inputs.get("accountName") or account.inputs.get("name") or ""
    return f"/providers/microsoft.cognitiveservices/accounts/{str(name).lower()}"


def accounts_have_diagnostics(
    resources: Sequence[ResourceView], _settings: Mapping[str, Any]
) -> list[Finding]:
    urns, ids = _diagnosed_accounts(resources)
    findings = []
    for account in (r for r in resources if r.type == ACCOUNT):
        suffix = _arm_id_suffix(account)
        if account.urn in urns or any(i.endswith(suffix) for i in ids):
            continue
        findings.append(
            Finding(
                f"account {_label(account)} sends no logs or metrics anywhere: add a "
                "diagnosticSettings entry with the workspaceResourceId of your Log Analytics "
                "workspace",
                account.urn,
            )
        )
    return findings


# --- the pack ------------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        name="protected-public-network-disabled",
        description="Accounts of protected stacks are reachable through private endpoints only.",
        level=Level.MANDATORY,
        scope=Scope.PROTECTED,
        remediation="Add privateEndpoints to the account and remove networkAcls and publicNetworkAccess.",
        resource_type=ACCOUNT,
        check_resource=public_network_disabled,
    ),
    Rule(
        name="protected-local-auth-disabled",
        description="Accounts of protected stacks accept Entra ID tokens only, no API keys.",
        level=Level.MANDATORY,
        scope=Scope.PROTECTED,
        remediation="Remove localAuth (default false) and grant access with roleAssignments.",
        resource_type=ACCOUNT,
        check_resource=local_auth_disabled,
    ),
    Rule(
        name="network-default-deny",
        description="Publicly reachable accounts deny by default and allow listed networks only.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Set networkAcls.defaultAction: Deny with ipRules/virtualNetworkRules, or disable "
        "public network access.",
        resource_type=ACCOUNT,
        check_resource=network_default_deny,
    ),
    Rule(
        name="protected-content-filter",
        description="Every deployment of a protected stack names its content filter.",
        level=Level.MANDATORY,
        scope=Scope.PROTECTED,
        remediation="Set contentFilter on every deployment.",
        check_stack=deployments_have_content_filter,
    ),
    Rule(
        name="protected-pinned-versions",
        description="Deployments of protected stacks pin their model version and Azure does not "
        "replace it with a new default version.",
        level=Level.MANDATORY,
        scope=Scope.PROTECTED,
        remediation="Keep version quoted and versionUpgrade OnceCurrentVersionExpired or NoAutoUpgrade.",
        check_stack=deployments_pin_versions,
    ),
    Rule(
        name="protected-diagnostics",
        description="Every account of a protected stack sends logs and metrics to Log Analytics.",
        level=Level.MANDATORY,
        scope=Scope.PROTECTED,
        remediation="Add diagnosticSettings with a workspaceResourceId to every account.",
        check_stack=accounts_have_diagnostics,
    ),
    Rule(
        name="data-zone-skus",
        description="Under the organisation's data zone, no deployment uses a Global* SKU.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Use DataZoneStandard (or Standard) instead of GlobalStandard.",
        resource_type=DEPLOYMENT,
        check_resource=no_global_skus_in_data_zone,
        config=(
            ConfigProperty(
                "dataZone",
                "string",
                "",
                "EU or US: the data zone the organisation's data must stay in. Empty: no data-zone rule.",
                enum=("", "EU", "US"),
            ),
        ),
    ),
    Rule(
        name="capacity-ceiling",
        description="No deployment asks for more capacity than the organisation's ceiling.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Lower capacity, or raise maxCapacity in the pack config.",
        resource_type=DEPLOYMENT,
        check_resource=capacity_within_ceiling,
        config=(
            ConfigProperty(
                "maxCapacity",
                "integer",
                100,
                "Highest capacity of one deployment, in the SKU's units (thousands of tokens per "
                "minute for Standard SKUs, PTUs for provisioned ones).",
                minimum=1,
            ),
        ),
    ),
    Rule(
        name="customer-managed-key-recommended",
        description="Accounts of protected stacks should encrypt with a customer-managed key "
        "(Checkov has this check for Terraform only: CKV2_AZURE_22).",
        level=Level.ADVISORY,
        scope=Scope.PROTECTED,
        remediation="Set customerManagedKey on every account (raise to mandatory in the pack config "
        "if the organisation requires it).",
        resource_type=ACCOUNT,
        check_resource=customer_managed_key,
    ),
    Rule(
        name="outbound-allowlist-recommended",
        description="Accounts of protected stacks should restrict outbound access to a list of "
        "FQDNs (Checkov has this check for Terraform only: CKV_AZURE_247).",
        level=Level.ADVISORY,
        scope=Scope.PROTECTED,
        remediation="Set restrictOutboundNetworkAccess: true with allowedFqdns on every account.",
        resource_type=ACCOUNT,
        check_resource=outbound_allowlist,
    ),
    Rule(
        name="foundry-local-auth-disabled",
        description="Foundry resources (kind AIServices) accept Entra ID tokens only, no API keys, "
        "in every stack: agents and projects act with identities, and a key opens everything.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Remove localAuth from the account (default false) and grant roles instead.",
        resource_type=ACCOUNT,
        check_resource=foundry_local_auth_disabled,
    ),
    Rule(
        name="foundry-project-identity",
        description="Every Foundry project has a managed identity.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Give the project managedIdentities (systemAssigned: true is the default).",
        resource_type=PROJECT,
        check_resource=project_has_identity,
    ),
    Rule(
        name="foundry-connections-entra-id",
        description="Connections of Foundry resources and projects authenticate with Entra ID "
        "(authType AAD): no keys or secrets stored in connections.",
        level=Level.MANDATORY,
        scope=Scope.ALL,
        remediation="Use Entra ID connections (the toolkit's only kind) and roles on the targets.",
        check_stack=connections_use_entra_id,
    ),
    Rule(
        name="content-filter-recommended",
        description="Deployments of unprotected stacks should name their content filter too "
        "(protected stacks require it).",
        level=Level.ADVISORY,
        scope=Scope.UNPROTECTED,
        remediation="Set contentFilter on every deployment before the stack becomes protected.",
        check_stack=deployments_have_content_filter,
    ),
    Rule(
        name="diagnostics-recommended",
        description="Accounts of unprotected stacks should send logs and metrics too (protected "
        "stacks require it).",
        level=Level.ADVISORY,
        scope=Scope.UNPROTECTED,
        remediation="Add diagnosticSettings to every account before the stack becomes protected.",
        check_stack=accounts_have_diagnostics,
    ),
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


@dataclass(frozen=True)
class PackConfig:
    """Enforcement level and settings per rule, from a Pulumi policy-pack config document."""

    levels: Mapping[str, Level]
    settings: Mapping[str, Mapping[str, Any]]

    def level(self, rule: Rule) -> Level:
        return self.levels.get(rule.name, rule.level)

    def settings_for(self, rule: Rule) -> Mapping[str, Any]:
        return self.settings.get(rule.name) or rule.settings()


def parse_pack_config(document: Mapping[str, Any] | None) -> PackConfig:
    """Read the JSON shape of `pulumi preview --policy-pack-config FILE`.

    `{"all": "advisory", "capacity-ceiling": {"enforcementLevel": "mandatory", "maxCapacity": 50},
    "data-zone-skus": {"dataZone": "EU"}}`: a level alone, or an object with `enforcementLevel`
    and the rule's settings; `all` sets the level of every rule.
    """
    levels: dict[str, Level] = {}
    settings: dict[str, Mapping[str, Any]] = {}
    document = dict(document or {})
    everything = document.pop("all", None)
    if everything is not None:
        level = _level(
            everything.get("enforcementLevel") if isinstance(everything, Mapping) else everything, "all"
        )
        levels = {name: level for name in RULES_BY_NAME}
    for name, value in document.items():
        rule = RULES_BY_NAME.get(name)
        if rule is None:
            raise PolicyConfigError(f"{name}: no such policy (policies: {', '.join(RULES_BY_NAME)})")
        if isinstance(value, Mapping):
            if "enforcementLevel" in value:
                levels[name] = _level(value["enforcementLevel"], name)
            settings[name] = rule.settings(value)
        else:
            levels[name] = _level(value, name)
    return PackConfig(levels, settings)


def _level(value: Any, where: str) -> Level:
    try:
        return Level(value)
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        raise PolicyConfigError(
            f"{where}: enforcement level must be one of {choices} (got {value!r})"
        ) from None


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    level: Level
    findings: list[Finding]
    applicable: bool


def evaluate(resources: Sequence[ResourceView], config: PackConfig | None = None) -> list[RuleResult]:
    """Every rule over one stack's resources, as `pulumi preview --policy-pack` would judge them."""
    config = config or parse_pack_config(None)
    protected = stack_is_protected(resources)
    results = []
    for rule in RULES:
        level = config.level(rule)
        settings = config.settings_for(rule)
        if level is Level.DISABLED:
            results.append(RuleResult(rule, level, [], applicable=False))
            continue
        if rule.is_stack_rule:
            applicable = rule.applies(protected)
            findings = rule.evaluate_stack(resources, settings)
        else:
            targets = [r for r in resources if r.type == rule.resource_type and rule.applies(r.protect)]
            applicable = bool(targets)
            findings = [f for r in targets for f in rule.evaluate_resource(r, settings)]
        results.append(RuleResult(rule, level, findings, applicable))
    return results
