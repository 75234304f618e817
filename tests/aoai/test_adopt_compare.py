"""adopt's model of the first `pulumi up` after an import, and the stack file it writes."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML

from aoai.adopt.compare import differences, input_shape
from aoai.adopt.stackfile import stack_file_text
from aoai.adopt.translate import Note, content_filter_settings

ENDPOINT = "azure-native:network:PrivateEndpoint"
PE_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"
SUBNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"


def endpoint_body(**properties: object) -> dict[str, object]:
    return {
        "id": PE_ID,
        "name": "pe",
        "type": "Microsoft.Network/privateEndpoints",
        "etag": 'W/"1"',
        "location": "swedencentral",
        "properties": {
            "provisioningState": "Succeeded",
            "subnet": {"id": SUBNET},
            "privateLinkServiceConnections": [
                {
                    "id": f"{PE_ID}/privateLinkServiceConnections/c",
                    "name": "c",
                    "properties": {
                        "provisioningState": "Succeeded",
                        "privateLinkServiceId": "acct",
                        "groupIds": ["account"],
                        "privateLinkServiceConnectionState": {"status": "Approved"},
                    },
                }
            ],
            **properties,
        },
    }


def test_a_live_body_takes_the_providers_input_shape() -> None:
    assert input_shape(ENDPOINT, endpoint_body(networkInterfaces=[{"id": "nic"}])) == {
        "location": "swedencentral",
        "subnet": {"id": SUBNET},  # another resource's id: kept
        "privateLinkServiceConnections": [  # flattened, its own id and read-only state dropped
            {
                "name": "c",
                "privateLinkServiceId": "acct",
                "groupIds": ["account"],
                "privateLinkServiceConnectionState": {"status": "Approved"},
            }
        ],
    }


def test_ignore_changes_reset_new_inputs_to_the_imported_ones_or_remove_them() -> None:
    planned = {
        "privateEndpointName": "pe",
        "location": "swedencentral",
        "subnet": {"id": SUBNET, "privateEndpointNetworkPolicies": "Disabled"},
        "privateLinkServiceConnections": [
            {"name": "c", "privateLinkServiceId": "acct", "groupIds": ["account"]}
        ],
    }
    ignored = (
        "subnet.privateEndpointNetworkPolicies",
        "privateLinkServiceConnections[*].privateLinkServiceConnectionState",
    )
    assert differences(ENDPOINT, endpoint_body(), planned, ignored) == []
    found = differences(ENDPOINT, endpoint_body(), planned)
    assert [d.path for d in found] == [
        "privateLinkServiceConnections[0].privateLinkServiceConnectionState",
        "subnet.privateEndpointNetworkPolicies",
    ]
    assert (
        found[1].describe()
        == "subnet.privateEndpointNetworkPolicies: the stack sets 'Disabled', Azure has none"
    )


def test_empty_and_absent_are_the_same_request() -> None:
    planned = {"location": "swedencentral", "subnet": {"id": SUBNET}, "tags": {}}
    body = endpoint_body(customNetworkInterfaceName="", ipConfigurations=[])
    body["properties"]["privateLinkServiceConnections"] = []  # type: ignore[index]
    assert differences(ENDPOINT, body, planned) == []


def test_content_filters_the_contract_cannot_say_are_explained() -> None:
    both = [
        {"name": name, "source": source, "severityThreshold": "Medium", "blocking": True, "enabled": True}
        for name in ("Hate", "Sexual", "Selfharm", "Violence")
        for source in ("Prompt", "Completion")
    ]
    settings, _ = content_filter_settings({"basePolicyName": "Microsoft.DefaultV2", "contentFilters": both})
    assert settings is not None and settings["filters"]["hate"] == {
        "threshold": "Medium",
        "blocking": True,
        "enabled": True,
    }
    cases: list[tuple[dict[str, Any], str]] = [
        ({"basePolicyName": "contoso-base", "contentFilters": both}, "its base policy contoso-base"),
        ({"contentFilters": both, "customBlocklists": [{"blocklistName": "b"}]}, "custom blocklists"),
        ({"contentFilters": both[1:]}, "its Hate filter differs between prompts and completions"),
        (
            {"contentFilters": [*both, {"name": "Jailbreak", "source": "Completion"}]},
            "its Jailbreak filter is not set for Prompt only",
        ),
        ({"contentFilters": [*both, {"name": "Violence Extra", "source": "Prompt"}]}, "(Violence Extra)"),
    ]
    for properties, why in cases:
        settings, reason = content_filter_settings(properties)
        assert settings is None and why in reason, reason


def test_stack_file_keeps_strings_strings_ids_as_plain_keys_and_notes_as_comments() -> None:
    zone = (
        "/subscriptions/"
        + "0" * 36
        + "/resourceGroups/rg-dns/providers/Microsoft.Network/virtualNetworks/"
        + "v" * 40
    )
    config = {
        "namePrefix": "contoso",
        "environment": "prod",
        "networkRegions": {zone: "swedencentral"},
        "accounts": {"a": {"deployments": {"d": {"version": "1", "model": "gpt-4o", "capacity": 10}}}},
    }
    notes = [
        Note(("accounts", "a", "deployments", "d", "version"), "first"),
        Note(("accounts", "a", "deployments", "d", "version"), "second"),
        Note(("accounts", "a", "lock"), "on the account: no lock key"),
    ]
    text = stack_file_text(config, ["made by a test"], notes)
    assert text.startswith("# made by a test\nconfig:\n")
    assert f"    {zone}: swedencentral\n" in text  # not the `? key` form
    assert '          # first\n          # second\n          version: "1"\n' in text
    assert "    # on the account: no lock key\n    a:\n" in text  # the deepest key that exists
    loaded = YAML(typ="safe").load(text)["config"]
    assert loaded["azure-openai:accounts"]["a"]["deployments"]["d"]["version"] == "1"
