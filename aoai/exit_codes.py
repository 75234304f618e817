"""Exit codes of every `aoai` command (docs/architecture.md): one meaning each, for CI to branch on."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # the command ran and found problems (e.g. a dangerous change, failed checks)
    INVALID = 2  # bad usage or an invalid stack config
    AZURE = 3  # Azure unreachable or not authenticated
    BUG = 4  # an unexpected error: a bug in aoai (short message; the traceback with --debug)


class AoaiError(Exception):
    """A user-facing error: printed without a traceback, turned into an exit code at the edge."""

    def __init__(self, message: str, code: ExitCode = ExitCode.INVALID) -> None:
        super().__init__(message)
        self.code = code
