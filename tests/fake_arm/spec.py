"""The REST specification as the fake's source of truth: its paths and its schemas.

The files are the project's copies in tests/fixtures/rest-spec (loaded by tests/aoai/rest_spec.py):
the whole 2025-06-01 specification and an excerpt of 2025-09-01 (the version the SDK sends); a
request is checked against the copy of the api-version it names (`load_spec(version)`).
Routes are built from the specification's path templates (by operationId); request bodies the
fake receives are validated against the operation's body parameter schema, plus the strict
reading of tests/aoai/rest_spec.py (no undeclared or read-only properties); the fake's own tests
validate every answer against the operation's response schema. Here a schema is looked up by
operation and status, so `$ref`s (local and into the ARM common types) are inlined and `allOf`
merged, and schemas are read as AutoRest reads them: extensible enums (`modelAsString`) accept
newer values, and a schema with properties but no type is an object.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft4Validator

ARM_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arm"
COMMON_TYPES_REF = "../../../../../common-types/resource-management/v2/types.json"
# Referenced by PrivateEndpointConnectionProperties only, and not in the reference material: its
# three types are accepted unchecked (the fake never sends private endpoint connections).
UNAVAILABLE_REFS = {"../../../../../common-types/resource-management/v2/privatelinks.json"}

Schema = dict[str, Any]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    definition: dict[str, Any]


def _path_pattern(template: str) -> re.Pattern[str]:
    """`/subscriptions/{subscriptionId}/...` -> a regex with one named group per parameter."""
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join(f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts)
    # ARM paths are case-insensitive.
    return re.compile(f"^{regex}$", re.IGNORECASE)


class Spec:
    """Operations and schemas of the Microsoft.CognitiveServices specification."""

    def __init__(self, version: str = "2025-06-01") -> None:
        # Imported here: tests.aoai.rest_spec imports tests.conftest, which imports this package's
        # fixtures, so a module-level import would make `import tests.fake_arm` circular.
        from tests.aoai.rest_spec import SPEC_2025_09_URI, SPEC_URI, TYPES_URI, documents

        self.version = version
        self.uri = {"2025-06-01": SPEC_URI, "2025-09-01": SPEC_2025_09_URI}[version]
        self.document: dict[str, Any] = documents()[self.uri]
        self.common: dict[str, Any] = documents()[TYPES_URI]
        self.operations: dict[str, Operation] = {}
        for template, methods in self.document["paths"].items():
            for method, definition in methods.items():
                if isinstance(definition, dict) and "operationId" in definition:
                    op_id = definition["operationId"]
                    self.operations[op_id] = Operation(
                        op_id, method.upper(), template, _path_pattern(template), definition
                    )

    def operation(self, operation_id: str) -> Operation:
        return self.operations[operation_id]

    # -- schemas -------------------------------------------------------------------------------

    def definition(self, name: str) -> Schema:
        """A definition of the specification, fully inlined."""
        return cast(Schema, self._resolve({"$ref": f"#/definitions/{name}"}, self.document, ()))

    def common_definition(self, name: str) -> Schema:
        return cast(Schema, self._resolve({"$ref": f"#/definitions/{name}"}, self.common, ()))

    def response_schema(self, operation_id: str, status: int) -> Schema | None:
        """Schema of the body answered with `status` (the `default` one for error statuses)."""
        responses = self.operation(operation_id).definition["responses"]
        response = responses.get(str(status))
        if response is None and status >= 400:
            response = responses.get("default")
        if response is None:
            raise KeyError(f"{operation_id} does not answer {status} per the specification")
        schema = response.get("schema")
        return None if schema is None else cast(Schema, self._resolve(schema, self.document, ()))

    def success_statuses(self, operation_id: str) -> set[int]:
        responses = self.operation(operation_id).definition["responses"]
        return {int(code) for code in responses if code.isdigit()}

    def request_definition(self, operation_id: str) -> str | None:
        """Name of the definition the operation's body parameter is, if it takes a body."""
        for parameter in self.operation(operation_id).definition.get("parameters", []):
            if parameter.get("in") == "body":
                return str(parameter["schema"]["$ref"]).rsplit("/", 1)[-1]
        return None

    def request_problems(self, operation_id: str, body: Any) -> list[str]:
        definition = self.request_definition(operation_id)
        if definition is None:
            return [] if body is None else [f"{operation_id} takes no request body"]
        from tests.aoai.rest_spec import strict_problems

        return _problems(self.definition(definition), body) + strict_problems(body, definition, self.uri)

    def response_problems(self, operation_id: str, status: int, body: Any) -> list[str]:
        schema = self.response_schema(operation_id, status)
        if schema is None:
            return [] if body is None else [f"{operation_id} {status} has no body per the specification"]
        return _problems(schema, body)

    def _resolve(self, node: Any, document: dict[str, Any], seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self._resolve(item, document, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            if node["$ref"].partition("#")[0] in UNAVAILABLE_REFS:
                return {}
            target_document, pointer = self._target(node["$ref"], document)
            key = f"{id(target_document)}{pointer}"
            if key in seen:  # a recursive type (ErrorDetail.details): accept any nested value
                return {}
            target: Any = target_document
            for part in pointer.lstrip("#/").split("/"):
                target = target[part]
            resolved = self._resolve(target, target_document, (*seen, key))
            extra = {k: v for k, v in node.items() if k not in ("$ref", "description", "readOnly")}
            return {**resolved, **self._resolve(extra, document, seen)} if extra else resolved
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key == "allOf":
                continue
            if key in ("properties", "definitions"):
                result[key] = {name: self._resolve(v, document, seen) for name, v in value.items()}
            elif key.startswith("x-") or key in ("description", "example"):
                continue
            else:
                result[key] = self._resolve(value, document, seen)
        if "properties" in result and "type" not in result:
            result["type"] = "object"  # as AutoRest reads a schema with properties but no type
        if node.get("x-ms-enum", {}).get("modelAsString"):
            # An extensible enum: the service may send values newer than this specification.
            result.pop("enum", None)
        for parent in node.get("allOf", []):
            merged = self._resolve(parent, document, seen)
            result["properties"] = {**merged.get("properties", {}), **result.get("properties", {})}
            required = [*merged.get("required", []), *result.get("required", [])]
            if required:
                result["required"] = sorted(set(required))
            result.setdefault("type", merged.get("type", "object"))
        return result

    def _target(self, ref: str, document: dict[str, Any]) -> tuple[dict[str, Any], str]:
        location, _, pointer = ref.partition("#")
        if not location:
            return document, pointer
        if location == COMMON_TYPES_REF:
            return self.common, pointer
        raise KeyError(f"unknown $ref target {location!r}")


def _problems(schema: Schema, body: Any) -> list[str]:
    validator = Draft4Validator(schema)
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in validator.iter_errors(body)
    )


# The api-versions of which the project keeps a copy of the specification.
COPIES = ("2025-06-01", "2025-09-01")


@functools.cache
def load_spec(version: str = "2025-06-01") -> Spec:
    return Spec(version)
