"""What a learner sees of the learning engine: `aiquiz progress` (terminal at 60, 80 and 120
columns, --json, --export, --reset, path), `aiquiz plan`, `aiquiz practice` saying what is
due, and --profile keeping learners apart."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from aiquiz.cli import app
from aiquiz.cli.report_view import render_report
from aiquiz.learner.mastery import ITEMS
from aiquiz.learner.report import build_report
from aiquiz.learner.state import load_state, summariser
from aiquiz.learner.store import ProgressStore

from .conftest import FIXTURES

runner = CliRunner()
LEARN = str(FIXTURES / "learn.yaml")
NOW = datetime.now(timezone.utc)


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def history(home, n_days: int = 40) -> ProgressStore:
    """A learner who practised most days for n_days, across many items and topics."""
    store = ProgressStore(home)
    topics = ["calculus", "deep-learning", "probability", "linear-algebra", "optimization"]
    k = 0
    for d in range(n_days, -1, -1):
        if d % 5 == 3:
            continue
        for i in range(6):
            item = ITEMS[(d + i) % len(ITEMS)]
            store.record({
                "id": f"h{k}", "question": f"b/q{(d * 7 + i) % 60}", "bank": "b",
                "topic": topics[(d + i) % 5], "category": "Calculus", "checklist_item": item,
                "type": "numeric", "difficulty": 1 + (i % 5), "mode": "practice", "seed": 1,
                "status": "correct" if (d + i) % 4 else "wrong", "correct": (d + i) % 4 != 0,
                "seconds": 40.0,
                "hints": 0, "at": (NOW - timedelta(days=d, minutes=60 - i)).isoformat()})
            k += 1
        if d == 20:
            store.compact(summariser(store))
    return store


def report_for(store) -> dict:
    tally, model, _ = load_state(store)
    return build_report(tally, model, NOW)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_report_fits_the_terminal_without_breaking_words(tmp_path, width):
    store = history(tmp_path)
    console = Console(width=width, record=True, highlight=False, emoji=False,
                      color_system=None, file=open("/dev/null", "w"))
    render_report(console, report_for(store), "/home/ana/.local/share/aiquiz")
    text = console.export_text()
    lines = text.splitlines()
    assert all(cell_len(ln) <= width for ln in lines), [ln for ln in lines if cell_len(ln) > width]
    for item in ITEMS:  # every checklist item whole on one line, ticked or not
        assert re.search(r"\[[x ]\] " + re.escape(item), text), item
    for heading in ("Checklist", "Topics", "Reviews", "Last 30 days", "answers per day",
                    "overall mastery", "streak:", "Readiness", "Next: your three weakest items"):
        assert heading in text, heading
    commands = re.findall(r"aiquiz practice --item .*", text)
    assert len(commands) == 3 and all(cell_len(c) <= width for c in commands)


def test_progress_json_has_the_documented_shape(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    history(tmp_path)
    r = run("progress", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {"categories", "topics", "due", "readiness", "streak", "attempts", "time",
            "activity", "mastery_over_time", "weakest", "overall"} <= set(data)
    item = data["categories"]["Calculus"]["items"]["Chain rule for neural network"]
    assert {"mastery", "level", "done", "attempts", "accuracy", "last_practised"} <= set(item)
    assert 0 <= item["mastery"] <= 1 and item["level"] in (
        "new", "learning", "familiar", "proficient", "mastered")
    assert set(data["readiness"]) == {"mle", "research"}
    assert len(data["activity"]) == 30 and len(data["due"]["next_7_days"]) == 7
    assert data["streak"]["current"] >= 1 and data["attempts"] == len(
        ProgressStore(tmp_path).load().attempts)
    assert data["weakest"][0]["command"].startswith("aiquiz practice --item ")


def test_export_csv_and_markdown(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path / "home"))
    store = history(tmp_path / "home", 5)
    r = run("progress", "--export", "csv", str(tmp_path / "h.csv"))
    assert r.exit_code == 0 and "Wrote" in r.output
    rows = list(csv.DictReader(open(tmp_path / "h.csv")))
    assert len(rows) == len(store.load().attempts) and rows[0]["question"]
    r = run("progress", "--export", "md", str(tmp_path / "r.md"))
    assert r.exit_code == 0, r.output
    md = (tmp_path / "r.md").read_text()
    assert "## Checklist" in md and "- [ ] " in md and "## Readiness" in md
    r = run("progress", "--export", "pdf", str(tmp_path / "r.pdf"))
    assert r.exit_code == 2 and "csv or md" in r.output


def test_reset_asks_keeps_a_backup_and_starts_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    n = len(history(tmp_path, 3).load().attempts)
    r = run("progress", "--reset", input="n\n")
    assert r.exit_code == 1 and "Nothing was changed" in r.output
    assert run("progress", "--json").output.count('"attempts"') and \
        json.loads(run("progress", "--json").output)["attempts"] > 0
    r = run("progress", "--reset", input="y\n")
    assert r.exit_code == 0 and "backup" in r.output.lower()
    backup = re.search(r"old files are in (\S+)\.", r.output).group(1)
    assert backup.startswith(str(tmp_path / "backups"))
    kept = ProgressStore(backup)  # the backup is a progress folder as it was
    assert len(kept.load().attempts) == n
    assert json.loads(run("progress", "--json").output)["attempts"] == 0
    assert "Nothing to reset" in run("progress", "--reset", "--yes").output


def test_progress_path_and_profiles_keep_learners_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    assert run("progress", "path").output.strip() == str(tmp_path)
    assert run("progress", "path", "--profile", "ana").output.strip() == \
        str(tmp_path / "profiles" / "ana")
    assert run("--profile", "ana", "progress", "path").output.strip() == \
        str(tmp_path / "profiles" / "ana")
    r = run("practice", "--only-bank", LEARN, "--count", "1", "--seed", "1", "--profile", "ana",
            input="51\n")
    assert r.exit_code == 0, r.output
    assert json.loads(run("progress", "--json", "--profile", "ana").output)["attempts"] == 1
    assert json.loads(run("progress", "--json").output)["attempts"] == 0  # default untouched
    monkeypatch.setenv("AIQUIZ_PROFILE", "ana")
    assert json.loads(run("progress", "--json").output)["attempts"] == 1
    r = run("progress", "--profile", "../../etc")
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "bad profile name" in r.output


def test_practice_says_how_many_reviews_are_due(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    r = run("practice", "--only-bank", LEARN, "--count", "2", "--seed", "1", input="51\n0\n")
    assert r.exit_code == 0, r.output
    assert "0 reviews due; new questions from: Matrix multiplication (no library)." in r.output
    r = run("practice", "--only-bank", LEARN, "--review", "--count", "2", "--seed", "1", input="")
    assert r.exit_code == 0 and "No reviews are due in this selection" in r.output
    r = run("practice", "--only-bank", LEARN, "--new", "--review")
    assert r.exit_code == 2 and "not both" in r.output
    r = run("practice", "--only-bank", LEARN, "--item", "gradient")
    assert r.exit_code == 2 and "matches several checklist items" in r.output
    r = run("practice", "--only-bank", LEARN, "--difficulty", "7")
    assert r.exit_code == 2 and "from 1 to 5" in r.output


def test_plan_orders_items_after_their_prerequisites_with_commands(tmp_path, monkeypatch):
    from aiquiz.syllabus import PREREQUISITES

    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    r = run("plan", "--role", "mle", "--weeks", "5", "--json")
    assert r.exit_code == 0, r.output
    plan = json.loads(r.output)
    order = [i["item"] for w in plan["weeks"] for i in w["items"]]
    assert sorted(order) == sorted(ITEMS) and len(plan["weeks"]) == 5
    for item, needs in PREREQUISITES.items():
        assert all(order.index(p) < order.index(item) for p in needs), item
    assert plan["weeks"][0]["commands"][0].startswith("aiquiz practice --item ")
    assert plan["weeks"][-1]["commands"][-1] == "aiquiz interview --role mle"
    r = run("plan", "--role", "mle")
    assert r.exit_code == 0 and "Week 8" in r.output and "Every day: aiquiz practice" in r.output
    assert run("plan", "--role", "chef").exit_code == 2


def test_progress_with_a_history_imports_neither_numpy_nor_sympy(tmp_path):
    import subprocess
    import sys

    history(tmp_path, 5)
    code = ("import sys\nsys.argv = ['aiquiz', 'progress']\nfrom aiquiz.cli import app\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**__import__("os").environ, "AIQUIZ_HOME": str(tmp_path)},
                         check=True).stdout
    mods = set(out.split())
    assert "fsrs" in mods and "numpy" not in mods and "sympy" not in mods


def test_interview_answers_count_for_the_profile_and_feed_the_schedule(tmp_path, monkeypatch):
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path))
    r = run("--profile", "bo", "interview", "--only-bank", LEARN, "--role", "mle", "--count", "2",
            "--seed", "4", input="0\n0\n")
    assert r.exit_code == 0, r.output
    data = json.loads(run("progress", "--json", "--profile", "bo").output)
    due = data["due"]  # both wrong: back in 10 minutes (today, or tomorrow near midnight UTC)
    assert data["attempts"] == 2 and due["later_today"] + due["next_7_days"][0]["count"] == 2
    assert json.loads(run("progress", "--json").output)["attempts"] == 0
