"""Reusable annotated types for the stack config: Azure ids, GUIDs, CIDRs, names.

Each validator parses the value (never a loose pattern match) and, when it fails, says what a
valid value looks like, because the message ends up in front of the user verbatim.

Where Azure states a rule twice, the REST specification (tests/fixtures/rest-spec,
Microsoft.CognitiveServices 2025-06-01) and Microsoft's naming rules ("Naming rules and
restrictions for Azure resources", learn.microsoft.com/azure/azure-resource-manager/management/
resource-name-rules) are both applied: the stricter one wins, and the comment says which.

Validators pass offline placeholders of secure values through unchecked (secrets.py): the value
behind them cannot be seen, only where it stands.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator

from .placeholders import is_placeholder

_LOWER_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ARM_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
# Microsoft.CognitiveServices/accounts: the REST spec allows `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`, 2-64
# (accountNameParameter); the naming rules say "Alphanumerics and hyphens. Start and end with
# alphanumeric", 2-64. The naming rules are stricter.
_ACCOUNT_NAME = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$")
_REGION = re.compile(r"^[a-z][a-z0-9]+$")
_DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
_FQDN_LABEL = re.compile(r"^(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$")
# Ranges the service refuses in IP rules: RFC 1918 private networks, plus loopback, link-local and
# "this network". Documentation ranges (203.0.113.0/24, ...) are accepted, as Azure accepts them.
# Also the ranges no client on the internet can have: shared address space of carrier NAT (RFC 6598,
# 100.64.0.0/10), benchmarking (RFC 2544, 198.18.0.0/15), multicast (224.0.0.0/4), and the reserved
# 240.0.0.0/4 with the broadcast address 255.255.255.255 in it (RFC 1112).
NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
# ARM resource ids are URL paths: these characters in a segment break the request or are refused
# by resource providers ("Can't use: <>*%&:\\?/" in the naming rules; "Don't use # in a resource
# name since this interferes with URL parsing").
_ID_FORBIDDEN = set('<>*%&:\\?#"|')
# The checks made for a parameter (a length, a resource type) are module-level functions bound
# with functools.partial, not closures: `make mutate` (mutmut) switches a mutant on when a
# module-level function is called, and a closure is made once, at import, before any mutant runs.
# For the same reason the annotated types below bind their parameters where they are defined, not
# through a small function of their own: such a function runs only at import, so its mutants could
# never be switched on; the lengths it would bind are checked through the types' own edges.


def unless_secret(check: Callable[[str], str]) -> Callable[[str], str]:
    """`check`, except that an offline placeholder of a secure value passes as it is."""
    return partial(_unless_secret, check=check)


def _unless_secret(value: str, *, check: Callable[[str], str]) -> str:
    return value if is_placeholder(value) else check(value)


def _check_lower_name(value: str, *, max_len: int) -> str:
    if not _LOWER_NAME.match(value) or value.endswith("-") or "--" in value:
        raise ValueError(
            "use lower-case letters, digits and single hyphens, starting with a letter "
            f"and not ending with a hyphen (got {value!r})"
        )
    if len(value) > max_len:
        raise ValueError(f"at most {max_len} characters (got {len(value)}: {value!r})")
    return value


def _map_key(value: str) -> str:
    """Keys of maps become parts of logical resource names, so they must be name-safe."""
    if not re.match(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}$", value):
        raise ValueError(
            "keys are stable logical names: letters, digits, '-' and '_', at most 40 characters, "
            f"starting with a letter or digit (got {value!r})"
        )
    return value


def _account_name(value: str) -> str:
    """An account name by the stricter rule (naming rules over the REST spec, see _ACCOUNT_NAME)."""
    if not (2 <= len(value) <= 64) or not _ACCOUNT_NAME.match(value):
        raise ValueError(
            "2 to 64 letters, digits and hyphens, starting and ending with a letter or digit "
            f"(Azure's naming rule for Cognitive Services accounts) (got {value!r})"
        )
    return value


def _arm_name(value: str) -> str:
    """Name rule of the REST spec for deployments and RAI policies (raiPolicyNameParameter's
    pattern; the spec gives deployment names none, so the same one), 2 to 64 characters."""
    if not (2 <= len(value) <= 64) or not _ARM_NAME.match(value):
        raise ValueError(
            "2 to 64 characters: letters, digits, '_', '.' and '-', starting with a letter or digit "
            f"(got {value!r})"
        )
    return value


def _model_token(value: str) -> str:
    """Model name, version and format: the REST spec's modelName/modelVersion pattern."""
    if not (1 <= len(value) <= 64) or not _ARM_NAME.match(value):
        raise ValueError(
            "letters, digits, '_', '.' and '-', starting with a letter or digit, like gpt-4o or "
            f"2024-11-20 (got {value!r})"
        )
    return value


