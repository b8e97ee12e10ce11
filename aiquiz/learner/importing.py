"""Merging answers a session could not save (its fallback file) into the progress store."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import StoreError
from ..safeio import loads, read_regular
from .records import attempt_problem
from .store import ProgressStore

BATCH = 1000  # attempts per append: one write and one fsync each
MAX_IMPORT_BYTES = 256_000_000


@dataclass
class ImportResult:
    added: int = 0        # new attempts recorded
    known: int = 0        # already in the store (same id): not added twice
    warnings: list[str] = field(default_factory=list)


def import_attempts(store: ProgressStore, path: str | os.PathLike) -> ImportResult:
    """Record the attempts of a JSON-lines file (a session's fallback file). Every line is
    checked as any record read from disk; invalid ones are left out with one warning. Attempts
    already in the store (same id) are not added twice, so an import cut short (full disk) can
    simply be run again; its error says how many were recorded before it stopped."""
    try:
        raw, _ = read_regular(path, limit=MAX_IMPORT_BYTES + 1, follow=True)
        lines = raw.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(f"cannot read {path}: {why}") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise StoreError(f"{path} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB; "
                         "is it an aiquiz file of unsaved answers?")
    result = ImportResult()
    known = {a["id"] for a in store.load().attempts}
    todo: list[dict] = []
    bad: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = loads(line)
        except ValueError as exc:
            bad.append(f"line {number}: not JSON ({exc})")
            continue
        problem = attempt_problem(rec)
        if problem is not None:
            bad.append(f"line {number}: {problem}")
        elif rec["id"] in known:
            result.known += 1
        else:
            known.add(rec["id"])
            todo.append(rec)
    if bad:
        result.warnings.append(f"{len(bad)} line(s) of {path} are not valid attempts and were "
                               f"not imported (first, {bad[0][:120]})")
    for start in range(0, len(todo), BATCH):
        try:
            store.record_many(todo[start:start + BATCH])
        except StoreError as exc:
            raise StoreError(f"{exc.message}. {result.added} of {len(todo)} new answer(s) were "
                             "imported before that; run the same import again once it is fixed "
                             "(answers already imported are not added twice)") from None
        result.added += len(todo[start:start + BATCH])
    from .tally import summarise

    try:
        store.compact(summarise)
    except StoreError as exc:  # every answer is in the journal already: nothing is lost
        result.warnings.append(f"{exc.message}; the answers are saved and will be folded into "
                               "progress.json by a later session")
    return result
