"""Maths text to tokens: Unicode operators and Greek letters normalised, positions kept for
error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MathSyntaxError

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|π")
_UNICODE = {"×": "*", "·": "*", "⋅": "*", "−": "-", "–": "-", "÷": "/", "²": "^2", "³": "^3"}
# Greek letters are read as their names (λ -> lambda) and shown back as letters.
# Every letter of the Greek alphabet, lower and upper case (π is the constant, handled apart).
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
         "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
         "ν": "nu", "ξ": "xi", "ο": "omicron", "ρ": "rho", "σ": "sigma", "τ": "tau",
         "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
         "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
         "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
GREEK_SHOWN = {v: k for k, v in GREEK.items()}
# variant letter forms people paste, read as the usual letter
GREEK.update({"ϵ": "epsilon", "ϕ": "phi", "ϑ": "theta", "ς": "sigma", "ϱ": "rho"})
_SINGLE = set("+-*/^(),[]!√|")
# Full-width forms (U+FF01..U+FF5E), typed by East Asian input methods, read as ASCII.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# after one of these, a bar opens |...|; elsewhere it closes the innermost open one
_BEFORE_OPENING_BAR = {"+", "-", "*", "/", "^", "(", ",", "[", "|(", "√"}
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, name, op, end
    text: str
    pos: int  # 0-based column in the (normalised) input


def number_parts(text: str) -> tuple[str, str | None]:
    """(mantissa, exponent part or None) of a number token."""
    m = _NUMBER.fullmatch(text)
    assert m is not None
    return m.group(1), m.group(2)


def normalise(text: str) -> str:
    text = text.translate(_FULL_WIDTH)
    for k, v in _UNICODE.items():
        if k in text:
            text = text.replace(k, v)
    for k, v in GREEK.items():
        if k in text:
            text = text.replace(k, v)
    return text


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        # ASCII digits only: str.isdigit() is also true for '¹' and other scripts' digits
        if ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER.match(text, i)
            assert m is not None
            # "2e" followed by a non-digit is 2·e, not a malformed exponent: the regex already
            # refuses to take the "e" unless digits follow.
            tokens.append(Token("num", m.group(0), i))
            i = m.end()
            continue
        m = _NAME.match(text, i)
        if m:
            tokens.append(Token("name", m.group(0), i))
            i = m.end()
            continue
        if text.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
            continue
        if ch in _SINGLE:
            tokens.append(Token("op", ch, i))
            i += 1
            continue
        if ch == "=":
            raise MathSyntaxError("type only the expression, without '='", i)
        if ch in "{}":
            raise MathSyntaxError("use ( ) or [ ] instead of { }", i)
        raise MathSyntaxError(f"unexpected character {ch!r}", i)
    tokens.append(Token("end", "", n))
    return _classify_bars(tokens)


def _classify_bars(tokens: list[Token]) -> list[Token]:
    """Absolute-value bars: each `|` becomes `|(` (opens) or `|)` (closes), so `||x| + y|`
    and `|x||y|` read as people mean them."""
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.kind != "op" or tok.text != "|":
            continue
        prev = tokens[i - 1] if i else None
        opening = depth == 0 or prev is None or (prev.kind == "op"
                                                 and prev.text in _BEFORE_OPENING_BAR)
        tokens[i] = Token("op", "|(" if opening else "|)", tok.pos)
        depth += 1 if opening else -1
    return tokens
