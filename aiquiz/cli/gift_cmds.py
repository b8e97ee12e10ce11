"""aiquiz bank import gift / aiquiz bank export gift: Moodle's GIFT format, both ways."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import Exit, handle_errors

import_app = typer.Typer(help="Convert question banks from other formats into aiquiz banks.",
                         no_args_is_help=True)
export_app = typer.Typer(help="Write aiquiz banks in other formats.", no_args_is_help=True)


def register(bank_app: typer.Typer) -> None:
    bank_app.add_typer(import_app, name="import")
    bank_app.add_typer(export_app, name="export")

    @import_app.command("gift")
    @handle_errors
    def import_gift_cmd(
        source: Path = typer.Argument(..., help="The Moodle GIFT file."),
        output: Path = typer.Option(..., "--output", "-o", help="The bank file to write."),
        topic: str = typer.Option("ml-fundamentals", "--topic", "-t",
                                  help="Topic of the questions (a $CATEGORY ending in a topic "
                                       "id overrides it)."),
        role: Optional[List[str]] = typer.Option(None, "--role", "-r",
                                                 help="Role (repeatable; default both)."),
        difficulty: int = typer.Option(2, "--difficulty", min=1, max=5,
                                       help="Difficulty 1-5 of the questions."),
        title: Optional[str] = typer.Option(None, "--title", help="The bank's title."),
    ) -> None:
        """Convert a Moodle GIFT file into a bank, reporting each question it cannot convert.

        Example: aiquiz bank import gift my_banks/week1.gift -o my_banks/week1.yaml
        """
        from ..banks.gift_convert import ImportOptions, bank_yaml, import_gift
        from ..banks.problems import did_you_mean
        from ..banks.starter import bank_id_for
        from ..banks.validate import validate_paths
        from ..errors import BankError
        from ..syllabus import ROLES, TOPICS

        if topic not in TOPICS:
            raise BankError(f"--topic {topic!r} is not known — "
                            + did_you_mean(topic, TOPICS, "run 'aiquiz topics' for the list"))
        for r in role or []:
            if r not in ROLES:
                raise BankError(f"--role {r!r} is not known — roles are {', '.join(ROLES)}")
        if output.exists():
            raise BankError("already exists; choose another name (import never overwrites)",
                            str(output))
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BankError(f"cannot read the GIFT file: {exc}", str(source)) from None
        result = import_gift(text, ImportOptions(topic, tuple(role or ROLES), difficulty))
        report = [(line, f"skipped: {why}") for line, why in result.skipped]
        report += [(line, f"note: {what}") for line, what in result.notes]
        for line, what in sorted(report, key=lambda r: r[0]):
            typer.echo(f"{source}:{line}: {what}", err=True)
        if not result.questions:
            raise BankError("no question could be converted", str(source))
        bank_id = bank_id_for(output.stem)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(bank_yaml(bank_id, title or f"Imported from {source.name}",
                                    result.questions, source.name), encoding="utf-8")
        count, problems = validate_paths([output])
        for p in problems:
            typer.echo(str(p), err=True)
        typer.echo(f"Imported {len(result.questions)} question(s) into {output}; skipped "
                   f"{len(result.skipped)}. Replace the placeholder hints, then: aiquiz bank "
                   f"test {output}")
        if problems:
            raise typer.Exit(int(Exit.ERROR))

    @export_app.command("gift")
    @handle_errors
    def export_gift_cmd(
        bank: Path = typer.Argument(..., help="The bank file."),
        output: Optional[Path] = typer.Option(None, "--output", "-o",
                                              help="The GIFT file to write (default: print)."),
        seed: int = typer.Option(0, "--seed", help="Which variant of parametric questions."),
    ) -> None:
        """Write a bank's questions in Moodle's GIFT format (parametric ones as one variant).

        Example: aiquiz bank export gift question_banks/probability.yaml --seed 1
        """
        from ..banks.gift_convert import export_gift
        from ..banks.loader import load_bank

        b = load_bank(bank)
        text, skipped = export_gift(b, seed)
        for q, why in skipped:
            typer.echo(f"{q.path}:{q.line} [{q.id}]: not exported: {why}", err=True)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"Wrote {len(b.questions) - len(skipped)} question(s) to {output}; "
                       f"{len(skipped)} have no GIFT form.", err=True)
