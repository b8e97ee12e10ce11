"""What a question type is: the one interface the loader, the session, the self-tests, the UI
and the schema talk to. A type overrides what differs from these defaults."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from pathlib import Path

    from ..banks.model import Question, Variant
    from .grade import Grade

# bad(field, message[, fix]): how a type reports a problem in one of its fields while reading a
# bank. `field` may be a path to an item (`variables/x`, `choices/2`) so the report points at
# it; `fix` says what to write instead ("did you mean 'positive'?").
Report = Callable[..., None]


class QuestionType:
    name: str = ""
    label: str = ""            # short column heading in counts tables (aiquiz topics)
    computed: bool = True      # answered by computing something (numbers, expressions)
    fields: dict[str, dict] = {}           # the type's own bank fields -> their JSON Schema
    required: tuple[str, ...] = ()         # which of them a question of this type must have
    answer_schema: dict = {"$ref": "#/$defs/formula"}  # schema of answer, mistakes, tests
    runs_bank_code: bool = False   # grading runs code from the bank: only trusted banks ask it
    retries: bool = False          # in practice, a wrong answer can be fixed and graded again
    mistakes_named: bool = False   # bank test: each mistake's grade must show its feedback
    self_rated: bool = False       # the learner rates their own answer (proof): see `rate`

    # ------------------------------------------------------------------ reading a bank
    def read(self, item: dict, bad: Report) -> dict:
        """Validate the type's own fields of a question mapping; return them as they will be
        kept in `Question.fields`. Report problems with `bad(field, message)`."""
        return {}

    # ------------------------------------------------------------------ building a variant
    def prepare(self, v: "Variant") -> None:
        """Set type-specific settings of a fresh variant (e.g. a tolerance)."""

    def compile_answer(self, v: "Variant", raw) -> tuple[object, str]:
        """(what grading compares with, text shown as the expected answer) for the reference."""
        raise NotImplementedError

    def compile_mistake(self, v: "Variant", raw) -> object:
        """What grading compares with for one listed mistake's answer."""
        return self.compile_answer(v, raw)[0]

    # ------------------------------------------------------------------ asking and grading
    def grade(self, v: "Variant", text: str, *, exact: bool = True) -> "Grade":
        """Grade a learner's text. Never raises for anything a learner can type. `exact=False`
        may skip expensive confirmation (used for listed mistakes and validation)."""
        raise NotImplementedError

    def answer_file(self, v: "Variant") -> "Path | None":
        """A file the learner edits to answer (written on first use), or None: the session
        offers it to the UI to open when the question is shown."""
        return None

    def answer_text(self, v: "Variant", line: str) -> str:
        """The text to grade for a typed line (a type with an answer file reads it here)."""
        return line

    def rubric(self, v: "Variant") -> list[str]:
        """A self-rated type's steps, as shown for rating (`ui.rate_steps`)."""
        return []

    def rate(self, v: "Variant", ratings: list[int], hints: int = 0) -> "Grade":
        """A self-rated type's grade from the learner's rating of each `rubric` step
        (`grade.STEP_SCALE`), with its `score` and FSRS `rating`; the loop calls it instead of
        `grade` once the learner has answered."""
        raise NotImplementedError

    def choices(self, v: "Variant") -> list[tuple[str, str]]:
        """(label the learner types, text) of each choice offered, if any."""
        return []

    def instructions(self, v: "Variant") -> list[str]:
        """Short lines under the prompt saying what to type (never the answer)."""
        return []

    def shows_reading(self, typed: str) -> bool:
        """Whether to show the learner how `typed` was read before the verdict."""
        return False

    def after_correct(self, v: "Variant", g: "Grade") -> str:
        """An optional note after a correct answer (e.g. the exact value)."""
        return ""

    def warm_up(self) -> None:
        """Start, in the background, what grading this type will need."""

    # ------------------------------------------------------------------ the learner model
    def guess(self, q: "Question | None") -> float:
        """The chance of answering `q` right without knowing the skill (knowledge tracing's
        guess; see docs/learning.md). `q` is None for an attempt recorded before this was kept
        with each answer: a typical question of the type. Computed answers are near 0."""
        return 0.02

    def slip(self, q: "Question | None") -> float:
        """The chance of answering `q` wrongly while knowing the skill (a slip)."""
        return 0.05

    # ------------------------------------------------------------------ self-tests
    def sample_text(self, raw, params: dict[str, Fraction]) -> str:
        """A bank-side answer (reference, mistake, test) as the text a learner would type for
        this variant: parameter names replaced by their values."""
        if isinstance(raw, list):
            return "[" + ", ".join(self.sample_text(t, params) for t in raw) + "]"
        text = str(raw)
        if not params:
            return text

        def sub(m: re.Match) -> str:
            name = m.group(0)
            if name not in params:
                return name
            v = params[name]
            return f"({v.numerator}/{v.denominator})" if v.denominator != 1 \
                else f"({v.numerator})"

        return re.sub(r"[A-Za-z_][A-Za-z_0-9]*", sub, text)

    def self_check(self, v: "Variant") -> list[str]:
        """Problems with this variant that `bank test` reports (beyond the reference, mistakes
        and tests being graded as they say): e.g. two listed answers too close to tell apart."""
        return []

    # ------------------------------------------------------------------ authoring
    def starter_example(self) -> str | None:
        """One commented example question of this type, as YAML for a list item under
        `questions:` (two-space indent), for `aiquiz bank new`. It must validate and pass its
        own tests as written (a test checks every registered type's example)."""
        return None

    # ------------------------------------------------------------------ schema
    def schema(self) -> dict:
        """This type's part of the bank JSON Schema: its own fields."""
        part: dict = {"properties": dict(self.fields)}
        if self.required:
            part["required"] = list(self.required)
        return part

    def check_question(self, q: "Question") -> list[tuple[str, str]]:
        """Deeper checks of a built question, beyond its fields: (field, message) pairs."""
        return []
