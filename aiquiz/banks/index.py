"""An index of bank files, so listing topics or starting a drill does not read every bank.

For each bank file that loaded cleanly it records the bank id, which topics it holds and how
many questions of each role and type, and the hash of the text that loaded. An entry is keyed by
the file's resolved path and used only while the file's size, modification time, change time
and inode are unchanged: rewriting a file, even keeping its size and modification time, changes
its change time, which only the kernel sets. Questions are only ever built from the file's text
after checking it still has the recorded hash (`reader.read_trusted_bank`). `aiquiz topics` then
reads one small file, and `aiquiz practice --topic X` loads only the bank files that contain X.
The index lives in the cache dir and is rebuilt on demand; an entry that is not exactly what this
module writes is dropped, and it never holds anything a bank file does not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..atomic import write_atomic
from ..paths import cache_dir
from ..safeio import loads, read_regular

if TYPE_CHECKING:
    from .model import Bank

FORMAT = 2
MAX_INDEX_BYTES = 20_000_000


def describe(bank: "Bank") -> dict:
    counts: dict[str, dict[str, int]] = {}
    for q in bank.questions:
        c = counts.setdefault(q.topic, {"all": 0})
        c["all"] += 1
        c[q.type] = c.get(q.type, 0) + 1
        for role in q.roles:
            c[role] = c.get(role, 0) + 1
    return {"bank": bank.id, "questions": len(bank.questions), "counts": counts}


def _valid_entry(e) -> bool:
    return isinstance(e, dict) and isinstance(e.get("stat"), list) \
        and all(isinstance(x, int) for x in e["stat"]) and isinstance(e.get("sha"), str) \
        and isinstance(e.get("bank"), str) and isinstance(e.get("counts"), dict) \
        and all(isinstance(t, str) and isinstance(c, dict)
                and all(isinstance(k, str) and isinstance(v, int) for k, v in c.items())
                for t, c in e["counts"].items())


class BankIndex:
    def __init__(self) -> None:
        base = cache_dir()
        self.path = base / "index.json" if base is not None else None
        self.entries: dict[str, dict] = {}
        self.dirty = False
        if self.path is None:
            return
        try:
            data = loads(read_regular(self.path, limit=MAX_INDEX_BYTES)[0])
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT \
                and data.get("version") == __version__ and isinstance(data.get("entries"), dict):
            self.entries = {k: e for k, e in data["entries"].items() if _valid_entry(e)}

    @staticmethod
    def _key(file: Path) -> tuple[str, list[int]] | None:
        try:
            st = file.stat()
        except OSError:
            return None
        return str(file.resolve()), [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino,
                                     st.st_dev]

    def lookup(self, file: Path) -> dict | None:
        key = self._key(file)
        if key is None:
            return None
        entry = self.entries.get(key[0])
        if entry is not None and entry["stat"] == key[1]:
            return entry
        return None

    def record(self, file: Path, bank: "Bank") -> None:
        key = self._key(file)
        if key is None or not bank.digest:
            return
        self.entries[key[0]] = {"stat": key[1], "sha": bank.digest, **describe(bank)}
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
