"""Where bank files are: the bundled folder, and the files under given paths.

Kept apart from the loader so that commands answered from the bank index (aiquiz topics) can
find files without importing the loader and its YAML machinery.
"""

from __future__ import annotations

import os
import stat
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


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def bank_files(paths: list[str | os.PathLike]) -> list[Path]:
    """Expand files and folders into the sorted list of bank files they hold. In a folder only
    regular files count: a FIFO or device named *.yaml is skipped (opening one would block or
    never end); named on its own, it is refused."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.rglob("*")
                              if q.suffix in (".yaml", ".yml") and _regular(q)))
        elif _regular(path):
            out.append(path)
        elif os.path.exists(path):
            raise BankError("not a regular file (a FIFO, device or socket?); give a bank .yaml "
                            "file or a folder of them", str(p))
        else:
            raise BankError("no such file or folder; give a bank .yaml file or a folder of them",
                            str(p))
    return out
