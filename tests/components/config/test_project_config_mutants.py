"""Pulumi.yaml's config section (project_config.py): the `items` of array declarations, as the
project schema (pulumi/pulumi sdk/go/common/workspace/project.json, configItemsType) defines
them, the full type names Pulumi prints (InferFullTypeName), and where a problem of the section
or of the whole file is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.config.project_config import (
    ProjectConfig,
    full_type_name,
    read_project_config,
    value_matches,
)

TYPES = "string, integer, boolean, array, object"
STRINGS = {"type": "string"}
INTEGER_ARRAYS = {"type": "array", "items": {"type": "integer"}}


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


# workspace.ValidateConfigValue, case by case: a YAML value of Pulumi.yaml, or the text a stack
# value reaches the program as. Integers: an int, a whole float64 (YAML gives floats), or text
# strconv.Atoi parses (ASCII digits, a sign, within int64); booleans: a bool or the literal text
# "true"/"false"; objects: a map; arrays: a list whose every item matches `items` (none: no match).
@pytest.mark.parametrize(
    ("type_name", "items", "value", "matches"),
    [
        ("string", None, "small", True),
        ("string", None, 3, False),
        ("integer", None, 3, True),
        ("integer", None, True, False),  # a bool is no int in Go
        ("integer", None, 3.0, True),
        ("integer", None, 3.5, False),
        ("integer", None, float("nan"), False),
        ("integer", None, "42", True),
        ("integer", None, "+7", True),
        ("integer", None, "-7", True),
        ("integer", None, "4.2", False),
        ("integer", None, " 4", False),
        ("integer", None, "\u0663", False),  # ARABIC-INDIC DIGIT THREE: a digit, not an ASCII one
        ("integer", None, "9223372036854775807", True),
        ("integer", None, "9223372036854775808", False),  # out of int64's range
        ("integer", None, "-9223372036854775808", True),
        ("integer", None, "-9223372036854775809", False),
        ("integer", None, "0000000000000000000000042", True),  # Atoi reads leading zeros
        ("integer", None, "-00000000000000000000000", True),
        ("integer", None, "9" * 5000, False),  # more digits than int() converts: refused, no error
        ("integer", None, "", False),
        ("integer", None, "+", False),
        ("integer", None, [1], False),
        ("boolean", None, True, True),
        ("boolean", None, False, True),
        ("boolean", None, "true", True),
        ("boolean", None, "false", True),
        ("boolean", None, "True", False),  # the literal text only
        ("boolean", None, 1, False),
        ("object", None, {"owner": "ai"}, True),
        ("object", None, ["owner"], False),
        ("array", STRINGS, ["a", "b"], True),
        ("array", STRINGS, [], True),
        ("array", STRINGS, ["a", 1], False),
        ("array", STRINGS, "a", False),
        ("array", None, ["a"], False),  # an array without items matches nothing
        ("array", INTEGER_ARRAYS, [[1, 2], [3]], True),
        ("array", INTEGER_ARRAYS, [[1, "x"]], False),
    ],
)
def test_a_value_matches_its_declared_type_as_pulumi_validates_it(
    type_name: str, items: dict[str, object] | None, value: object, matches: bool
) -> None:
    assert value_matches(type_name, items, value) is matches


def _read(tmp_path: Path, text: str) -> ProjectConfig:
    path = tmp_path / "Pulumi.yaml"
    path.write_text(text)
    return read_project_config(path)


def test_a_project_file_that_is_no_mapping_has_no_name_nor_config(tmp_path: Path) -> None:
    project = _read(tmp_path, "- name: azure-openai\n")
    assert (project.file, project.name, project.declarations) == (tmp_path / "Pulumi.yaml", "", [])
    (problem,) = project.problems
    assert (problem.path, problem.key, problem.file) == ("", None, "Pulumi.yaml")
    assert problem.message == "a project file is a YAML mapping with name: and runtime:"


@pytest.mark.parametrize("name", ["", "name: ''\n", "name: 3\n"])
def test_a_project_without_a_string_name_is_refused_as_pulumi_refuses_it(tmp_path: Path, name: str) -> None:
    # ValidateProject: "project is missing a non-empty string 'name' attribute"; the config
    # section is not read then (its keys' namespace is the name).
    project = _read(tmp_path, f"{name}runtime: python\nconfig:\n  count: 3\n")
    assert [(p.key, p.file, p.message) for p in project.problems] == [
        ("name", "Pulumi.yaml", "project is missing a non-empty string 'name' attribute")
    ]
    assert (project.name, project.declarations) == ("", [])


def test_a_key_pulumi_cannot_parse_is_refused_at_its_key_and_line(tmp_path: Path) -> None:
    section = "  a:b:c: 1\n  count: 3\n"
    assert _problems(tmp_path, section) == [
        (
            "config.a:b:c",
            4,
            "could not parse a:b:c as a configuration key "
            "(configuration keys should be of the form `<namespace>:<name>`)",
        )
    ]
    assert [d.name for d in read_project_config(tmp_path / "Pulumi.yaml").declarations] == ["count"]


def test_config_secret_must_be_a_boolean(tmp_path: Path) -> None:
    # project.json's config property `secret` (boolean): the only non-key entry the schema knows.
    assert _problems(tmp_path, "  secret: maybe\n") == [
        ("config.secret", 4, "must be true or false (Pulumi's project schema)")
    ]


# The schema's and Project.Validate()'s refusals, in Pulumi's words where it has them, each at its
# key and line of Pulumi.yaml.
@pytest.mark.parametrize(
    ("entry", "message"),
    [
        # isPrimitiveValue: a float is no shorthand (nor a schema alternative).
        (
            "1.5",
            "must be a string, integer, boolean, list or a declaration (got float); write other values as "
            "{value: ...}",
        ),
        # configTypeDeclaration has additionalProperties: false.
        (
            "{costCenter: '1234'}",
            "unknown attribute 'costCenter' (allowed: default, description, items, secret, type, value); to "
            "set an object write {value: {...}}",
        ),
        ("{type: string, description: 3}", "description must be a string"),
        ("{type: string, secret: maybe}", "secret must be true or false"),
        (
            "{default: a, value: b}",
            "project config 'size' cannot have both a 'default' and 'value' attribute",
        ),
        (
            "{type: array, default: [a]}",
            "The configuration key 'size' declares an array but does not specify the underlying type via "
            "the 'items' attribute",
        ),
        (
            "{type: array, items: {type: integer}, default: [a]}",
            "The default value specified for configuration key 'size' is not of the expected type "
            "'array<integer>'",
        ),
    ],
)
def test_a_project_key_pulumi_refuses_is_named_with_its_line(
    tmp_path: Path, entry: str, message: str
) -> None:
    assert _problems(tmp_path, f"  count: 3\n  size: {entry}\n") == [("config.size", 5, message)]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{type: string, value: x}", "Configuration key 'other:size' is not namespaced by the project and "
         "should not define a type"),
        ("{default: x}", "Configuration key 'other:size' is not namespaced by the project and should not "
         "define a default value. Did you mean to use the 'value' attribute instead of 'default'?"),
        ("{description: size}", "Configuration key 'other:size' is namespaced and must provide an attribute "
         "'value'"),
    ],
)
def test_another_namespaces_key_pulumi_refuses_is_named_with_its_line(
    tmp_path: Path, entry: str, message: str
) -> None:
    assert _problems(tmp_path, f"  count: 3\n  other:size: {entry}\n") == [("config.other:size", 5, message)]


def test_an_empty_provider_credential_in_pulumi_yaml_holds_nothing_to_leak(tmp_path: Path) -> None:
    assert _problems(tmp_path, "  azure-native:clientSecret: ''\n") == []




def test_one_key_in_two_forms_names_both_as_written(tmp_path: Path) -> None:
    assert _problems(tmp_path, "  azure-openai:size: a\n  size: b\n") == [
        (
            "config.size",
            5,
            "given twice, as 'azure-openai:size' and 'size' (Pulumi's legacy 'config:' form, and a key "
            "without a namespace in a project's own config, name the same key); keep one",
        )
    ]


def test_a_declaration_keeps_its_description_and_secret_mark(tmp_path: Path) -> None:
    section = "  a: {type: string, description: VM size, secret: true}\n  b: {type: string}\n"
    project = _read(tmp_path, f"name: azure-openai\nruntime: python\nconfig:\n{section}")
    a, b = project.declarations
    assert (a.description, a.secret) == ("VM size", True)
    assert (b.description, b.secret) == ("", False)


def test_a_key_yaml_reads_as_a_number_is_taken_as_its_text(tmp_path: Path) -> None:
    # Pulumi decodes the config section into map[string]: a key is its text.
    project = _read(tmp_path, "name: azure-openai\nruntime: python\nconfig:\n  b: x\n  1: y\n")
    assert (project.problems, [d.name for d in project.declarations]) == ([], ["1", "b"])


def test_problems_of_the_whole_file_are_at_no_key_path(tmp_path: Path) -> None:
    duplicate = _read(tmp_path, "name: azure-openai\nname: other\nruntime: python\n")
    nameless = _read(tmp_path, "runtime: python\n")
    folder = _read(tmp_path, "name: azure-openai\nruntime: python\nconfig: stacks\nstackConfigDir: stacks\n")
    problems = [*duplicate.problems, *nameless.problems, *folder.problems]
    assert [(p.path, p.key) for p in problems] == [("", None), ("", "name"), ("", "config")]
    assert duplicate.problems[0].line == 2
