"""Plan a stack offline: run the program under mocks with its stack file's config."""

from __future__ import annotations

from azure_openai_toolkit.config import ConfigError, read_stack_file

from ..exit_codes import AoaiError, ExitCode
from ..project import project_dir
from ..stack_report import require_valid
from ..stacks import StackRef
from .runner import ProgramFailed, ProgramRun, run_program


def plan_stack(stack: StackRef) -> ProgramRun:
    """The resources `pulumi up` would register for this stack. AoaiError (exit 2) if invalid.

    The program validates the config itself (as under `pulumi up`), before it registers anything,
    so a valid stack is read and checked once. Only when the program refuses the stack is the file
    checked again here, for the same problems with their file name and line numbers.
    """
    try:
        raw, secret_keys = read_stack_file(stack.path)
    except ConfigError as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
    try:
        return run_program(project_dir(), stack.name, raw, secret_keys)
    except ProgramFailed as error:
        require_valid(stack)  # raises with every problem located in the file
        raise AoaiError(str(error), ExitCode.INVALID) from None
