"""Question counts per topic, by role and type, for `aiquiz topics`.

Answered from the bank index; only files that changed since they were indexed are loaded (the
bank loader is imported only then, which keeps `aiquiz topics` fast).
"""

from __future__ import annotations

import os

from .bankfiles import bank_files, bundled_banks_dir
from .bankindex import KINDS, BankIndex, describe


def topic_counts(paths: list[str | os.PathLike] | None = None) -> dict[str, dict[str, int]]:
    """Questions per topic, by role and type, over the given banks, from the index where it is
    current (loading and indexing only the files that changed)."""
    index = BankIndex()
    totals: dict[str, dict[str, int]] = {}
    ids: dict[str, str] = {}
    for f in bank_files(paths if paths else [bundled_banks_dir()]):
        entry = index.lookup(f)
        if entry is None:
            from .banks import load_bank

            bank = load_bank(f)
            index.record(f, bank)
            entry = describe(bank)
        if entry["bank"] in ids:
            from .errors import BankError

            raise BankError(f"bank id {entry['bank']!r} is also used by {ids[entry['bank']]}; "
                            "bank ids must be unique", str(f))
        ids[entry["bank"]] = str(f)
        for topic, c in entry["counts"].items():
            t = totals.setdefault(topic, {"all": 0, **{k: 0 for k in KINDS}})
            for k, v in c.items():
                t[k] = t.get(k, 0) + v
    index.save()
    return totals
