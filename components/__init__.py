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

- OpenAIAccount: the account (kind OpenAI, or AIServices for a Microsoft Foundry resource) and, in
  this order, its blocklists, content filters, deployments, Foundry projects and connections,
  private endpoints, then the lock; role assignments and diagnostic settings alongside.
- ContentBlocklists, ContentFilters, ModelDeployments: custom blocklists, RAI policies and
  deployments of one account, one at a time.
- FoundryProjects, FoundryConnections: projects of a Foundry resource (with their role
  assignments and connections) and Entra ID connections to other resources.
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
    "BlocklistItem": ".blocklists",
    "BlocklistUse": ".blocklists",
    "ContentBlocklist": ".blocklists",
    "ContentBlocklists": ".blocklists",
    "ContentBlocklistsArgs": ".blocklists",
    "FoundryConnection": ".connections",
    "FoundryConnections": ".connections",
    "FoundryConnectionsArgs": ".connections",
    "FoundryProject": ".projects",
    "FoundryProjects": ".projects",
    "FoundryProjectsArgs": ".projects",
    "NetworkInjection": ".account_args",
    "ProjectSummary": ".projects",
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
    "ManagedIdentities": ".identity",
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
        NetworkAcls,
        NetworkInjection,
        OpenAIAccountArgs,
        VirtualNetworkRule,
    )
    from .args import ArgsProblem, InvalidArgsError
    from .blocklists import (
        BlocklistItem,
        BlocklistUse,
        ContentBlocklist,
        ContentBlocklists,
        ContentBlocklistsArgs,
    )
    from .connections import FoundryConnection, FoundryConnections, FoundryConnectionsArgs
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
    from .identity import ManagedIdentities, RoleAssignment, RoleAssignments, RoleAssignmentsArgs
    from .monitoring import DiagnosticSetting, DiagnosticSettings, DiagnosticSettingsArgs
    from .network import PrivateDnsZone, PrivateDnsZoneArgs, PrivateEndpoint, PrivateEndpointArgs
    from .projects import FoundryProject, FoundryProjects, FoundryProjectsArgs, ProjectSummary


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
    "BlocklistItem",
    "BlocklistUse",
    "ContentBlocklist",
    "ContentBlocklists",
    "ContentBlocklistsArgs",
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
    "FoundryConnection",
    "FoundryConnections",
    "FoundryConnectionsArgs",
    "FoundryProject",
    "FoundryProjects",
    "FoundryProjectsArgs",
    "InvalidArgsError",
    "ManagedIdentities",
    "ModelDeployment",
    "ModelDeployments",
    "ModelDeploymentsArgs",
    "NetworkAcls",
    "NetworkInjection",
    "OpenAIAccount",
    "OpenAIAccountArgs",
    "OpenAIEnvironment",
    "PrivateDnsZone",
    "PrivateDnsZoneArgs",
    "PrivateEndpoint",
    "PrivateEndpointArgs",
    "ProjectSummary",
    "RoleAssignment",
    "RoleAssignments",
    "RoleAssignmentsArgs",
    "SeverityFilter",
    "VirtualNetworkRule",
    "__version__",
]
