"""The stack-config contract (docs/architecture.md, "The stack-config contract") as pydantic models.

Keys are camelCase in the stack file and snake_case in Python. Unknown keys are errors; every
default is stated once, in the Field description; cross-field rules live in `model_validator`s and
report each violation at its own key path through `ViolationCollector`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic.alias_generators import to_camel, to_snake

from ..fine_tuned import FINE_TUNED_VERSION, looks_fine_tuned, malformed_reason, parse_fine_tuned
from ..roles import NAMINGS, role_definition_guid
from ..skus import data_zone_instead, leaves_data_zone
from .errors import ViolationCollector
from .foundry_rules import (
    blocklist_use_rules,
    developer_tier_rules,
    effective_project_management,
    injection_list_rules,
    kind_rules,
    private_dns_zone_rules,
)
from .placeholders import is_placeholder
from .reporting import got, literal_message
from .rules import (
    STACK_FILE,
    condition_rules,
    content_filter_rules,
    customer_managed_key_rules,
    default_public_network_access,
    default_subdomain_rules,
    diagnostic_destination_rules,
    endpoint_name_rules,
    identity_rules,
    local_auth_rules,
    manual_connection_rules,
    network_acl_rules,
    network_rules,
    private_dns_rules,
)
from .secrets import SECRET_OK
from .types import (
    INT32_MAX,
    AccountName,
    ApplicationSecurityGroupId,
    ArmName,
    EndpointName,
    EnvironmentName,
    EventHubAuthorizationRuleId,
    ExtensionName,
    Fqdn,
    Guid,
    IpRule,
    KeyVaultUri,
    LogAnalyticsWorkspaceId,
    MapKey,
    ModelToken,
    NamePrefix,
    NetworkChildName,
    PrincipalId,
    PrivateDnsZoneId,
    PrivateIpAddress,
    Region,
    StorageAccountId,
    Subdomain,
    SubnetId,
    UserAssignedIdentityId,
    VirtualNetworkId,
    check_account_name,
    check_arm_name,
    covers_every_public_address,
    unless_secret,
)

PROTECTED_ENVIRONMENTS = ("prod", "production")
# "Azure OpenAI resources per region per Azure subscription: 30" (Azure OpenAI quotas and limits,
# learn.microsoft.com/azure/ai-foundry/openai/quotas-limits, as of 2026-12; a default that is not
# raised on request there). A stack holding more in one region cannot deploy.
MAX_ACCOUNTS_PER_REGION = 30
# What is wrong when a network's endpoints land in two regions, by where an endpoint's region came
# from: its account's (nothing stated one for the network), or a location it states against another
# endpoint's or networkRegions. An endpoint that follows what is stated is not wrong.
ENDPOINT_REGION_FIXES = {
    "account": "set networkRegions for the network (or this endpoint's location)",
    "given": "state the network's region once, in networkRegions, and remove the endpoints' "
    "locations (or make them agree)",
}
AUTO = "auto"
# Validation context flag: `aoai place --write` may read a protected stack that still says auto,
# because pinning the region is exactly what fixes it.
ALLOW_AUTO_ON_PROTECTED = "allow_auto_on_protected"
# Validation context flag: check everything but the stack-wide rules (validation.py uses it to get
# the part of a config that is valid when only those rules fail).
SKIP_STACK_RULES = "skip_stack_rules"

DeploymentSku = Literal[
    "Standard",
    "GlobalStandard",
    "DataZoneStandard",
    "ProvisionedManaged",
    "GlobalProvisionedManaged",
    "DataZoneProvisionedManaged",
    "GlobalBatch",
    "DataZoneBatch",
    "DeveloperTier",
]
VersionUpgrade = Literal["OnceCurrentVersionExpired", "OnceNewDefaultVersionAvailable", "NoAutoUpgrade"]
Threshold = Literal["Low", "Medium", "High"]
LogCategoryGroup = Literal["allLogs", "audit"]
# How role assignments without a name are named (roles.py explains each).
RoleAssignmentNaming = Literal["toolkit", "avm", "azure"]
assert RoleAssignmentNaming.__args__ == NAMINGS  # type: ignore[attr-defined]  # one list of names
DEFAULT_CONDITION_VERSION = "2.0"
LockKind = Literal["CanNotDelete", "ReadOnly"]
# Account properties an adopted account may leave to Azure's default (accounts made by the Azure
# CLI or the portal often have them unset); the program then does not send them at all.
LeaveUnset = Literal[
    "localAuth", "publicNetworkAccess", "restrictOutboundNetworkAccess", "allowProjectManagement"
]


def known(value: str) -> str | None:
    """A value the rules may compare: None for a secure value offline (like an unknown Output)."""
    return None if is_placeholder(value) else value


class Model(BaseModel):
    """Base for every config model: camelCase keys, unknown keys refused, no type coercion."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        strict=True,
        frozen=True,
    )


def _tags(value: dict[str, str]) -> dict[str, str]:
    if len(value) > 50:
        raise ValueError(f"Azure allows at most 50 tags per resource (got {len(value)})")
    for name, text in value.items():
        if not name or len(name) > 512 or any(c in name for c in "<>%&\\?/"):
            raise ValueError(f"tag name {name!r}: 1 to 512 characters without any of < > % & \\ ? /")
        if len(text) > 256:
            raise ValueError(f"tag {name!r}: values are at most 256 characters")
    return value


Tags = Annotated[dict[str, str], AfterValidator(_tags)]


def _resource_group_name(value: str) -> str:
    allowed = all(c.isalnum() or c in "_-.()" for c in value)
    if not (1 <= len(value) <= 90) or not allowed or value.endswith("."):
        raise ValueError(
            f"1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.' (got {value!r})"
        )
    return value


ResourceGroupName = Annotated[str, AfterValidator(_resource_group_name)]


def _role(value: str) -> str:
    role_definition_guid(value)
    return value


