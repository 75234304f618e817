"""Verify's checks: the live accounts against the stack, as pure functions to findings.

Missing, extra and drifted: account settings (region, subdomain, network access, local auth,
outbound restriction), content filters, and per deployment model, version, SKU, capacity, RAI
policy and version upgrade option.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from components.config import BUILTIN_CONTENT_FILTERS, Account, Deployment, StackConfig

from .facts import LiveAccount, LiveDeployment, region_key, same
from .findings import Finding


def verify_findings(
    config: StackConfig, locations: Mapping[str, str], live: Mapping[str, LiveAccount | None], stack: str
) -> list[Finding]:
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
                    f"Run pulumi up -s {stack} (and aoai preflight --stack {stack} first).",
                    region_key(locations[key]),
                )
            )
            continue
        findings.extend(account_drift(config, key, account, found, locations[key], stack))
        findings.extend(deployment_drift(key, account, found, stack))
    return findings


def _restore(stack: str) -> str:
    return (
        f"Run pulumi up -s {stack} to restore the stack's value, or change the stack if Azure's is intended."
    )


def _drift(
    key: str | None, code: str, what: str, live: object, wanted: object, stack: str, region: str
) -> Finding:
    message = f"{what} is {live} in Azure but {wanted} in the stack"
    return Finding("error", code, key, None, message, _restore(stack), region)


def account_drift(
    config: StackConfig, key: str, account: Account, live: LiveAccount, location: str, stack: str
) -> Iterator[Finding]:
    region = region_key(location)
    if region_key(live.location) != region:
        yield _drift(key, "AccountSettingDrift", "the region", live.location, location, stack, region)
    subdomain = config.subdomain(key)
    if not same(live.subdomain, subdomain):
        yield _drift(
            key, "AccountSettingDrift", "customSubDomainName", live.subdomain, subdomain, stack, region
        )
    wanted_access = account.effective_public_network_access
    if not same(live.public_network_access, wanted_access):
        yield _drift(
            key,
            "NetworkAccessDrift",
            "publicNetworkAccess",
            live.public_network_access,
            wanted_access,
            stack,
            region,
        )
    yield from _network_rules(key, account, live, stack, region)
    live_local_auth = not bool(live.disable_local_auth)  # unset means keys are allowed
    if live_local_auth != account.local_auth:
        state = {True: "enabled (API keys work)", False: "disabled (Entra ID only)"}
        yield _drift(
            key,
            "LocalAuthDrift",
            "local auth",
            state[live_local_auth],
            state[account.local_auth],
            stack,
            region,
        )
    if bool(live.restrict_outbound) != account.restrict_outbound_network_access:
        yield _drift(
            key,
            "AccountSettingDrift",
            "restrictOutboundNetworkAccess",
            bool(live.restrict_outbound),
            account.restrict_outbound_network_access,
            stack,
            region,
        )
    elif account.restrict_outbound_network_access and live.allowed_fqdns != frozenset(account.allowed_fqdns):
        yield _drift(
            key,
            "AccountSettingDrift",
            "allowedFqdnList",
            sorted(live.allowed_fqdns),
            sorted(account.allowed_fqdns),
            stack,
            region,
        )
    for policy in sorted(account.content_filters):
        if not any(same(p, policy) for p in live.rai_policies):
            yield Finding(
                "error",
                "ContentFilterMissing",
                key,
                None,
                f"content filter {policy} is declared in the stack but not on the account",
                f"Run pulumi up -s {stack} to create it.",
                region,
            )


def _network_rules(
    key: str, account: Account, live: LiveAccount, stack: str, region: str
) -> Iterator[Finding]:
    wanted = account.network_acls
    rules = live.network
    if wanted is None:
        if rules is not None and (rules.ip_rules or rules.subnet_ids or same(rules.default_action, "Deny")):
            yield _drift(key, "NetworkAccessDrift", "networkAcls", "set", "not set", stack, region)
        return
    if rules is None:
        yield _drift(key, "NetworkAccessDrift", "networkAcls", "not set", "set", stack, region)
        return
    if not same(rules.default_action, wanted.default_action):
        yield _drift(
            key,
            "NetworkAccessDrift",
            "networkAcls.defaultAction",
            rules.default_action,
            wanted.default_action,
            stack,
            region,
        )
    if not same(rules.bypass, wanted.bypass):
        yield _drift(
            key, "NetworkAccessDrift", "networkAcls.bypass", rules.bypass, wanted.bypass, stack, region
        )
    ips = frozenset(wanted.ip_rules)
    if rules.ip_rules != ips:
        yield _drift(
            key,
            "NetworkAccessDrift",
            "networkAcls.ipRules",
            sorted(rules.ip_rules),
            sorted(ips),
            stack,
            region,
        )
    subnets = frozenset(r.subnet_id.lower() for r in wanted.virtual_network_rules)
    if rules.subnet_ids != subnets:
        yield _drift(
            key,
            "NetworkAccessDrift",
            "networkAcls.virtualNetworkRules",
            sorted(rules.subnet_ids),
            sorted(subnets),
            stack,
            region,
        )


def deployment_drift(key: str, account: Account, live: LiveAccount, stack: str) -> Iterator[Finding]:
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
                f"Run pulumi up -s {stack}.",
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
                f"deployment delete --name {live.name} --deployment-name {extra.name} -g <resource group>).",
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
            f"Look at the deployment's activity log, fix the cause, then run pulumi up -s {stack}.",
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
    if not same(live.sku, wanted.sku):
        yield drift("SkuDrift", "the SKU", live.sku, wanted.sku)
    if live.capacity != wanted.capacity:
        yield drift("CapacityDrift", "the capacity", live.capacity, wanted.capacity)
    if not _same_policy(live.rai_policy, wanted.content_filter):
        yield drift(
            "ContentFilterDrift",
            "the content filter (RAI policy)",
            live.rai_policy,
            wanted.content_filter or "the service default",
        )
    if not same(live.version_upgrade, wanted.version_upgrade):
        yield drift(
            "VersionUpgradeDrift", "versionUpgradeOption", live.version_upgrade, wanted.version_upgrade
        )


def _same_policy(live: str | None, wanted: str | None) -> bool:
    if wanted is None:
        # No policy in the stack means the service default, which Azure reports as a built-in.
        return live is None or any(same(live, b) for b in BUILTIN_CONTENT_FILTERS)
    return same(live, wanted)
