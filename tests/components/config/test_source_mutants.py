"""The bounded reader (source.py) at the edges of its limits, one rule per test.

The hostile corpus (tests/hostile) proves a limit far past it (300 nested brackets, a billion
laughs); these pin where each limit is: "at most N" admits N and refuses N + 1. Small limits make
the counts writable by hand: every collection and every scalar (mapping keys included) is one
value, every scalar's text counts its characters, and an alias costs what its anchor held.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import pytest

from azure_openai_toolkit.config.source import (
    SourceError,
    SourceLimits,
    decode_utf8,
    load_file,
    load_yaml,
    read_stream,
    read_text,
)

BIG = SourceLimits(max_bytes=10**6, max_depth=64, max_values=10**6, max_chars=10**6)


def _refused(text: str, limits: SourceLimits = BIG) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_yaml(text, limits)
    return caught.value


# --- size -----------------------------------------------------------------------------------------


def test_a_file_of_exactly_max_bytes_is_read_and_one_more_byte_is_refused(tmp_path: Path) -> None:
    limits = SourceLimits(max_bytes=8)
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_bytes(b"a: 12345")  # 8 bytes
    assert read_text(path, limits) == "a: 12345"
    path.write_bytes(b"a: 123456")
    with pytest.raises(SourceError) as caught:
        read_text(path, limits)
    assert caught.value.reason == "the file is 9 bytes; files of more than 8 bytes are refused"
    assert str(caught.value) == caught.value.reason  # no line: the whole file is refused


def test_a_stream_of_exactly_max_bytes_is_read_and_one_more_byte_is_refused() -> None:
    limits = SourceLimits(max_bytes=4)
    assert read_stream(io.BytesIO(b"a: 1"), limits) == "a: 1"
    with pytest.raises(SourceError) as caught:
        read_stream(io.BytesIO(b"a: 12" + b"9" * 10_000), limits)
    assert caught.value.reason == "the input has more than 4 bytes; files of more than 4 bytes are refused"


def test_a_stream_is_read_no_further_than_one_byte_past_the_limit() -> None:
    asked: list[int | None] = []

    class Counting(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            asked.append(size)
            return super().read(size)

    stream = Counting(b"x" * 1000)
    with pytest.raises(SourceError):
        read_stream(stream, SourceLimits(max_bytes=10))
    assert asked == [11] and stream.tell() == 11  # a huge stdin is never read whole


def test_the_default_size_limit_is_one_mebibyte(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_bytes(b"#" * (1024 * 1024))
    assert len(read_text(path)) == 1024 * 1024
    path.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(SourceError, match=r"files of more than 1,048,576 bytes are refused"):
        read_text(path)


def test_a_stream_that_cannot_be_read_is_named() -> None:
    class Broken(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise OSError(5, "Input/output error")

    with pytest.raises(SourceError) as caught:
        read_stream(Broken())  # type: ignore[arg-type]
    assert caught.value.reason == "cannot read the input: Input/output error"


def test_a_file_is_read_no_further_than_one_byte_past_the_limit_whatever_its_size_said() -> None:
    # /proc files say they are empty and are not: what is read is counted, not what stat said.
    with pytest.raises(SourceError) as caught:
        read_text(Path("/proc/self/status"), SourceLimits(max_bytes=10))
    assert caught.value.reason == "the file is 11 bytes; files of more than 10 bytes are refused"


def test_what_stands_where_a_file_should_be_is_named(tmp_path: Path) -> None:
    reasons = {}
    os.mkfifo(tmp_path / "fifo")
    os.symlink("loop", tmp_path / "loop")
    for name in ("missing", "fifo", "loop", "."):
        with pytest.raises(SourceError) as caught:
            read_text(tmp_path / name)
        reasons[name] = caught.value.reason
    assert reasons == {
        "missing": "file not found",
        "fifo": "is not a regular file (a device, socket or pipe)",
        "loop": "cannot read the file: Too many levels of symbolic links",
        ".": "is a directory, not a file",
    }


def test_an_error_names_its_line_even_without_a_column() -> None:
    assert str(SourceError("bad", 3)) == "line 3: bad"
    assert str(SourceError("bad", None, 5)) == "bad"
    assert str(SourceError("bad", 3, 5)) == "line 3, column 5: bad"


def test_a_name_with_a_nul_byte_is_refused_as_unreadable(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        read_text(tmp_path / "Pulumi.a\x00b.yaml")
    assert caught.value.reason.startswith("cannot read the file: ")


# --- encoding -------------------------------------------------------------------------------------


def test_a_bom_is_dropped_and_the_text_kept() -> None:
    assert decode_utf8(b"\xef\xbb\xbfa: b\n") == "a: b\n"


def test_a_bad_byte_is_named_by_value_line_and_column() -> None:
    with pytest.raises(SourceError) as caught:
        decode_utf8(b"a: b\nc: d\ncd: \xe9t\xe9\n")  # Latin-1 "été": the first bad byte is line 3, column 5
    error = caught.value
    assert (error.line, error.column) == (3, 5)
    assert error.reason == "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    assert str(error) == f"line 3, column 5: {error.reason}"


def test_a_bad_byte_on_the_first_line_is_at_its_column() -> None:
    with pytest.raises(SourceError) as caught:
        decode_utf8(b"ab\xff")
    assert (caught.value.line, caught.value.column) == (1, 3)


def test_a_control_character_is_named_by_code_point_line_and_column() -> None:
    error = _refused("a: 1\nb: 2\nc: x\x01y\n")
    assert (error.line, error.column) == (3, 5)
    assert error.reason == (
        "not valid YAML: the character U+0001 is not allowed in YAML; remove it (a file saved as "
        "UTF-16, or binary data, shows up like this)"
    )


# --- nesting --------------------------------------------------------------------------------------


def test_exactly_max_depth_levels_are_read_and_one_more_is_refused() -> None:
    limits = SourceLimits(max_depth=3)
    assert load_yaml("[[[1]]]", limits).data == [[[1]]]
    error = _refused("[[[[1]]]]", limits)
    assert error.reason == "nested more than 3 levels deep; refused"
    assert (error.line, error.column) == (1, 4)  # the fourth `[`


def test_closed_collections_free_their_level() -> None:
    # Three levels, twice side by side: the depth is what is open, not how many were opened.
    assert load_yaml("a: [[1]]\nb: [[2]]\n", SourceLimits(max_depth=3)).data == {"a": [[1]], "b": [[2]]}


# --- values and characters, with aliases expanded -------------------------------------------------


def test_exactly_max_values_are_read_and_one_more_is_refused() -> None:
    text = "[ab, cd]"  # the sequence and two scalars: 3 values
    assert load_yaml(text, SourceLimits(max_values=3)).data == ["ab", "cd"]
    error = _refused(text, SourceLimits(max_values=2))
    assert error.reason == (
        "the document expands to more than 2 values (aliases like *name repeat what their anchor "
        "holds); refused as a denial-of-service risk"
    )
    assert (error.line, error.column) == (1, 6)  # the scalar that passed the limit: cd


def test_exactly_max_chars_are_read_and_one_more_is_refused() -> None:
    text = "[ab, cd]"  # 4 characters of scalar text
    assert load_yaml(text, SourceLimits(max_chars=4)).data == ["ab", "cd"]
    error = _refused(text, SourceLimits(max_chars=3))
    assert error.reason == (
        "the document expands to more than 3 characters of text (through aliases); refused as a "
        "denial-of-service risk"
    )
    assert (error.line, error.column) == (1, 6)


def test_a_collection_that_passes_the_limit_is_refused_where_it_opens() -> None:
    error = _refused("a: 1\nb: [x]\n", SourceLimits(max_values=4))  # map, a, 1, b: the [ is the fifth
    assert "more than 4 values" in error.reason
    assert (error.line, error.column) == (2, 4)


def test_an_alias_of_a_collection_costs_what_the_collection_holds() -> None:
    # map 1 + `a` 1 + sequence 1 + p, q 2 + `b` 1 + *x (3 values, 2 characters) = 9 values;
    # characters: a, p, q, b = 4, plus the alias's 2 = 6.
    text = "a: &x [p, q]\nb: *x\n"
    assert load_yaml(text, SourceLimits(max_values=9, max_chars=6)).data == {"a": ["p", "q"], "b": ["p", "q"]}
    error = _refused(text, SourceLimits(max_values=8))
    assert "more than 8 values" in error.reason
    assert (error.line, error.column) == (2, 4)  # the alias
    assert "more than 5 characters" in _refused(text, SourceLimits(max_chars=5)).reason


def test_an_alias_of_a_scalar_costs_one_value_and_its_text() -> None:
    # map 1 + a 1 + abc 1 + b 1 + *x 1 = 5 values; a 1 + abc 3 + b 1 + *x 3 = 8 characters.
    text = "a: &x abc\nb: *x\n"
    assert load_yaml(text, SourceLimits(max_values=5, max_chars=8)).data == {"a": "abc", "b": "abc"}
    assert "more than 4 values" in _refused(text, SourceLimits(max_values=4)).reason
    assert "more than 7 characters" in _refused(text, SourceLimits(max_chars=7)).reason


def test_an_anchor_on_a_nested_collection_counts_only_what_is_inside_it() -> None:
    # map 1, outer 1, inner-map 1, k 1, &x seq 1, v 1 -> the anchor holds 2 values, 1 character.
    # Then `again` 1 and *x 2: 9 values; characters outer 5, k 1, v 1, again 5, *x 1 = 13.
    text = "outer:\n  k: &x [v]\nagain: *x\n"
    assert load_yaml(text, SourceLimits(max_values=9, max_chars=13)).data["again"] == ["v"]
    assert "more than 8 values" in _refused(text, SourceLimits(max_values=8)).reason
    assert "more than 12 characters" in _refused(text, SourceLimits(max_chars=12)).reason


def test_an_alias_before_its_anchor_is_named() -> None:
    error = _refused("a: *x\nb: &x 1\n")
    assert error.reason == "the alias *x has no anchor &x before it"
    assert (error.line, error.column) == (1, 4)


# --- documents, directives, tags ------------------------------------------------------------------


def test_a_second_document_is_refused_at_its_marker() -> None:
    error = _refused("a: 1\n---\nb: 2\n")
    assert error.reason == "the file holds one YAML document; remove the second '---'"
    assert error.line == 2


def test_a_yaml_1_2_directive_is_read_and_1_1_refused() -> None:
    assert load_yaml("%YAML 1.2\n---\na: 1\n").data == {"a": 1}
    error = _refused("%YAML 1.1\n---\na: 1\n")
    assert error.reason == (
        "only YAML 1.2 is read (a %YAML 1.1 directive changes what numbers and booleans mean); remove "
        "the directive"
    )
    # At the directive that starts the document it governs (both of PyYAML's parsers mark it there).
    assert (error.line, error.column) == (1, 1)


def test_the_core_tags_and_the_non_specific_tag_are_allowed() -> None:
    text = (
        "a: !!str 12\nb: !!int 7\nc: !!float 1.5\nd: !!bool true\ne: !!null null\nf: !!seq [1]\n"
        "g: !!map {h: 1}\n"
    )
    assert load_yaml(text).data == {
        "a": "12",
        "b": 7,
        "c": 1.5,
        "d": True,
        "e": None,
        "f": [1],
        "g": {"h": 1},
    }
    assert "i" in load_yaml("i: ! 12\n").data  # the non-specific tag: resolved by the parser, not refused


def test_a_tag_outside_the_core_schema_is_named_with_the_kind_of_node() -> None:
    error = _refused("a: !!set {x, y}\n")
    assert error.reason == (
        "the tag !!set is not allowed: the file holds only strings, numbers, booleans, null, lists "
        "and mappings (remove !!set from this mapping)"
    )
    assert (error.line, error.column) == (1, 4)
    assert _refused("a: [!Ref b]\n").reason.endswith("(remove !Ref from this value)")
    assert _refused("a: !!omap [x: 1]\n").reason.endswith("(remove !!omap from this value)")


# --- what is built ----------------------------------------------------------------------------------


def test_lines_and_the_text_of_non_string_scalars_are_kept_by_key_path() -> None:
    document = load_yaml("a:\n  b: 0x1F\n  c:\n    - x\n    - 1.50\n  d: 'quoted'\n")
    assert document.data == {"a": {"b": 31, "c": ["x", 1.5], "d": "quoted"}}
    assert document.lines == {
        ("a",): 1,
        ("a", "b"): 2,
        ("a", "c"): 3,
        ("a", "c", 0): 4,
        ("a", "c", 1): 5,
        ("a", "d"): 6,
    }
    assert document.scalar_text == {("a", "b"): "0x1F", ("a", "c", 1): "1.50"}
    assert document.problems == []


def test_the_document_keeps_its_text_for_edits_that_keep_comments() -> None:
    assert load_yaml("# why\na: 1\n").text == "# why\na: 1\n"


def test_an_empty_document_is_no_data() -> None:
    assert load_yaml("# nothing\n").data is None


def test_a_key_that_is_not_plain_text_is_a_problem_of_its_mapping() -> None:
    document = load_yaml("a:\n  ? [x]\n  : 1\n  ~: 2\n  ok: 3\n")
    assert document.data == {"a": {"ok": 3}}
    message = "a mapping key must be plain text (not a list, mapping or null)"
    assert document.problems == [(("a",), 2, message), (("a",), 4, message)]


def test_a_duplicate_key_keeps_the_first_value_and_is_a_problem_at_the_second() -> None:
    document = load_yaml("a: 1\na: 3\nb: 2\n")
    assert document.data == {"a": 1, "b": 2}
    assert document.problems == [(("a",), 2, "this key appears twice in the mapping; keep one of them")]


def test_merge_keys_fill_in_what_the_mapping_does_not_set_earlier_sources_first() -> None:
    text = "x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n"
    assert load_yaml(text).data["z"] == {"a": 1, "b": 1, "c": 3}
    assert load_yaml("x: &x {a: 1}\nz:\n  <<: *x\n  b: 2\n").data["z"] == {"a": 1, "b": 2}


def test_a_merge_key_of_a_scalar_is_a_problem() -> None:
    document = load_yaml("z:\n  <<: 5\n  b: 2\n")
    assert document.data == {"z": {"b": 2}}
    assert document.problems == [(("z",), 2, "a merge key (<<) takes a mapping or a list of mappings")]


def test_core_schema_scalars() -> None:
    text = "a: True\nb: FALSE\nc: ~\nd: -17\ne: 0o17\nf: +.inf\ng: -.Inf\nh: 1e3\ni: 2024-11-20\nj: 0\n"
    data = load_yaml(text).data
    assert data["a"] is True and data["b"] is False and data["c"] is None
    assert data["d"] == -17 and data["e"] == 15 and data["j"] == 0
    assert data["f"] == math.inf and data["g"] == -math.inf
    assert data["h"] == 1000.0
    assert data["i"] == "2024-11-20"
    assert math.isnan(load_yaml("n: .NaN\n").data["n"])


def test_underscores_in_numbers_are_digit_separators() -> None:
    assert load_yaml("a: 1_000.5\nb: 1_0\n").data == {"a": 1000.5, "b": 10}


def test_a_merge_source_that_is_no_mapping_is_a_problem_and_the_rest_still_merge() -> None:
    document = load_yaml("x: &x {a: 1}\nz:\n  <<: [5, *x]\n  b: 2\n")
    assert document.data["z"] == {"a": 1, "b": 2}
    assert document.problems == [(("z",), 3, "a merge key (<<) takes a mapping or a list of mappings")]


def test_a_leading_zero_is_ambiguous_and_kept_as_written() -> None:
    document = load_yaml("v: 0125\n")
    assert document.data == {"v": "0125"}
    assert document.problems == [
        (
            ("v",),
            1,
            "0125 has a leading zero: Pulumi reads it as the octal number 85, YAML 1.2 as 125; quote it "
            '("0125") if it is text such as a version, or drop the zero',
        )
    ]


def test_a_leading_zero_that_is_no_octal_number_says_so() -> None:
    (problem,) = load_yaml("v: -0089\n").problems
    assert problem[2].startswith(
        "-0089 has a leading zero: Pulumi reads it as the octal number (not valid octal), YAML 1.2 as 89;"
    )
    (zeros,) = load_yaml("v: 00\n").problems
    assert "YAML 1.2 as 0;" in zeros[2]


def test_a_leading_zero_counts_after_digit_separators() -> None:
    (problem,) = load_yaml("v: 0_17\n").problems
    assert problem[2].startswith(
        "0_17 has a leading zero: Pulumi reads it as the octal number 15, YAML 1.2 as 17;"
    )


def test_a_number_of_more_than_100_digits_is_kept_as_written() -> None:
    assert load_yaml(f"v: {'9' * 100}\n").data == {"v": int("9" * 100)}
    long = "9" * 101
    document = load_yaml(f"v: {long}\n")
    assert document.data == {"v": long}
    assert document.problems == [
        (("v",), 1, "a number of 101 digits is no value a stack takes; check what was meant")
    ]


def test_load_file_reads_within_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: [1]\n")
    assert load_file(path).data == {"a": [1]}
    assert "nested more than 1 levels deep" in str(_load_file_refusal(path, SourceLimits(max_depth=1)))
    path.write_text("a: " + "x" * 20 + "\n")
    assert "the file is 24 bytes" in str(_load_file_refusal(path, SourceLimits(max_bytes=10)))


def _load_file_refusal(path: Path, limits: SourceLimits) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_file(path, limits)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "reason"),
    [
        # libyaml says "did not find expected ..."; the user reads what was expected, where.
        ("a: [1, 2\n", 2, 1, "expected ',' or ']'"),
        ("a:\n  - 1\n -2\n", 3, 2, "expected key"),
        ("%TAG\n", 1, 5, "expected '!'"),
        # A character no token starts with is shown: '@' and '`' are reserved indicators (YAML 1.2
        # 5.3), '%' starts a directive only at the start of a line.
        ("a: @b\n", 1, 4, "found character '@' that cannot start any token"),
        ("a: 1\nb: `x\n", 2, 4, "found character '`' that cannot start any token"),
        ("a: 1\nb: 2\nc: [1, %]\n", 3, 8, "found character '%' that cannot start any token"),
        # Other problems keep libyaml's words.
        ("a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed in this context"),
        ('a: "x\n', 2, 1, "found unexpected end of stream"),
    ],
)
def test_a_syntax_error_is_worded_for_the_user_at_its_line_and_column(
    text: str, line: int, column: int, reason: str
) -> None:
    error = _refused(text)
    assert (error.line, error.column, error.reason) == (line, column, f"not valid YAML: {reason}")
