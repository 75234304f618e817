"""Plan another copy of the project (a git revision) in this fresh interpreter, print its plan JSON.

Run as `python -I isolated.py PROJECT_DIR STACK_FILE STACK_NAME` by against.py. The copy has its
own components/ package, which must not mix with the one the calling process imported, so it
runs in a separate interpreter with PROJECT_DIR first on sys.path: its __main__.py, components/
and stack-file reader are the revision's. Only the offline runner, mocks and plan document come
from this (the current) checkout, loaded by file location so the copy's aoai/ cannot shadow them.

Exit codes: 0 with the plan JSON on stdout; 2 with the message on stderr when the stack file or
program at that revision is invalid.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_AOAI = Path(__file__).resolve().parent.parent


def _load_current_aoai() -> None:
    spec = importlib.util.spec_from_file_location(
        "aoai", _AOAI / "__init__.py", submodule_search_locations=[str(_AOAI)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["aoai"] = module
    spec.loader.exec_module(module)


def main(project: Path, stack_file: Path, stack_name: str) -> int:
    sys.path.insert(0, str(project))
    _load_current_aoai()
    import components
    from aoai.offline.document import dumps, plan_document
    from aoai.offline.runner import ProgramFailed, run_program
    from components.config import ConfigError, load_stack_file, read_stack_file

    if not Path(components.__file__ or "").resolve().is_relative_to(project):
        print(f"components/ was imported from {components.__file__}, not from {project}", file=sys.stderr)
        return 1
    try:
        load_stack_file(stack_file)
        raw, secret_keys = read_stack_file(stack_file)
        run = run_program(project, stack_name, raw, secret_keys)
    except (ConfigError, ProgramFailed) as error:
        print(str(error), file=sys.stderr)
        return 2
    sys.stdout.write(dumps(plan_document(run)))
    return 0


if __name__ == "__main__":
    project_arg, stack_file_arg, stack_arg = sys.argv[1:4]
    sys.exit(main(Path(project_arg).resolve(), Path(stack_file_arg).resolve(), stack_arg))
