"""Diagnostic settings of one resource, usually an account (`aoai:monitoring:DiagnosticSettings`).

Creates one `azure-native:monitor:DiagnosticSetting` per `settings` key, sending the chosen log
category groups and AllMetrics to a Log Analytics workspace. Diagnostic settings are
Microsoft.Insights extension resources, not writes on the account, so they need no ordering
against deployments.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import monitor

from .args import ArgsBase, check_args
from .config import models


@dataclass(kw_only=True, frozen=True)
class DiagnosticSetting(ArgsBase):
    """Logs and metrics sent to one Log Analytics workspace."""

    _contract = models.DiagnosticSetting

    workspace_resource_id: pulumi.Input[str]
    """Resource id of the Log Analytics workspace receiving the logs and metrics."""
    log_category_groups: Sequence[str] | None = None
    """Log category groups to send: allLogs and/or audit. Default: [allLogs]."""
    metrics: bool | None = None
    """Send AllMetrics. Default: true."""


@dataclass(kw_only=True, frozen=True)
class DiagnosticSettingsArgs(ArgsBase):
    """Arguments of DiagnosticSettings."""

    resource_id: pulumi.Input[str]
    """Resource id whose logs and metrics are sent (an account's id)."""
    settings: Mapping[str, DiagnosticSetting]
    """Settings by name (the diagnostic setting's name in Azure)."""


class DiagnosticSettings(pulumi.ComponentResource):
    """Logs and metrics of one resource, sent to Log Analytics workspaces."""

    TYPE = "aoai:monitoring:DiagnosticSettings"

    setting_names: pulumi.Output[list[str]]
    """Names of the settings, sorted."""

    def __init__(
        self, name: str, args: DiagnosticSettingsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        check_args(args)
        super().__init__(self.TYPE, name, None, opts)
        for key in sorted(args.settings):
            setting = args.settings[key]
            monitor.DiagnosticSetting(
                f"{name}-{key}",
                name=key,
                resource_uri=args.resource_id,
                workspace_id=setting.workspace_resource_id,
                logs=[
                    monitor.DiagnosticsLogSettingsArgs(category_group=group, enabled=True)
                    for group in setting.resolved("log_category_groups")
                ],
                metrics=(
                    [monitor.DiagnosticsMetricSettingsArgs(category="AllMetrics", enabled=True)]
                    if setting.resolved("metrics")
                    else []
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.setting_names = pulumi.Output.from_input(sorted(args.settings))
        self.register_outputs({"setting_names": self.setting_names})
