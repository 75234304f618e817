"""How an account's kind is registered, so that the upgrade from OpenAI to AIServices (Foundry),
whether a user's or Microsoft's automatic one, is never a replacement and never undone.

What Azure does (Microsoft Learn, upgrade-azure-openai.md, ms.date 2026-01-07, and
upgrade-azure-openai-auto.md, ms.date 2026-08-19): the upgrade is a PUT/PATCH of the same account
with kind AIServices and allowProjectManagement true; name, endpoint, keys, network, identity and
deployments stay. Rolling back is the reverse change (kind OpenAI), accepted only once projects,
connections and non-OpenAI deployments are gone. Microsoft upgrades eligible accounts on its own
and marks them with a `foundryAutoUpgrade` block (api-version 2026-01-15-preview).

What the real engine does with a change of `kind`:
- pulumi-azure-native 3.29 replaces a resource only for a change of a URL path parameter, of a
  property the REST specification marks create-only (x-ms-mutability [create, read]) or of one
  in its hand-kept forceNewMap (provider/pkg/provider/diff.go calculateDetailedDiff,
  provider/pkg/gen/replacement.go). Account.kind is none of them at 2025-06-01 (no
  x-ms-mutability; Microsoft.CognitiveServices is not in forceNewMap), and the Python SDK sets no
  replace_on_changes. So a kind change is an in-place update: a PUT of the program's inputs.
- Pulumi diffs the program's inputs against the inputs recorded in the state, and `pulumi
  refresh` copies what changed in Azure into those recorded inputs (provider.go Read: the old
  and new outputs projected to inputs, their difference applied to the old inputs).

Hence the options the account gets:
- kind AIServices in the stack: sent as is. On an OpenAI account that is the documented opt-in
  upgrade, an update in place.
- kind OpenAI in the stack: `ignore_changes` on kind and allowProjectManagement. The engine then
  keeps the recorded value of both for updates: once the state knows the account is AIServices
  (any refresh: `pulumi up --refresh`, the drift workflow), an update sends AIServices, never
  OpenAI; the program's kind is used only to create the account. Without a refresh the state
  still says OpenAI, and an update of the account (any other change) would send kind OpenAI: a
  revert attempt (Pulumi's docs, options/ignorechanges: "Skipping the refresh step leaves stale
  values in the state, and Pulumi will continue to send those stale values"). Hence Pulumi.yaml's
  `options: refresh: always`, `refresh: true` in the deploy workflows, and `aoai preflight`'s
  AccountUpgraded error, whose fix is `kind: AIServices` in the stack (every PUT then carries
  AIServices, refreshed or not).
- always: `ignore_changes` on the Foundry properties the service maintains (defaultProject,
  associatedProjects), which a refresh records and the program never sets.

`replace_on_changes` and `delete_before_replace` are never set on an account.
"""

from __future__ import annotations

from .config.foundry_rules import OPENAI

# Account properties the service maintains on a Foundry resource (the program never sets them).
SERVICE_MANAGED = ("properties.associatedProjects", "properties.defaultProject")
# What an upgrade to Foundry changes, kept as Azure has it while the stack says OpenAI.
UPGRADE_CHANGES = ("kind", "properties.allowProjectManagement")


def account_ignore_changes(kind: str) -> list[str]:
    """The ignore_changes option of an account of this kind (see the module's docstring)."""
    paths = list(SERVICE_MANAGED)
    if kind == OPENAI:
        paths = [*UPGRADE_CHANGES, *paths]
    return paths
