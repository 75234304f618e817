"""The plan's pictures (graph.py) of a hand-written three-resource plan, line by line: the
expected Mermaid and dot texts are written from the rules in the module's docstring (components
nest their resources, solid arrows for explicit ordering, dashed for implied, protected ones
marked)."""

from __future__ import annotations

from typing import Any

from aoai.offline.graph import render_dot, render_mermaid

COMPONENT = "urn:c"


def resource(urn: str, name: str, type_: str, **more: Any) -> dict[str, Any]:
    return {
        "urn": urn,
        "name": name,
        "type": type_,
        "custom": True,
        "parent": COMPONENT,
        "dependsOn": [],
        "impliedDependencies": [],
        "protect": False,
        "summary": "",
        **more,
    }


DOCUMENT: dict[str, Any] = {
    "stack": "dev",
    "resources": [
        resource(COMPONENT, "primary", "azure-openai:index:OpenAIAccount", custom=False, parent="urn:stack"),
        resource("urn:a", "acct", "azure-native:cognitiveservices:Account", protect=True, summary="S0 <x>"),
        resource("urn:d", "chat", "azure-native:cognitiveservices:Deployment", dependsOn=["urn:a"]),
        resource(
            "urn:r",
            "role#1",
            "azure-native:authorization:RoleAssignment",
            parent="urn:stack",
            impliedDependencies=["urn:a", "urn:gone"],
            dependsOn=["urn:d"],
        ),
    ],
}


def test_mermaid_draws_groups_nodes_arrows_and_protection() -> None:
    assert render_mermaid(DOCUMENT) == (
        "flowchart LR\n"
        "  %% aoai plan --stack dev --format mermaid: an arrow points from a resource to the one that "
        "waits for it; dashed = implied by an input value\n"
        '  subgraph c0["primary (azure-openai:index:OpenAIAccount)"]\n'
        '    n0["acct<br/>Account<br/>S0 #lt;x#gt;<br/>protected"]\n'
        '    n1["chat<br/>Deployment"]\n'
        "  end\n"
        '  n2["role#35;1<br/>RoleAssignment"]\n'
        "  n0 --> n1\n"
        "  n0 -.-> n2\n"
        "  n1 --> n2\n"
        "  classDef protected stroke:#b45309,stroke-width:4px\n"
        "  class n0 protected\n"
    )


def test_dot_draws_the_same_with_urns_as_node_ids() -> None:
    assert render_dot(DOCUMENT) == (
        'digraph "aoai plan dev" {\n'
        "  rankdir=LR;\n"
        '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];\n'
        '  graph [fontname="Helvetica", fontsize=10];\n'
        '  subgraph "cluster_c0" { label="primary\\nazure-openai:index:OpenAIAccount"; style=rounded;\n'
        '    "urn:a" [label="acct\\nAccount\\nS0 <x>\\nprotected", penwidth=3, color="#b45309"];\n'
        '    "urn:d" [label="chat\\nDeployment"];\n'
        "  }\n"
        '  "urn:r" [label="role#1\\nRoleAssignment"];\n'
        '  "urn:a" -> "urn:d";\n'
        '  "urn:a" -> "urn:r" [style=dashed];\n'
        '  "urn:d" -> "urn:r";\n'
        "}\n"
    )


def test_quotes_and_backslashes_are_escaped_and_nothing_protected_draws_no_class() -> None:
    plain = {"stack": 'a"b', "resources": [resource("urn:x", 'q"\\', "t:m:T", parent=None)]}
    assert render_mermaid(plain).splitlines()[2:] == ['  n0["q#quot;\\<br/>T"]']
    assert render_dot(plain).splitlines()[0] == 'digraph "aoai plan a\\"b" {'
    assert '  "urn:x" [label="q\\"\\\\\\nT"];' in render_dot(plain).splitlines()
