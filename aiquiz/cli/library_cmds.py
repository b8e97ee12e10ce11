"""Commands that read the banks in use: aiquiz topics, aiquiz check, aiquiz banks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, handle_errors
from .options import bank_option, only_bank_option


def _find_bank(spec: str, add, only):
    """A bank given as a path, or as the id of a bank in use (bundled, AIQUIZ_BANKS, --bank)."""
    from ..banks.loader import load_bank, load_banks
    from ..banks.sources import bank_sources
    from ..errors import BankError

    path = Path(spec)
    if path.is_file():
        return load_bank(path)
    banks = load_banks(bank_sources(add=add, only=only))
    for b in banks:
        if b.id == spec:
            return b
    raise BankError(f"no bank file or bank called {spec!r}; give a path to a .yaml file or "
                    f"a bank id ({', '.join(sorted(b.id for b in banks)[:6])}...; see "
                    "aiquiz banks)")


def _short(path: str) -> str:
    """A path as short as it can be shown: relative to the current folder when under it."""
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def topics(
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
    ) -> None:
        """List the topics with how many questions each has, by role and type.

        Example: aiquiz topics
        """
        from rich.console import Console
        from rich.table import Table

        from ..banks.index import topic_counts
        from ..qtypes import all_types
        from ..syllabus import TOPICS

        from ..banks.sources import bank_sources

        counts = topic_counts(bank_sources(add=bank, only=only_bank))
        types = all_types()
        table = Table(box=None, padding=(0, 1), show_edge=False)
        # the topic id is what people type: never cut it; the category may wrap
        table.add_column("Topic", no_wrap=True)
        table.add_column("Category", overflow="fold")
        for col in ("All", "mle", "res.", *(t.label for t in types)):
            table.add_column(col, justify="right", no_wrap=True)
        for topic, (cat, _desc) in TOPICS.items():
            c = counts.get(topic, {})
            table.add_row(topic, cat, *(str(c.get(k, 0)) for k in (
                "all", "mle", "research", *(t.name for t in types))))
        console = Console(highlight=False, emoji=False)
        console.print(table)
        console.print("res. = research role; " + "/".join(t.label.rstrip(".") + "."
                                                          for t in types)
                      + " = " + ", ".join(t.name for t in types), style="dim")
        total = sum(c["all"] for c in counts.values())
        console.print(f"{total} questions. Practise one: aiquiz practice --topic TOPIC")

    @app.command(context_settings={"ignore_unknown_options": True,
                                   "allow_interspersed_args": True})
    @handle_errors
    def check(
        bank: str = typer.Argument(..., help="Bank file, or the id of a bank in use (aiquiz banks)."),
        question_id: str = typer.Argument(..., help="Question id within the bank."),
        answer: str = typer.Argument(..., help="The answer to grade (may start with '-')."),
        seed: int = typer.Option(0, "--seed", help="Which random variant to grade against."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        bank_: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
    ) -> None:
        """Grade one answer without a session: exit 0 correct, 1 not correct, 2 error.

        Example: aiquiz check calculus sigmoid-derivative "sigmoid(x)*(1-sigmoid(x))"
        """
        from ..banks.variant import make_variant
        from ..errors import BankError

        b = _find_bank(bank, bank_, only_bank)
        q = next((q for q in b.questions if q.id == question_id), None)
        if q is None:
            raise BankError(f"no question {question_id!r} in this bank "
                            f"({len(b.questions)} questions; ids like {b.questions[0].id!r})",
                            b.path)
        v = make_variant(q, seed)
        g = q.qtype.grade(v, answer)
        if as_json:
            typer.echo(json.dumps({
                "correct": g.correct, "status": g.status.value, "feedback": g.feedback,
                "expected": g.expected, "read_as": g.read_as, "prompt": v.prompt,
                "question": q.key, "seed": seed,
                "params": {k: float(x) if x.denominator != 1 else int(x)
                           for k, x in v.params.items()},
            }))
        else:
            if g.read_as:
                typer.echo(f"read as: {g.read_as}")
            verdict = "correct" if g.correct else (
                "not correct" if g.readable else "could not read the answer")
            typer.echo(f"{verdict}: {g.feedback}" if not g.correct else "correct")
            if not g.correct:
                typer.echo(f"expected: {g.expected}")
        raise typer.Exit(int(Exit.OK if g.correct else Exit.NOT_CORRECT))

    @app.command("banks")
    @handle_errors
    def banks_cmd(
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    ) -> None:
        """List the banks in use with their source, question count and trust status.

        Example: aiquiz banks --bank my_banks/
        """
        from ..banks.sources import ENV, bank_sources, list_banks

        rows = list_banks(bank_sources(add=bank, only=only_bank))
        broken = [r for r in rows if r["problem"]]
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
        else:
            from rich.console import Console
            from rich.table import Table
            from rich.text import Text

            console = Console(highlight=False, emoji=False)
            table = Table(box=None, padding=(0, 1), show_edge=False)
            for col, justify in (("Bank", "left"), ("Questions", "right"), ("Source", "left"),
                                 ("Trust", "left"), ("Path", "left")):
                table.add_column(col, justify=justify, overflow="fold")
            for r in rows:
                table.add_row(r["bank"] or "?", "" if r["questions"] is None
                              else str(r["questions"]), r["source"], r["trust"],
                              _short(r["path"]))
            console.print(table)
            total = sum(r["questions"] or 0 for r in rows)
            console.print(Text(f"{total} questions in {len(rows)} bank file(s). Sources: bundled "
                               f"with aiquiz, env = ${ENV}, option = --bank/--only-bank.",
                               style="dim"))
            for r in broken:
                typer.echo(f"Error: {r['problem']}", err=True)
        if broken:
            raise typer.Exit(int(Exit.ERROR))
