"""The Pulumi project aoai works on: where it is and what its Pulumi.yaml says.

aoai runs in users' own projects, so nothing about the layout is assumed: the project is the
nearest folder upwards holding Pulumi.yaml (or $AOAI_PROJECT_DIR), stack files live where its
`stackConfigDir` says (Pulumi's default: next to Pulumi.yaml), the program is its `main` (a
folder with __main__.py or a .py file; default: the project folder) and the project name, part of
every URN, is its `name`. The rules follow Pulumi's project file reference
(https://www.pulumi.com/docs/iac/concepts/projects/project-file/) and the engine's getPwdMain:
`main` and `stackConfigDir` are relative to Pulumi.yaml; a program folder or file's folder is the
working directory of the program. Its project-level `config:` (what every stack of the project
shares) is read from the same document (azure_openai_toolkit.config.project_config).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exit_codes import AoaiError

if TYPE_CHECKING:
    from azure_openai_toolkit.config.project_config import ProjectConfig

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")  # Pulumi accepts either extension
PROJECT_DIR_VARIABLE = "AOAI_PROJECT_DIR"


@dataclass(frozen=True)
class Project:
    """A Pulumi project as aoai needs it."""

    root: Path
    file: Path
    name: str
    runtime: str
    stack_dir: Path
    main: Path  # Pulumi.yaml's `main`, resolved (default: the project folder)
    config: ProjectConfig  # the project-level config every stack gets (and its problems)

    def python_program(self) -> tuple[Path, Path]:
        """The program runpy runs (a .py file or a folder with __main__.py) and its working folder.

        AoaiError (exit 2) when the project is not a Python program aoai can plan.
        """
        if self.runtime != "python":
            raise AoaiError(
                f"{self.file}: runtime is {self.runtime}: the offline plan runs Python programs only "
                "(validate, preflight and verify work with any runtime)"
            )
        from azure_openai_toolkit.config.paths import what_is_at

        found = what_is_at(self.main)
        if found.is_dir:
            if not what_is_at(self.main / "__main__.py").is_file:
                raise AoaiError(f"{self.file}: main: {self.main} has no __main__.py for Pulumi to run")
            return self.main, self.main
        if found.missing:
            raise AoaiError(f"{self.file}: main: {self.main} does not exist")
        if not found.is_file:
            raise AoaiError(f"{self.file}: main: {self.main} is {found.what}, not a program")
        return self.main, self.main.parent


def project_file_in(folder: Path) -> Path | None:
    """The folder's Pulumi.yaml (or Pulumi.yml), if it has one. AoaiError (exit 2) when there is one
    that cannot be read (a FIFO, a directory, a symlink loop): it is this folder's project file,
    so the search must not go on to a parent folder's project."""
    from azure_openai_toolkit.config.paths import what_is_at

    for name in PROJECT_FILES:
        found = what_is_at(folder / name)
        if found.is_file:
            return folder / name
        if not found.missing:
            raise AoaiError(
                f"{folder / name}: cannot read the project file: it is {found.what}; make it the "
                "project's Pulumi.yaml (a regular file) or remove it"
            )
    return None


