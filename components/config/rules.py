"""Cross-field rules of the contract, written once for both doors into the components.

The stack file's models (models.py validators) and the components' Args (..args.check_args) call
these same functions. They take plain values and return violations: a path of Python field names
(snake_case), map keys (`Key`) and list indexes, and a message. Each door spells field names and
values its own way (`Spelling`): the stack file writes `networkAcls` and `true`, the Python API
`network_acls` and `True`. Values that are not known yet (Pulumi Outputs) are passed as None
and never compared, so a rule only fires on what it can actually see.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from pydantic.alias_generators import to_camel

from .types import check_subdomain

BUILTIN_CONTENT_FILTERS = ("Microsoft.Default", "Microsoft.DefaultV2")
# Azure's limit for a private endpoint's name.
MAX_ENDPOINT_NAME = 64


class Key(str):
    """A map key inside a violation path: printed as given, never re-cased."""

    __slots__ = ()


Path = tuple[str | int, ...]
Violation = tuple[Path, str]


@dataclass(frozen=True)
class Spelling:
    """How one door writes field names, settings and the fixes that differ between doors."""

    field: Callable[[str], str]
    setting: Callable[[str, object], str]
    # The switch that turns the custom subdomain off, and how to undo it.
    subdomain_switch: str
    remove_subdomain_switch: str
    # How to get a privatelink zone created when none is named.
    create_zone_hint: str
    # What protect=True is called at this door.
    protected_thing: str
    # How this door checks against a catalog that knows regions the one in use does not.
    newer_catalog_hint: str


def _yaml_value(value: object) -> str:
    if value is None or isinstance(value, bool):
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


STACK_FILE = Spelling(
    field=to_camel,
    setting=lambda name, value: f"{to_camel(name)}: {_yaml_value(value)}",
    subdomain_switch="custom_subdomain",
    remove_subdomain_switch="remove 'customSubdomain: null'",
    create_zone_hint="or set createPrivateDnsZone: {virtualNetworkIds: [...]} to create one",
    protected_thing="stack",
    newer_catalog_hint="refresh the catalog from Azure (`aoai catalog refresh`)",
)

PYTHON_ARGS = Spelling(
    field=lambda name: name,
    setting=lambda name, value: f"{name}={value!r}",
    subdomain_switch="disable_custom_subdomain",
    remove_subdomain_switch="drop disable_custom_subdomain",
    create_zone_hint="or create one with the PrivateDnsZone component and pass its zone_id",
    protected_thing="account (protect=True)",
    newer_catalog_hint="pass a refreshed catalog: OpenAIAccount(..., catalog=load_catalog(path))",
)


def default_public_network_access(explicit: str | None, has_network_acls: bool) -> str:
    """Secure default: public access only when firewall rules say who may come in."""
    if explicit is not None:
        return explicit
    return "Enabled" if has_network_acls else "Disabled"


def network_rules(
    spell: Spelling,
    *,
    subdomain_disabled: bool,
    has_network_acls: bool,
    has_private_endpoints: bool,
    local_auth: bool,
    has_allowed_fqdns: bool,
    restrict_outbound: bool,
    public_network_access: str | None,
    acls_have_rules: bool,
) -> list[Violation]:
    found: list[Violation] = []
    if subdomain_disabled:
        reasons = []
        if has_network_acls:
            reasons.append(spell.field("network_acls"))
        if has_private_endpoints:
            reasons.append(spell.field("private_endpoints"))
        if not local_auth:
            reasons.append(f"Entra ID authentication ({spell.setting('local_auth', False)})")
        if reasons:
            found.append(
                (
                    (spell.subdomain_switch,),
                    f"a custom subdomain is required with {', '.join(reasons)}; "
                    f"{spell.remove_subdomain_switch} to use the account name",
                )
            )
    if has_allowed_fqdns and not restrict_outbound:
        found.append(
            (
                ("allowed_fqdns",),
                f"{spell.field('allowed_fqdns')} only apply with "
                f"{spell.setting('restrict_outbound_network_access', True)}",
            )
        )
    if public_network_access == "Disabled" and has_network_acls and acls_have_rules:
        found.append(
            (
                ("network_acls",),
                f"with {spell.setting('public_network_access', 'Disabled')} the firewall rules never "
                f"apply; remove {spell.field('public_network_access')} (it defaults to Enabled with "
                f"{spell.field('network_acls')}) or the rules",
            )
        )
    return found


def network_acl_rules(
    spell: Spelling,
    *,
    default_action: str,
    ip_rules: Sequence[str | None],
    subnet_ids: Sequence[str | None],
) -> list[Violation]:
    """Rules that make firewall rules meaningful. Unknown entries (None) are skipped."""
    found: list[Violation] = []
    if default_action == "Allow" and (ip_rules or subnet_ids):
        found.append(
            (
                ("default_action",),
                f"with Allow every network gets in, so {spell.field('ip_rules')} and "
                f"{spell.field('virtual_network_rules')} have no effect; use Deny",
            )
        )
    seen: set[str] = set()
    for index, rule in enumerate(ip_rules):
        if rule is None:
            continue
        if rule in seen:
            found.append((("ip_rules", index), f"{rule!r} is listed twice"))
        seen.add(rule)
    subnets: list[str] = []
    for index, subnet in enumerate(subnet_ids):
        if subnet is None:
            continue
        if subnet.lower() in subnets:
            found.append((("virtual_network_rules", index, "subnet_id"), "this subnet is listed twice"))
        subnets.append(subnet.lower())
    return found


def private_dns_rules(spell: Spelling, *, has_zone_ids: bool, creates_zone: bool) -> list[Violation]:
    if has_zone_ids and creates_zone:
        return [
            (
                ("create_private_dns_zone",),
                f"give either {spell.field('private_dns_zone_ids')} (existing zones) or "
                f"{spell.field('create_private_dns_zone')}, not both",
            )
        ]
    if not has_zone_ids and not creates_zone:
        return [
            (
                ("private_dns_zone_ids",),
                "name the privatelink.openai.azure.com zone(s) to register the endpoint in, "
                f"{spell.create_zone_hint}; without DNS the endpoint's private address is never used",
            )
        ]
    return []


def identity_rules(
    spell: Spelling, *, attached: Sequence[str | None], key_identity: str | None
) -> list[Violation]:
    """User-assigned identities listed once; the customer-managed key's identity attached.

    `attached` holds None for identities not known yet; `key_identity` is None when there is no
    customer-managed key or its identity is not known yet. The second rule needs every identity.
    """
    found: list[Violation] = []
    known = [identity.lower() for identity in attached if identity is not None]
    seen: set[str] = set()
    for index, identity in enumerate(attached):
        if identity is None:
            continue
        if identity.lower() in seen:
            found.append((("managed_identities", "user_assigned_resource_ids", index), "listed twice"))
        seen.add(identity.lower())
    if key_identity is not None and len(known) == len(attached) and key_identity.lower() not in known:
        where = f"{spell.field('managed_identities')}.{spell.field('user_assigned_resource_ids')}"
        found.append(
            (
                ("customer_managed_key", "user_assigned_identity_resource_id"),
                f"add this identity to {where}: the account reads the key with it, and a "
                "system-assigned identity does not exist yet when the account is created",
            )
        )
    return found


def content_filter_rules(
    spell: Spelling,
    *,
    declared: Collection[str],
    existing: Sequence[str],
    wanted_by_deployment: Mapping[str, str | None],
) -> list[Violation]:
    """Every policy a deployment names exists: declared here, managed elsewhere, or built in."""
    found: list[Violation] = []
    for name in existing:
        if name in declared:
            found.append(
                (
                    ("existing_content_filters",),
                    f"{name!r} is also declared in {spell.field('content_filters')}; list it in one place",
                )
            )
    known = {*declared, *existing, *BUILTIN_CONTENT_FILTERS}
    for deployment, wanted in wanted_by_deployment.items():
        if wanted is not None and wanted not in known:
            choices = ", ".join(sorted(known))
            found.append(
                (
                    ("deployments", Key(deployment), "content_filter"),
                    f"{wanted!r} is not a content filter of this account; use one of {choices}, "
                    f"or list a policy managed elsewhere in {spell.field('existing_content_filters')}",
                )
            )
    return found


def local_auth_rules(
    spell: Spelling, *, protected: bool, local_auth: bool, acknowledged: bool
) -> list[Violation]:
    if protected and local_auth and not acknowledged:
        return [
            (
                ("local_auth",),
                f"API keys on a protected {spell.protected_thing}: use Entra ID "
                f"({spell.setting('local_auth', False)}), or set "
                f"{spell.setting('allow_local_auth_when_protected', True)} to accept the risk explicitly",
            )
        ]
    return []


def account_region_rules(
    spell: Spelling, *, region: str | None, offered: Collection[str], catalog: str
) -> list[Violation]:
    """An account can only be created in a region that offers Azure OpenAI: one the catalog
    (`catalog` names it) lists. `region` None: not known yet (an Output), nothing to check."""
    if region is None or region in offered:
        return []
    close = difflib.get_close_matches(region, sorted(offered), n=2)
    fix = (
        f"did you mean {', '.join(close)}?"
        if close
        else f"use one of {', '.join(sorted(offered))}; if Azure offers Azure OpenAI there now, "
        f"{spell.newer_catalog_hint}"
    )
    return [(("location",), f"{region!r} offers no Azure OpenAI models in the catalog ({catalog}); {fix}")]


def default_subdomain_rules(
    spell: Spelling,
    *,
    account_name: str | None,
    has_subdomain: bool,
    subdomain_disabled: bool,
) -> list[Violation]:
    """Without a custom subdomain the account name, lower-cased, becomes it: it must be one.

    `account_name` None: not known yet (an Output), nothing to check."""
    if account_name is None or has_subdomain or subdomain_disabled:
        return []
    try:
        check_subdomain(account_name.lower())
    except ValueError as err:
        return [
            (
                ("custom_subdomain",),
                f"the default subdomain (the account name in lower case) is invalid: {err}; set "
                f"{spell.field('custom_subdomain')}",
            )
        ]
    return []


def private_endpoint_name(account_name: str, endpoint_key: str) -> str:
    """Azure name of an account's private endpoint (also used by the network component)."""
    return f"pe-{account_name}-{endpoint_key}"


