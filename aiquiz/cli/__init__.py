"""The aiquiz command line: a thin layer that parses options, calls the core, renders with rich.

Each command group lives in its own module and is joined here.
"""

from __future__ import annotations

import typer

from . import bank_cmds, library_cmds, progress_cmds, session_cmds

app = typer.Typer(
    name="aiquiz",
    help="Practise and assess the mathematics behind machine learning.\n\n"
         "Example: aiquiz practice --topic calculus",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
session_cmds.register(app)
library_cmds.register(app)
bank_cmds.register(app)
progress_cmds.register(app)


def main() -> None:
    app()
