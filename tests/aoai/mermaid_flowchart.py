"""A strict parser for the Mermaid flowchart syntax `aoai plan --format mermaid` emits.

Mermaid's own parser (flow.jison in mermaid-js) runs only in a browser-like JavaScript runtime, so
the tests check the output with this lark grammar of the same language, restricted to what we use
and strict where Mermaid is strict: a `flowchart <direction>` header; node ids that are not
keywords; quoted labels with no `"` inside (Mermaid ends a label at the first one, so quotes must be
written as the entity #quot;); `subgraph id["title"]` ... `end` blocks, properly nested; `-->` and
`-.->` edges between ids; `classDef name styles` and `class id,id name`; `%%` comments.

parse_flowchart returns the nodes (id -> label), subgraphs (id -> (title, parent subgraph)), edges
and classes, and raises lark's UnexpectedInput on anything outside the grammar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Lark, Token, Tree

GRAMMAR = r"""
start: _NL* header (_NL+ _statement)* _NL*

header: "flowchart" DIRECTION
DIRECTION: "TB" | "TD" | "BT" | "RL" | "LR"

_statement: node | edge | subgraph | class_def | class_assign | COMMENT

node: ID "[" LABEL "]"
edge: ID ARROW ID
ARROW: "-->" | "-.->"
subgraph: "subgraph" ID "[" LABEL "]" (_NL+ _statement)* _NL+ "end"
class_def: "classDef" ID STYLES
class_assign: "class" ID ("," ID)* ID

ID: /(?!(end|subgraph|class|classDef|flowchart|graph|style|click|linkStyle)\b)[A-Za-z][A-Za-z0-9_]*/
LABEL: /"[^"\n]*"/
STYLES: /[a-z-]+:[^\s,]+(,[a-z-]+:[^\s,]+)*/
COMMENT: /%%[^\n]*/

_NL: /[ \t]*(\r?\n[ \t]*)+/
%ignore /[ \t]+/
"""

_PARSER = Lark(GRAMMAR, parser="earley", lexer="dynamic", maybe_placeholders=False)


@dataclass
class Flowchart:
    direction: str
    nodes: dict[str, str] = field(default_factory=dict)
    subgraphs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    node_parent: dict[str, str | None] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)
    class_styles: dict[str, str] = field(default_factory=dict)


def _text(token: Token) -> str:
    return str(token)


def _label(token: Token) -> str:
    return str(token)[1:-1]


def parse_flowchart(text: str) -> Flowchart:
    tree = _PARSER.parse(text)
    header = next(tree.find_data("header"))
    chart = Flowchart(direction=_text(header.children[0]))  # type: ignore[arg-type]

    def visit(node: Tree[Token], parent: str | None) -> None:
        for child in node.children:
            if not isinstance(child, Tree):
                continue
            tokens = [c for c in child.children if isinstance(c, Token)]
            if child.data == "node":
                node_id = _text(tokens[0])
                if node_id in chart.nodes:
                    raise ValueError(f"node {node_id} defined twice")
                chart.nodes[node_id] = _label(tokens[1])
                chart.node_parent[node_id] = parent
            elif child.data == "edge":
                chart.edges.append((_text(tokens[0]), _text(tokens[1]), _text(tokens[2])))
            elif child.data == "subgraph":
                group = _text(tokens[0])
                chart.subgraphs[group] = (_label(tokens[1]), parent)
                visit(child, group)
            elif child.data == "class_def":
                chart.class_styles[_text(tokens[0])] = _text(tokens[1])
            elif child.data == "class_assign":
                *ids, name = (_text(t) for t in tokens)
                chart.classes.setdefault(name, []).extend(ids)

    visit(tree, None)
    return chart
