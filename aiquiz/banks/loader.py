"""Loading banks for a session: all-or-nothing per file, bank ids unique, the index consulted so
a drill on one topic reads only the files that hold it."""

from __future__ import annotations

import os

from ..errors import BankError
from .model import Bank, Question
from .reader import read_bank, read_trusted_bank
from .sources import as_sources, claim_id


def load_bank(path: str | os.PathLike) -> Bank:
    """Load a bank, raising BankError on the first problem (sessions want all-or-nothing)."""
    bank, problems = read_bank(path)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run 'aiquiz bank validate')" \
            if len(problems) > 1 else ""
        raise BankError(first.text + more, first.path, first.line, first.qid, first.column)
    assert bank is not None
    return bank


def load_banks(paths: list | None = None, topic: str | None = None) -> list[Bank]:
    """Load banks: `paths` may be BankFile items (sources.bank_sources), plain files and folders
    (used alone), or None for the default list (bundled banks and AIQUIZ_BANKS).

    With `topic`, bank files that the index says hold no question of that topic are not read.
    """
    from .index import BankIndex

    index = BankIndex()
    banks: list[Bank] = []
    ids: dict[str, str] = {}
    for bf in as_sources(paths):
        f = bf.path
        entry = index.lookup(f)
        if entry is not None and topic is not None and topic not in entry["counts"]:
            claim_id(ids, entry["bank"], str(f))
            continue
        bank = read_trusted_bank(f, topic) if entry is not None else None
        if bank is None:
            bank = load_bank(f)
            index.record(f, bank)
        claim_id(ids, bank.id, bank.path)
        banks.append(bank)
    index.save()
    return banks


def all_questions(banks: list[Bank]) -> list[Question]:
    return [q for b in banks for q in b.questions]
