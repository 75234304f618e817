"""JSON Schema of a whole stack file (`config:` with `azure-openai:<key>` entries), for editors."""

from __future__ import annotations

from typing import Any

from .errors import NAMESPACE
from .models import StackConfig


def stack_file_schema() -> dict[str, Any]:
    """A draft 2020-12 schema of Pulumi.<stack>.yaml with this project's keys described in full.

    Keys of other namespaces (azure-native:location, ...) and Pulumi's own top-level entries
    (secretsprovider, encryptedkey, ...) are allowed, because Pulumi allows them.
    """
    inner = StackConfig.model_json_schema(by_alias=True, mode="validation")
    definitions = inner.pop("$defs", {})
    properties = {f"{NAMESPACE}:{key}": value for key, value in inner.get("properties", {}).items()}
    required = [f"{NAMESPACE}:{key}" for key in inner.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "azure-openai stack file (stacks/Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "description": inner.get("description", ""),
                "properties": properties,
                "required": required,
                "patternProperties": {f"^(?!{NAMESPACE}:).+:.+$": {}},
                "additionalProperties": False,
            },
            "secretsprovider": {"type": "string"},
            "encryptedkey": {"type": "string"},
            "encryptionsalt": {"type": "string"},
            "environment": {},
        },
        "required": ["config"],
        "$defs": definitions,
    }
