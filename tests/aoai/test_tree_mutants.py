"""The plan tree's line per resource (tree.py's key_properties) and the tree itself, on hand-built
registrations shaped like the recorder's (type token, logical name, parent, dependencies, the
provider's camelCase inputs). Each expected line is written from docs/plan.md: what a reviewer
checks first per resource type, the AVM inputs only where a stack sets them, `after: ...` for
explicit ordering, `[protected]`."""

from __future__ import annotations

import io
from typing import Any

from pulumi.runtime.rpc import wrap_rpc_secret
from rich.console import Console

from aoai.offline.mocks import Registration
from aoai.offline.runner import ProgramRun
from aoai.offline.tree import explicit_dependencies, key_properties, render_tree

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
SUBNET = f"{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe"
ACCOUNT_ID = f"{SUB}/resourceGroups/RG-Contoso/providers/Microsoft.CognitiveServices/accounts/contoso"
OPENAI_USER = (
    "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"  # Cognitive Services OpenAI User (Azure's built-in role id)
)


def resource(kind: str, inputs: dict[str, Any], **more: Any) -> Registration:
    module = {
        "ResourceGroup": "resources",
        "PrivateEndpoint": "network",
        "PrivateDnsZoneGroup": "network",
        "PrivateZone": "privatedns",
        "VirtualNetworkLink": "privatedns",
        "RoleAssignment": "authorization",
        "ManagementLockByScope": "authorization",
        "DiagnosticSetting": "monitor",
    }.get(kind, "cognitiveservices")
    fields: dict[str, Any] = {
        "urn": f"urn:pulumi:dev::azure-openai::azure-native:{module}:{kind}::{kind.lower()}",
        "type": f"azure-native:{module}:{kind}",
        "name": kind.lower(),
        "parent": "",
        "custom": True,
        "inputs": inputs,
        "dependencies": [],
        "property_dependencies": {},
        "protect": False,
    }
    return Registration(**{**fields, **more})


def line(kind: str, inputs: dict[str, Any], **more: Any) -> str:
    return key_properties(resource(kind, inputs, **more))


def test_resource_group_private_zone_and_blocklist_lines() -> None:
    assert line("ResourceGroup", {"resourceGroupName": "rg-contoso", "location": "swedencentral"}) == (
        "rg-contoso in swedencentral"
    )
    assert line("PrivateZone", {"privateZoneName": "privatelink.openai.azure.com"}) == (
        "privatelink.openai.azure.com"
    )
    assert line("RaiBlocklist", {"raiBlocklistName": "words"}) == "words"
    assert line("VirtualNetworkLink", {"virtualNetwork": {"id": f"{SUB}/x/virtualNetworks/vnet-hub/"}}) == (
        "link to vnet-hub"
    )
    assert line("Unknown", {"name": "x"}) == ""  # a type without a line


def test_an_account_line_names_network_auth_projects_upgrade_key_and_secrets() -> None:
    inputs = {
        "accountName": "contoso",
        "location": "swedencentral",
        "kind": "OpenAI",
        "properties": {
            "publicNetworkAccess": "Enabled",
            "networkAcls": {
                "defaultAction": "Deny",
                "ipRules": [{"value": "203.0.113.7"}, {"value": "[secret]"}, {"value": "[secret]"}],
                "virtualNetworkRules": [{"id": SUBNET}],
            },
            "disableLocalAuth": False,
            "allowProjectManagement": True,
            "encryption": {
                "keySource": "Microsoft.KeyVault",
                "keyVaultProperties": {
                    "keyVaultUri": "https://kv-contoso.vault.azure.net/",
                    "keyName": "cmk",
                },
            },
        },
    }
    assert line("Account", inputs, ignore_changes=["kind"]) == (
        "contoso in swedencentral, kind OpenAI, public Enabled (Deny except 3 IP rule(s), 1 subnet(s)), "
        "keys enabled, projects allowed, upgrade to AIServices kept, key cmk in kv-contoso.vault.azure.net, "
        "secret: networkAcls.ipRules[1].value, networkAcls.ipRules[2].value"
    )


def test_a_closed_account_line_is_short() -> None:
    inputs = {
        "accountName": "contoso",
        "location": "eastus",
        "kind": "AIServices",
        "properties": {
            "publicNetworkAccess": "Disabled",
            "disableLocalAuth": True,
            "networkAcls": {},
            "allowProjectManagement": False,
            "encryption": {"keySource": "Microsoft.CognitiveServices"},
        },
    }
    assert line("Account", inputs, ignore_changes=["tags"]) == (
        "contoso in eastus, kind AIServices, public Disabled, Entra ID only"
    )


