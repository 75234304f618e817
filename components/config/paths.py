"""What is at a path a user named, in words, without raising.

`Path.is_file()` and `Path.exists()` raise for some names (ENAMETOOLONG: a 300-character stack
name; EACCES) and hide others behind False (a symlink loop, a FIFO, a directory where a file was
meant), and `Path.resolve()` raises RuntimeError on a loop. Every probe of a user-given path goes
through `what_is_at`, so a bad path becomes a clear message (exit 2), never a crash or a wrong
"does not exist". Only the standard library: the CLI imports this before anything heavy.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

FILE = "file"
DIRECTORY = "directory"
MISSING = "missing"
OTHER = "other"  # there is something, but neither a regular file nor a directory, or it cannot be looked at

_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class PathState:
    """What is at a path: `kind` (FILE, DIRECTORY, MISSING or OTHER) and `what`, a noun phrase
    for messages ("a symbolic link loop", "a FIFO (named pipe)", ...)."""

    kind: str
    what: str

    @property
    def is_file(self) -> bool:
        return self.kind == FILE

    @property
    def is_dir(self) -> bool:
        return self.kind == DIRECTORY

    @property
    def missing(self) -> bool:
        return self.kind == MISSING


def what_is_at(path: Path | str) -> PathState:
    """What `path` is (symlinks followed), never raising."""
    try:
        info = os.stat(path)
    except OSError as error:
        return _unstattable(path, error)
    except ValueError:  # a NUL byte in the name
        return PathState(OTHER, "a name with a NUL byte, which no file can have")
    if stat.S_ISREG(info.st_mode):
        return PathState(FILE, "a regular file")
    if stat.S_ISDIR(info.st_mode):
        return PathState(DIRECTORY, "a directory")
    kind = next((what for test, what in _SPECIAL if test(info.st_mode)), "not a regular file")
    return PathState(OTHER, kind)


def _unstattable(path: Path | str, error: OSError) -> PathState:
    if error.errno == errno.ELOOP:
        return PathState(OTHER, "a symbolic link loop")
    if error.errno == errno.ENAMETOOLONG:
        return PathState(OTHER, "a name too long for the file system")
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return PathState(OTHER, "a symbolic link to nothing (its target does not exist)")
        return PathState(MISSING, "nothing (it does not exist)")
    return PathState(OTHER, f"a path that cannot be looked at ({error.strerror or error})")


def real_path(path: Path | str) -> Path:
    """`path` with symlinks resolved as far as they go: `Path.resolve()` that never raises (a loop
    stays as written; reading it reports the loop)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(path))