def _policy_name(value: str) -> str:
    check_arm_name(value)
    if value.startswith("Microsoft."):
        raise ValueError(
            f"names starting with 'Microsoft.' are reserved for built-in policies (got {value!r}); "
            "pick your own name, or reference the built-in from a deployment's contentFilter"
        )
    return value


PolicyName = Annotated[str, AfterValidator(_policy_name)]


def _key_version(value: str) -> str:
    if is_placeholder(value):
        return value
    if value and not (len(value) == 32 and all(c in "0123456789abcdefABCDEF" for c in value)):
        raise ValueError(
            "a key version is the 32 hex characters at the end of the key identifier, or "
            f'"" for the current version (got {value!r})'
        )
    return value


def _key_name(value: str) -> str:
    # Key Vault object names (keys, secrets): 1-127 alphanumerics and hyphens, ASCII only (naming
    # rules, Microsoft.KeyVault vaults/keys); str.isalnum() would let any script's letters in.
    if not (1 <= len(value) <= 127) or not all(c.isascii() and (c.isalnum() or c == "-") for c in value):
        raise ValueError(f"key vault key names are 1 to 127 ASCII letters, digits and '-' (got {value!r})")
    return value


class ResourceGroup(Model):
    name: ResourceGroupName | None = Field(None, description="Default: rg-<namePrefix>-openai-<environment>.")
    existing: bool = Field(
        False, description="true: use an existing group of this name instead of creating it."
    )
    location: Region | None = Field(
        None,
        description="Region of a created group. Default: azure-openai:location, else the first "
        "account's location.",
    )


class Placement(Model):
    regions: list[Region] = Field(
        default_factory=list, description="Candidate regions, in order of preference."
    )
    data_zone: Literal["EU", "US"] | None = Field(
        None,
        description="Keep data in this data zone: only its regions, and no Global* deployment SKUs.",
    )
    distinct_from: list[MapKey] = Field(
        default_factory=list,
        description="Account keys this account must not share a region with (failover pairs).",
    )


class VirtualNetworkRule(Model):
    subnet_id: SubnetId = Field(
        description="Resource id of the subnet allowed to reach the account.", json_schema_extra=SECRET_OK
    )
    ignore_missing_service_endpoint: bool = Field(
        False,
        description="true: accept the rule even if the subnet lacks the Microsoft.CognitiveServices "
        "service endpoint.",
    )


class NetworkAcls(Model):
    default_action: Literal["Allow", "Deny"] = Field(
        "Deny", description="What happens to traffic no rule matches. Default: Deny."
    )
    bypass: Literal["None", "AzureServices"] = Field(
        "AzureServices", description="Let trusted Azure services through. Default: AzureServices."
    )
    ip_rules: list[IpRule] = Field(
        default_factory=list,
        description="Public IPv4 addresses or CIDR ranges allowed in.",
        json_schema_extra=SECRET_OK,
    )
    virtual_network_rules: list[VirtualNetworkRule] = Field(
        default_factory=list, description="Subnets allowed in (service endpoints)."
    )

    @model_validator(mode="after")
    def _rules_are_meaningful(self) -> NetworkAcls:
        problems = ViolationCollector()
        problems.extend(
            network_acl_rules(
                STACK_FILE,
                default_action=self.default_action,
                ip_rules=[known(rule) for rule in self.ip_rules],
                subnet_ids=[known(rule.subnet_id) for rule in self.virtual_network_rules],
            )
        )
        problems.raise_if_any()
        return self


class CreatePrivateDnsZone(Model):
    virtual_network_ids: list[VirtualNetworkId] = Field(
        min_length=1,
        description="Virtual networks to link to the created privatelink.openai.azure.com zone.",
        json_schema_extra=SECRET_OK,
    )


def _log_category(value: str) -> str:
    if not (1 <= len(value) <= 100) or not value.replace("_", "").isalnum():
        raise ValueError(
            f"a log category name of the account, like Audit, RequestResponse or Trace (got {value!r})"
        )
    return value


LogCategory = Annotated[str, AfterValidator(_log_category)]


def _request_message(value: str) -> str:
    if len(value) > 140:
        raise ValueError(f"at most 140 characters (got {len(value)})")
    return value


class PrivateEndpointIpConfiguration(Model):
    name: NetworkChildName = Field(description="Name of the IP configuration.")
    private_ip_address: PrivateIpAddress = Field(
        description="The static private address, from the endpoint's subnet.", json_schema_extra=SECRET_OK
    )
    member_name: NetworkChildName = Field(
        "default", description="Member of the account's 'account' group. Default: default."
    )


