"""The learner's progress: every attempt, kept safe.

Layout in the data dir:
- `progress.json`    snapshot `{"format": 1, "attempts": [...]}`, replaced atomically
                     (temp file in the same folder, fsync, rename, fsync of the folder);
- `progress.journal` attempts recorded since the snapshot, one JSON object per line, each append
                     fsynced before it is acknowledged; a torn last line (crash mid-write) is
                     ignored on load, since it was never acknowledged;
- `progress.json.bak` the previous snapshot (hard link, kept at every compaction);
- `progress.lock`    an advisory lock held while appending or compacting, so two sessions in two
                     terminals merge their attempts instead of overwriting each other.

Recording an answer is an O(1) append, whatever the history size; `compact` folds the journal into
the snapshot at the end of a session. Every attempt has a unique id, so a crash between writing a
snapshot and truncating the journal cannot double-count.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import fsync_dir, write_atomic
from ..errors import NewerFormatError, StoreError

FORMAT = 1
LAZY_SNAPSHOT_BYTES = 2_000_000
LAZY_JOURNAL_BYTES = 256_000


@dataclass
class History:
    attempts: list[dict]
    warnings: list[str] = field(default_factory=list)


def new_attempt_id() -> str:
    return os.urandom(16).hex()  # as unique as uuid4, without importing uuid at start-up


def _drop_torn_tail(fd: int) -> None:
    size = os.fstat(fd).st_size
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return
    pos = size
    while pos > 0:
        start = max(0, pos - 65536)
        chunk = os.pread(fd, pos - start, start)
        nl = chunk.rfind(b"\n")
        if nl >= 0:
            os.ftruncate(fd, start + nl + 1)
            return
        pos = start
    os.ftruncate(fd, 0)


class ProgressStore:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self.path = self.dir / "progress.json"
        self.journal = self.dir / "progress.journal"
        self.backup = self.dir / "progress.json.bak"
        self.lockfile = self.dir / "progress.lock"
        self.summary = self.dir / "progress.summary.json"

    # ---------------------------------------------------------------------------- locking
    @contextlib.contextmanager
    def _locked(self):
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lockfile, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot write to {self.dir}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # ----------------------------------------------------------------------------- reading
    def _read_snapshot(self, path: Path) -> list[dict]:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("attempts"), list):
            raise ValueError("not an aiquiz progress file")
        fmt = data.get("format")
        if isinstance(fmt, int) and fmt > FORMAT:
            raise NewerFormatError(
                f"{path} was written by a newer aiquiz (format {fmt}, this one reads {FORMAT}); "
                "upgrade aiquiz (pip install -U aiquiz)")
        if fmt != FORMAT:
            raise ValueError(f"unknown format {fmt!r}")
        return [a for a in data["attempts"] if isinstance(a, dict)]

    def load(self) -> History:
        """Everything recorded so far. A corrupt snapshot is never silently replaced: it is kept
        aside, the learner is told, and the last good copy is used."""
        warnings: list[str] = []
        attempts: list[dict] = []
        if self.path.exists():
            try:
                attempts = self._read_snapshot(self.path)
            except NewerFormatError:
                raise
            except (ValueError, UnicodeDecodeError, OSError) as exc:
                aside = self.path.with_name(f"progress.json.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
                with contextlib.suppress(OSError):
                    os.replace(self.path, aside)
                msg = f"{self.path} could not be read ({exc}); it was kept as {aside.name}"
                if self.backup.exists():
                    try:
                        attempts = self._read_snapshot(self.backup)
                        msg += f" and the last good copy ({len(attempts)} attempts) is used"
                    except (ValueError, UnicodeDecodeError, OSError):
                        msg += "; the backup is unreadable too, starting empty"
                warnings.append(msg)
        elif self.backup.exists():
            # crashed between keeping the backup and renaming the new snapshot in
            with contextlib.suppress(ValueError, UnicodeDecodeError, OSError):
                attempts = self._read_snapshot(self.backup)
        journal, journal_warnings = self._read_journal({a.get("id") for a in attempts})
        attempts.extend(journal)
        warnings.extend(journal_warnings)
        return History(attempts, warnings)

    def _read_journal(self, seen: set) -> tuple[list[dict], list[str]]:
        """Attempts in the journal not already in `seen` (ids), and any warnings."""
        if not self.journal.exists():
            return [], []
        try:
            raw = self.journal.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot read {self.journal}: {exc.strerror}") from None
        lines = raw.split(b"\n")
        out: list[dict] = []
        bad = 0
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                if i != len(lines) - 1:  # the torn last line of a crash is expected
                    bad += 1
                continue
            if isinstance(rec, dict) and rec.get("id") not in seen:
                seen.add(rec.get("id"))
                out.append(rec)
        warnings = [f"{bad} damaged line(s) in {self.journal.name} were skipped"] if bad else []
        return out, warnings

    # ----------------------------------------------------------------------------- writing
    def record(self, attempt: dict) -> None:
        """Append one attempt durably. Raises StoreError (read-only dir, full disk...).

        The attempt is acknowledged when this returns: its line, newline included, is fsynced.
        A line without its newline can only be a write that a crash cut short (never
        acknowledged), so it is truncated away before appending.
        """
        line = (json.dumps(attempt, separators=(",", ":")) + "\n").encode()
        with self._locked():
            try:
                fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    _drop_torn_tail(fd)
                    os.write(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise StoreError(f"could not save progress to {self.journal}: "
                                 f"{exc.strerror}") from None

    def compact(self, summarise=None, lazy: bool = False) -> int:
        """Fold the journal into the snapshot. Returns the number of attempts stored (-1 when
        a lazy compaction was skipped).

        `summarise(attempts) -> dict`, if given, is saved beside the snapshot with the
        snapshot's id, so reports need not re-read the whole history (see report.py).
        `lazy` skips the rewrite while it would be expensive (snapshot over 2 MB) and the
        journal is still short (under 256 KB, about a thousand answers): the end of a session
        then costs nothing however long the history, and nothing is less safe, since the
        journal is as durable as the snapshot."""
        if lazy and self._size(self.path) > LAZY_SNAPSHOT_BYTES \
                and self._size(self.journal) < LAZY_JOURNAL_BYTES:
            return -1
        with self._locked():
            for stale in self.dir.glob(".progress-*"):  # left by a compaction killed mid-way
                with contextlib.suppress(OSError):
                    stale.unlink()
            history = self.load()
            if not self.journal.exists() and (summarise is None or self._summary_current()):
                return len(history.attempts)
            snapshot_id = self._write_snapshot(history.attempts)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.journal)
            fsync_dir(self.dir)
            if summarise is not None:
                self._write_summary(snapshot_id, summarise(history.attempts))
            return len(history.attempts)

    def _write_snapshot(self, attempts: list[dict]) -> str:
        snapshot_id = os.urandom(16).hex()
        # "format" and "snapshot" come first so `_header` can read them without parsing it all
        payload = json.dumps({"format": FORMAT, "snapshot": snapshot_id, "attempts": attempts},
                             separators=(",", ":")).encode()
        try:
            write_atomic(self.path, payload, durable=True, keep=self.backup, prefix=".progress-")
        except OSError as exc:
            raise StoreError(f"could not save progress to {self.path}: {exc.strerror}") from None
        return snapshot_id

    def _write_summary(self, snapshot_id: str, summary: dict) -> None:
        payload = json.dumps({"format": FORMAT, "snapshot": snapshot_id, "summary": summary},
                             separators=(",", ":")).encode()
        try:
            write_atomic(self.summary, payload, durable=True, prefix=".progress-")
        except OSError:
            pass  # only a cache: reports fall back to reading the history

    @staticmethod
    def _size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    # ------------------------------------------------------------------- cheap reads
    def _header(self) -> tuple[int | None, str | None, bool]:
        """(format, snapshot id, looks complete) read from the snapshot's first and last bytes."""
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(200)
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - 2))
                tail = fh.read(2)
        except OSError:
            return None, None, False
        m = re.match(rb'\{"format":(\d+)(?:,"snapshot":"([0-9a-f]{32})")?', head)
        if not m:
            return None, None, False
        return int(m.group(1)), (m.group(2) or b"").decode() or None, tail == b"]}"

    def _summary_current(self) -> bool:
        _, snapshot_id, _ = self._header()
        try:
            data = json.loads(self.summary.read_bytes())
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and snapshot_id is not None \
            and data.get("snapshot") == snapshot_id

    def check(self) -> list[str]:
        """Cheap start-of-session check: refuses a newer format (NewerFormatError) and, if the
        snapshot does not look intact, does the full load that sets it aside and warns."""
        if not self.path.exists():
            return []
        fmt, _, complete = self._header()
        if fmt is not None and fmt > FORMAT:
            return self.load().warnings  # raises NewerFormatError with the full message
        if fmt == FORMAT and complete:
            return []
        return self.load().warnings

    def summary_and_journal(self) -> tuple[dict | None, list[dict], list[str]]:
        """The snapshot's saved summary and the journal's attempts; (None, [], []) when the
        summary is missing or stale, and the caller must read the whole history instead.

        The summary is written last in `compact`, after the journal it folded in is removed, so
        a crash at any point leaves a stale summary, never one that would count twice."""
        if not self.path.exists():
            if self.backup.exists():
                return None, [], []
            journal, warnings = self._read_journal(set())
            return {"cats": {}, "items": {}, "seen": [], "right": []}, journal, warnings
        fmt, snapshot_id, complete = self._header()
        if fmt is not None and fmt > FORMAT:
            self.load()  # raises NewerFormatError with the full message
        if fmt != FORMAT or not complete or snapshot_id is None:
            return None, [], []
        try:
            data = json.loads(self.summary.read_bytes())
        except (OSError, ValueError):
            return None, [], []
        if not isinstance(data, dict) or data.get("snapshot") != snapshot_id \
                or not isinstance(data.get("summary"), dict):
            return None, [], []
        journal, warnings = self._read_journal(set())
        return data["summary"], journal, warnings
