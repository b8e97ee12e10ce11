"""Options shared by every command that reads banks: --bank adds, --only-bank replaces."""

from __future__ import annotations

import typer


def bank_option():
    return typer.Option(None, "--bank", "-b", help="Bank file or folder to use besides the "
                        "bundled banks and AIQUIZ_BANKS (repeatable).")


def only_bank_option():
    return typer.Option(None, "--only-bank", help="Use only this bank file or folder "
                        "(repeatable): no bundled banks, no AIQUIZ_BANKS.")
