"""`aoai schema`: the JSON Schema of stack files, for editors and CI linters."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from azure_openai_toolkit.config.reference import markdown_reference
from azure_openai_toolkit.config.schema import stack_file_schema

from ..console import err
from ..safe_write import write_file


def schema(
    markdown: Annotated[
        bool,
        typer.Option(
            "--markdown", help="Print the configuration reference table (docs/reference/configuration.md)."
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
    ] = None,
) -> None:
    """Print the JSON Schema of stack files (Pulumi.<stack>.yaml).

    Editors that speak the YAML language server validate and complete stack files with it; add
    this first line to a stack file:

      # yaml-language-server: $schema=../schema/stack-config.schema.json
    """
    text = markdown_reference() if markdown else json.dumps(stack_file_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)
    err.print(f"wrote {output}")
