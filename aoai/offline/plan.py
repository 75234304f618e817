"""Plan a stack offline: validate its file, then run the program under mocks."""

from __future__ import annotations

from functools import partial

from azure_openai_toolkit.config import ConfigError, read_stack_file

from ..exit_codes import AoaiError, ExitCode
from ..project import project_dir
from ..stack_report import require_valid
from ..stacks import StackRef
from .mocks import SUBSCRIPTION_ID, AzureMocks
from .runner import ProgramFailed, ProgramRun, run_program


def plan_stack(stack: StackRef, *, subscription_id: str = SUBSCRIPTION_ID) -> ProgramRun:
    """The resources `pulumi up` would register for this stack. AoaiError (exit 2) if invalid.

    Ids are made in `subscription_id` (a placeholder unless the caller knows the real one).
    """
    try:
        require_valid(stack)  # file-named, line-numbered problems before the program runs
        raw, secret_keys = read_stack_file(stack.path)
    except ConfigError as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
    try:
        return run_program(
            project_dir(), stack.name, raw, secret_keys, mocks=partial(AzureMocks, subscription_id)
        )
    except ProgramFailed as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
