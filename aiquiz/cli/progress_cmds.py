"""aiquiz progress (the report, --json, --export, --reset), progress path, progress import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Tuple

import typer

from ..text import strip_controls
from .errors import fail, handle_errors
from .options import profile_of, profile_option, store_for

progress_app = typer.Typer(help="Show where you stand against the checklist.",
                           invoke_without_command=True)

EXPORTS = ("csv", "md")


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")

    @progress_app.command("import")
    @handle_errors
    def import_(path: Path = typer.Argument(..., help="A file of unsaved answers "
                                                       "(aiquiz-unsaved-*.jsonl)."),
                profile: Optional[str] = profile_option()) -> None:
        """Merge answers a session could not save.

        The session's summary names the file.

        Example: aiquiz progress import /tmp/aiquiz-unsaved-20261121-101500-x1y2.jsonl
        """
        from ..learner.importing import import_attempts

        store = store_for(profile)
        result = import_attempts(store, path)
        for w in result.warnings:
            typer.echo(f"Warning: {strip_controls(w)}", err=True)
        known = f" ({result.known} were already there)" if result.known else ""
        typer.echo(f"Imported {result.added} answer(s) into {store.path}{known}.")

    @progress_app.command("path")
    @handle_errors
    def path_(profile: Optional[str] = profile_option()) -> None:
        """Print the folder that holds your progress files.

        Example: aiquiz progress path
        """
        typer.echo(str(store_for(profile).dir))

    @progress_app.callback()
    @handle_errors
    def progress(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        export: Optional[Tuple[str, Path]] = typer.Option(
            None, "--export", metavar="csv|md FILE",
            help="Write the attempt history (csv) or the report (md) to FILE."),
        reset: bool = typer.Option(False, "--reset", help="Start afresh: your progress files "
                                                          "move to a backup folder."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --reset."),
        profile: Optional[str] = profile_option(),
    ) -> None:
        """Show where you stand: checklist, mastery, reviews due, streak, readiness.

        Example: aiquiz progress --json
        """
        if ctx.invoked_subcommand is not None:
            return
        store = store_for(profile)
        if reset:
            _reset(store, yes)
            return
        if export is not None and export[0] not in EXPORTS:
            raise fail(f"--export takes csv or md, not {export[0]!r}")
        if export is not None and export[0] == "csv":
            from ..learner.export import export_csv

            n = export_csv(store, export[1])
            typer.echo(f"Wrote {n} attempt(s) to {export[1]}.")
            return
        from ..learner.state import load_report

        report, warnings = load_report(store, profile=profile_of(profile))
        for w in warnings:  # on stderr in every mode, so --json output stays parseable
            typer.echo(f"Warning: {strip_controls(w)}", err=True)
        if export is not None:
            from ..learner.export import export_markdown

            export_markdown(report, export[1])
            typer.echo(f"Wrote the report to {export[1]}.")
            return
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, emoji=False)
        if not report["attempts"]:
            console.print("No attempts yet. Start with: aiquiz practice")
            console.print(Text(f"(progress is kept in {store.dir})", style="dim"))
            return
        from .report_view import render_report

        render_report(console, report, str(store.dir))


def _reset(store, yes: bool) -> None:
    from ..learner.export import reset

    if not store.path.exists() and not store.journal.exists():
        typer.echo(f"Nothing to reset in {store.dir}.")
        return
    if not yes and not typer.confirm(f"Reset all progress in {store.dir}? "
                                     "A backup is kept", default=False):
        typer.echo("Nothing was changed.")
        raise typer.Exit(1)
    backup = reset(store)
    typer.echo(f"Progress reset. The old files are in {backup}.")
