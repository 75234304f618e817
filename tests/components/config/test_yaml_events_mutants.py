"""The composer of libyaml's events (yaml_events.py), on what the loader's tests leave open: the
pure-Python fallback, the line of a mapping that is a list item, anchors on keys, and what the
non-specific tag `!` makes of a plain scalar. Expected values are YAML 1.2's, written by hand."""

from __future__ import annotations

import pytest

from azure_openai_toolkit.config import source, yaml_events
from azure_openai_toolkit.config.source import SourceError, load_yaml


def test_without_libyaml_the_python_parser_reads_and_counts_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A PyYAML built without libyaml (no CParser): PyYAML's own parser stands in, its error
    offsets are characters, and the stack reads the same."""
    monkeypatch.setattr(yaml_events, "CParser", None)
    parser = yaml_events.parser_for("a: 1\n")
    assert isinstance(parser, yaml_events.PythonParser)
    assert yaml_events.offsets_in_bytes(parser) is False
    assert load_yaml("a: [1, yes]\nb: 0o17\n").data == {"a": [1, "yes"], "b": 15}
    with pytest.raises(SourceError) as caught:
        load_yaml("a: éé\x01\n")
    assert (caught.value.line, caught.value.column) == (1, 6)


def test_a_mapping_in_a_list_is_at_the_line_it_starts_on() -> None:
    document = load_yaml("a:\n  - x: 1\n  -\n    y: 2\n")
    assert document.data == {"a": [{"x": 1}, {"y": 2}]}
    assert document.lines[("a", 0)] == 2
    assert document.lines[("a", 1)] == 4  # the mapping starts at its first key, not at the dash


def test_a_key_that_is_a_mapping_is_a_problem_at_its_line() -> None:
    document = load_yaml("a: 1\n? {b: 1}\n: 2\n")
    assert document.problems == [((), 2, "a mapping key must be plain text (not a list, mapping or null)")]


def test_an_anchored_key_can_be_aliased() -> None:
    """An anchor on a mapping key names that key's scalar, which a later alias repeats."""
    assert load_yaml("&k a: 1\nb: *k\n").data == {"a": 1, "b": "a"}


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_the_non_specific_tag_resolves_a_plain_scalar_and_leaves_a_quoted_one_text(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Pulumi's yaml.v3 reads `!` (a quoted, literal or folded scalar is a string, a plain one is
    resolved as if untagged): `! 12` is 12, `! '12'` and `! |` blocks are text, and only the
    number's source text is kept."""
    if parser == "python":
        monkeypatch.setattr(yaml_events, "CParser", None)
    document = load_yaml("i: ! 12\nj: ! '12'\nk: ! \"true\"\nl: ! |\n  12\nm: ! yes\n")
    assert document.data == {"i": 12, "j": "12", "k": "true", "l": "12\n", "m": "yes"}
    assert document.scalar_text == {("i",): "12"}


def test_an_empty_file_composes_to_nothing_and_frees_its_parser() -> None:
    disposed: list[bool] = []
    parser = yaml_events.parser_for("")

    class Watched:
        def get_event(self) -> object:
            return parser.get_event()

        def dispose(self) -> None:
            disposed.append(True)
            parser.dispose()

    assert yaml_events.compose(Watched(), lambda event: None) is None
    assert disposed == [True]
    assert source.load_yaml("").data is None
