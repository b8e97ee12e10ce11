"""The answer line in a terminal: editing, history and a live preview of how the answer is read.

prompt_toolkit (the maintained line editor behind IPython and ptpython) gives arrow keys,
Ctrl-A/E, Ctrl-R search and history; a bottom toolbar shows, as the learner types, how the
answer will be read (`2·x·cos(x²)`), or why it cannot be yet — what STACK and PrairieLearn show
after submitting, shown before. The toolbar also has room for a countdown (`status`).

History is kept per question type in the data dir (`history/<type>.txt`), so a matrix typed
for one numeric question can be recalled and edited for the next. prompt_toolkit is imported
only when the first answer is read, after the question is on screen, so start-up stays fast.
Piped input never comes here (see ui.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

MAX_ANSWER = 2000


class AnswerLine:
    """One prompt_toolkit session per question type, created on first use."""

    def __init__(self, history_dir: Path | None):
        self.history_dir = history_dir
        self.sessions: dict[str, object] = {}

    def _session(self, kind: str):
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        if kind not in self.sessions:
            history = InMemoryHistory()
            if self.history_dir is not None:
                try:
                    self.history_dir.mkdir(parents=True, exist_ok=True)
                    path = self.history_dir / f"{kind}.txt"
                    if not path.is_symlink():
                        history = FileHistory(os.fspath(path))
                except OSError:
                    pass  # no history file: editing still works, recall lasts the session
            self.sessions[kind] = PromptSession(history=history)
        return self.sessions[kind]

    def read(self, kind: str, preview: Callable[[str], str],
             status: Callable[[], str] | None = None) -> str | None:
        """A line typed by the learner, or None at end of input (Ctrl-D)."""
        from prompt_toolkit.formatted_text import HTML

        def toolbar():
            from html import escape

            text = session.default_buffer.text
            parts = []
            if status is not None:
                parts.append(f"<b>{escape(status())}</b>")
            if text.strip():
                parts.append(escape(preview(text[:MAX_ANSWER])))
            else:
                parts.append("type an answer · :h hint · :s skip · :help")
            return HTML("  ".join(parts))

        session = self._session(kind)
        try:
            return session.prompt(HTML("<b>›</b> "), bottom_toolbar=toolbar,
                                  refresh_interval=1.0 if status else 0)
        except EOFError:
            return None


def preview_for(variant) -> Callable[[str], str]:
    """How the question's type would read `text`: 'reads as …' or why it cannot yet."""
    from ..errors import AnswerError
    from ..maths import parse, render

    qtype = variant.question.qtype
    names = list(variant.question.variables)

    def preview(text: str) -> str:
        if text.strip().startswith(":"):
            return "a command"
        if not qtype.computed:
            return ""
        from ..errors import UnknownNameError

        try:
            return "reads as " + render(parse(text, names))
        except UnknownNameError as exc:
            allowed = ", ".join(exc.allowed) or "none: type a number"
            return f"unknown {', '.join(exc.unknown)} (variables: {allowed})"
        except AnswerError as exc:
            return "not yet readable: " + exc.message
    return preview
