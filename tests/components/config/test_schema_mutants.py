"""config/schema.py: where a field allows secrets, the editor schema also takes {secure: ...}, at
any depth of the schema and for a map's values (docs/security.md: "these keys, and their list items
or map values, may be secret"). The stack file's own schema has no secret map field and no field
inside a list of schemas, so these fragments are written by hand."""

from __future__ import annotations

from typing import Any

from azure_openai_toolkit.config.schema import _accept_secure

# A Pulumi secret as the stack file holds it: {secure: <ciphertext>}, nothing else.
SECURE = {
    "type": "object",
    "properties": {"secure": {"type": "string", "description": "Encrypted by Pulumi."}},
    "required": ["secure"],
    "additionalProperties": False,
}


def test_a_secret_map_takes_a_secure_value_for_each_value_not_for_the_whole_map() -> None:
    schema: dict[str, Any] = {
        "properties": {
            "labels": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "secretAllowed": True,
                "description": "Labels.",
            },
        }
    }
    _accept_secure(schema)
    assert schema == {
        "properties": {
            "labels": {
                "type": "object",
                "additionalProperties": {"anyOf": [{"type": "string"}, SECURE]},
                "secretAllowed": True,
                "description": "Labels.",
            },
        }
    }


def test_fields_inside_a_list_of_schemas_are_reached() -> None:
    schema: dict[str, Any] = {
        "anyOf": [
            {"type": "object", "properties": {"key": {"type": "string", "secretAllowed": True}}},
            {"type": "null"},
        ]
    }
    _accept_secure(schema)
    assert schema == {
        "anyOf": [
            {
                "type": "object",
                "properties": {"key": {"secretAllowed": True, "anyOf": [{"type": "string"}, SECURE]}},
            },
            {"type": "null"},
        ]
    }
