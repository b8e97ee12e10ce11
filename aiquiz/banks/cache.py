"""Parsed banks memoised on disk, keyed by a hash of the file's text.

Parsing YAML dominates start-up; a JSON copy of the parsed bank loads several times faster. The
cache holds only what the YAML itself could express and is validated the same way after loading,
so a stale or tampered entry can do no more than an edited bank file could. Any cache failure
just falls back to parsing. Deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from ..atomic import write_atomic
from .yamlsafe import Located, load_yaml

FORMAT = 2  # of a cache entry: bump when Located changes (2: marks with columns)


def _cache_dir() -> Path | None:
    from ..paths import cache_dir

    base = cache_dir()
    return base / "banks" if base is not None else None


def load_yaml_cached(text: str, path: str) -> Located:
    """`load_yaml`, memoised on disk by a hash of the text."""
    cache = _cache_dir()
    if cache is None:
        return load_yaml(text, path)
    key = hashlib.blake2b(f"{FORMAT}\n{text}".encode("utf-8", "replace"),
                          digest_size=16).hexdigest()
    entry = cache / f"{key}.json"
    try:
        with open(entry, "rb") as fh:
            raw = json.loads(fh.read())
        return Located(raw["data"], raw["question_lines"], raw["question_marks"],
                       raw["marks"], raw["duplicates"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    located = load_yaml(text, path)
    try:
        write_atomic(entry, json.dumps(asdict(located), separators=(",", ":")).encode())
    except (OSError, TypeError, ValueError):
        pass  # e.g. a YAML date that JSON cannot hold: just do not cache
    return located
