"""aiquiz practice / aiquiz interview."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, handle_errors


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
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", help="Bank file or folder to use instead of the bundled banks "
                                       "(repeatable)."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """Drill a topic with feedback, hints and worked solutions.

        Example: aiquiz practice --topic calculus --count 5
        """
        from ..study.start import start_practice

        session, warnings = start_practice(banks=bank, topic=topic, role=role, count=count,
                                           seed=seed, trust=trust)
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", help="Bank file or folder (repeatable)."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """Run a mock interview for a role, scored per category at the end.

        Example: aiquiz interview --role mle --count 8
        """
        from ..study.start import start_interview

        session, warnings = start_interview(banks=bank, role=role, count=count, seed=seed,
                                            trust=trust)
        _run(session, warnings)
