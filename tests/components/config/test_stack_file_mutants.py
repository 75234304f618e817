"""The stack-file reader (stack_file.py): the stack name a file's name gives, and where a key
given twice is reported (keys.py's rule, placed at the stack file's key and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_openai_toolkit.config.stack_file import stack_file_of_text, stack_name_of


@pytest.mark.parametrize(
    ("name", "stack"),
    [
        ("Pulumi.dev.yaml", "dev"),
        ("Pulumi.dev.yml", "dev"),  # Pulumi reads both extensions
        ("Pulumi.eu.prod.yaml", "eu.prod"),  # a stack name may hold dots
        ("dev.yaml", "dev"),  # not Pulumi's form: the file's stem
        ("Pulumi.dev.json", "Pulumi.dev"),
    ],
)
def test_the_stack_name_is_what_the_file_name_holds_between_pulumi_and_the_extension(
    name: str, stack: str
) -> None:
    assert stack_name_of(Path("stacks") / name) == stack


TWICE = (
    "given twice, as '{first}' and '{second}' (Pulumi's legacy 'config:' form, and a key without a "
    "namespace in a project's own config, name the same key); keep one"
)


def test_a_key_of_ours_given_twice_is_a_problem_at_its_key_path_and_line() -> None:
    text = "config:\n  azure-openai:tags: {a: b}\n  azure-openai:config:tags: {c: d}\n"
    (problem,) = stack_file_of_text(text, Path("Pulumi.dev.yaml")).problems
    assert (problem.path, problem.loc, problem.line, problem.key) == ("tags", ("tags",), 3, None)
    assert problem.message == TWICE.format(first="azure-openai:tags", second="azure-openai:config:tags")


def test_another_namespaces_key_given_twice_is_a_problem_of_that_whole_key() -> None:
    text = "config:\n  aws:region: a\n  aws:config:region: b\n"
    (problem,) = stack_file_of_text(text, Path("Pulumi.dev.yaml")).problems
    assert (problem.path, problem.loc, problem.line, problem.key) == ("", (), 3, "aws:region")
    assert problem.message == TWICE.format(first="aws:region", second="aws:config:region")


def test_a_key_without_a_namespace_gets_a_did_you_mean_only_when_it_is_one_of_ours() -> None:
    text = "config:\n  tags: {a: b}\n  colour: blue\n"
    problems = stack_file_of_text(text, Path("Pulumi.dev.yaml")).problems
    assert [(p.path, p.key, p.line, p.message) for p in problems] == [
        (
            "",
            "tags",
            2,
            "config keys are written namespace:key (Pulumi refuses 'tags'); did you mean "
            "'azure-openai:tags'?",
        ),
        ("", "colour", 3, "config keys are written namespace:key (Pulumi refuses 'colour')"),
    ]
