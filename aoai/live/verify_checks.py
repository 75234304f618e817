"""Verify's checks: the live accounts against the stack, as pure functions to findings.

Missing, extra and drifted: account settings (region, subdomain, network access, local auth,
outbound restriction), content filters, and per deployment model, version, SKU, capacity, RAI
policy and version upgrade option.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping

from azure_openai_toolkit.config import BUILTIN_CONTENT_FILTERS, Account, Deployment, StackConfig
from azure_openai_toolkit.config.placeholders import is_placeholder

from .facts import LiveAccount, LiveDeployment, region_key, same
from .findings import Finding, deploy_command
from .upgrade_checks import verify_upgrade_findings


def verify_findings(
    config: StackConfig,
    locations: Mapping[str, str],
    live: Mapping[str, LiveAccount | None],
    stack: str,
    now: datetime.datetime | None = None,
) -> list[Finding]:
    now = now or datetime.datetime.now(datetime.UTC)
    findings: list[Finding] = []
    for key, account in config.accounts.items():
        if key not in live:
            continue  # not checked
        found = live[key]
        name = config.account_name(key)
        if found is None:
            findings.append(
                Finding(
                    "error",
                    "AccountMissing",
                    key,
                    None,
                    f"account {name} does not exist in resource group {config.resource_group_name}",
                    f"Run {deploy_command(stack)} (and aoai preflight --stack {stack} first).",
                    region_key(locations[key]),
                )
            )
            continue
        findings.extend(account_drift(config, key, account, found, locations[key], stack))
        findings.extend(verify_upgrade_findings(key, account, found, now, stack))
        findings.extend(deployment_drift(key, account, found, stack, config.resource_group_name))
    return findings


def _restore(stack: str) -> str:
    return (
        f"Run {deploy_command(stack)} to restore the stack's value, or change the stack if Azure's "
        "is intended."
    )


def _drift(
    key: str | None, code: str, what: str, live: object, wanted: object, stack: str, region: str
) -> Finding:
    message = f"{what} is {live} in Azure but {wanted} in the stack"
    return Finding("error", code, key, None, message, _restore(stack), region)


# (finding code, what, live value, the stack's value)
Comparison = tuple[str, str, object, object]


def _differences(
    key: str | None, comparisons: list[Comparison], stack: str, region: str
) -> Iterator[Finding]:
    """A drift finding per comparison whose values differ (strings compared case-insensitively).

    A secure value of the stack file cannot be read offline (its placeholder stands there), so a
    comparison involving one is skipped rather than reported as drift."""
    for code, what, live_value, wanted_value in comparisons:
        if _has_secret(wanted_value):
            continue
        if _folded(live_value) != _folded(wanted_value):
            yield _drift(key, code, what, live_value, wanted_value, stack, region)


def _has_secret(value: object) -> bool:
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_placeholder(v) for v in value)
    return is_placeholder(value)


def _folded(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def account_drift(
    config: StackConfig, key: str, account: Account, live: LiveAccount, location: str, stack: str
) -> Iterator[Finding]:
    region = region_key(location)
    auth = {True: "enabled (API keys work)", False: "disabled (Entra ID only)"}
    outbound = account.restrict_outbound_network_access
    comparisons: list[Comparison] = [
        ("AccountSettingDrift", "the region", region_key(live.location), region),
        ("AccountSettingDrift", "customSubDomainName", live.subdomain, config.subdomain(key)),
        (
            "NetworkAccessDrift",
            "publicNetworkAccess",
            live.public_network_access,
            account.effective_public_network_access,
        ),
        # An unset disableLocalAuth means keys are allowed.
        ("LocalAuthDrift", "local auth", auth[not live.disable_local_auth], auth[account.local_auth]),
        ("AccountSettingDrift", "restrictOutboundNetworkAccess", bool(live.restrict_outbound), outbound),
        (
            "AccountSettingDrift",
            "allowedFqdnList",
            sorted(live.allowed_fqdns) if outbound else [],
            sorted(account.allowed_fqdns) if outbound else [],
        ),
    ]
    yield from _differences(key, comparisons, stack, region)
    yield from _network_rules(key, account, live, stack, region)
    for policy in sorted(account.content_filters):
        if not any(same(p, policy) for p in live.rai_policies):
            yield Finding(
                "error",
                "ContentFilterMissing",
                key,
                None,
                f"content filter {policy} is declared in the stack but not on the account",
                f"Run {deploy_command(stack)} to create it.",
                region,
            )


def _network_rules(
    key: str, account: Account, live: LiveAccount, stack: str, region: str
) -> Iterator[Finding]:
    wanted, rules = account.network_acls, live.network
    if wanted is None or rules is None:
        # No rules in the stack matches none in Azure, or rules that let everything in.
        live_has_rules = rules is not None and bool(
            rules.ip_rules or rules.subnet_ids or same(rules.default_action, "Deny")
        )
        if live_has_rules != (wanted is not None):
            state = {True: "set", False: "not set"}
            yield _drift(
                key,
                "NetworkAccessDrift",
                "networkAcls",
                state[live_has_rules],
                state[wanted is not None],
                stack,
                region,
            )
        return
    subnets = sorted(r.subnet_id.lower() for r in wanted.virtual_network_rules)
    yield from _differences(
        key,
        [
            ("NetworkAccessDrift", "networkAcls.defaultAction", rules.default_action, wanted.default_action),
            ("NetworkAccessDrift", "networkAcls.bypass", rules.bypass, wanted.bypass),
            ("NetworkAccessDrift", "networkAcls.ipRules", sorted(rules.ip_rules), sorted(wanted.ip_rules)),
            ("NetworkAccessDrift", "networkAcls.virtualNetworkRules", sorted(rules.subnet_ids), subnets),
        ],
        stack,
        region,
    )


def deployment_drift(
    key: str, account: Account, live: LiveAccount, stack: str, resource_group: str
) -> Iterator[Finding]:
    region = region_key(live.location)
    for name in sorted(account.deployments):
        found = live.deployment(name)
        wanted = account.deployments[name]
        if found is None:
            yield Finding(
                "error",
                "DeploymentMissing",
                key,
                name,
                f"deployment {name} ({wanted.model} {wanted.version}, {wanted.sku} {wanted.capacity}) "
                "does not exist",
                f"Run {deploy_command(stack)}.",
                region,
            )
            continue
        yield from (f.at(key, name, region) for f in _deployment(wanted, found, stack))
    declared = {n.lower() for n in account.deployments}
    for extra in live.deployments:
        if extra.name.lower() not in declared:
            yield Finding(
                "error",
                "DeploymentExtra",
                key,
                extra.name,
                f"deployment {extra.name} ({extra.model} {extra.version}, {extra.sku} {extra.capacity}) "
                "exists in Azure but not in the stack; it holds quota and is not managed",
                f"Add it to accounts.{key}.deployments, or delete it (az cognitiveservices account "
                f"deployment delete --name {live.name} --deployment-name {extra.name} -g {resource_group}).",
                region,
            )


def _deployment(wanted: Deployment, live: LiveDeployment, stack: str) -> Iterator[Finding]:
    def drift(code: str, what: str, live_value: object, wanted_value: object) -> Finding:
        return _drift(None, code, what, live_value, wanted_value, stack, "")

    if same(live.provisioning_state, "Failed"):
        yield Finding(
            "error",
            "DeploymentFailed",
            None,
            None,
            "the deployment's provisioningState is Failed",
            f"Look at the deployment's activity log, fix the cause, then run {deploy_command(stack)}.",
        )
    if not (same(live.model, wanted.model) and same(live.format, wanted.format)):
        yield drift(
            "ModelDrift", "the model", f"{live.format}/{live.model}", f"{wanted.format}/{wanted.model}"
        )
    elif live.version != wanted.version:
        if wanted.version_upgrade == "OnceNewDefaultVersionAvailable":
            # The service owns the version here (the program ignores its changes): not drift.
            yield Finding(
                "warning",
                "VersionUpgradedByAzure",
                None,
                None,
                f"Azure moved the deployment from {wanted.version} to {live.version} "
                "(versionUpgrade: OnceNewDefaultVersionAvailable)",
                f'Set version: "{live.version}" in the stack so it says what runs.',
            )
        else:
            yield drift("VersionDrift", "the model version", live.version, wanted.version)
    yield from _differences(
        None,
        [
            ("SkuDrift", "the SKU", live.sku, wanted.sku),
            ("CapacityDrift", "the capacity", live.capacity, wanted.capacity),
            ("VersionUpgradeDrift", "versionUpgradeOption", live.version_upgrade, wanted.version_upgrade),
        ],
        stack,
        "",
    )
    if not _same_policy(live.rai_policy, wanted.content_filter):
        yield drift(
            "ContentFilterDrift",
            "the content filter (RAI policy)",
            live.rai_policy,
            wanted.content_filter or "the service default",
        )


def _same_policy(live: str | None, wanted: str | None) -> bool:
    if wanted is None:
        # No policy in the stack means the service default, which Azure reports as a built-in.
        return live is None or any(same(live, b) for b in BUILTIN_CONTENT_FILTERS)
    return same(live, wanted)
