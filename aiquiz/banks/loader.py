"""Loading banks for a session: all-or-nothing per file, bank ids unique, the index consulted so
a drill on one topic reads only the files that hold it."""

from __future__ import annotations

import os
import re

from ..errors import BankError
from .files import bank_files, bundled_banks_dir
from .model import Bank, Question
from .reader import read_bank, read_trusted_bank
from .sources import BUNDLED, as_sources, claim_id

_BANK_LINE = re.compile(r"^bank:[ \t]*[\"']?([a-z0-9][a-z0-9-]*)[\"']?[ \t]*(?:#.*)?$", re.M)


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
    sources = as_sources(paths)
    for bf in sources:
        f = bf.path
        entry = index.lookup(f)
        if entry is not None and topic is not None and topic not in entry["counts"]:
            claim_id(ids, entry["bank"], str(f))
            continue
        bank = read_trusted_bank(f, entry["sha"], topic) if entry is not None else None
        if bank is None:
            bank = load_bank(f)
            index.record(f, bank)
        claim_id(ids, bank.id, bank.path)
        banks.append(bank)
    if any(bf.source != BUNDLED for bf in sources):
        _refuse_bundled_ids(ids, index)
    index.save()
    return banks


def bundled_ids(index=None) -> dict[str, str]:
    """Bank id -> file of every bundled bank: from the index where it is current, else from
    the file's top-level `bank:` line (our own files: no need to parse them all)."""
    from .index import BankIndex
    from .reader import read_text

    index = index or BankIndex()
    out: dict[str, str] = {}
    for f in bank_files([bundled_banks_dir()]):
        entry = index.lookup(f)
        if entry is not None:
            out[entry["bank"]] = str(f)
            continue
        try:
            m = _BANK_LINE.search(read_text(f))
        except (OSError, UnicodeDecodeError):
            m = None
        out[m.group(1) if m else load_bank(f).id] = str(f)
    return out


def _refuse_bundled_ids(ids: dict[str, str], index) -> None:
    """Progress is kept under bank id/question id: a bank of one's own that takes a bundled
    bank's id would record its attempts under the bundled questions' keys."""
    bundled = bundled_ids(index)
    for bank_id, path in ids.items():
        other = bundled.get(bank_id)
        if other is not None and os.path.realpath(other) != os.path.realpath(path):
            raise BankError(f"bank id {bank_id!r} is already used by the bundled bank {other}; "
                            "progress is kept per bank id, so give this bank another id", path)


def all_questions(banks: list[Bank]) -> list[Question]:
    return [q for b in banks for q in b.questions]