def test_an_account_without_acl_lists_counts_no_rules() -> None:
    inputs = {
        "accountName": "a",
        "location": "l",
        "kind": "OpenAI",
        "properties": {
            "publicNetworkAccess": "Enabled",
            "networkAcls": {"defaultAction": "Allow"},
            "disableLocalAuth": True,
        },
    }
    assert (
        line("Account", inputs)
        == "a in l, kind OpenAI, public Enabled (Allow except 0 IP rule(s), 0 subnet(s)), Entra ID only"
    )


def test_an_account_whose_properties_are_one_secret_says_so() -> None:
    # A secret the program made itself: which value in it is secret is not known (secret_view.py).
    inputs = {
        "accountName": "a",
        "location": "l",
        "kind": "OpenAI",
        "properties": wrap_rpc_secret({"publicNetworkAccess": "Enabled"}),
    }
    assert line("Account", inputs) == "a in l, kind OpenAI, properties [secret]"


def test_a_customer_managed_key_in_a_managed_hsm_is_named_so() -> None:
    encryption = {
        "keySource": "Microsoft.KeyVault",
        "keyVaultProperties": {"keyVaultUri": "https://hsm-c.managedhsm.azure.net", "keyName": "k"},
    }
    inputs = {
        "accountName": "a",
        "location": "l",
        "kind": "OpenAI",
        "properties": {"publicNetworkAccess": "Disabled", "disableLocalAuth": True, "encryption": encryption},
    }
    assert line("Account", inputs) == (
        "a in l, kind OpenAI, public Disabled, Entra ID only, key k in hsm-c.managedhsm.azure.net "
        "(Managed HSM)"
    )


def test_deployment_lines() -> None:
    inputs = {
        "deploymentName": "chat",
        "properties": {
            "model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"},
            "raiPolicyName": "strict",
        },
        "sku": {"name": "GlobalStandard", "capacity": 10.0},  # the engine hands numbers over as floats
    }
    assert line("Deployment", inputs) == "chat: gpt-4o 2024-08-06, GlobalStandard x 10, filter strict"
    bare = {
        "deploymentName": "emb",
        "properties": {"model": {"name": "m", "version": "1"}},
        "sku": {"name": "Standard"},
    }
    assert line("Deployment", bare) == "emb: m 1, Standard x 0"


def test_content_filter_and_blocklist_item_lines() -> None:
    policy = {
        "raiPolicyName": "strict",
        "properties": {
            "basePolicyName": "Microsoft.DefaultV2",
            "mode": "Asynchronous_filter",
            "customBlocklists": [
                {"blocklistName": "words", "source": "Prompt"},
                {"blocklistName": "names", "source": "Completion"},
                {"blocklistName": "words", "source": "Completion"},
            ],
        },
    }
    assert line("RaiPolicy", policy) == (
        "strict (base Microsoft.DefaultV2, mode Asynchronous_filter), blocklists names, words"
    )
    plain = {"raiPolicyName": "p", "properties": {"basePolicyName": "Microsoft.Default", "mode": "Default"}}
    assert line("RaiPolicy", plain) == "p (base Microsoft.Default, mode Default)"
    regex = {"raiBlocklistItemName": "ids", "properties": {"pattern": "[0-9]{6}", "isRegex": True}}
    assert line("RaiBlocklistItem", regex) == "ids: regex '[0-9]{6}'"
    term = {"raiBlocklistItemName": "codename", "properties": {"pattern": "Falcon", "isRegex": False}}
    assert line("RaiBlocklistItem", term) == "codename: term 'Falcon'"


def test_project_and_connection_lines() -> None:
    project = {
        "projectName": "research",
        "properties": {"displayName": "Research"},
        "identity": {"type": "SystemAssigned"},
    }
    assert line("Project", project) == "research (Research), identity SystemAssigned"
    assert (
        line("Project", {"projectName": "p", "properties": {"displayName": "P"}})
        == "p (P), identity no identity"
    )
    connection = {
        "connectionName": "search",
        "properties": {
            "category": "CognitiveSearch",
            "target": "https://s.search.windows.net/",
            "authType": "AAD",
        },
    }
    expected = "search: CognitiveSearch https://s.search.windows.net/ (AAD)"
    assert line("AccountConnection", connection) == expected
    assert line("ProjectConnection", connection) == expected


def test_a_private_endpoint_in_the_accounts_group_shows_no_options() -> None:
    inputs = {
        "privateEndpointName": "pe-contoso",
        "location": "swedencentral",
        "subnet": {"id": SUBNET},
        "resourceGroupName": "rg-contoso",  # the account's group, written in another case
        "privateLinkServiceConnections": [{"privateLinkServiceId": ACCOUNT_ID, "groupIds": ["account"]}],
    }
    assert line("PrivateEndpoint", inputs) == "pe-contoso in swedencentral, subnet snet-pe"


