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


def _read(text: str) -> list[tuple[str, tuple[str | int, ...], int | None, str | None, str]]:
    problems = stack_file_of_text(text, Path("Pulumi.dev.yaml")).problems
    return [(p.path, p.loc, p.line, p.key, p.message) for p in problems]


ALLOWED = "config, environment, secretsprovider, encryptedkey, encryptionsalt"


def test_an_unknown_top_level_key_is_named_with_a_did_you_mean_when_one_is_close() -> None:
    assert _read("confg: {}\nconfig: {}\nzzz: 1\n") == [
        (
            "",
            (),
            1,
            "confg",
            f"unknown top-level key 'confg' in a stack file; did you mean 'config'? (allowed: {ALLOWED})",
        ),
        ("", (), 3, "zzz", f"unknown top-level key 'zzz' in a stack file (allowed: {ALLOWED})"),
    ]


DUPLICATE = "this key appears twice in the mapping; keep one of them"


def test_a_problem_the_yaml_reader_found_is_placed_at_the_config_key_it_is_in() -> None:
    ours = "config:\n  azure-openai:config:tags:\n    a: '1'\n    a: '2'\n"
    assert _read(ours) == [("tags.a", ("tags", "a"), 4, None, DUPLICATE)]
    other = "config:\n  aws:tags:\n    a: '1'\n    a: '2'\n"
    assert _read(other) == [("", (), 4, "aws:tags", DUPLICATE)]
    outside = "config: {}\nenvironment: [a]\nenvironment: [b]\n"
    assert _read(outside) == [("", (), 3, None, DUPLICATE)]
    nested_outside = "config: {}\nenvironment:\n  values:\n    a: 1\n    a: 2\n"
    assert _read(nested_outside) == [("", (), 5, None, DUPLICATE)]


SECURE_TYPE = "secure: holds the encrypted text Pulumi wrote"


def test_a_secure_value_must_hold_text_and_stand_where_a_secret_may() -> None:
    from azure_openai_toolkit.config.placeholders import placeholder

    text = (
        "config:\n"
        "  azure-openai:accounts:\n"
        "    p:\n"
        "      networkAcls:\n"
        "        ipRules:\n"
        "          - secure: AAABAHh5eg==\n"
        "          - secure: 5\n"
        "  azure-openai:namePrefix:\n"
        "    secure: AAABAHh5eg==\n"
        "  aws:token:\n"
        "    secure: 7\n"
        "  aws:other:\n"
        "    secure: AAAB\n"
    )
    stack = stack_file_of_text(text, Path("Pulumi.dev.yaml"))
    problems = [(p.path, p.loc, p.line, p.key, p.message) for p in stack.problems]
    where = ("accounts", "p", "networkAcls", "ipRules", 1)
    assert problems[0] == ("accounts.p.networkAcls.ipRules[1]", where, 7, None, SECURE_TYPE)
    assert problems[1][:4] == ("namePrefix", ("namePrefix",), 8, None)
    assert problems[1][4].startswith("a secret is not allowed at namePrefix: it decides which resources")
    assert problems[2] == ("", (), 10, "aws:token", SECURE_TYPE)
    assert len(problems) == 3
    rules = stack.config[("azure-openai", "accounts")]["p"]["networkAcls"]["ipRules"]
    assert rules == [placeholder(1), placeholder(2)]  # each secret its own stand-in, in file order
    assert stack.config[("aws", "other")] == placeholder(5)
