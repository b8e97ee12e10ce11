"""The one parser for every piece of maths text aiquiz reads.

Typed answers and bank formulas (answers, mistakes, tests, parameter formulas) all come through
`parse`: a hand-written recursive-descent parser over `lexer.tokenize` that builds a tree of the
whitelisted node types in `ast.py`; nothing is ever handed to `eval`, `exec`, `sympify` or
`parse_expr`. Sizes are bounded (length, nesting depth, literal size) so parsing always finishes
quickly, and `limits.check_sizes` refuses constants too large to compute exactly.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

from ..errors import MathSyntaxError, TooComplexError, UnknownNameError
from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num
from .lexer import GREEK_SHOWN, Token, normalise, number_parts, tokenize
from .limits import MAX_DEPTH, MAX_LENGTH, MAX_LITERAL_EXPONENT, MAX_NUMBER_DIGITS, check_sizes
from .vocabulary import CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, SOFT_ALIASES


def _parse_number(tok: Token) -> Num:
    mantissa, exponent = number_parts(tok.text)
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
            found = "the end" if tok.kind == "end" else repr(tok.text.rstrip("()") or tok.text)
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
        return tok.kind in ("num", "name") or (tok.kind == "op" and tok.text in ("(", "√", "|("))

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
            return ListExpr(self.comma_list(tok, "]"))
        if tok.kind == "op" and tok.text == "|(":
            self.enter(tok.pos)
            node = self.expr()
            if not self.at("|)"):
                raise MathSyntaxError("this | has no closing |", tok.pos)
            self.take()
            self.leave()
            return Call("abs", (node,))
        if tok.kind == "op" and tok.text == "√":
            self.enter(tok.pos)
            node = Call("sqrt", (self.postfix(),))
            self.leave()
            return node
        if tok.kind == "end":
            raise MathSyntaxError("the expression ends too early", tok.pos)
        shown = "|" if tok.text in ("|(", "|)") else tok.text
        raise MathSyntaxError(f"unexpected {shown!r}", tok.pos)

    def comma_list(self, opener: Token, close: str) -> tuple[Node, ...]:
        """`expr (',' expr)*` then the closing bracket (the opening one is already taken)."""
        self.enter(opener.pos)
        items = [self.expr()]
        while self.peek().kind == "op" and self.peek().text == ",":
            self.take()
            items.append(self.expr())
        self.expect(close)
        self.leave()
        return tuple(items)

    def name(self, tok: Token) -> Node:
        word = tok.text
        if word in self.names:
            return Name(word)
        func = FUNCTION_ALIASES.get(word, word)
        if func not in FUNCTIONS and word in SOFT_ALIASES:  # σ(x) when σ is not a variable
            func = SOFT_ALIASES[word]
            if not self.at("("):
                return self.bare_function(tok, func)
        if func in FUNCTIONS:
            return self.call(tok, func)
        if word in CONSTANTS:
            return Const(CONSTANTS[word])
        parts = _split_names(word, self.names)
        if parts is None:
            self.unknown.append(word)
            return Name(word)
        # `nm^2` is n·m²: the run becomes separate names, so a power binds to the last one
        self.tokens[self.i - 1:self.i] = [Token("name", p, tok.pos) for p in parts]
        self.i -= 1
        return self.primary()

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text == text

    def call(self, tok: Token, func: str) -> Node:
        """`f(args)`, and `f^2(x)` meaning f(x)² as in tanh²(x)."""
        word = tok.text
        power = None
        if self.at("^"):
            self.take()
            exp_tok = self.take()
            if exp_tok.kind == "op" and exp_tok.text == "-":
                raise MathSyntaxError(f"{word}^-1 is ambiguous: write a{func}(...) for the "
                                      f"inverse function or 1/{word}(...)", tok.pos)
            if exp_tok.kind != "num" or not exp_tok.text.isdigit() or int(exp_tok.text) > 99:
                raise MathSyntaxError(f"write {word}(...)^n, or {word}^n(...) with a whole "
                                      "number n", exp_tok.pos)
            power = Num(Fraction(int(exp_tok.text)))
        if not self.at("("):
            raise MathSyntaxError(f"write {word}(...) with parentheses", tok.pos)
        self.take()
        args = self.comma_list(tok, ")")
        if len(args) not in FUNCTIONS[func].arity:
            want = " or ".join(str(k) for k in FUNCTIONS[func].arity)
            raise MathSyntaxError(f"{word}() takes {want} argument(s), got {len(args)}", tok.pos)
        node: Node = Call(func, args)
        return BinOp("^", node, power) if power is not None else node

    def bare_function(self, tok: Token, func: str) -> Node:
        """σ on its own, as people write σ(1 - σ): the function of the one variable there is."""
        if len(self.names) == 1:
            return Call(func, (Name(next(iter(self.names))),))
        raise MathSyntaxError(f"write {GREEK_SHOWN.get(tok.text, tok.text)}(...) with its "
                              "argument", tok.pos)


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
    text = normalise(text.strip())
    if not text:
        raise MathSyntaxError("the answer is empty", 0)
    tokens = tokenize(text)
    parser = _Parser(tokens, frozenset(names))
    node = parser.expr()
    tok = parser.peek()
    if tok.kind != "end":
        shown = "|" if tok.text in ("|(", "|)") else tok.text
        raise MathSyntaxError(f"unexpected {shown!r}", tok.pos)
    if parser.unknown:
        raise UnknownNameError(sorted(set(parser.unknown)), sorted(names))
    check_sizes(node)
    return node
