"""SymPy in a separate, killable process.

SymPy's simplification can run for minutes inside code that no signal interrupts, so it never runs
in the learner's process: a worker process (`python -m aiquiz.grading.sympy_worker`) receives two
ASTs as JSON (re-checked node by node against the whitelist by `mathtext.from_json`), builds the
SymPy objects itself, and answers whether they are equal. The client gives it a deadline and kills
it when the deadline passes; the next request starts a fresh worker. The worker runs in its own
session (Ctrl-C in the terminal does not reach it) with an address-space limit.

Starting the worker early (`prestart`) lets the SymPy import overlap the learner's reading time.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time

from ..mathtext import Node, to_json

DEADLINE = 2.5  # seconds for one check, including waiting for the worker to start
MEMORY_LIMIT = 2 * 1024**3


class _Client:
    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.lock = threading.Lock()

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))]
            + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiquiz.grading.sympy_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, env=env)
        self.ready = False

    def kill(self) -> None:
        if self.proc is not None:
            try:
                self.proc.kill()
                self.proc.wait(timeout=1)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.proc = None
        self.ready = False

    def _readline(self, deadline: float) -> bytes | None:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        buf = b""
        while not buf.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            buf += chunk
        return buf

    def ask(self, payload: dict, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        with self.lock:
            try:
                self.start()
                assert self.proc is not None and self.proc.stdin is not None
                if not self.ready:
                    line = self._readline(deadline)
                    if line is None or line.strip() != b"ready":
                        self.kill()
                        return None
                    self.ready = True
                self.proc.stdin.write(json.dumps(payload).encode() + b"\n")
                self.proc.stdin.flush()
                line = self._readline(deadline)
                if line is None:
                    self.kill()
                    return None
                return json.loads(line)
            except (OSError, ValueError):
                self.kill()
                return None


_client = _Client()
atexit.register(_client.kill)


def prestart() -> None:
    """Start the worker now so SymPy is imported while the learner reads the question."""
    with _client.lock:
        try:
            _client.start()
        except OSError:
            pass


def check_equal(a: Node, b: Node, variables: dict[str, str],
                timeout: float = DEADLINE) -> bool | None:
    """True/False if SymPy decides within the deadline, None otherwise."""
    reply = _client.ask({"a": to_json(a), "b": to_json(b), "vars": variables}, timeout)
    if not reply:
        return None
    return reply.get("equal")


# ------------------------------------------------------------------------------- worker side

def _build(node, sp, symbols):
    from ..mathtext import BinOp, Call, Const, ListExpr, Name, Neg, Num

    if isinstance(node, Num):
        return sp.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Const):
        return sp.pi if node.name == "pi" else sp.E
    if isinstance(node, Name):
        return symbols[node.name]  # KeyError for undeclared names: refused
    if isinstance(node, Neg):
        return -_build(node.operand, sp, symbols)
    if isinstance(node, BinOp):
        a, b = _build(node.left, sp, symbols), _build(node.right, sp, symbols)
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                "/": lambda: a / b, "^": lambda: a ** b}[node.op]()
    if isinstance(node, Call):
        args = [_build(x, sp, symbols) for x in node.args]
        f = node.func
        if f == "sigmoid":
            return 1 / (1 + sp.exp(-args[0]))
        if f in ("ln", "log"):
            return sp.log(*args)
        if f == "log2":
            return sp.log(args[0], 2)
        if f == "log10":
            return sp.log(args[0], 10)
        table = {"sqrt": sp.sqrt, "exp": sp.exp, "abs": sp.Abs, "sin": sp.sin, "cos": sp.cos,
                 "tan": sp.tan, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot, "asin": sp.asin,
                 "acos": sp.acos, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh,
                 "tanh": sp.tanh, "sech": sp.sech, "csch": sp.csch, "coth": sp.coth,
                 "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
                 "factorial": sp.factorial, "binomial": sp.binomial}
        return table[f](*args)
    if isinstance(node, ListExpr):
        raise ValueError("lists are not compared symbolically")
    raise ValueError("unknown node")


def _decide(a, b, sp) -> bool | None:
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


def main() -> None:  # pragma: no cover - runs in the worker process, tested through the client
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    import sympy as sp

    from ..mathtext import from_json

    # The first simplify() fills SymPy's caches (~0.5 s); do it before saying ready, while the
    # learner is still reading, so the first real check is fast.
    _w = sp.Symbol("w", real=True)
    sp.simplify(sp.sin(_w) ** 2 + sp.cos(_w) ** 2 - 1 + sp.exp(_w) / sp.exp(_w))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        try:
            if len(line) > 1_000_000:
                raise ValueError("request too large")
            req = json.loads(line)
            symbols = {}
            for name, assumption in req["vars"].items():
                if not str(name).isidentifier():
                    raise ValueError("bad variable name")
                kind = {"unit": "positive"}.get(assumption, assumption)
                symbols[name] = sp.Symbol(name, **{kind: True})
            a = _build(from_json(req["a"]), sp, symbols)
            b = _build(from_json(req["b"]), sp, symbols)
            result = _decide(a, b, sp)
        except Exception:  # noqa: BLE001 - any failure is "could not decide"
            result = None
        sys.stdout.write(json.dumps({"equal": result}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
