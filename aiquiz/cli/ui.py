"""Rendering a session in the terminal with rich, and reading the learner's answers.

In a terminal, answers are read with an editing line (`answerline.py`: arrow keys, history, a
live preview of how the answer is read). From a pipe they are read one line at a time, exactly as
typed, so sessions can be scripted; end of input ends the session cleanly. Bank text is reflowed
to the window (`flow.py`) and its TeX rendered.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..banks.model import Variant
from ..qtypes.grade import Grade
from ..study.session import Result, Session
from ..text import shorten
from ..text import strip_controls as clean
from ..texmath import render_tex, unbreakable
from .flow import print_flowed

MAX_ANSWER_CHARS = 20_000  # read at most this much of a line: answers are refused over 2,000
ECHO_CHARS = 200           # a scripted answer is echoed at most this long


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
    """Every piece of text shown goes through `clean` (no control character or escape
    sequence from a bank, a file or a path ever reaches the terminal)."""

    def __init__(self, console: Console | None = None, history_dir=None):
        self.console = console or SessionConsole(highlight=False, emoji=False)
        self.interactive = sys.stdin.isatty()
        self.history_dir = history_dir
        self._line = None

    def _print(self, *parts: tuple[str, str] | str, flowed: bool = True) -> None:
        """One paragraph of styled parts, reflowed to the window (formulas never split)."""
        text = Text.assemble(*((clean(p[0]), p[1]) if isinstance(p, tuple) else clean(p)
                                for p in parts))
        if flowed:
            print_flowed(self.console, text)
        else:
            self.console.print(text)

    # -------------------------------------------------------------------------- questions
    def show_question(self, session: Session, index: int, v: Variant) -> None:
        q = v.question
        c = self.console
        c.print()
        title = f"Question {index + 1}/{session.planned} · {q.topic} · {q.type} · " \
                f"{difficulty_dots(q.difficulty)}"
        c.rule(Text(clean(title), style="bold"), align="left")
        print_flowed(c, v.prompt.strip())
        choices = q.qtype.choices(v)
        if choices:
            grid = Table.grid(padding=(0, 1))  # long choices wrap under their own text
            grid.add_column(no_wrap=True)
            grid.add_column()
            for label, choice in choices:
                grid.add_row(Text(f"  {label})", style="bold"), render_tex(clean(choice)))
            c.print(grid)
        for line in q.qtype.instructions(v):
            print_flowed(c, Text(line, style="dim"))
        if session.mode.help_allowed:
            c.print(Text(":h hint · :s skip · :sol solution · :q quit · :help", style="dim"))
        else:
            c.print(Text(":s skip · :q quit (hints and solutions come at the end)", style="dim"))

    def read_answer(self, session: Session, v: Variant) -> str | None:
        self.console.file.flush()
        if self.interactive:
            from .answerline import AnswerLine, preview_for

            if self._line is None:
                self._line = AnswerLine(self.history_dir)
            return self._line.read(v.question.type, preview_for(v))
        try:
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

    def show_answer_file(self, path, reopen: bool = False) -> None:
        """Open the learner's answer file in $VISUAL or $EDITOR when one is set and this is a
        terminal; otherwise say where it is."""
        import os
        import shlex
        import subprocess

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if editor and sys.stdin.isatty():
            try:
                subprocess.call([*shlex.split(editor), str(path)])
                self.console.print(Text("Saved? Press Enter to check (:e opens it again).",
                                        style="dim"))
                return
            except OSError as exc:
                self.console.print(Text(f"Could not start {editor}: {exc.strerror}",
                                        style="yellow"))
        self.console.print(Text.assemble(("Your file: ", "bold"), str(path)))
        if not reopen:
            self.console.print(Text("Edit it in your editor (set $EDITOR to have it opened "
                                    "here), then press Enter to check.", style="dim"))

    def show_unreadable(self, grade: Grade) -> None:
        self._print(("? ", "yellow bold"), ("Could not read that: ", "yellow"), grade.feedback)
        self.console.print(Text("  Not counted; try again.", style="dim"))

    def show_hint(self, text: str, number: int, total: int) -> None:
        self._print((f"Hint {number}/{total}: ", "magenta bold"), render_tex(text))

    def show_notice(self, text: str) -> None:
        self._print((text, "dim"))

    def show_solution(self, v: Variant) -> None:
        c = self.console
        self._print(("Answer: ", "bold"), unbreakable(v.expected_text))
        c.print(Text("Worked solution:", style="bold"))
        print_flowed(c, v.solution.strip())

    def show_retry(self, session: Session, r: Result) -> None:
        """A first wrong answer in practice: say why, and offer one more try."""
        g = r.grade
        assert g is not None
        if g.read_as and r.variant.question.qtype.shows_reading(r.answer):
            self._print(("Read as: ", "dim"), unbreakable(g.read_as))
        self._print(("✗ Not yet. ", "red bold"), g.feedback)
        if r.variant.question.qtype.retries:
            self.console.print(Text("Fix it and press Enter to check again · :h hint · :sol "
                                    "solution · :s skip", style="dim"))
        else:
            self.console.print(Text("One more try (:h hint, :sol worked solution, :s skip).",
                                    style="dim"))

    def after_correct(self, session: Session, v: Variant) -> str | None:
        """In a terminal, offer the worked solution before moving on; returns ':sol' or None."""
        if not (self.interactive and session.mode.help_allowed):
            return None
        try:
            line = self.console.input(Text("  ↵ next question · :sol worked solution ",
                                           style="dim"))
        except EOFError:
            return None
        return ":sol" if line.strip().lower() in (":sol", ":solution", "sol") else None

    def show_feedback(self, session: Session, r: Result) -> None:
        g = r.grade
        assert g is not None
        c = self.console
        qtype = r.variant.question.qtype
        if g.read_as and qtype.shows_reading(r.answer):
            self._print(("Read as: ", "dim"), unbreakable(g.read_as))
        if g.correct:
            c.print(Text.assemble(("✓ Correct.", "green bold")))
            note = qtype.after_correct(r.variant, g)
            if note:
                self._print(("  " + note, "dim"))
            return
        self._print(("✗ Not correct. ", "red bold"), g.feedback)
        if session.mode.solution_after_wrong:
            self._print(("Expected: ", "bold"), unbreakable(g.expected))
            c.print(Text("Worked solution:", style="bold"))
            print_flowed(c, r.variant.solution.strip())

    # ---------------------------------------------------------------------------- summary
    def show_summary(self, session: Session, data_path: str) -> None:
        """The review of missed questions first (in an interview), labelled; the score last,
        so it is what stays on screen."""
        c = self.console
        right, total = session.score
        if session.mode.review_at_end:
            self._review(session)
        c.print()
        c.rule(Text("Summary" if not session.mode.review_at_end else "Score", style="bold"),
               align="left")
        if session.ended_by in ("quit", "eof", "interrupt") and total < session.planned:
            how = {"quit": "Quit", "eof": "End of input", "interrupt": "Interrupted"}
            c.print(Text(f"{how[session.ended_by]} after {total} of {session.planned} "
                         "questions.", style="dim"))
        if session.unsaved:
            self._print((f"Could not save {len(session.unsaved)} answer(s): "
                         f"{session.save_error}", "red"))
            if session.fallback_file:
                self._print((f"They were written to {session.fallback_file}; once the problem "
                             f"is fixed, run: aiquiz progress import {session.fallback_file}",
                             "red"))
            else:  # not even the temp dir took them: show them, so they can be kept by hand
                import json

                self._print(("They could not be written to a file either. Save these lines "
                             "into a file, then run: aiquiz progress import FILE", "red"))
                for a in session.unsaved:
                    c.print(Text(json.dumps(a)), soft_wrap=True)
        elif total:
            self._print((f"Progress saved in {data_path}. See it with: aiquiz progress", "dim"))
        if total and session.replay_id:
            self._print((f"Replay these questions: aiquiz {session.mode.name} --replay "
                         f"{session.replay_id}", "dim"))
        if not total:
            c.print("No questions answered.")
            return
        table = Table(show_edge=False, box=None, padding=(0, 2))
        table.add_column("Category", overflow="fold")
        table.add_column("Score", justify="right", no_wrap=True)
        for cat, (ok, n) in sorted(session.by_category().items()):
            table.add_row(cat, f"{ok}/{n}")
        c.print(table)
        skipped = sum(r.status == "skipped" for r in session.results)
        if skipped:
            c.print(Text(f"{skipped} skipped (counted as not correct).", style="dim"))
        pct = 100 * right / total
        c.print(Text.assemble(("Total: ", "bold"), f"{right}/{total} correct ({pct:.0f}%)"))

    def _review(self, session: Session) -> None:
        missed = [r for r in session.results if not r.correct]
        if not missed:
            return
        c = self.console
        c.print()
        c.rule(Text("Review of missed questions", style="bold"), align="left")
        for n, r in enumerate(missed, 1):
            q = r.variant.question
            c.print()
            self._print((f"{n}. {q.key}", "bold"), f" ({q.category}, {r.status})")
            self._print(("Question: ", "bold"), render_tex(r.variant.prompt.strip()))
            self._print(("Your answer: ", "bold"), self._answer_shown(r))
            self._print(("Expected: ", "bold"), unbreakable(r.variant.expected_text))
            c.print(Text("Solution:", style="bold"))
            print_flowed(c, r.variant.solution.strip())

    @staticmethod
    def _answer_shown(r: Result) -> str:
        if r.status == "skipped":
            return "(skipped)"
        if r.status == "revealed":
            return "(solution shown)"
        if not r.answer:
            return "(none)"
        choices = dict(r.variant.question.qtype.choices(r.variant))
        if choices and r.grade is not None and r.grade.read_as:
            picked = [f"{k}) {choices[k]}" for k in r.grade.read_as.split() if k in choices]
            if picked:
                return "; ".join(picked)
        return unbreakable(shorten(r.answer))