def _resolved(path: Path, what: str) -> Path:
    """`path` resolved; AoaiError (exit 2) naming `what` when it is a symlink loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise AoaiError(f"{what}: {path} cannot be used: {error}") from None


def project_file_of(stack_file: Path) -> Path | None:
    """The Pulumi.yaml a stack file belongs to: the nearest one above it (its project keeps it in
    its stackConfigDir), else the project aoai runs in (a stack file written to a scratch folder
    to be checked before it is written)."""
    try:  # the folder holding the file (a symlinked file belongs where it is linked from)
        folder: Path | None = stack_file.absolute().parent.resolve()
    except (OSError, RuntimeError):  # a loop in the folders: the project aoai runs in
        folder = None
    for above in (folder, *folder.parents) if folder else ():
        found = project_file_in(above)
        if found is not None:
            return found
    return project_file_in(project_dir())


def refuse_link_out_of(root: Path, path: Path) -> None:
    """AoaiError (exit 2), before the file is read, when `path` reaches a file outside the project
    `root` through a symbolic link (the file's own, or a folder's on the way). Stack and project
    files come from pull requests: a link to ~/.azure/... or /etc/... would otherwise be read and
    quoted back in a validation message, a PR comment or a CI log. The message names the link and
    never shows what is behind it. A path outside the project that is no link is the user's own
    choice and is read as it is."""
    absolute = Path(os.path.abspath(path))
    try:
        target = Path(os.path.realpath(absolute))
        home = root.resolve()
        linked = absolute.is_symlink()
    except (OSError, ValueError, RuntimeError):
        return  # a loop, a name too long: reading the file reports it
    inside = absolute.is_relative_to(root) or absolute.is_relative_to(home)
    if target.is_relative_to(home) or not (inside or linked):
        return
    try:
        shown = str(absolute.relative_to(Path.cwd()))
    except ValueError:
        shown = str(absolute)
    raise AoaiError(
        f"{shown} is a symbolic link to a file outside the project ({home}), so aoai does not read "
        "it: a stack or project file must be inside the project. Copy the file into the project, "
        "or replace the link with the file it points to"
    )


def project_dir() -> Path:
    """The project root: $AOAI_PROJECT_DIR, else the nearest folder upwards holding Pulumi.yaml."""
    configured = os.environ.get(PROJECT_DIR_VARIABLE)
    if configured:
        root = _resolved(Path(configured).expanduser(), PROJECT_DIR_VARIABLE)
        if project_file_in(root) is None:
            raise AoaiError(
                f"{PROJECT_DIR_VARIABLE}={configured}: no Pulumi.yaml in {root}; point it at the "
                "folder holding the project's Pulumi.yaml, or unset it"
            )
        return root
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if project_file_in(folder) is not None:
            return folder
    raise AoaiError(
        f"no Pulumi.yaml found in {here} or above: run aoai inside a Pulumi project (create one with "
        f"`aoai init DIR`), or set {PROJECT_DIR_VARIABLE}"
    )


def _relative_path(document: dict[str, Any], key: str, file: Path) -> Path | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AoaiError(f"{file}: {key} must be a path relative to the project folder (got {value!r})")
    if Path(value).is_absolute():
        raise AoaiError(f"{file}: {key} must be relative to the project folder (got {value!r})")
    return _resolved(file.parent / value, f"{file}: {key}")


def load_project(root: Path | None = None) -> Project:
    """Read the project file of `root` (default: the project aoai runs in). AoaiError, exit 2, if bad."""
    # Imported here: every command module imports this one, and --help needs no YAML reader.
    from azure_openai_toolkit.config.project_config import project_config_from
    from azure_openai_toolkit.config.source import SourceError, load_file

    folder = _resolved(root or project_dir(), "project folder")
    file = project_file_in(folder)
    if file is None:
        raise AoaiError(f"no Pulumi.yaml in {folder}")
    refuse_link_out_of(folder, file)
    try:
        # The same bounded reader as stack files: a project file comes from a pull request too.
        loaded = load_file(file)
    except SourceError as error:
        raise AoaiError(f"{file}: cannot read the project file: {error}") from None
    document = loaded.data
    if not isinstance(document, dict):
        raise AoaiError(f"{file}: a project file is a YAML mapping with at least name: and runtime:")
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise AoaiError(f"{file}: name: the project name is required (letters, digits, -, _ and .)")
    stack_dir = _relative_path(document, "stackConfigDir", file) or folder
    main = _relative_path(document, "main", file) or folder
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if not isinstance(runtime_name, str) or not runtime_name:
        raise AoaiError(f"{file}: runtime: required, e.g. `runtime: python` or `runtime: {{name: python}}`")
    return Project(folder, file, name, runtime_name, stack_dir, main, project_config_from(loaded, file))
