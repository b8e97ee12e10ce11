"""Where bank files are: the bundled folder, and the files under given paths.

Kept apart from the loader so that commands answered from the bank index (aiquiz topics) can
find files without importing the loader and its YAML machinery.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import BankError


def bundled_banks_dir() -> Path:
    """The banks shipped with aiquiz: inside the package when installed from a wheel, the
    repository's top-level question_banks/ when running from a checkout (editable install)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "question_banks"
    if packaged.is_dir():
        return packaged
    return here.parent / "question_banks"


def bank_files(paths: list[str | os.PathLike]) -> list[Path]:
    """Expand files and folders into the sorted list of bank files they hold."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.rglob("*") if q.suffix in (".yaml", ".yml")))
        elif path.is_file():
            out.append(path)
        else:
            raise BankError("no such file or folder; give a bank .yaml file or a folder of them",
                            str(p))
    return out
