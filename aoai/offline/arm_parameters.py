"""Secret values of the plan as ARM template parameters, never as values in the template.

Where the plan shows [secret] (secret_view.py), the template refers to a parameter instead:
`securestring` for a value, `secureObject` for a whole object the plan cannot see into, and
`string` for a name (a role assignment's GUID derived from a secret principal id: ARM names are
visible to every reader of the scope, so a name is no secure value). The value is supplied when
the template is deployed or expanded, as Resource Manager intends for secrets; the template itself
holds none. Parameter names are the resource's logical name and the value's path, camel-cased
(`primaryAccountPropertiesNetworkAclsIpRules1Value`), so a reviewer sees what each stands for.
"""

from __future__ import annotations

import json
import re
from typing import Any

from azure_openai_toolkit.config.placeholders import SHOWN

from ..exit_codes import AoaiError, ExitCode
from .document import Resource

# Top-level fields that are objects: secret as a whole, they become secureObject parameters.
_OBJECTS = ("sku", "identity", "tags", "properties")


def _camel(text: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    return "".join(w[:1].lower() + w[1:] if i == 0 else w[:1].upper() + w[1:] for i, w in enumerate(words))


class SecretParameters:
    """The parameters of one template, collected while its resources are written."""

    def __init__(self) -> None:
        self.declared: dict[str, dict[str, Any]] = {}

    def replace(self, arm: dict[str, Any], resource: Resource) -> dict[str, Any]:
        """`arm` (one template resource) with every [secret] as a parameter reference."""
        result = dict(arm)
        for field, value in arm.items():
            if field == "name" and value == SHOWN:
                result[field] = self._use(resource, "name", "string")
            elif field in _OBJECTS and value == SHOWN:
                result[field] = self._use(resource, field, "secureObject")
            else:
                result[field] = self._values(value, resource, field)
        return result

    def _values(self, value: Any, resource: Resource, path: str) -> Any:
        if value == SHOWN:
            return self._use(resource, path, "securestring")
        if isinstance(value, dict):
            return {k: self._values(v, resource, f"{path}.{k}") for k, v in value.items()}
        if isinstance(value, list):
            return [self._values(v, resource, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, str) and SHOWN in value:
            # A secret inside another value (an id or expression built from one): no parameter
            # can stand for part of a string, and the template must not carry the marker.
            raise AoaiError(
                f"{resource['name']} ({resource['type']}) {path}: the value is built from a secret "
                f"({value}), which an ARM template cannot express; give a plain value for it in "
                "the stack file to export this stack",
                ExitCode.INVALID,
            )
        return value

    def _use(self, resource: Resource, path: str, kind: str) -> str:
        name = base = _camel(f"{resource['name']} {path}")
        count = 1
        while name in self.declared and self._of(name) != (resource["urn"], path):
            count += 1
            name = f"{base}{count}"
        if kind == "string":
            description = (
                f"The name of {resource['name']}, derived from a secret value of the stack "
                "(`pulumi preview --show-secrets` shows it)."
            )
        else:
            description = (
                f"{path} of {resource['name']}: a secret value of the stack, supplied at deployment "
                "(`pulumi preview --show-secrets` shows it)."
            )
        self.declared[name] = {
            "type": kind,
            "metadata": {"description": description, "resource": resource["urn"], "path": path},
        }
        return f"[parameters('{name}')]"

    def _of(self, name: str) -> tuple[str, str]:
        metadata = self.declared[name]["metadata"]
        return metadata["resource"], metadata["path"]

    def used_in(self, value: Any) -> dict[str, dict[str, Any]]:
        """The parameters a part of the template refers to (a nested deployment's own)."""
        text = json.dumps(value)
        return {name: spec for name, spec in self.declared.items() if f"[parameters('{name}')]" in text}


def markers_left(value: Any, path: str = "") -> list[str]:
    """Where a template still holds the [secret] marker (none may: every secret is a parameter)."""
    if isinstance(value, str):
        return [path] if SHOWN in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in markers_left(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in markers_left(v, f"{path}[{i}]")]
    return []
