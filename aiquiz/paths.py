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


PROFILES = "profiles"
_PROFILE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"


def progress_dir(profile: str | None = None) -> Path:
    """The folder of one learner's progress files. The default profile is `data_dir()` itself,
    where aiquiz has always kept them (existing learners keep their data); a named profile is
    `data_dir()/profiles/NAME`. `profile` None means `$AIQUIZ_PROFILE`, else the default."""
    import re

    if profile is None:
        profile = os.environ.get("AIQUIZ_PROFILE") or None
    if profile is None or profile == "default":
        return data_dir()
    if not re.fullmatch(_PROFILE_NAME, profile):
        from .errors import SelectionError

        raise SelectionError(f"bad profile name {profile!r}: use letters, digits, '-' and '_' "
                             "(at most 40, starting with a letter or digit)")
    return data_dir() / PROFILES / profile
