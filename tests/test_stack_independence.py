"""No test depends on the repository's stacks/ or project config beyond "they validate and plan".

Users edit the shipped stacks: `aoai new-env team-a --from dev`, their own namePrefix, examples
deleted, project-level config in Pulumi.yaml. A test that read those files would then fail in the
user's clone for no fault of the code. Tests read tests/fixtures (its own Pulumi.yaml and frozen
stacks, the working folder of every test: conftest.py) and copy PROJECT_FILE, not Pulumi.yaml.

Two checks: the test sources name no way into the shipped stacks, and a copy of the repository
edited the way users edit it still passes the tests that read stacks most.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_STACKS, PROJECT_ROOT, write_project_file

TESTS = PROJECT_ROOT / "tests"
ALLOWED = {
    "tests/test_shipped_stacks.py": "every shipped stack validates and plans",
    "tests/test_stack_independence.py": "this file",
}
# Ways a test could reach the shipped stacks or the repository's project config.
FORBIDDEN = {
    "the shipped stacks folder": re.compile(r"""PROJECT_ROOT\s*/\s*["']stacks"""),
    "a process started in the repository (its stacks are the ones found)": re.compile(
        r"cwd\s*=\s*PROJECT_ROOT\b"
    ),
    "a chdir into the repository": re.compile(r"chdir\(\s*PROJECT_ROOT\s*\)"),
    "the repository's project (its Pulumi.yaml and stacks)": re.compile(r"run_program\(\s*PROJECT_ROOT\b"),
    "AOAI_PROJECT_DIR set to the repository": re.compile(r"AOAI_PROJECT_DIR[^\n]*PROJECT_ROOT\b"),
    "a copy of the repository's Pulumi.yaml (users add project config to it)": re.compile(
        r"""PROJECT_ROOT\s*/\s*["']Pulumi\.yaml["']\s*,|write_text\(\s*\(PROJECT_ROOT\s*/\s*["']Pulumi\.yaml"""
    ),
}


def offences(text: str) -> list[str]:
    return [
        f"line {text.count(chr(10), 0, match.start()) + 1}: {what}: {match.group(0)}"
        for what, pattern in FORBIDDEN.items()
        for match in pattern.finditer(text)
    ]


def test_no_test_reaches_the_shipped_stacks() -> None:
    found = {
        str(path.relative_to(PROJECT_ROOT)): offences(path.read_text())
        for path in sorted(TESTS.rglob("*.py"))
        if str(path.relative_to(PROJECT_ROOT)) not in ALLOWED
    }
    found = {path: lines for path, lines in found.items() if lines}
    listed = "\n".join(f"{path} {line}" for path, lines in found.items() for line in lines)
    assert found == {}, f"use tests/fixtures (FIXTURES, FIXTURE_STACKS, write_project_file):\n{listed}"


@pytest.mark.parametrize(
    "source",
    [
        'SHIPPED = PROJECT_ROOT / "stacks" / "Pulumi.prod.yaml"',
        "subprocess.run(command, cwd=PROJECT_ROOT, check=True)",
        "monkeypatch.chdir(PROJECT_ROOT)",
        'run_program(PROJECT_ROOT, "dev", raw)',
        'monkeypatch.setenv("AOAI_PROJECT_DIR", str(PROJECT_ROOT))',
        'shutil.copy(PROJECT_ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")',
        '(tmp_path / "Pulumi.yaml").write_text((PROJECT_ROOT / "Pulumi.yaml").read_text())',
    ],
)
def test_the_check_sees_each_way_in(source: str) -> None:
    assert len(offences(source)) == 1


def test_the_check_lets_fixture_and_other_repository_files_through() -> None:
    assert offences('FIXTURE_STACKS / "Pulumi.prod.yaml"') == []
    assert offences('(PROJECT_ROOT / "docs" / "plan.md").read_text()') == []
    assert offences('run_program(FIXTURES, "dev", raw)') == []


