"""The one way every command writes a file: atomic, durable, and refusing what it must not touch.

A write goes to a temporary file in the target's folder, is flushed to disk (fsync), optionally
checked by the caller's `accept` function, and only then takes the target's place (os.replace, or
a hard link when an existing file must not be replaced); the folder is fsynced after. So a failed
check, an exception, Ctrl-C, SIGTERM or a full disk never leaves a half-written or unchecked file
behind, and the temporary file is removed. One killed with SIGKILL, which no process can clean up
after, is removed by the next write to the same target.

Refused with a clear message, before anything is written: a missing folder, a target that is a
directory or not a regular file, a read-only target (replacing it would silently defeat the
protection), a folder the user may not write in. An existing file keeps its permissions; a
symlinked target is written through (the link stays a link). Line endings are the caller's
choice (`newline`), so an edited CRLF file stays CRLF.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from .exit_codes import AoaiError

Accept = Callable[[Path], None]


class TargetExists(AoaiError):
    """overwrite=False and the target exists (perhaps created meanwhile by another process)."""


def write_file(
    path: Path,
    text: str,
    *,
    accept: Accept | None = None,
    overwrite: bool = True,
    like: Path | None = None,
    newline: str = "\n",
) -> None:
    """Write `text` to `path` atomically, after `accept(temporary_path)` returns without raising.

    With overwrite=False an existing file is never replaced: TargetExists. A new file takes the
    permissions of `like` (else the usual 0666 minus the umask).
    """
    target = _writable_target(path, overwrite)
    folder = target.parent
    _remove_stale_temporaries(target)
    temp = folder / f".{target.name}.aoai-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    data = (text.replace("\r\n", "\n").replace("\n", newline) if newline != "\n" else text).encode("utf-8")
    with _signals_end_the_write():
        try:
            try:
                descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except PermissionError:
                raise AoaiError(f"{path}: cannot write in {folder}: permission denied") from None
            except OSError as error:
                raise AoaiError(f"{path}: cannot write in {folder}: {error.strerror}") from None
            try:
                _write_all(descriptor, data, path)
                os.fchmod(descriptor, _mode_for(target, like))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            if accept is not None:
                accept(temp)
            _place(temp, target, overwrite, path)
            _sync_folder(folder)
        finally:
            temp.unlink(missing_ok=True)


def check_writable(path: Path) -> None:
    """Refuse now what write_file would refuse later (a missing folder, a directory, a read-only
    file or folder), for commands that work long before they write."""
    target = _writable_target(path, overwrite=True)
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise AoaiError(f"{path}: cannot write in {target.parent}: permission denied")


def _writable_target(path: Path, overwrite: bool) -> Path:
    """The file to write (a symlink's target), checked before anything is written."""
    from azure_openai_toolkit.config.paths import what_is_at

    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError) as error:
        raise AoaiError(f"{path}: not a path that can be written: {error}") from None
    folder = target.parent
    found = what_is_at(folder)
    if found.missing:
        raise AoaiError(f"{path}: the folder {folder} does not exist; create it first")
    if not found.is_dir:
        raise AoaiError(f"{path}: {folder} is {found.what}, not a folder to write into")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as error:
        raise AoaiError(f"{path}: cannot write it: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise AoaiError(f"{path} is a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise AoaiError(f"{path} is not a regular file (a device, socket or pipe); give a file name")
    if not overwrite:
        raise TargetExists(f"{path} already exists; choose another name or delete it first")
    if not (info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(target, os.W_OK):
        raise AoaiError(
            f"{path} is read-only; nothing was written. Make it writable (chmod u+w) if it should "
            "change, or write elsewhere"
        )
    return target


def _write_all(descriptor: int, data: bytes, path: Path) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(descriptor, view)
        except OSError as error:  # ENOSPC, EDQUOT, EIO
            raise AoaiError(f"{path}: not written: {error.strerror}") from None
        view = view[written:]


def _mode_for(target: Path, like: Path | None) -> int:
    for model in (target, like):
        if model is None:
            continue
        try:
            return stat.S_IMODE(os.stat(model).st_mode)
        except OSError:
            continue
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _place(temp: Path, target: Path, overwrite: bool, shown: Path) -> None:
    try:
        if overwrite:
            os.replace(temp, target)
        else:
            os.link(temp, target)  # fails if the target appeared meanwhile: never replaced
    except FileExistsError:
        raise TargetExists(f"{shown} already exists; choose another name or delete it first") from None
    except OSError as error:
        raise AoaiError(f"{shown}: not written: {error.strerror}") from None


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); folders cannot be opened for fsync everywhere."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files of this target left by writers that were killed (their process is gone)."""
    prefix = f".{target.name}.aoai-"
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f"{glob.escape(prefix)}*.tmp"):
            pid = leftover.name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


class _Interrupted(BaseException):
    pass


@contextlib.contextmanager
def _signals_end_the_write() -> Iterator[None]:
    """SIGTERM and SIGHUP end a write through the normal exception path, so `finally` removes the
    temporary file (by default they kill the process where it stands)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]

    def interrupt(number: int, _frame: FrameType | None) -> None:
        raise _Interrupted(number)

    previous = {number: signal.signal(number, interrupt) for number in caught}
    try:
        yield
    except _Interrupted as interrupted:
        raise SystemExit(128 + int(interrupted.args[0])) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
