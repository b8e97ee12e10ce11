"""A question instantiated for one seed: parameters drawn, text filled in, answers compiled.

Compiling parses every formula of the question once (reference answer, mistakes) with the shared
maths parser and substitutes the parameter values, so grading a typed answer only has to parse
the learner's text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import AnswerError, BankError
from .evaluate import as_real, evaluate_value
from .mathtext import ListExpr, Node, fold_constants, format_number, parse, render, substitute
from .model import Question
from .params import draw_params, fill_placeholders, parse_params

DEFAULT_REL = 1e-3
DEFAULT_ABS = 1e-9


@dataclass
class Variant:
    question: Question
    seed: int
    params: dict[str, Fraction]
    prompt: str
    solution: str
    hints: list[str]
    expected_text: str
    # numeric: nested lists of floats; derivation: AST; conceptual: set of letters or texts
    expected: object = None
    mistakes: list[tuple[object, str]] = field(default_factory=list)
    rel: float = DEFAULT_REL
    abs: float = DEFAULT_ABS

    @property
    def tolerance_note(self) -> str:
        """Shown under the prompt when the tolerance is not the default 0.1%."""
        if self.question.type != "numeric" or (self.rel == DEFAULT_REL and self.abs == DEFAULT_ABS):
            return ""
        parts = []
        if self.rel > 0:
            parts.append(f"{self.rel * 100:g}%")
        if self.abs != DEFAULT_ABS and self.abs > 0:
            parts.append(f"±{self.abs:g}")
        if not parts:
            return "the answer must be exact"
        return "answers within " + " or ".join(parts) + " of the exact value are accepted"


def _formula_text(raw) -> str:
    """Bank answers may be YAML numbers, strings or nested lists; make one formula string."""
    if isinstance(raw, bool):
        raise AnswerError("expected a number or formula, not true/false")
    if isinstance(raw, (int, float)):
        return repr(raw)
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list):
        return "[" + ", ".join(_formula_text(x) for x in raw) + "]"
    raise AnswerError(f"expected a number, formula or list, got {type(raw).__name__}")


def compile_formula(q: Question, raw, params: dict[str, Fraction]) -> Node:
    """Parse a bank formula (answer, mistake, test) and substitute this variant's parameters."""
    names = list(params) + list(q.variables)
    node = parse(_formula_text(raw), names)
    return fold_constants(substitute(node, params)) if params else node


def real_value(node: Node):
    """Evaluate a constant formula to floats (nested lists for vectors/matrices)."""
    def conv(v):
        if isinstance(v, list):
            return [conv(x) for x in v]
        r = as_real(v)
        if r is None:
            raise AnswerError("the value is not a real number")
        if not math.isfinite(r):
            raise AnswerError("the value is undefined or too large")
        return r
    return conv(evaluate_value(node))


def format_value(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    return format_number(float(v))


def make_variant(q: Question, seed: int) -> Variant:
    """Build the variant of `q` for `seed`. Bank errors come out as BankError with location."""
    key = "answer"
    try:
        key = "params"
        params = draw_params(parse_params(q.params), seed, q.key) if q.params else {}
        v = Variant(q, seed, params, fill_placeholders(q.prompt, params),
                    fill_placeholders(q.solution, params),
                    [fill_placeholders(h, params) for h in q.hints], "")
        if q.type == "numeric":
            v.rel = q.tolerance.get("rel", DEFAULT_REL)
            v.abs = q.tolerance.get("abs", DEFAULT_ABS)
            key = "answer"
            v.expected = real_value(compile_formula(q, q.answer, params))
            v.expected_text = format_value(v.expected)
            key = "mistakes"
            v.mistakes = [(real_value(compile_formula(q, m.answer, params)),
                           fill_placeholders(m.feedback, params)) for m in q.mistakes]
        elif q.type == "derivation":
            key = "answer"
            node = compile_formula(q, q.answer, params)
            if isinstance(node, ListExpr):
                raise AnswerError("a derivation answer must be a single expression")
            v.expected = node
            v.expected_text = render(node)
            key = "mistakes"
            v.mistakes = [(compile_formula(q, m.answer, params),
                           fill_placeholders(m.feedback, params)) for m in q.mistakes]
        else:
            from .grading.conceptual import compile_conceptual

            key = "answer"
            v.expected, v.expected_text = compile_conceptual(q)
            key = "mistakes"
            v.mistakes = [(compile_conceptual(q, m.answer)[0], m.feedback) for m in q.mistakes]
        return v
    except AnswerError as exc:
        raise BankError(f"{key}: {exc.message}", q.path, q.line_of(key), q.id) from None
