"""Options shared by every command that reads banks: --bank adds, --only-bank replaces."""

from __future__ import annotations

import typer


def bank_option():
    return typer.Option(None, "--bank", "-b", metavar="PATH",
                        help="Also use this bank file or folder (repeatable).")


def only_bank_option():
    return typer.Option(None, "--only-bank", metavar="PATH",
                        help="Use only this bank file or folder (repeatable).")
