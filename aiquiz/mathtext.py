"""The one parser for every piece of maths text aiquiz reads.

Typed answers and bank formulas (answers, mistakes, tests, parameter formulas) all come through
`parse`. It is a hand-written tokenizer and recursive-descent parser that builds a tiny AST of
whitelisted node types; nothing is ever handed to `eval`, `exec`, `sympify` or `parse_expr`.
Sizes are bounded (length, nesting depth, literal size) so parsing always finishes quickly, and
constant sub-expressions that would be astronomically large are refused before anyone tries to
compute them exactly.

The AST is plain frozen dataclasses so it can be evaluated numerically (`evaluate.py`), rendered
for the learner (`render`), and serialised to the SymPy worker process (`to_json`/`from_json`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Union

from .errors import MathSyntaxError, TooComplexError, UnknownNameError

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_NUMBER_DIGITS = 60
MAX_LITERAL_EXPONENT = 400
MAX_CONSTANT_EXPONENT = 10_000
MAX_FACTORIAL = 1000

from .vocabulary import CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, RING_OPS  # noqa: E402


# ----------------------------------------------------------------------------------------- AST

@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction


@dataclass(frozen=True, slots=True)
class Const:
    name: str  # "pi" or "e"


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # one of + - * / ^
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple["Node", ...]


Node = Union[Num, Const, Name, Call, BinOp, Neg, ListExpr]


# ----------------------------------------------------------------------------------- tokenizer

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|π")
_UNICODE = {"×": "*", "·": "*", "⋅": "*", "−": "-", "–": "-", "÷": "/", "²": "^2", "³": "^3"}
# Greek letters are read as their names (λ -> lambda) and shown back as letters.
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta",
         "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ρ": "rho",
         "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega"}
_GREEK_SHOWN = {v: k for k, v in GREEK.items()}
_SINGLE = set("+-*/^(),[]!√")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, name, op, end
    text: str
    pos: int  # 0-based column in the (normalised) input


def _tokenize(text: str) -> list[Token]:
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
    return tokens


def _normalise(text: str) -> str:
    for k, v in _UNICODE.items():
        if k in text:
            text = text.replace(k, v)
    for k, v in GREEK.items():
        if k in text:
            text = text.replace(k, v)
    return text


# -------------------------------------------------------------------------------------- parser

def _parse_number(tok: Token) -> Num:
    m = _NUMBER.fullmatch(tok.text)
    assert m is not None
    mantissa, exponent = m.group(1), m.group(2)
    if len(mantissa.replace(".", "")) > MAX_NUMBER_DIGITS:
        raise TooComplexError(f"the number at column {tok.pos + 1} has too many digits")
    value = Fraction(mantissa)
    if exponent:
        e = int(exponent[1:])
        if abs(e) > MAX_LITERAL_EXPONENT:
            raise TooComplexError(f"the exponent of the number at column {tok.pos + 1} is too large")
        value *= Fraction(10) ** e
    return Num(value)


class _Parser:
    """Recursive descent over the token list. Grammar (lowest to highest precedence):

        expr    := term (('+' | '-') term)*
        term    := unary (('*' | '/') unary | <implicit> power)*
        unary   := ('-' | '+') unary | power
        power   := postfix ('^' unary)?          -- right-associative, x^-1 allowed
        postfix := primary '!'*
        primary := number | name | func '(' args ')' | '(' expr ')' | '[' items ']' | '√' postfix
    """

    def __init__(self, tokens: list[Token], names: frozenset[str]):
        self.tokens = tokens
        self.i = 0
        self.names = names
        self.depth = 0
        self.unknown: list[str] = []

    # helpers
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok.kind != "op" or tok.text != text:
            found = "the end" if tok.kind == "end" else repr(tok.text)
            raise MathSyntaxError(f"expected {text!r} but found {found}", tok.pos)
        return self.take()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooComplexError(f"nested more than {MAX_DEPTH} levels deep")

    def leave(self) -> None:
        self.depth -= 1

    # grammar
    def expr(self) -> Node:
        self.enter(self.peek().pos)
        node = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            node = BinOp(op, node, self.term())
        self.leave()
        return node

    def _starts_primary(self, tok: Token) -> bool:
        return tok.kind in ("num", "name") or (tok.kind == "op" and tok.text in "(√")

    def term(self) -> Node:
        node = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "*/":
                self.take()
                node = BinOp(tok.text, node, self.unary())
            elif self._starts_primary(tok):
                prev = self.tokens[self.i - 1]
                if prev.kind == "num" and tok.kind == "num":
                    raise MathSyntaxError("two numbers in a row; add an operator between them",
                                          tok.pos)
                node = BinOp("*", node, self.power())
            else:
                return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.take()
            self.enter(tok.pos)
            operand = self.unary()
            self.leave()
            return Neg(operand) if tok.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "^":
            self.take()
            self.enter(tok.pos)
            exponent = self.unary()
            self.leave()
            return BinOp("^", base, exponent)
        return base

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek().kind == "op" and self.peek().text == "!":
            self.take()
            node = Call("factorial", (node,))
        return node

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return _parse_number(tok)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            self.enter(tok.pos)
            node = self.expr()
            self.expect(")")
            self.leave()
            return node
        if tok.kind == "op" and tok.text == "[":
            self.enter(tok.pos)
            items = [self.expr()]
            while self.peek().kind == "op" and self.peek().text == ",":
                self.take()
                items.append(self.expr())
            self.expect("]")
            self.leave()
            return ListExpr(tuple(items))
        if tok.kind == "op" and tok.text == "√":
            self.enter(tok.pos)
            node = Call("sqrt", (self.postfix(),))
            self.leave()
            return node
        if tok.kind == "end":
            raise MathSyntaxError("the expression ends too early", tok.pos)
        raise MathSyntaxError(f"unexpected {tok.text!r}", tok.pos)

    def name(self, tok: Token) -> Node:
        word = tok.text
        func = FUNCTION_ALIASES.get(word, word)
        if func in FUNCTIONS:
            nxt = self.peek()
            if not (nxt.kind == "op" and nxt.text == "("):
                raise MathSyntaxError(f"write {word}(...) with parentheses", tok.pos)
            self.take()
            self.enter(tok.pos)
            args = [self.expr()]
            while self.peek().kind == "op" and self.peek().text == ",":
                self.take()
                args.append(self.expr())
            self.expect(")")
            self.leave()
            if len(args) not in FUNCTIONS[func]:
                want = " or ".join(str(k) for k in FUNCTIONS[func])
                raise MathSyntaxError(f"{word}() takes {want} argument(s), got {len(args)}",
                                      tok.pos)
            return Call(func, tuple(args))
        if word in self.names:
            return Name(word)
        if word in CONSTANTS:
            return Const(CONSTANTS[word])
        parts = _split_names(word, self.names)
        if parts is None:
            self.unknown.append(word)
            return Name(word)
        node: Node = _name_or_const(parts[0])
        for p in parts[1:]:
            node = BinOp("*", node, _name_or_const(p))
        return node


def _name_or_const(word: str) -> Node:
    return Const(CONSTANTS[word]) if word in CONSTANTS and len(word) > 1 or word == "e" \
        else Name(word)


def _split_names(word: str, names: frozenset[str]) -> list[str] | None:
    """Split a run of letters such as `xy` or `2pix` into declared names and `pi`/`e`.

    Longest match first, so a variable called `xy` wins over `x`·`y`. Returns None when no split
    exists, which makes the word an unknown name.
    """
    vocab = sorted(names | {"pi", "e"}, key=len, reverse=True)
    memo: dict[int, list[str] | None] = {}

    def go(i: int) -> list[str] | None:
        if i == len(word):
            return []
        if i in memo:
            return memo[i]
        memo[i] = None
        for v in vocab:
            if word.startswith(v, i):
                rest = go(i + len(v))
                if rest is not None:
                    memo[i] = [v] + rest
                    break
        return memo[i]

    return go(0) if len(word) <= 40 else None


def parse(text: str, names: Iterable[str] = ()) -> Node:
    """Parse maths text into an AST, allowing the given variable/parameter names.

    Raises MathSyntaxError (with a column) for malformed text, UnknownNameError listing the names
    it could not read, and TooComplexError when the text exceeds a size bound.
    """
    if not isinstance(text, str):
        raise MathSyntaxError("expected text", 0)
    if len(text) > MAX_LENGTH:
        raise TooComplexError(f"the answer is longer than {MAX_LENGTH} characters")
    text = _normalise(text.strip())
    if not text:
        raise MathSyntaxError("the answer is empty", 0)
    tokens = _tokenize(text)
    parser = _Parser(tokens, frozenset(names))
    node = parser.expr()
    tok = parser.peek()
    if tok.kind != "end":
        raise MathSyntaxError(f"unexpected {tok.text!r}", tok.pos)
    if parser.unknown:
        raise UnknownNameError(sorted(set(parser.unknown)), sorted(names))
    check_sizes(node)
    return node


# ---------------------------------------------------------------------------- static size check

def _const_magnitude(node: Node) -> float:
    """|value| of a constant sub-expression: inf when it overflows, 0 when it is undefined."""
    from .evaluate import evaluate_scalar, magnitude  # local: evaluate imports this module

    m = magnitude(evaluate_scalar(node, {}))
    return 0.0 if math.isnan(m) else m


def _children(n: Node) -> tuple[Node, ...]:
    if isinstance(n, BinOp):
        return (n.left, n.right)
    if isinstance(n, Neg):
        return (n.operand,)
    if isinstance(n, (Call, ListExpr)):
        return n.args if isinstance(n, Call) else n.items
    return ()


def _constant_ids(node: Node) -> set[int]:
    """ids of the nodes with no names below them, found in one post-order pass."""
    const: set[int] = set()
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, done = stack.pop()
        kids = _children(n)
        if done or not kids:
            if not isinstance(n, Name) and all(id(k) in const for k in kids):
                const.add(id(n))
        else:
            stack.append((n, True))
            stack.extend((k, False) for k in kids)
    return const


def check_sizes(node: Node) -> None:
    """Refuse expressions whose exact value could not be computed in bounded time or memory.

    SymPy evaluates integer powers, factorials and binomials eagerly, so `9^9^9^9` or
    `factorial(10^9)` must be stopped before they reach it: a constant exponent or factorial
    argument is bounded, and any largest constant sub-expression whose float value overflows
    (`exp(exp(exp(100)))`, `binomial(10^9, 5*10^8)`) is refused as too large. One pass finds
    the constant sub-trees; each is evaluated once in floats, which is cheap and bounded.
    """
    const = _constant_ids(node)
    stack: list[tuple[Node, bool]] = [(node, False)]  # (node, parent is constant)
    while stack:
        sub, parent_const = stack.pop()
        is_const = id(sub) in const
        if isinstance(sub, BinOp) and sub.op == "^" and id(sub.right) in const:
            if _const_magnitude(sub.right) > MAX_CONSTANT_EXPONENT:
                raise TooComplexError("an exponent is too large to work with")
        elif isinstance(sub, Call) and sub.func == "factorial" and id(sub.args[0]) in const:
            if _const_magnitude(sub.args[0]) > MAX_FACTORIAL:
                raise TooComplexError(
                    f"factorials are limited to arguments up to {MAX_FACTORIAL}")
        if is_const and not parent_const and not isinstance(sub, (Num, Const, ListExpr)):
            if math.isinf(_const_magnitude(sub)):
                raise TooComplexError("a number in the answer is too large to work with")
        stack.extend((k, is_const) for k in _children(sub))


def walk(node: Node):
    """Yield every node of the tree, iteratively (trees can be deep; no recursion limit issues)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, BinOp):
            stack.append(n.left)
            stack.append(n.right)
        elif isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, (Call,)):
            stack.extend(n.args)
        elif isinstance(n, ListExpr):
            stack.extend(n.items)


