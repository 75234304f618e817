"""Finding the project and its stack files from what the user typed after --stack."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .exit_codes import AoaiError
from .project import load_project

STACK_HELP = (
    "Stack name (Pulumi.<name>.yaml in the folder Pulumi.yaml's stackConfigDir names) or path to a "
    "stack file."
)
StackOption = Annotated[str, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP)]


@dataclass(frozen=True)
class StackRef:
    """A stack as the user named it: its name and its file."""

    name: str
    path: Path

    @property
    def display(self) -> str:
        try:
            return str(self.path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)


def stack_name_of(path: Path) -> str:
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name[len("Pulumi.") :].rsplit(".", 1)[0]
    return path.stem


def resolve_stack(value: str) -> StackRef:
    """`dev` -> <stackConfigDir>/Pulumi.dev.yaml of the project; a path is taken as the stack file itself."""
    if "/" in value or os.sep in value or value.endswith((".yaml", ".yml")):
        # abspath, not resolve(): a symlink loop is reported when the file is read, not raised here.
        path = Path(os.path.abspath(value))
        return StackRef(stack_name_of(path), path)
    path = stack_path(value)
    if not path.is_file():
        known = ", ".join(s.name for s in all_stacks()) or "none"
        raise AoaiError(f"no stack {value!r}: {path} does not exist (stacks here: {known})")
    return StackRef(value, path)


def stack_path(name: str) -> Path:
    """Where the project keeps stack `name`: <stackConfigDir>/Pulumi.<name>.yaml."""
    return load_project().stack_dir / f"Pulumi.{name}.yaml"


def all_stacks() -> list[StackRef]:
    folder = load_project().stack_dir
    return [StackRef(stack_name_of(p), p) for p in sorted(folder.glob("Pulumi.*.yaml"))]
