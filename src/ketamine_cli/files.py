"""Writing a file the user asked for: whole, or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from .errors import OutputFileError


def write_whole(path: Path, text: str) -> None:
    """Write beside the target and rename over it only when complete, so that on any failure (a full disk, a size
    limit, Ctrl-C) the old file is untouched and nothing half-written is left behind. A link is followed, not
    replaced; a new file gets the usual permissions, an old one keeps its own."""
    import tempfile  # only a command that writes a file needs it

    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    if target.exists() and not os.access(target, os.W_OK):
        raise _cannot_write(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    try:
        # A short name of its own: the target's name with a prefix could be longer than a name may be.
        descriptor, draft = tempfile.mkstemp(dir=target.parent, prefix=".ketamine-", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(draft, mode)
        os.replace(draft, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(draft)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def regular_or_absent(path: Path) -> bool:
    """Whether a path is a regular file, through links, or nothing yet: never a device, a FIFO or a directory, which
    a rename would replace with a file."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # a folder that cannot be looked into: the write reports it


def is_standard_input(path: Path) -> bool:
    """Whether a path is the file the command's standard input was redirected from."""
    try:
        given, target = os.fstat(0), path.stat()
    except (OSError, ValueError):
        return False
    return (given.st_dev, given.st_ino) == (target.st_dev, target.st_ino)


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file, through links and relative paths alike."""
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist yet
        return os.path.realpath(first) == os.path.realpath(second)


def _cannot_write(path: Path, error: OSError) -> OutputFileError:
    hint = "Check that its folder exists." if error.errno == errno.ENOENT else None
    return OutputFileError(path, error.strerror, hint=hint)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
