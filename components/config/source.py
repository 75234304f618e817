"""Reading YAML and JSON files from outside safely: bounded, strict, and every refusal explained.

Stack files come from pull requests, so they are hostile input. Before anything is built from a
file, this module enforces limits the parser itself does not have:

- size: at most `max_bytes` are read (a larger file is refused, never read whole);
- encoding: UTF-8 only (a BOM is allowed, as YAML allows it); a bad byte is reported by line and
  column;
- nesting: at most `max_depth` levels, checked on the parser's event stream (which is not
  recursive), so a file of 300 nested `[` is refused before anything recursive sees it;
- alias expansion ("billion laughs"): the values and characters the document would have with every
  alias expanded are counted on the same event stream, and the file is refused as soon as the count
  passes `max_values` or `max_chars`, without expanding anything;
- tags: only YAML's core schema (str, int, float, bool, null, map, seq); `!!set`, `!!binary`,
  `!!timestamp`, `!!omap`, `!!python/...` and application tags are refused;
- one document per file, mapping keys that are plain scalars, no duplicate keys, and integers
  written with a leading zero (`0125`) refused, because Pulumi's YAML reader takes them as octal
  (85) while YAML 1.2 takes them as decimal (125): the two would deploy different values.

What is accepted becomes plain Python data (dict, list, str, int, float, bool, None) plus, per key
path, the line it is on and the source text of non-string scalars (for hints like `quote it:
"0125"`). Unquoted dates stay the text they were written as, as Pulumi hands them to programs.
"""

from __future__ import annotations

import codecs
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.reader import ReaderError

from .yaml_events import (
    CORE,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose,
    offsets_in_bytes,
    parser_for,
)

Path_ = tuple[str | int, ...]

# YAML's core schema, what a Pulumi stack file can mean (Pulumi reads it with Go's yaml.v3 into
# JSON-like values); any other tag would construct something the engine never passes on.
ALLOWED_TAGS = frozenset(f"{CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq"))


@dataclass(frozen=True)
class SourceLimits:
    """What one file may cost. Generous for real stack files (a 12-account, 360-deployment stack
    is about 60 KB and 5,000 values), small enough that a hostile file is cheap to refuse."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_values: int = 100_000  # scalars and collections, with every alias expanded
    max_chars: int = 4 * 1024 * 1024  # scalar text, with every alias expanded


DEFAULT_LIMITS = SourceLimits()


class SourceError(Exception):
    """The file cannot be read as data at all: the reason, and the 1-based line when known."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line and column else f"line {line}: " if line else ""
        super().__init__(where + reason)


