"""Secret values as ARM template parameters (arm_parameters.py), on hand-written template
resources: the parameter kinds, names and descriptions follow the rules in the module and
docs/arm-export.md (the resource's logical name and the value's path, camel-cased)."""

from __future__ import annotations

from typing import Any

import pytest

from aoai.exit_codes import AoaiError
from aoai.offline.arm_parameters import SecretParameters, markers_left
from azure_openai_toolkit.config.placeholders import SHOWN

ACCOUNT = {"name": "primary", "type": "azure-native:cognitiveservices:Account", "urn": "urn:account"}


RULE = "primaryPropertiesNetworkAclsIpRules1Value"


def ref(name: str) -> str:
    return f"[parameters('{name}')]"


def test_each_kind_of_secret_is_its_kind_of_parameter() -> None:
    secrets = SecretParameters()
    arm: dict[str, Any] = {
        "type": "Microsoft.CognitiveServices/accounts",
        "name": SHOWN,
        "sku": SHOWN,
        "identity": SHOWN,
        "tags": SHOWN,
        "properties": {"networkAcls": {"ipRules": [{"value": "10.0.0.0/8"}, {"value": SHOWN}]}, "x": SHOWN},
        "kind": "OpenAI",
    }
    assert secrets.replace(arm, ACCOUNT) == {
        "type": "Microsoft.CognitiveServices/accounts",
        "name": ref("primaryName"),
        "sku": ref("primarySku"),
        "identity": ref("primaryIdentity"),
        "tags": ref("primaryTags"),
        "properties": {
            "networkAcls": {"ipRules": [{"value": "10.0.0.0/8"}, {"value": ref(RULE)}]},
            "x": ref("primaryPropertiesX"),
        },
        "kind": "OpenAI",
    }
    kinds = {name: spec["type"] for name, spec in secrets.declared.items()}
    assert kinds == {
        "primaryName": "string",
        "primarySku": "secureObject",
        "primaryIdentity": "secureObject",
        "primaryTags": "secureObject",
        RULE: "securestring",
        "primaryPropertiesX": "securestring",
    }
    assert secrets.declared["primaryPropertiesX"]["metadata"] == {
        "description": "properties.x of primary: a secret value of the stack, supplied at deployment "
        "(`pulumi preview --show-secrets` shows it).",
        "resource": "urn:account",
        "path": "properties.x",
    }
    assert secrets.declared["primaryName"]["metadata"] == {
        "description": "The name of primary, derived from a secret value of the stack "
        "(`pulumi preview --show-secrets` shows it).",
        "resource": "urn:account",
        "path": "name",
    }


def test_a_secret_field_that_is_no_object_is_a_secure_string() -> None:
    """Only name and the object fields have kinds of their own; kind or location is a value."""
    secrets = SecretParameters()
    assert secrets.replace({"kind": SHOWN, "location": SHOWN}, ACCOUNT) == {
        "kind": ref("primaryKind"),
        "location": ref("primaryLocation"),
    }
    assert {spec["type"] for spec in secrets.declared.values()} == {"securestring"}


def test_names_are_camel_cased_from_every_word() -> None:
    resource = {"name": "my--app_2 x", "type": "t", "urn": "u"}
    secrets = SecretParameters()
    secrets.replace({"properties": {"a-b": [{"c.d": SHOWN}]}}, resource)
    assert list(secrets.declared) == ["myApp2XPropertiesAB0CD"]


def test_the_same_value_is_one_parameter_and_another_of_the_same_name_gets_a_number() -> None:
    """Two resources whose logical name and path camel-case alike (`primary` in two components)
    get base, base2, base3; the same resource's same value is the same parameter."""
    secrets = SecretParameters()
    first = secrets.replace({"properties": {"x": SHOWN}}, ACCOUNT)
    again = secrets.replace({"properties": {"x": SHOWN}}, ACCOUNT)
    second = secrets.replace({"properties": {"x": SHOWN}}, {**ACCOUNT, "urn": "urn:second"})
    third = secrets.replace({"properties": {"x": SHOWN}}, {**ACCOUNT, "urn": "urn:third"})
    assert first == again == {"properties": {"x": ref("primaryPropertiesX")}}
    assert second == {"properties": {"x": ref("primaryPropertiesX2")}}
    assert third == {"properties": {"x": ref("primaryPropertiesX3")}}
    assert list(secrets.declared) == ["primaryPropertiesX", "primaryPropertiesX2", "primaryPropertiesX3"]
    assert secrets.declared["primaryPropertiesX3"]["metadata"]["resource"] == "urn:third"


def test_a_secret_inside_a_list_value_or_a_string_is_refused() -> None:
    with pytest.raises(AoaiError) as caught:
        SecretParameters().replace({"properties": {"ids": ["a", f"/subnets/{SHOWN}"]}}, ACCOUNT)
    assert str(caught.value).startswith(
        "primary (azure-native:cognitiveservices:Account) properties.ids[1]: the value is built from a "
        "secret (/subnets/[secret]), which an ARM template cannot express;"
    )
    assert caught.value.code == 2


def test_used_in_names_the_parameters_a_part_refers_to() -> None:
    secrets = SecretParameters()
    inner = secrets.replace({"properties": {"a": SHOWN}}, ACCOUNT)
    secrets.replace({"properties": {"b": SHOWN}}, ACCOUNT)
    assert list(secrets.used_in([inner])) == ["primaryPropertiesA"]
    assert secrets.used_in({"x": "primaryPropertiesB"}) == {}  # only a reference counts


def test_markers_left_names_each_path_that_still_holds_the_marker() -> None:
    template = {"a": {"b": [1, "x", f"id/{SHOWN}"]}, "c": SHOWN, "d": None}
    assert markers_left(template) == ["a.b[2]", "c"]
    assert markers_left([SHOWN]) == ["[0]"]
    assert markers_left({"a": "plain"}) == []
