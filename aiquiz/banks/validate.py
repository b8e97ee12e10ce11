"""Deep checks of bank files (`aiquiz bank validate`): beyond the fields `reader.py` checks,
every formula must parse and evaluate for a few seeds, and every listed test must be readable."""

from __future__ import annotations

from ..errors import BankError
from .model import Question
from .reader import Problem, read_bank
from .variant import make_variant


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
                g = q.qtype.grade(v, q.qtype.sample_text(item, v.params), exact=False)
                if g.status.value == "unreadable":
                    problems.append(Problem(q.path, q.line_of("tests"), q.id,
                                            f"{kind} {item!r} cannot be read: {g.feedback}"))
        if problems:
            break
    return problems


def validate_paths(files) -> tuple[int, list[Problem]]:
    count = 0
    problems: list[Problem] = []
    for f in files:
        bank, errs = read_bank(f, cached=False)  # judge the file, never a cached copy
        problems.extend(errs)
        if bank is None:
            continue
        count += len(bank.questions)
        for q in bank.questions:
            problems.extend(validate_question(q))
    return count, problems
