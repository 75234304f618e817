"""Config values as the engine holds them: merging, the text the program gets, key paths."""

from __future__ import annotations

import json

import pytest

from azure_openai_toolkit.config.keys import BadKey, parse_key, parse_path
from azure_openai_toolkit.config.placeholders import placeholder
from azure_openai_toolkit.config.values import (
    Node,
    Origin,
    at_path,
    engine_text,
    from_plain,
    is_secure,
    leaves,
    merge,
    plain,
)

STACK = Origin("stack", "Pulumi.dev.yaml")
ENV = Origin("environment", "acme/shared")


def test_merge_is_json_merge_patch_with_the_receiver_winning() -> None:
    over = from_plain({"tags": {"owner": "ai"}, "zones": [3], "name": "x"}, STACK)
    base = from_plain({"tags": {"owner": "platform", "cost": "1"}, "zones": [1, 2], "extra": True}, ENV)
    merged = merge(over, base)
    assert plain(merged, reveal=True) == {
        "tags": {"owner": "ai", "cost": "1"},
        "zones": [3],
        "name": "x",
        "extra": True,
    }
    tags = merged.value["tags"].value
    assert (tags["owner"].origin, tags["cost"].origin) == (STACK, ENV)
    assert merge(from_plain("text", STACK), base) == from_plain("text", STACK)  # not a map: replaced


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("contoso", "contoso"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (1.5, "1.5"),
        (100.0, "100"),  # Go's encoding/json writes whole floats without ".0"
        (None, ""),
        ({"a": [1, 2.0]}, '{"a": [1, 2]}'),
        # Go's encoding/json: below 1e21 a float64 is written in plain notation with its shortest
        # round-trip digits (2.0**53 is 9007199254740992 exactly; 2.0**60's shortest digits are
        # 1152921504606847), from 1e21 on in exponent form.
        (2.0**53, "9007199254740992"),
        ({"n": 2.0**60}, '{"n": 1152921504606847000}'),
        ({"n": 1e21}, '{"n": 1e+21}'),
    ],
)
def test_the_text_the_program_gets(value: object, text: str) -> None:
    assert engine_text(from_plain(value, STACK)) == text


def test_stack_file_ciphertext_is_a_secret_placeholder() -> None:
    # The stack-file reader puts an offline placeholder where `{secure: ...}` stood.
    node = from_plain({"key": placeholder(1), "plain": "x"}, STACK)
    assert is_secure(node) and node.value["key"].encrypted
    assert json.loads(engine_text(node)) == {"key": placeholder(1), "plain": "x"}  # the program's
    assert plain(node, reveal=True)["key"] == "[secret]"  # what is shown


def test_a_secure_mapping_outside_a_stack_file_is_just_a_mapping() -> None:
    # Only a stack file holds ciphertext (Pulumi.yaml and ESC have no `secure:`): elsewhere
    # {secure: ...} is data, which the contract then refuses where a string belongs.
    node = from_plain({"secure": "v1:abc"}, ENV)
    assert not is_secure(node) and plain(node, reveal=False) == {"secure": "v1:abc"}


def test_known_secrets_are_revealed_only_to_the_program() -> None:
    node = Node({"token": from_plain("s3cret", ENV, secret=True)}, ENV)
    assert json.loads(engine_text(node)) == {"token": "s3cret"}
    assert plain(node, reveal=False) == {"token": "[secret]"}


@pytest.mark.parametrize(
    ("text", "key"),
    [("aws:region", ("aws", "region")), ("aws:config:region", ("aws", "region"))],
)
def test_keys_as_config_parse_key_reads_them(text: str, key: tuple[str, str]) -> None:
    assert parse_key(text) == key


@pytest.mark.parametrize("text", ["region", "a:b:c", "a:config:b:c"])
def test_keys_pulumi_refuses(text: str) -> None:
    with pytest.raises(BadKey, match="could not parse"):
        parse_key(text)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("tags", ("tags",)),
        ("tags.owner", ("tags", "owner")),
        ("zones[0]", ("zones", 0)),
        ('tags["cost.center"]', ("tags", "cost.center")),
        ('["a \\"b\\""].c', ('a "b"', "c")),
        ("a..b", ("a", "b")),  # ParsePropertyPath tolerates it
        (
            "accounts.primary.deployments.chat.capacity",
            ("accounts", "primary", "deployments", "chat", "capacity"),
        ),
    ],
)
def test_key_paths(name: str, path: tuple[str | int, ...]) -> None:
    assert parse_path(name) == path


@pytest.mark.parametrize("name", ["[0]", ".a", "a.", "a[x]", "", 'a["b', "a[1"])
def test_bad_key_paths(name: str) -> None:
    with pytest.raises(BadKey):
        parse_path(name)


def test_a_list_is_secure_when_any_item_is() -> None:
    items = Node([from_plain("a", ENV), from_plain("b", ENV, secret=True)], ENV)
    assert is_secure(items)
    assert not is_secure(Node([from_plain("a", ENV)], ENV))


def test_a_known_secret_in_a_list_is_revealed_only_when_asked() -> None:
    items = Node([from_plain("s3cret", ENV, secret=True)], ENV)
    assert plain(items, reveal=True) == ["s3cret"]
    assert plain(items, reveal=False) == ["[secret]"]


def test_a_merged_map_comes_from_the_layer_merged_over() -> None:
    merged = merge(from_plain({"a": "1"}, STACK), from_plain({"b": "2"}, ENV))
    assert merged.origin == STACK


def test_as_secret_marks_every_part_and_keeps_the_shape_and_origin() -> None:
    from azure_openai_toolkit.config.values import as_secret

    node = from_plain({"a": ["x", "y"], "b": "z"}, ENV)
    marked = as_secret(node)
    assert marked.origin == ENV and marked.value["a"].origin == ENV
    assert plain(marked, reveal=True) == {"a": ["x", "y"], "b": "z"}
    assert plain(marked, reveal=False) == {"a": ["[secret]", "[secret]"], "b": "[secret]"}


def test_every_string_of_a_secret_list_is_secret_and_keeps_its_origin() -> None:
    # ESC marks a whole value secret; its strings carry the mark (numbers would not).
    node = from_plain(["k1", "k2", 3], ENV, secret=True)
    assert plain(node, reveal=False) == ["[secret]", "[secret]", 3]
    assert [item.origin for item in node.value] == [ENV, ENV, ENV]


def test_leaves_are_the_scalars_and_empty_containers_at_their_key_paths() -> None:
    node = from_plain({"zones": ["1", "2"], "tags": {}, "name": "x"}, STACK)
    found = {path: plain(leaf, reveal=True) for path, leaf in leaves(node)}
    assert found == {("zones", 0): "1", ("zones", 1): "2", ("tags",): {}, ("name",): "x"}


@pytest.mark.parametrize(
    ("path", "found"),
    [
        (("zones", 0), "1"),
        (("zones", 1), "2"),
        (("zones", 2), None),  # past the end: no such part
        (("zones", -1), None),  # a property path has no negative indexes
        (("zones", "0"), None),  # a key is not an index
        (("tags", 0), None),  # nor an index a key
        (("tags", "owner"), "ai"),
    ],
)
def test_the_part_of_a_value_at_a_key_path(path: tuple[str | int, ...], found: object) -> None:
    node = from_plain({"zones": ["1", "2"], "tags": {"owner": "ai"}}, STACK)
    part = at_path(node, path)
    assert (plain(part, reveal=True) if part is not None else None) == found
