"""aiquiz topics, aiquiz check, and the `aiquiz bank` group (validate, test, stats)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ..text import strip_controls as clean
from .errors import Exit, fail, handle_errors

bank_app = typer.Typer(help="Check and describe question banks (for authors).",
                       no_args_is_help=True)


def _find_bank(spec: str):
    """A bank given as a path, or as the id of a bundled bank."""
    from ..banks.files import bundled_banks_dir
    from ..banks.loader import load_bank, load_banks
    from ..errors import BankError

    path = Path(spec)
    if path.is_file():
        return load_bank(path)
    for b in load_banks([bundled_banks_dir()]):
        if b.id == spec:
            return b
    raise BankError(f"no bank file or bundled bank called {spec!r}; give a path to a .yaml file")


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


def register(app: typer.Typer) -> None:
    app.add_typer(bank_app, name="bank")

    @app.command()
    @handle_errors
    def topics(
        bank: Optional[List[Path]] = typer.Option(None, "--bank", "-b", metavar="PATH",
                                                  help="Bank file or folder (repeatable)."),
    ) -> None:
        """List the topics and their question counts.

        Counts by role and by question type.

        Example: aiquiz topics
        """
        from rich.console import Console
        from rich.table import Table

        from ..banks.index import topic_counts
        from ..qtypes import type_labels
        from ..syllabus import TOPICS

        counts = topic_counts(bank)
        types = type_labels()
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
        bank: str = typer.Argument(..., help="Bank file, or the id of a bundled bank."),
        question_id: str = typer.Argument(..., help="Question id within the bank."),
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
    ) -> None:
        """Grade one answer: exit 0 correct, 1 not, 2 error.

        Example: aiquiz check calculus sigmoid-derivative "sigmoid(x)*(1-sigmoid(x))"
        """
        from ..banks import trust as trusting
        from ..banks.variant import make_variant
        from ..errors import BankError

        b = _find_bank(bank)
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

    @bank_app.command("validate")
    @handle_errors
    def validate(paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Bank files or folders.")) -> None:
        """Check bank files; report every problem at once.

        Each problem names the file, line and question id.

        Example: aiquiz bank validate my_banks/
        """
        from ..banks.files import bank_files
        from ..banks.validate import validate_paths

        files = bank_files(paths)
        count, problems = validate_paths(files)
        for p in problems:
            typer.echo(clean(str(p)), err=True)
        if problems:
            typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s).", err=True)
            raise typer.Exit(int(Exit.ERROR))
        typer.echo(f"OK: {count} question{'' if count == 1 else 's'} in {len(files)} file(s).")

    @bank_app.command("test")
    @handle_errors
    def test(
        paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Bank files or folders."),
        seeds: int = typer.Option(20, "--seeds", min=1, metavar="N", help="Variants to test per parametric "
                                                             "question."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """Run every question's self-tests over its variants.

        The reference answer, every listed mistake and the question's own tests.

        Example: aiquiz bank test question_banks/calculus.yaml
        """
        from ..banks.selftest import selftest_paths

        from ..banks.trust import skipped_message

        run = selftest_paths(paths, seeds, trust)
        for p in run.problems:
            typer.echo(clean(str(p)), err=True)
        if run.problems:
            raise fail("fix the problems above first (aiquiz bank validate)")
        for fl in run.failures:
            typer.echo(clean(f"FAIL {fl}"), err=True)
        for line in skipped_message(run.untrusted):
            typer.echo(clean(line), err=True)
        typer.echo(f"{run.checks - len(run.failures)} passed, {len(run.failures)} failed "
                   f"({run.questions} questions in {run.files} file(s))")
        if run.failures:
            raise typer.Exit(int(Exit.NOT_CORRECT))

    @bank_app.command("schema")
    @handle_errors
    def schema_cmd() -> None:
        """Print the JSON Schema of a bank file.

        For editors (yaml-language-server) and CI.

        Example: aiquiz bank schema
        """
        from ..banks.schema import bank_schema

        typer.echo(json.dumps(bank_schema(), indent=2, ensure_ascii=False))

    @bank_app.command("stats")
    @handle_errors
    def stats_cmd(
        paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Bank files or folders."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Coverage by topic, role, type, level and item.

        Example: aiquiz bank stats question_banks/ --json
        """
        from ..banks.loader import all_questions, load_banks
        from ..banks.stats import stats

        s = stats(all_questions(load_banks(paths)))
        if as_json:
            typer.echo(json.dumps(s, indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        console = Console(highlight=False, emoji=False)
        console.print(f"{s['questions']} questions, {s['parametric']} parametric")
        for key in ("by_topic", "by_role", "by_type", "by_difficulty", "by_checklist_item",
                    "auto_graded_by_checklist_item"):
            table = Table(title=key.replace("_", " "), title_justify="left", box=None,
                          padding=(0, 1), show_header=False)
            table.add_column()
            table.add_column(justify="right")
            for k, val in s[key].items():
                table.add_row(str(k), str(val))
            console.print(table)
