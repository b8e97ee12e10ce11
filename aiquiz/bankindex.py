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

from . import __version__
from .paths import cache_dir

if TYPE_CHECKING:
    from .model import Bank

FORMAT = 1
KINDS = ("mle", "research", "conceptual", "numeric", "derivation")


def describe(bank: "Bank") -> dict:
    counts: dict[str, dict[str, int]] = {}
    for q in bank.questions:
        c = counts.setdefault(q.topic, {"all": 0, **{k: 0 for k in KINDS}})
        c["all"] += 1
        c[q.type] += 1
        for role in q.roles:
            c[role] += 1
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
        import tempfile

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w") as fh:
                json.dump({"format": FORMAT, "version": __version__, "entries": self.entries}, fh)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache: failing to write it only costs speed
        self.dirty = False
