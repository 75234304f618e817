"""Diagnostic settings of an account (`aoai:monitoring:DiagnosticSettings`).

Creates one `azure-native:monitor:DiagnosticSetting` per `diagnosticSettings` key, sending the
chosen log category groups and AllMetrics to a Log Analytics workspace. Diagnostic settings are
Microsoft.Insights extension resources, not writes on the account, so they need no ordering
against deployments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import monitor

from .config.models import DiagnosticSetting


@dataclass
class DiagnosticSettingsArgs:
    resource_id: pulumi.Input[str]
    settings: Mapping[str, DiagnosticSetting]


class DiagnosticSettings(pulumi.ComponentResource):
    """Logs and metrics of one resource, sent to Log Analytics workspaces."""

    setting_names: pulumi.Output[list[str]]

    def __init__(
        self, name: str, args: DiagnosticSettingsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aoai:monitoring:DiagnosticSettings", name, None, opts)
        for key in sorted(args.settings):
            setting = args.settings[key]
            monitor.DiagnosticSetting(
                f"{name}-{key}",
                name=key,
                resource_uri=args.resource_id,
                workspace_id=setting.workspace_resource_id,
                logs=[
                    monitor.DiagnosticsLogSettingsArgs(category_group=group, enabled=True)
                    for group in setting.log_category_groups
                ],
                metrics=(
                    [monitor.DiagnosticsMetricSettingsArgs(category="AllMetrics", enabled=True)]
                    if setting.metrics
                    else []
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.setting_names = pulumi.Output.from_input(sorted(args.settings))
        self.register_outputs({"setting_names": self.setting_names})
