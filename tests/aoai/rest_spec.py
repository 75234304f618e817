"""Validate request bodies against the Microsoft.CognitiveServices REST specification (2025-06-01).

The specification (Swagger 2.0, whose schemas are JSON Schema draft 4) and the ARM common types it
references are copied, unmodified, in tests/fixtures/rest-spec. `spec_validator` registers both
under the URIs they have in the azure-rest-api-specs tree, so the specification's relative
`$ref`s (`../../../../../common-types/resource-management/v2/types.json#/...`) resolve through
jsonschema's `referencing` registry exactly as they do in the repository.

The specification leaves objects open (no `additionalProperties: false`) and JSON Schema ignores
`readOnly`, so a misspelt property or a response-only one would pass. `strict_problems` is the
stricter reading ARM itself applies to a request body: every property must be declared by the
definition (including what it inherits through `allOf`), and none may be read-only.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.conftest import FIXTURES

SPEC_URI = (
    "https://github.com/Azure/azure-rest-api-specs/specification/cognitiveservices/resource-manager/"
    "Microsoft.CognitiveServices/stable/2025-06-01/cognitiveservices.json"
)
# An excerpt (the operations the fake serves, the definitions of their request bodies) of the
# version azure-mgmt-cognitiveservices 14.1.0 sends; see tests/fixtures/rest-spec/README.md.
SPEC_2025_09_URI = SPEC_URI.replace("2025-06-01", "2025-09-01")
TYPES_URI = "https://github.com/Azure/azure-rest-api-specs/specification/common-types/resource-management/v2/types.json"
_TYPES_REF = "../../../../../common-types/resource-management/v2/types.json"


@cache
def documents() -> dict[str, dict[str, Any]]:
    folder = FIXTURES / "rest-spec"
    return {
        SPEC_URI: json.loads((folder / "cognitiveservices-2025-06-01.json").read_text()),
        SPEC_2025_09_URI: json.loads((folder / "cognitiveservices-2025-09-01.excerpt.json").read_text()),
        TYPES_URI: json.loads((folder / "common-types-v2-types.json").read_text()),
    }


@cache
def _registry() -> Registry[Any]:
    resources: list[tuple[str, Resource[Any]]] = [
        (uri, DRAFT4.create_resource(document)) for uri, document in documents().items()
    ]
    return Registry().with_resources(resources)


def spec_validator(definition: str) -> Draft4Validator:
    """A validator for one definition of the specification, e.g. "Account"."""
    return Draft4Validator({"$ref": f"{SPEC_URI}#/definitions/{definition}"}, registry=_registry())


def _resolve(schema: dict[str, Any], uri: str) -> tuple[dict[str, Any], str]:
    """Follow $ref (local or into the common types) until a schema without one."""
    while "$ref" in schema:
        reference = schema["$ref"]
        target_uri = TYPES_URI if reference.startswith(_TYPES_REF) else uri
        pointer = reference.split("#", 1)[1]
        node: Any = documents()[target_uri]
        for step in pointer.strip("/").split("/"):
            node = node[step]
        schema, uri = node, target_uri
    return schema, uri


def _declared(schema: dict[str, Any], uri: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Properties of an object schema, including those inherited through allOf."""
    declared: dict[str, tuple[dict[str, Any], str]] = {}
    for parent in schema.get("allOf", []):
        resolved, parent_uri = _resolve(parent, uri)
        declared.update(_declared(resolved, parent_uri))
    for name, property_schema in schema.get("properties", {}).items():
        declared[name] = (property_schema, uri)
    return declared


def strict_problems(instance: Any, definition: str, spec_uri: str = SPEC_URI) -> list[str]:
    """Undeclared and read-only properties anywhere in `instance`, as dotted paths."""
    problems: list[str] = []

    def walk(value: Any, schema: dict[str, Any], uri: str, path: str) -> None:
        read_only = schema.get("readOnly")
        schema, uri = _resolve(schema, uri)
        if read_only or schema.get("readOnly"):
            problems.append(f"{path}: read-only")
        if isinstance(value, dict):
            declared = _declared(schema, uri)
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                where = f"{path}.{key}" if path else key
                if key in declared:
                    walk(item, *declared[key], where)
                elif isinstance(extra, dict):
                    walk(item, extra, uri, where)
                elif extra is not True:
                    problems.append(f"{where}: not declared by the specification")
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                walk(item, schema["items"], uri, f"{path}[{index}]")

    walk(instance, {"$ref": f"#/definitions/{definition}"}, spec_uri, "")
    return problems
