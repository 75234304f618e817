"""Pulumi.yaml against Pulumi's own project schema; its template must create a valid stack."""

from __future__ import annotations

import json

import jsonschema
from ruamel.yaml import YAML

from azure_openai_toolkit.config import StackConfig, parse_raw
from tests.conftest import FIXTURES, PROJECT_ROOT

PROJECT = YAML(typ="safe", pure=True).load((PROJECT_ROOT / "Pulumi.yaml").read_text())


def test_project_file_validates_against_pulumis_schema() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    jsonschema.validate(PROJECT, schema)


def test_project_settings_the_toolkit_relies_on() -> None:
    assert PROJECT["name"] == "azure-openai"
    assert PROJECT["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}
    assert PROJECT["stackConfigDir"] == "stacks"


def test_template_prompts_and_its_defaults_make_a_valid_stack() -> None:
    prompts = PROJECT["template"]["config"]
    assert set(prompts) == {"azure-openai:namePrefix", "azure-openai:environment", "azure-openai:location"}
    raw = {key.split(":", 1)[1]: str(entry["default"]) for key, entry in prompts.items()}
    config = parse_raw(raw, "template defaults")
    assert isinstance(config, StackConfig)
    assert config.account_location("primary") == prompts["azure-openai:location"]["default"]


def test_a_wrong_project_file_would_be_caught() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    broken = {**PROJECT, "template": {**PROJECT["template"], "prompts": {}}}
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an unknown template key")
