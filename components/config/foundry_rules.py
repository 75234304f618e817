"""Cross-field rules of the Foundry parts of the contract, for both doors (see rules.py).

Sources (docs/foundry.md has the list with dates):
- a Foundry resource is an account of kind AIServices with allowProjectManagement; projects,
  connections and agent network injection exist only there, and the upgrade from OpenAI needs a
  managed identity (Microsoft Learn, upgrade-azure-openai.md, ms.date 2026-01-07);
- its endpoints answer on three FQDNs, so a private endpoint registers in three privatelink zones
  (the same page, "Private network configuration"; configure-private-link.md);
- Developer deployments (DeveloperTier) evaluate fine-tuned models: no SLA, no data residency,
  deleted after 24 hours (deployment-types content, ms.date 2026-05-08).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .rules import Key, Spelling, Violation
from .types import FOUNDRY_PRIVATE_DNS_ZONES, OPENAI_PRIVATE_DNS_ZONES, parse_resource_id

OPENAI = "OpenAI"
AI_SERVICES = "AIServices"
DEVELOPER_SKU = "DeveloperTier"

# The privatelink zones an account's endpoint (group `account`) registers in, by kind.
PRIVATE_DNS_ZONES: dict[str, tuple[str, ...]] = {
    OPENAI: ("privatelink.openai.azure.com",),
    AI_SERVICES: (
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    ),
}
KNOWN_ZONES = frozenset(OPENAI_PRIVATE_DNS_ZONES + FOUNDRY_PRIVATE_DNS_ZONES)


def effective_project_management(kind: str, explicit: bool | None) -> bool:
    """allowProjectManagement: as given, else on for Foundry resources (what Foundry needs)."""
    if explicit is not None:
        return explicit
    return kind == AI_SERVICES


def kind_rules(
    spell: Spelling,
    *,
    kind: str,
    allow_project_management: bool | None,
    has_projects: bool,
    has_connections: bool,
    has_network_injections: bool,
    has_identity: bool,
) -> list[Violation]:
    """What needs a Foundry resource, and what a Foundry resource with projects needs."""
    found: list[Violation] = []
    foundry = spell.setting("kind", AI_SERVICES)
    if kind != AI_SERVICES:
        parts = (
            ("projects", has_projects),
            ("connections", has_connections),
            ("network_injections", has_network_injections),
        )
        for field, present in parts:
            if present:
                found.append(
                    (
                        (field,),
                        f"{spell.field(field)} belong to a Foundry resource: set {foundry} (an "
                        f"{kind} account has none; changing an existing OpenAI account to "
                        "AIServices is Microsoft's in-place upgrade)",
                    )
                )
        if allow_project_management:
            found.append(
                (
                    ("allow_project_management",),
                    f"project management needs {foundry}; remove "
                    f"{spell.field('allow_project_management')} from this {kind} account",
                )
            )
        return found
    if has_projects and allow_project_management is False:
        found.append(
            (
                ("projects",),
                f"projects need {spell.setting('allow_project_management', True)} (the default for "
                f"{foundry})",
            )
        )
    if effective_project_management(kind, allow_project_management) and not has_identity:
        found.append(
            (
                ("managed_identities",),
                "a Foundry resource with project management needs a managed identity (Microsoft's "
                f"upgrade requires one): set {spell.setting('system_assigned', True)} or list "
                f"{spell.field('user_assigned_resource_ids')} under {spell.field('managed_identities')}",
            )
        )
    return found


def project_identity_rules(spell: Spelling, *, system_assigned: bool, user_assigned: int) -> list[Violation]:
    if system_assigned or user_assigned:
        return []
    return [
        (
            ("managed_identities",),
            "a project needs a managed identity: it reaches its connections and tools with it. "
            f"Set {spell.setting('system_assigned', True)} (the default) or list "
            f"{spell.field('user_assigned_resource_ids')}",
        )
    ]


def network_injection_rules(spell: Spelling, *, has_subnet: bool, managed_network: bool) -> list[Violation]:
    if managed_network and has_subnet:
        return [
            (
                ("subnet_id",),
                f"give {spell.field('subnet_id')} or "
                f"{spell.setting('use_microsoft_managed_network', True)}, not both",
            )
        ]
    if not managed_network and not has_subnet:
        return [
            (
                ("subnet_id",),
                "the subnet the agents run in (delegated to Microsoft.App/environments), or "
                f"{spell.setting('use_microsoft_managed_network', True)}",
            )
        ]
    return []


def injection_list_rules(spell: Spelling, scenarios: Sequence[str]) -> list[Violation]:
    seen: set[str] = set()
    found: list[Violation] = []
    for index, scenario in enumerate(scenarios):
        if scenario in seen:
            found.append(
                (
                    ("network_injections", index, "scenario"),
                    f"scenario {scenario!r} is listed twice: an account takes one entry of "
                    f"{spell.field('network_injections')} per scenario; remove this one",
                )
            )
        seen.add(scenario)
    return found


def _zone_family(zone: str) -> tuple[str, str]:
    """(family, cloud suffix) of an account zone: ("openai", "com") for privatelink.openai.azure.com."""
    head, _, suffix = zone.lower().removeprefix("privatelink.").rpartition(".azure.")
    return head, suffix


def _needed_zones(kind: str, cloud: str) -> list[str]:
    """The zones an account of `kind` in the cloud with zone suffix `cloud` registers in.

    Public cloud: the three of PRIVATE_DNS_ZONES. Microsoft lists no services.ai zone for the US
    Government and China clouds (private-endpoint-dns, "Government" and "China" tables: AI services
    `account` registers in cognitiveservices and openai), so there a Foundry resource needs two.
    """
    families = [_zone_family(zone)[0] for zone in PRIVATE_DNS_ZONES[kind]]
    if cloud != "com":
        families = [family for family in families if family != "services.ai"]
    return [f"privatelink.{family}.azure.{cloud}" for family in families]


def private_dns_zone_rules(
    spell: Spelling, *, kind: str, endpoints: Mapping[str, Sequence[str | None]]
) -> list[Violation]:
    """An account's endpoint registers in the zones of its names: the openai zone always, and for a
    Foundry resource its cognitiveservices and services.ai zones too. The Foundry zones are
    accepted on an OpenAI account (they prepare it for the upgrade, when its endpoint answers on
    those names; upgrade-azure-openai.md, "Private network configuration").

    `endpoints` maps an endpoint key to its zone ids (None: not known yet, e.g. an Output); an
    endpoint with an unknown zone id is not checked.
    """
    found: list[Violation] = []
    for key, zone_ids in endpoints.items():
        if not zone_ids or any(z is None for z in zone_ids):
            continue
        names = set()
        for zone_id in zone_ids:
            try:
                names.add(parse_resource_id(str(zone_id)).name.lower())
            except ValueError:
                return []  # reported by the id's own type check
        if not names <= KNOWN_ZONES:
            continue  # another zone: the stack file's type check refuses it, Python args may use it
        clouds = {_zone_family(name)[1] for name in names}
        if len(clouds) > 1:
            found.append(
                (
                    ("private_endpoints", Key(key), "private_dns_zone_ids"),
                    f"the zones are of different clouds ({', '.join(sorted(names))}): an endpoint "
                    "registers in the zones of its own cloud only",
                )
            )
            continue
        missing = [zone for zone in _needed_zones(kind, clouds.pop()) if zone not in names]
        if not missing:
            continue
        if kind == AI_SERVICES:
            message = (
                "a Foundry resource answers on its openai, cognitiveservices and services.ai names: "
                f"add the zone(s) {', '.join(missing)}"
            )
        else:
            message = f"an Azure OpenAI endpoint registers in {missing[0]}: add that zone"
        found.append(
            (
                ("private_endpoints", Key(key), "private_dns_zone_ids"),
                f"{message} ({spell.create_zone_hint.removeprefix('or ')})",
            )
        )
    return found


def blocklist_use_rules(
    spell: Spelling, *, declared: Collection[str], used: Mapping[str, Collection[str]]
) -> list[Violation]:
    """Every blocklist a content filter uses is one of the account's blocklists."""
    found: list[Violation] = []
    for policy, blocklists in used.items():
        for name in blocklists:
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none declared"
                found.append(
                    (
                        ("content_filters", Key(policy), "blocklists", Key(name)),
                        f"{name!r} is not a blocklist of this account ({known}); declare it under "
                        f"{spell.field('blocklists')}",
                    )
                )
    return found


def developer_tier_rules(
    spell: Spelling, *, protected: bool, skus: Mapping[str, str | None]
) -> list[Violation]:
    """Developer deployments are for evaluating fine-tuned models, never for protected stacks."""
    if not protected:
        return []
    return [
        (
            ("deployments", Key(name), "sku"),
            f"{DEVELOPER_SKU} deployments evaluate fine-tuned models: no SLA, no data residency, and "
            f"Azure deletes them after 24 hours, so a protected {spell.protected_thing} cannot keep "
            "one; use Standard, GlobalStandard or a provisioned SKU",
        )
        for name, sku in skus.items()
        if sku == DEVELOPER_SKU
    ]
