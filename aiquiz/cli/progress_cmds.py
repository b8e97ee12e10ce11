"""aiquiz progress."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..text import strip_controls
from .errors import handle_errors

progress_app = typer.Typer(help="Show where you stand against the checklist.",
                           invoke_without_command=True)


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")

    @progress_app.command("import")
    @handle_errors
    def import_(path: Path = typer.Argument(..., help="A file of unsaved answers "
                                                       "(aiquiz-unsaved-*.jsonl).")) -> None:
        """Merge answers a session could not save.

        The session's summary names the file.

        Example: aiquiz progress import /tmp/aiquiz-unsaved-20261121-101500-x1y2.jsonl
        """
        from ..learner.importing import import_attempts
        from ..learner.store import ProgressStore
        from ..paths import data_dir

        store = ProgressStore(data_dir())
        result = import_attempts(store, path)
        for w in result.warnings:
            typer.echo(f"Warning: {strip_controls(w)}", err=True)
        known = f" ({result.known} were already there)" if result.known else ""
        typer.echo(f"Imported {result.added} answer(s) into {store.path}{known}.")

    @progress_app.callback()
    @handle_errors
    def progress(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    ) -> None:
        """Show where you stand against the checklist.

        Example: aiquiz progress --json
        """
        if ctx.invoked_subcommand is not None:
            return
        from ..learner.store import ProgressStore
        from ..learner.tally import load_report
        from ..paths import data_dir

        store = ProgressStore(data_dir())
        report, warnings = load_report(store)
        for w in warnings:  # on stderr in both modes, so --json output stays parseable
            typer.echo(f"Warning: {strip_controls(w)}", err=True)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, emoji=False)
        if not report["attempts"]:
            console.print("No attempts yet. Start with: aiquiz practice --topic calculus")
            console.print(Text(f"(progress is kept in {store.dir})", style="dim"))
            return
        from rich.table import Table

        table = Table(title=f"Progress: {report['attempts']} attempts, "
                            f"{report['questions_seen']} questions seen",
                      title_justify="left", box=None, padding=(0, 1), show_edge=False)
        table.add_column("Checklist")
        table.add_column("Tried", justify="right")
        table.add_column("Right", justify="right")
        table.add_column("Accuracy", justify="right")
        for cat, c in report["categories"].items():
            table.add_row(Text(cat, style="bold"), str(c["attempts"]), str(c["correct"]),
                          _pct(c["correct"], c["attempts"]))
            for item, i in c["items"].items():
                mark = "✓" if i["attempts"] and i["correct"] / i["attempts"] >= 0.8 else \
                    ("·" if i["attempts"] else " ")
                table.add_row(Text(f"  {mark} {item}", style="" if i["attempts"] else "dim"),
                              str(i["attempts"] or ""), str(i["correct"] if i["attempts"] else ""),
                              _pct(i["correct"], i["attempts"]))
        console.print(table)
        console.print(Text("✓ = 80% or better · data: " + str(store.dir), style="dim"))


def _pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:.0f}%" if n else "—"
