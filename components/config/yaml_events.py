"""YAML text -> a small node graph, through libyaml's C parser, every event checked before use.

Reading a stack file with a pure-Python parser was most of `aoai plan`'s own work on top of what
Pulumi does (a 360-deployment stack: about 6% of a raw pulumi-azure-native program's whole plan).
libyaml (PyYAML's C parser, which Pulumi's Python SDK already installs) gives the same events with
their line and column, at C speed; the composer here is a few lines per event.

What YAML 1.2 means is kept from ruamel.yaml, the toolkit's YAML library: plain scalars are typed by
ruamel's YAML 1.2 resolver table (so `yes` stays text and `0o17` is 15), not PyYAML's YAML 1.1 one.
Without libyaml (PyYAML built from source without it), PyYAML's pure-Python parser, which emits the
same events, stands in: slower, same result.

Every event goes through `check` as it leaves the parser, before the composer acts on it (see
source.py's _EventCheck), so a limit stops the composer where it is: it nests no deeper than the
depth limit, and an alias shares its anchor's node, never copies it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.resolver import Resolver
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    CParser = None

CORE = "tag:yaml.org,2002:"
# ruamel's YAML 1.2 implicit types, by first character: [(tag, pattern), ...].
_IMPLICIT: dict[str, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers


class ScalarNode:
    __slots__ = ("line", "tag", "value")

    def __init__(self, tag: str, value: str, line: int) -> None:
        self.tag, self.value, self.line = tag, value, line


# Collections carry no tag: the check allows only the core map/seq tags (or none, or `!`) on
# them, so what a collection is follows from its kind alone.
class SequenceNode:
    __slots__ = ("line", "value")

    def __init__(self, line: int) -> None:
        self.line = line
        self.value: list[Node] = []


class MappingNode:
    __slots__ = ("line", "value")

    def __init__(self, line: int) -> None:
        self.line = line
        self.value: list[tuple[Node, Node]] = []


Node = ScalarNode | SequenceNode | MappingNode


class PythonParser(Reader, Scanner, Parser):  # type: ignore[misc]
    """PyYAML's pure-Python parser: libyaml's events, for an installation without libyaml."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)

    def dispose(self) -> None:
        """Nothing to free (CParser frees libyaml's buffers here)."""


def parser_for(text: str) -> Any:
    """libyaml's parser over `text` when PyYAML has it, else PyYAML's pure-Python one."""
    return CParser(text) if CParser is not None else PythonParser(text)


def compose(parser: Any, check: Callable[[Event], None]) -> Node | None:
    """The root node of the document `parser` reads (None for an empty file), the parser disposed
    of. Errors are PyYAML's YAMLError and whatever `check` raises; a second document is left to
    `check` (it sees its start event). The caller makes the parser (parser_for), to know how its
    errors count positions (offsets_in_bytes)."""
    def take() -> Event:
        event: Event = parser.get_event()
        check(event)
        return event

    try:
        take()  # the stream's start
        event = take()  # a document's start, or the end of an empty stream
        if isinstance(event, StreamEndEvent):
            return None
        root = _node(take(), take, {})
        take()  # the document's end
        take()  # the stream's end (or a second document's start, which check refuses)
        return root
    finally:
        parser.dispose()


def _node(event: Event, take: Callable[[], Event], anchors: dict[str, Node]) -> Node:
    line = event.start_mark.line + 1
    node: Node
    if isinstance(event, AliasEvent):
        return anchors[event.anchor]  # check refused an alias without an anchor before it
    if isinstance(event, ScalarEvent):
        node = ScalarNode(_scalar_tag(event), event.value, line)
    elif isinstance(event, MappingStartEvent):
        node = MappingNode(line)
        while not isinstance(key := take(), MappingEndEvent):
            node.value.append((_node(key, take, anchors), _node(take(), take, anchors)))
    else:  # a sequence's start: the only other event that can begin a node
        node = SequenceNode(line)
        while not isinstance(item := take(), SequenceEndEvent):
            node.value.append(_node(item, take, anchors))
    if event.anchor is not None:
        anchors[event.anchor] = node  # a later anchor of the same name wins, as in ruamel
    return node


def _scalar_tag(event: ScalarEvent) -> str:
    """The explicit tag, else what YAML 1.2 makes of a plain scalar; a quoted or block scalar is
    text. The non-specific tag `!` changes neither, as Pulumi's YAML reader (Go's yaml.v3) has it:
    `! 12` is 12 and `! '12'` is "12". (libyaml marks every `!` scalar as one to resolve, quoted
    or not, and ruamel.yaml and PyYAML then make `! '12'` the number: the style decides here.)"""
    tag = event.tag
    if tag is not None and tag != "!":
        return str(tag)
    value = event.value
    if event.implicit[0] and not event.style:  # plain: '' from libyaml, None from PyYAML
        for implicit_tag, pattern in _IMPLICIT.get(value[:1], ()):
            if pattern.match(value):
                return str(implicit_tag)
    return f"{CORE}str"


def offsets_in_bytes(parser: Any) -> bool:
    """Whether the parser's error positions count UTF-8 bytes (libyaml's) rather than characters."""
    return CParser is not None and isinstance(parser, CParser)
