"""What a bank, a question and a variant are: plain data, no behaviour that depends on the type.

Formulas stay as text in a `Question`; they are parsed when a variant is made (`variant.py`), so
listing topics or counting questions never pays for maths parsing. Everything that depends on a
question's `type` lives in that type's module under `aiquiz/qtypes/`; type-specific fields are
kept, validated by the type, in `Question.fields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass
class Mistake:
    answer: object
    feedback: str


@dataclass
class Question:
    bank: str
    path: str
    line: int
    id: str
    type: str
    topic: str
    category: str
    checklist_item: str | None
    roles: list[str]
    difficulty: int
    prompt: str
    answer: object
    hints: list[str]
    solution: str
    mistakes: list[Mistake] = field(default_factory=list)
    tests_accept: list = field(default_factory=list)
    tests_reject: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)  # the type's own fields, as its `read` left them
    marks: dict[str, list[int]] = field(default_factory=dict)  # path -> [line, column]

    @property
    def key(self) -> str:
        """Stable identity across sessions: progress is keyed by it."""
        return f"{self.bank}/{self.id}"

    @property
    def parametric(self) -> bool:
        return bool(self.params)

    @property
    def variables(self) -> dict[str, str]:
        """Names a formula may use besides parameters (a derivation's variables), with their
        assumptions."""
        return self.fields.get("variables", {})

    @property
    def qtype(self):
        """The question type object that knows how to build, ask and grade this question."""
        from ..qtypes import get_type

        return get_type(self.type)

    def line_of(self, key: str) -> int:
        return self.where(key)[0]

    def where(self, path: str) -> tuple[int, int | None]:
        """(line, column) of a field or item (`answer`, `mistakes/0/answer`), or of the nearest
        enclosing one."""
        from .problems import place

        return place(self.marks, path, (self.line, None))


@dataclass
class Bank:
    id: str
    title: str
    path: str
    questions: list[Question]
    digest: str = ""  # hash of the file's text (cache.source_digest): what the index vouches for


@dataclass
class Variant:
    """A question instantiated for one seed: parameters drawn, text filled in, answers compiled
    by the question's type (`expected` and `mistakes` hold whatever that type grades against)."""

    question: Question
    seed: int
    params: dict[str, Fraction]
    prompt: str
    solution: str
    hints: list[str]
    expected_text: str = ""
    expected: object = None
    mistakes: list[tuple[object, str]] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # type-specific (a numeric tolerance...)
