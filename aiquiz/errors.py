"""aiquiz's own exceptions.

The core raises these; the CLI edge (aiquiz/cli/errors.py) turns them into one-line messages and
exit codes. Each carries what the user needs to fix the problem: file, line, question id, column.
"""

from __future__ import annotations


class AiquizError(Exception):
    """Base class: anything aiquiz reports to a user as a one-line error."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AnswerError(AiquizError):
    """An answer (typed or from a bank) could not be read. Not a wrong answer: no penalty."""


class MathSyntaxError(AnswerError):
    def __init__(self, message: str, pos: int):
        super().__init__(f"{message} (at column {pos + 1})")
        self.pos = pos
        self.reason = message


class UnknownNameError(AnswerError):
    def __init__(self, unknown: list[str], allowed: list[str]):
        allowed_txt = ", ".join(allowed) if allowed else "none (type a number)"
        what = "name" if len(unknown) == 1 else "names"
        super().__init__(
            f"unknown {what} {', '.join(unknown)}; variables you can use: {allowed_txt} "
            f"(plus pi, e and functions such as exp, log, sqrt, sin)"
        )
        self.unknown = unknown
        self.allowed = allowed


class TooComplexError(AnswerError):
    """The input exceeds a size bound, or checking it would not finish in time."""

    def __init__(self, message: str):
        super().__init__(f"too complex to check: {message}")


class BankError(AiquizError):
    """A bank file is malformed. Carries file, line and question id when known."""

    def __init__(self, message: str, path: str = "", line: int | None = None, qid: str = "",
                 column: int | None = None):
        where = path
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        if qid:
            where += f" [{qid}]"
        message = " ".join(str(message).split())  # always one line
        super().__init__(f"{where}: {message}" if where else message)
        self.path, self.line, self.qid, self.reason = path, line, qid, message
        self.column = column


class SelectionError(AiquizError):
    """No question matches what was asked for (unknown topic, empty role filter...)."""


class StoreError(AiquizError):
    """The progress file cannot be read or written."""


class NewerFormatError(StoreError):
    """The progress file was written by a newer aiquiz."""
