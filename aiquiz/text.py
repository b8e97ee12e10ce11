"""Text from banks, files and paths shown in a terminal: no control characters.

A terminal obeys what it is sent: ESC sequences can write the clipboard (OSC 52), disguise a link
(OSC 8), clear the screen (CSI 2J), hide text (SGR 8) or retitle the window; a carriage return or
backspace can overwrite what was printed. Bank text may hold none of these (`bank validate`
refuses them, with where), and everything shown is stripped of them anyway: C0 controls except
newline and tab, DEL, C1 controls, and whole escape sequences (the sequence, not just its ESC,
so no payload is left behind as garbage).
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"             # CSI: parameters, intermediates, final byte
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"   # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"       # DCS, SOS, PM, APC ... ST
    r"|\x1b[ -/]*[0-~]?"                    # any other escape (ESC 7, ESC c, ESC ( B ...)
    r"|\x9b[0-?]*[ -/]*[@-~]?"              # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|[\x90\x98\x9e\x9f][^\x1b\x9c]*\x9c?"  # 8-bit DCS, SOS, PM, APC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"       # every other control but \t and \n
)
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NAMES = {"\x1b": "ESC", "\r": "carriage return", "\x08": "backspace", "\x07": "bell",
          "\x00": "NUL", "\x7f": "DEL", "\x9b": "CSI", "\x9d": "OSC"}


def strip_controls(text: str) -> str:
    """`text` without control characters or escape sequences (newline and tab are kept)."""
    if not _ANY_CONTROL.search(text):
        return text
    return _SEQUENCES.sub("", text)


def first_control(text: str) -> str | None:
    """How the first control character in `text` is described ("ESC at character 12"), or
    None when there is none."""
    m = _ANY_CONTROL.search(text)
    if m is None:
        return None
    ch = m.group(0)
    name = _NAMES.get(ch, f"U+{ord(ch):04X}")
    return f"{name} at character {m.start() + 1}"


def shorten(text: str, limit: int = 200) -> str:
    """At most `limit` characters of `text`, saying how long it was when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
