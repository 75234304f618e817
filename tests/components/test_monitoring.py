"""DiagnosticSettings: logs by category group and AllMetrics to Log Analytics."""

from __future__ import annotations

from azure_openai_toolkit import DiagnosticSetting, DiagnosticSettings, DiagnosticSettingsArgs
from tests.conftest import WORKSPACE, run_components

RESOURCE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/a"
)


def test_setting_inputs() -> None:
    settings = {
        "central": DiagnosticSetting(workspace_resource_id=WORKSPACE),
        "audit": DiagnosticSetting(
            workspace_resource_id=WORKSPACE, log_category_groups=["audit"], metrics=False
        ),
    }
    run = run_components(
        lambda: DiagnosticSettings(
            "primary-diagnostics", DiagnosticSettingsArgs(resource_id=RESOURCE, settings=settings)
        )
    )
    by_name = {r.name: r.inputs for r in run.by_type("azure-native:monitor:DiagnosticSetting")}
    assert by_name["primary-diagnostics-central"] == {
        "name": "central",
        "resourceUri": RESOURCE,
        "workspaceId": WORKSPACE,
        "logs": [{"categoryGroup": "allLogs", "enabled": True}],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }
    assert by_name["primary-diagnostics-audit"]["logs"] == [{"categoryGroup": "audit", "enabled": True}]
    assert by_name["primary-diagnostics-audit"]["metrics"] == []
