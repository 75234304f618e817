"""The plan as a JSON document: the stable, documented format of `aoai plan --format json`.

The shape is described by schema/plan.schema.json (tests validate every shipped stack's plan
against it). It is also what `aoai plan --against` compares, and what a git revision's plan comes
back as from its isolated subprocess, so every consumer reads one format.

Stable means: resources sorted by URN, dependency lists sorted, whole numbers as integers (the
engine hands numbers over as floats), secret values replaced by "[secret]" (where in an object
the secret is, when that is known: secret_view.py), keys sorted when
serialised. URNs are the ones the real engine computes (see RecordingMonitor.make_urn).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any

from azure_openai_toolkit.config.placeholders import SHOWN

from .mocks import Registration
from .resource_types import azure_type
from .runner import ProgramRun
from .secret_view import shown
from .tree import explicit_dependencies, key_properties

FORMAT = "aoai-plan/v1"
SECRET = SHOWN

Document = dict[str, Any]
Resource = dict[str, Any]


def clean(value: Any, *, plain: Collection[str] | None = None) -> Any:
    """A JSON-safe copy: secrets hidden (secret_view.py, which says what `plain` does), 10.0 ->
    10, tuples as lists, dict keys as strings."""
    return _json_safe(shown(value, plain=plain))


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def value_at(data: Any, path: str) -> Any:
    """The value at a dotted path (`properties.model.name`), or None when any step is missing."""
    for step in path.split("."):
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def resource_key(urn: str) -> str:
    """`<qualified type>::<name>`: a resource's identity within any stack of the project."""
    return urn.split("::", 2)[2]


def _implied(registration: Registration) -> list[str]:
    return sorted({urn for urns in registration.property_dependencies.values() for urn in urns})


def _resource(registration: Registration, plain: Collection[str] | None) -> Resource:
    inputs = clean(registration.inputs, plain=plain)
    known = azure_type(registration.type)
    key_inputs = {}
    if known is not None:
        key_inputs = {
            path: value_at(inputs, path) for path in known.key_inputs if value_at(inputs, path) is not None
        }
    return {
        "urn": registration.urn,
        "key": resource_key(registration.urn),
        "type": registration.type,
        "name": registration.name,
        "custom": registration.custom,
        "parent": registration.parent or None,
        "protect": registration.protect,
        "id": registration.id if registration.custom else None,
        "azureType": known.arm_type if known else None,
        "apiVersion": known.api_version if known else None,
        "dependsOn": sorted(explicit_dependencies(registration)),
        "impliedDependencies": _implied(registration),
        "propertyDependencies": {
            key: urns for key, urns in sorted(registration.property_dependencies.items()) if urns
        },
        "ignoreChanges": sorted(registration.ignore_changes),
        "summary": key_properties(registration) if registration.custom else "",
        "keyInputs": key_inputs,
        "inputs": inputs,
    }


def plan_document(run: ProgramRun, *, plain_values: Collection[str] | None = None) -> Document:
    """The plan of a run; plain_values: see secret_view.shown (export-arm's, not the plan's)."""
    resources = [_resource(r, plain_values) for r in sorted(run.registrations, key=lambda r: r.urn)]
    return {
        "format": FORMAT,
        "project": run.project,
        "stack": run.stack,
        "counts": {
            "azureResources": sum(r["custom"] for r in resources),
            "components": sum(not r["custom"] for r in resources),
            "protected": sum(r["protect"] for r in resources),
        },
        "resources": resources,
        "outputs": clean(run.outputs),
    }


def dumps(document: Document) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def azure_resources(document: Document) -> Iterable[Resource]:
    return (r for r in document["resources"] if r["custom"])
