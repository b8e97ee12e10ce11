"""An index of bank files, so listing topics or starting a drill does not read every bank.

For each bank file that loaded cleanly it records the bank id, which topics it holds and how
many questions of each role and type, keyed by the file's resolved path and validated by its
size and modification time (as Python validates .pyc files). `aiquiz topics` then reads one
small file, and `aiquiz practice --topic X` loads only the bank files that contain X. The index
lives in the cache dir and is rebuilt on demand; it never holds anything a bank file does not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..atomic import write_atomic
from ..paths import cache_dir

if TYPE_CHECKING:
    from .model import Bank

FORMAT = 1


def describe(bank: "Bank") -> dict:
    counts: dict[str, dict[str, int]] = {}
    for q in bank.questions:
        c = counts.setdefault(q.topic, {"all": 0})
        c["all"] += 1
        c[q.type] = c.get(q.type, 0) + 1
        for role in q.roles:
            c[role] = c.get(role, 0) + 1
    return {"bank": bank.id, "questions": len(bank.questions), "counts": counts}


class BankIndex:
    def __init__(self) -> None:
        base = cache_dir()
        self.path = base / "index.json" if base is not None else None
        self.entries: dict[str, dict] = {}
        self.dirty = False
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("format") == FORMAT and data.get("version") == __version__:
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            self.entries = {}

    @staticmethod
    def _key(file: Path) -> tuple[str, list[int]] | None:
        try:
            st = file.stat()
        except OSError:
            return None
        return str(file.resolve()), [st.st_mtime_ns, st.st_size]

    def lookup(self, file: Path) -> dict | None:
        key = self._key(file)
        if key is None:
            return None
        entry = self.entries.get(key[0])
        if isinstance(entry, dict) and entry.get("stat") == key[1]:
            return entry
        return None

    def record(self, file: Path, bank: "Bank") -> None:
        key = self._key(file)
        if key is None:
            return
        self.entries[key[0]] = {"stat": key[1], **describe(bank)}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        payload = {"format": FORMAT, "version": __version__, "entries": self.entries}
        try:
            write_atomic(self.path, json.dumps(payload).encode())
        except OSError:
            pass  # a cache: failing to write it only costs speed
        self.dirty = False


def topic_counts(paths: list | None = None) -> dict[str, dict[str, int]]:
    """Questions per topic, by role and type, over the given banks (for `aiquiz topics`; paths
    as for `loader.load_banks`), from the index where it is current: only files that changed
    since they were indexed are loaded, and the bank loader is imported only then, which keeps
    `aiquiz topics` fast."""
    from .sources import as_sources, claim_id

    index = BankIndex()
    totals: dict[str, dict[str, int]] = {}
    ids: dict[str, str] = {}
    for bf in as_sources(paths):
        f = bf.path
        entry = index.lookup(f)
        if entry is None:
            from .loader import load_bank

            bank = load_bank(f)
            index.record(f, bank)
            entry = describe(bank)
        claim_id(ids, entry["bank"], str(f))
        for topic, c in entry["counts"].items():
            t = totals.setdefault(topic, {"all": 0})
            for k, v in c.items():
                t[k] = t.get(k, 0) + v
    index.save()
    return totals
