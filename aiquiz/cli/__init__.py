"""The aiquiz command line: a thin layer that parses options, calls the core, renders with rich.

Each command group lives in its own module and is joined here.
"""

from __future__ import annotations

from typing import Optional

import typer

from . import bank_cmds, plan_cmds, progress_cmds, session_cmds
from .errors import handle_errors
from .options import profile_option, set_root_profile

app = typer.Typer(
    name="aiquiz",
    help="Practise and assess the mathematics behind machine learning.\n\n"
         "Example: aiquiz practice --topic calculus",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
@handle_errors
def _root(profile: Optional[str] = profile_option()) -> None:
    """Practise and assess the mathematics behind machine learning."""
    if profile is not None:
        from ..paths import progress_dir

        progress_dir(profile)  # a bad name fails here, in one line
    set_root_profile(profile)


session_cmds.register(app)
plan_cmds.register(app)
bank_cmds.register(app)
progress_cmds.register(app)


def main() -> None:
    app()
