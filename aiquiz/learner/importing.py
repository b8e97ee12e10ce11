"""Merging answers a session could not save (its fallback file) into the progress store."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import StoreError
from .store import ProgressStore


def import_attempts(store: ProgressStore, path: str | os.PathLike) -> int:
    """Record the attempts of a JSON-lines file (a session's fallback file). Attempts already in
    the store (same id) are not added twice. Returns how many were new."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    known = {a.get("id") for a in store.load().attempts}
    added = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            raise StoreError(f"{path}:{number}: not a JSON attempt; was this file written by "
                             "aiquiz?") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) \
                or "category" not in rec:
            raise StoreError(f"{path}:{number}: not an aiquiz attempt (needs id and category)")
        if rec["id"] in known:
            continue
        store.record(rec)
        known.add(rec["id"])
        added += 1
    from .state import compact

    compact(store)
    return added
