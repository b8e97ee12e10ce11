"""aiquiz practice / aiquiz interview."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, handle_errors
from .options import bank_option, only_bank_option


def _run(session, warnings):
    from rich.text import Text

    from ..study.session import run_session
    from .ui import TerminalUI

    ui = TerminalUI()
    for w in warnings:
        ui.console.print(Text.assemble(("Warning: ", "yellow"), w))  # w is not markup
    interrupted = False
    try:
        run_session(session, ui)
    except KeyboardInterrupt:
        interrupted = True
        session.ended_by = "interrupt"
        ui.console.print("\n[dim]Interrupted; answers so far are saved.[/dim]")
    session.finish()
    ui.show_summary(session, str(session.store.dir) if session.store else "")
    if interrupted:
        raise typer.Exit(int(Exit.INTERRUPTED))
    if session.unsaved:
        raise typer.Exit(int(Exit.ERROR))


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def practice(
        topic: Optional[str] = typer.Option(None, "--topic", "-t",
                                            help="Topic to drill (see: aiquiz topics)."),
        role: Optional[str] = typer.Option(None, "--role", "-r", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
    ) -> None:
        """Drill a topic with feedback, hints and worked solutions.

        Example: aiquiz practice --topic calculus --count 5
        """
        from ..study.start import start_practice

        session, warnings = start_practice(banks=bank, only_banks=only_bank, topic=topic,
                                           role=role, count=count, seed=seed)
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", help="mle or research."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
    ) -> None:
        """Run a mock interview for a role, scored per category at the end.

        Example: aiquiz interview --role mle --count 8
        """
        from ..study.start import start_interview

        session, warnings = start_interview(banks=bank, only_banks=only_bank, role=role,
                                            count=count, seed=seed)
        _run(session, warnings)
