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

    history = session.store.dir / "history" if session.store is not None else None
    ui = TerminalUI(history_dir=history)
    for w in warnings:
        ui.console.print(Text.assemble(("Warning: ", "yellow"), w))  # w is not markup
    for note in session.notes:
        ui.console.print(Text(note, style="dim"))
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
        topic: Optional[str] = typer.Option(None, "--topic", "-t", metavar="TOPIC",
                                            help="Topic to drill (see: aiquiz topics)."),
        role: Optional[str] = typer.Option(None, "--role", "-r", metavar="ROLE", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, metavar="N", help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", metavar="SEED", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", metavar="PATH", help="Bank file or folder to use instead of the bundled banks "
                                       "(repeatable)."),
        question: Optional[List[str]] = typer.Option(
            None, "--question", "-q", metavar="BANK/ID",
            help="Ask this question (repeatable), e.g. calculus/sigmoid-derivative."),
        replay: Optional[str] = typer.Option(
            None, "--replay", metavar="SESSION",
            help="Ask an earlier session's questions and variants again (its summary names it)."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """Drill a topic: feedback, hints, a retry, worked solutions.

        Example: aiquiz practice --topic calculus --count 5
        """
        from ..study.start import start_practice

        session, warnings = start_practice(banks=bank, topic=topic, role=role, count=count,
                                           seed=seed, questions=question, replay=replay,
                                           trust=trust)
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", metavar="ROLE", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, metavar="N", help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", metavar="SEED", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", metavar="PATH", help="Bank file or folder (repeatable)."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """A mock interview for a role, scored at the end.

        Example: aiquiz interview --role mle --count 8
        """
        from ..study.start import start_interview

        session, warnings = start_interview(banks=bank, role=role, count=count, seed=seed,
                                            trust=trust)
        _run(session, warnings)
