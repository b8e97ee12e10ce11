"""Which bank files a command uses, and where each came from: the one place that decides.

    bundled banks  +  AIQUIZ_BANKS (a path list, os.pathsep-separated)  +  --bank PATH...
    or, with --only-bank PATH..., just those

Every command that reads banks (practice, interview, topics, check, bank stats, banks) resolves
its list here. Each file keeps its source, and its source decides its trust: what a bank from
that source may do beyond being read as data (run its code questions). Bundled banks are
trusted; a bank from anywhere else is "data only" until the learner trusts it with `--trust`,
which is remembered by the file's hash (`banks/trust.py`: editing the file needs trusting again).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import BankError
from .files import bank_files, bundled_banks_dir

ENV = "AIQUIZ_BANKS"
BUNDLED, FROM_ENV, FROM_OPTION = "bundled", "env", "option"
TRUSTED, DATA_ONLY = "trusted", "data only"
# source -> trust status; a source not listed is data only
TRUST: dict[str, str] = {BUNDLED: TRUSTED}


@dataclass(frozen=True)
class BankFile:
    path: Path
    source: str  # bundled | env | option

    @property
    def trust(self) -> str:
        return trust_of(self)


def trust_of(bank_file: BankFile) -> str:
    """What a bank file is trusted to do: "trusted" (bundled, or trusted by the learner with
    --trust, remembered by the file's hash: its code questions run) or "data only" (read as
    data; its code questions are skipped)."""
    status = TRUST.get(bank_file.source, DATA_ONLY)
    if status == TRUSTED:
        return status
    from .trust import is_trusted

    return TRUSTED if is_trusted(bank_file.path) else DATA_ONLY


def env_paths() -> list[Path]:
    raw = os.environ.get(ENV, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def bank_sources(add: list | None = None, only: list | None = None) -> list[BankFile]:
    """The bank files to use: `only` if given, else the bundled banks, then AIQUIZ_BANKS, then
    `add`. A file named twice is used once, with its first source."""
    if only:
        roots = [(Path(p), FROM_OPTION) for p in only]
    else:
        roots = [(bundled_banks_dir(), BUNDLED)]
        roots += [(p, FROM_ENV) for p in env_paths()]
        roots += [(Path(p), FROM_OPTION) for p in add or []]
    out: list[BankFile] = []
    seen: set[Path] = set()
    for root, source in roots:
        try:
            files = bank_files([root])
        except BankError as exc:
            if source == FROM_ENV:
                raise BankError(f"{exc.reason} (named in {ENV})", str(root)) from None
            raise
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(BankFile(f, source))
    return out


def as_sources(paths: list | None) -> list[BankFile]:
    """Bank files from what a caller passed: None means the default list (bundled banks and
    AIQUIZ_BANKS); BankFile items are kept; paths are used alone, as --only-bank would."""
    if paths is None:
        return bank_sources()
    if all(isinstance(p, BankFile) for p in paths):
        return list(paths)
    return bank_sources(only=list(paths)) if paths else bank_sources()


def claim_id(ids: dict[str, str], bank_id: str, path: str) -> None:
    """Refuse a second bank file with the same bank id, naming both files."""
    if bank_id in ids and ids[bank_id] != path:
        from .trust import is_bundled

        first = ids[bank_id]
        if is_bundled(first) != is_bundled(path):
            bundled, mine = (first, path) if is_bundled(first) else (path, first)
            raise BankError(f"bank id {bank_id!r} is already used by the bundled bank {bundled}; "
                            "progress is kept per bank id, so give this bank another id", mine)
        raise BankError(f"bank id {bank_id!r} is used by both {first} and {path}; bank "
                        "ids must be unique: rename one ('bank:' at the top of the file)")
    ids[bank_id] = path


def list_banks(sources: list[BankFile]) -> list[dict]:
    """One row per bank file for `aiquiz banks`: source, path, bank id, question count, trust,
    and the first problem if it does not load (a listing reports, it does not stop)."""
    from .index import BankIndex, describe

    index = BankIndex()
    rows: list[dict] = []
    ids: dict[str, str] = {}
    for bf in sources:
        row = {"source": bf.source, "path": str(bf.path), "trust": bf.trust, "bank": None,
               "questions": None, "problem": None}
        entry = index.lookup(bf.path)
        if entry is None:
            from .loader import load_bank

            try:
                bank = load_bank(bf.path)
            except BankError as exc:
                row["problem"] = str(exc)
                rows.append(row)
                continue
            index.record(bf.path, bank)
            entry = describe(bank)
        row["bank"], row["questions"] = entry["bank"], entry["questions"]
        try:
            claim_id(ids, entry["bank"], str(bf.path))
        except BankError as exc:
            row["problem"] = str(exc)
        rows.append(row)
    index.save()
    return rows
