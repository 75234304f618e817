"""The README's configuration reference is the one generated from the models."""

from __future__ import annotations

from azure_openai_toolkit.config.reference import markdown_reference
from tests.conftest import PROJECT_ROOT

START, END = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"


def test_readme_configuration_reference_matches_the_code() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = readme.split(START, 1)[1].split(END, 1)[0]
    assert documented == markdown_reference(), (
        "regenerate the README section with: python -m aoai schema --markdown"
    )


def test_readme_names_the_two_setup_commands_that_ci_uses() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make plan" in readme and "make test" in readme
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def _between(start: str, end: str) -> str:
    readme = (PROJECT_ROOT / "README.md").read_text()
    return readme.split(start, 1)[1].split(end, 1)[0]


def test_readme_prod_graph_is_the_current_mermaid_plan() -> None:
    from aoai.offline.document import plan_document
    from aoai.offline.graph import render_mermaid
    from aoai.offline.plan import plan_stack
    from aoai.stacks import StackRef

    prod = StackRef("prod", PROJECT_ROOT / "stacks" / "Pulumi.prod.yaml")
    embedded = _between("<!-- prod-graph:start -->\n```mermaid\n", "```\n<!-- prod-graph:end -->")
    assert embedded == render_mermaid(plan_document(plan_stack(prod))), (
        "regenerate the README graph with: python -m aoai plan --stack prod --format mermaid"
    )


def test_readme_replacement_table_matches_the_code() -> None:
    from aoai.offline.resource_types import replacement_table

    documented = _between("<!-- replacement-table:start -->\n", "<!-- replacement-table:end -->")
    assert documented == replacement_table()


def test_readme_finding_codes_are_the_codes_the_checks_use() -> None:
    from aoai.live.codes import codes_table

    documented = _between("<!-- live-codes:start -->\n", "<!-- live-codes:end -->")
    assert documented == codes_table(), "regenerate the README table from aoai.live.codes.codes_table()"
