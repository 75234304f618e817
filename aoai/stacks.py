"""Finding the project and its stack files from what the user typed after --stack."""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .exit_codes import AoaiError
from .project import load_project, project_dir, project_file_of, refuse_link_out_of

if TYPE_CHECKING:
    from azure_openai_toolkit.config.environments import OpenedEnvironment

STACK_HELP = (
    "Stack name (Pulumi.<name>.yaml in the folder Pulumi.yaml's stackConfigDir names) or path to a "
    "stack file."
)
StackOption = Annotated[str, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP)]

GLOB_HELP = (
    "Only the stacks whose name matches this pattern (team-a-*), or, when it has a /, the stack "
    "files matching this path pattern (../platform/stacks/Pulumi.*.yaml)."
)
# Pulumi's rule for stack names (its "stack names are limited to 100 characters and may only
# contain alphanumeric, hyphens, underscores, or periods"); the name is also part of the file name.
STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
STACK_NAME_RULE = "letters, digits, '-', '_' or '.', at most 100 (Pulumi's rule for stack names)"

GlobOption = Annotated[str | None, typer.Option("--glob", "-g", metavar="PATTERN", help=GLOB_HELP)]


@dataclass(frozen=True)
class StackRef:
    """A stack as the user named it: its name and its file, and what `esc env open` printed for the
    ESC environments it imports (--env-values), when given."""

    name: str
    path: Path
    # Not part of the stack's identity (and not hashable): what was opened for it this run, and
    # what gave it (--env-values or AOAI_ENV_VALUES), for messages.
    environments: tuple[OpenedEnvironment, ...] = field(default=(), compare=False, hash=False)
    env_values_from: str = field(default="", compare=False)

    @property
    def display(self) -> str:
        try:
            return str(self.path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)


def checked_ref(name: str, path: Path) -> StackRef:
    """A stack to read, once its file is known not to be a link out of its project."""
    project = project_file_of(path)
    refuse_link_out_of(project.parent if project is not None else project_dir(), path)
    return StackRef(name, path)


def stack_name_of(path: Path) -> str:
    """`Pulumi.dev.yaml` -> `dev` (as config.stack_file.stack_name_of; here, --help loads no config)."""
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name[len("Pulumi.") :].rsplit(".", 1)[0]
    return path.stem


def resolve_stack(value: str) -> StackRef:
    """`dev` -> <stackConfigDir>/Pulumi.dev.yaml of the project; a path is taken as the stack file itself."""
    if "/" in value or os.sep in value or value.endswith((".yaml", ".yml")):
        # abspath, not resolve(): a symlink loop is reported when the file is read, not raised here.
        path = Path(os.path.abspath(value))
        return checked_ref(stack_name_of(path), path)
    from azure_openai_toolkit.config.paths import what_is_at

    if not STACK_NAME.fullmatch(value):
        shown = value if len(value) <= 60 else f"{value[:40]}... ({len(value)} characters)"
        raise AoaiError(f"{shown!r} is not a stack name: use {STACK_NAME_RULE}, or a path to a stack file")
    path = stack_path(value)
    found = what_is_at(path)
    if found.missing:
        known = ", ".join(s.name for s in all_stacks()) or "none"
        raise AoaiError(f"no stack {value!r}: {path} does not exist (stacks here: {known})")
    if not found.is_file:
        raise AoaiError(f"stack {value!r}: {path} is {found.what}, not a stack file")
    return checked_ref(value, path)


def stack_path(name: str) -> Path:
    """Where the project keeps stack `name`: <stackConfigDir>/Pulumi.<name>.yaml."""
    return load_project().stack_dir / f"Pulumi.{name}.yaml"


def all_stacks() -> list[StackRef]:
    folder = load_project().stack_dir
    return [checked_ref(stack_name_of(p), p) for p in sorted(folder.glob("Pulumi.*.yaml"))]


def select_stacks(pattern: str | None = None) -> list[StackRef]:
    """Every stack of the project, those whose name matches `pattern`, or the files a path pattern names.

    Stack names must stay unique: reports, CI jobs and Pulumi itself know a stack by its name.
    """
    if pattern is None:
        stacks = all_stacks()
    elif "/" in pattern or os.sep in pattern:
        from azure_openai_toolkit.config.paths import what_is_at

        # A match that is no file (a folder, a loop) is not a stack file the pattern meant;
        # absolute, not resolved: a link must be seen as one to be checked (checked_ref).
        paths = sorted(Path(os.path.abspath(p)) for p in glob.glob(pattern) if what_is_at(p).is_file)
        stacks = [checked_ref(stack_name_of(p), p) for p in paths]
    else:
        stacks = [s for s in all_stacks() if fnmatch.fnmatchcase(s.name, pattern)]
    seen: dict[str, StackRef] = {}
    for stack in stacks:
        if stack.name in seen:
            raise AoaiError(
                f"two stack files named {stack.name!r}: {seen[stack.name].display} and {stack.display}; "
                "narrow --glob so every stack name is unique"
            )
        seen[stack.name] = stack
    if not stacks and pattern is None:
        raise AoaiError(f"no stack files (Pulumi.*.yaml) in {load_project().stack_dir}")
    if not stacks:
        raise AoaiError(f"no stack files matching {pattern!r} (stack files are named Pulumi.<stack>.yaml)")
    return stacks