class PrivateEndpoint(Model):
    subnet_id: SubnetId = Field(
        description="Subnet the private endpoint's network interface goes in.", json_schema_extra=SECRET_OK
    )
    location: Region | None = Field(
        None,
        description="Region of the subnet's virtual network. Default: azure-openai:networkRegions of "
        "the network, else the region another endpoint of the stack states for the same network, "
        "else the account's location.",
    )
    private_dns_zone_ids: list[PrivateDnsZoneId] = Field(
        default_factory=list,
        description="Existing privatelink.openai.azure.com zones to register the endpoint in.",
        json_schema_extra=SECRET_OK,
    )
    create_private_dns_zone: CreatePrivateDnsZone | None = Field(
        None,
        description="Create one privatelink.openai.azure.com zone for the stack and link it to "
        "these virtual networks, instead of privateDnsZoneIds.",
    )
    name: EndpointName | None = Field(None, description="Endpoint name. Default: pe-<account name>-<key>.")
    private_link_service_connection_name: NetworkChildName | None = Field(
        None, description="Name of the endpoint's connection to the account. Default: the endpoint name."
    )
    custom_network_interface_name: NetworkChildName | None = Field(
        None, description="Name of the endpoint's network interface. Default: chosen by Azure."
    )
    ip_configurations: list[PrivateEndpointIpConfiguration] = Field(
        default_factory=list,
        description="Static private IP addresses. Default: Azure assigns one from the subnet.",
    )
    application_security_group_ids: list[ApplicationSecurityGroupId] = Field(
        default_factory=list,
        description="Application security groups the endpoint's interface joins.",
        json_schema_extra=SECRET_OK,
    )
    resource_group_name: ResourceGroupName | None = Field(
        None,
        description="Resource group of the endpoint (in the account's subscription). Default: the "
        "stack's resource group.",
    )
    is_manual_connection: bool = Field(
        False,
        description="true: the connection waits for approval by the account's owner (another "
        "team or tenant). Default: false (approved at once).",
    )
    manual_connection_request_message: Annotated[str, AfterValidator(_request_message)] | None = Field(
        None, description="Message shown to the approver (at most 140 characters)."
    )
    tags: Tags | None = Field(
        None, description="Tags of the endpoint, instead of the account's. Default: the account's tags."
    )
    private_dns_zone_group_name: NetworkChildName = Field(
        "default", description="Name of the endpoint's DNS zone group. Default: default."
    )
    private_dns_zone_config_names: dict[PrivateDnsZoneId, NetworkChildName] = Field(
        default_factory=dict,
        description="Names of the zone group's entries by zone id. Default: the zone name with "
        "dashes (privatelink-openai-azure-com).",
    )

    @model_validator(mode="after")
    def _one_dns_choice(self) -> PrivateEndpoint:
        problems = ViolationCollector()
        problems.extend(
            private_dns_rules(
                STACK_FILE,
                has_zone_ids=bool(self.private_dns_zone_ids),
                creates_zone=self.create_private_dns_zone is not None,
            )
        )
        problems.extend(
            manual_connection_rules(
                STACK_FILE,
                manual=self.is_manual_connection,
                has_message=self.manual_connection_request_message is not None,
            )
        )
        zones = {zone.lower() for zone in self.private_dns_zone_ids}
        for zone in self.private_dns_zone_config_names:
            if zone.lower() not in zones and all(known(z) for z in self.private_dns_zone_ids):
                problems.add(
                    ("privateDnsZoneConfigNames",),
                    f"{zone!r} is not one of privateDnsZoneIds; name only the zones the endpoint uses",
                )
        problems.raise_if_any()
        return self


class ManagedIdentities(Model):
    system_assigned: bool = Field(True, description="Give the account a system-assigned identity.")
    user_assigned_resource_ids: list[UserAssignedIdentityId] = Field(
        default_factory=list, description="User-assigned identities to attach.", json_schema_extra=SECRET_OK
    )


class CustomerManagedKey(Model):
    key_vault_uri: KeyVaultUri = Field(
        description="Like https://kv-contoso.vault.azure.net/, or a Managed HSM like "
        "https://hsm-contoso.managedhsm.azure.net/.",
        json_schema_extra=SECRET_OK,
    )
    key_name: Annotated[str, AfterValidator(unless_secret(_key_name))] = Field(
        description="Key name in the vault.", json_schema_extra=SECRET_OK
    )
    key_version: Annotated[str, AfterValidator(_key_version)] = Field(
        "", description='Key version; "" (default) uses the current version.', json_schema_extra=SECRET_OK
    )
    user_assigned_identity_resource_id: UserAssignedIdentityId | None = Field(
        None,
        description="The user-assigned identity that reads the key. It must be listed in "
        "managedIdentities.userAssignedResourceIds and hold 'Key Vault Crypto Service Encryption "
        "User' on the key before the account is created. Default: the system-assigned identity "
        "reads it (it exists only once the account does, so add the key after it got the role).",
        json_schema_extra=SECRET_OK,
    )
    identity_client_id: PrincipalId | None = Field(
        None,
        description="Client id of that user-assigned identity (with userAssignedIdentityResourceId).",
        json_schema_extra=SECRET_OK,
    )


class RoleAssignment(Model):
    principal_id: PrincipalId = Field(
        description="Object id of the user, group or service principal.", json_schema_extra=SECRET_OK
    )
    role: Annotated[str, AfterValidator(_role)] = Field(
        description="A built-in role name (e.g. 'Cognitive Services OpenAI User') or a role "
        "definition id/GUID."
    )
    principal_type: Literal["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] = Field(
        "ServicePrincipal",
        description="Kind of principal. Default: ServicePrincipal. Stating it avoids "
        "PrincipalNotFound right after a new identity is created.",
    )
    description: str | None = Field(
        None, description="Free text shown on the assignment.", json_schema_extra=SECRET_OK
    )
    name: Guid | None = Field(
        None,
        description="The assignment's name in Azure. Default: from azure-openai:roleAssignmentNaming. "
        "aoai adopt writes the names existing assignments have.",
    )
    condition: Annotated[str, Field(min_length=1, max_length=8192)] | None = Field(
        None,
        description="An ABAC condition limiting the assignment, e.g. "
        "\"@Resource[Microsoft.CognitiveServices/accounts/deployments:name] StringEquals 'chat'\".",
        json_schema_extra=SECRET_OK,
    )
    condition_version: Literal["2.0"] | None = Field(
        None, description="Version of the condition language. Default: 2.0 when a condition is given."
    )
    delegated_managed_identity_resource_id: UserAssignedIdentityId | None = Field(
        None,
        description="The managed identity the assignment is delegated to (cross-tenant access).",
        json_schema_extra=SECRET_OK,
    )

    @model_validator(mode="after")
    def _condition_rules(self) -> RoleAssignment:
        problems = ViolationCollector()
        problems.extend(
            condition_rules(
                STACK_FILE,
                has_condition=self.condition is not None,
                has_version=self.condition_version is not None,
            )
        )
        problems.raise_if_any()
        return self


