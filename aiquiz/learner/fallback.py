"""The last resort for answers the progress store refused (read-only folder, full disk): a
JSON-lines file in the temp dir, which `aiquiz progress import FILE` merges later."""

from __future__ import annotations

from datetime import datetime


def write_fallback(attempts: list[dict]) -> str | None:
    """Write attempts the store refused to a JSON-lines file in the temp dir, for
    `aiquiz progress import FILE`: every byte written and fsynced, or None (the caller then
    shows the answers themselves)."""
    import json
    import os
    import tempfile

    from ..safeio import write_all

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    data = "".join(json.dumps(a) + "\n" for a in attempts).encode()
    path = None
    try:
        fd, path = tempfile.mkstemp(prefix=f"aiquiz-unsaved-{stamp}-", suffix=".jsonl")
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        return path
    except OSError:
        if path is not None:
            try:
                os.unlink(path)
            except OSError:
                pass
        return None