@dataclass
class YamlDocument:
    """A YAML file as plain data, with where each key path is and how its scalars were written."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Source text of scalars that are not strings (numbers, booleans, null), for hints.
    scalar_text: dict[Path_, str] = field(default_factory=dict)
    # Problems that spoil one value, not the file: (key path, line, message). The value is kept
    # as written (or the entry left out) so that the rest of the file is still checked.
    problems: list[tuple[Path_, int | None, str]] = field(default_factory=list)
    text: str = ""

    def problem(self, path: Path_, line: int | None, message: str) -> None:
        self.problems.append((path, line, message))


def read_text(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> str:
    """The file's text: a regular file of at most max_bytes, strictly UTF-8. SourceError otherwise.

    Directories, devices and FIFOs are refused without being opened for reading (a FIFO would block
    forever); symlinks are followed, and a loop is reported as such.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError("file not found") from None
    except OSError as error:  # ELOOP (a symlink loop), EACCES, ENAMETOOLONG, ...
        raise SourceError(f"cannot read the file: {error.strerror or error}") from None
    except (ValueError, RuntimeError) as error:  # a NUL byte in the name, a loop in resolve()
        raise SourceError(f"cannot read the file: {error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SourceError("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("is not a regular file (a device, socket or pipe)")
    if info.st_size > limits.max_bytes:
        raise SourceError(_too_big(info.st_size, limits))
    try:
        with open(path, "rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > limits.max_bytes:  # grew while we looked
        raise SourceError(_too_big(len(raw), limits))
    return decode_utf8(raw)


def read_stream(stream: BinaryIO, limits: SourceLimits = DEFAULT_LIMITS) -> str:
    """The text of a stream (stdin) like read_text: at most max_bytes are read, strictly UTF-8."""
    try:
        raw = stream.read(limits.max_bytes + 1)
    except OSError as error:
        raise SourceError(f"cannot read the input: {error.strerror or error}") from None
    if len(raw) > limits.max_bytes:
        raise SourceError(
            f"the input has more than {limits.max_bytes:,} bytes; files of more than "
            f"{limits.max_bytes:,} bytes are refused"
        )
    return decode_utf8(raw)


def _too_big(size: int, limits: SourceLimits) -> str:
    return f"the file is {size:,} bytes; files of more than {limits.max_bytes:,} bytes are refused"


def decode_utf8(raw: bytes) -> str:
    """Strict UTF-8 (an initial BOM dropped); the first bad byte reported by line and column."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded; save the file as UTF-8",
            line,
            column,
        ) from None


def load_yaml(text: str, limits: SourceLimits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse one YAML document within the limits into plain data. SourceError on any refusal.

    The text is parsed once: every event is checked (depth, tags, expanded size) as the composer
    takes it from the parser, before the composer acts on it, so nothing is built past a limit:
    the composer nests no deeper than the depth limit, and it shares aliased nodes, never copies
    them."""
    parser = None
    try:
        parser = parser_for(text)  # PyYAML's Python reader checks every character here
        node = compose(parser, _EventCheck(limits))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = f"not valid YAML: {_worded(error.problem or error.context, text, mark)}"
        if error.problem == "exceeded maximum nesting depth":
            # libyaml's own bound (1,000 levels, hit while it scans a line ahead for a key before
            # any event reaches the check): past ours too, and said the same way.
            reason = _too_deep(limits)
        raise SourceError(reason, *((mark.line + 1, mark.column + 1) if mark else ())) from None
    except ReaderError as error:  # a character YAML does not allow (NUL, other controls)
        raise _bad_character(text, error, in_bytes=offsets_in_bytes(parser)) from None
    except YAMLError as error:
        raise SourceError(f"not valid YAML: {error}") from None
    document = YamlDocument(data=None, text=text)
    if node is not None:
        document.data = _Builder(document).value(node, ())
    return document


def _bad_character(text: str, error: ReaderError, in_bytes: bool) -> SourceError:
    """The reader's refusal of a character, at the file's line and column (the parser names only
    an offset in "<unicode string>": in UTF-8 bytes for libyaml, in characters otherwise)."""
    # The reader of a str (never bytes) gives the offset in it and the code point, both ints.
    position: int = error.position
    if in_bytes:
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    code: int = error.character
    return SourceError(
        f"not valid YAML: the character U+{code:04X} is not allowed in YAML; remove it (a file saved "
        "as UTF-16, or binary data, shows up like this)",
        line,
        column,
    )


def _worded(problem: str | None, text: str, mark: Any) -> str:
    """libyaml's wording made a sentence a user reads: "did not find expected ',' or ']'" is
    "expected ',' or ']'", and a character that cannot start a token is shown."""
    worded = (problem or "unreadable").removeprefix("did not find ")
    if worded == "found character that cannot start any token" and mark is not None:
        found = _character_at(text, mark.line, mark.column)
        worded = f"found character {found!r} that cannot start any token" if found else worded
    return worded


def _character_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' past the text)."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _too_deep(limits: SourceLimits) -> str:
    return f"nested more than {limits.max_depth} levels deep; refused"


def _mark(event: Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _EventCheck:
    """Depth, tags and the expanded size, on the event stream, before anything is built.

    Each open collection counts the values and characters below it; an anchor remembers the
    expanded size of its node, and an alias adds that size again, exactly what expanding it would
    cost. Counting stops at the first limit passed, so a file that would expand to 10^30 values is
    refused after reading it once.
    """

    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.anchors: dict[str, tuple[int, int]] = {}
        # Per open collection: the running totals when it opened, and its anchor.
        self.stack: list[tuple[int, int, str | None]] = []
        self.values = self.chars = self.documents = 0

    def add(self, more_values: int, more_chars: int, event: Event) -> None:
        limits = self.limits
        self.values += more_values
        self.chars += more_chars
        if self.values > limits.max_values:
            raise SourceError(
                f"the document expands to more than {limits.max_values:,} values (aliases like *name "
                "repeat what their anchor holds); refused as a denial-of-service risk",
                *_mark(event),
            )
        if self.chars > limits.max_chars:
            raise SourceError(
                f"the document expands to more than {limits.max_chars:,} characters of text (through "
                "aliases); refused as a denial-of-service risk",
                *_mark(event),
            )

    def __call__(self, event: Event) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise SourceError(
                    "the file holds one YAML document; remove the second '---'", *_mark(event)
                )
            if getattr(event, "version", None) not in (None, (1, 2)):
                raise SourceError(
                    "only YAML 1.2 is read (a %YAML 1.1 directive changes what numbers and booleans "
                    "mean); remove the directive",
                    *_mark(event),
                )
        if isinstance(event, NodeEvent) and not isinstance(event, AliasEvent):
            _check_tag(event)
        if isinstance(event, CollectionStartEvent):
            if len(self.stack) >= self.limits.max_depth:
                raise SourceError(_too_deep(self.limits), *_mark(event))
            self.stack.append((self.values, self.chars, event.anchor))
            self.add(1, 0, event)
        elif isinstance(event, CollectionEndEvent):
            values_before, chars_before, anchor = self.stack.pop()
            if anchor is not None:
                self.anchors[anchor] = (self.values - values_before, self.chars - chars_before)
        elif isinstance(event, ScalarEvent):
            if event.anchor is not None:
                self.anchors[event.anchor] = (1, len(event.value))
            self.add(1, len(event.value), event)
        elif isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise SourceError(
                    f"the alias *{event.anchor} has no anchor &{event.anchor} before it", *_mark(event)
                )
            self.add(*self.anchors[event.anchor], event)


def _check_tag(event: NodeEvent) -> None:
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!" or tag in ALLOWED_TAGS:
        return
    shown = "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag
    kind = "mapping" if isinstance(event, MappingStartEvent) else "value"
    raise SourceError(
        f"the tag {shown} is not allowed: the file holds only strings, numbers, booleans, null, "
        f"lists and mappings (remove {shown} from this {kind})",
        *_mark(event),
    )


class _Builder:
    """Node graph -> plain data, recording lines and scalar source text by key path.

    The limits are already checked, so recursion is bounded by max_depth and expansion by
    max_values.
    """

    def __init__(self, document: YamlDocument) -> None:
        self.document = document

    def value(self, node: Node, path: Path_) -> Any:
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.document.lines[(*path, index)] = item.line
                items.append(self.value(item, (*path, index)))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise SourceError(f"unexpected YAML node {type(node).__name__}")  # pragma: no cover

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        own: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.line
            if isinstance(key_node, ScalarNode) and key_node.tag == f"{CORE}merge":
                for key, value in self._merge_sources(value_node, path, line).items():
                    merged.setdefault(key, value)  # earlier merged mappings win (YAML merge spec)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag == f"{CORE}null":
                self.document.problem(
                    path, line, "a mapping key must be plain text (not a list, mapping or null)"
                )
                continue
            key = key_node.value
            if key in own:
                self.document.problem(
                    (*path, key), line, "this key appears twice in the mapping; keep one of them"
                )
                continue
            self.document.lines[(*path, key)] = line
            own[key] = self.value(value_node, (*path, key))
        return {**{k: v for k, v in merged.items() if k not in own}, **own}

    def _merge_sources(self, node: Node, path: Path_, line: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        result: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, MappingNode):
                self.document.problem(path, line, "a merge key (<<) takes a mapping or a list of mappings")
                continue
            for key, value in self._mapping(source, path).items():
                result.setdefault(key, value)
        return result

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag == f"{CORE}str":  # the non-specific tag `!` is resolved by the parser already
            return text
        self.document.scalar_text[path] = text
        if tag == f"{CORE}null":
            return None
        if tag == f"{CORE}bool":
            return text.lower() == "true"
        if tag == f"{CORE}int":
            number, ambiguity = _integer(text)
            if ambiguity:
                self.document.problem(path, self.document.lines.get(path), ambiguity)
            return number
        if tag == f"{CORE}float":
            return _float(text)
        # Implicit timestamps (an unquoted 2024-11-20) reach Pulumi programs as their text.
        return text


def _integer(text: str) -> tuple[int | str, str | None]:
    """The number, and why it is ambiguous (kept as its text then)."""
    digits = text.replace("_", "")
    body = digits.lstrip("+-")
    if len(body) > 1 and body[0] == "0" and body[1].isdigit():
        return text, (
            f"{text} has a leading zero: Pulumi reads it as the octal number {_octal(body)}, YAML 1.2 "
            f'as {body.lstrip("0") or "0"}; quote it ("{text}") if it is text such as a version, or '
            "drop the zero"
        )
    if len(body) > 100:
        return text, f"a number of {len(body):,} digits is no value a stack takes; check what was meant"
    try:
        return int(digits, 0), None
    except ValueError:
        return text, None  # a form we do not read: keep what was written


def _octal(body: str) -> str:
    try:
        return str(int(body, 8))
    except ValueError:
        return "(not valid octal)"


def _float(text: str) -> float | str:
    lowered = text.lower().lstrip("+")
    if lowered in (".inf", "-.inf", ".nan"):
        return {".inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}[lowered]
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return text


def load_file(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> YamlDocument:
    """read_text + load_yaml: a YAML file within the limits, or SourceError."""
    return load_yaml(read_text(path, limits), limits)
