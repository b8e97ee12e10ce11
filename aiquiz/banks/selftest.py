"""Question self-tests (`aiquiz bank test`), as STACK's question tests: for every question and
every variant of a small parameter grid (or many random seeds), the reference answer must be
accepted, every listed mistake rejected (with its own feedback, for types that name their
mistakes), the question's own `tests` graded as they say, and the type's own checks pass (a
correctly rounded answer is accepted, no two answers within tolerance of each other...). A check
that fails on several variants is reported once, with those seeds or parameter values, at the
line of the entry at fault (the mistake, the tests.accept item)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..errors import AnswerError, BankError
from ..qtypes.grade import Grade, Status
from .files import bank_files
from .model import Question, Variant
from .params import MAX_GRID, ParamError, complete, draw_params, grid, parse_params
from .problems import Problem, SeedGroups
from .reader import read_bank
from .validate import values_text
from .variant import build_variant

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
    code: bool = False  # the answer is code: shown by its most telling line
    feedback: str = ""  # a kept mistake of a type that names its mistakes: its grade must say this

    @property
    def shown(self) -> object:
        return _first_line(self.raw) if self.code else self.raw

    @property
    def graded_as_said(self) -> bool:
        return self.grade.readable and self.grade.status is not Status.TOO_COMPLEX \
            and self.grade.correct == self.want

    @property
    def ok(self) -> bool:
        return self.graded_as_said and (not self.feedback or self.feedback in self.grade.feedback)

    @property
    def why(self) -> str:
        if self.grade.status in (Status.UNREADABLE, Status.TOO_COMPLEX):
            return f"{self.label} {self.shown!r} could not be graded: {self.grade.feedback}"
        if not self.graded_as_said:
            verdict = "accepted" if self.grade.correct else "rejected"
            if self.code:
                extra = f": {self.grade.feedback}" if self.want else ""
            else:
                extra = f" (expected {self.grade.expected})" if self.want else ""
            return f"{self.label} {self.shown!r} was {verdict}{extra}"
        return (f"{self.label} {self.shown!r} was rejected, but not with its feedback "
                f"{self.feedback!r}: {self.grade.feedback}")


def check_variant(q: Question, v: Variant) -> list[Check]:
    """Grade the reference answer, each mistake and each test against one variant."""
    qtype = q.qtype
    named = qtype.mistakes_named
    cases = [("reference answer", "answer", q.answer, True, "")]
    cases += [(f"mistake {i + 1}", f"mistakes/{i}/answer", m.answer, False,
               m.feedback if named else "")
              for i, m in enumerate(q.mistakes)]
    cases += [(f"tests.accept {j + 1}", f"tests/accept/{j}", a, True, "")
              for j, a in enumerate(q.tests_accept)]
    cases += [(f"tests.reject {j + 1}", f"tests/reject/{j}", r, False, "")
              for j, r in enumerate(q.tests_reject)]
    return [Check(label, where, raw, want, qtype.grade(v, qtype.sample_text(raw, v.params)),
                  qtype.runs_bank_code, feedback)
            for label, where, raw, want, feedback in cases]


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


_MISTAKE = re.compile(r"mistake (\d+)")


def _self_check_place(problem: str) -> tuple[str, str]:
    """(where, kind) of a type's own check: at the last mistake it names, else the answer;
    grouped by its wording without the numbers of one variant."""
    named = _MISTAKE.findall(problem)
    where = f"mistakes/{int(named[-1]) - 1}/answer" if named else "answer"
    wording = re.sub(r"\([^)]*\)|[-+]?\d[\d.eE+-]*", "#", problem)
    return where, "self_check:" + wording


def run_question_tests(q: Question, seeds: int = TEST_SEEDS) -> tuple[int, list[Problem]]:
    """Run the reference answer, mistakes and tests, and the type's own checks, over every
    variant; return (checks run, failures, each once with the seeds or values it failed on)."""
    groups = SeedGroups()
    checks = 0
    specs = None
    for seed, env, label in variants_to_test(q, seeds):
        try:
            if specs is None:
                specs = parse_params(q.params) if q.params else []
            values = complete(specs, env) if env is not None else \
                draw_params(specs, seed, q.key) if specs else {}
            v = build_variant(q, seed, values)
        except ParamError as exc:
            groups.add(q, seed, f"params/{exc.name}", "params", f"params: {exc.message}",
                       label=label)
            continue
        except AnswerError as exc:
            groups.add(q, seed, "params", "params", f"params: {exc.message}", label=label)
            continue
        except BankError as exc:
            groups.add(q, seed, exc.reason.split(":")[0], "variant", exc.reason, label=label)
            continue
        failing = set()
        for c in check_variant(q, v):
            checks += 1
            if not c.ok:
                groups.add(q, seed, c.where, "check", c.why, label=label)
                failing.add(c.where)
        for problem in q.qtype.self_check(v):
            where, kind = _self_check_place(problem)
            if where in failing and problem.startswith("the answer"):
                continue  # "mistake 1 was accepted" says it already: one problem, not two
            checks += 1
            groups.add(q, seed, where, kind, problem, label=label)
    return checks, groups.problems()


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
    failed: int = 0                 # checks that failed, counting every variant
    failures: list[Problem] = field(default_factory=list)   # each once, with its variants
    problems: list[Problem] = field(default_factory=list)   # files that did not read cleanly
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
        bank, problems = read_bank(f, cached=False)  # the file, never a cached copy
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
            run.failed += sum(p.variants for p in fails)
    return run
