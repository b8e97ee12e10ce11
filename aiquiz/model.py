"""What a bank and a question are, once read from YAML and structurally checked.

Formulas stay as text here; they are parsed when a variant is made (`variant.py`), so listing
topics or counting questions never pays for maths parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    variables: dict[str, str] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    tolerance: dict[str, float] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity across sessions: progress is keyed by it."""
        return f"{self.bank}/{self.id}"

    @property
    def parametric(self) -> bool:
        return bool(self.params)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass
class Bank:
    id: str
    title: str
    path: str
    questions: list[Question]
