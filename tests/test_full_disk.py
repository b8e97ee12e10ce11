"""A full disk: no answer is reported as saved unless every byte of it was written and fsynced;
unsaved answers are said to be unsaved, kept, retried and finally written to the fallback file."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import uuid

import pytest

from aiquiz.errors import StoreError
from aiquiz.learner.store import ProgressStore, new_attempt_id

from .live import LiveSession


def attempt(i: int = 0) -> dict:
    return {"id": new_attempt_id(), "question": f"b/q{i}", "category": "Calculus",
            "correct": True}


def test_short_writes_are_completed(tmp_path, monkeypatch):
    real_write = os.write
    calls = []

    def dribble(fd, data):  # the kernel may take fewer bytes than offered: 7 at a time
        calls.append(len(data))
        return real_write(fd, bytes(data[:7]))

    store = ProgressStore(tmp_path)
    monkeypatch.setattr(os, "write", dribble)
    a = attempt()
    store.record(a)
    monkeypatch.setattr(os, "write", real_write)
    assert len(calls) > 5
    assert [x["id"] for x in store.load().attempts] == [a["id"]]
    assert store.journal.read_bytes().endswith(b"\n")


@pytest.mark.parametrize("failure", ["short-then-enospc", "zero", "enospc"])
def test_a_write_that_falls_short_is_an_error_and_leaves_no_torn_line(tmp_path, monkeypatch,
                                                                      failure):
    store = ProgressStore(tmp_path)
    first = attempt(1)
    store.record(first)
    before = store.journal.read_bytes()
    real_write = os.write
    state = {"n": 0}

    def full(fd, data):
        state["n"] += 1
        if failure == "zero":
            return 0
        if failure == "short-then-enospc" and state["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # what a nearly full disk does
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError, match="could not save progress"):
        store.record(attempt(2))
    monkeypatch.setattr(os, "write", real_write)
    assert store.journal.read_bytes() == before  # the half line was taken back at once
    assert [x["id"] for x in store.load().attempts] == [first["id"]]


def test_a_session_on_a_full_disk_reports_keeps_and_falls_back(tmp_path, monkeypatch):
    from aiquiz.banks.loader import load_bank
    from aiquiz.banks.variant import make_variant
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Result, Session

    from .conftest import FIXTURES

    q = load_bank(FIXTURES / "mini.yaml").questions[1]
    s = Session(FixedPlanner([q], 0), PRACTICE, 0, ProgressStore(tmp_path / "data"))
    v = make_variant(q, 0)
    s.record(Result(v, "correct", 1.0, 0))  # saved
    real_write = os.write

    def short(fd, data):  # only the data folder's disk is full
        if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / "data")):
            return real_write(fd, data)
        return real_write(fd, bytes(data[: max(1, len(data) // 3)])) if len(data) > 50 else 0

    monkeypatch.setattr(os, "write", short)
    s.record(Result(v, "wrong", 1.0, 0))
    assert len(s.unsaved) == 1 and "could not save" in s.save_error
    monkeypatch.setattr(os, "write", real_write)
    saved = ProgressStore(tmp_path / "data").load().attempts
    assert len(saved) == 1
    monkeypatch.setattr(os, "write", short)  # still full at the end: the fallback file
    s.finish()
    monkeypatch.undo()
    assert s.fallback_file and s.fallback_file.startswith(str(tmp_path / "tmp"))
    lines = open(s.fallback_file).read().splitlines()
    assert [json.loads(x)["status"] for x in lines] == ["wrong"]


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A real 64 KB tmpfs (needs root, or a container that allows mounts); skipped otherwise."""
    mnt = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                       capture_output=True)
    if r.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(folder) -> None:
    """Take every free byte of the file system `folder` is on."""
    with open(folder / "filler", "ab", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 512)
        except OSError:
            pass


def test_a_real_full_disk_mid_session_loses_no_answer(tiny_tmpfs, tmp_path):
    """The reported fault: a 64 KB tmpfs filled after 2 answers; a session of 16 said "Progress
    saved", exit 0, and kept 14. Now every answer is in the journal or the fallback file, the
    session says which, and exits 2."""
    home = tiny_tmpfs / "home"
    spare = tmp_path / "spare-tmp"
    spare.mkdir(exist_ok=True)
    home.mkdir()
    (home / "cache").symlink_to(tmp_path)  # only the progress files are on the tiny disk
    s = LiveSession(["practice", "--topic", "calculus", "--count", "16", "--seed", "3"],
                    home, tmpdir=spare)
    s.expect("Question 1/16")
    s.send(":s", ":s")
    s.expect("Question 3/16")
    _fill(tiny_tmpfs)
    s.send(*[":s"] * 14)
    code = s.finish()
    out = s.text
    assert code == 2, out
    journal = ProgressStore(home).load()
    assert 2 <= len(journal.attempts) < 16 and not journal.warnings  # no torn or lost line
    unsaved = 16 - len(journal.attempts)
    print(f"64 KB tmpfs filled after 2 answers: {len(journal.attempts)} saved, {unsaved} in the "
          "fallback file")
    assert "Progress saved" not in out
    assert "No space left on device. Your answers are kept in memory" in out.replace("\n", " ")
    assert f"Could not save {unsaved} answer(s)" in out
    files = list(spare.glob("aiquiz-unsaved-*.jsonl"))
    assert len(files) == 1 and str(files[0]) in out.replace("\n", "")
    kept = [json.loads(x) for x in files[0].read_text().splitlines()]
    assert len(kept) == unsaved
    assert len({a["id"] for a in journal.attempts} | {a["id"] for a in kept}) == 16
    # folding the journal into progress.json on the full disk fails and changes nothing
    with pytest.raises(StoreError, match="No space left"):
        ProgressStore(home).compact()
    assert len(ProgressStore(home).load().attempts) == len(journal.attempts)
    assert not list(home.glob(".progress-*"))
    # space freed: importing the fallback file brings the history to all 16
    (tiny_tmpfs / "filler").unlink()
    r = subprocess.run(["python", "-m", "aiquiz", "progress", "import", str(files[0])],
                       env=s.env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(ProgressStore(home).load().attempts) == 16


def test_answers_no_file_would_take_are_shown_for_keeping_by_hand(tmp_path, monkeypatch):
    import io
    import tempfile

    from rich.console import Console

    from aiquiz.banks.loader import load_bank
    from aiquiz.banks.variant import make_variant
    from aiquiz.cli.ui import TerminalUI
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Result, Session

    from .conftest import FIXTURES

    q = load_bank(FIXTURES / "mini.yaml").questions[1]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = Session(FixedPlanner([q], 0), PRACTICE, 0, ProgressStore(blocker / "home"))
    s.record(Result(make_variant(q, 0), "wrong", 1.0, 0))
    monkeypatch.setattr(tempfile, "mkstemp", lambda **kw: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))  # the temp dir is full too
    s.finish()
    assert s.fallback_file is None
    out = io.StringIO()
    TerminalUI(Console(file=out, width=80)).show_summary(s, str(blocker / "home"))
    lines = [x for x in out.getvalue().splitlines() if x.startswith("{")]
    assert "Save these lines into a file" in out.getvalue().replace("\n", " ")
    assert [json.loads(x)["id"] for x in lines] == [s.unsaved[0]["id"]]
