"""Files under the data dir are not trusted: every record is checked, JSON may be nested to any
depth, any name may be a symbolic link, the snapshot may be edited by hand, strangers' files may
share the folder. None of it crashes a command, is counted, or makes aiquiz write elsewhere."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from aiquiz.cli import app
from aiquiz.errors import StoreError
from aiquiz.learner.store import ProgressStore, new_attempt_id
from aiquiz.learner.tally import load_report, progress_report, summarise

from .conftest import FIXTURES

runner = CliRunner()
MINI = str(FIXTURES / "mini.yaml")
DEEP = "[" * 100_000


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def attempt(i: int = 0, correct: bool = True, **extra) -> dict:
    return {"id": new_attempt_id(), "question": f"b/q{i}", "category": "Calculus",
            "correct": correct, **extra}


def report_json() -> tuple[dict, str]:
    r = run("progress", "--json")
    assert r.exit_code == 0, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return json.loads(r.stdout), r.stderr


# ------------------------------------------------------------------------ item 3: records
BAD_RECORDS = [
    {"id": "a", "category": "Calculus", "checklist_item": ["x"]},  # the reported import
    {"id": "b", "question": "b/q", "category": "Calculus", "correct": "no"},
    {"id": "c", "question": "b/q", "category": "Calculus", "correct": 1},
    {"id": "d", "question": "b/q", "category": "Cooking", "correct": True},
    {"id": "e", "question": "b/q", "category": "Calculus", "correct": True, "difficulty": "3"},
    {"id": "f", "question": "b/q", "category": "Calculus", "correct": True, "seconds": -1},
    {"id": "g", "question": ["b/q"], "category": "Calculus", "correct": True},
    {"id": 7, "question": "b/q", "category": "Calculus", "correct": True},
    {"id": "h", "question": "b/q", "category": "Calculus", "correct": True, "extra": {"a": [1]}},
    {"id": "i", "question": "b/q", "category": "Calculus", "correct": True, "status": "wrong"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("bad", BAD_RECORDS, ids=lambda b: json.dumps(b)[:40])
def test_an_invalid_record_anywhere_is_set_aside_never_counted(home, bad):
    store = ProgressStore(home)
    good = attempt(1)
    store.record(good)
    store.compact(summarise)
    # in the snapshot (hand-edited), in the journal, and imported
    data = json.loads(store.path.read_text())
    data["attempts"].append(bad)
    store.path.write_text(json.dumps(data))
    with open(store.journal, "a") as fh:
        fh.write(json.dumps(bad) + "\n")
    report, err = report_json()
    assert report["attempts"] == 1 and report["correct"] == 1
    assert "not valid attempts and were not counted" in err
    assert len(err.strip().splitlines()) == 2  # one line per file
    for args in (["practice", "--bank", MINI, "--count", "1", "--seed", "1"],):
        r = run(*args, input=":q\n")
        assert r.exit_code == 0, r.output
    # the next save moves them out, kept in progress.set-aside.jsonl; the warnings stop
    assert store.compact(summarise) == 1
    kept = [json.loads(x) for x in store.aside_file.read_text().splitlines()]
    assert len(kept) == 2 and all(k["problem"] for k in kept)
    assert store.load().warnings == []
    report, err = report_json()
    assert report["attempts"] == 1 and err == ""


def test_the_reported_import_is_refused_and_progress_keeps_working(home, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id":"a","category":"Calculus","checklist_item":["x"]}\n'
                   + json.dumps(attempt(2)) + "\n")
    r = run("progress", "import", str(bad))
    assert r.exit_code == 0, r.output
    assert "Imported 1 answer(s)" in r.stdout
    assert "1 line(s) of" in r.stderr and "line 1: 'question' must be text" in r.stderr
    report, err = report_json()
    assert report["attempts"] == 1 and err == ""
    r = run("practice", "--bank", MINI, "--count", "1", "--seed", "1", input=":q\n")
    assert r.exit_code == 0, r.output


def test_a_summary_of_the_wrong_shape_is_not_trusted(home):
    store = ProgressStore(home)
    for i in range(4):
        store.record(attempt(i, correct=i < 3))
    store.compact(summarise)
    good = json.loads(store.summary.read_text())
    for broken in ({"cats": {"Calculus": ["4", "3"]}}, {"cats": {"Calculus": [1, 5]}},
                   {"cats": [], "items": {}}, {"seen": "abc"}, {"items": {"Calculus": [1]}},
                   {"cats": {"Calculus": [True, False]}}):
        data = dict(good, summary={**good["summary"], **broken})
        store.summary.write_text(json.dumps(data))
        os.utime(store.summary)
        assert load_report(store)[0] == progress_report(store.load().attempts)


# --------------------------------------------------------------------- item 10: deep JSON
def test_deep_json_in_the_snapshot_is_a_damaged_file(home):
    store = ProgressStore(home)
    store.record(attempt(1))
    store.compact(summarise)
    store.record(attempt(2))
    store.compact(summarise)
    store.path.write_text('{"format":1,"attempts":' + DEEP)
    report, err = report_json()
    assert report["attempts"] == 1 and "nested too deeply" in err and "kept as" in err
    assert run("practice", "--bank", MINI, "--count", "1", input=":q\n").exit_code == 0


def test_deep_json_in_a_journal_line_the_summary_and_an_import(home, tmp_path):
    store = ProgressStore(home)
    store.record(attempt(1))
    store.compact(summarise)
    store.summary.write_text(DEEP)
    with open(store.journal, "a") as fh:
        fh.write(DEEP + "\n")
    store.record(attempt(2))
    report, err = report_json()
    assert report["attempts"] == 2 and "1 damaged line(s)" in err
    deep = tmp_path / "deep.jsonl"
    deep.write_text(DEEP + "\n" + json.dumps(attempt(3)) + "\n")
    r = run("progress", "import", str(deep))
    assert r.exit_code == 0 and "Imported 1" in r.stdout and "nested too deeply" in r.stderr
    assert report_json()[0]["attempts"] == 3


def test_deep_json_in_the_bank_index_and_a_cache_entry(home):
    assert run("topics").exit_code == 0
    index = home / "cache" / "index.json"
    entries = list((home / "cache" / "banks").glob("*.json"))
    assert index.exists() and entries
    index.write_text(DEEP)
    for e in entries:
        e.write_text(DEEP)
    r = run("topics")
    assert r.exit_code == 0 and "calculus" in r.output, r.output
    r = run("practice", "--topic", "calculus", "--count", "1", input=":q\n")
    assert r.exit_code == 0, r.output
    assert all(DEEP[:10] not in e.read_text()[:10] for e in entries if e.exists())


# ---------------------------------------------------------------------- item 5: symlinks
def test_a_linked_journal_is_never_written_through(home, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # keep long temp paths on one line
    store = ProgressStore(home)
    store.record(attempt(1))
    store.compact()
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious\nno newline at the end")
    store.journal.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        store.record(attempt(2))
    with pytest.raises(StoreError, match="symbolic link"):
        store.compact()
    assert target.read_text() == "precious\nno newline at the end"
    history = store.load()
    assert len(history.attempts) == 1 and "symbolic link" in history.warnings[0]
    # a session keeps the answer and writes the fallback file
    r = run("practice", "--bank", MINI, "--topic", "calculus", "--count", "1", "--seed", "1",
            input=":s\n")
    assert r.exit_code == 2 and "symbolic link" in r.output and "aiquiz progress import" in r.output
    assert target.read_text() == "precious\nno newline at the end"


@pytest.mark.parametrize("name", ["progress.json", "progress.lock", "progress.summary.json",
                                  "progress.json.bak"])
def test_other_linked_data_files_are_not_followed(home, tmp_path, name):
    store = ProgressStore(home)
    store.record(attempt(1))
    store.compact(summarise)
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"format": 1, "attempts": [attempt(i) for i in range(9)]}))
    before = outside.read_text()
    path = home / name
    path.unlink(missing_ok=True)
    path.symlink_to(outside)
    report, _ = report_json()
    assert report["attempts"] in (0, 1)  # never the 9 attempts of the file outside
    try:
        store.record(attempt(2))
        store.compact(summarise)
    except StoreError as exc:
        assert name == "progress.lock" and "symbolic link" in str(exc)
    assert outside.read_text() == before


# --------------------------------------------------------------- item 13: smaller faults
def test_a_hand_edited_snapshot_is_noticed_even_with_its_header_size_and_time(home):
    store = ProgressStore(home)
    for i in range(6):
        store.record(attempt(i, correct=True))
    store.compact(summarise)
    assert report_json()[0]["correct"] == 6
    st = os.stat(store.path)
    text = store.path.read_text()
    edited = text.replace('"correct":true', '"correct":false', 2).replace('"b/q0"', '"b0"')
    assert len(edited) == len(text) and edited[:80] == text[:80]  # same size, same header
    store.path.write_text(edited)
    os.utime(store.path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same modification time
    assert report_json()[0]["correct"] == 4


def test_compaction_deletes_only_its_own_temp_files(home):
    store = ProgressStore(home)
    store.record(attempt(1))
    home.joinpath(".progress-notes.txt").write_text("mine")
    home.joinpath(".progress-draft").mkdir()
    home.joinpath(".progress-abcd1234.tmp.keep").write_text("mine too")
    stale = [home / ".progress-k2j4h5g6.tmp", home / f".progress-bak-{'0' * 32}"]
    for s in stale:
        s.write_text("left by a killed compaction")
    home.joinpath(".progress-zz99zz99.tmp").symlink_to(home / ".progress-notes.txt")
    store.compact()
    assert not any(s.exists() for s in stale)
    assert home.joinpath(".progress-notes.txt").read_text() == "mine"
    assert home.joinpath(".progress-draft").is_dir()
    assert home.joinpath(".progress-abcd1234.tmp.keep").exists()


def test_an_import_cut_short_says_how_many_it_recorded_and_can_be_rerun(home, tmp_path,
                                                                         monkeypatch):
    import aiquiz.learner.importing as imp

    monkeypatch.setattr(imp, "BATCH", 10)
    src = tmp_path / "unsaved.jsonl"
    src.write_text("".join(json.dumps(attempt(i)) + "\n" for i in range(35)))
    real = ProgressStore.record_many
    calls = {"n": 0}

    def failing(self, batch):
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("could not save progress: No space left on device")
        return real(self, batch)

    monkeypatch.setattr(ProgressStore, "record_many", failing)
    r = run("progress", "import", str(src))
    assert r.exit_code == 2
    assert "20 of 35 new answer(s) were imported before that" in r.stderr
    assert "run the same import again" in r.stderr
    monkeypatch.setattr(ProgressStore, "record_many", real)
    r = run("progress", "import", str(src))
    assert r.exit_code == 0 and "Imported 15 answer(s)" in r.stdout and "20 were already" in r.stdout
    assert report_json()[0]["attempts"] == 35


def test_importing_20000_records_appends_in_batches(home, tmp_path, monkeypatch):
    """One fsync per batch of 1,000, not one per record (71 s before); time is in the docs."""
    import time

    src = tmp_path / "big.jsonl"
    src.write_text("".join(json.dumps(attempt(i % 50, correct=i % 2 == 0)) + "\n"
                           for i in range(20_000)))
    syncs = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: syncs.append(fd) or real_fsync(fd))
    t = time.perf_counter()
    r = run("progress", "import", str(src))
    elapsed = time.perf_counter() - t
    assert r.exit_code == 0 and "Imported 20000 answer(s)" in r.stdout, r.output
    assert len(syncs) < 40, len(syncs)
    print(f"imported 20,000 records in {elapsed:.2f}s with {len(syncs)} fsyncs")
    report, _ = report_json()
    assert report["attempts"] == 20_000 and report["correct"] == 10_000


def test_reports_and_session_start_do_not_parse_a_big_snapshot(home, monkeypatch):
    """With the summary current, `progress` and `practice` read the summary and the journal,
    never the snapshot (200 MB: 3.7 s and 930 MB per command before; figures in the docs). A
    stale summary is rebuilt by the first command, so only that one pays."""
    import aiquiz.learner.store as st

    monkeypatch.setattr(st, "LAZY_SNAPSHOT_BYTES", 1000)  # this snapshot counts as big
    store = ProgressStore(home)
    for i in range(50):
        store.record(attempt(i))
    store.compact()  # no summary: stale
    parsed = []
    real = ProgressStore.read_snapshot
    monkeypatch.setattr(ProgressStore, "read_snapshot",
                        lambda self, p: parsed.append(p) or real(self, p))
    assert report_json()[0]["attempts"] == 50
    assert len(parsed) == 1  # the first command rebuilds the summary...
    parsed.clear()
    store.record(attempt(99))
    assert report_json()[0]["attempts"] == 51
    r = run("practice", "--bank", MINI, "--count", "2", "--seed", "1", input=":s\n:s\n")
    assert r.exit_code == 0, r.output
    assert parsed == []  # ...and no later one parses the snapshot
