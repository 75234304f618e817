"""The CLI reference page (docs/reference/cli.md), generated from the typer commands themselves.

Each command's usage, its help text exactly as `aoai COMMAND --help` prints it, and a table of its
arguments and options, so the page cannot say something the command does not do. A test keeps the
page equal to this output; `python tools/generate_docs.py` rewrites it.
"""

from __future__ import annotations

from typing import Any

import typer

# typer (0.29) carries its own copy of click, so the command objects are used by their click API
# (list_commands, get_command, params, get_help_record) rather than by click's classes.


def _cell(text: str) -> str:
    """Table-cell text: one line, pipes escaped, <placeholders> kept from becoming HTML tags."""
    return _code(text).replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    """A code span's text in a table cell: one line, pipes escaped (< and > are literal there)."""
    return " ".join(text.split()).replace("|", "\\|")


def _context(command: Any, name: str, parent: Any = None) -> Any:
    return command.context_class(command, info_name=name, parent=parent)


def _parameters(command: Any, context: Any) -> list[str]:
    rows = []
    for parameter in command.params:
        if parameter.param_type_name == "argument":
            name = parameter.metavar or parameter.name.upper()
            help_text = getattr(parameter, "help", None) or ""
            rows.append(f"| `{_code(name)}` (argument) | {_cell(help_text)} |")
            continue
        record = parameter.get_help_record(context)
        if record is not None:
            rows.append(f"| `{_code(record[0])}` | {_cell(record[1])} |")
    rows.append("| `--help` | Show the command's help and exit. |")
    return ["| argument or option | meaning |", "|---|---|", *rows]


def _command_section(name: str, command: Any, parent: Any) -> list[str]:
    context = _context(command, name, parent)
    usage = " ".join(["aoai", name, *command.collect_usage_pieces(context)])
    summary, _, details = (command.help or "").strip().partition("\n")
    lines = [f"## aoai {name}", "", _cell(summary), "", "```text", usage]
    if details.strip():
        lines += ["", details.strip("\n")]
    return [*lines, "```", "", *_parameters(command, context), ""]


def markdown_reference(app: typer.Typer) -> str:
    """The whole page, for the app's commands in the order `aoai --help` lists them."""
    group: Any = typer.main.get_command(app)
    context = _context(group, "aoai")
    lines = [
        "# CLI reference",
        "",
        "<!-- Generated from the typer commands by aoai/cli_reference.py; do not edit by hand:",
        "     run `python tools/generate_docs.py` (a test fails when this page is stale). -->",
        "",
        "Every command of `aoai`, with its help text as `aoai COMMAND --help` prints it. The",
        "[CLI guide](../cli.md) explains how aoai finds the project and its stacks.",
        "",
        "## aoai",
        "",
        "```text",
        f"aoai {' '.join(group.collect_usage_pieces(context))}",
        "",
        (group.help or "").strip(),
        "```",
        "",
        *_parameters(group, context),
        "",
    ]
    lines += _sections(group, context, "")
    return "\n".join(lines).rstrip("\n") + "\n"


def _sections(group: Any, context: Any, prefix: str) -> list[str]:
    """A section per command, and for a group of commands (`aoai catalog`) one per subcommand."""
    lines: list[str] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        lines += _command_section(f"{prefix}{name}", command, context)
        if hasattr(command, "list_commands"):
            lines += _sections(command, _context(command, name, context), f"{prefix}{name} ")
    return lines
