"""Text reflowed to the window: bank prose is one paragraph per line, so it is wrapped here, at
spaces only. Formulas (TeX rendered by `aiquiz.texmath`, answers shown as read) hold no-break
spaces, so a line never breaks inside one; an indented line (a step of a worked solution) keeps
its indent when it wraps.
"""

from __future__ import annotations

import re

from rich.text import Text

from ..text import strip_controls
from ..texmath import render_tex, unbreakable

_MARKUP = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*")


def styled(text: str) -> Text:
    """Bank Markdown shown plainly (maths uses * and _ too much for a Markdown renderer), with
    `code` spans and **bold** picked out, and TeX formulas rendered. No control character or
    escape sequence ever reaches the terminal (aiquiz/text.py)."""
    text = render_tex(strip_controls(text))
    out = Text()
    pos = 0
    for m in _MARKUP.finditer(text):
        out.append(text[pos:m.start()])
        if m.group(1) is not None:
            out.append(unbreakable(m.group(1)), style="cyan")
        else:
            out.append(m.group(2), style="bold")
        pos = m.end()
    out.append(text[pos:])
    return out


def _breaks(line: str, width: int, indent: int) -> list[int]:
    """Offsets where `line` is cut so each piece fits `width` (continuations indented)."""
    cuts, start, room = [], 0, width
    last_space = -1
    i = 0
    while i < len(line):
        if line[i] == " ":
            last_space = i
        if i - start >= room and last_space > start:
            cuts.append(last_space + 1)
            start, room = last_space + 1, width - indent
            last_space = -1
            i = start
            continue
        i += 1
    return cuts


def flow(text: Text, width: int) -> list[Text]:
    """`text` as lines no wider than `width`, broken at plain spaces only."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        indent = len(plain) - len(plain.lstrip(" "))
        indent = indent if indent < width // 2 else 0
        pieces = line.divide(_breaks(plain, width, indent)) if plain else [line]
        for k, piece in enumerate(pieces):
            piece.rstrip()
            if k:
                piece = Text(" " * indent) + piece
            lines.append(piece)
    return lines


def print_flowed(console, text: str | Text, style: str = "") -> None:
    """Print bank text (or a styled Text) reflowed to the console's width."""
    body = styled(text) if isinstance(text, str) else text
    if style:
        body.stylize(style)
    width = max(20, console.width)
    for line in flow(body, width):
        if len(line) <= width:
            console.print(line, no_wrap=True, crop=False)
        else:  # one unbreakable run (a long path): folded, never cut off
            console.print(line, overflow="fold")
