"""Exports: the attempt history as CSV, the progress report as Markdown; and a reset that keeps a
backup. Files are written atomically (a reader never sees half of one)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import time
from pathlib import Path

from ..atomic import fsync_dir, write_atomic
from ..errors import StoreError
from .store import ProgressStore

CSV_FIELDS = ("at", "question", "bank", "topic", "category", "checklist_item", "type",
              "difficulty", "mode", "status", "correct", "seconds", "hints", "retried", "rating",
              "seed", "id")


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(Path(path), text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None


def export_csv(store: ProgressStore, path: Path) -> int:
    """Every attempt, oldest first, one row each. Returns the number of rows."""
    attempts = store.load().attempts
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for a in attempts:
        w.writerow({k: a.get(k, "") if a.get(k) is not None else "" for k in CSV_FIELDS})
    _write(path, buf.getvalue())
    return len(attempts)


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def _minutes(seconds: float) -> str:
    m = round(seconds / 60)
    return f"{m // 60} h {m % 60} min" if m >= 60 else f"{m} min"


def markdown(report: dict) -> str:
    """The report as a Markdown document (the checklist with [x]/[ ], as the seed has it)."""
    o = report["overall"]
    out = [f"# aiquiz progress ({report['profile']} profile)", "",
           f"{report['at']} · {report['attempts']} answers · overall mastery "
           f"{_pct(o['mastery'])} ({o['level']}) · {o['done']}/{o['items']} checklist items done"
           f" · streak {report['streak']['current']} day(s) · "
           f"{_minutes(report['time']['total_seconds'])} practised", "",
           "## Checklist", "",
           f"`[x]`: mastery {_pct(o['done_at'])} or more over at least {o['done_questions']} "
           "distinct questions answered right.", ""]
    for cat, c in report["categories"].items():
        out.append(f"### {cat}: {_pct(c['mastery'])} ({c['level']}), "
                   f"{c['done']}/{len(c['items'])} done")
        out.append("")
        for item, i in c["items"].items():
            last = (i["last_practised"] or "never")[:10]
            out.append(f"- [{'x' if i['done'] else ' '}] {item}: {i['level']}, "
                       f"{_pct(i['mastery'])} · {i['attempts']} answers, "
                       f"{_pct(i['accuracy'])} right · last practised {last}")
        out.append("")
    if report["topics"]:
        out += ["## Topics", "", "| topic | answers | right | mastery | level |",
                "|---|---:|---:|---:|---|"]
        for t, v in report["topics"].items():
            out.append(f"| {t} | {v['attempts']} | {_pct(v['accuracy'])} | "
                       f"{_pct(v['mastery'])} | {v['level']} |")
        out.append("")
    due = report["due"]
    week = ", ".join(f"{d['date']}: {d['count']}" for d in due["next_7_days"])
    out += ["## Reviews", "", f"Due now: {due['now']} · later today: {due['later_today']} · "
            f"next 7 days: {week}", "", "## Readiness", ""]
    for role, r in report["readiness"].items():
        held = "; ".join(r["held_back_by"]) or "nothing"
        out.append(f"- {role}: {_pct(r['readiness'])} ({r['level']}); held back by: {held}")
    out += ["", "## Next", ""]
    for w in report["weakest"]:
        out.append(f"- {w['item']} ({w['level']}, {_pct(w['mastery'])}): `{w['command']}`")
    return "\n".join(out) + "\n"


def export_markdown(report: dict, path: Path) -> None:
    _write(path, markdown(report))


def reset(store: ProgressStore) -> Path | None:
    """Move the learner's progress files into a new backup folder beside them (under the
    store's lock, so no session writes meanwhile). Returns that folder, None when there was
    nothing to reset."""
    names = [store.path, store.journal, store.backup, store.summary]
    if not any(p.exists() for p in names):
        return None
    stamp = time.strftime('%Y%m%d-%H%M%S')
    with store._locked():
        try:
            backup = store.dir / "backups" / f"reset-{stamp}"
            n = 1
            while backup.exists():
                n += 1
                backup = store.dir / "backups" / f"reset-{stamp}-{n}"
            backup.mkdir(parents=True)
            for p in names:
                with contextlib.suppress(FileNotFoundError):
                    os.replace(p, backup / p.name)
        except OSError as exc:
            raise StoreError(f"could not reset {store.dir}: {exc.strerror}") from None
        fsync_dir(store.dir)
    return backup
