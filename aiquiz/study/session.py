"""A practice or interview session: the question loop, independent of any terminal.

`run_session` asks the session's planner for a question, asks it through a `UI` object it is
given (the CLI passes a rich-based one; tests pass scripted ones), grades the answer with the
question's type, records it, and asks the planner again: the next question is chosen after each
answer, so due-first practice and adaptive interviews are just other planners. Each answered question is
recorded in the progress store as soon as it is graded, so quitting, Ctrl-C or end of input never
loses an answer; a store that cannot be written (read-only dir, full disk) does not end the
session: the attempts are kept and written as soon as the store works again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from ..banks.model import Variant
from ..errors import StoreError
from ..learner.fallback import write_fallback
from ..learner.store import ProgressStore, new_attempt_id
from ..qtypes.grade import Grade, Status
from .planners import Planner

COMMANDS = {
    ":h": "hint", ":hint": "hint", "?": "hint",
    ":s": "skip", ":skip": "skip",
    ":sol": "solution", ":solution": "solution",
    ":q": "quit", ":quit": "quit",
    ":help": "help", ":commands": "help",
    ":e": "edit", ":edit": "edit",
}
# Words people type meaning a command; answered with how to type it, never graded as maths.
COMMAND_WORDS = {"hint": ":h", "skip": ":s", "quit": ":q", "exit": ":q", "solution": ":sol",
                 "help": ":help", "next": ":s", "pass": ":s"}
HELP_TEXT = ("Commands: :h (or ?) a hint · :s skip · :sol the worked solution · :q quit · "
             ":help this list. Anything else is graded as your answer.")


def parse_command(line: str) -> str | None:
    return COMMANDS.get(line.strip().lower())


@dataclass
class Result:
    variant: Variant
    status: str  # correct | wrong | skipped | revealed
    seconds: float
    hints: int
    grade: Grade | None = None
    answer: str = ""
    first_answer: str = ""  # the wrong answer before a retry, if there was one

    @property
    def retried(self) -> bool:
        return bool(self.first_answer)

    @property
    def correct(self) -> bool:
        return self.status == "correct"


@dataclass(frozen=True)
class Mode:
    """What kind of session this is: the rules the loop and the UI follow."""

    name: str                    # recorded with each attempt
    help_allowed: bool           # hints and worked solutions during the session
    solution_after_wrong: bool   # show the expected answer and solution after a wrong answer
    review_at_end: bool          # review the missed questions in the summary
    retry: bool = False          # one more try after a first wrong answer


PRACTICE = Mode("practice", help_allowed=True, solution_after_wrong=True, review_at_end=False,
                retry=True)
INTERVIEW = Mode("interview", help_allowed=False, solution_after_wrong=False, review_at_end=True)


@dataclass
class Session:
    planner: Planner
    mode: Mode
    seed: int
    store: ProgressStore | None = None
    asked: list[Variant] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    unsaved: list[dict] = field(default_factory=list)
    save_error: str | None = None
    save_warned: bool = False
    fallback_file: str | None = None
    ended_by: str = "done"  # done | quit | eof | interrupt
    replay_id: str = field(default_factory=lambda: new_attempt_id()[:10])
    notes: list[str] = field(default_factory=list)  # said before the first question

    @property
    def planned(self) -> int:
        """How many questions the session means to ask (for "Question i/N")."""
        return self.planner.planned

    def record(self, result: Result) -> None:
        self.results.append(result)
        q = result.variant.question
        attempt = {
            "id": new_attempt_id(), "question": q.key, "bank": q.bank, "topic": q.topic,
            "category": q.category, "checklist_item": q.checklist_item, "type": q.type,
            "difficulty": q.difficulty, "mode": self.mode.name, "seed": result.variant.seed,
            "status": result.status, "correct": result.correct, "session": self.replay_id,
            "retried": result.retried,
            "seconds": round(result.seconds, 1), "hints": result.hints,
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        self.unsaved.append(attempt)
        self.flush()

    def flush(self) -> None:
        """Write every attempt not yet saved; keep them in memory if the store fails."""
        if self.store is None:
            self.unsaved.clear()
            return
        while self.unsaved:
            try:
                self.store.record(self.unsaved[0])
            except StoreError as exc:
                self.save_error = exc.message
                return
            self.unsaved.pop(0)
        self.save_error = None

    def finish(self) -> None:
        """Save what is left and fold the journal into progress.json. Answers that still cannot
        be saved go to a fallback file (see `write_fallback`) rather than being lost."""
        self.flush()
        if self.store is not None and not self.unsaved:
            from ..learner.tally import summarise

            try:
                self.store.compact(summarise, lazy=True)
            except StoreError as exc:
                self.save_error = exc.message
        if self.unsaved:
            self.fallback_file = write_fallback(self.unsaved)

    def warm_up(self) -> None:
        """Start what grading will need while the learner reads the first question (the SymPy
        helper for derivations, NumPy for numbers): each type the planner may ask warms up."""
        from ..qtypes import get_type

        for name in sorted(self.planner.types()):
            qtype = get_type(name)
            if qtype is not None:
                qtype.warm_up()

    # summary figures
    def by_category(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for r in self.results:
            c = out.setdefault(r.variant.question.category, [0, 0])
            c[0] += r.correct
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}

    @property
    def score(self) -> tuple[int, int]:
        return sum(r.correct for r in self.results), len(self.results)


class UI(Protocol):
    def show_question(self, session: Session, index: int, variant: Variant) -> None: ...
    def read_answer(self, session: Session, variant: Variant) -> str | None: ...
    def show_unreadable(self, grade: Grade) -> None: ...
    def show_hint(self, text: str, number: int, total: int) -> None: ...
    def show_notice(self, text: str) -> None: ...
    def show_solution(self, variant: Variant) -> None: ...
    def show_feedback(self, session: Session, result: Result) -> None: ...
    def show_answer_file(self, path, reopen: bool = False) -> None: ...
    def show_retry(self, grade: Grade) -> None: ...


def run_session(session: Session, ui: UI, clock=time.monotonic) -> Session:
    """Ask the planner's questions in turn. Returns when it has no more, on :q, or at end of
    input; KeyboardInterrupt propagates to the caller after everything answered so far has been
    recorded."""
    while True:
        variant = session.planner.next(session)
        if variant is None:
            break
        index = len(session.asked)
        session.asked.append(variant)
        ui.show_question(session, index, variant)
        qtype = variant.question.qtype
        answer_file = qtype.answer_file(variant)
        if answer_file is not None:
            ui.show_answer_file(answer_file)
        if index == 0:
            session.warm_up()
        ended = _ask(session, ui, variant, clock, answer_file)
        if ended:
            session.ended_by = ended
            return session
        _warn_unsaved(session, ui)
    session.ended_by = "done"
    return session


def _ask(session: Session, ui: UI, variant: Variant, clock, answer_file=None) -> str | None:
    """One question, until it is answered, skipped or revealed; 'quit'/'eof' to stop. A first
    wrong answer awaiting its retry is recorded if the session stops there (quit, end of input,
    Ctrl-C): it was a real attempt."""
    pending: list[Result] = []
    try:
        ended = _ask_until_done(session, ui, variant, clock, pending, answer_file)
    except KeyboardInterrupt:
        if pending:
            session.record(pending[0])
        raise
    if ended and pending:
        session.record(pending[0])
    return ended


def _ask_until_done(session: Session, ui: UI, variant: Variant, clock,
                    pending: list[Result], answer_file) -> str | None:
    qtype = variant.question.qtype
    started = clock()
    hints = 0
    first = ""  # a first wrong answer, when the mode allows one more try
    while True:
        line = ui.read_answer(session, variant)
        if line is None:
            return "eof"
        command = parse_command(line)
        if command == "quit":
            return "quit"
        if command == "skip":
            pending.clear()
            session.record(Result(variant, "skipped", clock() - started, hints, first_answer=first))
            ui.show_notice("Skipped.")
            return None
        if command in ("hint", "solution") and not session.mode.help_allowed:
            ui.show_notice("No hints or solutions during an interview; they come at the end.")
            continue
        if command == "hint":
            if hints < len(variant.hints):
                hints += 1
                ui.show_hint(variant.hints[hints - 1], hints, len(variant.hints))
            else:
                ui.show_notice("No more hints. Type :sol to see the worked solution.")
            continue
        if command == "solution":
            pending.clear()
            session.record(Result(variant, "revealed", clock() - started, hints,
                                  first_answer=first))
            ui.show_solution(variant)
            return None
        if command == "help":
            ui.show_notice(HELP_TEXT)
            continue
        if command == "edit" and answer_file is not None:
            ui.show_answer_file(answer_file, reopen=True)
            continue
        text = qtype.answer_text(variant, line)
        if not text.strip():
            ui.show_notice("Type an answer, or a command (:h hint, :s skip, :q quit).")
            continue
        g = qtype.grade(variant, text)
        word = line.strip().lower()
        if g.status is Status.UNREADABLE and word in COMMAND_WORDS:
            ui.show_notice(f"Commands start with ':' (type {COMMAND_WORDS[word]} for "
                           f"{word}). {HELP_TEXT}")
            continue
        if g.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
            ui.show_unreadable(g)
            continue
        result = Result(variant, "correct" if g.correct else "wrong", clock() - started, hints,
                        g, line.strip(), first_answer=first)
        # code can be fixed and checked again as often as needed; anything else gets one more try
        again = qtype.retries and session.mode.help_allowed or session.mode.retry and not first
        if not g.correct and again and hasattr(ui, "show_retry"):
            first = first or line.strip() or "(first check)"
            pending[:] = [result]
            ui.show_retry(session, result)
            continue
        pending.clear()
        session.record(result)
        ui.show_feedback(session, result)
        offer = getattr(ui, "after_correct", None)
        if g.correct and offer is not None and offer(session, variant) == ":sol":
            ui.show_solution(variant)
        return None


def _warn_unsaved(session: Session, ui: UI) -> None:
    if session.unsaved and not session.save_warned:
        session.save_warned = True
        ui.show_notice(f"Warning: {session.save_error}. Your answers are kept in memory and "
                       "will be saved as soon as that works again.")
