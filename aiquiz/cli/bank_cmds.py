"""aiquiz topics, aiquiz check, and the `aiquiz bank` group (validate, test, stats)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

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


def _validate_and_test(paths, seeds: int, validate_first: bool = True) -> int:
    """Validate (when asked) then self-test `paths`, printing what a user needs; the exit code."""
    from ..banks.files import bank_files
    from ..banks.selftest import selftest_paths

    if validate_first:
        from ..banks.validate import validate_paths

        files = bank_files(paths)
        _count, problems = validate_paths(files)
        for p in problems:
            typer.echo(str(p), err=True)
        if problems:
            typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s).", err=True)
            return int(Exit.ERROR)
    run = selftest_paths(paths, seeds)
    for p in run.problems:
        typer.echo(str(p), err=True)
    if run.problems:
        typer.echo("Error: fix the problems above first (aiquiz bank validate)", err=True)
        return int(Exit.ERROR)
    for fl in run.failures:
        typer.echo(f"FAIL {fl}", err=True)
    typer.echo(f"{run.checks - run.failed} passed, {run.failed} failed "
               f"({run.questions} questions in {run.files} file(s))")
    return int(Exit.NOT_CORRECT) if run.failures else 0


def register(app: typer.Typer) -> None:
    app.add_typer(bank_app, name="bank")

    @app.command()
    @handle_errors
    def topics(
        bank: Optional[List[Path]] = typer.Option(None, "--bank", "-b",
                                                  help="Bank file or folder (repeatable)."),
    ) -> None:
        """List the topics with how many questions each has, by role and type.

        Example: aiquiz topics
        """
        from rich.console import Console
        from rich.table import Table

        from ..banks.index import topic_counts
        from ..qtypes import all_types
        from ..syllabus import TOPICS

        counts = topic_counts(bank)
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
        bank: str = typer.Argument(..., help="Bank file, or the id of a bundled bank."),
        question_id: str = typer.Argument(..., help="Question id within the bank."),
        answer: str = typer.Argument(..., help="The answer to grade (may start with '-')."),
        seed: int = typer.Option(0, "--seed", help="Which random variant to grade against."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Grade one answer without a session: exit 0 correct, 1 not correct, 2 error.

        Example: aiquiz check calculus sigmoid-derivative "sigmoid(x)*(1-sigmoid(x))"
        """
        from ..banks.variant import make_variant
        from ..errors import BankError

        b = _find_bank(bank)
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

    @bank_app.command("validate")
    @handle_errors
    def validate(
        paths: List[Path] = typer.Argument(..., help="Bank files or folders."),
        as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON (for "
                                                           "editors and CI)."),
    ) -> None:
        """Check bank files and report every problem: file:line:column, question id, the fix.

        Example: aiquiz bank validate my_banks/
        """
        from ..banks.files import bank_files
        from ..banks.validate import validate_paths

        files = bank_files(paths)
        count, problems = validate_paths(files)
        if as_json:
            typer.echo(json.dumps({"questions": count, "files": len(files),
                                   "problems": [p.as_dict() for p in problems]}, indent=2))
        else:
            for p in problems:
                typer.echo(str(p), err=True)
        if problems:
            if not as_json:
                typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s).", err=True)
            raise typer.Exit(int(Exit.ERROR))
        if not as_json:
            typer.echo(f"OK: {count} question{'' if count == 1 else 's'} in {len(files)} "
                       "file(s).")

    @bank_app.command("test")
    @handle_errors
    def test(
        paths: List[Path] = typer.Argument(..., help="Bank files or folders."),
        seeds: int = typer.Option(20, "--seeds", min=1, help="Variants to test per parametric "
                                                             "question."),
        watch: bool = typer.Option(False, "--watch", "-w", help="Validate and test again "
                                                                "whenever a file changes."),
    ) -> None:
        """Run every question's reference answer, mistakes and tests over many variants.

        Example: aiquiz bank test question_banks/calculus.yaml
        """
        if watch:
            from .watch import watch_banks

            watch_banks(paths, seeds)
            return
        code = _validate_and_test(paths, seeds, validate_first=False)
        if code:
            raise typer.Exit(code)

    @bank_app.command("schema")
    @handle_errors
    def schema_cmd() -> None:
        """Print the JSON Schema of a bank file (for editors and CI).

        Example: aiquiz bank schema > bank-schema.json
        """
        from ..banks.schema import bank_schema

        typer.echo(json.dumps(bank_schema(), indent=2, ensure_ascii=False))

    @bank_app.command("stats")
    @handle_errors
    def stats_cmd(
        paths: List[Path] = typer.Argument(..., help="Bank files or folders."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Print coverage: counts by topic, role, type, difficulty and checklist item.

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
