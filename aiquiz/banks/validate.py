"""Deep checks of bank files (`aiquiz bank validate`): beyond the fields `reader.py` checks,
every formula must parse and evaluate for every variant a learner can be given, and every listed
test must be readable.

Small parameter ranges are checked in full: when the parameters can take at most GRID_LIMIT
combinations of values, every one is built, so `x/(n - 3)` with n in randint(2, 40) is caught
here, with the values that break it, not by a learner whose seed draws n = 3. Larger ranges are
checked over MANY_SEEDS seeds.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import AnswerError, BankError
from .model import Question
from .params import complete, draw_params, grid, parse_params
from .reader import Problem, read_bank
from .variant import build_variant

GRID_LIMIT = 300
MANY_SEEDS = 100
TESTED_VARIANTS = 5  # tests.accept / tests.reject are graded on this many variants


def values_text(env: dict[str, Fraction]) -> str:
    return ", ".join(f"{k}={float(v):g}" for k, v in env.items())


def _variants(q: Question):
    """(seed, parameter values) of every variant to check; AnswerError if the specs are bad."""
    if not q.parametric:
        yield 0, {}
        return
    specs = parse_params(q.params)
    combos = grid(specs, GRID_LIMIT)
    if combos is None:
        for seed in range(MANY_SEEDS):
            yield seed, draw_params(specs, seed, q.key)
    else:
        for env in combos:
            yield 0, complete(specs, env)


def validate_question(q: Question) -> list[Problem]:
    """Build every variant of the question (or many): every formula must parse and evaluate,
    and the listed tests must be readable."""
    checked = 0
    try:
        for seed, params in _variants(q):
            try:
                v = build_variant(q, seed, params)
            except BankError as exc:
                where = f" (for {values_text(params)})" if params else ""
                return [Problem(q.path, exc.line, q.id, exc.reason + where)]
            if checked < TESTED_VARIANTS:
                problems = _check_tests(q, v)
                if problems:
                    return problems
            checked += 1
    except AnswerError as exc:  # a parameter spec, or a formula parameter undefined
        return [Problem(q.path, q.line_of("params"), q.id, f"params: {exc.message}")]
    return []


def _check_tests(q: Question, v) -> list[Problem]:
    problems = []
    for kind, items in (("tests.accept", q.tests_accept), ("tests.reject", q.tests_reject)):
        for item in items:
            g = q.qtype.grade(v, q.qtype.sample_text(item, v.params), exact=False)
            if g.status.value == "unreadable":
                problems.append(Problem(q.path, q.line_of("tests"), q.id,
                                        f"{kind} {item!r} cannot be read: {g.feedback}"))
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
