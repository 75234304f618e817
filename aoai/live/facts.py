"""Facts fetched from Azure, as plain frozen values: what the checks read.

Converting the SDK's models once, here, keeps the checks pure functions of plain data (tests
build facts directly) and keeps the SDK's optional-everything typing out of the rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from azure.mgmt.cognitiveservices import models as sdk

OPENAI = "OpenAI"
FOUNDRY = "AIServices"
# The model kinds an account of each kind deploys (Models_List items carry a kind): a Foundry
# resource deploys Azure OpenAI models and the other Foundry models.
DEPLOYABLE_KINDS = {OPENAI: (OPENAI,), FOUNDRY: (OPENAI, FOUNDRY)}


def same(a: str | None, b: str | None) -> bool:
    """Azure names (regions, models, SKUs, policies) compare case-insensitively."""
    return (a or "").lower() == (b or "").lower()


def region_key(location: str) -> str:
    """`West Europe`, `WestEurope` and `westeurope` are one region."""
    return location.replace(" ", "").lower()


@dataclass(frozen=True)
class SkuOffer:
    name: str
    usage_name: str | None
    minimum: int | None
    maximum: int | None
    step: int | None
    allowed_values: tuple[int, ...]
    deprecation: datetime.datetime | None
    default: int | None = None


@dataclass(frozen=True)
class ModelOffer:
    """One Models_List item: a model version deployable in the region, and its SKUs."""

    kind: str
    format: str
    name: str
    version: str
    lifecycle_status: str | None
    is_default_version: bool
    inference_deprecation: datetime.datetime | None
    skus: tuple[SkuOffer, ...]
    replacement: str | None = None  # "<model> <version>" the service upgrades this one to
    # Models fine-tuned from this one may be deployed here: finetuneCapabilities.fineTune (or
    # capabilities.fineTune) is "true" (REST spec example ListLocationModels, gpt-4o 2024-08-06).
    fine_tune: bool = False

    def sku(self, name: str) -> SkuOffer | None:
        return next((s for s in self.skus if same(s.name, name)), None)


@dataclass(frozen=True)
class Quota:
    name: str
    current: float
    limit: float

    @property
    def available(self) -> float:
        return self.limit - self.current


@dataclass(frozen=True)
class RegionFacts:
    """Everything preflight needs about one region, fetched once per run."""

    location: str
    models: tuple[ModelOffer, ...]
    quotas: tuple[Quota, ...]
    # Per account kind the stack has in the region: may S0 be created here, and why not.
    account_skus: dict[str, tuple[bool, str | None]] = field(default_factory=dict)

    def account_sku(self, kind: str) -> tuple[bool, str | None] | None:
        return self.account_skus.get(kind)

    def offers(self, model_format: str, model: str, account_kind: str = OPENAI) -> list[ModelOffer]:
        """Versions of a model deployable here to an account of `account_kind`."""
        kinds = DEPLOYABLE_KINDS.get(account_kind, (account_kind,))
        return [
            m
            for m in self.models
            if any(same(m.kind, k) for k in kinds) and same(m.format, model_format) and same(m.name, model)
        ]

    def quota(self, usage_name: str) -> Quota | None:
        return next((q for q in self.quotas if same(q.name, usage_name)), None)


@dataclass(frozen=True)
class NetworkRules:
    default_action: str | None
    bypass: str | None
    ip_rules: frozenset[str]
    subnet_ids: frozenset[str]


@dataclass(frozen=True)
class LiveDeployment:
    name: str
    format: str | None
    model: str | None
    version: str | None
    sku: str | None
    capacity: int | None
    rai_policy: str | None
    version_upgrade: str | None
    provisioning_state: str | None


@dataclass(frozen=True)
class AutoUpgrade:
    """Microsoft's automatic upgrade to Foundry as the account reports it: the `foundryAutoUpgrade`
    block of api-version 2026-01-15-preview (Microsoft Learn, upgrade-azure-openai-auto.md). Its
    statusReason values are not enumerated by the public contract, so it is shown, never parsed."""

    mode: str | None
    planned_by_microsoft: bool | None
    scheduled_at: datetime.datetime | None
    status_reason: str | None


@dataclass(frozen=True)
class LiveAccount:
    """An account as ARM reports it, with its deployments, RAI policies and projects when fetched."""

    name: str
    location: str
    kind: str | None
    sku: str | None
    subdomain: str | None
    public_network_access: str | None
    disable_local_auth: bool | None
    network: NetworkRules | None
    restrict_outbound: bool | None
    allowed_fqdns: frozenset[str]
    provisioning_state: str | None
    deployments: tuple[LiveDeployment, ...] = ()
    rai_policies: tuple[str, ...] = ()
    allow_project_management: bool | None = None
    previous_kind: str | None = None  # set by Azure on an account upgraded to Foundry
    auto_upgrade: AutoUpgrade | None = None
    # Whether the upgrade-status api-version answered: without it, no block means "not read".
    upgrade_status_read: bool = False
    projects: tuple[str, ...] = ()

    def deployment(self, name: str) -> LiveDeployment | None:
        return next((d for d in self.deployments if same(d.name, name)), None)


@dataclass(frozen=True)
class DeletedAccount:
    name: str
    location: str
    resource_group: str
    subdomain: str | None
    scheduled_purge: str | None


@dataclass(frozen=True)
class AccountFacts:
    """Preflight's facts for one account of the stack."""

    live: LiveAccount | None
    # None when the account has no custom subdomain, so nothing was asked.
    subdomain_available: bool | None = None
    subdomain_reason: str | None = None


