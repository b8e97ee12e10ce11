"""Question self-tests (`aiquiz bank test`), as STACK's question tests: for every question and
many random variants, the reference answer must be accepted, every listed mistake rejected, and
the question's own `tests` graded as they say. A check that fails on several seeds is reported
once, with those seeds, at the line of the entry at fault (the mistake, the tests.accept item)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import BankError
from ..qtypes.grade import Grade, Status
from .files import bank_files
from .model import Question, Variant
from .problems import Problem, SeedGroups
from .reader import read_bank
from .variant import make_variant

TEST_SEEDS = 20


@dataclass
class Check:
    """One self-test check on one variant: `label` names it (reference answer, mistake 1,
    tests.accept 2), `where` is its place in the question."""

    label: str
    where: str
    raw: object
    want: bool          # should it be graded correct?
    grade: Grade

    @property
    def ok(self) -> bool:
        return self.grade.readable and self.grade.status is not Status.TOO_COMPLEX \
            and self.grade.correct == self.want

    @property
    def why(self) -> str:
        if self.grade.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
            return f"{self.label} {self.raw!r} could not be graded: {self.grade.feedback}"
        verdict = "accepted" if self.grade.correct else "rejected"
        return f"{self.label} {self.raw!r} was {verdict}" + (
            f" (expected {self.grade.expected})" if self.want else "")


def check_variant(q: Question, v: Variant) -> list[Check]:
    """Grade the reference answer, each mistake and each test against one variant."""
    cases = [("reference answer", "answer", q.answer, True)]
    cases += [(f"mistake {i + 1}", f"mistakes/{i}/answer", m.answer, False)
              for i, m in enumerate(q.mistakes)]
    cases += [(f"tests.accept {j + 1}", f"tests/accept/{j}", a, True)
              for j, a in enumerate(q.tests_accept)]
    cases += [(f"tests.reject {j + 1}", f"tests/reject/{j}", r, False)
              for j, r in enumerate(q.tests_reject)]
    return [Check(label, where, raw, want, q.qtype.grade(v, q.qtype.sample_text(raw, v.params)))
            for label, where, raw, want in cases]


def run_question_tests(q: Question, seeds: int = TEST_SEEDS) -> tuple[int, list[Problem]]:
    """Run the reference answer, mistakes and tests; return (checks run, failures, each once
    with the seeds it failed on)."""
    groups = SeedGroups()
    checks = 0
    for seed in range(seeds if q.parametric else 1):
        try:
            v = make_variant(q, seed)
        except BankError as exc:
            groups.add(q, seed, exc.reason.split(":")[0], "variant", exc.reason)
            continue
        for c in check_variant(q, v):
            checks += 1
            if not c.ok:
                groups.add(q, seed, c.where, "check", c.why)
    return checks, groups.problems()


@dataclass
class SelfTestRun:
    """The outcome of self-testing some bank files."""

    files: int = 0
    questions: int = 0
    checks: int = 0
    failed: int = 0                 # checks that failed, counting every seed
    failures: list[Problem] = field(default_factory=list)   # each once, with its seeds
    problems: list[Problem] = field(default_factory=list)   # files that did not read cleanly


def selftest_paths(paths: list[str | os.PathLike], seeds: int = TEST_SEEDS) -> SelfTestRun:
    """Self-test every question of the bank files under `paths`. A file with problems is not
    tested: its problems are returned instead (fix them first)."""
    run = SelfTestRun()
    files = bank_files(paths)
    run.files = len(files)
    for f in files:
        bank, problems = read_bank(f)
        if problems:
            run.problems.extend(problems)
            continue
        assert bank is not None
        for q in bank.questions:
            n, fails = run_question_tests(q, seeds)
            run.checks += n
            run.questions += 1
            run.failures.extend(fails)
            run.failed += sum(max(1, len(p.seeds)) for p in fails)
    return run
