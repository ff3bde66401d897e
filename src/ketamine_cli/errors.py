"""The errors the core raises, each with the exit code the command line turns it into."""

from __future__ import annotations

import re
from enum import IntEnum

# C0 and C1 controls and the characters that reorder text around them. A pattern, not a compiled one: only an error
# needs it, and `re` compiles it then.
_UNPRINTABLE = (
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]"
)


def printable(text: str) -> str:
    """Text from a user or a file, with anything that could steer a terminal written out as an escape."""
    return re.sub(_UNPRINTABLE, lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    DATA = 1
    USAGE = 2


class KetamineError(Exception):
    """A problem to report to the user in plain words, never as a traceback."""

    exit_code: ExitCode = ExitCode.USAGE


class DataFileError(KetamineError):
    """A data file that cannot be read or does not fit the models."""

    exit_code = ExitCode.DATA

    def __init__(self, path: str, problems: list[str], *, hint: str | None = None) -> None:
        self.path = printable(path)
        self.problems = [printable(problem) for problem in problems]
        lines = [f"{self.path}: {problem}" for problem in self.problems]
        super().__init__("\n".join([*lines, hint] if hint else lines))


class UnknownNameError(KetamineError):
    """A route or condition name that matches no entry."""

    def __init__(self, kind: str, query: str, *, suggestions: list[str], choices: list[str]) -> None:
        hint = f" Did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        options = f"Choose from: {', '.join(choices)}." if choices else f"This data file has no {kind}s."
        super().__init__(f"unknown {kind} '{printable(query)}'.{hint} {options}")

    def with_search(self, query: str) -> UnknownNameError:
        """The same error, adding that the data mentions the word elsewhere."""
        import shlex

        self.args = (f"{self.args[0]} The data mentions it: try 'ketamine search {printable(shlex.quote(query))}'.",)
        return self


class AmbiguousNameError(KetamineError):
    """A prefix that starts the names of more than one entry."""

    def __init__(self, kind: str, query: str, *, matches: list[str]) -> None:
        super().__init__(
            f"'{printable(query)}' could be more than one {kind}: {', '.join(matches)}. Type more of the name."
        )


class OutputFileError(KetamineError):
    """A file the user asked the command to write, which cannot be written; the old file, if any, is untouched."""

    exit_code = ExitCode.DATA

    def __init__(self, path: object, reason: str | None, *, hint: str | None = None) -> None:
        problem = f"cannot write {printable(str(path))}: {reason or 'unknown error'}."
        super().__init__(f"{problem} {hint}" if hint else problem)


class UsageError(KetamineError):
    """Options that do not make a command: say what is missing."""


class OutputConflictError(KetamineError):
    """Output files named so that one write would destroy another file or the data in use."""
