"""Plan another copy of the project (a git revision) in this fresh interpreter, print its plan JSON.

Run as `python -I isolated.py PROJECT_DIR STACK_FILE STACK_NAME` by against.py, with the stack's
merged config on stdin as JSON ({"raw": {key: text}, "secretKeys": [...], "placeholder": P}, P
what the offline placeholders of secure values start with in the calling process; here they
become the revision's own, which its validators let through): against.py merges the
revision's stack file, Pulumi.yaml and ESC environment values the way the engine does (that is
Pulumi's behaviour, the same at every revision), and this interpreter validates and plans it with
the revision's own code. The copy has its
own toolkit source (components/, imported as azure_openai_toolkit where its pyproject.toml maps
the package there), which must not mix with the one the calling process imported, so it runs in
a separate interpreter with PROJECT_DIR first on sys.path: its __main__.py, components and
stack-config contract are the revision's. A user project without its own toolkit source uses the
installed package. Only the offline runner, mocks and plan document come from this (the current)
checkout, loaded by file location so the copy's aoai/ cannot shadow them.

Exit codes: 0 with the plan JSON on stdout; 2 with the message on stderr when the stack config or
program at that revision is invalid.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

_AOAI = Path(__file__).resolve().parent.parent
TOOLKIT = "azure_openai_toolkit"


def _load_current_aoai() -> None:
    spec = importlib.util.spec_from_file_location(
        "aoai", _AOAI / "__init__.py", submodule_search_locations=[str(_AOAI)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["aoai"] = module
    spec.loader.exec_module(module)


def _toolkit_source(project: Path) -> Path | None:
    """Where the revision's pyproject.toml maps the azure_openai_toolkit package, if it does."""
    try:
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    mapped = pyproject.get("tool", {}).get("setuptools", {}).get("package-dir", {}).get(TOOLKIT)
    source = project / mapped if isinstance(mapped, str) else None
    return source if source is not None and (source / "__init__.py").is_file() else None


def _load_revision_toolkit(source: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        TOOLKIT, source / "__init__.py", submodule_search_locations=[str(source)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[TOOLKIT] = module
    spec.loader.exec_module(module)


def main(project: Path, stack_file: Path, stack_name: str) -> int:
    sys.path.insert(0, str(project))
    _load_current_aoai()
    source = _toolkit_source(project)
    if source is not None:
        _load_revision_toolkit(source)
    import azure_openai_toolkit
    from aoai.offline.document import dumps, plan_document
    from aoai.offline.runner import ProgramFailed, run_program
    from azure_openai_toolkit.config import ConfigError, parse_raw

    imported = Path(azure_openai_toolkit.__file__ or "").resolve()
    if source is not None and not imported.is_relative_to(source.resolve()):
        print(f"azure_openai_toolkit was imported from {imported}, not from {source}", file=sys.stderr)
        return 1
    merged = json.loads(sys.stdin.read())
    raw = _with_revision_placeholders(merged["raw"], merged.get("placeholder", ""))
    secret_keys = merged["secretKeys"]
    try:
        parse_raw(raw, str(stack_file))
        run = run_program(project, stack_name, raw, secret_keys)
    except (ConfigError, ProgramFailed) as error:
        print(str(error), file=sys.stderr)
        return 2
    sys.stdout.write(dumps(plan_document(run)))
    return 0


def _with_revision_placeholders(raw: dict[str, str], prefix: str) -> dict[str, str]:
    """The caller's placeholders of secure values (they start with `prefix`) as the revision's:
    its own per-process placeholders, or the text "[secret]" of revisions from before them."""
    try:
        from azure_openai_toolkit.config.placeholders import placeholder
    except ImportError:

        def placeholder(index: int) -> str:
            return "[secret]"

    def rebased(value: Any) -> Any:
        if isinstance(value, str) and prefix and value.startswith(prefix):
            return placeholder(int(value[len(prefix) :] or 0))
        if isinstance(value, dict):
            return {key: rebased(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rebased(item) for item in value]
        return value

    result = {}
    for key, text in raw.items():
        if prefix and text.startswith(prefix):
            result[key] = rebased(text)
        elif prefix and json.dumps(prefix)[1:-1] in text and text[:1] in "[{":
            result[key] = json.dumps(rebased(json.loads(text)))
        else:
            result[key] = text
    return result


if __name__ == "__main__":
    project_arg, stack_file_arg, stack_arg = sys.argv[1:4]
    sys.exit(main(Path(project_arg).resolve(), Path(stack_file_arg).resolve(), stack_arg))
