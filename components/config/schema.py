"""JSON Schema of a whole stack file (`config:` with `azure-openai:<key>` entries), for editors."""

from __future__ import annotations

from typing import Any

from .errors import NAMESPACE
from .models import StackConfig
from .secrets import SECRET_ALLOWED

# A Pulumi secret as the stack file holds it (`pulumi config set --secret --path ...`).
SECURE_VALUE = {
    "type": "object",
    "properties": {"secure": {"type": "string", "description": "Encrypted by Pulumi."}},
    "required": ["secure"],
    "additionalProperties": False,
}


def _accept_secure(schema: Any) -> None:
    """Where a field allows secrets (secretAllowed), its values may also be {secure: ...}."""
    if isinstance(schema, list):
        for item in schema:
            _accept_secure(item)
        return
    if not isinstance(schema, dict):
        return
    for value in schema.values():
        _accept_secure(value)
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, prop in list(properties.items()):
        if not (isinstance(prop, dict) and prop.get(SECRET_ALLOWED)):
            continue
        if isinstance(prop.get("items"), dict):
            prop["items"] = {"anyOf": [prop["items"], SECURE_VALUE]}
        elif isinstance(prop.get("additionalProperties"), dict):
            prop["additionalProperties"] = {"anyOf": [prop["additionalProperties"], SECURE_VALUE]}
        else:
            kept = {k: v for k, v in prop.items() if k in ("description", "default", SECRET_ALLOWED, "title")}
            checked = {k: v for k, v in prop.items() if k not in kept}
            properties[name] = {**kept, "anyOf": [checked, SECURE_VALUE]}


def stack_file_schema() -> dict[str, Any]:
    """A draft 2020-12 schema of Pulumi.<stack>.yaml with this project's keys described in full.

    Keys of other namespaces (azure-native:location, ...) and Pulumi's own top-level entries
    (secretsprovider, encryptedkey, ...) are allowed, because Pulumi allows them.
    """
    inner = StackConfig.model_json_schema(by_alias=True, mode="validation")
    _accept_secure(inner)
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
