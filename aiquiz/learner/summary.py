"""The snapshot's summary (`progress.summary.json`): its tally, so that `aiquiz progress` and the
start of a practice session read one small file instead of a history of 100,000 attempts.

It is only a cache, bound to one snapshot: the snapshot's id (from its header) and the
snapshot file's size, modification and change times and inode. Any edit of the snapshot, even
one that keeps its header, its size and its modification time, changes its change time (which
only the kernel sets), and the summary is then stale: rebuilt from the snapshot, never trusted.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..atomic import write_atomic
from ..safeio import loads, open_regular, read_regular

MAX_SUMMARY_BYTES = 64_000_000


def fingerprint(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def snapshot_header(path: Path) -> tuple[int | None, str | None, bool]:
    """(format, snapshot id, looks complete) of a snapshot, from its first and last bytes."""
    try:
        fd = open_regular(path)
    except OSError:
        return None, None, False
    try:
        head = os.pread(fd, 200, 0)
        tail = os.pread(fd, 2, max(0, os.fstat(fd).st_size - 2))
    except OSError:
        return None, None, False
    finally:
        os.close(fd)
    m = re.match(rb'\{"format":(\d+)(?:,"snapshot":"([0-9a-f]{32})")?', head)
    if not m:
        return None, None, False
    return int(m.group(1)), (m.group(2) or b"").decode() or None, tail == b"]}"


class SummaryFile:
    def __init__(self, path: Path, fmt: int):
        self.path = Path(path)
        self.format = fmt

    def current(self, snapshot: Path) -> dict | None:
        """The saved summary if it belongs to the snapshot as it is now, else None."""
        try:
            st = os.lstat(snapshot)
            raw, _ = read_regular(self.path, limit=MAX_SUMMARY_BYTES)
            data = loads(raw)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != self.format \
                or data.get("stat") != fingerprint(st) or data.get("snapshot") is None \
                or data.get("snapshot") != snapshot_header(snapshot)[1] \
                or not isinstance(data.get("summary"), dict):
            return None
        return data["summary"]

    def write(self, snapshot_id: str | None, stat: list[int], summary: dict) -> None:
        if snapshot_id is None:
            return
        payload = json.dumps({"format": self.format, "snapshot": snapshot_id, "stat": stat,
                              "summary": summary}, separators=(",", ":")).encode()
        try:
            # its own temp-name prefix: a compaction cleaning up after a crash never removes it
            write_atomic(self.path, payload, durable=True, prefix=".summary-")
        except OSError:
            pass  # only a cache: reports fall back to reading the history
