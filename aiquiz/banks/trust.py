"""Which banks may run code (the `code` question type runs a bank's reference and generators).

Banks bundled with aiquiz are trusted. Any other bank file runs code only once the learner has
trusted it (`--trust`), which is remembered by the SHA-256 of the file's bytes in
`<data dir>/trusted-banks.json`: editing the file, or a different file at the same path, needs
trusting again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..atomic import write_atomic

_hashes: dict[tuple[str, int, int], str] = {}


def _store() -> Path:
    from ..paths import data_dir

    return data_dir() / "trusted-banks.json"


def file_hash(path: str | os.PathLike) -> str | None:
    try:
        st = os.stat(path)
        key = (os.path.realpath(path), st.st_size, st.st_mtime_ns)
        if key not in _hashes:
            with open(path, "rb") as fh:
                _hashes[key] = hashlib.sha256(fh.read()).hexdigest()
        return _hashes[key]
    except OSError:
        return None


def is_bundled(path: str | os.PathLike) -> bool:
    from .files import bundled_banks_dir

    try:
        Path(path).resolve().relative_to(bundled_banks_dir().resolve())
        return True
    except ValueError:
        return False


def _trusted_hashes() -> dict:
    try:
        data = json.loads(_store().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def is_trusted(path: str | os.PathLike) -> bool:
    if is_bundled(path):
        return True
    digest = file_hash(path)
    return digest is not None and digest in _trusted_hashes()


def trust(path: str | os.PathLike) -> None:
    """Remember that the bank file at `path`, as it is now, may run code."""
    if is_bundled(path):
        return
    digest = file_hash(path)
    if digest is None:
        return
    known = _trusted_hashes()
    if digest in known:
        return
    known[digest] = os.path.realpath(path)
    store = _store()
    store.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(store, json.dumps(known, indent=1).encode())


def untrusted_code_questions(questions) -> tuple[list, dict[str, int]]:
    """(questions that may be asked, {bank path: code questions left out because that bank is
    not trusted})."""
    keep, skipped = [], {}
    for q in questions:
        if q.qtype.runs_bank_code and not is_trusted(q.path):
            skipped[q.path] = skipped.get(q.path, 0) + 1
        else:
            keep.append(q)
    return keep, skipped


def skipped_message(skipped: dict[str, int]) -> list[str]:
    return [f"{n} code question{'s' if n > 1 else ''} of {path} skipped: that bank is not "
            "bundled with aiquiz and its code has not been trusted. If you trust its author, "
            "run again with --trust (see docs/security.md)." for path, n in skipped.items()]
