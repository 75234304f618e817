"""The committed editor schema is current and accepts the fixture stack files (tests/fixtures/stacks)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from azure_openai_toolkit.config.schema import stack_file_schema
from tests.conftest import FIXTURE_STACKS, PROJECT_ROOT

COMMITTED = PROJECT_ROOT / "schema" / "stack-config.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert json.loads(COMMITTED.read_text()) == stack_file_schema(), (
        "regenerate it: python -m aoai schema -o schema/stack-config.schema.json"
    )


@pytest.mark.parametrize(
    "path", sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml")), ids=lambda p: p.name
)
def test_fixture_stacks_match_the_schema(path: Path) -> None:
    document = YAML(typ="safe", pure=True).load(path.read_text())
    jsonschema.Draft202012Validator(stack_file_schema()).validate(document)


def test_schema_flags_unknown_keys_for_editors() -> None:
    document = {
        "config": {
            "azure-openai:namePrefix": "c",
            "azure-openai:environment": "dev",
            "azure-openai:colour": 1,
        }
    }
    errors = list(jsonschema.Draft202012Validator(stack_file_schema()).iter_errors(document))
    assert errors
