"""Options shared by commands: the learner profile, and the banks (--bank adds to the bundled
banks, --only-bank replaces them).

`--profile NAME` works before any command (`aiquiz --profile ana progress`) and on each command
that reads or writes a learner's progress (`aiquiz practice --profile ana`); `$AIQUIZ_PROFILE`
sets it for a whole shell. Each profile has its own data folder (see `paths.progress_dir`).
"""

from __future__ import annotations

from typing import Optional

import typer

PROFILE_HELP = "Learner profile: each has its own progress files (default: the usual ones)."

_root: dict[str, Optional[str]] = {"profile": None}


def profile_option():
    return typer.Option(None, "--profile", envvar="AIQUIZ_PROFILE", help=PROFILE_HELP,
                        show_envvar=False, metavar="NAME")


def role_option(help: str = "mle or research.", required: bool = False):
    return typer.Option(... if required else None, "--role", "-r", metavar="ROLE", help=help)


def set_root_profile(profile: Optional[str]) -> None:
    _root["profile"] = profile


def profile_of(local: Optional[str]) -> Optional[str]:
    """The profile a command runs for: its own --profile, else the one before the command."""
    chosen = local or _root["profile"]
    return None if chosen in (None, "", "default") else chosen


def store_for(profile: Optional[str]):
    from ..learner.store import ProgressStore
    from ..paths import progress_dir

    return ProgressStore(progress_dir(profile_of(profile)))


def bank_option():
    return typer.Option(None, "--bank", "-b", metavar="PATH",
                        help="Also use this bank file or folder (repeatable).")


def only_bank_option():
    return typer.Option(None, "--only-bank", metavar="PATH",
                        help="Use only this bank file or folder (repeatable).")