def _subdomain(value: str) -> str:
    """The custom subdomain becomes the first label of <subdomain>.openai.azure.com: a DNS label,
    at most 63 characters (RFC 1035 2.3.4). The REST spec gives customSubDomainName no pattern."""
    if not (2 <= len(value) <= 63) or not _DNS_LABEL.match(value):
        raise ValueError(
            "a DNS label of 2 to 63 lower-case letters, digits and hyphens, starting and ending "
            f"with a letter or digit; it becomes https://<subdomain>.openai.azure.com/ (got {value!r})"
        )
    return value


def _region(value: str) -> str:
    if not _REGION.match(value):
        # Portals and `az account list-locations` show display names ("West Europe") next to
        # the names ARM takes ("westeurope"): point from one to the other.
        name = value.replace(" ", "").lower()
        hint = f"; did you mean {name!r}?" if name != value and _REGION.match(name) else ""
        raise ValueError(
            "an Azure region name in lower case without spaces, like swedencentral or eastus2 "
            f"(got {value!r}){hint}"
        )
    return value


def _guid(value: str) -> str:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise ValueError(
            f"a GUID like 11111111-2222-3333-4444-555555555555 (an object id from Entra ID) (got {value!r})"
        ) from None
    if str(parsed) != value.lower() or len(value) != 36:
        raise ValueError(f"write the GUID in its 8-4-4-4-12 form (got {value!r})")
    return value.lower()


def _principal(value: str) -> str:
    """An object or client id of Entra ID: a GUID, never the all-zero one (no principal has it)."""
    value = _guid(value)
    if uuid.UUID(value).int == 0:
        raise ValueError(
            "00000000-0000-0000-0000-000000000000 is no principal's id; use the object id Entra ID "
            "shows for the user, group or service principal (az ad sp show --id <app> --query id)"
        )
    return value


def _ipv4_rule(value: str) -> str:
    """An Azure AI services IP rule: a public IPv4 address or a public IPv4 CIDR range.

    The service accepts IPv4 only, refuses private (RFC 1918) ranges, and does not support /31
    and /32 ranges (a single address is written without a prefix).
    """
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as err:
        if "has host bits set" in str(err):
            base = ipaddress.ip_network(value, strict=False)
            raise ValueError(
                f"{value!r} has host bits set; write the network address {base.with_prefixlen}"
            ) from None
        raise ValueError(
            f"a public IPv4 address like 203.0.113.7 or a CIDR range like 203.0.113.0/24 (got {value!r})"
        ) from None
    if network.version != 4:
        raise ValueError(f"Azure AI services IP rules accept IPv4 only (got {value!r})")
    if "/" in value and network.prefixlen >= 31:
        raise ValueError(
            f"/31 and /32 ranges are not supported; list the addresses one by one without a "
            f"prefix, e.g. {network.network_address} (got {value!r})"
        )
    if any(network.subnet_of(reserved) for reserved in NOT_PUBLIC):
        raise ValueError(
            f"{value!r} is a private or reserved range; IP rules only match public internet "
            "addresses. Reach the account from a virtual network with virtualNetworkRules or a "
            "private endpoint instead"
        )
    return value