class DiagnosticSetting(Model):
    workspace_resource_id: LogAnalyticsWorkspaceId | None = Field(
        None,
        description="Log Analytics workspace receiving the logs and metrics.",
        json_schema_extra=SECRET_OK,
    )
    storage_account_resource_id: StorageAccountId | None = Field(
        None, description="Storage account archiving the logs and metrics.", json_schema_extra=SECRET_OK
    )
    event_hub_authorization_rule_resource_id: EventHubAuthorizationRuleId | None = Field(
        None,
        description="Authorization rule of the Event Hubs namespace that receives the stream.",
        json_schema_extra=SECRET_OK,
    )
    event_hub_name: Annotated[str, Field(min_length=1, max_length=256)] | None = Field(
        None,
        description="Event hub in that namespace. Default: one event hub per log category.",
        json_schema_extra=SECRET_OK,
    )
    log_category_groups: list[LogCategoryGroup] | None = Field(
        None,
        description="Log category groups to send. Default: [allLogs], unless logCategories are given.",
    )
    log_categories: list[LogCategory] = Field(
        default_factory=list,
        description="Single log categories to send (Audit, RequestResponse, Trace, "
        "AzureOpenAIRequestUsage, ...), after the groups.",
    )
    metrics: bool = Field(True, description="Send AllMetrics. Default: true.")
    log_analytics_destination_type: Literal["Dedicated", "AzureDiagnostics"] | None = Field(
        None, description="Dedicated (resource-specific tables) or AzureDiagnostics. Default: Azure's."
    )
    name: ExtensionName | None = Field(None, description="The setting's name in Azure. Default: its key.")

    @property
    def effective_log_category_groups(self) -> list[str]:
        return effective_log_category_groups(self.log_category_groups, self.log_categories)

    @model_validator(mode="after")
    def _destination_rules(self) -> DiagnosticSetting:
        problems = ViolationCollector()
        destinations = [
            d
            for d in (
                self.workspace_resource_id,
                self.storage_account_resource_id,
                self.event_hub_authorization_rule_resource_id,
            )
            if d is not None
        ]
        problems.extend(
            diagnostic_destination_rules(
                STACK_FILE,
                destinations=destinations,
                has_event_hub_name=self.event_hub_name is not None,
                has_event_hub_rule=self.event_hub_authorization_rule_resource_id is not None,
                has_destination_type=self.log_analytics_destination_type is not None,
                has_workspace=self.workspace_resource_id is not None,
                sends_anything=bool(
                    self.effective_log_category_groups or self.log_categories or self.metrics
                ),
            )
        )
        problems.raise_if_any()
        return self


def effective_log_category_groups(groups: Sequence[str] | None, categories: Sequence[str]) -> list[str]:
    """The groups sent: the given ones; without any, [allLogs] unless single categories are given."""
    if groups is not None:
        return list(groups)
    return [] if categories else ["allLogs"]


class Lock(Model):
    kind: LockKind = Field(description="CanNotDelete or ReadOnly.")
    name: ExtensionName | None = Field(None, description="The lock's name. Default: lock-<account name>.")
    notes: Annotated[str, Field(max_length=512)] | None = Field(
        None, description="Notes shown on the lock. Default: which account it protects."
    )


def _lock_shorthand(value: object) -> object:
    """`lock: CanNotDelete` is short for `lock: {kind: CanNotDelete}`."""
    if isinstance(value, str):
        if value not in LockKind.__args__:  # type: ignore[attr-defined]
            raise ValueError(literal_message("'CanNotDelete', 'ReadOnly'", value))
        return {"kind": value}
    if not isinstance(value, dict):
        raise ValueError(f"CanNotDelete, ReadOnly, or a mapping {{kind, name, notes}} ({got(value)})")
    return value


LockSetting = Annotated[
    Lock,
    BeforeValidator(_lock_shorthand, json_schema_input_type=LockKind | Lock),
]


class SeverityFilter(Model):
    threshold: Threshold = Field(
        "Medium",
        description="Lowest severity that is filtered: Low filters most, High least. Default: Medium.",
    )
    blocking: bool = Field(True, description="Block filtered content (else annotate only).")
    enabled: bool = Field(True, description="Run this filter.")


class BinaryFilter(Model):
    blocking: bool = Field(True, description="Block detected content (else annotate only).")
    enabled: bool = Field(True, description="Run this filter.")


class ContentFilterSet(Model):
    """Filters of one RAI policy; severity filters apply to both prompts and completions."""

    hate: SeverityFilter = Field(default_factory=SeverityFilter, description="Hate and fairness.")
    sexual: SeverityFilter = Field(default_factory=SeverityFilter, description="Sexual content.")
    selfharm: SeverityFilter = Field(default_factory=SeverityFilter, description="Self-harm.")
    violence: SeverityFilter = Field(default_factory=SeverityFilter, description="Violence.")
    jailbreak: BinaryFilter = Field(default_factory=BinaryFilter, description="Prompt shield.")
    indirect_attack: BinaryFilter | None = Field(
        None, description="Prompt shield for documents. Default: off."
    )
    protected_material_text: BinaryFilter = Field(
        default_factory=BinaryFilter, description="Known text (lyrics, articles) in completions."
    )
    protected_material_code: BinaryFilter = Field(
        default_factory=BinaryFilter, description="Public code in completions."
    )
    profanity: BinaryFilter | None = Field(None, description="Profanity blocklist. Default: off.")


class ContentFilter(Model):
    base_policy: Literal["Microsoft.Default", "Microsoft.DefaultV2"] = Field(
        "Microsoft.DefaultV2", description="Built-in policy this one refines. Default: Microsoft.DefaultV2."
    )
    mode: Literal["Default", "Deferred", "Blocking", "Asynchronous_filter"] = Field(
        "Default", description="Streaming mode. Default: Default."
    )
    filters: ContentFilterSet = Field(
        default_factory=ContentFilterSet,
        description="Per-category settings; categories not given keep the defaults above.",
    )
    blocklists: dict[RaiName, BlocklistUse] = Field(
        default_factory=dict,
        description="Custom blocklists of the account this filter applies, by blocklist name.",
    )


