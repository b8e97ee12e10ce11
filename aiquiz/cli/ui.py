"""Rendering a session in the terminal with rich, and reading the learner's answers.

Answers are read one line at a time from stdin, whether it is a terminal (with line editing via
`input`) or a pipe, so sessions can be scripted. End of input ends the session cleanly.
"""

from __future__ import annotations

import os
import re
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..banks.model import Variant
from ..qtypes.grade import Grade
from ..study.session import Result, Session
from ..text import shorten
from ..text import strip_controls as clean

MAX_ANSWER_CHARS = 20_000  # read at most this much of a line: answers are refused over 2,000
ECHO_CHARS = 200           # a scripted answer is echoed at most this long


def prompt_text(text: str) -> Text:
    """Prompt Markdown shown plainly (maths uses * and _ too much for a Markdown renderer), with
    `code` spans and **bold** picked out; never a control character (see aiquiz/text.py)."""
    text = clean(text)
    out = Text()
    pos = 0
    for m in re.finditer(r"`([^`]+)`|\*\*([^*]+)\*\*", text):
        out.append(text[pos:m.start()])
        if m.group(1) is not None:
            out.append(m.group(1), style="cyan")
        else:
            out.append(m.group(2), style="bold")
        pos = m.end()
    out.append(text[pos:])
    return out


def difficulty_dots(d: int) -> str:
    return "●" * d + "○" * (5 - d)