def test_a_private_endpoint_line_names_every_option_set() -> None:
    inputs = {
        "privateEndpointName": "pe",
        "location": "l",
        "subnet": {"id": SUBNET},
        "resourceGroupName": "rg-net",
        "manualPrivateLinkServiceConnections": [{"privateLinkServiceId": ACCOUNT_ID}],
        "ipConfigurations": [{"privateIPAddress": "10.1.2.10"}, {"privateIPAddress": "10.1.2.11"}],
        "customNetworkInterfaceName": "nic-pe",
        "applicationSecurityGroups": [{"id": "asg1"}, {"id": "asg2"}],
    }
    assert line("PrivateEndpoint", inputs) == (
        "pe in l, subnet snet-pe, group rg-net, manual approval, static IP 10.1.2.10, 10.1.2.11, NIC nic-pe, "
        "2 application security group(s)"
    )


def test_a_private_endpoint_without_connections_names_its_group() -> None:
    inputs = {
        "privateEndpointName": "pe",
        "location": "l",
        "subnet": {"id": SUBNET},
        "resourceGroupName": "rg",
    }
    assert line("PrivateEndpoint", inputs) == "pe in l, subnet snet-pe, group rg"


def test_dns_zone_group_lines() -> None:
    configs = [
        {"privateDnsZoneId": f"{SUB}/x/privateDnsZones/privatelink.openai.azure.com"},
        {"privateDnsZoneId": f"{SUB}/x/privateDnsZones/privatelink.cognitiveservices.azure.com"},
    ]
    assert line("PrivateDnsZoneGroup", {"privateDnsZoneConfigs": configs}) == (
        "zones privatelink.openai.azure.com, privatelink.cognitiveservices.azure.com"
    )
    hidden = {"privateDnsZoneConfigs": wrap_rpc_secret([{"privateDnsZoneId": "z"}])}
    assert line("PrivateDnsZoneGroup", hidden) == "zones [secret]"


def test_role_assignment_lines() -> None:
    role_id = f"{SUB}/providers/Microsoft.Authorization/roleDefinitions/{OPENAI_USER}"
    inputs = {"roleDefinitionId": role_id, "principalType": "ServicePrincipal", "principalId": "1111"}
    assert line("RoleAssignment", inputs) == "Cognitive Services OpenAI User for ServicePrincipal 1111"
    custom = {
        "roleDefinitionId": f"{SUB}/providers/Microsoft.Authorization/roleDefinitions/abcd",
        "principalType": "Group",
        "principalId": "2222",
        "condition": "@Resource[x] StringEquals 'y'",
    }
    assert line("RoleAssignment", custom) == "abcd for Group 2222, with an ABAC condition"


def test_lock_lines_show_only_notes_of_the_stacks_own() -> None:
    scope = ACCOUNT_ID
    default = "Protects the Azure OpenAI account contoso; managed by azure-openai."  # account.py's default
    lock = {"level": "CanNotDelete", "lockName": "lock-contoso", "scope": scope}
    assert line("ManagementLockByScope", {**lock, "notes": default}) == "CanNotDelete lock lock-contoso"
    assert line("ManagementLockByScope", lock) == "CanNotDelete lock lock-contoso"
    assert line("ManagementLockByScope", {**lock, "notes": "Ask the AI team."}) == (
        "CanNotDelete lock lock-contoso (notes: Ask the AI team.)"
    )


def test_diagnostic_setting_lines() -> None:
    everything = {
        "name": "central",
        "workspaceId": f"{SUB}/x/workspaces/law-central",
        "logs": [{"categoryGroup": "allLogs", "enabled": True}],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }
    assert line("DiagnosticSetting", everything) == "central -> law-central"
    chosen = {
        "name": "archive",
        "storageAccountId": f"{SUB}/x/storageAccounts/stlogs",
        "eventHubAuthorizationRuleId": f"{SUB}/x/authorizationRules/send",
        "logs": [{"category": "Audit"}, {"category": "RequestResponse"}, "not an entry"],
    }
    assert (
        line("DiagnosticSetting", chosen)
        == "archive -> stlogs, send (logs Audit, RequestResponse; no metrics)"
    )
    only_metrics = {"name": "m", "workspaceId": "w", "metrics": [{"category": "AllMetrics"}]}
    assert line("DiagnosticSetting", only_metrics) == "m -> w (logs none; metrics)"
    all_logs_no_metrics = {"name": "n", "logs": [{"categoryGroup": "allLogs"}]}
    assert line("DiagnosticSetting", all_logs_no_metrics) == "n -> nowhere (logs allLogs; no metrics)"


