"""The aiquiz command line: a thin layer that parses options, calls the core, renders with rich.

Each command group lives in its own module and is joined here.
"""

from __future__ import annotations

from typing import Optional

import typer

from . import assess_cmds, bank_cmds, library_cmds, plan_cmds, progress_cmds, session_cmds
from .errors import handle_errors
from .options import profile_option, set_root_profile

app = typer.Typer(
    name="aiquiz",
    help="Practise and assess the mathematics behind machine learning.\n\n"
         "Example: aiquiz practice --topic calculus",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"aiquiz {__version__}")
        raise typer.Exit()


@app.callback()
@handle_errors
def _root(ctx: typer.Context,
          profile: Optional[str] = profile_option(),
          version: bool = typer.Option(False, "--version", "-V", is_eager=True,
                                       callback=_version, help="Show the version and exit.")
          ) -> None:
    """Practise and assess the mathematics behind machine learning.

    Example: aiquiz practice --topic calculus
    """
    if profile is not None:
        from ..paths import progress_dir

        progress_dir(profile)  # a bad name fails here, in one line
    set_root_profile(profile)
    if ctx.invoked_subcommand is None:  # bare `aiquiz`: the help, and success
        typer.echo(ctx.get_help())
        raise typer.Exit()


session_cmds.register(app)
assess_cmds.register(app)
plan_cmds.register(app)
library_cmds.register(app)
bank_cmds.register(app)
progress_cmds.register(app)


def main() -> None:
    import os

    # aiquiz's matrices are small: one BLAS thread beats several contending for the cores
    # (set before NumPy is first imported, which is always later and lazily)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    app()
