"""Secret config values reach resources only as secret inputs, as with Pulumi's own Config.

The engine tells a program which top-level config keys hold a secret (Pulumi marks the whole key
when any value under it is secure; `StackConfig.secret_keys`). Every value under such a key that
may be secret (the fields marked secretAllowed: ids, IP rules, principal ids, key names, ...)
goes into the components' Args as `pulumi.Output.secret`, so it is encrypted in the state and
hidden in previews. The components' Args accept Outputs for exactly these fields; what
decides names and structure stays plain, as the contract requires it to be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pydantic import BaseModel

from .config import StackConfig
from .config.reporting import nested_model
from .config.secrets import SECRET_ALLOWED


def hidden(value: Any) -> Any:
    """Every string in `value` (a string, or a list or map of them) as a secret Output."""
    if isinstance(value, str):
        return pulumi.Output.secret(value)
    if isinstance(value, list):
        return [hidden(v) for v in value]
    if isinstance(value, dict):
        return {k: hidden(v) for k, v in value.items()}
    return value


def with_secrets(data: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """`data` (a `model_dump()` of `model`, by field name) with the values of every field that may
    be secret, at any depth, turned into secret Outputs."""
    result = dict(data)
    for name, value in data.items():
        field = model.model_fields.get(name)
        if field is None or value is None:
            continue
        extra = field.json_schema_extra
        if isinstance(extra, dict) and extra.get(SECRET_ALLOWED):
            result[name] = hidden(value)
            continue
        nested, suffix = nested_model(field.annotation)
        if nested is None:
            continue
        if suffix.startswith(".<key>") and isinstance(value, dict):
            result[name] = {k: _nested(v, nested) for k, v in value.items()}
        elif suffix.startswith("[]") and isinstance(value, list):
            result[name] = [_nested(v, nested) for v in value]
        elif isinstance(value, dict):
            result[name] = with_secrets(value, nested)
    return result


def _nested(value: Any, model: type[BaseModel]) -> Any:
    return with_secrets(value, model) if isinstance(value, dict) else value


def accounts_secret(config: StackConfig) -> bool:
    return "accounts" in config.secret_keys

