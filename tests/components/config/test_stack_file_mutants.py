"""The stack-file reader (stack_file.py): the stack name a file's name gives, and where a key
given twice is reported (keys.py's rule, placed at the stack file's key and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_openai_toolkit.config.errors import ConfigError, Problem
from azure_openai_toolkit.config.source import DEFAULT_LIMITS, SourceLimits
from azure_openai_toolkit.config.stack_file import open_stack_file, stack_file_of_text, stack_name_of


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


def _refused(text: str, limits: SourceLimits = DEFAULT_LIMITS) -> tuple[str, list[Problem]]:
    with pytest.raises(ConfigError) as caught:
        stack_file_of_text(text, Path("Pulumi.dev.yaml"), limits)
    return caught.value.source, caught.value.problems


def test_a_file_that_is_no_stack_file_is_refused_as_a_whole() -> None:
    whole = [Problem("", "a stack file is a YAML mapping with a 'config:' mapping inside")]
    assert _refused("- just\n- a list\n") == ("Pulumi.dev.yaml", whole)
    assert _refused("config: [a]\n") == ("Pulumi.dev.yaml", whole)
    syntax = Problem("", "not valid YAML: expected ',' or ']'", line=3, column=1)
    assert _refused("config:\n  azure-openai:namePrefix: [contoso\n") == ("Pulumi.dev.yaml", [syntax])


def test_an_empty_stack_file_or_one_without_config_sets_nothing() -> None:
    for text in ("", "# nothing yet\n", "config:\n", "environment: [acme/dev]\n"):
        stack = stack_file_of_text(text, Path("Pulumi.dev.yaml"))
        assert (stack.config, stack.problems) == ({}, [])


def test_the_limits_given_are_the_ones_a_stack_file_is_read_within() -> None:
    # `config` is 6 characters; the key after it is past a limit of 6, where it starts.
    limits = SourceLimits(max_chars=6)
    past = Problem(
        "",
        "the document expands to more than 6 characters of text (through aliases); refused as a "
        "denial-of-service risk",
        line=2,
        column=3,
    )
    assert _refused("config:\n  azure-openai:namePrefix: contoso\n", limits) == ("Pulumi.dev.yaml", [past])


def test_a_stack_file_is_opened_within_the_limits_given(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text("config:\n  azure-openai:namePrefix: contoso\n")  # 8 + 35 bytes
    with pytest.raises(ConfigError) as caught:
        open_stack_file(path, SourceLimits(max_bytes=42))
    too_big = Problem("", "the file is 43 bytes; files of more than 42 bytes are refused")
    assert (caught.value.source, caught.value.problems) == (str(path), [too_big])
    with pytest.raises(ConfigError) as caught:
        open_stack_file(path, SourceLimits(max_chars=6))
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, 3)]
    path.write_bytes(b"config:\n  a: \xff\n")
    with pytest.raises(ConfigError) as caught:
        open_stack_file(path)
    not_utf8 = Problem("", "not UTF-8: byte 0xff cannot be decoded; save the file as UTF-8", line=2, column=6)
    assert (caught.value.source, caught.value.problems) == (str(path), [not_utf8])


def test_a_stack_file_keeps_its_name_its_text_and_the_line_of_its_environment() -> None:
    text = "config:\n  azure-openai:namePrefix: contoso\nenvironment: [acme/dev]\n"
    stack = stack_file_of_text(text, Path("stacks/Pulumi.dev.yaml"))
    assert (stack.source, stack.text) == ("stacks/Pulumi.dev.yaml", text)
    assert (stack.environment, stack.environment_line) == (["acme/dev"], 3)


PARSE = (
    "could not parse {key} as a configuration key (configuration keys should be of the form "
    "`<namespace>:<name>`)"
)
NO_NAMESPACE = "config keys are written namespace:key (Pulumi refuses {key!r})"
MISSPELT = (
    "unknown namespace 'azure_openai'; did you mean 'azure-openai:tags'? Pulumi would pass this value to "
    "no one, so it would be ignored"
)


def test_each_refused_key_is_a_problem_of_its_whole_key_and_the_keys_after_it_are_read() -> None:
    text = (
        "config:\n"
        "  'a:b:': 1\n"
        "  :tags: 2\n"
        "  azure-openai: 3\n"
        "  azure_openai:tags: 4\n"
        "  azure-openai:namePrefix: contoso\n"
    )
    assert _read(text) == [
        ("", (), 2, "a:b:", PARSE.format(key="a:b:")),
        ("", (), 3, ":tags", NO_NAMESPACE.format(key=":tags")),
        ("", (), 4, "azure-openai", NO_NAMESPACE.format(key="azure-openai")),
        ("", (), 5, "azure_openai:tags", MISSPELT),
    ]
    stack = stack_file_of_text(text, Path("Pulumi.dev.yaml"))
    assert stack.config == {("azure-openai", "namePrefix"): "contoso"}


def test_a_key_with_an_empty_name_is_not_a_namespace_and_a_key() -> None:
    assert _read("config:\n  'azure-openai:': 1\n") == [
        ("", (), 2, "azure-openai:", NO_NAMESPACE.format(key="azure-openai:"))
    ]


def test_the_key_after_one_given_twice_is_read() -> None:
    text = "config:\n  aws:region: a\n  aws:config:region: b\n  azure-openai:namePrefix: contoso\n"
    stack = stack_file_of_text(text, Path("Pulumi.dev.yaml"))
    assert stack.config == {("aws", "region"): "a", ("azure-openai", "namePrefix"): "contoso"}


def test_a_plaintext_credential_is_a_problem_of_its_whole_key_at_its_line() -> None:
    text = "config:\n  azure-openai:namePrefix: contoso\n  azure-native:clientSecret: hunter2\n"
    (problem,) = stack_file_of_text(text, Path("Pulumi.dev.yaml")).problems
    assert (problem.path, problem.loc, problem.line, problem.key) == ("", (), 3, "azure-native:clientSecret")


def test_the_lines_and_scalar_texts_of_our_key_paths_are_kept_under_our_key_names() -> None:
    text = (
        "environment: [acme/dev]\n"
        "config:\n"
        "  azure-openai:namePrefix: contoso\n"
        "  azure-openai:config:limits:\n"
        "    a:\n"
        "      b: 1.10\n"
        "  aws:region: 1.10\n"
        "  azure-openai:count: 010\n"
    )
    stack = stack_file_of_text(text, Path("Pulumi.dev.yaml"))
    lines = {("namePrefix",): 3, ("limits",): 4, ("limits", "a"): 5, ("limits", "a", "b"): 6, ("count",): 8}
    assert stack.lines == lines
    assert stack.scalar_text == {("limits", "a", "b"): "1.10", ("count",): "010"}
