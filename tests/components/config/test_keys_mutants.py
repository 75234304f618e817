"""Config keys and key paths (keys.py) as Pulumi parses them, with Pulumi's error texts
(resource/config/key.go ParseKey, resource/properties_path.go ParsePropertyPath), and the
nearly-ours namespaces refused. Expected values are written from those rules."""

from __future__ import annotations

import pytest

from azure_openai_toolkit.config.keys import (
    BadKey,
    KeyForms,
    _distance,
    misspelt_namespace,
    namespace_suggestion,
    parse_key,
    parse_path,
    project_key,
)


@pytest.mark.parametrize("text", ["a:config:", ":config:b", "a:b:c:d"])
def test_a_legacy_key_needs_a_namespace_and_a_name(text: str) -> None:
    with pytest.raises(BadKey) as caught:
        parse_key(text)
    assert str(caught.value) == (
        f"could not parse {text} as a configuration key (configuration keys should be of the form "
        "`<namespace>:<name>`)"
    )


def test_a_key_without_a_colon_belongs_to_the_project() -> None:
    assert project_key("myproj", "tags") == ("myproj", "tags")
    assert project_key("myproj", "azure-native:location") == ("azure-native", "location")
    assert project_key("myproj", "aws:config:region") == ("aws", "region")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (".a", "expected property path to start with a name or index"),
        ("a.", "expected property path to end with a name or index"),
        ('a["b', "missing closing quote in property name"),
        ('a["b"x', "missing closing bracket in property access"),
        ("a[1", "missing closing bracket in array index"),
        ("a[x]", "invalid array index 'x'"),
        ("a[]", "invalid array index ''"),
        ("[0]", "it must start with a key name"),
        ('[""]', "it must start with a key name"),
        ("", "it must start with a key name"),
    ],
)
def test_each_bad_key_path_says_what_is_wrong(name: str, message: str) -> None:
    with pytest.raises(BadKey) as caught:
        parse_path(name)
    assert str(caught.value) == f"invalid config key path {name!r}: {message}"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("a[0][1]", ("a", 0, 1)),
        ("a[0].b", ("a", 0, "b")),
        ('a["x"]["y"]', ("a", "x", "y")),
        ('a["q\\""]', ("a", 'q"')),  # an escaped quote, then the closing quote and bracket
        ('a["b\\c"]', ("a", "b\\c")),  # a backslash before anything else is kept
        ("a.b[2]", ("a", "b", 2)),
    ],
)
def test_key_paths_of_indexes_and_quoted_names(name: str, path: tuple[str | int, ...]) -> None:
    assert parse_path(name) == path


@pytest.mark.parametrize(
    ("namespace", "ours"),
    [
        ("azure-openai", True),
        ("Azure_OpenAI", True),  # case and underscore folded
        ("azure openai", True),  # a space folded to a hyphen
        ("-azure-openai.", True),  # stray hyphens and dots at the ends
        ("ａｚｕｒｅ-openai", True),  # full-width letters (NFKC)
        ("azure-opneai", True),  # two letters swapped: one edit
        ("azureopenai", True),  # one letter missing
        ("azure-openaixy", True),  # two letters too many
        ("azure-openaixyz", False),  # three: another name
        ("zure-opena", True),  # two letters missing
        ("zure-open", False),
        ("azure-native", False),
        ("azure", False),
        ("аzure-openai", True),  # a Cyrillic а: one character unlike ours
        ("_azure_openai_", True),  # each underscore a hyphen, then stripped at the ends
        (" azure openai ", True),  # each space a hyphen, then stripped at the ends
        ("..azure-openai--", True),  # any number of stray dots and hyphens at the ends
        ("zaure-opneai", True),  # two swaps: two edits
        ("zaure-opneia", False),  # three swaps
        ("x" * 70, False),
    ],
)
def test_a_namespace_is_taken_for_ours_within_two_edits(namespace: str, ours: bool) -> None:
    assert namespace_suggestion(namespace) is ours


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "ab", 2),  # two insertions
        ("aaa", "a", 2),  # two deletions
        ("ab", "ba", 1),  # one swap of neighbours
        ("abcd", "acbd", 1),
        ("kitten", "sitting", 3),  # k -> s, e -> i, one g added
        ("abcdef", "abc", 3),  # three letters more: three deletions, at least
    ],
)
def test_the_distance_counts_insertions_deletions_changes_and_swaps(a: str, b: str, distance: int) -> None:
    assert _distance(a, b) == distance


def test_a_misspelt_namespace_gets_a_did_you_mean_but_ours_and_the_project_none() -> None:
    assert misspelt_namespace("azure_openai", "tags") == (
        "unknown namespace 'azure_openai'; did you mean 'azure-openai:tags'? Pulumi would pass this value "
        "to no one, so it would be ignored"
    )
    assert misspelt_namespace("azure-openai", "tags") is None
    assert misspelt_namespace("azure-openai2", "tags", own="azure-openai2") is None
    assert misspelt_namespace("azure-native", "location") is None


def test_a_key_in_two_forms_is_refused_naming_both() -> None:
    forms = KeyForms()
    assert forms.twice(("azure-openai", "tags"), "azure-openai:tags") is None
    assert forms.twice(("azure-openai", "other"), "azure-openai:other") is None
    assert forms.twice(("azure-openai", "tags"), "azure-openai:config:tags") == (
        "given twice, as 'azure-openai:tags' and 'azure-openai:config:tags' (Pulumi's legacy 'config:' "
        "form, and a key without a namespace in a project's own config, name the same key); keep one"
    )
