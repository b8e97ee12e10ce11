"""Cross-check the numeric answers of question_banks/game-theory.yaml independently.

For seeds 0..4 each numeric question's variant is built and its expected value is recomputed
from the problem statement with NumPy: payoff matrices are written out, pure equilibria and best
responses enumerated, dominated strategies eliminated by loops, mixed equilibria found by
bisection on the opponent's payoff difference, zero-sum values by maximising the row player's
guaranteed payoff, the optimal GAN discriminator by maximising its objective numerically, and
gradient descent-ascent simulated step by step. No check uses the bank's answer formula. Every
numeric question of the bank must have a check.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "game-theory"
SEEDS = range(5)
RTOL = 1e-6
ATOL = 1e-9


class Check:
    def __init__(self, fn: Callable[[dict[str, float]], object], rtol: float, atol: float,
                 prompt_has: tuple[str, ...]):
        self.fn = fn
        self.rtol = rtol
        self.atol = atol
        self.prompt_has = prompt_has


CHECKS: dict[str, Check] = {}


def check(qid: str, *, rtol: float = RTOL, atol: float = ATOL, prompt_has: tuple[str, ...] = ()):
    def deco(fn):
        assert qid not in CHECKS, f"duplicate check {qid}"
        CHECKS[qid] = Check(fn, rtol, atol, prompt_has)
        return fn
    return deco


# ---------------------------------------------------------------------------------------------
# Helpers (generic game tools; none of them knows a bank formula)
# ---------------------------------------------------------------------------------------------

def pure_nash(A: np.ndarray, B: np.ndarray) -> list[tuple[int, int]]:
    """Cells (i, j) where row i is a best response to column j (payoffs A) and vice versa (B)."""
    return [(i, j) for i, j in itertools.product(range(A.shape[0]), range(A.shape[1]))
            if A[i, j] >= A[:, j].max() and B[i, j] >= B[i, :].max()]


def iesds(A: np.ndarray, B: np.ndarray) -> tuple[list[int], list[int]]:
    """Iterated elimination of strictly dominated pure strategies; surviving rows and columns."""
    rows, cols = list(range(A.shape[0])), list(range(A.shape[1]))
    changed = True
    while changed:
        changed = False
        for r in rows:
            if any(all(A[o, c] > A[r, c] for c in cols) for o in rows if o != r):
                rows.remove(r)
                changed = True
                break
        for c in cols:
            if any(all(B[r, o] > B[r, c] for r in rows) for o in cols if o != c):
                cols.remove(c)
                changed = True
                break
    return rows, cols


def bisect(f, lo: float, hi: float, iters: int = 200) -> float:
    flo = f(lo)
    assert flo * f(hi) < 0, "no sign change"
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if (f(mid) < 0) == (flo < 0):
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def zero_sum_2xn_value(A: np.ndarray) -> float:
    """max over p of min over columns of the row player's expected payoff (row 0 with prob. p).
    The objective is concave and piecewise linear in p, so its maximum is at p = 0, p = 1 or
    where two column lines cross; evaluate all of those points."""
    def guaranteed(p):
        return min(p * A[0, j] + (1 - p) * A[1, j] for j in range(A.shape[1]))
    candidates = [0.0, 1.0]
    for j, k in itertools.combinations(range(A.shape[1]), 2):
        dj = A[0, j] - A[1, j]
        dk = A[0, k] - A[1, k]
        if dj != dk:
            p = (A[1, k] - A[1, j]) / (dj - dk)
            if 0 <= p <= 1:
                candidates.append(p)
    return max(guaranteed(p) for p in candidates)


def optimal_discriminator(p_data: float, p_g: float) -> float:
    """argmax over D in (0, 1) of p_data·log D + p_g·log(1 − D), by bisection on the derivative
    (the objective is strictly concave)."""
    return bisect(lambda D: p_data / D - p_g / (1 - D), 1e-15, 1 - 1e-15)


def gan_value(p_data: np.ndarray, p_g: np.ndarray) -> float:
    D = np.array([optimal_discriminator(a, b) for a, b in zip(p_data, p_g)])
    return float(np.sum(p_data * np.log(D)) + np.sum(p_g * np.log(1 - D)))


def js_divergence(p: np.ndarray, q: np.ndarray) -> float:
    m = (p + q) / 2
    return float(0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)))


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("prisoners-dilemma-nash-payoff")
def _(p):
    R, S, T, P = p["R"], 0.0, p["T"], p["P"]
    A = np.array([[R, S], [T, P]])          # row player; rows/cols = Cooperate, Defect
    B = A.T                                  # symmetric game
    ne = pure_nash(A, B)
    assert len(ne) == 1
    i, j = ne[0]
    assert A[i, j] == B[i, j]
    return A[i, j]


BEST_RESPONSE_A = np.array([[2.0, 1.0, 4.0], [3.0, 5.0, 0.0], [1.0, 2.0, 3.0]])


@check("best-responses-3x3", prompt_has=("U     2   1   4", "M     3   5   0", "D     1   2   3"))
def _(p):
    A = BEST_RESPONSE_A
    best = []
    for j in range(3):
        rows = [i for i in range(3) if A[i, j] == A[:, j].max()]
        assert len(rows) == 1
        best.append(rows[0] + 1)
    return best


@check("count-pure-nash-3x3",
       prompt_has=("U     (4, 3)   (0, 1)   (1, 0)", "M     (1, 0)   (3, 2)   (0, 1)",
                   "D     (2, 1)   (1, 0)   (1, 0)"))
def _(p):
    A = np.array([[4.0, 0, 1], [1, 3, 0], [2, 1, 1]])
    B = np.array([[3.0, 1, 0], [0, 2, 1], [1, 0, 0]])
    return len(pure_nash(A, B))


@check("expected-payoff-mixed-strategies")
def _(p):
    A = np.array([[p["a"], p["b"]], [p["c"], p["d"]]])
    x = np.array([p["p"], 1 - p["p"]])
    y = np.array([p["q"], 1 - p["q"]])
    # average over all cells with their joint probabilities
    return sum(x[i] * y[j] * A[i, j] for i in range(2) for j in range(2))


@check("zero-sum-saddle-point-value")
def _(p):
    s = p["s"]
    A = np.array([[4.0, 2, 5], [6, 3, 4], [1, 0, 7]]) + s
    shown = np.array([[p["a11"], p["a12"], p["a13"]], [p["a21"], p["a22"], p["a23"]],
                      [p["a31"], p["a32"], p["a33"]]])
    assert np.array_equal(A, shown)
    maximin = A.min(axis=1).max()
    minimax = A.max(axis=0).min()
    assert maximin == minimax                 # a saddle point: the value in pure strategies
    return maximin


@check("iterated-dominance-outcome",
       prompt_has=("U     (4, 3)   (5, 1)   (6, 2)", "M     (2, 1)   (8, 4)   (3, 6)",
                   "D     (3, 0)   (9, 6)   (2, 8)"))
def _(p):
    A = np.array([[4.0, 5, 6], [2, 8, 3], [3, 9, 2]])
    B = np.array([[3.0, 1, 2], [1, 4, 6], [0, 6, 8]])
    rows, cols = iesds(A, B)
    assert len(rows) == 1 and len(cols) == 1
    return [A[rows[0], cols[0]], B[rows[0], cols[0]]]


@check("mixed-ne-2x2-row-probability")
def _(p):
    A = np.array([[p["a11"], p["a12"]], [p["a21"], p["a22"]]])
    B = np.array([[p["b11"], p["b12"]], [p["b21"], p["b22"]]])
    assert pure_nash(A, B) == []
    # the row player's P(U) makes the column player indifferent between L and R
    pu = bisect(lambda x: (np.array([x, 1 - x]) @ B) @ np.array([1, -1]), 0.0, 1.0)
    # and the column player's P(L) makes the row player indifferent: check it is a valid mix
    ql = bisect(lambda y: np.array([1, -1]) @ (A @ np.array([y, 1 - y])), 0.0, 1.0)
    assert 0 < pu < 1 and 0 < ql < 1
    return pu


@check("zero-sum-2x2-value")
def _(p):
    A = np.array([[p["a"], -p["b"]], [-p["c"], p["d"]]])
    assert A.min(axis=1).max() < A.max(axis=0).min()     # no saddle point
    return zero_sum_2xn_value(A)


@check("gan-optimal-discriminator-at-x")
def _(p):
    return optimal_discriminator(p["pd"], p["pg"])


@check("gan-value-at-global-optimum")
def _(p):
    p_data = np.random.default_rng(0).dirichlet(np.ones(7))   # any distribution will do
    return gan_value(p_data, p_data.copy())


@check("gan-value-discrete-jsd")
def _(p):
    p_data = np.array([p["a"], 1 - p["a"]])
    p_g = np.array([p["b"], 1 - p["b"]])
    v = gan_value(p_data, p_g)
    assert np.isclose(v, 2 * js_divergence(p_data, p_g) - np.log(4))
    return v


@check("gda-bilinear-game-divergence")
def _(p):
    eta = p["eta"]
    x, y = p["x0"], p["y0"]
    for _ in range(int(p["T"])):
        gx, gy = y, x                      # ∂(xy)/∂x, ∂(xy)/∂y at the old point
        x, y = x - eta * gx, y + eta * gy
    return np.hypot(x, y)


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
