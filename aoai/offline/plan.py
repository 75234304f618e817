"""Plan a stack offline: validate its file, then run the program under mocks with its config."""

from __future__ import annotations

from functools import partial

from azure_openai_toolkit.config import ConfigError, open_stack_file

from ..exit_codes import AoaiError, ExitCode
from ..project import project_dir
from ..stack_report import require_valid
from ..stacks import StackRef
from .mocks import SUBSCRIPTION_ID, AzureMocks
from .runner import ProgramFailed, ProgramRun, run_program


def plan_stack(stack: StackRef, *, subscription_id: str = SUBSCRIPTION_ID) -> ProgramRun:
    """The resources `pulumi up` would register for this stack. AoaiError (exit 2) if invalid.

    The file is read once: its check (file-named, line-numbered problems, before the program
    runs) and the program's config come from the same reading. Ids are made in
    `subscription_id` (a placeholder unless the caller knows the real one).
    """
    try:
        file = open_stack_file(stack.path)
    except ConfigError as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
    require_valid(stack, file=file)
    try:
        return run_program(
            project_dir(),
            stack.name,
            dict(file.raw),
            list(file.secret_keys),
            mocks=partial(AzureMocks, subscription_id),
        )
    except ProgramFailed as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None
