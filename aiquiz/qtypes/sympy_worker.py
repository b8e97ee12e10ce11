"""The helper-process side of SymPy equivalence checks (started by `sympy_check` through
`aiquiz.workers`; never imported in the learner's process).

It receives two trees as JSON, rebuilds them node by node against the whitelist
(`maths.serial.from_json`), builds the SymPy objects itself from the one vocabulary table, and
answers whether they are equal.
"""

from __future__ import annotations

_sp = None


def setup() -> None:  # pragma: no cover - runs in the helper process
    global _sp
    import sympy as sp

    _sp = sp
    # The first simplify() fills SymPy's caches (~0.5 s); do it before saying ready, while the
    # learner is still reading, so the first real check is fast.
    w = sp.Symbol("w", real=True)
    sp.simplify(sp.sin(w) ** 2 + sp.cos(w) ** 2 - 1 + sp.exp(w) / sp.exp(w))


def build(node, sp, symbols):
    from ..maths.ast import BinOp, Call, Const, ListExpr, Name, Neg, Num
    from ..maths.vocabulary import FUNCTIONS

    if isinstance(node, Num):
        return sp.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Const):
        return sp.pi if node.name == "pi" else sp.E
    if isinstance(node, Name):
        return symbols[node.name]  # KeyError for undeclared names: refused
    if isinstance(node, Neg):
        return -build(node.operand, sp, symbols)
    if isinstance(node, BinOp):
        a, b = build(node.left, sp, symbols), build(node.right, sp, symbols)
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                "/": lambda: a / b, "^": lambda: a ** b}[node.op]()
    if isinstance(node, Call):
        return FUNCTIONS[node.func].build_sympy(sp, *(build(x, sp, symbols) for x in node.args))
    if isinstance(node, ListExpr):
        raise ValueError("lists are not compared symbolically")
    raise ValueError("unknown node")


def decide(a, b, sp) -> bool | None:
    diff = a - b
    if diff == 0:
        return True
    simplified = sp.simplify(diff)
    if simplified == 0:
        return True
    if simplified.is_number and simplified.is_zero is False:
        return False
    eq = a.equals(b)
    return eq if isinstance(eq, bool) else None


def handle(req: dict) -> dict:  # pragma: no cover - runs in the helper process
    from ..maths.serial import from_json

    sp = _sp
    if sp is None:
        setup()
        sp = _sp
    symbols = {}
    for name, assumption in req["vars"].items():
        if not str(name).isidentifier():
            raise ValueError("bad variable name")
        kind = {"unit": "positive"}.get(assumption, assumption)
        if kind not in ("real", "positive", "nonnegative", "integer"):
            raise ValueError("bad assumption")
        symbols[name] = sp.Symbol(name, **{kind: True})
    try:
        a = build(from_json(req["a"]), sp, symbols)
        b = build(from_json(req["b"]), sp, symbols)
        return {"equal": decide(a, b, sp)}
    except Exception:  # noqa: BLE001 - any failure is "could not decide"
        return {"equal": None}
