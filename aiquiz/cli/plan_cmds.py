"""aiquiz plan."""

from __future__ import annotations

import json
from typing import Optional

import typer

from .errors import fail, handle_errors
from .options import profile_of, profile_option, store_for


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def plan(
        role: str = typer.Option(..., "--role", "-r", help="mle or research."),
        weeks: int = typer.Option(8, "--weeks", "-w", min=1, max=104,
                                  help="Weeks to spread the plan over."),
        as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """Plan your study for a role: items to master each week, in prerequisite order.

        Example: aiquiz plan --role mle --weeks 6
        """
        from datetime import datetime, timezone

        from ..learner.plan import build_plan
        from ..learner.report import item_states
        from ..learner.state import load_state
        from ..syllabus import ROLES

        if role not in ROLES:
            raise fail(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
        store = store_for(profile)
        _, model, warnings = load_state(store)
        for w in warnings:
            typer.echo(f"Warning: {w}", err=True)
        states = item_states(model, datetime.now(timezone.utc))
        p = build_plan(role, states, weeks, profile_of(profile))
        if as_json:
            typer.echo(json.dumps(p, indent=2))
            return
        _render(p)


def _render(p: dict) -> None:
    from rich.console import Console
    from rich.text import Text

    from .report_view import pack, pct, short_command

    c = Console(highlight=False, emoji=False)
    w = max(40, c.width)

    def out(text: str, style: str = "") -> None:
        c.print(Text(text, style=style), no_wrap=True, overflow="ignore", crop=False)

    r = p["readiness"]
    for ln in pack([f"Study plan for {p['role']}", f"{len(p['weeks'])} weeks",
                    f"readiness now {pct(r['readiness'])}",
                    f"{len(p['done'])} of 20 items already mastered"], w):
        out(ln, "bold")
    out("Every day: " + p["daily"] + "  (reviews due first)", "dim")
    for week in p["weeks"]:
        c.print()
        out(f"Week {week['week']}", "bold underline")
        if not week["items"]:
            out("  Review and consolidate: keep the daily practice going.")
        for i in week["items"]:
            star = " *" if i["focus"] else ""
            for ln in pack([f"  {i['item']}{star}", f"{i['level']} {pct(i['mastery'])}"], w):
                out(ln)
        for i in week["items"]:
            out("    " + short_command(i["item"], p["profile"], w - 4), "cyan")
        for cmd in week["commands"][len(week["items"]):]:
            out("    " + cmd, "cyan")
    c.print()
    if not p["to_do"]:
        out("Every checklist item is mastered: keep reviewing with the daily practice.")
    out(f"* = asked most in {p['role']} interviews", "dim")
