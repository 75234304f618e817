"""How a plan shows secret inputs (secret_view.py), rule by rule, on hand-written values: Pulumi's
secret wrapper is the engine's documented signature map, a secure value of the stack file is a
placeholder, and the expected views follow the module's rules (the structure of an object kept
where the secret in it is known, [secret] as a whole where it is not)."""

from __future__ import annotations

from typing import Any

from aoai.offline.secret_view import secret_paths, shown
from azure_openai_toolkit.config.placeholders import SHOWN, placeholder

SIG_KEY = "4dabf18193072939515e22adb298388d"  # Pulumi's special signature key and its secret value
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def secret(value: Any) -> dict[str, Any]:
    return {SIG_KEY: SECRET_SIG, "value": value}


CIPHERTEXT = {SIG_KEY: SECRET_SIG, "ciphertext": "v1:AAAA"}  # a state export's: no value in it


def test_a_secret_object_holding_a_placeholder_keeps_its_structure() -> None:
    rules = {"networkAcls": {"ipRules": [{"value": placeholder(0)}, {"value": "203.0.113.0/24"}]}}
    expected = {"networkAcls": {"ipRules": [{"value": SHOWN}, {"value": "203.0.113.0/24"}]}}
    assert shown(secret(rules)) == expected


def test_a_placeholder_or_a_masked_value_inside_a_tuple_or_a_derived_string_is_known() -> None:
    assert shown(secret(("a", f"/subnets/{placeholder(1)}"))) == ["a", SHOWN]
    assert shown(secret(["a", f"id-{SHOWN}"])) == ["a", SHOWN]
    assert shown(secret({"a": secret({"b": placeholder(2)})})) == {"a": {"b": SHOWN}}


def test_a_secret_object_holding_no_known_secret_is_hidden_as_a_whole() -> None:
    assert shown(secret({"a": "plain", "b": ["c", 1]})) == SHOWN
    assert shown(secret(["a", "b"])) == SHOWN
    assert shown(secret({"a": 1, "b": None, "c": True})) == SHOWN


def test_a_secret_value_is_shown_as_secret() -> None:
    assert shown(secret("s3cr3t")) == SHOWN
    assert shown(secret(42)) == SHOWN
    assert shown(CIPHERTEXT) == SHOWN
    assert shown({"a": CIPHERTEXT}, plain={"v1:AAAA"}) == {"a": SHOWN}


def test_plain_values_pass_and_known_secrets_in_plain_containers_are_shown() -> None:
    value = {"a": [1, "x", (placeholder(3), None)], "b": f"pre{placeholder(4)}"}
    assert shown(value) == {"a": [1, "x", [SHOWN, None]], "b": SHOWN}


def test_with_the_plain_values_every_secret_object_keeps_its_structure() -> None:
    """export-arm: a secret object is opened whatever it holds (its strings are the stack's own,
    plain unless a known secret); a secret value the stack file holds in plain text is shown, any
    other stays [secret]."""
    rules = [secret("10.0.0.0/8"), secret("hidden"), placeholder(5)]
    value = secret({"name": "contoso", "rules": rules, "n": 3})
    expected = {"name": "contoso", "rules": ["10.0.0.0/8", SHOWN, SHOWN], "n": 3}
    assert shown(value, plain={"contoso", "10.0.0.0/8"}) == expected
    assert shown(secret("contoso"), plain={"contoso"}) == "contoso"
    assert shown(secret("contoso"), plain=set()) == SHOWN
    assert shown(secret(3), plain={"3"}) == SHOWN
    assert shown(secret([secret("contoso")]), plain={"contoso"}) == ["contoso"]


def test_secret_paths_name_each_secret_by_its_path() -> None:
    value = {"properties": {"networkAcls": {"ipRules": [{"value": "1"}, {"value": SHOWN}]}}, "tags": SHOWN}
    assert secret_paths(value) == ["properties.networkAcls.ipRules[1].value", "tags"]
    assert secret_paths(SHOWN) == [""]
    assert secret_paths([SHOWN, "a", {1: SHOWN}]) == ["[0]", "[2].1"]
    assert secret_paths({"a": "b", "c": [1, 2]}) == []