@dataclass(frozen=True)
class Capacity:
    """Available capacity of one model version and SKU in one region (ModelCapacities_List)."""

    location: str
    model: str
    version: str
    sku: str
    available: float


@dataclass
class PreflightFacts:
    """What preflight fetched; anything missing was not checked (see the report's notChecked)."""

    regions: dict[str, RegionFacts] = field(default_factory=dict)
    accounts: dict[str, AccountFacts] = field(default_factory=dict)
    deleted: tuple[DeletedAccount, ...] | None = None


# -- conversion from the SDK's models ----------------------------------------------------------


def _date(value: Any) -> datetime.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        try:
            parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None  # an unparseable date is not evidence of deprecation
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _properties_of(raw: Any) -> dict[str, Any]:
    properties = raw.get("properties") if isinstance(raw, dict) else None
    return properties if isinstance(properties, dict) else {}


def auto_upgrade(raw_account: Any) -> AutoUpgrade | None:
    """The foundryAutoUpgrade block of a raw account body, read leniently (a preview contract)."""
    block = _properties_of(raw_account).get("foundryAutoUpgrade")
    if not isinstance(block, dict):
        return None

    def text(key: str) -> str | None:
        value = block.get(key)
        return str(value) if value is not None else None

    planned = block.get("plannedByMicrosoft")
    return AutoUpgrade(
        mode=text("mode"),
        planned_by_microsoft=planned if isinstance(planned, bool) else None,
        scheduled_at=_date(block.get("scheduledAt")),
        status_reason=text("statusReason"),
    )


def previous_kind(raw_account: Any) -> str | None:
    """The read-only previous kind of an upgraded account (the docs spell it previouskind too)."""
    properties = _properties_of(raw_account)
    value = next((v for k, v in properties.items() if k.lower() == "previouskind"), None)
    return str(value) if value else None


def live_account(
    account: sdk.Account,
    deployments: list[sdk.Deployment] | None = None,
    rai_policies: list[sdk.RaiPolicy] | None = None,
    raw: dict[str, Any] | None = None,
    projects: list[sdk.Project] | None = None,
) -> LiveAccount:
    props = account.properties or sdk.AccountProperties()
    acls = props.network_acls
    network = None
    if acls is not None:
        network = NetworkRules(
            default_action=acls.default_action,
            bypass=acls.bypass,
            ip_rules=frozenset(r.value for r in acls.ip_rules or [] if r.value),
            subnet_ids=frozenset(r.id.lower() for r in acls.virtual_network_rules or [] if r.id),
        )
    return LiveAccount(
        name=account.name or "",
        location=account.location or "",
        kind=account.kind,
        sku=account.sku.name if account.sku else None,
        subdomain=props.custom_sub_domain_name,
        public_network_access=props.public_network_access,
        disable_local_auth=props.disable_local_auth,
        network=network,
        restrict_outbound=props.restrict_outbound_network_access,
        allowed_fqdns=frozenset(props.allowed_fqdn_list or []),
        provisioning_state=props.provisioning_state,
        deployments=tuple(live_deployment(d) for d in deployments or []),
        rai_policies=tuple(p.name for p in rai_policies or [] if p.name),
        allow_project_management=props.allow_project_management,
        previous_kind=previous_kind(raw),
        auto_upgrade=auto_upgrade(raw),
        upgrade_status_read=raw is not None,
        # Azure names projects "<account>/<project>" in some answers: keep the project's own name.
        projects=tuple(sorted((p.name or "").rsplit("/", 1)[-1] for p in projects or [] if p.name)),
    )


