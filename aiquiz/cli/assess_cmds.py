"""aiquiz assess: the placement test, and its result."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import handle_errors
from .options import bank_option, only_bank_option, profile_of, profile_option, role_option


def show_placement(console, planner) -> None:
    """Each item mastered / not yet / unsure with its probability, what to learn next, and the
    commands to practise it."""
    from rich.table import Table
    from rich.text import Text

    p = planner.placement
    asked = len(planner.asked)
    console.print()
    console.rule(Text("Placement", style="bold"), align="left")
    if not asked:
        console.print("No questions answered: nothing to place yet.")
        return
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Checklist item", overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("P(mastered)", justify="right", no_wrap=True)
    style = {"mastered": "green", "not yet": "red", "unsure": "yellow"}
    for c in p.classify():
        table.add_row(c.item, Text(c.verdict, style=style[c.verdict]), f"{c.probability:.0%}")
    console.print(table)
    why = "time ran out" if planner.stopped_by_time else (
        "every item classified" if p.settled() else "the question limit")
    console.print(Text(f"{asked} questions asked; stopped: {why}.", style="dim"))
    ready = p.ready_to_learn()
    if ready:
        console.print(Text("Ready to learn next (their prerequisites are mastered):",
                           style="bold"))
        for item in ready[:5]:
            console.print(f"  aiquiz practice --item '{item}'")
    console.print(Text("Your answers are saved: aiquiz practice now starts from them.",
                       style="dim"))


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def assess(
        role: Optional[str] = role_option("mle or research: that role's questions."),
        minutes: Optional[float] = typer.Option(
            None, "--minutes", "-m", min=1, metavar="M",
            help="No new question after M minutes."),
        seed: Optional[int] = typer.Option(None, "--seed", metavar="SEED",
                                           help="Seed for a reproducible test."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """A short adaptive placement test over the checklist.

        Each question is the most informative one given your answers so far and the
        prerequisite graph; :idk answers "I don't know". At most 30 questions.

        Example: aiquiz assess --role mle
        """
        from ..study.start import start_assess
        from .session_cmds import _run

        session, warnings = start_assess(banks=bank, only_banks=only_bank, role=role, seed=seed,
                                         minutes=minutes, profile=profile_of(profile))
        _run(session, warnings, after=lambda ui: show_placement(ui.console, session.planner))
