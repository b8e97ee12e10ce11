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
from .reader import Problem, read_bank
from .params import draw_params, parse_params
from .validate import values_text
from .variant import build_variant

TEST_SEEDS = 20


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
            params = draw_params(parse_params(q.params), seed, q.key) if q.params else {}
            v = build_variant(q, seed, params)
        except AnswerError as exc:
            failures.append(CheckFailure(q, seed, f"params: {exc.message}"))
            continue
        except BankError as exc:
            where = f" (for {values_text(params)})" if params else ""
            failures.append(CheckFailure(q, seed, exc.reason + where))
            continue
        answer = q.answer
        cases = [("reference answer", answer, True)]
        cases += [("mistake", m.answer, False) for m in q.mistakes]
        cases += [("tests.accept", a, True) for a in q.tests_accept]
        cases += [("tests.reject", r, False) for r in q.tests_reject]
        for label, raw, want in cases:
            checks += 1
            g = q.qtype.grade(v, q.qtype.sample_text(raw, v.params))
            if g.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
                failures.append(CheckFailure(q, seed, f"{label} {raw!r} could not be graded: "
                                                     f"{g.feedback}"))
            elif g.correct != want:
                verdict = "accepted" if g.correct else "rejected"
                extra = f" (expected {v.expected_text})" if want else ""
                failures.append(CheckFailure(q, seed, f"{label} {raw!r} was {verdict}{extra}"))
    return checks, failures


@dataclass
class SelfTestRun:
    """The outcome of self-testing some bank files."""

    files: int = 0
    questions: int = 0
    checks: int = 0
    failures: list[CheckFailure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # files that did not read cleanly


def selftest_paths(paths: list[str | os.PathLike], seeds: int = TEST_SEEDS) -> SelfTestRun:
    """Self-test every question of the bank files under `paths`. A file with problems is not
    tested: its problems are returned instead (fix them first)."""
    run = SelfTestRun()
    files = bank_files(paths)
    run.files = len(files)
    for f in files:
        bank, problems = read_bank(f, cached=False)
        if problems:
            run.problems.extend(problems)
            continue
        assert bank is not None
        for q in bank.questions:
            n, fails = run_question_tests(q, seeds)
            run.checks += n
            run.questions += 1
            run.failures.extend(fails)
    return run