class Deployment(Model):
    model: ModelToken = Field(description="Model name, e.g. gpt-4o.")
    version: ModelToken = Field(
        description='Model version, quoted, e.g. "2024-11-20". Required: versions are pinned. A '
        'fine-tuned model is always version "1" (the default for one).'
    )
    format: ModelToken = Field("OpenAI", description="Model format. Default: OpenAI.")
    sku: DeploymentSku = Field(description="Deployment type, e.g. GlobalStandard.")
    capacity: int = Field(
        gt=0,
        le=INT32_MAX,
        description="Thousands of tokens per minute (or PTUs for provisioned SKUs).",
    )
    content_filter: ArmName | None = Field(
        None,
        description="A contentFilters key of this account, an existingContentFilters name, or a "
        "built-in policy (Microsoft.DefaultV2). Default: the service's default policy.",
    )
    version_upgrade: VersionUpgrade = Field(
        "OnceCurrentVersionExpired",
        description="When Azure may move the deployment to a newer version. Default: "
        "OnceCurrentVersionExpired.",
    )
    skip_catalog_check: bool = Field(
        False,
        description="true: skip the offline model-catalog check of this deployment (a model, "
        "version or region newer than the catalog snapshot, or a deprecated model an existing "
        "deployment keeps using). aoai preflight still checks it live.",
    )

    @model_validator(mode="before")
    @classmethod
    def _fine_tuned_version(cls, data: Any) -> Any:
        """A fine-tuned model is deployed as version "1" (its id already names the base version),
        so a deployment of one may leave `version` out. (A malformed id gets the default too, so
        the problem reported is the id's, not a missing version.)"""
        if isinstance(data, dict) and "version" not in data:
            model = data.get("model")
            if isinstance(model, str) and looks_fine_tuned(model):
                return {**data, "version": FINE_TUNED_VERSION}
        return data

    @model_validator(mode="after")
    def _fine_tuned_id(self) -> Deployment:
        if not looks_fine_tuned(self.model):
            return self
        problems = ViolationCollector()
        tuned = parse_fine_tuned(self.model)
        if tuned is None:
            problems.add(("model",), malformed_reason(self.model))
        elif self.version != FINE_TUNED_VERSION:
            # Azure deploys every fine-tuned model as version "1" (fine-tuning-deploy.md): a base
            # version here would pass offline and fail at `pulumi up`.
            problems.add(
                ("version",),
                f'a fine-tuned model is deployed as version "{FINE_TUNED_VERSION}", not '
                f"{self.version!r} (its id already names the base version, {tuned.base_version}): "
                f'write version: "{FINE_TUNED_VERSION}" or leave version out',
            )
        problems.raise_if_any()
        return self