def test_explicit_dependencies_leave_out_those_implied_by_inputs() -> None:
    registration = resource(
        "Deployment",
        {},
        dependencies=["urn:a", "urn:b", "urn:c"],
        property_dependencies={"accountName": ["urn:a"], "sku": ["urn:c"], "x": []},
    )
    assert explicit_dependencies(registration) == ["urn:b"]


def test_the_tree_nests_children_by_name_with_lines_ordering_and_protection() -> None:
    group = resource(
        "ResourceGroup",
        {"resourceGroupName": "rg", "location": "l"},
        urn="urn:rg",
        name="group",
        parent="urn:stack",
        protect=True,
    )
    component = Registration(
        urn="urn:c",
        type="aoai:openai:Account",
        name="primary",
        parent="urn:stack",
        custom=False,
        inputs={"resourceGroupName": "rg"},
        dependencies=[],
        property_dependencies={},
        protect=False,
    )
    chat = resource(
        "RaiBlocklist",
        {"raiBlocklistName": "words"},
        urn="urn:b",
        name="b-words",
        parent="urn:c",
        dependencies=["urn:rg", "urn:gone"],
        property_dependencies={},
    )
    first = resource(
        "RaiBlocklist",
        {"raiBlocklistName": "names"},
        urn="urn:a",
        name="a-names",
        parent="urn:c",
        dependencies=["urn:rg"],
        property_dependencies={"x": ["urn:rg"]},
    )
    run = ProgramRun("dev", [component, chat, group, first])
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(render_tree(run))
    assert console.file.getvalue().splitlines() == [  # type: ignore[attr-defined]
        "stack dev: 3 Azure resources",
        "├── group  azure-native:resources:ResourceGroup  [protected]",
        "│   rg in l",
        "└── primary  aoai:openai:Account",
        "    ├── a-names  azure-native:cognitiveservices:RaiBlocklist",
        "    │   names",
        "    └── b-words  azure-native:cognitiveservices:RaiBlocklist",
        "        words",
        "        after: group, urn:gone",
    ]
    # The colours that set the parts apart at a terminal: the tree is for people (docs/plan.md).
    tree = render_tree(run)
    assert str(tree.label.style) == "bold"  # type: ignore[union-attr]
    group_label, component_label = (node.label for node in tree.children)
    assert styles(group_label) == {  # an Azure resource's name plain, a component's bold
        "  azure-native:resources:ResourceGroup": "dim",
        "  [protected]": "yellow",
        "\nrg in l": "cyan",
    }
    assert styles(component_label) == {"primary": "bold", "  aoai:openai:Account": "dim"}
    last = tree.children[1].children[1].label
    assert styles(last)["\nafter: group, urn:gone"] == "magenta"


def styles(label: Any) -> dict[str, str]:
    return {label.plain[span.start : span.end]: str(span.style) for span in label.spans}


def test_an_id_ending_in_a_capital_x_keeps_it_and_secret_objects_stay_secret() -> None:
    subnet = SUBNET.replace("snet-pe", "snet-X")
    assert line(
        "PrivateEndpoint", {"privateEndpointName": "pe", "location": "l", "subnet": {"id": subnet + "/"}}
    ) == ("pe in l, subnet snet-X")
    hidden = wrap_rpc_secret({"id": SUBNET})  # a secret the program made: which part is secret is unknown
    assert line("PrivateEndpoint", {"privateEndpointName": "pe", "location": "l", "subnet": hidden}) == (
        "pe in l, subnet [secret]"
    )
    project = {
        "projectName": "p",
        "properties": {"displayName": "P"},
        "identity": wrap_rpc_secret({"type": "x"}),
    }
    assert line("Project", project) == "p (P), identity [secret]"


def test_properties_hidden_as_a_whole_leave_the_names_in_the_line() -> None:
    policy = {"raiPolicyName": "strict", "properties": wrap_rpc_secret({"mode": "Default"})}
    assert line("RaiPolicy", policy) == "strict (base None, mode None)"


def test_a_manual_connection_to_an_account_in_the_endpoints_group_names_no_group() -> None:
    inputs = {
        "privateEndpointName": "pe",
        "location": "l",
        "subnet": {"id": SUBNET},
        "resourceGroupName": "rg-contoso",
        "manualPrivateLinkServiceConnections": [{"privateLinkServiceId": ACCOUNT_ID}],
    }
    assert line("PrivateEndpoint", inputs) == "pe in l, subnet snet-pe, manual approval"
    no_group = {"privateEndpointName": "pe", "location": "l", "subnet": {"id": SUBNET}}
    assert line("PrivateEndpoint", no_group) == "pe in l, subnet snet-pe"