# The test files that read stacks most; each ran against the shipped stacks before they were split.
REPRESENTATIVE = [
    "tests/aoai/test_validate.py",
    "tests/aoai/test_new_env.py",
    "tests/aoai/test_plan_diff.py",
    "tests/aoai/test_schema_and_plan.py",
    "tests/test_program.py",
    "tests/test_shipped_stacks.py",
    "tests/test_docs.py::test_generated_docs_match_the_code",
]


NAME_PREFIX = re.compile(r"^(\s*azure-openai:namePrefix:\s*)(\S+)", re.MULTILINE)


def another_prefix(match: re.Match[str]) -> str:
    return match.group(1) + ("northwind" if match.group(2) == "fabrikam" else "fabrikam")


def edit_like_a_user(clone: Path) -> None:
    """The review's procedure (new-env team-a from dev and staging from prod, another namePrefix in
    every stack, project config in Pulumi.yaml), on whatever the stacks are: a user's clone, where
    this runs too, may have been edited already."""
    stacks = clone / "stacks"
    existing = sorted(p.name.split(".")[1] for p in stacks.glob("Pulumi.*.yaml"))
    sources = [s for s in ("dev", "prod") if s in existing] or existing[:2]
    for index, source in enumerate(sources):
        name = next(f"indep-{index}-{n}" for n in itertools.count() if f"indep-{index}-{n}" not in existing)
        done = subprocess.run(
            [sys.executable, "-m", "aoai", "new-env", name, "--from", source],
            cwd=clone,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    for stack in stacks.glob("Pulumi.*.yaml"):
        stack.write_text(NAME_PREFIX.sub(another_prefix, stack.read_text()))
    project = clone / "Pulumi.yaml"
    text = project.read_text()
    if re.search(r"^config:", text, re.MULTILINE) is None:
        # Project config every stack shares; it renames role assignments, so a test that copied
        # this Pulumi.yaml into its own project would see other names.
        project.write_text(text + "config:\n  azure-openai:roleAssignmentNaming: azure\n")


def test_the_edit_changes_the_stacks_and_the_project(tmp_path: Path) -> None:
    (tmp_path / "stacks").mkdir()
    write_project_file(tmp_path)
    shutil.copy(FIXTURE_STACKS / "Pulumi.dev.yaml", tmp_path / "stacks")
    shutil.copy(FIXTURE_STACKS / "Pulumi.prod.yaml", tmp_path / "stacks")
    edit_like_a_user(tmp_path)
    stacks = sorted(p.name for p in (tmp_path / "stacks").iterdir())
    assert stacks == ["Pulumi.dev.yaml", "Pulumi.indep-0-0.yaml", "Pulumi.indep-1-0.yaml", "Pulumi.prod.yaml"]
    for name in stacks:
        assert "azure-openai:namePrefix: fabrikam" in (tmp_path / "stacks" / name).read_text(), name
    assert (tmp_path / "Pulumi.yaml").read_text().endswith("azure-openai:roleAssignmentNaming: azure\n")
    edit_like_a_user(tmp_path)  # again, as in a clone edited before: other names, other prefix
    assert len(list((tmp_path / "stacks").iterdir())) == 6
    assert "namePrefix: northwind" in (tmp_path / "stacks" / "Pulumi.dev.yaml").read_text()


def test_tests_pass_in_a_clone_whose_stacks_and_project_config_were_edited(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(
        PROJECT_ROOT,
        clone,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "__pycache__", ".pytest_cache", "*.egg-info"),
    )
    edit_like_a_user(clone)
    assert subprocess.run(
        [sys.executable, "-m", "aoai", "validate", "--all"], cwd=clone, capture_output=True, check=False
    ).returncode == 0
    # The clone's own aoai/ and tests/ (found first from its folder); the library is the installed one.
    env = {**os.environ, "PYTHONPATH": str(clone)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *REPRESENTATIVE],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
