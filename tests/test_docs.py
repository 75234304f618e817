"""The docs: generated parts equal to the code they come from, and a README that fits its job.

The site itself is built by `make docs` (mkdocs, strict: broken links and anchors, and pages left
out of the nav, fail it); `make test` runs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tools.generate_docs import PARTS, Generated

README = (PROJECT_ROOT / "README.md").read_text()


@pytest.mark.parametrize("part", PARTS, ids=lambda p: f"{p.page}:{p.start or 'page'}".strip())
def test_generated_docs_match_the_code(part: Generated) -> None:
    assert part.current() == part.generate(), f"{part.page} is stale: run python tools/generate_docs.py"


def test_the_cli_reference_lists_every_command_with_its_options() -> None:
    page = (PROJECT_ROOT / "docs" / "reference" / "cli.md").read_text()
    for command in ("init", "validate", "plan", "export-arm", "models", "place", "schema", "new-env",
                    "preflight", "verify", "purge", "catalog", "catalog refresh", "catalog diff",
                    "catalog show"):
        assert f"\n## aoai {command}\n" in page
    assert "| `--version` |" in page and "| `--fail-on-replace` |" in page


def test_readme_is_a_short_guide_with_the_two_setup_commands_ci_uses() -> None:
    assert len(README.splitlines()) <= 250
    assert "make plan" in README and "make test" in README
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_readme_links_to_files_that_exist() -> None:
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    local = [t for t in targets if "://" not in t and not t.startswith("mailto:")]
    assert any(t.startswith("docs/") for t in local)
    missing = [t for t in local if not (PROJECT_ROOT / t).exists()]
    assert missing == []


def test_a_page_left_out_of_the_nav_fails_the_strict_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(PROJECT_ROOT / "docs", site / "docs")
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", site / "mkdocs.yml")
    (site / "docs" / "orphan.md").write_text("# A page nobody linked\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )
    assert result.returncode == 1
    assert "not included in the \"nav\" configuration:\n  - orphan.md" in result.stderr


# A `pulumi up` someone would run: a command line in a code block, an inline command with options,
# or a fix a finding prints ("Run pulumi up -s prod").
_UP_COMMAND = re.compile(r"(?:^\s*|`|[Rr]un |: )pulumi up(?= -|\s*$|`)", re.MULTILINE)


def _up_commands(text: str) -> list[str]:
    lines = []
    for match in _UP_COMMAND.finditer(text):
        end = text.find("\n", match.start())
        line = text[match.start() : end if end >= 0 else None]
        inline = line.lstrip().startswith("`") and line.lstrip()[1:].startswith("pulumi up`")
        if not inline:  # `pulumi up` named as a step in prose is not a command to copy
            lines.append(line)
    return lines


def test_every_pulumi_up_the_docs_and_findings_tell_users_to_run_refreshes_first() -> None:
    """ignoreChanges sends the value recorded in the state; without a refresh, an account Azure
    upgraded to AIServices gets kind OpenAI back, and drift is not even seen (docs/deploy.md)."""
    sources = [
        *sorted((PROJECT_ROOT / "docs").rglob("*.md")),
        PROJECT_ROOT / "templates" / "project" / "README.md",
        *sorted((PROJECT_ROOT / "aoai" / "live").glob("*.py")),
    ]
    found = {path: _up_commands(path.read_text()) for path in sources}
    assert sum(map(len, found.values())) >= 5  # the check reads what it should
    stale = [f"{p.relative_to(PROJECT_ROOT)}: {line}" for p, lines in found.items() for line in lines
             if "--refresh" not in line]
    assert stale == []