class SessionConsole(Console):
    """A console that, when nobody reads the output any more (the terminal closed, `| head`),
    goes quiet instead of exiting: the session must still save every answer."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.file.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


class TerminalUI:
    def __init__(self, console: Console | None = None):
        self.console = console or SessionConsole(highlight=False, emoji=False)

    # -------------------------------------------------------------------------- questions
    def show_question(self, session: Session, index: int, v: Variant) -> None:
        q = v.question
        c = self.console
        c.print()
        title = f"Question {index + 1}/{session.planned} · {q.topic} · {q.type} · " \
                f"{difficulty_dots(q.difficulty)}"
        c.rule(Text(clean(title), style="bold"), align="left")
        c.print(prompt_text(v.prompt.strip()))
        choices = q.qtype.choices(v)
        if choices:
            grid = Table.grid(padding=(0, 1))  # long choices wrap under their own text
            grid.add_column(no_wrap=True)
            grid.add_column()
            for label, choice in choices:
                grid.add_row(Text(f"  {label})", style="bold"), Text(clean(choice)))
            c.print(grid)
        for line in q.qtype.instructions(v):
            c.print(Text(clean(line), style="dim"))
        if session.mode.help_allowed:
            c.print(Text(":h hint · :s skip · :sol solution · :q quit", style="dim"))
        else:
            c.print(Text(":s skip · :q quit (hints and solutions come at the end)", style="dim"))

    def read_answer(self, session: Session, v: Variant) -> str | None:
        self.console.file.flush()
        try:
            if sys.stdin.isatty():
                return self.console.input("[bold]›[/bold] ")
            # bounded: a 10 MB line is never read whole, echoed or rendered
            line = sys.stdin.readline(MAX_ANSWER_CHARS + 1)
        except EOFError:
            return None
        if line == "":
            return None
        length = len(line.rstrip("\n"))
        if not line.endswith("\n"):  # longer than any answer can be: skip the rest of it
            while more := sys.stdin.readline(65536):
                length += len(more.rstrip("\n"))
                if more.endswith("\n"):
                    break
        line = line.rstrip("\n")
        # echo scripted answers so a transcript reads like a session (shortened, no controls)
        shown = line[:ECHO_CHARS] + (f"… ({length:,} characters)" if length > ECHO_CHARS else "")
        self.console.print(Text.assemble(("› ", "bold"), clean(shown)))
        return line

    def show_unreadable(self, grade: Grade) -> None:
        self.console.print(Text.assemble(("? ", "yellow bold"),
                                         ("Could not read that: ", "yellow"),
                                         clean(grade.feedback)))
        self.console.print(Text("  Not counted; try again.", style="dim"))

    def show_hint(self, text: str, number: int, total: int) -> None:
        self.console.print(Text.assemble((f"Hint {number}/{total}: ", "magenta bold"),
                                         clean(text)))

    def show_notice(self, text: str) -> None:
        self.console.print(Text(clean(text), style="dim"))

    def show_solution(self, v: Variant) -> None:
        c = self.console
        c.print(Text.assemble(("Answer: ", "bold"), clean(v.expected_text)))
        c.print(Text("Worked solution:", style="bold"))
        c.print(prompt_text(v.solution.strip()))

    def show_feedback(self, session: Session, r: Result) -> None:
        g = r.grade
        assert g is not None
        c = self.console
        qtype = r.variant.question.qtype
        if g.read_as and qtype.shows_reading(r.answer):
            c.print(Text.assemble(("Read as: ", "dim"), clean(g.read_as)))
        if g.correct:
            c.print(Text.assemble(("✓ Correct.", "green bold")))
            note = qtype.after_correct(r.variant, g)
            if note:
                c.print(Text(f"  {clean(note)}", style="dim"))
            return
        c.print(Text.assemble(("✗ Not correct. ", "red bold"), clean(g.feedback)))
        if session.mode.solution_after_wrong:
            c.print(Text.assemble(("Expected: ", "bold"), clean(g.expected)))
            c.print(Text("Worked solution:", style="bold"))
            c.print(prompt_text(r.variant.solution.strip()))

    # ---------------------------------------------------------------------------- summary
    def show_summary(self, session: Session, data_path: str) -> None:
        c = self.console
        right, total = session.score
        c.print()
        c.rule(Text("Summary", style="bold"), align="left")
        if not total:
            c.print("No questions answered.")
        else:
            table = Table(show_edge=False, box=None, padding=(0, 2))
            table.add_column("Category")
            table.add_column("Score", justify="right")
            for cat, (ok, n) in sorted(session.by_category().items()):
                table.add_row(Text(clean(cat)), f"{ok}/{n}")
            c.print(table)
            pct = 100 * right / total
            c.print(Text.assemble(("Total: ", "bold"), f"{right}/{total} correct ({pct:.0f}%)"))
            skipped = sum(r.status == "skipped" for r in session.results)
            if skipped:
                c.print(Text(f"{skipped} skipped (counted as not correct).", style="dim"))
        if session.ended_by in ("quit", "eof", "interrupt") and total < session.planned:
            how = {"quit": "Quit", "eof": "End of input", "interrupt": "Interrupted"}
            c.print(Text(f"{how[session.ended_by]} after {total} of {session.planned} "
                         "questions.", style="dim"))
        if session.mode.review_at_end:
            self._review(session)
        c.print(Text(f"Replay this session with --seed {session.seed}.", style="dim"))
        if session.unsaved:
            c.print(Text(clean(f"Could not save {len(session.unsaved)} answer(s): "
                               f"{session.save_error}"), style="red"))
            if session.fallback_file:
                c.print(Text(clean(f"They were written to {session.fallback_file}; once the "
                                   "problem is fixed, run: aiquiz progress import "
                                   f"{session.fallback_file}"), style="red"))
            else:  # not even the temp dir took them: show them, so they can be kept by hand
                import json

                c.print(Text("They could not be written to a file either. Save these lines "
                             "into a file, then run: aiquiz progress import FILE", style="red"))
                for a in session.unsaved:
                    c.print(Text(json.dumps(a)), soft_wrap=True)
        elif total:
            c.print(Text(clean(f"Progress saved in {data_path}. See it with: aiquiz progress"),
                         style="dim"))

    def _review(self, session: Session) -> None:
        missed = [r for r in session.results if not r.correct]
        if not missed:
            return
        c = self.console
        c.print()
        c.rule(Text("Review of missed questions", style="bold"), align="left")
        for r in missed:
            q = r.variant.question
            c.print(Text.assemble((clean(q.key), "bold"), f" ({clean(q.category)})"))
            c.print(prompt_text(r.variant.prompt.strip()))
            if r.answer:
                c.print(Text.assemble(("Your answer: ", "dim"), clean(shorten(r.answer))))
            c.print(Text.assemble(("Expected: ", "bold"), clean(r.variant.expected_text)))
            c.print(prompt_text(r.variant.solution.strip()))
            c.print()


