"""Pulumi.yaml's config section: what aoai accepts is what Pulumi's project JSON schema accepts.

tests/fixtures/pulumi-project.schema.json is the schema the Pulumi CLI validates Pulumi.yaml with
(pulumi/pulumi sdk/go/common/workspace/project.json). For every case the schema's verdict is
written down, checked against the schema itself, and aoai's reader must agree; where the schema
accepts a section that Pulumi's Project.Validate() then refuses, the refusal is written down too.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from azure_openai_toolkit.config.project_config import read_project_config
from tests.conftest import FIXTURES

SCHEMA = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())

# (config section, does the schema accept it?, does Project.Validate() refuse it?)
CASES = [
    ("namePrefix: contoso", True, False),
    ("count: 3", True, False),
    ("protect: true", True, False),
    ("zones: [a, b]", True, False),
    ("ratio: 1.5", False, False),
    ("nothing: null", False, False),
    ("tags: {costCenter: '1234'}", False, False),
    ("tags: {value: {costCenter: '1234'}}", True, False),
    ("tags: {default: {costCenter: '1234'}}", True, False),
    ("tags: {type: object, default: {costCenter: '1234'}}", True, False),
    ("size: {type: string, default: small, description: VM size}", True, False),
    ("size: {type: text}", False, False),
    ("size: {type: string, secret: maybe}", False, False),
    ("size: {type: string, description: 3}", False, False),
    ("zones: {type: array, items: {type: string}, default: [a]}", True, False),
    ("zones: {type: array, items: {kind: string}}", False, False),
    ("zones: {type: array, items: {type: array}}", False, False),
    ("zones: {type: array, items: {type: array, items: {type: integer}}}", True, False),
    ("zones: {type: array, default: [a]}", True, True),  # Validate(): array needs items
    ("size: {type: string, default: a, value: b}", True, True),  # Validate(): not both
    ("count: {type: integer, default: many}", True, True),  # Validate(): default of its type
    ("azure-native:location: westeurope", True, False),
    ("azure-native:location: {value: westeurope}", True, False),
    ("azure-native:location: {default: westeurope}", True, True),  # Validate(): value, not default
    ("azure-native:location: {type: string, value: x}", True, True),  # Validate(): no type
    ("azure-native:location: {description: region}", True, True),  # Validate(): needs a value
]


@pytest.mark.parametrize(("section", "schema_accepts", "validate_refuses"), CASES)
def test_config_section_agrees_with_pulumis_schema(
    tmp_path: Path, section: str, schema_accepts: bool, validate_refuses: bool
) -> None:
    text = f"name: azure-openai\nruntime: python\nconfig:\n  {section}\n"
    document = YAML(typ="safe", pure=True).load(text)
    try:
        jsonschema.validate(document, SCHEMA)
        schema_verdict = True
    except jsonschema.ValidationError:
        schema_verdict = False
    assert schema_verdict == schema_accepts, "the written-down verdict is not the schema's"
    path = tmp_path / "Pulumi.yaml"
    path.write_text(text)
    problems = read_project_config(path).problems
    assert bool(problems) == (not schema_accepts or validate_refuses), [p.render() for p in problems]
