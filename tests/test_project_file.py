"""This repository's Pulumi.yaml against Pulumi's own project schema (the template's: test_template.py)."""

from __future__ import annotations

import json

import jsonschema
from ruamel.yaml import YAML

from tests.conftest import FIXTURES, PROJECT_ROOT

PROJECT = YAML(typ="safe", pure=True).load((PROJECT_ROOT / "Pulumi.yaml").read_text())


def test_project_file_validates_against_pulumis_schema() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    jsonschema.validate(PROJECT, schema)


def test_project_settings_the_toolkit_relies_on() -> None:
    assert PROJECT["name"] == "azure-openai"
    assert PROJECT["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}
    assert PROJECT["stackConfigDir"] == "stacks"
    # Every operation refreshes first: ignoreChanges sends the state's recorded value (deploy.md).
    assert PROJECT["options"] == {"refresh": "always"}


def test_the_repository_is_not_a_template_so_pulumi_new_does_not_copy_it() -> None:
    assert "template" not in PROJECT


def test_a_wrong_project_file_would_be_caught() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    broken = {**PROJECT, "template": {"displayName": "x", "prompts": {}}}
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an unknown template key")
