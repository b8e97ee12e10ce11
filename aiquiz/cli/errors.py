"""The CLI edge: our exceptions become one-line messages on stderr and exit codes.

Exit codes: 0 success / correct, 1 not correct (aiquiz check), 2 usage or bank error, 130 Ctrl-C.
`AIQUIZ_DEBUG=1` lets the traceback through instead.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import IntEnum

import typer

from ..errors import AiquizError


class Exit(IntEnum):
    OK = 0
    NOT_CORRECT = 1
    ERROR = 2
    INTERRUPTED = 130


def fail(message: str, code: int = Exit.ERROR) -> typer.Exit:
    from ..text import strip_controls  # paths and bank text may hold escape sequences

    sys.stderr.write(f"Error: {strip_controls(message)}\n")
    sys.stderr.flush()
    return typer.Exit(int(code))


def handle_errors(fn):
    """Turn AiquizError into 'Error: ...' + exit 2, and Ctrl-C into exit 130, for a command."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AiquizError as exc:
            if os.environ.get("AIQUIZ_DEBUG"):
                raise
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            if os.environ.get("AIQUIZ_DEBUG"):
                raise
            sys.stderr.write("\nInterrupted.\n")
            raise typer.Exit(int(Exit.INTERRUPTED)) from None

    return wrapper
