"""The Microsoft Foundry parts of the stack contract: account kind, projects, connections, agent
network injection and custom blocklists (as pydantic models, camelCase in the stack file).

Shapes follow the REST specification of Microsoft.CognitiveServices 2025-06-01, the api-version
pulumi-azure-native 3.29 sends (tests/fixtures/rest-spec): `accounts/projects` (ProjectProperties:
displayName, description; an Identity), `accounts[/projects]/connections`
(ConnectionPropertiesV2 with authType AAD), `raiBlocklists[/raiBlocklistItems]` and
AccountProperties.networkInjections. Facts from Microsoft's documentation are cited where used
(docs/foundry.md lists the pages and their dates).

models.py imports these at its end and completes `Account` with them; the cross-field rules both
doors share are in foundry_rules.py.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .errors import ViolationCollector
from .foundry_rules import network_injection_rules, project_identity_rules
from .models import ManagedIdentities, Model, RoleAssignment
from .rules import STACK_FILE
from .secrets import SECRET_OK
from .types import MapKey, Region, SubnetId, parse_resource_id, unless_secret

AccountKind = Literal["OpenAI", "AIServices"]

# The blocklist service limits (Microsoft Learn, "How to use blocklists in Microsoft Foundry
# models", how-to-use-blocklists-1.md, ms.date 2026-03-20): 10,000 terms per list, 1,000
# characters per term.
MAX_BLOCKLIST_ITEMS = 10_000
MAX_BLOCKLIST_PATTERN = 1_000

# Path parameter patterns of the 2025-06-01 specification: ConnectionName, and the RAI blocklist
# and blocklist item names (raiBlocklistNameParameter, raiBlocklistItemNameParameter).
_CONNECTION_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$")
_RAI_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
# ConnectionCategory is an extensible enum (modelAsString): Foundry's own samples use values newer
# than the 2025-06-01 list (AzureStorageAccount, AppInsights), so any category token is accepted.
_CATEGORY = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,63}$")
# .NET constructs (the service's regex flavour) that Python's re lacks, rewritten into Python
# constructs of the same shape, so the syntax check does not refuse a pattern the service takes:
# named groups `(?<name>` and `(?'name'`, back-references `\k<name>` and `\k'name'`, and Unicode
# categories and blocks `\p{Lu}`, `\P{IsGreek}` (checked as one character class).
_DOTNET_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(\?<(?![=!])"), "(?P<"),
    (re.compile(r"\(\?'(\w+)'"), r"(?P<\1>"),
    (re.compile(r"\\k<(\d+)>|\\k'(\d+)'"), r"\\\1\2"),  # by number: \1
    (re.compile(r"\\k<(\w+)>|\\k'(\w+)'"), r"(?P=\1\2)"),
    (re.compile(r"\\[pP]\{[\w-]+\}"), r"\\w"),
)
# .NET allows look-behinds of any width; Python's re only fixed-width ones.
_FIXED_WIDTH_ONLY = "look-behind requires fixed-width pattern"


def _connection_name(value: str) -> str:
    if not _CONNECTION_NAME.match(value):
        raise ValueError(
            "connection names are 3 to 33 letters, digits, '_' and '-', starting with a letter or "
            f"digit (the 2025-06-01 ConnectionName pattern) (got {value!r})"
        )
    return value


def _rai_name(value: str) -> str:
    if not (1 <= len(value) <= 64) or not _RAI_NAME.match(value):
        raise ValueError(
            f"1 to 64 letters, digits, '_', '.' and '-', starting with a letter or digit (got {value!r})"
        )
    return value


def _category(value: str) -> str:
    if not _CATEGORY.match(value):
        raise ValueError(
            "a connection category such as AzureOpenAI, AIServices, CognitiveSearch, AzureBlob or "
            f"CosmosDb (letters and digits) (got {value!r})"
        )
    return value


def _https_url(value: str) -> str:
    if not re.match(r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s]*)?$", value):
        raise ValueError(
            f"the target's https:// endpoint, like https://search-contoso.search.windows.net/ (got {value!r})"
        )
    return value


def _resource_id(value: str) -> str:
    try:
        parse_resource_id(value)
    except ValueError:
        raise ValueError(
            "the resource id of the target, like /subscriptions/<guid>/resourceGroups/<group>/"
            f"providers/Microsoft.Search/searchServices/search-contoso (got {value!r})"
        ) from None
    return value


def _text(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if not value.strip() or len(value) > limit:
            raise ValueError(f"1 to {limit} characters of text (got {len(value)})")
        return value

    return AfterValidator(check)


def check_regex(pattern: str) -> str | None:
    """Why `pattern` is not a regular expression, or None. The service uses .NET regular
    expressions; this is a syntax check with Python's engine, with .NET's own constructs accepted."""
    python_spelling = pattern
    for dotnet, python in _DOTNET_SPELLINGS:
        python_spelling = dotnet.sub(python, python_spelling)
    try:
        re.compile(python_spelling)
    except re.error as error:
        if error.msg == _FIXED_WIDTH_ONLY:
            return None
        return f"not a valid regular expression: {error}"
    return None


ConnectionName = Annotated[str, AfterValidator(_connection_name)]
RaiName = Annotated[str, AfterValidator(_rai_name)]
ConnectionCategory = Annotated[str, AfterValidator(_category)]
HttpsUrl = Annotated[str, AfterValidator(unless_secret(_https_url))]
AnyResourceId = Annotated[str, AfterValidator(unless_secret(_resource_id))]


class NetworkInjection(Model):
    """Where Foundry injects a feature into your network (AccountProperties.networkInjections)."""

    scenario: Literal["agent"] = Field(
        "agent",
        description="What is injected: agent (the Agent service's client). The 2025-06-01 API knows "
        "agent and none; leave the list empty for none.",
    )
    subnet_id: SubnetId | None = Field(
        None,
        description="Subnet the agents run in (delegated to Microsoft.App/environments). Required "
        "unless useMicrosoftManagedNetwork is true.",
        json_schema_extra=SECRET_OK,
    )
    use_microsoft_managed_network: bool = Field(
        False, description="Use a Microsoft-managed network instead of your subnet. Default: false."
    )

    @model_validator(mode="after")
    def _one_network(self) -> NetworkInjection:
        problems = ViolationCollector()
        problems.extend(
            network_injection_rules(
                STACK_FILE,
                has_subnet=self.subnet_id is not None,
                managed_network=self.use_microsoft_managed_network,
            )
        )
        problems.raise_if_any()
        return self


class Connection(Model):
    """A connection of an account or project to another resource, authenticated with Entra ID.

    Sent as authType AAD: no key or secret is stored in the connection; the account's or the
    project's managed identity (and the callers) need a role on the target.
    """

    category: ConnectionCategory = Field(
        description="What the target is: AzureOpenAI, AIServices, CognitiveSearch, AzureBlob, "
        "CosmosDb, ... (ConnectionCategory of the 2025-06-01 API; newer values are accepted)."
    )
    target: HttpsUrl = Field(
        description="The target's endpoint, like https://search-contoso.search.windows.net/.",
        json_schema_extra=SECRET_OK,
    )
    resource_id: AnyResourceId = Field(
        description="Resource id of the target (sent as metadata ResourceId, with ApiType Azure).",
        json_schema_extra=SECRET_OK,
    )
    location: Region | None = Field(None, description="Region of the target (metadata location). Optional.")
    shared_to_all: bool = Field(
        False, description="Every project of the account may use it (isSharedToAll). Default: false."
    )


class Project(Model):
    """A Foundry project (accounts/projects): a container for access, data and cost."""

    display_name: Annotated[str, _text(128)] | None = Field(
        None, description="Name shown in the Foundry portal. Default: the project key."
    )
    description: Annotated[str, _text(1024)] | None = Field(None, description="Free text.")
    managed_identities: ManagedIdentities = Field(
        default_factory=ManagedIdentities,
        description="Identities of the project. Default: system-assigned. Required: projects call "
        "connected resources with their identity.",
    )
    role_assignments: dict[MapKey, RoleAssignment] = Field(
        default_factory=dict,
        description="Role assignments scoped to the project (e.g. role: Foundry User), by stable key.",
    )
    connections: dict[ConnectionName, Connection] = Field(
        default_factory=dict, description="Connections of this project only, by connection name."
    )

    @model_validator(mode="after")
    def _has_identity(self) -> Project:
        problems = ViolationCollector()
        problems.extend(
            project_identity_rules(
                STACK_FILE,
                system_assigned=self.managed_identities.system_assigned,
                user_assigned=len(self.managed_identities.user_assigned_resource_ids),
            )
        )
        problems.raise_if_any()
        return self


class BlocklistItem(Model):
    """One blocked term or regular expression (raiBlocklistItems: pattern, isRegex)."""

    pattern: str = Field(
        min_length=1,
        max_length=MAX_BLOCKLIST_PATTERN,
        description=f"The term, or with regex: true the regular expression (at most {MAX_BLOCKLIST_PATTERN} "
        "characters; matching is case-sensitive).",
    )
    regex: bool = Field(
        False,
        description="The pattern is a regular expression, in .NET syntax (validate checks its syntax). "
        "Default: an exact term.",
    )

    @model_validator(mode="after")
    def _valid_regex(self) -> BlocklistItem:
        problem = check_regex(self.pattern) if self.regex else None
        if problem is not None:
            problems = ViolationCollector()
            problems.add(("pattern",), problem)
            problems.raise_if_any()
        return self


class Blocklist(Model):
    """A custom blocklist of the account, used by content filters (contentFilters.*.blocklists)."""

    description: Annotated[str, _text(1024)] | None = Field(None, description="Free text.")
    items: dict[RaiName, BlocklistItem] = Field(
        min_length=1,
        max_length=MAX_BLOCKLIST_ITEMS,
        description=f"Blocked terms by item name (at most {MAX_BLOCKLIST_ITEMS:,}).",
    )


class BlocklistUse(Model):
    """A content filter's use of a blocklist (RaiPolicyProperties.customBlocklists)."""

    blocking: bool = Field(True, description="Block matching content (else annotate only). Default: true.")
    prompt: bool = Field(True, description="Apply to prompts. Default: true.")
    completion: bool = Field(True, description="Apply to completions. Default: true.")

    @model_validator(mode="after")
    def _some_source(self) -> BlocklistUse:
        if not (self.prompt or self.completion):
            problems = ViolationCollector()
            problems.add(("prompt",), "apply the blocklist to prompts, completions or both")
            problems.raise_if_any()
        return self
