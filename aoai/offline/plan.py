"""Plan a stack offline: validate its file, then run the program under mocks with its config."""

from __future__ import annotations

from azure_openai_toolkit.config import ConfigError, open_stack_file

from ..exit_codes import AoaiError, ExitCode
from ..project import project_dir
from ..stack_report import require_valid
from ..stacks import StackRef
from .runner import ProgramFailed, ProgramRun, run_program


def plan_stack(stack: StackRef) -> ProgramRun:
    """The resources `pulumi up` would register for this stack. AoaiError (exit 2) if invalid.

    The file is read once: its check (file-named, line-numbered problems, before the program
    runs) and the program's config come from the same reading.
    """
    try:
        file = open_stack_file(stack.path)
    except ConfigError as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
    require_valid(stack, file=file)
    try:
        return run_program(project_dir(), stack.name, dict(file.raw), list(file.secret_keys))
    except ProgramFailed as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
