"""Deep checks of bank files (`aiquiz bank validate`): beyond the fields `reader.py` checks, every
parameter must draw, every formula (answer, each mistake) parse and evaluate for every variant a
learner can be given, no listed mistake may be graded correct, every listed test must be
readable, and every `{name}` placeholder must name a parameter.

Small parameter ranges are checked in full: when the parameters can take at most GRID_LIMIT
combinations of values, every one is built, so `x/(n - 3)` with n in randint(2, 40) is caught
here, with the values that break it (`for n=3`), not by a learner whose seed draws n = 3. Larger
ranges are checked over MANY_SEEDS seeds. Grading checks (a mistake equal to the answer, tests
that cannot be read) run on the first TESTED_VARIANTS variants. A problem found on several
variants is reported once, with those values or seeds, at the place of the field at fault."""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import AnswerError, BankError, UnknownNameError
from .model import Question, Variant
from .params import (_TEX, ParamError, complete, draw_params, fill_placeholders, grid,
                     parse_params)
from .problems import Problem, SeedGroups, did_you_mean, formula_place
from .reader import read_bank
from .variant import build_variant

GRID_LIMIT = 300
MANY_SEEDS = 100
TESTED_VARIANTS = 5  # mistakes and tests.accept / tests.reject are graded on this many variants
# a {name} that is not a parameter is shown as written: a typo. After _ or ^ (E_{p_data},
# A^{k}) or inside $...$ braces are a TeX group, rendered as such, not a placeholder.
_PLACEHOLDER = re.compile(r"(?<![_^])\{([A-Za-z_][A-Za-z_0-9]*)\}")


def values_text(env: dict[str, Fraction]) -> str:
    return ", ".join(f"{k}={float(v):g}" for k, v in env.items())


def _variants(q: Question, specs) -> list[tuple[int, dict | None]]:
    """(seed, generated values, or None to draw them from the seed) of every variant to check:
    the whole grid when it is small, else MANY_SEEDS seeds."""
    if not q.parametric:
        return [(0, {})]
    combos = grid(specs, GRID_LIMIT)
    if combos is None:
        return [(seed, None) for seed in range(MANY_SEEDS)]
    return [(0, env) for env in combos]


def validate_question(q: Question) -> list[Problem]:
    """Every problem of the question's variants (see the module docstring)."""
    groups = SeedGroups()
    _placeholders(q, groups)
    try:
        specs = parse_params(q.params) if q.params else []
    except ParamError as exc:
        groups.add(q, None, f"params/{exc.name}", "params", exc.message, _param_fix(q, exc))
        return groups.problems()
    for n, (seed, env) in enumerate(_variants(q, specs)):
        _check_variant(q, seed, specs, env, groups, graded=n < TESTED_VARIANTS)
    return groups.problems()


def formula_fix(exc: AnswerError, q: Question, params) -> str:
    """The likely fix for a formula that does not read: a misspelt parameter or variable."""
    if not isinstance(exc, UnknownNameError):
        return ""
    known = [*params, *q.variables]
    for name in exc.unknown:
        hint = did_you_mean(name, known)
        if hint:
            return hint
    if "variables" in q.qtype.fields:
        return "declare it under variables, or make it a parameter"
    return "a formula may use only the parameters" + (
        f" ({', '.join(params)})" if params else " (this question has none)")


def _reason(exc: AnswerError, at) -> str:
    """The error without "(at column N)" of the formula when the report points at it."""
    return getattr(exc, "reason", exc.message) if at else exc.message


def _param_fix(q: Question, exc: ParamError) -> str:
    names = list(q.params)
    earlier = names[:names.index(exc.name)] if exc.name in names else []
    if isinstance(exc.cause, UnknownNameError):
        later = [n for n in exc.cause.unknown if n in names]
        if later:
            return f"parameters are drawn in the order written: move {later[0]} above {exc.name}"
        return did_you_mean(exc.cause.unknown[0], earlier,
                            "a parameter formula may use only the parameters above it")
    if "undefined" in exc.message:
        return "narrow the ranges of the parameters above it so the formula is always defined"
    return ""


def _placeholders(q: Question, groups: SeedGroups) -> None:
    if not q.parametric:
        return
    texts = [("prompt", q.prompt), ("solution", q.solution)]
    texts += [(f"hints/{i}", h) for i, h in enumerate(q.hints)]
    texts += [(f"mistakes/{i}/feedback", m.feedback) for i, m in enumerate(q.mistakes)]
    for where, text in texts:
        outside = "".join(part for i, part in enumerate(_TEX.split(text)) if i % 2 == 0)
        for name in _PLACEHOLDER.findall(outside):
            if name not in q.params:
                groups.add(q, None, where, "placeholder:" + name,
                           f"{{{name}}} is not a parameter, so it is shown as written",
                           did_you_mean(name, q.params, "parameters are "
                                        + ", ".join(q.params)))


