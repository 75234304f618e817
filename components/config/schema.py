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


def _without_required(schema: Any) -> Any:
    """The schema with every `required` list removed, at every depth."""
    if isinstance(schema, dict):
        return {k: _without_required(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [_without_required(item) for item in schema]
    return schema


def stack_file_schema() -> dict[str, Any]:
    """A draft 2020-12 schema of Pulumi.<stack>.yaml with this project's keys described in full.

    Keys of other namespaces (azure-native:location, ...) and Pulumi's own top-level entries
    (secretsprovider, encryptedkey, environment, ...) are allowed, because Pulumi allows them.
    Nothing is required: a stack file may leave any key, or any part of a map, to Pulumi.yaml's
    project config or to an ESC environment (maps merge), so only `aoai validate` can tell what
    the merged config lacks. Unknown keys and wrong types are still flagged.
    """
    inner = _without_required(StackConfig.model_json_schema(by_alias=True, mode="validation"))
    _accept_secure(inner)  # after: a secure value does require its `secure:` key
    # StackConfig is a model with a docstring and nested models: its schema always has all three.
    definitions = inner.pop("$defs")
    properties = {f"{NAMESPACE}:{key}": value for key, value in inner["properties"].items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "azure-openai stack file (stacks/Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "description": inner["description"],
                "properties": properties,
                "patternProperties": {
                    f"^(?!{NAMESPACE}:).+:.+$": {
                        "description": "A key of another namespace (azure-native:location, "
                        "azure-native:subscriptionId, ...): the provider's, passed on as it is."
                    }
                },
                "additionalProperties": False,
            },
            "secretsprovider": {
                "type": "string",
                "description": "Pulumi's: the stack's secrets provider (e.g. azurekeyvault://...), "
                "written by `pulumi stack init --secrets-provider`.",
            },
            "encryptedkey": {
                "type": "string",
                "description": "Pulumi's: the stack's data key, encrypted by the secrets provider.",
            },
            "encryptionsalt": {
                "type": "string",
                "description": "Pulumi's: the salt of the passphrase secrets provider.",
            },
            "environment": {
                "description": "Pulumi ESC environments the stack imports (imports: [...]); their "
                "values merge under the stack's config.",
            },
        },
        "required": ["config"],
        "$defs": definitions,
    }