class Account(Model):
    kind: AccountKind = Field(
        "OpenAI",
        description="OpenAI (an Azure OpenAI account) or AIServices (a Microsoft Foundry resource: "
        "projects, connections, agents, more models). Default: OpenAI, so existing stacks keep "
        "their meaning; changing an OpenAI account to AIServices is Microsoft's in-place upgrade, "
        "and an account Azure upgraded on its own is kept as it is (docs/foundry.md).",
    )
    allow_project_management: bool | None = Field(
        None,
        description="Projects may be created under the account (Foundry). Default: true for kind "
        "AIServices; not allowed for OpenAI.",
    )
    location: Region | Literal["auto"] | None = Field(
        None, description="Azure region, or auto with placement. Default: azure-openai:location."
    )
    placement: Placement | None = Field(None, description="How to choose the region (location: auto).")
    name: AccountName | None = Field(
        None, description="Account name. Default: <namePrefix>-<environment>-<key>."
    )
    custom_subdomain: Subdomain | None = Field(
        None,
        description="Globally unique subdomain of the endpoint. Default: the account name. null "
        "disables it (only with keys, no network rules, no private endpoints).",
    )
    sku: Literal["S0"] = Field("S0", description="Account SKU; Azure OpenAI offers S0 only.")
    restore: bool = Field(
        False, description="true re-creates the account over a soft-deleted one of the same name."
    )
    local_auth: bool = Field(False, description="Allow API keys. Default: false (Entra ID only).")
    allow_local_auth_when_protected: bool = Field(
        False, description="Acknowledge API keys on a protected stack (localAuth: true there)."
    )
    public_network_access: Literal["Enabled", "Disabled"] | None = Field(
        None, description="Default: Enabled when networkAcls are given, else Disabled."
    )
    restrict_outbound_network_access: bool = Field(
        False, description="Only let the service call out to allowedFqdns."
    )
    allowed_fqdns: list[Fqdn] = Field(
        default_factory=list,
        description="Outbound destinations when outbound access is restricted.",
        json_schema_extra=SECRET_OK,
    )
    network_acls: NetworkAcls | None = Field(None, description="Firewall rules for public access.")
    private_endpoints: dict[MapKey, PrivateEndpoint] = Field(
        default_factory=dict,
        description="Private endpoints (group 'account') by stable key; created after the deployments.",
    )
    managed_identities: ManagedIdentities = Field(
        default_factory=ManagedIdentities, description="Identities of the account."
    )
    customer_managed_key: CustomerManagedKey | None = Field(
        None, description="Encrypt with your Key Vault key. Default: Microsoft-managed keys."
    )
    role_assignments: dict[MapKey, RoleAssignment] = Field(
        default_factory=dict, description="Role assignments on the account, by stable key."
    )
    diagnostic_settings: dict[MapKey, DiagnosticSetting] = Field(
        default_factory=dict, description="Diagnostic settings of the account, by name."
    )
    lock: LockSetting | None = Field(
        None,
        description="Management lock: CanNotDelete or ReadOnly, or {kind, name, notes}. Default: none.",
    )
    tags: Tags = Field(
        default_factory=dict,
        description="Tags of the account and its private endpoints, merged over azure-openai:tags.",
    )
    leave_unset: list[LeaveUnset] = Field(
        default_factory=list,
        description="Account settings left to Azure's default instead of being sent (localAuth, "
        "publicNetworkAccess, restrictOutboundNetworkAccess, allowProjectManagement); aoai adopt "
        "lists those an existing "
        "account has unset, so adopting it changes nothing. Azure's defaults: API keys allowed, "
        "public access Enabled, outbound access unrestricted.",
    )
    content_filters: dict[PolicyName, ContentFilter] = Field(
        default_factory=dict, description="RAI policies to create on the account, by name."
    )
    existing_content_filters: list[PolicyName] = Field(
        default_factory=list,
        description="RAI policies managed outside this stack that deployments may reference.",
    )
    deployments: dict[ArmName, Deployment] = Field(
        default_factory=dict,
        description="Model deployments by deployment name; created one at a time, in name order.",
    )
    blocklists: dict[RaiName, Blocklist] = Field(
        default_factory=dict,
        description="Custom blocklists (terms and regular expressions) content filters can use, by "
        "name; created before the content filters.",
    )
    projects: dict[ArmName, Project] = Field(
        default_factory=dict,
        description="Foundry projects by project name (kind AIServices); created after the "
        "deployments, one at a time.",
    )
    connections: dict[ConnectionName, Connection] = Field(
        default_factory=dict,
        description="Connections of the account (all its projects) to other resources, by name "
        "(kind AIServices); Entra ID authentication.",
    )
    network_injections: list[NetworkInjection] = Field(
        default_factory=list,
        description="Run Foundry agents in your virtual network (kind AIServices).",
    )

    @property
    def project_management(self) -> bool:
        return effective_project_management(self.kind, self.allow_project_management)

    @property
    def subdomain_disabled(self) -> bool:
        return "custom_subdomain" in self.model_fields_set and self.custom_subdomain is None

    @property
    def effective_public_network_access(self) -> str:
        if "publicNetworkAccess" in self.leave_unset:
            return "Enabled"  # Azure's default for an account created without it
        return default_public_network_access(self.public_network_access, self.network_acls is not None)

    @property
    def effective_local_auth(self) -> bool:
        """Whether API keys work: Azure allows them when disableLocalAuth is left unset."""
        return True if "localAuth" in self.leave_unset else self.local_auth

    @model_validator(mode="after")
    def _account_rules(self) -> Account:
        problems = ViolationCollector()
        self._placement_rules(problems)
        self._network_rules(problems)
        self._identity_rules(problems)
        self._content_filter_rules(problems)
        self._foundry_rules(problems)
        problems.raise_if_any()
        return self

    def _foundry_rules(self, problems: ViolationCollector) -> None:
        identities = self.managed_identities
        problems.extend(
            kind_rules(
                STACK_FILE,
                kind=self.kind,
                # Left unset, Azure's default applies: no project management.
                allow_project_management=False
                if "allowProjectManagement" in self.leave_unset
                else self.allow_project_management,
                has_projects=bool(self.projects),
                has_connections=bool(self.connections),
                has_network_injections=bool(self.network_injections),
                has_identity=identities.system_assigned or bool(identities.user_assigned_resource_ids),
            )
        )
        problems.extend(injection_list_rules(STACK_FILE, [i.scenario for i in self.network_injections]))
        problems.extend(
            private_dns_zone_rules(
                STACK_FILE,
                kind=self.kind,
                endpoints={
                    key: list(endpoint.private_dns_zone_ids)
                    for key, endpoint in self.private_endpoints.items()
                },
            )
        )
        problems.extend(
            blocklist_use_rules(
                STACK_FILE,
                declared=list(self.blocklists),
                used={name: list(policy.blocklists) for name, policy in self.content_filters.items()},
            )
        )

    def _placement_rules(self, problems: ViolationCollector) -> None:
        if self.location == AUTO:
            if self.placement is None or not (self.placement.regions or self.placement.data_zone):
                problems.add(
                    ("placement",),
                    "location: auto needs placement.regions (candidates in order) and/or "
                    "placement.dataZone (EU or US)",
                )
        elif self.placement is not None and self.placement.regions:
            problems.add(
                ("placement", "regions"),
                "candidate regions only apply with location: auto; remove them (dataZone and "
                "distinctFrom stay, as rules the pinned location must keep) or set location: auto",
            )
        if self.placement and self.placement.data_zone:
            zone = self.placement.data_zone
            for name, deployment in self.deployments.items():
                if leaves_data_zone(deployment.sku):
                    problems.add(
                        ("deployments", name, "sku"),
                        f"{deployment.sku} may process data in any region, which breaks "
                        f"placement.dataZone {zone}; use {data_zone_instead(deployment.sku)} (or Standard)",
                    )

    def _network_rules(self, problems: ViolationCollector) -> None:
        acls = self.network_acls
        problems.extend(
            network_rules(
                STACK_FILE,
                subdomain_disabled=self.subdomain_disabled,
                has_network_acls=acls is not None,
                has_private_endpoints=bool(self.private_endpoints),
                local_auth=self.effective_local_auth,
                has_allowed_fqdns=bool(self.allowed_fqdns),
                restrict_outbound=self.restrict_outbound_network_access,
                public_network_access=self.public_network_access,
                acls_have_rules=bool(acls and (acls.ip_rules or acls.virtual_network_rules)),
            )
        )

    def _identity_rules(self, problems: ViolationCollector) -> None:
        cmk = self.customer_managed_key
        # A secure value is unknown offline (its placeholder stands there): like an Output, it is
        # passed as None and never compared.
        problems.extend(
            identity_rules(
                STACK_FILE,
                attached=[known(i) for i in self.managed_identities.user_assigned_resource_ids],
                key_identity=known(cmk.user_assigned_identity_resource_id)
                if cmk and cmk.user_assigned_identity_resource_id
                else None,
            )
        )
        if cmk is not None:
            problems.extend(
                customer_managed_key_rules(
                    STACK_FILE,
                    has_identity=cmk.user_assigned_identity_resource_id is not None,
                    has_client_id=cmk.identity_client_id is not None,
                    system_assigned=self.managed_identities.system_assigned,
                )
            )
        for name in self.leave_unset:
            if to_snake(name) in self.model_fields_set:
                problems.add(
                    ("leaveUnset",),
                    f"{name} is both given and left unset; keep one (leaveUnset leaves it to "
                    "Azure's default)",
                )

    def _content_filter_rules(self, problems: ViolationCollector) -> None:
        problems.extend(
            content_filter_rules(
                STACK_FILE,
                declared=self.content_filters,
                existing=self.existing_content_filters,
                wanted_by_deployment={name: d.content_filter for name, d in self.deployments.items()},
            )
        )


