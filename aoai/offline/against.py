"""What `aoai plan --against OTHER` compares with: another stack, or a git revision.

OTHER is read as a stack first (a name in the project's stackConfigDir or a path to a stack
file), then as a git revision of the repository holding the project (`main`, `origin/main`,
`HEAD~1`, a tag or a sha).
`git:REV` and `stack:NAME` say which one explicitly, for a branch named like a stack.
`state:FILE` compares with a deployed stack's state (`pulumi stack export --file FILE`):
what `pulumi up` would do to what is recorded as deployed (state_export.py).

For a revision, the program and the stack file are the ones of that revision: `git archive`
extracts the revision into a temporary folder, and a separate interpreter (isolated.py) plans it
there, so the revision's components/ never mixes with the ones of the working tree.

Both sides are compared after merging, as `pulumi up` would see them: each stack file with
Pulumi.yaml's project config (the revision's, for a revision) and with the ESC environment values
given by --env-values, when the other side imports the same environments.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from azure_openai_toolkit.config import ConfigError
from azure_openai_toolkit.config.layering import resolve_layers
from azure_openai_toolkit.config.paths import real_path, what_is_at
from azure_openai_toolkit.config.placeholders import placeholder_prefix

from ..exit_codes import AoaiError, ExitCode
from ..layers import borrowed_environments
from ..project import load_project, project_dir, project_file_in
from ..stacks import StackRef, resolve_stack
from . import isolated
from .document import FORMAT, Document, plan_document
from .plan import plan_stack
from .state_export import state_document

# A revision's plan runs the whole program; generous, but a hung subprocess must not hang CI.
REVISION_TIMEOUT_SECONDS = 600


class GitMissing(AoaiError):
    """git itself is not installed (not a git command that failed)."""


@dataclass
class Baseline:
    label: str
    document: Document
    note: str = ""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise GitMissing("git is not installed: --against a revision needs it") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise AoaiError(f"git {' '.join(args)}: {message}")
    return result.stdout


def _commit_of(revision: str, root: Path) -> str | None:
    """The commit sha `revision` names, or None (not a revision, not a repository, no git)."""
    if revision.startswith("-"):
        return None  # never let a revision be read as a git option
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except FileNotFoundError:
        return None
    return result.stdout.decode().strip() if result.returncode == 0 else None


def empty_plan(stack: str) -> Document:
    counts = {"azureResources": 0, "components": 0, "protected": 0}
    return {
        "format": FORMAT,
        "project": load_project().name,
        "stack": stack,
        "counts": counts,
        "resources": [],
        "outputs": {},
    }


def revision_baseline(revision: str, stack: StackRef) -> Baseline:
    """Plan `stack` as the program and stack file were at `revision`."""
    if revision.startswith("-") or not revision:
        raise AoaiError(f"--against {revision!r}: not a git revision")
    root = project_dir()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], root).decode().strip()).resolve()
    except GitMissing:
        raise
    except AoaiError:
        raise AoaiError(f"--against {revision!r}: {root} is not inside a git repository") from None
    commit = _commit_of(revision, top)
    if commit is None:
        raise AoaiError(f"--against {revision!r}: no such git revision in {top}")
    label = f"{revision} ({commit[:12]})"
    try:
        stack_in_repo = real_path(stack.path).relative_to(top)
    except ValueError:
        raise AoaiError(
            f"--against {revision!r}: the stack file {stack.path} is outside the repository {top}"
        ) from None
    project_in_repo = root.resolve().relative_to(top)
    archive = _git(["archive", "--format=tar", commit], top)
    with tempfile.TemporaryDirectory(prefix="aoai-revision-") as folder:
        checkout = Path(folder)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(checkout, filter="data")
        stack_file = checkout / stack_in_repo
        if not stack_file.is_file():
            note = f"{stack_in_repo} does not exist at {label}: every resource is new"
            return Baseline(label, empty_plan(stack.name), note)
        merged, note = _merged_at_revision(checkout / project_in_repo, stack_file, stack, label)
        result = subprocess.run(
            [
                sys.executable,
                "-I",
                str(Path(isolated.__file__).resolve()),
                str(checkout / project_in_repo),
                str(stack_file),
                stack.name,
            ],
            cwd=checkout,
            input=merged.encode(),
            capture_output=True,
            check=False,
            timeout=REVISION_TIMEOUT_SECONDS,
        )
    # Name files as git does (REV:path), not by the temporary folder that no longer exists.
    message = result.stderr.decode(errors="replace").strip().replace(f"{checkout}/", f"{revision}:")
    if result.returncode == 2:
        raise AoaiError(f"the stack at {label} does not plan: {message}", ExitCode.INVALID)
    if result.returncode != 0:
        tail = "\n".join(message.splitlines()[-15:])
        raise AoaiError(f"planning {label} failed (exit {result.returncode}):\n{tail}", ExitCode.INVALID)
    return Baseline(label, json.loads(result.stdout), note)


def _merged_at_revision(project: Path, stack_file: Path, stack: StackRef, label: str) -> tuple[str, str]:
    """The revision's merged config as isolated.py reads it (JSON), and a note about environments.

    Its Pulumi.yaml and stack file are read by the same bounded readers as the working tree's.
    The offline placeholders of secure values are this process's; isolated.py turns them into the
    revision's own (`placeholder`: what they start with here)."""
    try:
        project_config = load_project(project).config if project_file_in(project) else None
        opened, note = borrowed_environments(stack, stack_file)
        layers = resolve_layers(stack_file, stack.name, project=project_config, opened=opened)
    except (ConfigError, AoaiError) as error:
        message = str(error).replace(f"{project}/", "")
        raise AoaiError(f"the stack at {label} does not plan: {message}", ExitCode.INVALID) from None
    if layers.problems:
        problems = ConfigError(f"{label}:{stack_file.name}", layers.problems)
        raise AoaiError(f"the stack at {label} does not plan: {problems}", ExitCode.INVALID)
    merged = {"raw": layers.raw(), "secretKeys": layers.secret_keys(), "placeholder": placeholder_prefix()}
    return json.dumps(merged), note


