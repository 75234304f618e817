"""Render the project template into a folder, as `pulumi new <template> --yes` would.

The template is the folder `pulumi new` reads (templates/project, shipped as
aoai.project_template). Rendering follows Pulumi's template rules: every file is copied with
`${PROJECT}` and `${DESCRIPTION}` replaced, the `template:` section is dropped from the new
Pulumi.yaml, and the prompted config values are written into the stack file. Everything is
rendered and validated in a temporary folder first; only a project that validates is copied into
the target, and an existing file is never overwritten.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from azure_openai_toolkit.config import NAMESPACE
from azure_openai_toolkit.config.paths import what_is_at

from .bundled import project_template
from .exit_codes import AoaiError
from .project import load_project
from .safe_write import TargetExists, write_file
from .stack_edit import StackDocument
from .stack_report import check_stack
from .stacks import StackRef

STACK = "dev"
STACK_FILE = Path("stacks") / f"Pulumi.{STACK}.yaml"
# Pulumi's rule for project names: alphanumerics, hyphens, underscores and periods.
PROJECT_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
SKIPPED = ("__pycache__", ".pyc", "venv")


@dataclass
class Rendered:
    project: str
    files: list[Path] = field(default_factory=list)  # relative to the target
    warnings: list[str] = field(default_factory=list)


def _template_files(template: Path) -> Iterator[Path]:
    for path in sorted(template.rglob("*")):
        relative = path.relative_to(template)
        if path.is_file() and not any(part.endswith(SKIPPED) for part in relative.parts):
            yield relative


def template_config(template: Path | None = None) -> dict[str, str]:
    """The template's prompts and their defaults, keyed without the `azure-openai:` namespace."""
    document = YAML(typ="safe", pure=True).load((template or project_template()) / "Pulumi.yaml")
    prompts = document["template"]["config"]
    return {key.split(":", 1)[1]: str(entry["default"]) for key, entry in prompts.items()}


def template_description(template: Path | None = None) -> str:
    document = YAML(typ="safe", pure=True).load((template or project_template()) / "Pulumi.yaml")
    return str(document["template"]["description"])


def _drop_template_section(path: Path) -> None:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    document = yaml.load(path.read_text(encoding="utf-8"))
    document.pop("template", None)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)


def _set_config(path: Path, values: dict[str, str]) -> None:
    stack = StackDocument(path.read_text(encoding="utf-8"))
    for key, value in values.items():
        stack.config[f"{NAMESPACE}:{key}"] = value
    path.write_text(stack.text(), encoding="utf-8")


def render(folder: Path, project: str, description: str, config: dict[str, str]) -> list[Path]:
    """Write the rendered template into the empty `folder`; return the files, relative to it."""
    template = project_template()
    files = list(_template_files(template))
    for relative in files:
        text = (template / relative).read_text(encoding="utf-8")
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("${PROJECT}", project).replace("${DESCRIPTION}", description))
        shutil.copymode(template / relative, target)
    _drop_template_section(folder / "Pulumi.yaml")
    _set_config(folder / STACK_FILE, config)
    return files


def _check(folder: Path) -> list[str]:
    """Problems of the rendered project (the project file, then the stack file), and its warnings."""
    project = load_project(folder)
    project.python_program()
    report = check_stack(StackRef(STACK, project.stack_dir / f"Pulumi.{STACK}.yaml"))
    if not report.valid:
        problems = "\n".join(f"  {p.render()}" for p in report.problems)
        raise AoaiError(
            f"the new project's {STACK_FILE} would not validate (check --name-prefix and --location), "
            f"nothing written:\n{problems}"
        )
    return [w.render() for w in report.warnings]


def init_project(
    target: Path, project: str, description: str, config: dict[str, str], *, force: bool
) -> Rendered:
    """Render, validate and copy the template into `target`. AoaiError (exit 2) when refused."""
    if not PROJECT_NAME.fullmatch(project):
        raise AoaiError(
            f"project name {project!r}: use letters, digits, '-', '_' and '.' (at most 100); "
            "give one with --name"
        )
    existing = _entries_of(target)
    if existing and not force:
        shown = ", ".join(existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise AoaiError(
            f"{target} is not empty ({shown}): choose a new or empty folder, or add --force to put "
            "the project next to what is there (aoai init never overwrites a file)"
        )
    with tempfile.TemporaryDirectory(prefix="aoai-init-") as scratch:
        staged = Path(scratch)
        files = render(staged, project, description, config)
        warnings = _check(staged)
        in_the_way = [str(f) for f in files if not what_is_at(target / f).missing]
        if in_the_way:
            raise AoaiError(f"{target}: these files exist already, nothing written: {', '.join(in_the_way)}")
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AoaiError(f"cannot create {target}: {error.strerror}") from None
        for relative in files:
            _copy_new(staged / relative, target / relative)
    return Rendered(project, files, warnings)


def _entries_of(target: Path) -> list[str]:
    """The names in the folder `target` ([] when it does not exist yet). AoaiError (exit 2) when it
    is no folder to write into: a file, a symlink loop, a name the file system refuses."""
    found = what_is_at(target)
    if found.missing:
        return []
    if not found.is_dir:
        raise AoaiError(f"{target} is {found.what}, not a folder: choose a new or empty folder")
    try:
        return sorted(p.name for p in target.iterdir())
    except OSError as error:
        raise AoaiError(f"cannot list {target}: {error.strerror or error}") from None


def _copy_new(source: Path, destination: Path) -> None:
    """Copy a rendered file to a path that must not exist yet, through the one writer (atomic,
    never overwriting, the template's mode kept)."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AoaiError(f"cannot write {destination}: {error.strerror}") from None
    try:
        write_file(destination, source.read_text(encoding="utf-8"), overwrite=False, like=source)
    except TargetExists:  # created by someone else meanwhile: still never overwritten
        raise AoaiError(f"{destination} appeared while aoai init was writing; it was kept") from None
