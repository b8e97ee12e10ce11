"""Commands that read the banks in use: aiquiz topics, aiquiz check, aiquiz banks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ..text import strip_controls as clean
from .errors import Exit, fail, handle_errors
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


def _answer_text(q, answer: str | None, file: Path | None) -> str:
    """The answer to grade: typed, or a file's contents (a code question needs a file)."""
    from ..errors import AiquizError

    if file is not None:
        if answer is not None:
            raise AiquizError("give an answer or --file, not both")
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AiquizError(f"{file}: cannot read the file "
                              f"({getattr(exc, 'strerror', None) or exc})") from None
    if answer is None:
        hint = " with --file solution.py" if q.qtype.runs_bank_code else ""
        raise AiquizError(f"give the answer to grade{hint}")
    return answer


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
        """List the topics and their question counts.

        Counts by role and by question type.

        Example: aiquiz topics
        """
        from rich.console import Console
        from rich.table import Table

        from ..banks.index import topic_counts
        from ..banks.sources import bank_sources
        from ..qtypes import type_labels
        from ..syllabus import TOPICS

        counts = topic_counts(bank_sources(add=bank, only=only_bank))
        types = type_labels()  # names and headings, without importing every type
        table = Table(box=None, padding=(0, 1), show_edge=False, collapse_padding=True)
        # the topic id is what people type: never cut it; the category may wrap
        table.add_column("Topic", no_wrap=True)
        table.add_column("Category", overflow="fold")
        for col in ("All", "mle", "res.", *(label for _, label in types)):
            table.add_column(col, justify="right", no_wrap=True)
        for topic, (cat, _desc) in TOPICS.items():
            c = counts.get(topic, {})
            table.add_row(topic, cat, *(str(c.get(k, 0)) for k in (
                "all", "mle", "research", *(name for name, _ in types))))
        console = Console(highlight=False, emoji=False)
        console.print(table)
        console.print("res. = research role; " + "/".join(label for _, label in types)
                      + " = " + ", ".join(name for name, _ in types), style="dim")
        total = sum(c["all"] for c in counts.values())
        console.print(f"{total} questions. Practise one: aiquiz practice --topic TOPIC")

    @app.command(context_settings={"ignore_unknown_options": True,
                                   "allow_interspersed_args": True})
    @handle_errors
    def check(
        bank: str = typer.Argument(..., metavar="BANK",
                                   help="Bank file, or the id of a bank in use (aiquiz banks)."),
        question_id: str = typer.Argument(..., metavar="ID", help="Question id within the bank."),
        answer: Optional[str] = typer.Argument(None, help="The answer to grade (may start "
                                                          "with '-')."),
        file: Optional[Path] = typer.Option(None, "--file", "-f", metavar="PATH",
                                            help="Grade this file's contents (a code "
                                                 "question's solution)."),
        seed: int = typer.Option(0, "--seed", metavar="SEED",
                                 help="Which random variant to grade against."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        trust: bool = typer.Option(False, "--trust", help="Let this bank run its code "
                                                          "(remembered)."),
        bank_: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
    ) -> None:
        """Grade one answer: exit 0 correct, 1 not, 2 error.

        Example: aiquiz check calculus sigmoid-derivative "sigmoid(x)*(1-sigmoid(x))"
        """
        from ..banks import trust as trusting
        from ..banks.variant import make_variant
        from ..errors import BankError

        b = _find_bank(bank, bank_, only_bank)
        q = next((q for q in b.questions if q.id == question_id), None)
        if q is None:
            raise BankError(f"no question {question_id!r} in this bank "
                            f"({len(b.questions)} questions; ids like {b.questions[0].id!r})",
                            b.path)
        answer = _answer_text(q, answer, file)
        if trust:
            trusting.trust(b.path)
        if q.qtype.runs_bank_code and not trusting.is_trusted(b.path):
            raise fail(f"{b.path}: [{q.id}] runs the bank's code, and this bank is not bundled "
                       "with aiquiz nor trusted; add --trust if you trust its author "
                       "(see docs/security.md)")
        v = make_variant(q, seed)
        g = q.qtype.grade(v, answer)
        if as_json:
            typer.echo(json.dumps({
                "correct": g.correct, "status": g.status.value, "feedback": g.feedback,
                "expected": g.expected, "read_as": g.read_as, "prompt": v.prompt,
                "question": q.key, "seed": seed, "mistake": g.mistake,
                "result": "pass" if g.correct else ("fail" if g.readable else "error"),
                "tests": g.details or [],
                "params": {k: float(x) if x.denominator != 1 else int(x)
                           for k, x in v.params.items()},
            }))
        else:
            if g.read_as and not g.details:
                typer.echo(clean(f"read as: {g.read_as}"))
            verdict = "correct" if g.correct else (
                "not correct" if g.readable else "could not read the answer")
            typer.echo(clean(f"{verdict}: {g.feedback}") if not g.correct else
                       clean(f"correct{': ' + g.feedback if g.details else ''}"))
            if not g.correct and not q.qtype.runs_bank_code:
                typer.echo(clean(f"expected: {g.expected}"))
        raise typer.Exit(int(Exit.OK if g.correct else Exit.NOT_CORRECT))

    @app.command("banks")
    @handle_errors
    def banks_cmd(
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
        as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    ) -> None:
        """List the banks in use and their trust status.

        Each bank's source (bundled, AIQUIZ_BANKS, --bank), question count and trust: trusted
        (bundled, or trusted with --trust: its code questions run) or data only.

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
                              Text(clean(_short(r["path"]))))  # a path is not markup
            console.print(table)
            total = sum(r["questions"] or 0 for r in rows)
            console.print(Text(f"{total} questions in {len(rows)} bank file(s). Sources: bundled "
                               f"with aiquiz, env = ${ENV}, option = --bank/--only-bank.",
                               style="dim"))
            for r in broken:
                typer.echo(clean(f"Error: {r['problem']}"), err=True)
        if broken:
            raise typer.Exit(int(Exit.ERROR))