def live_deployment(item: sdk.Deployment) -> LiveDeployment:
    props = item.properties or sdk.DeploymentProperties()
    model = props.model
    return LiveDeployment(
        name=item.name or "",
        format=model.format if model else None,
        model=model.name if model else None,
        version=model.version if model else None,
        sku=item.sku.name if item.sku else None,
        capacity=item.sku.capacity if item.sku else None,
        rai_policy=props.rai_policy_name,
        version_upgrade=props.version_upgrade_option,
        provisioning_state=props.provisioning_state,
    )


def resource_group_of(resource_id: str | None) -> str | None:
    """The resource group segment of an ARM id (/subscriptions/<s>/resourceGroups/<rg>/...)."""
    parts = (resource_id or "").split("/")
    lowered = [p.lower() for p in parts]
    try:
        return parts[lowered.index("resourcegroups") + 1] or None
    except (ValueError, IndexError):
        return None


def listed_account(
    item: sdk.Account, raw: dict[str, Any] | None = None
) -> tuple[tuple[str, str], LiveAccount] | None:
    """An Accounts_List item keyed by (resource group, name), lower-cased as Azure compares them;
    `raw` is its body when the list was read at the api-version that reports the upgrade status."""
    resource_group = resource_group_of(item.id)
    if resource_group is None or not item.name:
        return None
    return (resource_group.lower(), item.name.lower()), live_account(item, raw=raw)


# Why ARM restricts a SKU in a region (ResourceSkuRestrictions.reasonCode), in words.
RESTRICTION_REASONS = {
    "quotaid": "the subscription lacks the quota id or feature it requires (SpecialFeatureOrQuotaIdRequired)",
    "notavailableforsubscription": "it is not available to this subscription there",
}


def account_sku_availability(
    items: Iterable[sdk.ResourceSku], kind: str = "OpenAI", sku: str = "S0"
) -> dict[str, tuple[bool, str | None]]:
    """Per region: may this subscription create `kind` accounts of `sku` there, and why not.

    From ResourceSkus_List, the subscription-wide list `az cognitiveservices account list-skus`
    also reads: one entry per kind, SKU and location, with the locations where the subscription
    may not use it under `restrictions`. A region the list does not name is not offered at all
    (the caller reports it so); a restricted one maps to False and ARM's reason code.
    """
    available: dict[str, tuple[bool, str | None]] = {}
    for item in items:
        if not (same(item.resource_type, "accounts") and same(item.kind, kind) and same(item.name, sku)):
            continue
        restricted: dict[str, str] = {}
        for restriction in item.restrictions or []:
            if not same(restriction.type, "Location"):
                continue  # availability zones do not decide whether an account can be created
            info = restriction.restriction_info
            where = [*(restriction.values or []), *((info.locations or []) if info else [])]
            code = restriction.reason_code or "no reason given"
            why = RESTRICTION_REASONS.get(code.lower(), f"restricted ({code})")
            restricted.update({region_key(r): why for r in where})
        for location in item.locations or []:
            region = region_key(location)
            if available.get(region, (False, None))[0]:
                continue  # another entry already allows it
            reason = restricted.get(region)
            available[region] = (reason is None, reason)
    return available


def deleted_account(item: sdk.Account) -> DeletedAccount | None:
    # The id is /subscriptions/<s>/providers/Microsoft.CognitiveServices/locations/<l>/
    # resourceGroups/<rg>/deletedAccounts/<n>
    parts = (item.id or "").split("/")
    lowered = [p.lower() for p in parts]
    try:
        location = parts[lowered.index("locations") + 1]
        resource_group = parts[lowered.index("resourcegroups") + 1]
    except (ValueError, IndexError):
        return None
    props = item.properties
    return DeletedAccount(
        name=item.name or parts[-1],
        location=item.location or location,
        resource_group=resource_group,
        subdomain=props.custom_sub_domain_name if props else None,
        scheduled_purge=props.scheduled_purge_date if props else None,
    )


def capacity(item: sdk.ModelCapacityListResultValueItem) -> Capacity | None:
    props = item.properties
    if props is None or props.model is None or item.location is None:
        return None
    return Capacity(
        location=region_key(item.location),
        model=props.model.name or "",
        version=props.model.version or "",
        sku=props.sku_name or item.name or "",
        available=float(props.available_capacity or 0),
    )
