"""`aiquiz bank test --watch`: validate and test again whenever a bank file changes.

Folders holding the given files are watched rather than the files themselves, because editors
save by writing a new file and renaming it over the old one. `AIQUIZ_WATCH_RUNS=N` stops after N
runs (for tests and scripts); otherwise Ctrl-C stops it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from .errors import fail


def _wanted(paths: list[Path]):
    files = {p.resolve() for p in paths if not p.is_dir()}
    folders = [p.resolve() for p in paths if p.is_dir()]

    def wanted(_change, name: str) -> bool:
        path = Path(name).resolve()
        if path.suffix not in (".yaml", ".yml"):
            return False
        return path in files or any(f == path.parent or f in path.parents for f in folders)

    return wanted


def watch_banks(paths: list[Path], seeds: int, trust: bool = False) -> None:
    from .bank_cmds import _validate_and_test

    try:
        import watchfiles  # only for --watch: nothing else pays for it
    except ImportError:
        raise fail("--watch needs the watchfiles package: pip install watchfiles") from None
    limit = int(os.environ.get("AIQUIZ_WATCH_RUNS", "0") or 0)
    runs, code = 0, 0

    def once(why: str) -> bool:
        nonlocal runs, code
        typer.echo(f"── {time.strftime('%H:%M:%S')} {why}")
        code = _validate_and_test(paths, seeds, trust=trust)
        runs += 1
        return bool(limit) and runs >= limit

    if once("checking"):
        raise typer.Exit(code)
    roots = sorted({str(p if p.is_dir() else p.parent) for p in paths})
    typer.echo(f"Watching {', '.join(map(str, paths))} for changes (Ctrl-C to stop).")
    for changes in watchfiles.watch(*roots, watch_filter=_wanted(paths), raise_interrupt=False):
        names = sorted({Path(name).name for _change, name in changes})
        if once(f"changed: {', '.join(names)}"):
            break
    raise typer.Exit(code)
