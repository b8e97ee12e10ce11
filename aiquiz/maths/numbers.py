"""Small numeric helpers shared by evaluation and the vocabulary: complex values that never raise.

Overflow becomes infinity and undefined results become NaN, so graders can say "too large" or
"undefined" instead of crashing.
"""

from __future__ import annotations

import math

INF = complex(math.inf, 0)
NAN = complex(math.nan, math.nan)


def magnitude(z: complex) -> float:
    """|z|, or infinity when it is too large to represent (abs() raises OverflowError then)."""
    try:
        return abs(z)
    except OverflowError:
        return math.inf


def as_real(z: complex, tol: float = 1e-12) -> float | None:
    """The real value of z, or None if z has a genuine imaginary part."""
    if abs(z.imag) <= tol * max(1.0, abs(z.real)):  # abs of a float never overflows
        return z.real
    return None


def finite(z: complex) -> bool:
    return math.isfinite(z.real) and math.isfinite(z.imag)
