"""Maths text: one parser for everything typed or written in a bank, and what is done with the
tree it builds.

    lexer -> parser (+ limits) -> ast -> evaluate | render | transform | serial
                 vocabulary: the one table of functions and constants
"""

from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num, names_in, walk
from .evaluate import evaluate_scalar, evaluate_value
from .numbers import as_real, magnitude
from .parser import parse
from .render import format_number, render
from .serial import from_json, to_json
from .transform import fold_constants, substitute

__all__ = [
    "BinOp", "Call", "Const", "ListExpr", "Name", "Neg", "Node", "Num", "names_in", "walk",
    "evaluate_scalar", "evaluate_value", "as_real", "magnitude", "parse", "format_number",
    "render", "from_json", "to_json", "fold_constants", "substitute",
]
