"""Parsed banks memoised on disk, bound to the exact text they were parsed from.

Parsing YAML dominates start-up; a JSON copy of the parsed bank loads several times faster. An
entry is named by a hash of the bank file's text and holds two lines: a header with that hash and
a checksum of the second line, the parsed bank. On reading, both must check out (the entry is for
this very text, and nothing in it was changed since it was written) or the entry is deleted and
the bank parsed from its source again: a damaged or edited entry is never used and never blamed
on the bank file. `aiquiz bank validate` and `bank test` do not use the cache at all.

The checksum is not a signature: someone who can write the cache dir and studies this format can
forge an entry that checks out, as they could edit the bank files themselves (see
docs/security.md). Entries not used for 30 days, and the oldest beyond 50 MB, are pruned.
Deleting the cache is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from dataclasses import asdict
from pathlib import Path

from ..atomic import write_atomic
from ..safeio import loads, read_regular
from .yamlsafe import Located, load_yaml

FORMAT = 3  # of a cache entry: bump when Located changes (3: marks with columns)
MAX_ENTRY_BYTES = 20_000_000
MAX_AGE_DAYS = 30
MAX_CACHE_BYTES = 50_000_000
PRUNE_EVERY = 86_400  # seconds between prunes
_ENTRY = re.compile(r"[0-9a-f]{32}\.json")
_TEMP = re.compile(r"\.tmp-[a-z0-9_]{8}\.tmp")


def _cache_dir() -> Path | None:
    from ..paths import cache_dir

    base = cache_dir()
    return base / "banks" if base is not None else None


def source_digest(text: str) -> str:
    """The hash a bank's text is known by (cache entry names, the bank index)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def _check(source: str, payload: bytes) -> str:
    return hashlib.blake2b(source.encode() + b"\n" + payload, digest_size=16).hexdigest()


def load_yaml_cached(text: str, path: str, *, cached: bool = True) -> Located:
    """`load_yaml`, memoised on disk by a hash of the text (`cached=False`: parse, no cache)."""
    cache = _cache_dir() if cached else None
    if cache is None:
        return load_yaml(text, path)
    source = source_digest(text)
    entry = cache / f"{source}.json"
    located = read_entry(entry, source)
    if located is not None:
        return located
    located = load_yaml(text, path)
    write_entry(entry, source, located)
    return located


def read_entry(entry: Path, source: str) -> Located | None:
    """The entry's parsed bank if it is intact and for `source`; else None, and a damaged entry
    is deleted."""
    try:
        raw, st = read_regular(entry, limit=MAX_ENTRY_BYTES)
    except FileNotFoundError:
        return None
    except OSError:
        _discard(entry)
        return None
    located = _decode(raw, source)
    if located is None:
        _discard(entry)
        return None
    if st.st_mtime < time.time() - PRUNE_EVERY:  # mark it used (at most once a day)
        with contextlib.suppress(OSError):
            os.utime(entry)
    return located


def _decode(raw: bytes, source: str) -> Located | None:
    head, _, payload = raw.partition(b"\n")
    try:
        header = loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT \
                or header.get("source") != source or header.get("check") != _check(source,
                                                                                     payload):
            return None
        body = loads(payload)
        located = Located(body["data"], body["question_lines"], body["question_marks"],
                          body["marks"], body["duplicates"])
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(located.question_lines, list)
            and all(_int(n) for n in located.question_lines)
            and isinstance(located.question_marks, list)
            and all(_mark_map(d) for d in located.question_marks)
            and _mark_map(located.marks)
            and isinstance(located.duplicates, list)
            and all(_duplicate(d) for d in located.duplicates)):
        return None
    return located


def _int(n) -> bool:
    return isinstance(n, int) and not isinstance(n, bool)


def _mark_map(d) -> bool:
    """path -> [line, column]"""
    return isinstance(d, dict) and all(
        isinstance(k, str) and isinstance(v, list) and len(v) == 2 and all(_int(n) for n in v)
        for k, v in d.items())


def _duplicate(d) -> bool:
    """[question index or -1, path, line, column, line of the first]"""
    return (isinstance(d, list) and len(d) == 5 and isinstance(d[1], str)
            and all(_int(d[i]) for i in (0, 2, 3, 4)))


def write_entry(entry: Path, source: str, located: Located) -> None:
    try:
        payload = json.dumps(asdict(located), separators=(",", ":")).encode()
    except (TypeError, ValueError, RecursionError):
        return  # e.g. a YAML date that JSON cannot hold: just do not cache
    header = json.dumps({"format": FORMAT, "source": source,
                         "check": _check(source, payload)}).encode()
    try:
        write_atomic(entry, header + b"\n" + payload)
    except OSError:
        return
    prune(entry.parent)


def _discard(entry: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(entry)


def prune(folder: Path, now: float | None = None, force: bool = False) -> int:
    """Delete cache entries not used for MAX_AGE_DAYS, then the least recently used beyond
    MAX_CACHE_BYTES, and temp files a killed write left; at most once a day unless `force`.
    Only names this module writes are touched. Returns how many files were deleted."""
    now = time.time() if now is None else now
    stamp = folder / ".pruned"
    try:
        if not force and now - os.lstat(stamp).st_mtime < PRUNE_EVERY:
            return 0
    except OSError:
        pass
    with contextlib.suppress(OSError):
        stamp.touch()
    entries = []
    deleted = 0
    try:
        listing = list(os.scandir(folder))
    except OSError:
        return 0
    for e in listing:
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        old = now - st.st_mtime
        if (_ENTRY.fullmatch(e.name) and old > MAX_AGE_DAYS * 86_400) \
                or (_TEMP.fullmatch(e.name) and old > PRUNE_EVERY):
            _discard(Path(e.path))
            deleted += 1
        elif _ENTRY.fullmatch(e.name):
            entries.append((st.st_mtime, st.st_size, e.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_CACHE_BYTES:
            break
        _discard(Path(path))
        deleted += 1
        total -= size
    return deleted
