"""SIGKILL at random moments while attempts are recorded and compacted: the progress file always
loads, and every attempt acknowledged before the kill is still there."""

from __future__ import annotations

import os
import random
import signal
import time

from aiquiz.learner.store import ProgressStore, new_attempt_id

KILLS = int(os.environ.get("AIQUIZ_CRASH_KILLS", "200"))


def _writer(directory, ack_fd: int) -> None:  # runs in the forked child until killed
    store = ProgressStore(directory)
    n = 0
    while True:
        attempt = {"id": new_attempt_id(), "question": "b/q", "category": "Calculus",
                   "correct": True}
        store.record(attempt)
        os.write(ack_fd, (attempt["id"] + "\n").encode())  # acknowledged
        n += 1
        if n % 5 == 0:
            store.compact()


def test_sigkill_during_writes_loses_no_acknowledged_attempt(tmp_path):
    rng = random.Random(20261121)
    acknowledged: set[str] = set()
    for _ in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(r)
            try:
                _writer(tmp_path, w)
            finally:
                os._exit(1)
        os.close(w)
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = b""
        while chunk := os.read(r, 65536):
            data += chunk
        os.close(r)
        acknowledged |= {line for line in data.decode().split("\n")[:-1]}
        history = ProgressStore(tmp_path).load()
        assert not history.warnings, history.warnings
        stored = {a["id"] for a in history.attempts}
        assert acknowledged <= stored
    assert len(acknowledged) > KILLS // 4  # the writers really were recording when killed
    final = ProgressStore(tmp_path)
    assert final.compact() >= len(acknowledged)
    assert not list(tmp_path.glob(".progress-*"))
