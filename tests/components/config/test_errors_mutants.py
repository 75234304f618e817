"""Problems and ConfigError (errors.py): the bounds on what a report of a hostile file may print,
and how each problem names where it is. Expected texts are written from the rules in errors.py's
docstrings: at most MAX_MESSAGE characters quoted, at most MAX_PROBLEMS problems listed."""

from __future__ import annotations

import pytest

from azure_openai_toolkit.config.errors import (
    MAX_MESSAGE,
    MAX_PROBLEMS,
    ConfigError,
    Problem,
    RuleViolations,
    ViolationCollector,
    ordered,
    shorten,
)
from azure_openai_toolkit.config.rules import Key


def test_the_bounds_are_2000_characters_and_200_problems() -> None:
    assert (MAX_MESSAGE, MAX_PROBLEMS) == (2000, 200)


def test_a_text_of_exactly_the_limit_is_kept_and_one_more_is_cut_with_the_count() -> None:
    assert shorten("abcde", 5) == "abcde"
    assert shorten("abcdef", 5) == "abcde… (1 more characters)"
    assert shorten("x" * 3005) == "x" * 2000 + "… (1,005 more characters)"
    assert shorten("x" * 2000) == "x" * 2000


def test_a_problem_message_is_bounded_whatever_the_file_held() -> None:
    problem = Problem("tags.a", "bad value " + "v" * 5000)
    assert problem.message == ("bad value " + "v" * 5000)[:2000] + "… (3,010 more characters)"


def test_a_report_lists_at_most_200_problems_then_counts_the_rest() -> None:
    problems = [Problem(f"k{i:04}", "wrong", (f"k{i:04}",)) for i in range(1201)]
    text = str(ConfigError("Pulumi.dev.yaml", problems))
    lines = text.splitlines()
    assert lines[0] == "Pulumi.dev.yaml: 1201 problems in the stack config"
    assert len(lines) == 1 + 200 + 1
    assert lines[1] == "  azure-openai:k0000: wrong"
    assert lines[200] == "  azure-openai:k0199: wrong"
    assert lines[-1] == "  ... and 1,001 more (aoai validate --json lists them all)"


def test_exactly_200_problems_are_all_listed() -> None:
    problems = [Problem(f"k{i:03}", "wrong", (f"k{i:03}",)) for i in range(200)]
    lines = str(ConfigError("f", problems)).splitlines()
    assert len(lines) == 201
    assert "more (aoai validate" not in lines[-1]


def test_the_head_counts_one_problem_in_the_singular() -> None:
    assert str(ConfigError("f.yaml", [Problem("a", "m", ("a",))])).splitlines()[0] == (
        "f.yaml: 1 problem in the stack config"
    )
    assert str(ConfigError("f.yaml", [])) == "f.yaml: 0 problems in the stack config"


def test_problems_are_sorted_and_repeats_dropped() -> None:
    b, a = Problem("b", "m", ("b",)), Problem("a", "m", ("a",))
    keyed = Problem("", "m", key="azure-native:location")
    error = ConfigError("f", [b, a, b, keyed])
    assert error.problems == [a, b, keyed]  # key "" sorts first, then by path; the key last
    assert ordered([Problem("a", "m", ("a",), 9), Problem("a", "m", ("a",), 2)]) == [
        Problem("a", "m", ("a",), 2),
        Problem("a", "m", ("a",), 9),
    ]
    by_file = [Problem("", "m", file="b.json"), Problem("", "m", file="a.json")]
    assert [p.file for p in ordered(by_file)] == ["a.json", "b.json"]
    by_message = [Problem("a", "y", ("a",)), Problem("a", "x", ("a",))]
    assert [p.message for p in ordered(by_message)] == ["x", "y"]


def test_problems_sort_by_key_then_path_file_line_and_message() -> None:
    unkeyed = Problem("", "m")
    keyed = Problem("", "m", key="Azure-OpenAI:tags")  # a misspelt namespace, upper case
    assert ordered([keyed, unkeyed]) == [unkeyed, keyed]
    no_file, project = Problem("", "m"), Problem("", "m", file="Pulumi.yaml")
    assert ordered([project, no_file]) == [no_file, project]
    late_a, early_b = Problem("", "m", file="a.json", line=9), Problem("", "m", file="b.json", line=1)
    assert ordered([early_b, late_a]) == [late_a, early_b]
    no_line, line_one = Problem("a", "z", ("a",)), Problem("a", "a", ("a",), 1)
    assert ordered([line_one, no_line]) == [no_line, line_one]
    two_z, nine_a = Problem("a", "z", ("a",), 2), Problem("a", "a", ("a",), 9)
    assert ordered([nine_a, two_z]) == [two_z, nine_a]


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("tags.a", "m", ("tags", "a")), "azure-openai:tags.a: m"),
        (Problem("tags.a", "m", ("tags", "a"), 7), "azure-openai:tags.a: m (line 7)"),
        (Problem("tags.a", "m", ("tags", "a"), 7, column=3), "azure-openai:tags.a: m (line 7)"),
        (Problem("x", "m", ("x",), 4, file="Pulumi.yaml"), "azure-openai:x: m (Pulumi.yaml, line 4)"),
        (
            Problem("x", "m", ("x",), 4, column=2, file="P.yaml"),
            "azure-openai:x: m (P.yaml, line 4, column 2)",
        ),
        (Problem("x", "m", ("x",), file="acme/dev"), "azure-openai:x: m (from acme/dev)"),
        (Problem("", "m", key="azure-native:location", line=3), "azure-native:location: m (line 3)"),
        (Problem("", "m", line=3, column=9), "line 3, column 9: m"),
        (Problem("", "m", line=3), "line 3: m"),
        (Problem("", "m", column=9), "m"),
        (Problem("", "m", file="env.json"), "env.json: m"),
        (Problem("", "m", file="env.json", line=2, column=5), "env.json, line 2, column 5: m"),
        (Problem("", "m"), "m"),
    ],
)
def test_a_problem_names_where_it_is(problem: Problem, text: str) -> None:
    assert problem.render() == text


def test_a_problem_is_ours_only_at_a_key_path_of_the_namespace() -> None:
    assert Problem("a", "m", ("a",)).ours
    assert not Problem("", "m", ("a",), key="azure-native:a").ours
    assert not Problem("", "m").ours
    assert Problem("a", "m", ("a",)).location == "azure-openai:a"
    assert Problem("", "m").location == ""


def test_violations_are_collected_with_field_names_as_the_stack_file_spells_them() -> None:
    collector = ViolationCollector()
    collector.raise_if_any()  # nothing collected: nothing raised
    collector.add(("a",), "first")
    collector.extend([(("private_endpoint", 0, Key("my_key")), "second")], prefix=("accounts", "p"))
    with pytest.raises(RuleViolations) as caught:
        collector.raise_if_any()
    assert caught.value.violations == [
        (("a",), "first"),
        (("accounts", "p", "privateEndpoint", 0, "my_key"), "second"),
    ]
    assert str(caught.value) == "first; second"
