"""The learner's progress: every attempt, kept safe.

Layout in the data dir:
- `progress.json`    snapshot `{"format": 1, "attempts": [...]}`, replaced atomically
                     (temp file in the same folder, fsync, rename, fsync of the folder);
- `progress.journal` attempts recorded since the snapshot, one JSON object per line, each append
                     fsynced before it is acknowledged; a torn last line (crash mid-write) is
                     ignored on load, since it was never acknowledged;
- `progress.json.bak` the previous snapshot (hard link, kept at every compaction);
- `progress.lock`    an advisory lock held while appending or compacting, so two sessions in two
                     terminals merge their attempts instead of overwriting each other;
- `progress.summary.json` the snapshot's tally (see `summary.py`), a cache;
- `progress.set-aside.jsonl` records that were not valid attempts (see `records.py`), moved out
                     of the snapshot and journal at compaction, never counted, never deleted.

Recording an answer is an O(1) append, whatever the history size; `compact` folds the journal into
the snapshot at the end of a session. Every attempt has a unique id, so a crash between writing a
snapshot and truncating the journal cannot double-count.

Nothing here follows a symbolic link inside the data dir (a linked journal would append attempts
to whatever it points at), reads anything but a regular file, or takes a short write for a
complete one (a nearly full disk).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import fsync_dir, write_atomic
from ..errors import NewerFormatError, StoreError
from ..safeio import NOT_A_LINK, drop_partial_line, is_link, loads, read_regular, write_all
from .records import aside, attempt_problem, describe_bad, keep_aside
from .summary import SummaryFile, fingerprint, snapshot_header

FORMAT = 1
LAZY_SNAPSHOT_BYTES = 2_000_000
LAZY_JOURNAL_BYTES = 256_000
# the temp names write_atomic gives the snapshot (mkstemp: 8 of [a-z0-9_]) and its backup link;
# a compaction killed mid-way leaves these, and only these are cleaned up
OWN_TEMP = re.compile(r"\.progress-(?:[a-z0-9_]{8}\.tmp|bak-[0-9a-f]{32})")


@dataclass
class History:
    attempts: list[dict]
    warnings: list[str] = field(default_factory=list)
    set_aside: list[dict] = field(default_factory=list)  # invalid records, with why


@dataclass
class Snapshot:
    attempts: list  # as read: not yet checked
    snapshot_id: str | None
    stat: list[int]


def new_attempt_id() -> str:
    return os.urandom(16).hex()  # as unique as uuid4, without importing uuid at start-up


def _why(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class ProgressStore:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self.path = self.dir / "progress.json"
        self.journal = self.dir / "progress.journal"
        self.backup = self.dir / "progress.json.bak"
        self.lockfile = self.dir / "progress.lock"
        self.summary = self.dir / "progress.summary.json"
        self.aside_file = self.dir / "progress.set-aside.jsonl"
        self.summaries = SummaryFile(self.summary, FORMAT)

    # ---------------------------------------------------------------------------- locking
    @contextlib.contextmanager
    def _locked(self):
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lockfile, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o644)
        except OSError as exc:
            why = NOT_A_LINK if is_link(self.lockfile) else exc.strerror
            raise StoreError(f"cannot write to {self.dir}: {why}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _refuse_linked_journal(self) -> None:
        if is_link(self.journal):
            raise StoreError(f"could not save progress to {self.journal}: {NOT_A_LINK}; move "
                             "it away and run aiquiz again")

    # ----------------------------------------------------------------------------- reading
    def read_snapshot(self, path: Path) -> Snapshot:
        """The snapshot at `path`, unchecked records and all; ValueError/OSError if it cannot
        be read, NewerFormatError if a newer aiquiz wrote it."""
        raw, st = read_regular(path)
        text = raw.decode("utf-8")
        del raw  # a big history: never hold its bytes, its text and its objects at once
        data = loads(text)
        del text
        if not isinstance(data, dict) or not isinstance(data.get("attempts"), list):
            raise ValueError("not an aiquiz progress file")
        fmt = data.get("format")
        if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT:
            raise NewerFormatError(
                f"{path} was written by a newer aiquiz (format {fmt}, this one reads {FORMAT}); "
                "upgrade aiquiz (pip install -U aiquiz)")
        if fmt != FORMAT:
            raise ValueError(f"unknown format {fmt!r}")
        sid = data.get("snapshot")
        return Snapshot(data["attempts"], sid if isinstance(sid, str) else None, fingerprint(st))

    def _base(self, h: History) -> Snapshot | None:
        """The snapshot, or the last good copy when it is damaged (which is then kept aside
        under another name, never silently replaced)."""
        if os.path.lexists(self.path):
            try:
                return self.read_snapshot(self.path)
            except NewerFormatError:
                raise
            except (ValueError, OSError) as exc:
                moved = self.path.with_name(
                    f"progress.json.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
                with contextlib.suppress(OSError):
                    os.replace(self.path, moved)
                msg = f"{self.path} could not be read ({_why(exc)}); it was kept as {moved.name}"
                snap = None
                if os.path.lexists(self.backup):
                    try:
                        snap = self.read_snapshot(self.backup)
                        msg += f" and the last good copy ({len(snap.attempts)} records) is used"
                    except (ValueError, OSError):
                        msg += "; the backup is unreadable too, starting empty"
                h.warnings.append(msg)
                return snap
        if os.path.lexists(self.backup):
            # crashed between keeping the backup and renaming the new snapshot in
            with contextlib.suppress(ValueError, OSError):
                return self.read_snapshot(self.backup)
        return None

    def load(self) -> History:
        """Everything recorded so far, every record checked; invalid ones are set aside with
        a warning. A corrupt snapshot is never silently replaced: it is kept aside, the learner
        is told, and the last good copy is used."""
        h = History([])
        seen: set[str] = set()
        base = self._base(h)
        if base is not None:
            self._take(base.attempts, self.path.name, h, seen)
        self._read_journal(h, seen)
        return h

    @staticmethod
    def _take(records: list, source: str, h: History, seen: set[str]) -> None:
        bad: list[dict] = []
        for i, rec in enumerate(records, 1):
            problem = attempt_problem(rec)
            if problem is not None:
                bad.append(aside(source, f"record {i}: {problem}", record=rec))
            elif rec["id"] not in seen:
                seen.add(rec["id"])
                h.attempts.append(rec)
        if bad:
            h.set_aside.extend(bad)
            h.warnings.append(describe_bad(len(bad), source, bad[0]["problem"])
                              + "; they are moved to progress.set-aside.jsonl at the next save")

    def _read_journal(self, h: History, seen: set[str]) -> None:
        """Add the journal's valid attempts not already in `seen` (ids) to `h`."""
        try:
            raw, _ = read_regular(self.journal)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            if is_link(self.journal):
                h.warnings.append(f"{self.journal} was not read: {NOT_A_LINK}")
                return
            raise StoreError(f"cannot read {self.journal}: {_why(exc)}") from None
        lines = raw.split(b"\n")
        records: list = []
        damaged: list[dict] = []
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                records.append(loads(line))
            except ValueError as exc:
                if i != len(lines) - 1:  # the torn last line of a crash is expected
                    damaged.append(aside(self.journal.name, f"line {i + 1}: not JSON ({exc})",
                                          text=line.decode("utf-8", "replace")))
        if damaged:
            h.set_aside.extend(damaged)
            h.warnings.append(f"{len(damaged)} damaged line(s) in {self.journal.name} were "
                              f"skipped (first: {damaged[0]['problem'][:80]}); they are moved "
                              "to progress.set-aside.jsonl at the next save")
        self._take(records, self.journal.name, h, seen)

    # ----------------------------------------------------------------------------- writing
    def record(self, attempt: dict) -> None:
        """Append one attempt durably. Raises StoreError (read-only dir, full disk...)."""
        self.record_many([attempt])

    def record_many(self, attempts: list[dict]) -> None:
        """Append attempts durably with one write and one fsync; all or none are acknowledged.

        They are acknowledged when this returns: their lines, newlines included, are written in
        full and fsynced. A line without its newline can only be a write that a crash cut short
        (never acknowledged), so it is truncated away before appending; a write that fails or
        falls short (full disk) is truncated away at once and raises StoreError."""
        data = b"".join((json.dumps(a, separators=(",", ":")) + "\n").encode()
                        for a in attempts)
        with self._locked():
            self._refuse_linked_journal()
            try:
                fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o644)
                try:
                    if not stat.S_ISREG(os.fstat(fd).st_mode):
                        raise OSError(0, "not a regular file")
                    drop_partial_line(fd)
                    start = os.fstat(fd).st_size
                    try:
                        write_all(fd, data)
                        os.fsync(fd)
                    except OSError:
                        with contextlib.suppress(OSError):
                            os.ftruncate(fd, start)  # no half-written line left behind
                        raise
                finally:
                    os.close(fd)
            except OSError as exc:
                raise StoreError(f"could not save progress to {self.journal}: "
                                 f"{_why(exc)}") from None

    def compact(self, summarise=None, lazy: bool = False) -> int:
        """Fold the journal into the snapshot. Returns the number of attempts stored (-1 when
        a lazy compaction was skipped).

        `summarise(attempts) -> dict`, if given, is saved beside the snapshot, bound to it (see
        summary.py), so reports need not re-read the whole history.
        `lazy` skips the rewrite while it would be expensive (snapshot over 2 MB) and the
        journal is still short (under 256 KB, about a thousand answers): the end of a session
        then costs nothing however long the history, and nothing is less safe, since the
        journal is as durable as the snapshot."""
        if lazy and self._size(self.path) > LAZY_SNAPSHOT_BYTES \
                and self._size(self.journal) < LAZY_JOURNAL_BYTES:
            return -1
        with self._locked():
            self._refuse_linked_journal()
            self._remove_own_temp_files()
            history = self.load()
            if not os.path.lexists(self.journal) and not history.set_aside and (
                    summarise is None or self.summaries.current(self.path) is not None):
                return len(history.attempts)
            try:
                keep_aside(self.aside_file, history.set_aside)
            except OSError as exc:
                raise StoreError(f"could not save progress to {self.aside_file}: "
                                 f"{_why(exc)}") from None
            snapshot_id, st = self._write_snapshot(history.attempts)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.journal)
            fsync_dir(self.dir)
            if summarise is not None:
                self.summaries.write(snapshot_id, fingerprint(st), summarise(history.attempts))
            return len(history.attempts)

    def _remove_own_temp_files(self) -> None:
        """Delete what a compaction killed mid-way left: only names write_atomic gives the
        snapshot's temp file and backup link, and only regular files."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.dir):
                if OWN_TEMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _write_snapshot(self, attempts: list[dict]) -> tuple[str, os.stat_result]:
        snapshot_id = os.urandom(16).hex()
        # "format" and "snapshot" come first so `_header` can read them without parsing it all
        payload = json.dumps({"format": FORMAT, "snapshot": snapshot_id, "attempts": attempts},
                             separators=(",", ":")).encode()
        try:
            write_atomic(self.path, payload, durable=True, keep=self.backup, prefix=".progress-")
            return snapshot_id, os.lstat(self.path)
        except OSError as exc:
            raise StoreError(f"could not save progress to {self.path}: {exc.strerror}") from None

    @staticmethod
    def _size(path: Path) -> int:
        try:
            return os.lstat(path).st_size
        except OSError:
            return 0

    # ------------------------------------------------------------------- cheap reads
    def _header(self) -> tuple[int | None, str | None, bool]:
        return snapshot_header(self.path)

    def check(self) -> list[str]:
        """Cheap start-of-session check: refuses a newer format (NewerFormatError) and, if the
        snapshot does not look intact, does the full load that sets it aside and warns."""
        if not os.path.lexists(self.path):
            return []
        fmt, _, complete = self._header()
        if fmt is not None and fmt > FORMAT:
            return self.load().warnings  # raises NewerFormatError with the full message
        if fmt == FORMAT and complete:
            return []
        return self.load().warnings

    def summary_and_journal(self, summarise=None) -> tuple[dict | None, list[dict], list[str]]:
        """The snapshot's saved summary and the journal's attempts; (None, [], []) when the
        summary is missing or stale and cannot be rebuilt, and the caller must read the whole
        history instead.

        The summary is bound to the snapshot's id and file (size, times, inode: a hand edit
        makes it stale). When it is stale and `summarise` is given, it is rebuilt from one read
        of the snapshot, so only the first command after a change pays for reading it all."""
        if not os.path.lexists(self.path):
            if os.path.lexists(self.backup):
                return None, [], []
            h = History([])
            self._read_journal(h, set())
            return {"cats": {}, "items": {}, "seen": [], "right": []}, h.attempts, h.warnings
        fmt, snapshot_id, complete = self._header()
        if fmt is not None and fmt > FORMAT:
            self.load()  # raises NewerFormatError with the full message
        if fmt != FORMAT or not complete or snapshot_id is None:
            return None, [], []
        summary = self.summaries.current(self.path)
        journal = History([])
        self._read_journal(journal, set())
        if summary is None and summarise is not None:
            summary = self._rebuild_summary(summarise, journal)
        if summary is None:
            return None, [], []
        return summary, journal.attempts, journal.warnings

    def _rebuild_summary(self, summarise, journal: History) -> dict | None:
        """Summarise the snapshot (one read) and save that bound to it, unless something
        needs the full load's care (invalid records to set aside, attempts of the snapshot
        still in the journal after a compaction cut short): then None."""
        try:
            snap = self.read_snapshot(self.path)
        except (ValueError, OSError):
            return None
        valid = History([])
        self._take(snap.attempts, self.path.name, valid, set())
        ids = {a["id"] for a in valid.attempts}
        if valid.set_aside or any(a["id"] in ids for a in journal.attempts):
            return None
        summary = summarise(valid.attempts)
        self.summaries.write(snap.snapshot_id, snap.stat, summary)
        return summary
