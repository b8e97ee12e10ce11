"""aiquiz practice / aiquiz interview."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, fail, handle_errors
from .options import profile_of, profile_option


def _run(session, warnings):
    from rich.text import Text

    from ..study.session import run_session
    from .ui import TerminalUI

    ui = TerminalUI()
    for w in warnings:
        ui.console.print(Text.assemble(("Warning: ", "yellow"), w))  # w is not markup
    describe = getattr(session.planner, "describe", None)
    if describe is not None:
        ui.console.print(Text(describe(), style="bold"))
    if not session.planned:
        pool = getattr(session.planner, "pool", "all")
        ui.console.print("No reviews are due in this selection. New questions: "
                         "aiquiz practice --new" if pool == "review" else
                         "Nothing left to ask in this selection now. Reviews come back when "
                         "due: aiquiz practice")
        return
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
                                            help="Only this topic (see: aiquiz topics)."),
        role: Optional[str] = typer.Option(None, "--role", "-r", help="mle or research."),
        category: Optional[str] = typer.Option(
            None, "--category", "-c", help="Only this checklist category, e.g. 'Calculus'."),
        item: Optional[str] = typer.Option(
            None, "--item", "-i", help="Only this checklist item (or a unique part of its "
                                       "name, e.g. 'chain rule')."),
        difficulty: Optional[str] = typer.Option(
            None, "--difficulty", "-d", help="Only this difficulty (1-5) or range, e.g. 2-4."),
        new: bool = typer.Option(False, "--new", help="Only questions never seen."),
        review: bool = typer.Option(False, "--review", help="Only reviews that are due."),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", help="Bank file or folder to use instead of the bundled banks "
                                       "(repeatable)."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """Practise: due reviews first, then new questions at the edge of what you know.

        Without options this is the daily session. Feedback, hints and worked solutions
        throughout; every answer updates when each question comes back.

        Example: aiquiz practice --topic calculus --count 5
        """
        from ..study.start import start_practice

        if new and review:
            raise fail("choose --new or --review, not both")
        session, warnings = start_practice(
            banks=bank, topic=topic, role=role, category=category, item=item,
            difficulty=difficulty, pool="new" if new else "review" if review else "all",
            count=count, seed=seed, profile=profile_of(profile))
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", help="mle or research."),
        count: int = typer.Option(10, "--count", "-n", min=1, help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = typer.Option(
            None, "--bank", "-b", help="Bank file or folder (repeatable)."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """Run a mock interview for a role, scored per category at the end.

        Example: aiquiz interview --role mle --count 8
        """
        from ..study.start import start_interview

        session, warnings = start_interview(banks=bank, role=role, count=count, seed=seed,
                                            profile=profile_of(profile))
        _run(session, warnings)
