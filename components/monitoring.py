"""Diagnostic settings of one resource, usually an account (`aoai:monitoring:DiagnosticSettings`).

Creates one `azure-native:monitor:DiagnosticSetting` per `settings` key, sending the chosen log
category groups, single log categories and AllMetrics to a Log Analytics workspace, a storage
account and/or an Event Hub. Diagnostic settings are Microsoft.Insights extension resources, not
writes on the account, so they need no ordering against deployments.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import monitor

from .args import ArgsBase, check_args
from .config import models
from .config.rules import PYTHON_ARGS, Violation, diagnostic_destination_rules


@dataclass(kw_only=True, frozen=True)
class DiagnosticSetting(ArgsBase):
    """Logs and metrics of the resource, sent to a workspace, a storage account or an Event Hub."""

    _contract = models.DiagnosticSetting

    workspace_resource_id: pulumi.Input[str] | None = None
    """Resource id of the Log Analytics workspace receiving the logs and metrics."""
    storage_account_resource_id: pulumi.Input[str] | None = None
    """Resource id of a storage account archiving them."""
    event_hub_authorization_rule_resource_id: pulumi.Input[str] | None = None
    """Authorization rule of the Event Hubs namespace that receives the stream."""
    event_hub_name: pulumi.Input[str] | None = None
    """Event hub in that namespace. Default: one per log category."""
    log_category_groups: Sequence[str] | None = None
    """Log category groups to send: allLogs and/or audit. Default: [allLogs] unless log_categories."""
    log_categories: Sequence[str] | None = None
    """Single log categories to send (Audit, RequestResponse, Trace, ...), after the groups."""
    metrics: bool | None = None
    """Send AllMetrics. Default: true."""
    log_analytics_destination_type: str | None = None
    """Dedicated (resource-specific tables) or AzureDiagnostics. Default: Azure's."""
    name: pulumi.Input[str] | None = None
    """The setting's name in Azure. Default: its key."""

    def groups(self) -> list[str]:
        return models.effective_log_category_groups(
            None if self.log_category_groups is None else list(self.log_category_groups),
            list(self.log_categories or []),
        )

    def _violations(self) -> list[Violation]:
        destinations = [
            "set"
            for d in (
                self.workspace_resource_id,
                self.storage_account_resource_id,
                self.event_hub_authorization_rule_resource_id,
            )
            if d is not None
        ]
        return diagnostic_destination_rules(
            PYTHON_ARGS,
            destinations=destinations,
            has_event_hub_name=self.event_hub_name is not None,
            has_event_hub_rule=self.event_hub_authorization_rule_resource_id is not None,
            has_destination_type=self.log_analytics_destination_type is not None,
            has_workspace=self.workspace_resource_id is not None,
            sends_anything=bool(self.groups() or self.log_categories or self.resolved("metrics")),
        )


@dataclass(kw_only=True, frozen=True)
class DiagnosticSettingsArgs(ArgsBase):
    """Arguments of DiagnosticSettings."""

    resource_id: pulumi.Input[str]
    """Resource id whose logs and metrics are sent (an account's id)."""
    settings: Mapping[str, DiagnosticSetting]
    """Settings by key (also the setting's name in Azure unless it has its own name)."""


class DiagnosticSettings(pulumi.ComponentResource):
    """Logs and metrics of one resource, sent to workspaces, storage accounts or Event Hubs."""

    TYPE = "aoai:monitoring:DiagnosticSettings"

    setting_names: pulumi.Output[list[str]]
    """Keys of the settings, sorted."""

    def __init__(
        self, name: str, args: DiagnosticSettingsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        for key in sorted(args.settings):
            setting = args.settings[key]
            # Groups first, then single categories: the order azure-native sends them in.
            logs = [
                monitor.DiagnosticsLogSettingsArgs(category_group=group, enabled=True)
                for group in setting.groups()
            ] + [
                monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True)
                for category in setting.log_categories or []
            ]
            monitor.DiagnosticSetting(
                f"{name}-{key}",
                name=setting.name if setting.name is not None else key,
                resource_uri=args.resource_id,
                workspace_id=setting.workspace_resource_id,
                storage_account_id=setting.storage_account_resource_id,
                event_hub_authorization_rule_id=setting.event_hub_authorization_rule_resource_id,
                event_hub_name=setting.event_hub_name,
                log_analytics_destination_type=setting.log_analytics_destination_type,
                logs=logs,
                metrics=(
                    [monitor.DiagnosticsMetricSettingsArgs(category="AllMetrics", enabled=True)]
                    if setting.resolved("metrics")
                    else []
                ),
                # Retention in diagnostic settings is retired: Azure reports it off on every
                # category, the program never sends it.
                opts=pulumi.ResourceOptions(
                    parent=self, ignore_changes=["logs[*].retentionPolicy", "metrics[*].retentionPolicy"]
                ),
            )
        self.setting_names = pulumi.Output.from_input(sorted(args.settings))
        self.register_outputs({"setting_names": self.setting_names})
