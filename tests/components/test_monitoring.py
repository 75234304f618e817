"""DiagnosticSettings: logs by category group and AllMetrics to Log Analytics."""

from __future__ import annotations

import pulumi

from aoai.offline.mocks import Registration
from azure_openai_toolkit import DiagnosticSetting, DiagnosticSettings, DiagnosticSettingsArgs
from tests.components.test_args import messages, refused
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


STORAGE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.Storage/storageAccounts/stlogs"
)
HUB_RULE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.EventHub/namespaces/ehns/authorizationRules/RootManageSharedAccessKey"
)
PATH = "DiagnosticSettingsArgs.settings['central']"


def build(setting: DiagnosticSetting) -> DiagnosticSettings:
    return DiagnosticSettings(
        "primary-diagnostics", DiagnosticSettingsArgs(resource_id=RESOURCE, settings={"central": setting})
    )


def registered(setting: DiagnosticSetting) -> Registration:
    run = run_components(lambda: build(setting))
    (found,) = run.by_type("azure-native:monitor:DiagnosticSetting")
    return found


def refusals(setting: DiagnosticSetting) -> dict[str, str]:
    error, run = refused(lambda: build(setting))
    assert run.registrations == []
    return messages(error)


def test_every_destination_at_once_with_its_options() -> None:
    setting = DiagnosticSetting(
        workspace_resource_id=WORKSPACE,
        storage_account_resource_id=STORAGE,
        event_hub_authorization_rule_resource_id=HUB_RULE,
        event_hub_name="aoai-logs",
        log_analytics_destination_type="Dedicated",
        log_category_groups=["audit"],
        log_categories=["RequestResponse"],
        name="to-everything",
    )
    assert registered(setting).inputs == {
        "name": "to-everything",
        "resourceUri": RESOURCE,
        "workspaceId": WORKSPACE,
        "storageAccountId": STORAGE,
        "eventHubAuthorizationRuleId": HUB_RULE,
        "eventHubName": "aoai-logs",
        "logAnalyticsDestinationType": "Dedicated",
        "logs": [
            {"categoryGroup": "audit", "enabled": True},
            {"category": "RequestResponse", "enabled": True},
        ],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }


def test_retired_retention_that_azure_reports_is_never_a_diff() -> None:
    assert registered(DiagnosticSetting(workspace_resource_id=WORKSPACE)).ignore_changes == [
        "logs[*].retentionPolicy",
        "metrics[*].retentionPolicy",
    ]


def test_metrics_alone_are_something_to_send() -> None:
    setting = DiagnosticSetting(storage_account_resource_id=STORAGE, log_category_groups=[])
    inputs = registered(setting).inputs
    assert inputs["logs"] == [] and inputs["metrics"] == [{"category": "AllMetrics", "enabled": True}]


def test_a_setting_without_a_destination_is_refused_naming_the_three() -> None:
    assert refusals(DiagnosticSetting()) == {
        f"{PATH}.workspace_resource_id": "give at least one destination: workspace_resource_id, "
        "storage_account_resource_id, event_hub_authorization_rule_resource_id"
    }


def test_an_event_hub_name_needs_the_namespace_rule() -> None:
    assert refusals(DiagnosticSetting(workspace_resource_id=WORKSPACE, event_hub_name="aoai-logs")) == {
        f"{PATH}.event_hub_name": "event_hub_name needs event_hub_authorization_rule_resource_id (the "
        "namespace's authorization rule the setting sends with)"
    }


def test_a_destination_type_needs_the_workspace() -> None:
    setting = DiagnosticSetting(
        storage_account_resource_id=STORAGE, log_analytics_destination_type="Dedicated"
    )
    assert refusals(setting) == {
        f"{PATH}.log_analytics_destination_type": "log_analytics_destination_type only applies with "
        "workspace_resource_id"
    }


def test_a_setting_that_sends_nothing_is_refused() -> None:
    setting = DiagnosticSetting(workspace_resource_id=WORKSPACE, log_category_groups=[], metrics=False)
    assert refusals(setting) == {
        f"{PATH}.metrics": "the setting sends nothing: give log categories or category groups, or metrics"
    }


@pulumi.runtime.test
def test_setting_names_are_exported_sorted(pulumi_mocks: object) -> pulumi.Output[None]:
    settings = DiagnosticSettings(
        "unit-diagnostics",
        DiagnosticSettingsArgs(
            resource_id=RESOURCE,
            settings={
                "central": DiagnosticSetting(workspace_resource_id=WORKSPACE),
                "archive": DiagnosticSetting(storage_account_resource_id=STORAGE),
            },
        ),
    )

    def check(names: list[str]) -> None:
        assert names == ["archive", "central"]

    return settings.setting_names.apply(check)