def covers_every_public_address(rules: list[str]) -> bool:
    """Whether IP rules together let every public IPv4 address in (like 0.0.0.0/1 + 128.0.0.0/1).

    Exact and O(n log n): the rules and the non-public ranges as address intervals, merged; they
    admit the whole internet when the merge spans 0.0.0.0 to 255.255.255.255. Offline placeholders
    of secure rules are unknown and count as nothing; rules that do not parse count as nothing.
    """
    intervals = [(int(n.network_address), int(n.broadcast_address)) for n in NOT_PUBLIC]
    for rule in rules:
        if is_placeholder(rule):
            continue
        try:
            network = ipaddress.ip_network(rule, strict=False)
        except ValueError:
            continue
        if network.version == 4:
            intervals.append((int(network.network_address), int(network.broadcast_address)))
    reached = -1  # every address up to here is covered
    for first, last in sorted(intervals):
        if first > reached + 1:
            return False
        reached = max(reached, last)
    return reached >= 2**32 - 1


def _fqdn(value: str) -> str:
    labels = value.lower().rstrip(".").split(".")
    if len(labels) < 2 or len(value) > 253 or not all(_FQDN_LABEL.match(x) for x in labels):
        raise ValueError(f"a host name like api.contoso.com (got {value!r})")
    if "*" in labels[1:]:
        raise ValueError(f"a wildcard may only be the first label, like *.contoso.com (got {value!r})")
    return value


def _https_vault_uri(value: str) -> str:
    parsed = urlparse(value)
    host = parsed.hostname or ""
    if parsed.scheme != "https" or host.count(".") < 2 or parsed.path not in ("", "/"):
        raise ValueError(f"the key vault URI, like https://kv-contoso.vault.azure.net/ (got {value!r})")
    if parsed.query or parsed.fragment or parsed.username:
        raise ValueError(f"the key vault URI must not carry a query, fragment or user (got {value!r})")
    return value


@dataclass(frozen=True)
class ParsedResourceId:
    """An ARM resource id split into its parts."""

    subscription_id: str
    resource_group: str
    provider_namespace: str
    types: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def full_type(self) -> str:
        return "/".join((self.provider_namespace, *self.types))

    @property
    def name(self) -> str:
        return self.names[-1]


def parse_resource_id(value: str) -> ParsedResourceId:
    """Parse `/subscriptions/<guid>/resourceGroups/<rg>/providers/<ns>/<type>/<name>[/<type>/<name>]*`."""
    parts = value.split("/")
    if (
        len(parts) < 9
        or parts[0] != ""
        or parts[1].lower() != "subscriptions"
        or parts[3].lower() != "resourcegroups"
        or parts[5].lower() != "providers"
        or len(parts[7:]) % 2 != 0
        or any(p == "" for p in parts[1:])
    ):
        raise ValueError("not an ARM resource id")
    for part in parts[1:]:
        # Spaces at a segment's ends are among them: str.strip() strips exactly what isspace() says.
        bad = sorted({c for c in part if c in _ID_FORBIDDEN or not c.isprintable() or c.isspace()})
        if bad:
            shown = " ".join(repr(c) for c in bad)
            raise ValueError(f"the segment {part!r} contains {shown}, which Azure resource names cannot")
    _guid(parts[2])
    rest = parts[7:]
    return ParsedResourceId(
        subscription_id=parts[2].lower(),
        resource_group=parts[4],
        provider_namespace=parts[6],
        types=tuple(rest[0::2]),
        names=tuple(rest[1::2]),
    )


def resource_id(expected_type: str, example: str, name_check: Callable[[str], None] | None = None) -> Any:
    """An annotated str that must be the ARM id of a resource of `expected_type`."""
    check = partial(
        _check_resource_id, expected_type=expected_type, example=example, name_check=name_check
    )
    return Annotated[str, AfterValidator(unless_secret(check))]


