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
