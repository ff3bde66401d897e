"""What the standard streams can carry, and how the command meets closed, full and narrow ones."""

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


def speaks_unicode(stream: TextIO) -> bool:
    """Whether a stream's encoding is a Unicode one; the stream's own, not the locale's."""
    encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


class _ClosedStdout(io.RawIOBase):
    """Stands in for a standard output the caller closed (`>&-`): the first write fails, and is reported."""

    reported = False

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        if self.reported:  # once said, the rest goes nowhere, so that the flush at exit stays quiet
            return len(data) if isinstance(data, bytes | bytearray | memoryview) else 0
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


NARROWEST_SCREEN = 20


def prepare_standard_streams() -> None:
    """Make stdout and stderr usable whatever state the caller left them in, and the width one that can be drawn."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.strip().isdigit() and int(columns) >= NARROWEST_SCREEN):
        # Rich would draw nothing at COLUMNS=0: an unusable width means "unknown", the terminal's or else 80.
        del os.environ["COLUMNS"]
    if sys.stderr is None:  # closed (`2>&-`): messages are lost, never the data on stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - it lives as long as the process
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_ClosedStdout(), encoding="utf-8", write_through=True)
    for stream in (sys.stdout, sys.stderr):
        # On a stream that cannot carry Unicode (PYTHONIOENCODING=ascii), write what it cannot as escapes.
        if not speaks_unicode(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end the command as Ctrl-C does, through every `finally`, so that no temporary file of an
    output or of the cache is left behind; the exit status is the shell's usual 128 plus the signal."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def discard_stdout() -> None:
    """After stdout failed or its reader left, send what is still buffered nowhere, so that exit stays quiet."""
    closed = getattr(sys.stdout, "buffer", None)
    if isinstance(closed, _ClosedStdout):
        closed.reported = True
        return
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - it lives as long as the process


def tell(stream: TextIO, text: str) -> None:
    """Write a message or a disclaimer to stderr, never failing the command over it: stderr may be full."""
    try:
        stream.write(text)
        stream.flush()
    except OSError:
        pass


@contextmanager
def utf8(out: TextIO) -> Iterator[TextIO]:
    """The same stream, writing UTF-8 whatever its own encoding: for output that must be exact (CSV, a data file)."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding == "utf8" or buffer is None:
        yield out
        return
    out.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        yield stream
    finally:
        stream.detach()  # the buffer is stdout's: leave it open