def _check_resource_id(
    value: str, *, expected_type: str, example: str, name_check: Callable[[str], None] | None
) -> str:
    try:
        parsed = parse_resource_id(value)
    except ValueError as error:
        reason = "" if str(error) == "not an ARM resource id" else f": {error}"
        raise ValueError(
            f"must be the resource id of a {expected_type} resource, like {example}{reason} "
            f"(got {value!r})"
        ) from None
    if parsed.full_type.lower() != expected_type.lower():
        raise ValueError(
            f"must be the resource id of a {expected_type} resource, like {example} (got {value!r})"
        )
    if name_check is not None:
        name_check(parsed.name)
    return value


_SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network"

SubnetId = resource_id(
    "Microsoft.Network/virtualNetworks/subnets",
    f"{_SUB}/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/apps",
)
VirtualNetworkId = resource_id(
    "Microsoft.Network/virtualNetworks",
    f"{_SUB}/providers/Microsoft.Network/virtualNetworks/vnet-apps",
)
# The zone an Azure OpenAI (kind OpenAI) account's private endpoint (group "account") registers
# in, per cloud: "Azure Private Endpoint private DNS zone values", AI services section
# (learn.microsoft.com/azure/private-link/private-endpoint-dns). A Foundry resource (kind
# AIServices) also answers on its cognitiveservices and services.ai names, so its endpoint registers
# in those zones too (docs/foundry.md; foundry_rules.private_dns_zone_rules says which an account
# of each kind needs). Another zone resolves nothing.
OPENAI_PRIVATE_DNS_ZONES = (
    "privatelink.openai.azure.com",
    "privatelink.openai.azure.us",
    "privatelink.openai.azure.cn",
)
FOUNDRY_PRIVATE_DNS_ZONES = (
    "privatelink.cognitiveservices.azure.com",
    "privatelink.services.ai.azure.com",
    "privatelink.cognitiveservices.azure.us",
    "privatelink.services.ai.azure.us",
    "privatelink.cognitiveservices.azure.cn",
    "privatelink.services.ai.azure.cn",
)


def _account_zone(name: str) -> None:
    if name.lower() not in OPENAI_PRIVATE_DNS_ZONES + FOUNDRY_PRIVATE_DNS_ZONES:
        raise ValueError(
            f"the private DNS zone {name!r} is not one an Azure OpenAI or Foundry endpoint registers "
            f"in: use {OPENAI_PRIVATE_DNS_ZONES[0]} ({', '.join(OPENAI_PRIVATE_DNS_ZONES[1:])} in the "
            "US Government and China clouds), and for a Foundry resource (kind AIServices) also "
            f"{FOUNDRY_PRIVATE_DNS_ZONES[0]} and {FOUNDRY_PRIVATE_DNS_ZONES[1]}"
        )


PrivateDnsZoneId = resource_id(
    "Microsoft.Network/privateDnsZones",
    f"{_SUB}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com",
    _account_zone,
)
UserAssignedIdentityId = resource_id(
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    f"{_SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-openai",
)
CognitiveServicesAccountId = resource_id(
    "Microsoft.CognitiveServices/accounts",
    f"{_SUB}/providers/Microsoft.CognitiveServices/accounts/contoso-dev-primary",
)
StorageAccountId = resource_id(
    "Microsoft.Storage/storageAccounts",
    f"{_SUB}/providers/Microsoft.Storage/storageAccounts/stcontosologs",
)
EventHubAuthorizationRuleId = resource_id(
    "Microsoft.EventHub/namespaces/authorizationRules",
    f"{_SUB}/providers/Microsoft.EventHub/namespaces/evhns-contoso/authorizationRules/RootManageSharedAccessKey",
)
ApplicationSecurityGroupId = resource_id(
    "Microsoft.Network/applicationSecurityGroups",
    f"{_SUB}/providers/Microsoft.Network/applicationSecurityGroups/asg-openai-clients",
)
LogAnalyticsWorkspaceId = resource_id(
    "Microsoft.OperationalInsights/workspaces",
    f"{_SUB}/providers/Microsoft.OperationalInsights/workspaces/law-central",
)

