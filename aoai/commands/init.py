"""`aoai init DIR`: a new Pulumi project using the installed toolkit, like `pulumi new`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..console import err, out


def _next_steps(directory: Path) -> list[str]:
    return [
        f"cd {directory}",
        "python -m venv .venv && .venv/bin/pip install -r requirements.txt",
        "edit Pulumi.yaml and stacks/Pulumi.dev.yaml: replace the values marked REPLACE",
        ".venv/bin/aoai validate --stack dev && .venv/bin/aoai plan --stack dev",
        "pulumi stack init dev && pulumi up   (after `pulumi login` and `az login`)",
    ]


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder of the new project (created if missing).")
    ],
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Project name (Pulumi.yaml). Default: DIR's name.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", help="Project description. Default: the template's.")
    ] = None,
    name_prefix: Annotated[
        str | None,
        typer.Option(
            "--name-prefix",
            help="azure-openai:namePrefix of the dev stack: your organisation's short name, part of "
            "every resource name and of the globally unique endpoint subdomain. Default: contoso.",
        ),
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", help="Azure region of the dev stack. Default: swedencentral.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into a folder that is not empty (existing files are never overwritten)."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
) -> None:
    """Create a Pulumi project for Azure OpenAI that uses the installed toolkit.

    The same project as `pulumi new` with the toolkit's template (templates/project): Pulumi.yaml,
    a few-line __main__.py, the dev stack stacks/Pulumi.dev.yaml, requirements.txt pinning this
    toolkit version, a README, the CI workflows in .github/workflows and the policy pack in
    policy/. The new project is validated (project file and dev stack) before anything is
    written. DIR must be empty or new unless --force; no file is ever overwritten.

    Exit code 0 when written, 2 when refused (folder not empty, invalid name or values).

    Examples:

      aoai init openai-infra --name-prefix fabrikam

      aoai init . --name openai-platform --location eastus2 --force
    """
    from azure_openai_toolkit import __version__
    from azure_openai_toolkit.config.paths import real_path

    from ..project_init import init_project, template_config, template_description

    target = directory.expanduser().absolute()
    config = template_config()
    config.update(
        {k: v for k, v in {"namePrefix": name_prefix, "location": location}.items() if v is not None}
    )
    rendered = init_project(
        target,
        name or real_path(target).name,
        description or template_description(),
        config,
        force=force,
    )
    steps = _next_steps(directory)
    if as_json:
        report = {
            "directory": str(target),
            "project": rendered.project,
            "toolkitVersion": __version__,
            "files": [str(f) for f in rendered.files],
            "warnings": rendered.warnings,
            "nextSteps": steps,
        }
        out.print_json(json.dumps(report))
        return
    for warning in rendered.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    out.print(
        f"[green]✓[/] created project {rendered.project} in {target} "
        f"({len(rendered.files)} files, azure-openai-toolkit {__version__}); next:",
        soft_wrap=True,
    )
    for number, step in enumerate(steps, 1):
        out.print(f"  {number}. {step}", markup=False, soft_wrap=True)
