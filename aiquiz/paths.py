"""Where aiquiz keeps a learner's data: `$AIQUIZ_HOME` if set, else the platform's user data
dir. Resolved when asked, never at import time, so tests (and users) can point it elsewhere."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    home = os.environ.get("AIQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("aiquiz", appauthor=False))


def cache_dir() -> Path | None:
    """Where derived, rebuildable data goes (parsed banks, the bank index): `$AIQUIZ_HOME/cache`
    or the platform's user cache dir. Deleting it is always safe."""
    home = os.environ.get("AIQUIZ_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover
        return None
    return Path(user_cache_dir("aiquiz", appauthor=False))
