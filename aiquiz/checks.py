"""Deep checks of banks: `aiquiz bank validate` (every formula parses and evaluates) and
`aiquiz bank test` (STACK-style question tests run over many random variants)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from .banks import Problem, read_bank
from .errors import BankError
from .grading import Status, grade
from .model import Question
from .variant import make_variant

TEST_SEEDS = 20


def instantiate_text(text, params: dict[str, Fraction], qtype: str = "numeric") -> str:
    """Turn a bank-side answer (which may use parameter names, or be a YAML number or list)
    into the text a learner would type for this variant."""
    if isinstance(text, list):
        if qtype == "conceptual":
            return " ".join(map(str, text))  # multiple-select letters
        return "[" + ", ".join(instantiate_text(t, params) for t in text) + "]"
    text = str(text)
    if not params:
        return text

    def sub(m: re.Match) -> str:
        name = m.group(0)
        if name not in params:
            return name
        v = params[name]
        return f"({v.numerator}/{v.denominator})" if v.denominator != 1 else f"({v.numerator})"

    return re.sub(r"[A-Za-z_][A-Za-z_0-9]*", sub, text)


def validate_question(q: Question) -> list[Problem]:
    """Compile the question for a few seeds: every formula must parse and evaluate."""
    problems: list[Problem] = []
    seeds = range(5) if q.parametric else range(1)
    for seed in seeds:
        try:
            v = make_variant(q, seed)
        except BankError as exc:
            problems.append(Problem(q.path, exc.line, q.id, exc.reason + (
                f" (seed {seed})" if q.parametric else "")))
            break
        for kind, items in (("tests.accept", q.tests_accept), ("tests.reject", q.tests_reject)):
            for item in items:
                g = grade(v, instantiate_text(item, v.params, q.type), exact=False)
                if g.status is Status.UNREADABLE:
                    problems.append(Problem(q.path, q.line_of("tests"), q.id,
                                            f"{kind} {item!r} cannot be read: {g.feedback}"))
        if problems:
            break
    return problems


def validate_paths(files) -> tuple[int, list[Problem]]:
    count = 0
    problems: list[Problem] = []
    for f in files:
        bank, errs = read_bank(f)
        problems.extend(errs)
        if bank is None:
            continue
        count += len(bank.questions)
        for q in bank.questions:
            problems.extend(validate_question(q))
    return count, problems


@dataclass
class CheckFailure:
    question: Question
    seed: int
    what: str

    def __str__(self) -> str:
        seed = f" seed {self.seed}" if self.question.parametric else ""
        return f"{self.question.path}:{self.question.line} [{self.question.bank}/" \
               f"{self.question.id}{seed}] {self.what}"


def run_question_tests(q: Question, seeds: int = TEST_SEEDS) -> tuple[int, list[CheckFailure]]:
    """Run the reference answer, mistakes and tests; return (checks run, failures)."""
    failures: list[CheckFailure] = []
    checks = 0
    for seed in range(seeds if q.parametric else 1):
        try:
            v = make_variant(q, seed)
        except BankError as exc:
            failures.append(CheckFailure(q, seed, exc.reason))
            continue
        answer = q.answer
        cases = [("reference answer", answer, True)]
        cases += [("mistake", m.answer, False) for m in q.mistakes]
        cases += [("tests.accept", a, True) for a in q.tests_accept]
        cases += [("tests.reject", r, False) for r in q.tests_reject]
        for label, raw, want in cases:
            checks += 1
            g = grade(v, instantiate_text(raw, v.params, q.type))
            if g.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
                failures.append(CheckFailure(q, seed, f"{label} {raw!r} could not be graded: "
                                                     f"{g.feedback}"))
            elif g.correct != want:
                verdict = "accepted" if g.correct else "rejected"
                extra = f" (expected {v.expected_text})" if want else ""
                failures.append(CheckFailure(q, seed, f"{label} {raw!r} was {verdict}{extra}"))
    return checks, failures


def stats(questions: list[Question]) -> dict:
    def count(key) -> dict:
        c: Counter = Counter()
        for q in questions:
            for k in key(q):
                c[k] += 1
        return dict(sorted(c.items()))

    return {
        "questions": len(questions),
        "by_topic": count(lambda q: [q.topic]),
        "by_category": count(lambda q: [q.category]),
        "by_role": count(lambda q: q.roles),
        "by_type": count(lambda q: [q.type]),
        "by_difficulty": {str(k): v for k, v in count(lambda q: [q.difficulty]).items()},
        "by_checklist_item": count(lambda q: [q.checklist_item] if q.checklist_item else []),
        "auto_graded_by_checklist_item": count(
            lambda q: [q.checklist_item] if q.checklist_item and q.type != "conceptual" else []),
        "parametric": sum(q.parametric for q in questions),
        "parametric_by_type": count(lambda q: [q.type] if q.parametric else []),
    }