def names_in(node: Node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, Name)}


def substitute(node: Node, values: dict[str, Fraction | float | int]) -> Node:
    """Replace parameter names by numbers (used to instantiate a bank formula for a variant)."""
    if isinstance(node, Name) and node.name in values:
        v = values[node.name]
        if isinstance(v, float):
            v = Fraction(repr(v)) if math.isfinite(v) else Fraction(0)
        num = Num(Fraction(v))
        return Neg(Num(-num.value)) if num.value < 0 else num
    if isinstance(node, BinOp):
        return BinOp(node.op, substitute(node.left, values), substitute(node.right, values))
    if isinstance(node, Neg):
        return Neg(substitute(node.operand, values))
    if isinstance(node, Call):
        return Call(node.func, tuple(substitute(a, values) for a in node.args))
    if isinstance(node, ListExpr):
        return ListExpr(tuple(substitute(a, values) for a in node.items))
    return node


def fold_constants(node: Node) -> Node:
    """Fold exact rational arithmetic on literal numbers (`2 - 1` -> `1`, `x^1` -> `x`), so an
    answer with parameters substituted reads as a person would write it. Only small, exact
    operations are folded; everything else is left as written."""
    if isinstance(node, BinOp):
        left, right = fold_constants(node.left), fold_constants(node.right)
        a = _num_value(left)
        b = _num_value(right)
        if a is not None and b is not None:
            folded = _fold(node.op, a, b)
            if folded is not None:
                return Num(folded) if folded >= 0 else Neg(Num(-folded))
        if node.op == "^" and b == 1:
            return left
        if node.op == "*" and a == 1:
            return right
        if node.op in "*/" and b == 1:
            return left
        return BinOp(node.op, left, right)
    if isinstance(node, Neg):
        inner = fold_constants(node.operand)
        if isinstance(inner, Neg):
            return inner.operand
        return Neg(inner)
    if isinstance(node, Call):
        return Call(node.func, tuple(fold_constants(a) for a in node.args))
    if isinstance(node, ListExpr):
        return ListExpr(tuple(fold_constants(i) for i in node.items))
    return node


