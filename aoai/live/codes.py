"""Every finding code of the live commands, what it means and how to fix it: one list.

Findings refuse codes not listed here, and the table of codes in docs/reference/finding-codes.md
is generated from it (a test keeps them equal), so the documentation cannot fall behind the checks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    command: str
    severity: str
    meaning: str
    fix: str


CODES: dict[str, Code] = {
    # -- preflight ---------------------------------------------------------------------------
    "AccountSkuNotAvailable": Code(
        "preflight",
        "error",
        "The subscription may not create accounts of the stack's kind (OpenAI or AIServices) / S0 "
        "in the region (`pulumi up` would fail with SpecialFeatureOrQuotaIdRequired).",
        "Use a subscription approved for Azure OpenAI, or another region.",
    ),
    "AccountRegionMismatch": Code(
        "preflight",
        "error",
        "An account of that name exists in another region: `pulumi up` would replace it (new "
        "endpoint, subdomain blocked for 48 hours).",
        "Set the account's `location` to the existing region, or rename the account.",
    ),
    "AccountKindMismatch": Code(
        "preflight",
        "error",
        "An account of that name exists with a kind other than OpenAI and AIServices (another "
        "service).",
        "Rename the account, or remove the existing one if unused.",
    ),
    "AccountUpgraded": Code(
        "preflight",
        "error",
        "The account was upgraded to a Foundry resource (kind AIServices), by Microsoft or its "
        "owner, while the stack says OpenAI. Pulumi's state, unless refreshed since, still records "
        "OpenAI, and the program ignores kind changes of OpenAI accounts by keeping the recorded "
        "value: a `pulumi up` without `--refresh` that updates the account would send kind OpenAI "
        "(an attempt to revert the upgrade).",
        "Set the account's `kind: AIServices` (durable; preflight then passes). Until then deploy "
        "only with `pulumi up --refresh`, which records the upgrade in the state first.",
    ),
    "AutoUpgradeScheduled": Code(
        "preflight",
        "warning",
        "Microsoft scheduled the account for its automatic upgrade to a Foundry resource "
        "(`foundryAutoUpgrade`, mode Enabled, a future date).",
        "Nothing is reverted by the stack. Upgrade on your terms (`kind: AIServices`) or defer it "
        "on the account's Resource upgrade page; afterwards set `kind: AIServices`.",
    ),
    "FoundryUpgradeOnDeploy": Code(
        "preflight",
        "warning",
        "The stack says `kind: AIServices` for an existing OpenAI account: `pulumi up` upgrades it in "
        "place (Microsoft's opt-in upgrade).",
        "Nothing, if intended. Private endpoints need re-creating afterwards (docs/foundry.md).",
    ),
    "FoundryUpgradeByRequest": Code(
        "preflight",
        "error",
        "An OpenAI account with a customer-managed key would be upgraded to Foundry: Microsoft does "
        "that by request only.",
        "Request the upgrade first, or keep `kind: OpenAI`.",
    ),
    "ModelNotOffered": Code(
        "preflight",
        "error",
        "The region's models API does not offer the model to this subscription.",
        "Deploy it from a region that offers it, or pick a model the region lists.",
    ),
    "ModelVersionNotOffered": Code(
        "preflight",
        "error",
        "The model is offered, but not in this version (the message lists the versions).",
        "Set `version` to an offered one.",
    ),
    "SkuNotOffered": Code(
        "preflight",
        "error",
        "The model version is not offered as this deployment SKU in the region.",
        "Set `sku` to one the message lists, or use another region.",
    ),
    "ModelRetired": Code(
        "preflight",
        "error",
        "The model version (or its SKU) is retired or Deprecated: new deployments are refused.",
        "Move the deployment to the successor the message names, or a newer version.",
    ),
    "ModelDeprecating": Code(
        "preflight",
        "warning",
        "The version retires within 90 days, or is Deprecating / Legacy.",
        "Plan the move to the successor; with `versionUpgrade: NoAutoUpgrade` it stops working then.",
    ),
    "CapacityOutOfRange": Code(
        "preflight",
        "error",
        "`capacity` is below the SKU's minimum, above its maximum, off its step or allowed values.",
        "Set `capacity` within the bounds the message gives.",
    ),
    "InsufficientQuota": Code(
        "preflight",
        "error",
        "The stack's demand for a quota (usage name `OpenAI.<Sku>.<model>` in a region, summed over "
        "its accounts, minus what their existing deployments of the same name hold) exceeds "
        "limit minus current usage.",
        "Lower capacity, free quota in the region, request more (https://aka.ms/oai/quotaincrease) "
        "or move the account.",
    ),
    "QuotaNotListed": Code(
        "preflight",
        "warning",
        "The region's usages list no quota under the deployment's usage name.",
        "Check the quota in the Azure AI Foundry portal and request it.",
    ),
    "SubdomainTaken": Code(
        "preflight",
        "error",
        "The custom subdomain is used by another resource somewhere in Azure (CustomDomainInUse).",
        "Set `customSubdomain` to another globally unique name.",
    ),
    "SubdomainHeldBySoftDeletedAccount": Code(
        "preflight",
        "error",
        "Another soft-deleted account of this subscription holds the subdomain.",
        "Purge that account (the message gives the `az` command), or choose another subdomain.",
    ),
    "SoftDeletedAccount": Code(
        "preflight",
        "error",
        "A soft-deleted account of the same name exists in the resource group "
        "(`pulumi up` would fail with FlagMustBeSetForRestore).",
        "Set `restore: true` to recover it, or `aoai purge --stack S --account KEY`.",
    ),
    "RestoreRegionMismatch": Code(
        "preflight",
        "error",
        "`restore: true`, but the soft-deleted account is in another region than the stack says.",
        "Set `location` to the deleted account's region, or purge it and drop `restore`.",
    ),
    "NothingToRestore": Code(
        "preflight",
        "warning",
        "`restore: true`, but there is no soft-deleted account of that name.",
        "Remove `restore`.",
    ),
    "ContentFilterMissing": Code(
        "preflight, verify",
        "error",
        "A content filter (RAI policy) the stack relies on is not on the account: one named in "
        "`existingContentFilters` (preflight), or one of `contentFilters` (verify).",
        "Declare it under `contentFilters`, create it first, or run `pulumi up`.",
    ),
    # -- verify ------------------------------------------------------------------------------
    "AccountMissing": Code(
        "verify", "error", "The account does not exist.", "Run `pulumi up` (after `aoai preflight`)."
    ),
    "AccountSettingDrift": Code(
        "verify",
        "error",
        "Region, `customSubDomainName`, outbound restriction or allowed FQDNs differ from the stack.",
        "Run `pulumi up` to restore the stack's value, or change the stack.",
    ),
    "NetworkAccessDrift": Code(
        "verify",
        "error",
        "`publicNetworkAccess` or the firewall (`networkAcls`: default action, bypass, IP and "
        "virtual network rules) differ from the stack.",
        "Run `pulumi up`, or change the stack if the live rules are intended.",
    ),
    "LocalAuthDrift": Code(
        "verify",
        "error",
        "API keys are enabled where the stack says Entra ID only (or the reverse).",
        "Run `pulumi up`; set `localAuth` if keys are really wanted.",
    ),
    "DeploymentMissing": Code(
        "verify", "error", "A deployment of the stack does not exist.", "Run `pulumi up`."
    ),
    "DeploymentExtra": Code(
        "verify",
        "error",
        "A deployment exists that the stack does not declare: it holds quota and is unmanaged.",
        "Add it to the stack, or delete it (the message gives the `az` command).",
    ),
    "DeploymentFailed": Code(
        "verify",
        "error",
        "The deployment's provisioningState is Failed.",
        "Read its activity log, fix the cause, run `pulumi up`.",
    ),
    "ModelDrift": Code(
        "verify", "error", "The deployment runs another model.", "Run `pulumi up`, or change the stack."
    ),
    "VersionDrift": Code(
        "verify",
        "error",
        "The deployment runs another model version.",
        "Run `pulumi up`, or change the stack.",
    ),
    "VersionUpgradedByAzure": Code(
        "verify",
        "warning",
        "Azure upgraded the version, as `versionUpgrade: OnceNewDefaultVersionAvailable` allows.",
        "Set `version` to the running one so the stack says what runs.",
    ),
    "SkuDrift": Code(
        "verify", "error", "The deployment SKU differs.", "Run `pulumi up`, or change the stack."
    ),
    "CapacityDrift": Code(
        "verify", "error", "The capacity differs.", "Run `pulumi up`, or change the stack."
    ),
    "ContentFilterDrift": Code(
        "verify",
        "error",
        "The deployment uses another content filter (RAI policy) than `contentFilter`.",
        "Run `pulumi up`, or change the stack.",
    ),
    "AccountUpgradedToFoundry": Code(
        "verify",
        "info",
        "The account is a Foundry resource (kind AIServices) after an upgrade while the stack says "
        "OpenAI; the stack keeps it as it is.",
        "Set `kind: AIServices` so the stack says what runs, or run `pulumi refresh`.",
    ),
    "AutoUpgradeStatus": Code(
        "verify",
        "info",
        "Where an OpenAI account stands with Microsoft's automatic upgrade: scheduled, overdue "
        "(date passed, still OpenAI), opted out, or rolled back.",
        "Nothing to do; set `kind: AIServices` or defer on the Resource upgrade page to choose.",
    ),
    "AccountKindDrift": Code(
        "verify",
        "error",
        "The stack says `kind: AIServices` but the account is kind OpenAI (rolled back).",
        "Run `pulumi up` to upgrade it again, or set `kind: OpenAI`.",
    ),
    "ProjectMissing": Code(
        "verify", "error", "A Foundry project of the stack does not exist.", "Run `pulumi up`."
    ),
    "VersionUpgradeDrift": Code(
        "verify",
        "error",
        "`versionUpgradeOption` differs from `versionUpgrade`.",
        "Run `pulumi up`, or change the stack.",
    ),
}


def codes_table() -> str:
    """The table of finding codes of docs/reference/finding-codes.md (between its live-codes markers)."""
    lines = ["| code | command | severity | meaning | fix |", "|---|---|---|---|---|"]
    for name, code in CODES.items():
        lines.append(f"| `{name}` | {code.command} | {code.severity} | {code.meaning} | {code.fix} |")
    return "\n".join(lines) + "\n"
