"""The one way aiquiz replaces a file: write a temporary file beside it, then rename it over.

A reader sees the old file or the new one, never half of each. `durable=True` also fsyncs the
file before the rename and the folder after it, so the new content survives a power cut (the
progress snapshot needs that; caches do not). `keep` links the old file to a backup name first.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes, *, durable: bool = False,
                 keep: Path | None = None, prefix: str = ".tmp-") -> None:
    """Replace `path` with `payload`. Raises OSError (the old file is then untouched)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if keep is not None and path.exists():
            spare = path.parent / f"{prefix}bak-{os.urandom(16).hex()}"
            os.link(path, spare)
            os.replace(spare, keep)
            # rename() is a no-op when both names already link to the same file (a crash right
            # after the previous backup step): drop the spare name then
            with contextlib.suppress(FileNotFoundError):
                os.unlink(spare)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)
