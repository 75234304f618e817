"""`aoai plan` in every format, for every fixture stack: json against its schema, graphs parsed."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pulumi
import pydot
import pytest
from pulumi_azure_native import cognitiveservices as cs
from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.document import Document, dumps, plan_document
from aoai.offline.graph import render_dot, render_mermaid
from aoai.offline.mocks import SUBSCRIPTION_ID
from aoai.offline.plan import plan_stack
from aoai.offline.resource_types import AZURE_TYPES
from aoai.stacks import StackRef, stack_name_of
from tests.aoai.mermaid_flowchart import parse_flowchart
from tests.conftest import (
    FIXTURE_STACKS,
    FIXTURES,
    PROJECT_ROOT,
    RUNS_AOAI_IN_A_CHILD_PROCESS,
    run_components,
)
from tests.golden import golden_path, urns_of

runner = CliRunner()
STACK_FILES = sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))
PLAN_SCHEMA = json.loads((PROJECT_ROOT / "schema" / "plan.schema.json").read_text())


@cache
def plan_of(path: Path) -> Document:
    return plan_document(plan_stack(StackRef(stack_name_of(path), path)))


def dependency_edges(document: Document) -> set[tuple[str, str, bool]]:
    """(dependency URN, dependent URN, explicit) between Azure resources, from the JSON plan."""
    custom = {r["urn"] for r in document["resources"] if r["custom"]}
    edges = set()
    for resource in document["resources"]:
        if not resource["custom"]:
            continue
        for urn in set(resource["dependsOn"]) | set(resource["impliedDependencies"]):
            if urn in custom:
                edges.add((urn, resource["urn"], urn in resource["dependsOn"]))
    return edges


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_json_plan_validates_against_the_documented_schema(path: Path) -> None:
    document = plan_of(path)
    jsonschema.Draft202012Validator.check_schema(PLAN_SCHEMA)
    jsonschema.Draft202012Validator(PLAN_SCHEMA).validate(document)
    urns = [r["urn"] for r in document["resources"]]
    assert urns == sorted(urns) and len(set(urns)) == len(urns)
    counts = document["counts"]
    assert counts["azureResources"] == sum(r["custom"] for r in document["resources"]) > 0
    # every dependency names a resource of the plan (or the root stack, for parents)
    for resource in document["resources"]:
        for urn in resource["dependsOn"] + resource["impliedDependencies"]:
            assert urn in urns


def test_the_schema_rejects_what_it_should() -> None:
    document = json.loads(dumps(plan_of(FIXTURE_STACKS / "Pulumi.dev.yaml")))
    validator = jsonschema.Draft202012Validator(PLAN_SCHEMA)
    account = next(r for r in document["resources"] if r["type"].endswith(":Account") and r["custom"])
    account["urn"] = "primary-account"  # not a URN
    assert not validator.is_valid(document)
    account["urn"] = next(r["urn"] for r in document["resources"] if r is account)
    del document["resources"][0]["protect"]
    assert not validator.is_valid(document)


def test_prod_json_plan_has_the_engines_urns_and_key_facts() -> None:
    document = plan_of(FIXTURE_STACKS / "Pulumi.prod.yaml")
    golden = urns_of(golden_path("prod").read_text())
    assert sorted(r["urn"] for r in document["resources"]) == sorted(golden)
    by_name = {r["name"]: r for r in document["resources"]}
    account = by_name["primary-account"]
    assert account["protect"] is True
    assert account["azureType"] == "Microsoft.CognitiveServices/accounts"
    assert account["apiVersion"] == "2025-06-01"
    assert account["keyInputs"]["location"] == "swedencentral"
    assert account["keyInputs"]["properties.customSubDomainName"] == "contoso-prod-primary"
    chat, embeddings = by_name["primary-deployments-chat"], by_name["primary-deployments-embeddings"]
    assert chat["keyInputs"]["sku.capacity"] == 50 and isinstance(chat["keyInputs"]["sku.capacity"], int)
    # explicit ordering (depends_on) is told apart from what input values imply
    assert embeddings["dependsOn"] == [chat["urn"]]
    assert account["urn"] in embeddings["impliedDependencies"]
    assert embeddings["propertyDependencies"]["accountName"] == [account["urn"]]
    lock = by_name["primary-lock"]
    assert by_name["primary-private-endpoint-hub-endpoint"]["urn"] in lock["dependsOn"]
    assert by_name["primary"]["custom"] is False and by_name["primary"]["id"] is None


@RUNS_AOAI_IN_A_CHILD_PROCESS
@pytest.mark.parametrize("format_", ["json", "mermaid"])
def test_plan_output_is_byte_stable_across_processes(format_: str) -> None:
    """Fresh interpreters with different hash seeds print the same bytes (diffable in reviews)."""
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "aoai", "plan", "--stack", "prod", "--format", format_],
            cwd=FIXTURES,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_secret_inputs_never_reach_the_plan() -> None:
    def build() -> None:
        cs.Deployment(
            "chat",
            account_name="acct",
            resource_group_name="rg",
            deployment_name="chat",
            tags={"token": pulumi.Output.secret("s3cr3t-value")},
        )

    text = dumps(plan_document(run_components(build)))
    assert "s3cr3t-value" not in text
    assert '"tags": "[secret]"' in text or '"token": "[secret]"' in text


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_mermaid_parses_and_draws_every_resource_and_dependency(path: Path) -> None:
    document = plan_of(path)
    chart = parse_flowchart(render_mermaid(document))
    assert chart.direction == "LR"
    by_name = {r["name"]: r for r in document["resources"]}
    urn_of = {node: by_name[label.split("<br/>")[0]]["urn"] for node, label in chart.nodes.items()}
    assert sorted(urn_of.values()) == sorted(r["urn"] for r in document["resources"] if r["custom"])
    drawn = {(urn_of[a], urn_of[b], arrow == "-->") for a, arrow, b in chart.edges}
    assert drawn == dependency_edges(document)
    assert len(chart.edges) == len(drawn)
    protected = {urn_of[n] for n in chart.classes.get("protected", [])}
    assert protected == {r["urn"] for r in document["resources"] if r["custom"] and r["protect"]}
    # components are subgraphs, nested as the resources are
    titles = {title.split(" (")[0]: parent for title, parent in chart.subgraphs.values()}
    assert set(titles) == {r["name"] for r in document["resources"] if not r["custom"]}
    by_urn = {r["urn"]: r for r in document["resources"]}
    for node, urn in urn_of.items():
        group = chart.node_parent[node]
        assert group is not None  # every Azure resource belongs to a component
        assert (
            chart.subgraphs[group][0]
            == f"{by_urn[by_urn[urn]['parent']]['name']} ({by_urn[by_urn[urn]['parent']]['type']})"
        )


def test_mermaid_labels_escape_what_would_end_or_break_them() -> None:
    document = json.loads(dumps(plan_of(FIXTURE_STACKS / "Pulumi.dev.yaml")))
    resource = next(r for r in document["resources"] if r["custom"])
    resource["summary"] = 'say "hi" <b> #1 -> done'
    chart = parse_flowchart(render_mermaid(document))
    label = next(v for v in chart.nodes.values() if v.startswith(resource["name"]))
    assert "#quot;hi#quot; #lt;b#gt; #35;1 -#gt; done" in label


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
def test_dot_parses_with_graphviz_grammar_and_matches_the_plan(path: Path) -> None:
    document = plan_of(path)
    graphs = pydot.graph_from_dot_data(render_dot(document))
    assert graphs is not None and len(graphs) == 1
    graph = graphs[0]

    def unquote(text: object) -> str:
        return str(text)[1:-1] if str(text).startswith('"') else str(text)

    nodes: set[str] = set()
    clusters = 0

    def collect(g: Any) -> None:
        nonlocal clusters
        nodes.update(unquote(n.get_name()) for n in g.get_nodes() if n.get_name() not in ("node", "graph"))
        for sub in g.get_subgraphs():
            clusters += 1
            collect(sub)

    collect(graph)
    assert nodes == {r["urn"] for r in document["resources"] if r["custom"]}
    assert clusters == document["counts"]["components"]
    edges = {
        (unquote(e.get_source()), unquote(e.get_destination()), e.get("style") != "dashed")
        for e in graph.get_edges()
    }
    assert edges == dependency_edges(document)


def test_cli_prints_each_format() -> None:
    expected = dumps(plan_of(FIXTURE_STACKS / "Pulumi.dev.yaml"))
    result = runner.invoke(app, ["plan", "--stack", "dev", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    assert runner.invoke(app, ["plan", "--stack", "dev", "--json"]).stdout == expected
    mermaid = runner.invoke(app, ["plan", "--stack", "dev", "-f", "mermaid"])
    assert mermaid.exit_code == 0 and mermaid.stdout.startswith("flowchart LR\n")
    dot = runner.invoke(app, ["plan", "--stack", "dev", "-f", "dot"])
    assert dot.exit_code == 0 and dot.stdout.startswith('digraph "aoai plan dev" {')


def test_cli_refuses_options_that_do_not_go_together() -> None:
    alone = runner.invoke(app, ["plan", "--stack", "dev", "--fail-on-replace"])
    assert alone.exit_code == 2 and "--fail-on-replace needs --against" in alone.output
    graph = runner.invoke(app, ["plan", "--stack", "dev", "--against", "prod", "-f", "mermaid"])
    assert graph.exit_code == 2 and "use --format tree or json" in graph.output
    both = runner.invoke(app, ["plan", "--stack", "dev", "--json", "--format", "mermaid"])
    assert both.exit_code == 2
    assert "--json is --format json; it cannot go with --format mermaid" in both.output
    assert both.stdout == ""  # not JSON printed silently instead of what was asked


def test_resource_type_table_matches_the_installed_provider_and_the_mocks() -> None:
    for known in AZURE_TYPES.values():  # the mocks answer every type with an id of its ARM type
        inputs = {name: "n" for name in (*known.name_inputs, "resourceGroupName")}
        if known.scope_input:
            inputs[known.scope_input] = f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/rg"
        arm_id = known.arm_id(inputs, SUBSCRIPTION_ID)
        if known.arm_type == "Microsoft.Resources/resourceGroups":
            assert arm_id == f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/n"
            continue
        namespace, *segments = arm_id.rsplit("/providers/", 1)[1].split("/")
        assert "/".join([namespace, *segments[0::2]]) == known.arm_type, known.token
    for token, known in AZURE_TYPES.items():
        _, module_name, class_name = token.split(":")
        module = importlib.import_module(f"pulumi_azure_native.{module_name}")
        source = Path(inspect.getsourcefile(getattr(module, class_name)) or "").read_text()
        versions = set(re.findall(r"Uses Azure REST API version ([0-9a-z-]+)\.", source))
        assert versions == {known.api_version}, token


def test_the_mock_engine_pauses_the_cycle_collector_only_while_it_runs() -> None:
    import gc

    from aoai.offline.runner import run_in_mock_engine

    seen: list[bool] = []
    assert gc.isenabled()
    run_in_mock_engine(lambda: seen.append(gc.isenabled()), "gc")
    assert seen == [False] and gc.isenabled()
    gc.disable()  # as the aoai process runs
    try:
        run_in_mock_engine(lambda: seen.append(gc.isenabled()), "gc")
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
