"""The last resort for answers the progress store refused (read-only folder, full disk): a
JSON-lines file in the temp dir, which `aiquiz progress import FILE` merges later."""

from __future__ import annotations

from datetime import datetime


def write_fallback(attempts: list[dict]) -> str | None:
    """Write attempts the store refused to a JSON-lines file in the temp dir, for
    `aiquiz progress import FILE`. Returns its path, or None if even that failed."""
    import json
    import tempfile

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        fd, path = tempfile.mkstemp(prefix=f"aiquiz-unsaved-{stamp}-", suffix=".jsonl")
        with open(fd, "w", encoding="utf-8") as fh:
            for a in attempts:
                fh.write(json.dumps(a) + "\n")
            fh.flush()
        return path
    except OSError:
        return None
