"""The client side of SymPy equivalence checks: one long-lived helper process (see
`aiquiz.workers`) that the derivation type starts while the learner reads, and asks when random
points cannot decide."""

from __future__ import annotations

import atexit

from ..maths import Node, to_json
from ..workers import Limits, Worker

DEADLINE = 2.5  # seconds for one check, once the helper is up (its start-up is not counted)
MEMORY_LIMIT = 2 * 1024**3

_worker = Worker("aiquiz.qtypes.sympy_worker", Limits(memory=MEMORY_LIMIT))
atexit.register(_worker.kill)


def prestart() -> None:
    """Start the helper now so SymPy is imported while the learner reads the question."""
    _worker.prestart()


def check_equal(a: Node, b: Node, variables: dict[str, str],
                timeout: float = DEADLINE) -> bool | None:
    """True/False if SymPy decides within the deadline, None otherwise."""
    reply = _worker.ask({"a": to_json(a), "b": to_json(b), "vars": variables}, timeout)
    if not reply:
        return None
    equal = reply.get("equal")
    return equal if isinstance(equal, bool) else None
