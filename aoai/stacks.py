"""Finding the project and its stack files from what the user typed after --stack."""

from __future__ import annotations

import fnmatch
import glob
import os
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
GlobOption = Annotated[str | None, typer.Option("--glob", "-g", metavar="PATTERN", help=GLOB_HELP)]


@dataclass(frozen=True)
class StackRef:
    """A stack as the user named it: its name and its file, and what `esc env open` printed for the
    ESC environments it imports (--env-values), when given."""

    name: str
    path: Path
    # Not part of the stack's identity (and not hashable): what was opened for it this run.
    environments: tuple[OpenedEnvironment, ...] = field(default=(), compare=False, hash=False)

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
    """`Pulumi.dev.yaml` -> `dev` (as layering.stack_name_of; kept here so --help loads no config)."""
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
    path = stack_path(value)
    if not path.is_file():
        known = ", ".join(s.name for s in all_stacks()) or "none"
        raise AoaiError(f"no stack {value!r}: {path} does not exist (stacks here: {known})")
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
        # absolute, not resolved: a link must be seen as one to be checked
        paths = sorted(Path(os.path.abspath(p)) for p in glob.glob(pattern))
        stacks = [checked_ref(stack_name_of(p), p) for p in paths if p.is_file()]
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
