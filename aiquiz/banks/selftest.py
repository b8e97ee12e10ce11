"""Question self-tests (`aiquiz bank test`), as STACK's question tests: for every question and
many random variants, the reference answer must be accepted, every listed mistake rejected, and
the question's own `tests` graded as they say."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import AnswerError, BankError
from ..qtypes.grade import Status
from .files import bank_files
from .model import Question
from .params import MAX_GRID, complete, draw_params, grid, parse_params
from .reader import Problem, read_bank
from .validate import values_text
from .variant import build_variant

TEST_SEEDS = 20


@dataclass
class CheckFailure:
    question: Question
    seed: int
    what: str
    params: str = ""  # "n=3, m=2" when the variant came from the full parameter grid

    def __str__(self) -> str:
        seed = f" seed {self.seed}" if self.question.parametric and not self.params else ""
        params = f" with {self.params}" if self.params else ""
        return f"{self.question.path}:{self.question.line} [{self.question.bank}/" \
               f"{self.question.id}{seed}{params}] {self.what}"


def variants_to_test(q: Question, seeds: int = TEST_SEEDS):
    """(seed, generated values or None, label) of every variant to self-test: the whole grid of
    parameter values when it is small (up to MAX_GRID combinations), else `seeds` seeds."""
    if not q.parametric:
        return [(0, None, "")]
    try:
        combos = grid(parse_params(q.params), MAX_GRID)
    except AnswerError:
        combos = None
    if combos is not None:
        return [(i, env, values_text(env)) for i, env in enumerate(combos)]
    return [(seed, None, "") for seed in range(seeds)]


def run_question_tests(q: Question, seeds: int = TEST_SEEDS) -> tuple[int, list[CheckFailure]]:
    """Run the reference answer, mistakes and tests, and the type's own checks (a correctly
    rounded answer is accepted, no two answers within tolerance of each other...) over every
    variant; return (checks run, failures)."""
    failures: list[CheckFailure] = []
    checks = 0
    for seed, params, label in variants_to_test(q, seeds):
        try:
            specs = parse_params(q.params) if q.params else []
            values = complete(specs, params) if params is not None else \
                draw_params(specs, seed, q.key) if specs else {}
            v = build_variant(q, seed, values)
        except AnswerError as exc:
            failures.append(CheckFailure(q, seed, f"params: {exc.message}", label))
            continue
        except BankError as exc:
            failures.append(CheckFailure(q, seed, exc.reason, label))
            continue
        for problem in q.qtype.self_check(v):
            checks += 1
            failures.append(CheckFailure(q, seed, problem, label))
        answer = q.answer
        cases = [("reference answer", answer, True)]
        cases += [("mistake", m.answer, False) for m in q.mistakes]
        cases += [("tests.accept", a, True) for a in q.tests_accept]
        cases += [("tests.reject", r, False) for r in q.tests_reject]
        for what, raw, want in cases:
            checks += 1
            g = q.qtype.grade(v, q.qtype.sample_text(raw, v.params))
            if g.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
                failures.append(CheckFailure(q, seed, f"{what} {raw!r} could not be graded: "
                                                     f"{g.feedback}", label))
            elif g.correct != want:
                verdict = "accepted" if g.correct else "rejected"
                extra = f" (expected {v.expected_text})" if want else ""
                if q.qtype.runs_bank_code:
                    raw, extra = _first_line(raw), f": {g.feedback}" if want else ""
                failures.append(CheckFailure(q, seed, f"{what} {raw!r} was {verdict}{extra}",
                                             label))
            elif what == "mistake" and q.qtype.mistakes_named:
                feedback = next(m.feedback for m in q.mistakes if m.answer is raw)
                if feedback not in g.feedback:
                    failures.append(CheckFailure(
                        q, seed, f"mistake {_first_line(raw)!r} was rejected, but not with its "
                                 f"feedback {feedback!r}: {g.feedback}", label))
    return checks, failures


def _first_line(source) -> str:
    """A kept wrong implementation named by its most telling line: the first that differs from
    a def, import or docstring."""
    lines = [ln.strip() for ln in str(source).splitlines() if ln.strip()]
    body = [ln for ln in lines if not ln.startswith(("import ", "from ", "def ", '"""', "#"))]
    return (body or lines or [""])[0][:70]


@dataclass
class SelfTestRun:
    """The outcome of self-testing some bank files."""

    files: int = 0
    questions: int = 0
    checks: int = 0
    failures: list[CheckFailure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # files that did not read cleanly
    untrusted: dict[str, int] = field(default_factory=dict)  # bank path -> code questions left


def selftest_paths(paths: list[str | os.PathLike], seeds: int = TEST_SEEDS,
                   trust: bool = False) -> SelfTestRun:
    """Self-test every question of the bank files under `paths`. A file with problems is not
    tested: its problems are returned instead (fix them first). Code questions of banks not
    trusted to run code are left out (`untrusted`), unless `trust` trusts them."""
    from .trust import is_trusted, trust as trust_bank

    run = SelfTestRun()
    files = bank_files(paths)
    run.files = len(files)
    for f in files:
        bank, problems = read_bank(f, cached=False)
        if problems:
            run.problems.extend(problems)
            continue
        assert bank is not None
        if trust:
            trust_bank(bank.path)
        for q in bank.questions:
            if q.qtype.runs_bank_code and not is_trusted(q.path):
                run.untrusted[q.path] = run.untrusted.get(q.path, 0) + 1
                continue
            n, fails = run_question_tests(q, seeds)
            run.checks += n
            run.questions += 1
            run.failures.extend(fails)
    return run
