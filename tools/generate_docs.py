"""Regenerate the parts of docs/ that are generated from code: `python tools/generate_docs.py`.

Each part is either a whole page or the text between two HTML comment markers of a page. The
tests (tests/test_docs.py) compare every part with what its generator returns now, so a change to
a command, a config key, a finding code or the example prod stack fails until this script ran.
The prod graph is drawn from the tests' frozen copy of the example (tests/fixtures/stacks), not
from stacks/: users edit their stacks, and that must not make the docs test fail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE_PROJECT = ROOT / "tests" / "fixtures"  # its own Pulumi.yaml runs this repository's program


@dataclass(frozen=True)
class Generated:
    page: str  # relative to docs/
    generate: Callable[[], str]
    start: str | None = None  # the markers around the part; None: the whole page
    end: str | None = None

    @property
    def path(self) -> Path:
        return DOCS / self.page

    def current(self) -> str:
        """The part as the page has it now."""
        text = self.path.read_text(encoding="utf-8")
        if self.start is None or self.end is None:
            return text
        return text.split(self.start, 1)[1].split(self.end, 1)[0]

    def write(self) -> None:
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        if self.start is None or self.end is None:
            text = self.generate()
        else:
            before, rest = text.split(self.start, 1)
            after = rest.split(self.end, 1)[1]
            text = f"{before}{self.start}{self.generate()}{self.end}{after}"
        self.path.write_text(text, encoding="utf-8")


def _cli() -> str:
    from aoai.cli import app
    from aoai.cli_reference import markdown_reference

    return markdown_reference(app)


def _config() -> str:
    from azure_openai_toolkit.config.reference import markdown_reference

    return markdown_reference()


def _replacements() -> str:
    from aoai.offline.resource_types import replacement_table

    return replacement_table()


def _codes() -> str:
    from aoai.live.codes import codes_table

    return codes_table()


def _prod_graph() -> str:
    """The example prod stack (its frozen copy) as a Mermaid graph (docs/plan.md)."""
    from aoai.offline.document import plan_document
    from aoai.offline.graph import render_mermaid
    from aoai.offline.plan import plan_stack
    from aoai.stacks import StackRef

    prod = StackRef("prod", EXAMPLE_PROJECT / "stacks" / "Pulumi.prod.yaml")
    previous = Path.cwd()
    os.chdir(EXAMPLE_PROJECT)  # plan_stack plans in the project aoai runs in
    try:
        return render_mermaid(plan_document(plan_stack(prod)))
    finally:
        os.chdir(previous)


def _secret_fields() -> str:
    from azure_openai_toolkit.config import StackConfig
    from azure_openai_toolkit.config.secrets import secret_fields_markdown

    return secret_fields_markdown(StackConfig)


def _catalog_sources() -> str:
    """The shipped snapshot's sources (docs/catalog.md): what each table covers, the document and
    commit it was copied from, and the document's own ms.date, which is the table's as-of date."""
    from azure_openai_toolkit.catalog import default_catalog

    lines = [
        "| covers | source repository: path @ commit | ms.date |",
        "|---|---|---|",
    ]
    notes = []
    for source in default_catalog().data.sources:
        commit = f" @{source.commit[:8]}" if source.commit else ""
        page = f", rendered as {source.page}" if source.page else ""
        where = f"{source.repository}: {source.path}" if source.repository else source.path
        lines.append(f"| {source.covers} | {where}{commit}{page} | {source.as_of} |")
        notes += [f"- {source.covers.split(':')[0]}: {note}" for note in source.notes or []]
    if notes:
        lines += ["", "Rows of a source that contradict each other, and how they were read:", "", *notes]
    return "\n".join(lines) + "\n"


def _between(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"


PARTS = [
    Generated("reference/cli.md", _cli),
    Generated("reference/configuration.md", _config, *_between("config-reference")),
    Generated("reference/finding-codes.md", _codes, *_between("live-codes")),
    Generated("changes.md", _replacements, *_between("replacement-table")),
    Generated("security.md", _secret_fields, *_between("secret-fields")),
    Generated("catalog.md", _catalog_sources, *_between("catalog-sources")),
    Generated(
        "plan.md", _prod_graph, "<!-- prod-graph:start -->\n```mermaid\n", "```\n<!-- prod-graph:end -->"
    ),
]


def main() -> None:
    for part in PARTS:
        part.write()
        print(f"wrote {part.path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
