"""Start the CLI, or say how to install what it needs: the `aoai` script and `python -m aoai`.

Kept to the standard library on purpose: it must run where typer, pulumi or the toolkit itself
are missing (`python -m aoai` with a system Python in a clone, or `pip install --no-deps`), and
turn the ImportError into an install hint instead of a traceback.
"""

from __future__ import annotations

import sys

# Top-level modules the toolkit's distribution depends on (pyproject.toml `dependencies`), and the
# library itself, which a clone only has after an install.
DEPENDENCIES = frozenset(
    {
        "typer",
        "rich",
        "pydantic",
        "pydantic_core",
        "ruamel",
        "pulumi",
        "pulumi_azure_native",
        "azure",
        "azure_openai_toolkit",
    }
)
EXIT_MISSING_DEPENDENCY = 2  # a set-up problem, not a bug (exit codes: docs/architecture.md)

HINT = """\
error: aoai cannot start: the Python module {module!r} is not installed for {python}.
Install the toolkit and its dependencies, then run aoai again:
  in your project:   python -m venv .venv && .venv/bin/pip install azure-openai-toolkit
                     (or .venv/bin/pip install -r requirements.txt), then .venv/bin/aoai
  in a clone of the toolkit's repository:   make plan   (creates .venv), then .venv/bin/aoai
"""


def missing_dependency(error: ModuleNotFoundError) -> str | None:
    """The dependency whose absence `error` reports, or None when it is some other import bug."""
    top = (error.name or "").split(".")[0]
    return top if top in DEPENDENCIES else None


def main() -> None:
    try:
        from aoai.cli import main as cli_main

        cli_main()
    except ModuleNotFoundError as error:
        module = missing_dependency(error)
        if module is None:
            raise
        sys.stderr.write(HINT.format(module=module, python=sys.executable))
        sys.exit(EXIT_MISSING_DEPENDENCY)
