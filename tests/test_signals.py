"""SIGTERM and SIGHUP (closing the terminal) end a session as Ctrl-C does: every answer given is
saved, or written to the fallback file when the data dir cannot take it."""

from __future__ import annotations

import json
import signal

import pytest

from aiquiz.learner.store import ProgressStore

from .conftest import FIXTURES
from .live import LiveSession

ARGS = ["practice", "--only-bank", str(FIXTURES / "mini.yaml"), "--topic", "calculus", "--count",
        "4", "--seed", "1"]


def _two_answers_then(sig: int, home, tmpdir) -> LiveSession:
    s = LiveSession(ARGS, home, tmpdir=tmpdir)
    s.expect("Question 1/4")
    s.send(":s", ":s")
    s.expect("Question 3/4")
    s.proc.send_signal(sig)
    return s


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_saves_the_answers_given(home, tmp_path, sig):
    s = _two_answers_then(sig, home, tmp_path)
    code = s.finish()
    assert code == 128 + sig, s.text
    assert "Interrupted" in s.text and "Summary" in s.text
    assert len(ProgressStore(home).load().attempts) == 2
    assert "Traceback" not in s.text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_with_an_unwritable_data_dir_writes_the_fallback_file(tmp_path, sig):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")  # the data dir cannot be created, even by root
    spare = tmp_path / "tmp"
    spare.mkdir(exist_ok=True)
    s = _two_answers_then(sig, blocker / "home", spare)
    code = s.finish()
    assert code == 128 + sig, s.text
    files = list(spare.glob("aiquiz-unsaved-*.jsonl"))
    assert len(files) == 1, s.text
    assert [json.loads(x)["status"] for x in files[0].read_text().splitlines()] == \
        ["skipped", "skipped"]


def test_a_signal_after_the_terminal_is_gone_still_saves(home, tmp_path):
    """SIGHUP usually comes with the terminal gone: output fails, saving must not."""
    s = LiveSession(ARGS, home, tmpdir=tmp_path)
    s.expect("Question 1/4")
    s.send(":s")
    s.expect("Question 2/4")
    s.proc.stdout.close()  # nobody reads the output any more
    s.proc.send_signal(signal.SIGHUP)
    assert s.proc.wait(timeout=60) == 128 + signal.SIGHUP
    assert len(ProgressStore(home).load().attempts) == 1
