"""The `aiquiz bank` group: validate, test (--watch), new, preview, schema, stats; import and
export live in gift_cmds.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ..text import strip_controls as clean
from .errors import Exit, handle_errors
from .options import bank_option, only_bank_option

bank_app = typer.Typer(help="Write, check, preview and convert question banks (for authors).",
                       no_args_is_help=True)


def _validate_and_test(paths, seeds: int, validate_first: bool = True,
                       trust: bool = False) -> int:
    """Validate (when asked) then self-test `paths`, printing what a user needs; the exit code.
    Code questions run only for banks trusted to run code (`trust` trusts them first)."""
    from ..banks.files import bank_files
    from ..banks.selftest import selftest_paths
    from ..banks.trust import skipped_message

    if validate_first:
        from ..banks.validate import validate_paths

        files = bank_files(paths)
        _count, problems = validate_paths(files)
        for p in problems:
            typer.echo(clean(str(p)), err=True)
        if problems:
            typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s).", err=True)
            return int(Exit.ERROR)
    run = selftest_paths(paths, seeds, trust)
    for p in run.problems:
        typer.echo(clean(str(p)), err=True)
    if run.problems:
        typer.echo("Error: fix the problems above first (aiquiz bank validate)", err=True)
        return int(Exit.ERROR)
    for fl in run.failures:
        typer.echo(clean(f"FAIL {fl}"), err=True)
    for line in skipped_message(run.untrusted):
        typer.echo(clean(line), err=True)
    typer.echo(f"{run.checks - run.failed} passed, {run.failed} failed "
               f"({run.questions} questions in {run.files} file(s))")
    return int(Exit.NOT_CORRECT) if run.failures else 0


def register(app: typer.Typer) -> None:
    from . import gift_cmds

    app.add_typer(bank_app, name="bank")
    gift_cmds.register(bank_app)

    @bank_app.command("validate")
    @handle_errors
    def validate(
        paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Bank files or folders."),
        as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON (for "
                                                           "editors and CI)."),
    ) -> None:
        """Check bank files; report every problem at once.

        Each problem names the file, line, column and question id, says what is wrong and
        the likely fix.

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
                typer.echo(clean(str(p)), err=True)
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
        paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Bank files or folders."),
        seeds: int = typer.Option(20, "--seeds", min=1, metavar="N",
                                  help="Variants to test per parametric question (beyond a "
                                       "small grid, which is tested in full)."),
        watch: bool = typer.Option(False, "--watch", "-w", help="Validate and test again "
                                                                "whenever a file changes."),
        trust: bool = typer.Option(False, "--trust", help="Let these banks' code questions run "
                                                          "their code (remembered)."),
    ) -> None:
        """Run every question's self-tests over its variants.

        The reference answer, every listed mistake and the question's own tests.

        Example: aiquiz bank test question_banks/calculus.yaml
        """
        if watch:
            from .watch import watch_banks

            watch_banks(paths, seeds, trust)
            return
        code = _validate_and_test(paths, seeds, validate_first=False, trust=trust)
        if code:
            raise typer.Exit(code)

    @bank_app.command("new")
    @handle_errors
    def new(
        file: Path = typer.Argument(..., metavar="PATH", help="The bank file to create (.yaml)."),
        schema: Optional[str] = typer.Option(
            None, "--schema", help="URL or path of the JSON Schema for editors (default: write "
                                   "bank-schema.json beside the bank)."),
    ) -> None:
        """Write a starter bank to edit.

        One commented example of every question type, and the JSON Schema beside it.

        Example: aiquiz bank new my_banks/linear-algebra.yaml
        """
        from ..banks.starter import SCHEMA_FILE, starter_bank
        from ..errors import BankError

        if file.exists():
            raise BankError("already exists; aiquiz bank new never overwrites a file: choose "
                            "another name", str(file))
        if file.suffix not in (".yaml", ".yml"):
            raise BankError("a bank file's name ends in .yaml", str(file))
        from ..banks.loader import load_banks

        taken = {b.id for b in load_banks()}  # bundled and AIQUIZ_BANKS: never clash with them
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(starter_bank(str(file), file.stem, schema or SCHEMA_FILE, taken),
                        encoding="utf-8")
        wrote = [str(file)]
        if schema is None:
            from ..banks.schema import bank_schema

            target = file.parent / SCHEMA_FILE
            text = json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
            if not target.exists() or '"https://aiquiz.dev/bank-schema.json"' in \
                    target.read_text(encoding="utf-8", errors="replace"):
                target.write_text(text, encoding="utf-8")
                wrote.append(str(target))
        typer.echo(f"Wrote {' and '.join(wrote)}.")
        typer.echo(f"Next: edit the examples, then run: aiquiz bank test {file} --watch")

    @bank_app.command("preview")
    @handle_errors
    def preview(
        file: Path = typer.Argument(..., metavar="PATH", help="The bank file."),
        question_id: str = typer.Argument(..., metavar="ID", help="The question's id."),
        seed: int = typer.Option(0, "--seed", metavar="SEED", help="Which random variant to show."),
    ) -> None:
        """Show a question as a learner sees it, and its tests.

        Then what only the author sees: answer, hints, worked solution, and each test's
        verdict on this variant.

        Example: aiquiz bank preview question_banks/calculus.yaml sigmoid-derivative --seed 3
        """
        from .preview import preview_question

        if preview_question(file, question_id, seed):
            raise typer.Exit(int(Exit.NOT_CORRECT))

    @bank_app.command("schema")
    @handle_errors
    def schema_cmd() -> None:
        """Print the JSON Schema of a bank file.

        For editors (yaml-language-server) and CI.

        Example: aiquiz bank schema > bank-schema.json
        """
        from ..banks.schema import bank_schema

        typer.echo(json.dumps(bank_schema(), indent=2, ensure_ascii=False))

    @bank_app.command("stats")
    @handle_errors
    def stats_cmd(
        paths: Optional[List[Path]] = typer.Argument(None, metavar="[PATH...]",
                                                     help="Bank files or folders (default: "
                                                          "the banks in use)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        bank: Optional[List[Path]] = bank_option(),
        only_bank: Optional[List[Path]] = only_bank_option(),
    ) -> None:
        """Coverage by topic, role, type, level and item.

        Example: aiquiz bank stats question_banks/ --json
        """
        from ..banks.loader import all_questions, load_banks
        from ..banks.stats import stats

        from ..banks.sources import bank_sources

        s = stats(all_questions(load_banks(bank_sources(add=bank, only=paths or only_bank))))
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
