"""Pulumi components for Azure OpenAI, for any Pulumi program. A library: no CLI, no live calls.

    import azure_openai_toolkit as aoai

    account = aoai.OpenAIAccount("chat", aoai.OpenAIAccountArgs(
        account_name="contoso-dev-chat",
        location="swedencentral",
        resource_group_name=group.name,               # an Output of your own resource group
        private_endpoints={"apps": aoai.AccountPrivateEndpoint(
            subnet_id=subnet.id, private_dns_zone_ids=[zone.zone_id])},
        deployments={"chat": aoai.ModelDeployment(
            model="gpt-4o", version="2024-11-20", sku="GlobalStandard", capacity=10)},
    ))

Components and what they create (each docstring says why its children are ordered as they are):

- OpenAIAccount: the account and, in this order, its content filters, deployments, private
  endpoints, then the lock; role assignments and diagnostic settings alongside.
- ContentFilters, ModelDeployments: RAI policies and deployments of one account, one at a time.
- PrivateEndpoint, PrivateDnsZone: private access to an account and the privatelink zone.
- RoleAssignments: deterministic role assignments on a scope.
- DiagnosticSettings: logs and metrics to Log Analytics.
- OpenAIEnvironment: the stack-file door (a whole validated stack config); `__main__.py` uses it.

Ids, names and secrets accept `pulumi.Input[str]`; what decides which resources exist is plain.
Plain values are checked with the stack contract's rules before anything registers
(InvalidArgsError names the argument); Outputs pass through unchecked. docs/components.md has the
guide, and package.py serves the same components to other languages.
"""

import importlib
from typing import TYPE_CHECKING, Any

# Exports load on first use (PEP 562): the CLI imports azure_openai_toolkit.config on every run,
# and the components pull in pulumi_azure_native, which would make `aoai --help` slow.
_EXPORTS = {
    "AccountPrivateEndpoint": ".account_args",
    "ArgsProblem": ".args",
    "BinaryFilter": ".content_filter",
    "ContentFilterPolicy": ".content_filter",
    "ContentFilterSet": ".content_filter",
    "ContentFilters": ".content_filter",
    "ContentFiltersArgs": ".content_filter",
    "CustomerManagedKey": ".account_args",
    "DeploymentSummary": ".deployments",
    "DiagnosticSetting": ".monitoring",
    "DiagnosticSettings": ".monitoring",
    "DiagnosticSettingsArgs": ".monitoring",
    "EnvironmentArgs": ".environment",
    "InvalidArgsError": ".args",
    "ManagedIdentities": ".account_args",
    "ModelDeployment": ".deployments",
    "ModelDeployments": ".deployments",
    "ModelDeploymentsArgs": ".deployments",
    "NetworkAcls": ".account_args",
    "OpenAIAccount": ".account",
    "OpenAIAccountArgs": ".account_args",
    "OpenAIEnvironment": ".environment",
    "PrivateDnsZone": ".network",
    "PrivateDnsZoneArgs": ".network",
    "PrivateEndpoint": ".network",
    "PrivateEndpointArgs": ".network",
    "RoleAssignment": ".identity",
    "RoleAssignments": ".identity",
    "RoleAssignmentsArgs": ".identity",
    "SeverityFilter": ".content_filter",
    "VirtualNetworkRule": ".account_args",
}

if TYPE_CHECKING:
    from .account import OpenAIAccount
    from .account_args import (
        AccountPrivateEndpoint,
        CustomerManagedKey,
        ManagedIdentities,
        NetworkAcls,
        OpenAIAccountArgs,
        VirtualNetworkRule,
    )
    from .args import ArgsProblem, InvalidArgsError
    from .content_filter import (
        BinaryFilter,
        ContentFilterPolicy,
        ContentFilters,
        ContentFiltersArgs,
        ContentFilterSet,
        SeverityFilter,
    )
    from .deployments import DeploymentSummary, ModelDeployment, ModelDeployments, ModelDeploymentsArgs
    from .environment import EnvironmentArgs, OpenAIEnvironment
    from .identity import RoleAssignment, RoleAssignments, RoleAssignmentsArgs
    from .monitoring import DiagnosticSetting, DiagnosticSettings, DiagnosticSettingsArgs
    from .network import PrivateDnsZone, PrivateDnsZoneArgs, PrivateEndpoint, PrivateEndpointArgs


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


# The package version (semantic versioning); pyproject.toml reads it from here.
__version__ = "0.2.0"

__all__ = [
    "AccountPrivateEndpoint",
    "ArgsProblem",
    "BinaryFilter",
    "ContentFilterPolicy",
    "ContentFilterSet",
    "ContentFilters",
    "ContentFiltersArgs",
    "CustomerManagedKey",
    "DeploymentSummary",
    "DiagnosticSetting",
    "DiagnosticSettings",
    "DiagnosticSettingsArgs",
    "EnvironmentArgs",
    "InvalidArgsError",
    "ManagedIdentities",
    "ModelDeployment",
    "ModelDeployments",
    "ModelDeploymentsArgs",
    "NetworkAcls",
    "OpenAIAccount",
    "OpenAIAccountArgs",
    "OpenAIEnvironment",
    "PrivateDnsZone",
    "PrivateDnsZoneArgs",
    "PrivateEndpoint",
    "PrivateEndpointArgs",
    "RoleAssignment",
    "RoleAssignments",
    "RoleAssignmentsArgs",
    "SeverityFilter",
    "VirtualNetworkRule",
    "__version__",
]
