"""Finding the project and its stack files from what the user typed after --stack."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .exit_codes import AoaiError

if TYPE_CHECKING:
    from azure_openai_toolkit.config.environments import OpenedEnvironment

PROJECT_FILE = "Pulumi.yaml"

STACK_HELP = "Stack name (stacks/Pulumi.<name>.yaml) or path to a stack file."
StackOption = Annotated[str, typer.Option("--stack", "-s", metavar="STACK", help=STACK_HELP)]
STACKS_DIR = "stacks"


def project_dir() -> Path:
    """The project root: $AOAI_PROJECT_DIR, else the nearest folder upwards holding Pulumi.yaml."""
    configured = os.environ.get("AOAI_PROJECT_DIR")
    if configured:
        return Path(configured).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    package_root = Path(__file__).resolve().parent.parent
    if (package_root / PROJECT_FILE).is_file():
        return package_root
    raise AoaiError(
        f"no {PROJECT_FILE} found in {here} or above; run aoai inside the project or set AOAI_PROJECT_DIR"
    )


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


def stack_name_of(path: Path) -> str:
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name[len("Pulumi.") :].rsplit(".", 1)[0]
    return path.stem


def resolve_stack(value: str) -> StackRef:
    """`dev` -> stacks/Pulumi.dev.yaml of the project; a path is taken as the stack file itself."""
    if "/" in value or os.sep in value or value.endswith((".yaml", ".yml")):
        path = Path(value).resolve()
        return StackRef(stack_name_of(path), path)
    path = project_dir() / STACKS_DIR / f"Pulumi.{value}.yaml"
    if not path.is_file():
        known = ", ".join(s.name for s in all_stacks()) or "none"
        raise AoaiError(f"no stack {value!r}: {path} does not exist (stacks here: {known})")
    return StackRef(value, path)


def all_stacks() -> list[StackRef]:
    folder = project_dir() / STACKS_DIR
    return [StackRef(stack_name_of(p), p) for p in sorted(folder.glob("Pulumi.*.yaml"))]
