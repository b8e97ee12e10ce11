"""Bank formulas for one variant: parse (with the one maths parser), substitute the variant's
parameters, evaluate to real numbers. Shared by the question types that compute."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from ..errors import AnswerError
from ..maths import Node, as_real, evaluate_value, fold_constants, format_number, parse, substitute


def formula_text(raw) -> str:
    """Bank answers may be YAML numbers, strings or nested lists; make one formula string."""
    if isinstance(raw, bool):
        raise AnswerError("expected a number or formula, not true/false")
    if isinstance(raw, (int, float)):
        return repr(raw)
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list):
        return "[" + ", ".join(formula_text(x) for x in raw) + "]"
    raise AnswerError(f"expected a number, formula or list, got {type(raw).__name__}")


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str, names: tuple[str, ...]) -> Node:
    return parse(text, names)


def parse_formula(text: str, names) -> Node:
    """`parse` for bank formulas, memoised: a question's formulas are the same text for every
    variant (trees are immutable, so sharing them is safe; errors are not memoised)."""
    return _parse_cached(text, tuple(names))


def compile_formula(names: list[str], raw, params: dict[str, Fraction]) -> Node:
    """Parse a bank formula (answer, mistake, test) allowing the parameters and `names`, and
    substitute this variant's parameter values."""
    node = parse_formula(formula_text(raw), list(params) + list(names))
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
    return conv(evaluate_value(node))  # list arithmetic that makes no sense: AnswerError


def format_value(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    return format_number(float(v))
