"""The plan as a picture: Mermaid (renders in GitHub markdown) and Graphviz dot.

Both draw the same graph from the plan document: one box per Azure resource, nested in boxes for
the components that own it, and an arrow from each dependency to the resource that waits for it.
Solid arrows are explicit ordering (depends_on: deployments one after another, endpoints after
the last deployment, the lock last); dashed arrows are dependencies implied by input values (a
deployment uses its account's name). Protected resources have a thick amber border.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .document import Document, Resource

PROTECTED_COLOUR = "#b45309"


def _short_type(resource: Resource) -> str:
    return str(resource["type"]).rsplit(":", 1)[-1]


def _label_lines(resource: Resource) -> list[str]:
    lines = [resource["name"], _short_type(resource)]
    if resource["summary"]:
        lines.append(resource["summary"])
    if resource["protect"]:
        lines.append("protected")
    return lines


class _Layout:
    """Components as nested groups, Azure resources as nodes, dependencies as edges."""

    def __init__(self, document: Document) -> None:
        resources = document["resources"]
        self.by_urn = {r["urn"]: r for r in resources}
        self.children: dict[str | None, list[Resource]] = {}
        for resource in resources:
            parent = resource["parent"] if resource["parent"] in self.by_urn else None
            self.children.setdefault(parent, []).append(resource)
        self.node_ids = {r["urn"]: f"n{i}" for i, r in enumerate(r for r in resources if r["custom"])}
        self.group_ids = {r["urn"]: f"c{i}" for i, r in enumerate(r for r in resources if not r["custom"])}
        self.edges: list[tuple[str, str, bool]] = []  # (from, to, explicit)
        for resource in resources:
            if not resource["custom"]:
                continue
            explicit = set(resource["dependsOn"])
            for dependency in sorted(explicit | set(resource["impliedDependencies"])):
                if dependency in self.node_ids:
                    self.edges.append((dependency, resource["urn"], dependency in explicit))
        self.protected = [urn for urn in self.node_ids if self.by_urn[urn]["protect"]]

    def walk(
        self, on_node: Callable[[Resource, int], str], on_group: Callable[[Resource, int, bool], str]
    ) -> Iterator[str]:
        """Lines for the nesting, depth-first; on_group(resource, depth, opening)."""

        def visit(parent: str | None, depth: int) -> Iterator[str]:
            for resource in sorted(self.children.get(parent, []), key=lambda r: r["name"]):
                if resource["custom"]:
                    yield on_node(resource, depth)
                    continue
                yield on_group(resource, depth, True)
                yield from visit(resource["urn"], depth + 1)
                yield on_group(resource, depth, False)

        return visit(None, 1)


def _mermaid_text(text: str) -> str:
    """Mermaid quoted labels end at a double quote and read < > # as markup: use entity codes."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def render_mermaid(document: Document) -> str:
    layout = _Layout(document)

    def node(resource: Resource, depth: int) -> str:
        label = "<br/>".join(_mermaid_text(line) for line in _label_lines(resource))
        return f'{"  " * depth}{layout.node_ids[resource["urn"]]}["{label}"]'

    def group(resource: Resource, depth: int, opening: bool) -> str:
        if not opening:
            return f"{'  ' * depth}end"
        title = _mermaid_text(f"{resource['name']} ({resource['type']})")
        return f'{"  " * depth}subgraph {layout.group_ids[resource["urn"]]}["{title}"]'

    lines = [
        "flowchart LR",
        f"  %% aoai plan --stack {document['stack']} --format mermaid: an arrow points from a "
        "resource to the one that waits for it; dashed = implied by an input value",
        *layout.walk(node, group),
    ]
    ids = layout.node_ids
    for source, target, explicit in layout.edges:
        arrow = "-->" if explicit else "-.->"
        lines.append(f"  {ids[source]} {arrow} {ids[target]}")
    if layout.protected:
        lines.append(f"  classDef protected stroke:{PROTECTED_COLOUR},stroke-width:4px")
        lines.append(f"  class {','.join(ids[u] for u in layout.protected)} protected")
    return "\n".join(lines) + "\n"


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(document: Document) -> str:
    """Graphviz dot; node ids are the resources' URNs, so tools can join it with the JSON plan."""
    layout = _Layout(document)

    def node(resource: Resource, depth: int) -> str:
        attributes = [f"label={_dot_string(chr(10).join(_label_lines(resource)))}"]
        if resource["protect"]:
            attributes += ["penwidth=3", f"color={_dot_string(PROTECTED_COLOUR)}"]
        return f"{'  ' * depth}{_dot_string(resource['urn'])} [{', '.join(attributes)}];"

    def group(resource: Resource, depth: int, opening: bool) -> str:
        indent = "  " * depth
        if not opening:
            return f"{indent}}}"
        cluster = _dot_string(f"cluster_{layout.group_ids[resource['urn']]}")
        label = _dot_string(f"{resource['name']}\n{resource['type']}")
        return f"{indent}subgraph {cluster} {{ label={label}; style=rounded;"

    lines = [
        f"digraph {_dot_string('aoai plan ' + document['stack'])} {{",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
        '  graph [fontname="Helvetica", fontsize=10];',
        *layout.walk(node, group),
    ]
    for source, target, explicit in layout.edges:
        style = "" if explicit else " [style=dashed]"
        lines.append(f"  {_dot_string(source)} -> {_dot_string(target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