def endpoint_name_rules(
    account_name: str,
    endpoint_keys: Collection[str],
    named: Collection[str] = (),
) -> list[Violation]:
    """Endpoints named pe-<account>-<key> stay within Azure's limit; `named` keys have own names."""
    found: list[Violation] = []
    for key in endpoint_keys:
        if key in named:
            continue
        name = private_endpoint_name(account_name, key)
        if len(name) > MAX_ENDPOINT_NAME:
            found.append(
                (
                    ("private_endpoints", Key(key)),
                    f"the endpoint would be named {name!r} ({len(name)} characters, Azure allows "
                    f"{MAX_ENDPOINT_NAME}); use a shorter key or account name, or set its name",
                )
            )
    return found


def condition_rules(spell: Spelling, *, has_condition: bool, has_version: bool) -> list[Violation]:
    """An ABAC condition's version only with a condition (ARM refuses a version alone)."""
    if has_version and not has_condition:
        return [
            (
                ("condition_version",),
                f"{spell.field('condition_version')} only applies with a {spell.field('condition')}; "
                "remove it or add the condition",
            )
        ]
    return []


def diagnostic_destination_rules(
    spell: Spelling,
    *,
    destinations: Sequence[str],
    has_event_hub_name: bool,
    has_event_hub_rule: bool,
    has_destination_type: bool,
    has_workspace: bool,
    sends_anything: bool,
) -> list[Violation]:
    """A diagnostic setting sends something somewhere, and each option belongs to its destination.

    `destinations` are the destination fields that are set (workspace, storage, Event Hub rule).
    """
    found: list[Violation] = []
    if not destinations:
        choices = ", ".join(
            spell.field(name)
            for name in (
                "workspace_resource_id",
                "storage_account_resource_id",
                "event_hub_authorization_rule_resource_id",
            )
        )
        found.append((("workspace_resource_id",), f"give at least one destination: {choices}"))
    if has_event_hub_name and not has_event_hub_rule:
        found.append(
            (
                ("event_hub_name",),
                f"{spell.field('event_hub_name')} needs "
                f"{spell.field('event_hub_authorization_rule_resource_id')} (the namespace's "
                "authorization rule the setting sends with)",
            )
        )
    if has_destination_type and not has_workspace:
        found.append(
            (
                ("log_analytics_destination_type",),
                f"{spell.field('log_analytics_destination_type')} only applies with "
                f"{spell.field('workspace_resource_id')}",
            )
        )
    if not sends_anything:
        found.append(
            (
                ("metrics",),
                "the setting sends nothing: give log categories or category groups, or metrics",
            )
        )
    return found


