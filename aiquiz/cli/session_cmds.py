"""aiquiz practice / aiquiz interview."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, fail, handle_errors
from .options import bank_option, only_bank_option, profile_of, profile_option, role_option


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (the terminal closed) during a session: handled like Ctrl-C, so every
    answer is saved, or written to the fallback file when the store cannot take it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stop(signum, frame):
    raise Stopped(signum)


def _quietly(fn, *args) -> None:
    """Print what can be printed: after SIGHUP the terminal is gone and writes fail."""
    try:
        fn(*args)
    except (OSError, ValueError):
        pass


def _run(session, warnings, after=None):
    from rich.text import Text

    from ..study.session import run_session
    from ..text import strip_controls as clean
    from .ui import TerminalUI

    history = session.store.dir / "history" if session.store is not None else None
    ui = TerminalUI(history_dir=history)
    for w in warnings:
        ui.console.print(Text.assemble(("Warning: ", "yellow"), clean(w)))  # not markup
    describe = getattr(session.planner, "describe", None)
    if describe is not None:
        ui.console.print(Text(clean(describe()), style="bold"))
    for note in session.notes:
        ui.console.print(Text(clean(note), style="dim"))
    if not session.planned:
        pool = getattr(session.planner, "pool", "all")
        ui.console.print("No reviews are due in this selection. New questions: "
                         "aiquiz practice --new" if pool == "review" else
                         "Nothing left to ask in this selection now. Reviews come back when "
                         "due: aiquiz practice")
        return
    stopped_by: int | None = None
    deferred: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (*_SIGNALS, signal.SIGINT)}
    for sig in _SIGNALS:
        signal.signal(sig, _stop)
    try:
        run_session(session, ui)
    except KeyboardInterrupt as exc:
        stopped_by = getattr(exc, "signum", signal.SIGINT)
        session.ended_by = "interrupt"
    finally:
        # from here on a signal (or a second one) is noted, never allowed to cut saving short
        for sig in (*_SIGNALS, signal.SIGINT):
            signal.signal(sig, lambda signum, frame: deferred.append(signum))
    if stopped_by is not None:
        _quietly(ui.console.print, "\n[dim]Interrupted; answers so far are saved.[/dim]")
    session.finish()
    _quietly(ui.show_summary, session, str(session.store.dir) if session.store else "")
    if after is not None:
        _quietly(after, ui)
    for sig, handler in previous.items():
        signal.signal(sig, handler)
    if stopped_by is None and deferred:
        stopped_by = deferred[0]
    if stopped_by is not None:
        raise typer.Exit(int(Exit.INTERRUPTED) if stopped_by == signal.SIGINT
                         else 128 + int(stopped_by))
    if session.unsaved:
        raise typer.Exit(int(Exit.ERROR))


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def practice(
        topic: Optional[str] = typer.Option(None, "--topic", "-t", metavar="TOPIC",
                                            help="Only this topic (see: aiquiz topics)."),
        role: Optional[str] = role_option(),
        category: Optional[str] = typer.Option(
            None, "--category", "-c", metavar="CATEGORY",
            help="Only this checklist category, e.g. 'Calculus'."),
        item: Optional[str] = typer.Option(
            None, "--item", "-i", metavar="ITEM",
            help="Only this checklist item (or a unique part of its name, e.g. 'chain rule')."),
        difficulty: Optional[str] = typer.Option(
            None, "--difficulty", "-d", metavar="LEVELS",
            help="Only this difficulty (1-5) or range, e.g. 2-4."),
        new: bool = typer.Option(False, "--new", help="Only questions never seen."),
        review: bool = typer.Option(False, "--review", help="Only reviews that are due."),
        count: int = typer.Option(10, "--count", "-n", min=1, metavar="N",
                                  help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", metavar="SEED",
                                           help="Seed for a reproducible session."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        question: Optional[List[str]] = typer.Option(
            None, "--question", "-q", metavar="BANK/ID",
            help="Ask this question (repeatable), e.g. calculus/sigmoid-derivative."),
        replay: Optional[str] = typer.Option(
            None, "--replay", metavar="SESSION",
            help="Ask an earlier session's questions and variants again (its summary names it)."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """Practise: due reviews first, then new questions at your edge.

        Without options this is the daily session. Feedback, hints, one retry and worked
        solutions throughout; every answer updates when each question comes back.

        Example: aiquiz practice --topic calculus --count 5
        """
        from ..study.start import start_practice

        if new and review:
            raise fail("choose --new or --review, not both")
        session, warnings = start_practice(
            banks=bank, only_banks=only_bank, topic=topic, role=role, category=category,
            item=item, difficulty=difficulty,
            pool="new" if new else "review" if review else "all", count=count, seed=seed,
            profile=profile_of(profile), questions=question, replay=replay, trust=trust)
        _run(session, warnings)

    @app.command()
    @handle_errors
    def interview(
        role: str = typer.Option(..., "--role", "-r", metavar="ROLE", help="mle or research."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        count: int = typer.Option(10, "--count", "-n", min=1, metavar="N", help="Number of questions."),
        seed: Optional[int] = typer.Option(None, "--seed", metavar="SEED", help="Seed for a reproducible session."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """A mock interview for a role, scored at the end.

        Example: aiquiz interview --role mle --count 8
        """
        from ..study.start import start_interview

        session, warnings = start_interview(banks=bank, only_banks=only_bank, role=role,
                                            count=count, seed=seed, trust=trust,
                                            profile=profile_of(profile))
        _run(session, warnings)
