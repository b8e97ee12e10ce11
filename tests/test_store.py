"""The progress store never loses an acknowledged attempt."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat

import pytest

from aiquiz.errors import NewerFormatError, StoreError
from aiquiz.learner.store import ProgressStore, new_attempt_id


def attempt(i: int = 0, correct: bool = True) -> dict:
    return {"id": new_attempt_id(), "question": f"b/q{i}", "category": "Calculus",
            "correct": correct}


def test_record_then_load_and_compact(tmp_path):
    store = ProgressStore(tmp_path)
    for i in range(5):
        store.record(attempt(i))
    assert len(store.load().attempts) == 5
    assert store.compact() == 5
    assert not store.journal.exists()
    data = json.loads(store.path.read_text())
    assert data["format"] == 1 and len(data["attempts"]) == 5
    store.record(attempt(6))
    store.compact()
    assert len(store.load().attempts) == 6
    assert len(json.loads(store.backup.read_text())["attempts"]) == 5


def test_torn_last_journal_line_is_ignored_and_next_write_starts_clean(tmp_path):
    store = ProgressStore(tmp_path)
    store.record(attempt(1))
    with open(store.journal, "ab") as fh:
        fh.write(b'{"id": "torn", "quest')
    assert len(store.load().attempts) == 1
    store.record(attempt(2))
    history = store.load()
    assert len(history.attempts) == 2


def test_corrupt_snapshot_is_kept_aside_and_last_good_copy_used(tmp_path):
    store = ProgressStore(tmp_path)
    store.record(attempt(1))
    store.compact()
    store.record(attempt(2))
    store.compact()  # backup now holds 1 attempt, snapshot 2
    store.path.write_text('{"format": 1, "attempts": [')
    history = store.load()
    assert len(history.attempts) == 1
    assert "kept as progress.json.corrupt-" in history.warnings[0]
    assert list(tmp_path.glob("progress.json.corrupt-*"))


def test_newer_format_is_refused(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"format": 99, "attempts": []}')
    with pytest.raises(NewerFormatError, match="upgrade aiquiz"):
        store.load()
    assert store.path.read_text() == '{"format": 99, "attempts": []}'


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_dir_is_reported(tmp_path):
    store = ProgressStore(tmp_path / "ro")
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(StoreError, match="cannot write|could not save"):
        store.record(attempt())


def test_unwritable_store_keeps_answers_in_the_session(tmp_path):
    from aiquiz.banks.loader import load_bank
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Result, Session
    from aiquiz.banks.variant import make_variant

    from .conftest import FIXTURES

    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    q = load_bank(FIXTURES / "mini.yaml").questions[1]
    s = Session(FixedPlanner([q], 0), PRACTICE, 0, ProgressStore(blocker / "sub"))
    v = make_variant(q, 0)
    s.record(Result(v, "correct", 1.0, 0))
    assert len(s.unsaved) == 1 and s.save_error
    s.store = ProgressStore(tmp_path / "ok")  # the disk is back
    s.finish()
    assert not s.unsaved
    assert len(ProgressStore(tmp_path / "ok").load().attempts) == 1


def _writer(directory: str, n: int) -> None:
    store = ProgressStore(directory)
    for i in range(n):
        store.record(attempt(i))
        if i % 50 == 49:
            store.compact()


@pytest.mark.parametrize("writers, answers", [(2, 200), (4, 100)])
def test_concurrent_sessions_merge(tmp_path, writers, answers):
    procs = [multiprocessing.Process(target=_writer, args=(str(tmp_path), answers))
             for _ in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = ProgressStore(tmp_path)
    assert len(store.load().attempts) == writers * answers
    store.compact()
    assert len(json.loads(store.path.read_text())["attempts"]) == writers * answers


def test_report_uses_the_summary_and_stays_exact(tmp_path):
    from aiquiz.learner.tally import load_report, progress_report, summarise

    store = ProgressStore(tmp_path)
    for i in range(30):
        store.record({**attempt(i, correct=i % 3 == 0), "checklist_item": "Hessian-vector product"})
    store.compact(summarise)
    assert store.summary.exists()
    for i in range(5):
        store.record(attempt(100 + i, correct=False))
    fast, _ = load_report(store)
    assert fast == progress_report(store.load().attempts)
    assert fast["attempts"] == 35 and fast["categories"]["Calculus"]["correct"] == 10
    # a stale summary (snapshot rewritten without it) is ignored, not trusted
    store.compact()
    assert load_report(store)[0]["attempts"] == 35
    store.summary.write_text("{garbage")
    assert load_report(store)[0]["attempts"] == 35


def test_quick_check_sets_aside_a_truncated_snapshot(tmp_path):
    store = ProgressStore(tmp_path)
    for i in range(3):
        store.record(attempt(i))
    store.compact()
    store.record(attempt(9))
    store.compact()
    data = store.path.read_bytes()
    store.path.write_bytes(data[: len(data) // 2])
    warnings = store.check()
    assert warnings and "kept as" in warnings[0]
    assert store.check() == []


def test_lazy_compaction_skips_big_snapshots_until_the_journal_grows(tmp_path, monkeypatch):
    import aiquiz.learner.store as st

    monkeypatch.setattr(st, "LAZY_SNAPSHOT_BYTES", 100)
    monkeypatch.setattr(st, "LAZY_JOURNAL_BYTES", 2000)
    store = ProgressStore(tmp_path)
    for i in range(5):
        store.record(attempt(i))
    store.compact()
    store.record(attempt(6))
    assert store.compact(lazy=True) == -1 and store.journal.exists()
    assert len(store.load().attempts) == 6
    for i in range(30):
        store.record(attempt(10 + i))
    assert store.compact(lazy=True) == 36 and not store.journal.exists()


def test_full_disk_is_reported_and_answers_are_kept(tmp_path, monkeypatch):
    import errno

    from aiquiz.banks.loader import load_bank
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Result, Session
    from aiquiz.banks.variant import make_variant

    from .conftest import FIXTURES

    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    q = load_bank(FIXTURES / "mini.yaml").questions[1]
    s = Session(FixedPlanner([q], 0), PRACTICE, 0, ProgressStore(tmp_path))
    v = make_variant(q, 0)
    monkeypatch.setattr(os, "fsync", full)
    s.record(Result(v, "correct", 1.0, 0))
    assert s.unsaved and "No space left on device" in s.save_error
    monkeypatch.setattr(os, "fsync", real_fsync)  # space freed
    s.record(Result(v, "wrong", 2.0, 0))
    assert not s.unsaved
    ids = {a["id"] for a in ProgressStore(tmp_path).load().attempts}
    assert len(ids) == 2
