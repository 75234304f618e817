"""Pulumi.yaml's config section (project_config.py): the `items` of array declarations, as the
project schema (pulumi/pulumi sdk/go/common/workspace/project.json, configItemsType) defines
them, the full type names Pulumi prints (InferFullTypeName), and where a problem of the section
or of the whole file is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.config.project_config import full_type_name, read_project_config

TYPES = "string, integer, boolean, array, object"


def _problems(tmp_path: Path, section: str) -> list[tuple[str | None, int | None, str]]:
    path = tmp_path / "Pulumi.yaml"
    path.write_text(f"name: azure-openai\nruntime: python\nconfig:\n{section}")
    return [(p.key, p.line, p.message) for p in read_project_config(path).problems]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("string", "items must be a mapping with a type, e.g. {type: string}"),
        ("{type: string, format: x}", "items: unknown attribute 'format' (allowed: items, type)"),
        ("{type: text}", f"items: type must be one of {TYPES} (got 'text')"),
        ("{type: array}", "items: an array needs items"),
        ("{type: array, items: {type: list}}", f"items: type must be one of {TYPES} (got 'list')"),
    ],
)
def test_an_items_declaration_is_checked_like_the_schema(tmp_path: Path, items: str, message: str) -> None:
    section = f"  zones:\n    type: array\n    items: {items}\n"
    assert _problems(tmp_path, section) == [("config.zones", 4, message)]


def test_array_types_are_named_in_full() -> None:
    assert full_type_name("string", None) == "string"
    assert full_type_name("array", {"type": "string"}) == "array<string>"
    nested = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}
    assert full_type_name("array", nested) == "array<array<array<integer>>>"


def test_a_problem_of_the_whole_section_is_at_config(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.yaml"
    path.write_text("name: azure-openai\nruntime: python\nconfig: [a, b]\n")
    (problem,) = read_project_config(path).problems
    assert (problem.path, problem.key, problem.file) == ("", "config", "Pulumi.yaml")
    assert problem.message == "must be a mapping of config keys to values or declarations"


def test_a_project_file_that_cannot_be_read_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.yaml"
    path.write_text("name: azure-openai\nruntime: [python\n")
    with pytest.raises(ConfigError) as caught:
        read_project_config(path)
    assert caught.value.source == str(path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("", 3, 1)
    assert problem.message.startswith("cannot read the project file: not valid YAML")