def _num_value(node: Node) -> Fraction | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return -node.operand.value
    return None


def _fold(op: str, a: Fraction, b: Fraction) -> Fraction | None:
    if op in RING_OPS:
        return RING_OPS[op](a, b)
    if op == "/":
        return a / b if b else None
    if b.denominator == 1 and abs(b) <= 64 and (a or b > 0):
        r = a ** int(b)
        return r if r.numerator.bit_length() < 200 and r.denominator.bit_length() < 200 else None
    return None


# ------------------------------------------------------------------------------------ rendering

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def format_number(value: Fraction | float | int) -> str:
    """Show a number the way a person writes it: 3, -0.25, 1/3, 1.5e-07."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        f = float(value)
        if Fraction(repr(f)) == value and len(repr(f)) <= 12:
            return format_number(f)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def render(node: Node) -> str:
    """Linear, Unicode rendering for showing the learner how their input was read.

    One line, so it fits an 80-column terminal: `2·x·cos(x²)`, `exp(-x)/(1 + exp(-x))²`.
    """
    return _render(node, 0)


def _render(node: Node, parent: int) -> str:
    if isinstance(node, Num):
        s = format_number(node.value)
        return f"({s})" if ("/" in s and parent >= 2) else s
    if isinstance(node, Const):
        return "π" if node.name == "pi" else "e"
    if isinstance(node, Name):
        return _GREEK_SHOWN.get(node.name, node.name)
    if isinstance(node, ListExpr):
        return "[" + ", ".join(_render(i, 0) for i in node.items) + "]"
    if isinstance(node, Call):
        if node.func == "abs":
            return "|" + _render(node.args[0], 0) + "|"
        if node.func == "factorial":
            return _render(node.args[0], 5) + "!"
        if node.func == "sqrt":
            return "√(" + _render(node.args[0], 0) + ")"
        return node.func + "(" + ", ".join(_render(a, 0) for a in node.args) + ")"
    if isinstance(node, Neg):
        s = "-" + _render(node.operand, _PREC["neg"])
        return f"({s})" if parent >= _PREC["*"] else s
    assert isinstance(node, BinOp)
    if node.op in "+-" and isinstance(node.right, Neg):  # a + -b reads better as a - b
        flipped = BinOp("-" if node.op == "+" else "+", node.left, node.right.operand)
        return _render(flipped, parent)
    prec = _PREC[node.op]
    if node.op == "^":
        base = _render(node.left, prec + 1)
        if isinstance(node.right, Num) and node.right.value.denominator == 1 \
                and 0 <= node.right.value < 100:
            s = base + str(node.right.value.numerator).translate(_SUPERSCRIPT)
        elif isinstance(node.right, Neg) and isinstance(node.right.operand, Num) \
                and node.right.operand.value.denominator == 1 and node.right.operand.value < 100:
            s = base + ("-" + str(node.right.operand.value.numerator)).translate(_SUPERSCRIPT)
        else:
            s = base + "^" + _render(node.right, prec)
        return f"({s})" if parent > prec else s
    # a/b·c is read correctly left to right but looks ambiguous: show (a/b)·c
    left = _render(node.left, prec + (1 if node.op == "*" and isinstance(node.left, BinOp)
                                      and node.left.op == "/" else 0))
    # right operand of - and / binds tighter (a - (b + c), a/(b*c))
    right = _render(node.right, prec + (1 if node.op in "-/" else 0))
    sym = {"+": " + ", "-": " - ", "*": "·", "/": "/"}[node.op]
    s = left + sym + right
    return f"({s})" if parent > prec else s


# ----------------------------------------------------------------------------- serialisation

def to_json(node: Node):
    """A JSON-able form of the AST, for the SymPy worker process."""
    if isinstance(node, Num):
        return ["num", node.value.numerator, node.value.denominator]
    if isinstance(node, Const):
        return ["const", node.name]
    if isinstance(node, Name):
        return ["name", node.name]
    if isinstance(node, Call):
        return ["call", node.func, [to_json(a) for a in node.args]]
    if isinstance(node, BinOp):
        return ["bin", node.op, to_json(node.left), to_json(node.right)]
    if isinstance(node, Neg):
        return ["neg", to_json(node.operand)]
    return ["list", [to_json(i) for i in node.items]]


def from_json(data, depth: int = 0) -> Node:
    """Rebuild an AST from `to_json` output, re-checking every node against the whitelist."""
    if depth > 4 * MAX_DEPTH:
        raise TooComplexError("expression nested too deeply")
    kind = data[0]
    if kind == "num":
        return Num(Fraction(int(data[1]), int(data[2])))
    if kind == "const" and data[1] in ("pi", "e"):
        return Const(data[1])
    if kind == "name" and isinstance(data[1], str) and data[1].isidentifier():
        return Name(data[1])
    if kind == "call" and data[1] in FUNCTIONS:
        return Call(data[1], tuple(from_json(a, depth + 1) for a in data[2]))
    if kind == "bin" and data[1] in ("+", "-", "*", "/", "^"):
        return BinOp(data[1], from_json(data[2], depth + 1), from_json(data[3], depth + 1))
    if kind == "neg":
        return Neg(from_json(data[1], depth + 1))
    if kind == "list":
        return ListExpr(tuple(from_json(i, depth + 1) for i in data[1]))
    raise MathSyntaxError(f"not an allowed expression node: {kind!r}", 0)