def manual_connection_rules(spell: Spelling, *, manual: bool, has_message: bool) -> list[Violation]:
    if has_message and not manual:
        return [
            (
                ("manual_connection_request_message",),
                f"{spell.field('manual_connection_request_message')} is only sent with "
                f"{spell.setting('is_manual_connection', True)}",
            )
        ]
    return []


def customer_managed_key_rules(
    spell: Spelling, *, has_identity: bool, has_client_id: bool, system_assigned: bool
) -> list[Violation]:
    """The key is read by a user-assigned identity (id and client id) or the system-assigned one."""
    if has_identity != has_client_id:
        missing = "identity_client_id" if has_identity else "user_assigned_identity_resource_id"
        return [
            (
                ("customer_managed_key", missing),
                f"give {spell.field('user_assigned_identity_resource_id')} and "
                f"{spell.field('identity_client_id')} together (a user-assigned identity reads the key), "
                "or neither (the system-assigned identity reads it)",
            )
        ]
    if not has_identity and not system_assigned:
        return [
            (
                ("customer_managed_key",),
                "without a user-assigned identity the account reads the key with its system-assigned "
                f"identity: set {spell.field('managed_identities')}."
                f"{spell.setting('system_assigned', True)}, or name a user-assigned identity",
            )
        ]
    return []


def reachable_from_nowhere(public_network_access: str, has_private_endpoints: bool) -> str | None:
    """Warning text for an account nothing can call, or None.

    With public network access Disabled only private endpoints reach the account (trusted Azure
    services bypass the firewall rules, not a disabled public endpoint).
    """
    if public_network_access == "Disabled" and not has_private_endpoints:
        return (
            "public network access is Disabled and the account has no private endpoints, so nothing "
            "can reach it: add privateEndpoints, or networkAcls (public access then defaults to "
            "Enabled for the listed networks). Ignore this if its private endpoints are managed "
            "outside this stack"
        )
    return None
