"""aiquiz practice / aiquiz interview."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, handle_errors


def _start(banks_opt, topic, role, count, seed, mode):
    from ..banks import all_questions, load_banks
    from ..paths import data_dir
    from ..selection import filter_questions, pick_interview, pick_practice
    from ..session import Session
    from ..store import ProgressStore
    from ..variant import make_variant

    questions = filter_questions(all_questions(load_banks(banks_opt, topic)), topic, role)
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    store = ProgressStore(data_dir())
    warnings = store.check()  # refuses a newer format before any answer is taken
    if mode == "practice":
        from ..report import load_tally

        tally, more = load_tally(store)
        warnings += more
        chosen = pick_practice(questions, count, seed, tally.seen, tally.right)
    else:
        chosen = pick_interview(questions, count, seed)
    variants = [make_variant(q, seed) for q in chosen]
    return Session(variants, mode, seed, store), warnings


def _run(session, warnings):
    from rich.text import Text

    from ..session import run_session
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
    ) -> None:
        """Drill a topic with feedback, hints and worked solutions.

        Example: aiquiz practice --topic calculus --count 5
        """
        session, warnings = _start(bank, topic, role, count, seed, "practice")
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", help="Bank file or folder (repeatable)."),
    ) -> None:
        """Run a mock interview for a role, scored per category at the end.

        Example: aiquiz interview --role mle --count 8
        """
        session, warnings = _start(bank, None, role, count, seed, "interview")
        _run(session, warnings)
