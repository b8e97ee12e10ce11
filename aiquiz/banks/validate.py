"""Deep checks of bank files (`aiquiz bank validate`): beyond the fields `reader.py` checks, every
parameter must draw, every formula (answer, each mistake) parse and evaluate, no listed mistake
may be graded correct, every listed test must be readable, and every `{name}` placeholder must
name a parameter. Each check runs on a few seeds; a problem found on several seeds is reported
once, with those seeds, at the place of the field at fault."""

from __future__ import annotations

import re

from ..errors import AnswerError, UnknownNameError
from .model import Question, Variant
from .params import ParamError, draw_params, fill_placeholders, parse_params
from .problems import Problem, SeedGroups, did_you_mean, formula_place
from .reader import read_bank

VALIDATE_SEEDS = 5
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)\}")


def validate_question(q: Question) -> list[Problem]:
    groups = SeedGroups()
    _placeholders(q, groups)
    for seed in range(VALIDATE_SEEDS) if q.parametric else range(1):
        _check_seed(q, seed, groups)
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
        for name in _PLACEHOLDER.findall(text):
            if name not in q.params:
                groups.add(q, None, where, "placeholder:" + name,
                           f"{{{name}}} is not a parameter, so it is shown as written",
                           did_you_mean(name, q.params, "parameters are "
                                        + ", ".join(q.params)))


def _check_seed(q: Question, seed: int, groups: SeedGroups) -> None:
    qtype = q.qtype
    try:
        params = draw_params(parse_params(q.params), seed, q.key) if q.params else {}
    except ParamError as exc:
        groups.add(q, seed, f"params/{exc.name}", "params", exc.message, _param_fix(q, exc))
        return
    def fill(text: str) -> str:
        return fill_placeholders(text, params)

    v = Variant(q, seed, params, fill(q.prompt), fill(q.solution), [fill(h) for h in q.hints])
    qtype.prepare(v)
    answer_ok = True
    try:
        v.expected, v.expected_text = qtype.compile_answer(v, q.answer)
    except AnswerError as exc:
        at = formula_place(q.marks, "answer", q.answer, exc)
        groups.add(q, seed, "answer", "compile",
                   f"the answer does not read: {_reason(exc, at)}", formula_fix(exc, q, params),
                   at)
        answer_ok = False
    compiled = []
    for i, m in enumerate(q.mistakes):
        try:
            compiled.append((i, qtype.compile_mistake(v, m.answer), fill(m.feedback)))
        except AnswerError as exc:
            where = f"mistakes/{i}/answer"
            at = formula_place(q.marks, where, m.answer, exc)
            groups.add(q, seed, where, "compile",
                       f"mistake {i + 1} does not read: {_reason(exc, at)}",
                       formula_fix(exc, q, params), at)
    if not answer_ok:
        return
    v.mistakes = [(value, feedback) for _, value, feedback in compiled]
    for i, _, _ in compiled:
        raw = q.mistakes[i].answer
        g = qtype.grade(v, qtype.sample_text(raw, params), exact=False)
        if g.correct:
            groups.add(q, seed, f"mistakes/{i}/answer", "equal",
                       f"mistake {i + 1} {raw!r} is graded correct: it equals the answer "
                       f"{v.expected_text}", "a listed mistake must be wrong: correct it, or "
                       "narrow the parameters so it never equals the answer")
    for kind, items in (("accept", q.tests_accept), ("reject", q.tests_reject)):
        for j, item in enumerate(items):
            g = qtype.grade(v, qtype.sample_text(item, params), exact=False)
            if g.status.value == "unreadable":
                groups.add(q, seed, f"tests/{kind}/{j}", "unreadable",
                           f"tests.{kind} {item!r} cannot be read: {g.feedback}")


def validate_paths(files) -> tuple[int, list[Problem]]:
    """(questions read, every problem) for the bank files `files`."""
    count = 0
    problems: list[Problem] = []
    for f in files:
        bank, errs = read_bank(f, lenient=True)
        problems.extend(errs)
        if bank is None:
            continue
        count += len(bank.questions)
        for q in bank.questions:
            problems.extend(validate_question(q))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return count, problems
