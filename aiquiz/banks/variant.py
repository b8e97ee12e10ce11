"""A question instantiated for one seed: parameters drawn, text filled in, answers compiled by
the question's type. Compiling parses every formula of the question once, so grading a typed
answer only has to parse the learner's text."""

from __future__ import annotations

from ..errors import AnswerError, BankError
from .model import Question, Variant
from .params import ParamError, draw_params, fill_placeholders, parse_params


def make_variant(q: Question, seed: int) -> Variant:
    """Build the variant of `q` for `seed`. Bank errors come out as BankError with location."""
    key = "params"
    try:
        params = draw_params(parse_params(q.params), seed, q.key) if q.params else {}
        v = Variant(q, seed, params, fill_placeholders(q.prompt, params),
                    fill_placeholders(q.solution, params),
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