def stack_baseline(other: StackRef, stack: StackRef) -> Baseline:
    """Plan another stack; it gets this stack's --env-values when it imports the same environments."""
    opened, note = borrowed_environments(stack, other.path)
    other = StackRef(other.name, other.path, opened)
    return Baseline(f"stack {other.name} ({other.display})", plan_document(plan_stack(other)), note)


def resolve_against(other: str, stack: StackRef) -> Baseline:
    """The plan `stack` is compared with. AoaiError (exit 2) when OTHER is neither kind."""
    if other.startswith("git:"):
        return revision_baseline(other.removeprefix("git:"), stack)
    if other.startswith("stack:"):
        return stack_baseline(resolve_stack(other.removeprefix("stack:")), stack)
    if other.startswith("state:"):
        path = Path(other.removeprefix("state:"))
        return Baseline(f"state {path}", state_document(path))
    try:
        other_stack = resolve_stack(other)
    except AoaiError as not_a_stack:
        root = project_dir()
        if _commit_of(other, root) is None:
            raise AoaiError(
                f"--against {other!r} is neither a stack nor a git revision of the project's "
                f"repository ({not_a_stack})"
            ) from None
        return revision_baseline(other, stack)
    found = what_is_at(other_stack.path)
    if not found.is_file:
        # `origin/main` looks like a path; a revision of that name is what was meant.
        if _commit_of(other, project_dir()) is not None:
            return revision_baseline(other, stack)
        there = "does not exist" if found.missing else f"is {found.what}"
        raise AoaiError(
            f"--against {other!r} is neither a stack file ({other_stack.path} {there}) nor a "
            "git revision of the project's repository"
        )
    return stack_baseline(other_stack, stack)
