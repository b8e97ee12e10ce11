"""Loading banks for a session: all-or-nothing per file, bank ids unique, the index consulted so
a drill on one topic reads only the files that hold it."""

from __future__ import annotations

import os

from ..errors import BankError
from .files import bank_files, bundled_banks_dir
from .model import Bank, Question
from .reader import read_bank, read_trusted_bank


def load_bank(path: str | os.PathLike) -> Bank:
    """Load a bank, raising BankError on the first problem (sessions want all-or-nothing)."""
    bank, problems = read_bank(path)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run 'aiquiz bank validate')" \
            if len(problems) > 1 else ""
        raise BankError(first.message + more, first.path, first.line, first.qid)
    assert bank is not None
    return bank


def load_banks(paths: list[str | os.PathLike] | None = None,
               topic: str | None = None) -> list[Bank]:
    """Load the given banks (files or folders), or the bundled ones when none are given.

    With `topic`, bank files that the index says hold no question of that topic are not read.
    """
    from .index import BankIndex

    index = BankIndex()
    banks: list[Bank] = []
    ids: dict[str, str] = {}
    for f in bank_files(paths if paths else [bundled_banks_dir()]):
        entry = index.lookup(f)
        if entry is not None and topic is not None and topic not in entry["counts"]:
            _claim_id(ids, entry["bank"], str(f))
            continue
        bank = read_trusted_bank(f, topic) if entry is not None else None
        if bank is None:
            bank = load_bank(f)
            index.record(f, bank)
        _claim_id(ids, bank.id, bank.path)
        banks.append(bank)
    index.save()
    return banks


def _claim_id(ids: dict[str, str], bank_id: str, path: str) -> None:
    if bank_id in ids:
        raise BankError(f"bank id {bank_id!r} is also used by {ids[bank_id]}; bank ids must be "
                        "unique", path)
    ids[bank_id] = path


def all_questions(banks: list[Bank]) -> list[Question]:
    return [q for b in banks for q in b.questions]