NamePrefix = Annotated[str, AfterValidator(partial(_check_lower_name, max_len=24))]
EnvironmentName = Annotated[str, AfterValidator(partial(_check_lower_name, max_len=16))]
MapKey = Annotated[str, AfterValidator(_map_key)]
AccountName = Annotated[str, AfterValidator(_account_name)]
ArmName = Annotated[str, AfterValidator(_arm_name)]
ModelToken = Annotated[str, AfterValidator(_model_token)]
Subdomain = Annotated[str, AfterValidator(_subdomain)]
Region = Annotated[str, AfterValidator(_region)]
Guid = Annotated[str, AfterValidator(unless_secret(_guid))]
PrincipalId = Annotated[str, AfterValidator(unless_secret(_principal))]
IpRule = Annotated[str, AfterValidator(unless_secret(_ipv4_rule))]
Fqdn = Annotated[str, AfterValidator(unless_secret(_fqdn))]
KeyVaultUri = Annotated[str, AfterValidator(unless_secret(_https_vault_uri))]

# Int32, the REST spec's format of Sku.capacity: a larger number cannot even be sent.
INT32_MAX = 2_147_483_647


def _private_ipv4(value: str) -> str:
    """A static private endpoint address: an IPv4 address of a private (RFC 1918) range."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        raise ValueError(f"an IPv4 address from the subnet, like 10.1.2.10 (got {value!r})") from None
    if address.version != 4 or not address.is_private or address.is_loopback or address.is_link_local:
        raise ValueError(
            f"a private IPv4 address from the endpoint's subnet, like 10.1.2.10 (got {value!r})"
        )
    return value


PrivateIpAddress = Annotated[str, AfterValidator(unless_secret(_private_ipv4))]


def _check_resource_name(value: str, *, max_len: int, what: str) -> str:
    """Names of network and extension resources: 1..max_len, no characters ARM refuses in a path."""
    refused = any(c in value for c in '<>%&:\\?/#*+"')
    if not (1 <= len(value) <= max_len) or refused or value != value.strip():
        raise ValueError(
            f"{what}: 1 to {max_len} characters without < > % & : \\ ? / # * + or quotes, and no "
            f"leading or trailing spaces (got {value!r})"
        )
    return value


_NETWORK_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$")


def _check_network_name(value: str, *, min_len: int, max_len: int) -> str:
    """Names of Microsoft.Network resources (endpoints, connections, interfaces, zone groups)."""
    if not (min_len <= len(value) <= max_len) or not _NETWORK_NAME.match(value):
        raise ValueError(
            f"{min_len} to {max_len} letters, digits, '_', '.' and '-', starting with a letter or "
            f"digit and ending with a letter, digit or '_' (got {value!r})"
        )
    return value


# Private endpoint names (2 to 64) and the names of its connection, interface and zone group.
EndpointName = Annotated[str, AfterValidator(partial(_check_network_name, min_len=2, max_len=64))]
NetworkChildName = Annotated[str, AfterValidator(partial(_check_network_name, min_len=1, max_len=80))]
# Locks (Microsoft.Authorization) and diagnostic settings (Microsoft.Insights): up to 260.
ExtensionName = Annotated[str, AfterValidator(partial(_check_resource_name, max_len=260, what="a name"))]


def _link_name(value: str) -> str:
    """Name of a private DNS zone's virtual network link (1 to 80 characters)."""
    if not (1 <= len(value) <= 80) or not _ARM_NAME.match(value) or value.endswith("."):
        raise ValueError(
            "1 to 80 letters, digits, '_', '.' and '-', starting with a letter or digit and not "
            f"ending with '.' (got {value!r})"
        )
    return value


LinkName = Annotated[str, AfterValidator(_link_name)]


def check_arm_name(value: str) -> str:
    """Validate a name by the REST spec's rule for RAI policies and deployments."""
    return _arm_name(value)


def check_account_name(value: str) -> str:
    """Validate a derived account name (<namePrefix>-<environment>-<key>) like a given one."""
    return _account_name(value)


def check_subdomain(value: str) -> str:
    """Validate a derived subdomain (the account name, lower-cased) like a given one."""
    return _subdomain(value)
