"""A question instantiated for one seed: parameters drawn, text filled in, answers compiled by
the question's type. Compiling parses every formula of the question once, so grading a typed
answer only has to parse the learner's text."""

from __future__ import annotations

from fractions import Fraction

from ..errors import AnswerError, BankError
from .model import Question, Variant
from .params import ParamError, draw_params, fill_placeholders, parse_params


def make_variant(q: Question, seed: int, params: dict[str, Fraction] | None = None) -> Variant:
    """Build the variant of `q` for `seed` (or for the given parameter values). Bank errors come
    out as BankError with location."""
    if params is None:
        try:
            params = draw_params(parse_params(q.params), seed, q.key) if q.params else {}
        except AnswerError as exc:
            line, column = q.where(f"params/{exc.name}" if isinstance(exc, ParamError)
                                   else "params")
            raise BankError(f"params: {exc.message}", q.path, line, q.id, column) from None
    return build_variant(q, seed, params)


def build_variant(q: Question, seed: int, params: dict[str, Fraction]) -> Variant:
    """The variant of `q` with these parameter values (`bank validate` and `bank test` try every
    combination of small parameter ranges this way). BankError with location when it cannot be
    built."""
    key = "prompt"
    try:
        prompt = fill_placeholders(q.prompt, params)
        key = "solution"
        solution = fill_placeholders(q.solution, params)
        key = "hints"
        v = Variant(q, seed, params, prompt, solution,
                    [fill_placeholders(h, params) for h in q.hints])
        qtype = q.qtype
        key = "answer"
        qtype.prepare(v)
        v.expected, v.expected_text = qtype.compile_answer(v, q.answer)
        key = "mistakes"
        v.mistakes = [(qtype.compile_mistake(v, m.answer), fill_placeholders(m.feedback, params))
                      for m in q.mistakes]
        return v
    except AnswerError as exc:
        line, column = q.where(f"params/{exc.name}" if isinstance(exc, ParamError) else key)
        raise BankError(f"{key}: {exc.message}", q.path, line, q.id, column) from None
