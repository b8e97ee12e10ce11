"""Conceptual questions: multiple choice (letters or the choice's text), multiple select, or
free text matched against a list of accepted answers, ignoring case, spaces, hyphens and a
trailing full stop.

Choice letters are defined here once (`LETTERS`); the UI shows what `choices()` returns, so a
bank can never offer a choice the learner cannot type.
"""

from __future__ import annotations

import re
import string

from ..errors import AnswerError
from . import register
from .base import QuestionType
from .grade import Grade, Status

LETTERS = string.ascii_lowercase
MAX_CHOICES = len(LETTERS)


def normalise(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", str(text).strip().lower()).rstrip(".")


def _letters_of(choices: list[str], raw) -> frozenset[str] | None:
    """Read an answer as choice letters (`b`, `a c`, `a,c`, `[a, c]`) or a choice's text."""
    n = len(choices)
    if isinstance(raw, list):
        parts = [str(p).strip().lower() for p in raw]
    else:
        text = str(raw).strip()
        for i, choice in enumerate(choices):
            if normalise(choice) == normalise(text):
                return frozenset(LETTERS[i])
        parts = [p for p in re.split(r"[\s,;/]+|\band\b", text.lower().strip("[]() .")) if p]
        if len(parts) == 1 and len(parts[0]) > 1 and all(c in LETTERS[:n] for c in parts[0]) \
                and len(set(parts[0])) == len(parts[0]):
            parts = list(parts[0])  # "ac"
    parts = [p.rstrip(")") for p in parts]
    if parts and all(len(p) == 1 and p in LETTERS[:n] for p in parts):
        return frozenset(parts)
    return None


STARTER = """\
  # conceptual: multiple choice (answer a letter, or [a, c] for several), or free text
  # (no choices; answer the text, with more accepted wordings under 'accept').
  - id: softmax-sum
    type: conceptual
    topic: deep-learning
    category: Deep Learning
    roles: [mle]
    difficulty: 1
    prompt: What do the outputs of a softmax layer add up to?
    choices:
      - "0"
      - "1"
      - It depends on the logits.
    answer: b
    hints:
      - Softmax turns logits into a probability distribution.
    solution: |
      softmax(z)_i = e^(z_i) / Σ_j e^(z_j): every output is positive and together they sum to 1.
    mistakes:
      - answer: c
        feedback: The normalisation makes the sum 1 whatever the logits are.
    tests:
      accept: ["B", "1"]
      reject: ["a"]
"""


class ConceptualType(QuestionType):
    name = "conceptual"
    label = "conc."
    computed = False
    fields = {
        "choices": {"type": "array", "minItems": 2, "maxItems": MAX_CHOICES,
                    "items": {"type": ["string", "number"]}},
        "accept": {"type": "array", "items": {"type": "string"}},
    }
    answer_schema = {"oneOf": [{"type": ["string", "number"]},
                               {"type": "array", "items": {"type": "string"}}]}

    def starter_example(self) -> str:
        return STARTER

    def read(self, item: dict, bad) -> dict:
        choices = item.get("choices") or []
        if not isinstance(choices, list) or not all(
                isinstance(c, (str, int, float)) and not isinstance(c, bool) for c in choices):
            bad("choices", "'choices' must be a list of strings")
            choices = []
        elif len(choices) > MAX_CHOICES:
            bad("choices", f"{len(choices)} choices, but at most {MAX_CHOICES} can be offered "
                           "(letters a–z); split the question or drop some choices")
        elif len(choices) == 1:
            bad("choices", "a multiple-choice question needs at least 2 choices")
        for i, c in enumerate(choices):
            if not str(c).strip():
                bad(f"choices/{i}", f"choice {LETTERS[i] if i < MAX_CHOICES else i + 1} is "
                                    "empty", "write its text, or remove it")
        answer = item.get("answer")
        if isinstance(answer, str) and not answer.strip():
            bad("answer", "'answer' is empty", "a letter such as b, or the expected text")
        accept = item.get("accept") or []
        if not isinstance(accept, list):
            bad("accept", "'accept' must be a list of strings")
            accept = []
        return {"choices": [str(c) for c in choices], "accept": [str(a) for a in accept]}

    # ---------------------------------------------------------------- variant
    def _compile(self, v, raw, reference: bool):
        q = v.question
        choices = q.fields["choices"]
        if choices:
            letters = _letters_of(choices, raw)
            if letters is None:
                raise AnswerError(f"{raw!r} is neither a choice letter "
                                  f"(a–{LETTERS[len(choices) - 1]}) nor the text of a choice")
            shown = "; ".join(f"{c}) {choices[LETTERS.index(c)]}" for c in sorted(letters))
            return letters, shown
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise AnswerError("a free-text answer must be a string")
        accepted = {normalise(raw)}
        if reference:
            accepted |= {normalise(a) for a in q.fields["accept"]}
        return frozenset(accepted), str(raw)

    def compile_answer(self, v, raw):
        return self._compile(v, raw, True)

    def compile_mistake(self, v, raw):
        return self._compile(v, raw, False)[0]

    # ---------------------------------------------------------------- learner model
    def guess(self, q) -> float:
        """1/k for one of k choices, 1/(2^k - 1) for a multiple select (any non-empty set of
        letters), a small chance for free text; 1/4 when the question is not known."""
        if q is None:
            return 0.25
        k = len(q.fields["choices"])
        if not k:
            return 0.05
        return 1 / (2 ** k - 1) if isinstance(q.answer, list) else 1 / k

    # ---------------------------------------------------------------- asking
    def choices(self, v) -> list[tuple[str, str]]:
        return [(LETTERS[i], c) for i, c in enumerate(v.question.fields["choices"])]

    def instructions(self, v) -> list[str]:
        if not v.question.fields["choices"]:
            return []
        several = isinstance(v.question.answer, list)
        return ["Type a letter" + (", or several such as 'a c'" if several else "") + "."]

    def sample_text(self, raw, params) -> str:
        return " ".join(map(str, raw)) if isinstance(raw, list) else str(raw)

    # ---------------------------------------------------------------- grading
    def grade(self, v, text: str, *, exact: bool = True) -> Grade:
        choices = v.question.fields["choices"]
        if len(text) > 2000:
            return Grade(Status.UNREADABLE, "the answer is longer than 2000 characters",
                         v.expected_text)
        if choices:
            return self._grade_choice(v, text, choices)
        answer = normalise(text)
        if not answer:
            return Grade(Status.UNREADABLE, "the answer is empty", v.expected_text)
        if answer in v.expected:
            return Grade(Status.CORRECT, "Correct.", v.expected_text, text.strip())
        for value, feedback in v.mistakes:
            if answer in value:
                return Grade(Status.WRONG, feedback, v.expected_text, text.strip(),
                             mistake=feedback)
        return Grade(Status.WRONG, "That is not one of the accepted answers.", v.expected_text,
                     text.strip())

    def _grade_choice(self, v, text: str, choices: list[str]) -> Grade:
        letters = _letters_of(choices, text)
        last = LETTERS[len(choices) - 1]
        if letters is None:
            return Grade(Status.UNREADABLE,
                         f"type the letter of a choice (a–{last}); for several, e.g. 'a c'",
                         v.expected_text)
        shown = " ".join(sorted(letters))
        if letters == v.expected:
            return Grade(Status.CORRECT, "Correct.", v.expected_text, shown)
        for value, feedback in v.mistakes:
            if letters == value:
                return Grade(Status.WRONG, feedback, v.expected_text, shown, mistake=feedback)
        if len(v.expected) > 1:
            missing = sorted(v.expected - letters)
            extra = sorted(letters - v.expected)
            why = []
            if missing:
                why.append("you left out " + ", ".join(missing))
            if extra:
                why.append(", ".join(extra) + (" is" if len(extra) == 1 else " are")
                           + " not right")
            return Grade(Status.WRONG, "Not quite: " + "; ".join(why) + ".", v.expected_text,
                         shown)
        return Grade(Status.WRONG, f"You chose {shown}.", v.expected_text, shown)


register(ConceptualType())