@dataclass(frozen=True)
class EndpointRegion:
    location: str
    # given | networkRegions | another endpoint | account (assumed: not knowable offline)
    source: str


def virtual_network_of(subnet_id: str) -> str:
    """The virtual network id of a subnet id (.../virtualNetworks/<vnet>/subnets/<subnet>)."""
    at = subnet_id.lower().rfind("/subnets/")
    return subnet_id[:at] if at >= 0 else subnet_id


class StackConfig(Model):
    """Everything under the `azure-openai:` namespace of one stack file."""

    name_prefix: NamePrefix = Field(description="Required. Lower-case letters, digits, hyphens.")
    environment: EnvironmentName = Field(description="Required. prod or production make the stack protected.")
    protect: bool | None = Field(
        None, description="Override protection. Default: true for prod/production, else false."
    )
    location: Region | None = Field(None, description="Default region for accounts and the resource group.")
    tags: Tags = Field(default_factory=dict, description="Merged into every resource's tags.")
    toolkit_tags: bool = Field(
        True,
        description="Tag every resource with managed-by: azure-openai and environment: <environment>. "
        "aoai adopt sets false when the adopted resources lack them, so adopting changes nothing.",
    )
    role_assignment_naming: RoleAssignmentNaming = Field(
        "toolkit",
        description="How role assignments without a name are named: toolkit (default: this "
        "toolkit's deterministic uuid5, the names stacks have always had), avm (the Azure Verified "
        "Module for Bicep: guid(account id, principal id, role definition id)) or azure (Bicep's "
        "getRoleAssignmentName()). Changing it renames, so replaces, existing assignments.",
    )
    network_regions: dict[VirtualNetworkId, Region] = Field(
        default_factory=dict,
        description="Region of each virtual network private endpoints use, when it is not the "
        "account's: an endpoint must be in its network's region. aoai adopt writes them from Azure.",
    )
    resource_group: ResourceGroup = Field(
        default_factory=ResourceGroup, description="The resource group every resource goes in."
    )
    accounts: dict[MapKey, Account] = Field(
        default_factory=lambda: {"primary": Account()},
        description="Accounts by stable key. Default: one account 'primary' at azure-openai:location.",
    )

    # Top-level keys marked secret (by the engine, or by `secure:` in the stack file).
    _secret_keys: frozenset[str] = PrivateAttr(default_factory=frozenset)

    @property
    def secret_keys(self) -> frozenset[str]:
        return self._secret_keys

    def marked_secret(self, keys: Collection[str]) -> StackConfig:
        """This config, knowing which of its top-level keys are secret."""
        self._secret_keys = frozenset(keys)
        return self

    @property
    def protected(self) -> bool:
        if self.protect is not None:
            return self.protect
        return self.environment in PROTECTED_ENVIRONMENTS

    def account_name(self, key: str) -> str:
        return self.accounts[key].name or f"{self.name_prefix}-{self.environment}-{key}"

    def subdomain(self, key: str) -> str | None:
        account = self.accounts[key]
        if account.subdomain_disabled:
            return None
        return account.custom_subdomain or self.account_name(key).lower()

    def account_location(self, key: str) -> str | None:
        return self.accounts[key].location or self.location

    @property
    def resource_group_name(self) -> str:
        return self.resource_group.name or f"rg-{self.name_prefix}-openai-{self.environment}"

    @property
    def resource_group_location(self) -> str | None:
        if self.resource_group.location or self.location:
            return self.resource_group.location or self.location
        placed = (self.account_location(k) for k in self.accounts)
        return next((loc for loc in placed if loc and loc != AUTO), None)

    @property
    def resource_tags(self) -> dict[str, str]:
        """Tags on every resource: the toolkit's own first, the user's win on conflict."""
        own = {"managed-by": "azure-openai", "environment": self.environment} if self.toolkit_tags else {}
        return {**own, **self.tags}

    def endpoint_location(self, key: str, endpoint_key: str, account_location: str) -> EndpointRegion:
        """Where an account's private endpoint goes, and what that was derived from.

        An endpoint must be in its virtual network's region: its own location, else the network's
        entry in networkRegions, else the location another endpoint of the stack states for the same
        network, else (not knowable offline) the account's region.
        """
        endpoint = self.accounts[key].private_endpoints[endpoint_key]
        if endpoint.location:
            return EndpointRegion(endpoint.location, "given")
        network = virtual_network_of(endpoint.subnet_id)
        regions = {vnet.lower(): region for vnet, region in self.network_regions.items()}
        if network.lower() in regions:
            return EndpointRegion(regions[network.lower()], "networkRegions")
        for other in self.accounts.values():
            for sibling in other.private_endpoints.values():
                if sibling.location and virtual_network_of(sibling.subnet_id).lower() == network.lower():
                    return EndpointRegion(sibling.location, "another endpoint")
        return EndpointRegion(account_location, "account")

    @model_validator(mode="after")
    def _stack_rules(self, info: ValidationInfo) -> StackConfig:
        if (info.context or {}).get(SKIP_STACK_RULES):
            return self
        problems = ViolationCollector()
        if not self.accounts:
            problems.add(("accounts",), "declare at least one account")
        subdomains: dict[str, str] = {}
        names: dict[str, str] = {}
        for key, account in self.accounts.items():
            self._account_in_stack_rules(key, account, problems, info.context or {})
            name = self.account_name(key).lower()
            if name in names:
                problems.add(
                    ("accounts", key, "name"),
                    f"account name {name!r} is also used by accounts.{names[name]}; set a distinct name",
                )
            names.setdefault(name, key)
            subdomain = self.subdomain(key)
            if subdomain is not None and subdomain in subdomains:
                problems.add(
                    ("accounts", key, "customSubdomain"),
                    f"subdomain {subdomain!r} is also used by accounts.{subdomains[subdomain]}; "
                    "subdomains are globally unique, so give each account its own",
                )
            if subdomain is not None:
                subdomains.setdefault(subdomain, key)
        per_region: dict[str, list[str]] = {}
        for key in self.accounts:
            location = self.account_location(key)
            if location not in (None, AUTO):
                per_region.setdefault(str(location), []).append(key)
        for region, keys in sorted(per_region.items()):
            if len(keys) > MAX_ACCOUNTS_PER_REGION:
                problems.add(
                    ("accounts",),
                    f"{len(keys)} accounts in {region}: Azure allows {MAX_ACCOUNTS_PER_REGION} Azure "
                    "OpenAI resources per region per subscription; spread them over regions",
                )
        self._endpoint_region_rules(problems)
        if not self.resource_group.existing and self.resource_group_location is None:
            problems.add(
                ("resourceGroup", "location"),
                "the resource group needs a region: set resourceGroup.location or azure-openai:location",
            )
        problems.raise_if_any()
        return self

    def _endpoint_region_rules(self, problems: ViolationCollector) -> None:
        """A virtual network has one region, so all endpoints in it must be placed there, and what
        the stack states about that region (networkRegions, endpoints' locations) must agree."""
        placed: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
        for key, account in self.accounts.items():
            location = self.account_location(key)
            if not location or location == AUTO:
                continue
            for endpoint_key, endpoint in account.private_endpoints.items():
                if known(endpoint.subnet_id) is None:
                    continue  # a secure subnet id: its network is not known offline
                region = self.endpoint_location(key, endpoint_key, location)
                network = virtual_network_of(endpoint.subnet_id).lower()
                placed.setdefault(network, {}).setdefault(region.location, []).append(
                    (key, endpoint_key, region.source)
                )
        declared = {vnet.lower(): region for vnet, region in self.network_regions.items()}
        for network, by_region in placed.items():
            regions = set(by_region) | ({declared[network]} if network in declared else set())
            if len(regions) < 2:
                continue
            where = "; ".join(
                f"{region}: " + ", ".join(f"accounts.{k}.privateEndpoints.{e}" for k, e, _ in uses)
                for region, uses in sorted(by_region.items())
            )
            if network in declared:
                where += f"; networkRegions: {declared[network]}"
            for uses in by_region.values():
                for key, endpoint_key, source in uses:
                    if source not in ENDPOINT_REGION_FIXES:
                        continue
                    problems.add(
                        ("accounts", key, "privateEndpoints", endpoint_key, "location"),
                        f"the endpoints of virtual network {network.rsplit('/', 1)[-1]} would be "
                        f"placed in different regions ({where}), but a network has one region and "
                        f"an endpoint must be in it: {ENDPOINT_REGION_FIXES[source]}",
                    )

    def _account_in_stack_rules(
        self, key: str, account: Account, problems: ViolationCollector, context: dict[str, Any]
    ) -> None:
        where = ("accounts", key)
        if account.name is None:
            try:
                check_account_name(self.account_name(key))
            except ValueError as err:
                problems.add(
                    (*where, "name"),
                    f"the default name <namePrefix>-<environment>-<key> is invalid: {err}; set name",
                )
        problems.extend(
            default_subdomain_rules(
                STACK_FILE,
                account_name=self.account_name(key),
                has_subdomain=account.custom_subdomain is not None,
                subdomain_disabled=account.subdomain_disabled,
            ),
            prefix=where,
        )
        acls = account.network_acls
        if (
            self.protected
            and acls
            and acls.default_action == "Deny"
            and covers_every_public_address(acls.ip_rules)
        ):
            problems.add(
                (*where, "networkAcls", "ipRules"),
                "these rules together let every public IPv4 address in, which is no firewall at all "
                "on a protected stack; list only the networks that need access, or use private endpoints",
            )
        if self.account_location(key) is None:
            problems.add(
                (*where, "location"),
                "set the account's location (or location: auto with placement), or a default "
                "with azure-openai:location",
            )
        if self.protected and account.location == AUTO and not context.get(ALLOW_AUTO_ON_PROTECTED):
            problems.add(
                (*where, "location"),
                "protected stacks need a pinned region: a region change replaces the account "
                "and its subdomain is blocked for 48 hours. Pin it with `aoai place --stack <stack> "
                "--write`, or set the region yourself",
            )
        problems.extend(
            local_auth_rules(
                STACK_FILE,
                protected=self.protected,
                local_auth=account.effective_local_auth,
                acknowledged=account.allow_local_auth_when_protected,
            ),
            where,
        )
        problems.extend(
            endpoint_name_rules(
                self.account_name(key),
                account.private_endpoints,
                [k for k, e in account.private_endpoints.items() if e.name is not None],
            ),
            where,
        )
        problems.extend(
            developer_tier_rules(
                STACK_FILE,
                protected=self.protected,
                skus={name: d.sku for name, d in account.deployments.items()},
            ),
            where,
        )
        for other in account.placement.distinct_from if account.placement else []:
            if other == key or other not in self.accounts:
                problems.add(
                    (*where, "placement", "distinctFrom"),
                    f"{other!r} is not another account key of this stack "
                    f"(accounts: {', '.join(sorted(self.accounts))})",
                )


# The Foundry parts of an account (foundry.py) build on the models above: imported last, then the
# models that refer to them are completed.
from .foundry import (  # noqa: E402
    AccountKind,
    Blocklist,
    BlocklistUse,
    Connection,
    ConnectionName,
    NetworkInjection,
    Project,
    RaiName,
)

ContentFilter.model_rebuild()
Account.model_rebuild()
StackConfig.model_rebuild()