def _check_variant(q: Question, seed: int, specs, env: dict | None, groups: SeedGroups,
                   graded: bool) -> None:
    """Build one variant (the generated values `env`, or those drawn for `seed`) and report what
    does not build; when `graded`, also grade its mistakes and tests."""
    label = ""
    try:
        if env is None:
            params = draw_params(specs, seed, q.key) if specs else {}
        else:
            label = values_text(env)
            params = complete(specs, env)
            label = values_text(params)
    except ParamError as exc:
        groups.add(q, seed, f"params/{exc.name}", "params", exc.message, _param_fix(q, exc),
                   label=label)
        return
    except AnswerError as exc:
        groups.add(q, seed, "params", "params", exc.message, label=label)
        return
    try:
        v = build_variant(q, seed, params)
    except BankError:
        _report_build(q, seed, params, groups, label)
        return
    if graded:
        _grade_listed(q, v, groups, label)


def _report_build(q: Question, seed: int, params: dict, groups: SeedGroups, label: str) -> None:
    """A variant that does not build: every field at fault, each at its place."""
    qtype = q.qtype
    failed = False

    def fill(where: str, text: str) -> str:
        nonlocal failed
        try:
            return fill_placeholders(text, params)
        except AnswerError as exc:
            failed = True
            groups.add(q, seed, where, "fill", f"a {{= formula}} in {where.split('/')[0]} does "
                       f"not read: {exc.message}", label=label)
            return text

    v = Variant(q, seed, params, fill("prompt", q.prompt), fill("solution", q.solution),
                [fill(f"hints/{i}", h) for i, h in enumerate(q.hints)])
    qtype.prepare(v)
    try:
        v.expected, v.expected_text = qtype.compile_answer(v, q.answer)
    except AnswerError as exc:
        failed = True
        at = formula_place(q.marks, "answer", q.answer, exc)
        groups.add(q, seed, "answer", "compile",
                   f"the answer does not read: {_reason(exc, at)}", formula_fix(exc, q, params),
                   at, label=label)
    for i, m in enumerate(q.mistakes):
        fill(f"mistakes/{i}/feedback", m.feedback)
        try:
            qtype.compile_mistake(v, m.answer)
        except AnswerError as exc:
            failed = True
            where = f"mistakes/{i}/answer"
            at = formula_place(q.marks, where, m.answer, exc)
            groups.add(q, seed, where, "compile",
                       f"mistake {i + 1} does not read: {_reason(exc, at)}",
                       formula_fix(exc, q, params), at, label=label)
    if not failed:  # build_variant failed for a reason the fields above do not show
        try:
            build_variant(q, seed, params)
        except BankError as exc:
            groups.add(q, seed, exc.reason.split(":")[0], "variant", exc.reason, label=label)


def _grade_listed(q: Question, v: Variant, groups: SeedGroups, label: str) -> None:
    """No listed mistake may be graded correct; every listed test must be readable."""
    qtype, seed, params = q.qtype, v.seed, v.params
    for i, m in enumerate(q.mistakes):
        g = qtype.grade(v, qtype.sample_text(m.answer, params), exact=False)
        if g.correct:
            groups.add(q, seed, f"mistakes/{i}/answer", "equal",
                       f"mistake {i + 1} {m.answer!r} is graded correct: it equals the answer "
                       f"{v.expected_text}", "a listed mistake must be wrong: correct it, or "
                       "narrow the parameters so it never equals the answer", label=label)
    for kind, items in (("accept", q.tests_accept), ("reject", q.tests_reject)):
        for j, item in enumerate(items):
            g = qtype.grade(v, qtype.sample_text(item, params), exact=False)
            if g.status.value == "unreadable":
                groups.add(q, seed, f"tests/{kind}/{j}", "unreadable",
                           f"tests.{kind} {item!r} cannot be read: {g.feedback}", label=label)


def validate_paths(files) -> tuple[int, list[Problem]]:
    """(questions read, every problem) for the bank files `files`."""
    count = 0
    problems: list[Problem] = []
    for f in files:
        bank, errs = read_bank(f, lenient=True, cached=False)  # the file, never a cached copy
        problems.extend(errs)
        if bank is None:
            continue
        count += len(bank.questions)
        for q in bank.questions:
            problems.extend(validate_question(q))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return count, problems
