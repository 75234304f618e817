"""`aoai config show`: a stack's effective config, merged as `pulumi up` merges it, with origins."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..console import out
from ..exit_codes import AoaiError, ExitCode
from ..layers import EnvValuesOption, Masker, with_env_values
from ..stacks import StackOption, resolve_stack

if TYPE_CHECKING:
    from azure_openai_toolkit.config.layering import ConfigLayers
    from azure_openai_toolkit.config.values import Node

    from ..stack_report import StackReport

# A map or list whose JSON is longer than this is shown one value per row.
_INLINE_LIMIT = 60

HELP = (
    "A stack's effective config: the stack file merged with Pulumi.yaml's project config and its ESC "
    "environments, as `pulumi up` merges them."
)


@dataclass(frozen=True)
class Row:
    key: str
    value: Any  # JSON-able, secrets masked
    origin: str


def _path_text(key: str, path: tuple[str | int, ...]) -> str:
    text = key
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def rows_of(key: str, node: Node) -> list[Row]:
    """One row for a value from one place; one per part when its parts come from several places
    (a map merged from the stack and an environment) or when it is long."""
    from azure_openai_toolkit.config.values import leaves, plain

    parts = list(leaves(node))
    origins = {leaf.origin.label() for _, leaf in parts}
    value = plain(node, reveal=False)
    if len(origins) == 1 and (not node.is_container or len(json.dumps(value)) <= _INLINE_LIMIT):
        return [Row(key, value, origins.pop())]
    return [
        Row(_path_text(key, path), plain(leaf, reveal=False), leaf.origin.label()) for path, leaf in parts
    ]


def _entries(layers: ConfigLayers) -> dict[str, dict[str, Any]]:
    from azure_openai_toolkit.config.values import leaves, plain

    entries = {}
    for (namespace, name), node in sorted(layers.values.items()):
        key = f"{namespace}:{name}"
        rows = rows_of(key, node)
        entries[key] = {
            "value": plain(node, reveal=False),
            "secret": any(leaf.secret for _, leaf in leaves(node)),
            "from": sorted({row.origin for row in rows}),
            "parts": [{"path": r.key, "value": r.value, "from": r.origin} for r in rows]
            if len(rows) > 1
            else [],
        }
    return entries


def _environments(layers: ConfigLayers) -> dict[str, Any]:
    block = layers.block
    return {
        "imports": list(block.imports) if block else [],
        "opened": [
            {"from": env.label, "detailed": env.detailed, "definedIn": list(env.names)}
            for env in layers.opened
        ],
        "unopened": list(layers.unopened),
        "unevaluated": list(layers.unevaluated),
    }


def _report_json(report: StackReport, layers: ConfigLayers) -> dict[str, Any]:
    project = layers.project
    return {
        "stack": report.stack.name,
        "path": report.stack.display,
        "project": project.name if project else None,
        "projectFile": _display(project.file) if project else None,
        "environments": _environments(layers),
        "config": _entries(layers),
        "valid": report.valid,
        "problems": report.as_json()["problems"],
        "notes": report.notes,
    }


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _print_text(report: StackReport, layers: ConfigLayers, mask: Masker) -> None:
    sources = [f"{report.stack.display} (stack {report.stack.name})"]
    if layers.project is not None:
        sources.append(layers.project.file.name)
    sources += [f"ESC output {env.label}" for env in layers.opened]
    out.print("merged: " + ", ".join(sources), markup=False, soft_wrap=True)
    rows = [
        (row.key, mask.text(_value_text(row.value)), row.origin)
        for (namespace, name), node in sorted(layers.values.items())
        for row in rows_of(f"{namespace}:{name}", node)
    ]
    # Aligned columns, never folded: CI logs and narrow terminals keep one value per line.
    header = ("KEY", "VALUE", "FROM")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(2)]
    for key, value, origin in [header, *rows]:
        out.print(f"{key:<{widths[0]}}  {value:<{widths[1]}}  {origin}", markup=False, soft_wrap=True)
    for problem in report.problems:
        out.print("[red]problem:[/] ", end="")
        out.print(mask.text(problem.render()), markup=False, soft_wrap=True)
    for note in report.notes:
        out.print("[cyan]note:[/] ", end="")
        out.print(note, markup=False, soft_wrap=True)


def show(
    stack: StackOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Show every config value the stack gets, and where each came from.

    The merge is Pulumi's: the stack file's values win; a key it does not set comes from the
    ESC environments it imports (maps merge key by key, the stack's entries winning), then from
    Pulumi.yaml's project config (its value or default). FROM names the layer: stack, environment
    NAME (or the --env-values file), project (a value) or default (a project default).

    Secrets are masked: stack-file secrets ([secret], not decrypted offline) and the secrets of
    --env-values. Without --env-values, keys an imported environment may still set are listed.

    Exit code 0 when the merged config is valid, 2 when it has problems (they are listed).

    Examples:

      aoai config show --stack dev

      esc env open acme/openai/shared --format detailed > env.json
      aoai config show --stack prod --env-values env.json --json
    """
    from ..stack_report import check_stack

    ref = with_env_values(resolve_stack(stack), env_values)
    report = check_stack(ref)
    if report.layers is None:
        message = "\n".join(p.render() for p in report.problems)
        raise AoaiError(f"{ref.display}: {message}", ExitCode.INVALID)
    mask = Masker.of([ref])
    if as_json:
        out.print_json(json.dumps(mask.data(_report_json(report, report.layers))))
    else:
        _print_text(report, report.layers, mask)
    if not report.valid:
        raise typer.Exit(int(ExitCode.INVALID))
