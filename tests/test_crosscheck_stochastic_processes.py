"""Cross-check the numeric answers of question_banks/stochastic-processes.yaml independently.

For seeds 0..4 each numeric question's variant is built and its expected value is recomputed from
the problem statement with NumPy: transition matrices are written out and their eigenvalues,
eigenvectors and matrix powers computed; hitting and absorption probabilities come from solving
the first-step linear systems; Poisson counts from the Kolmogorov forward equations (a matrix
exponential); Brownian quantities from the covariance kernel min(s, t); SDE and Langevin steps are
taken explicitly and stationary variances found as fixed points of the step's variance recursion;
diffusion marginals by iterating the one-step kernel; KL divergences by numerical integration.
No check uses the bank's answer formula. Every numeric question of the bank must have a check.

Derivation questions are checked the same way at a few points of their declared domain: the
reference expression, evaluated there, must equal the independent computation. Every derivation
question of the bank must have such a check.

The interview-scenario questions added to deep-learning.yaml and transformers-llms.yaml, and the
near-duplicates rewritten into distinct questions in calculus, deep-learning, ml-fundamentals,
statistics, learning-theory and optimization, are checked here as well.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import pytest

from aiquiz.banks.loader import load_bank
from aiquiz.maths.evaluate import evaluate_scalar
from aiquiz.banks.variant import make_variant

from .conftest import BANKS

BANK = "stochastic-processes"
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


CHECKS: dict[tuple[str, str], Check] = {}


def check(qid: str, *, bank: str = BANK, rtol: float = RTOL, atol: float = ATOL,
          prompt_has: tuple[str, ...] = ()):
    def deco(fn):
        assert (bank, qid) not in CHECKS, f"duplicate check {bank}/{qid}"
        CHECKS[(bank, qid)] = Check(fn, rtol, atol, prompt_has)
        return fn
    return deco


# ---------------------------------------------------------------------------------------------
# Helpers (generic tools; none of them knows a bank formula)
# ---------------------------------------------------------------------------------------------

def two_state(p: float, q: float) -> np.ndarray:
    """Transition matrix of the chain A ↔ B: A → B with probability p, B → A with q."""
    return np.array([[1 - p, p], [q, 1 - q]])


def stationary(P: np.ndarray) -> np.ndarray:
    """Left eigenvector of P for the eigenvalue closest to 1, normalised to a distribution."""
    vals, vecs = np.linalg.eig(P.T)
    i = int(np.argmin(np.abs(vals - 1)))
    pi = np.real(vecs[:, i])
    pi = pi / pi.sum()
    assert np.allclose(pi @ P, pi, atol=1e-12) and np.all(pi > 0)
    return pi


def nontrivial_eigenvalues(P: np.ndarray) -> np.ndarray:
    """All eigenvalues of P except (one copy of) the eigenvalue 1."""
    vals = np.linalg.eigvals(P)
    i = int(np.argmin(np.abs(vals - 1)))
    return np.delete(vals, i)


def solve_first_step(n_states: int, P: np.ndarray, absorbing: dict[int, float],
                     reward: float) -> np.ndarray:
    """h(i) = reward + ∑_j P(i, j)·h(j) for transient i, h(i) = value for absorbing i."""
    A = np.eye(n_states)
    rhs = np.zeros(n_states)
    for i in range(n_states):
        if i in absorbing:
            rhs[i] = absorbing[i]
        else:
            A[i] -= P[i]
            rhs[i] = reward
    return np.linalg.solve(A, rhs)


def walk_matrix(N: int, p_up: float) -> np.ndarray:
    """±1 random walk on {0, …, N} (rows for 0 and N are irrelevant: they are absorbing)."""
    P = np.zeros((N + 1, N + 1))
    for i in range(1, N):
        P[i, i + 1] = p_up
        P[i, i - 1] = 1 - p_up
    return P


def expm(M: np.ndarray) -> np.ndarray:
    """Matrix exponential by scaling and squaring with a Taylor series."""
    norm = np.abs(M).sum(axis=1).max()
    s = max(0, int(np.ceil(np.log2(norm / 0.25))) if norm > 0 else 0)
    A = M / 2 ** s
    E = np.eye(len(M))
    term = np.eye(len(M))
    for k in range(1, 40):
        term = term @ A / k
        E = E + term
    for _ in range(s):
        E = E @ E
    return E


def brownian_cov(times, scale: float = 1.0) -> np.ndarray:
    """Covariance matrix of (B_t1, B_t2, …) from the kernel Cov(B_s, B_t) = min(s, t)."""
    t = np.asarray(times, dtype=float)
    return scale ** 2 * np.minimum.outer(t, t)


def gaussian_condition(S: np.ndarray, i: int, j: int, value: float) -> tuple[float, float]:
    """Mean and variance of component i of a zero-mean Gaussian given component j = value."""
    mean = S[i, j] / S[j, j] * value
    var = S[i, i] - S[i, j] * S[j, i] / S[j, j]
    return mean, var


def trapezoid(y, x) -> float:
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)


def bisect(f, lo: float, hi: float, iters: int = 200) -> float:
    flo = f(lo)
    assert flo * f(hi) <= 0, "no sign change"
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def cs_derivative(f, x: float) -> float:
    """Derivative of an analytic function by the complex-step method."""
    h = 1e-30
    return float(np.imag(f(complex(x, h))) / h)


def linear_recursion_fixed_point(c: float, noise_var: float) -> float:
    """Stationary variance of x' = c·x + noise by iterating Var(x') = c²·Var(x) + noise_var."""
    v = 0.0
    for _ in range(200_000):
        v_new = c * c * v + noise_var
        if abs(v_new - v) <= 1e-16 * max(1.0, v_new):
            return v_new
        v = v_new
    raise AssertionError("variance recursion did not converge")


def forward_diffusion(x0: float, beta: float, steps: int) -> tuple[float, float]:
    """Mean and variance of x_t given x_0 after `steps` steps of x ← √(1−β)x + √β·ε."""
    mean, var = x0, 0.0
    for _ in range(steps):
        mean = math.sqrt(1 - beta) * mean
        var = (1 - beta) * var + beta
    return mean, var


def normal_logpdf(x, mean, var):
    return -0.5 * (x - mean) ** 2 / var - 0.5 * np.log(2 * np.pi * var)


def kl_numeric(m1: float, v1: float, m2: float, v2: float) -> float:
    """KL(N(m1, v1) ‖ N(m2, v2)) = ∫ p log(p/q) by the trapezoidal rule (v are variances)."""
    s = math.sqrt(v1)
    x = np.linspace(m1 - 40 * s, m1 + 40 * s, 400_001)
    lp = normal_logpdf(x, m1, v1)
    lq = normal_logpdf(x, m2, v2)
    return trapezoid(np.exp(lp) * (lp - lq), x)


def matmul_macs(m: int, k: int, n: int) -> int:
    """Multiply-adds of an (m×k)(k×n) product: one per (output entry, inner index)."""
    return m * n * k


# ---------------------------------------------------------------------------------------------
# Markov chains
# ---------------------------------------------------------------------------------------------

@check("two-state-t-step-probability")
def _(p):
    P = two_state(p["p"], p["q"])
    start = np.array([1.0, 0.0])
    return (start @ np.linalg.matrix_power(P, int(p["t"])))[0]


@check("birth-death-chain-stationary")
def _(p):
    a, b, c, d = p["a"], p["b"], p["c"], p["d"]
    P = np.array([[1 - a, a, 0], [b, 1 - b - c, c], [0, d, 1 - d]])
    return stationary(P)


@check("cyclic-chain-stationary")
def _(p):
    a, b, c = p["a"], p["b"], p["c"]
    P = np.array([[1 - a, a, 0], [0, 1 - b, b], [c, 0, 1 - c]])
    return stationary(P)


@check("metropolis-stay-probability")
def _(p):
    w = np.array([p["w1"], p["w2"], p["w3"]])
    P = np.zeros((3, 3))
    for x in range(3):
        for y in range(3):
            if y != x:
                P[x, y] = 0.5 * min(1.0, w[y] / w[x])
        P[x, x] = 1 - P[x].sum()
    pi = w / w.sum()
    assert np.allclose(pi @ P, pi)                     # Metropolis leaves π invariant
    return P[2, 2]


@check("two-state-mixing-time")
def _(p):
    P = two_state(p["p"], p["q"])
    pi = stationary(P)
    vals, V = np.linalg.eig(P)
    Vinv = np.linalg.inv(V)
    assert np.all(np.real(vals) > 0)

    def tv(t: float) -> float:                         # P^t for real t via the eigenbasis
        Pt = np.real(V @ np.diag(np.real(vals) ** t) @ Vinv)
        return 0.5 * np.abs(np.array([1.0, 0.0]) @ Pt - pi).sum()
    assert abs(tv(3.0) - 0.5 * np.abs(np.linalg.matrix_power(P, 3)[0] - pi).sum()) < 1e-12
    return bisect(lambda t: tv(t) - p["eps"], 0.0, 2000.0)


@check("mixing-time-spectral-bound", prompt_has=("ε = 1/4",))
def _(p):
    P = two_state(p["p"], p["q"])
    gap = 1 - np.abs(nontrivial_eigenvalues(P)).max()
    pi_min = stationary(P).min()
    return (1 / gap) * np.log(1 / (0.25 * pi_min))


@check("lazy-cycle-relaxation-time")
def _(p):
    n = int(p["n"])
    P = 0.5 * np.eye(n)
    for i in range(n):
        P[i, (i + 1) % n] += 0.25
        P[i, (i - 1) % n] += 0.25
    vals = np.sort(np.linalg.eigvalsh(P))[::-1]
    return 1 / (1 - vals[1])


# ---------------------------------------------------------------------------------------------
# Random walks
# ---------------------------------------------------------------------------------------------

@check("gamblers-ruin-biased")
def _(p):
    N, k = int(p["N"]), int(p["k"])
    h = solve_first_step(N + 1, walk_matrix(N, p["p"]), {0: 0.0, N: 1.0}, reward=0.0)
    return h[k]


@check("random-walk-graph-return-time")
def _(p):
    n = int(p["n"])
    hub = n                                           # rim nodes 0..n-1, hub n
    A = np.zeros((n + 1, n + 1))
    for i in range(n):
        for j in ((i + 1) % n, hub):
            A[i, j] = A[j, i] = 1
    P = A / A.sum(axis=1, keepdims=True)
    target = 0
    h = solve_first_step(n + 1, P, {target: 0.0}, reward=1.0)   # hitting times of node 0
    return 1 + P[target] @ h                           # one step, then hit node 0


# ---------------------------------------------------------------------------------------------
# Poisson processes
# ---------------------------------------------------------------------------------------------

@check("poisson-process-count", rtol=1e-8)
def _(p):
    lam, t, k = p["lam"], p["t"], int(p["k"])
    K = 80                                             # truncated pure-birth chain 0 → 1 → …
    Q = np.zeros((K, K))
    for i in range(K - 1):
        Q[i, i] = -lam
        Q[i, i + 1] = lam
    dist = np.eye(K)[0] @ expm(Q * t)                  # Kolmogorov forward equation
    return dist[k]


@check("poisson-memoryless-wait")
def _(p):
    lam, s, u = p["lam"], p["s"], p["u"]

    def density(x):
        return lam * np.exp(-lam * x)
    window = np.linspace(s, s + u, 200_001)
    tail = np.linspace(s, s + 60 / lam, 2_000_001)
    return trapezoid(density(window), window) / trapezoid(density(tail), tail)


@check("poisson-conditional-binomial")
def _(p):
    lam, T, s, n, k = p["lam"], p["T"], p["s"], int(p["n"]), int(p["k"])

    def pois(mu, j):
        return math.exp(-mu) * mu ** j / math.factorial(j)
    # independent increments on [0, s] and (s, T]
    return pois(lam * s, k) * pois(lam * (T - s), n - k) / pois(lam * T, n)


# ---------------------------------------------------------------------------------------------
# Brownian motion and Itô calculus
# ---------------------------------------------------------------------------------------------

@check("brownian-increment-variance")
def _(p):
    S = brownian_cov([p["s"], p["t"]], scale=p["sigma"])
    e = np.array([-1.0, 1.0])
    return e @ S @ e


@check("brownian-combination-variance")
def _(p):
    S = brownian_cov([p["s"], p["t"]])
    w = np.array([p["a"], p["b"]])
    return w @ S @ w


@check("brownian-conditional-on-endpoint")
def _(p):
    S = brownian_cov([p["s"], p["t"]])
    return list(gaussian_condition(S, 0, 1, p["x"]))


# ---------------------------------------------------------------------------------------------
# SDEs, Euler–Maruyama, Langevin
# ---------------------------------------------------------------------------------------------

@check("euler-maruyama-ou-step")
def _(p):
    def drift(x):
        return -p["theta"] * x
    dW = np.sqrt(p["h"]) * p["z"]
    return p["x0"] + drift(p["x0"]) * p["h"] + p["sigma"] * dW


@check("langevin-step")
def _(p):
    def logp(x):
        return normal_logpdf(x, p["m"], p["s2"])
    score = cs_derivative(logp, p["x"])
    return p["x"] + p["eps"] / 2 * score + np.sqrt(p["eps"]) * p["z"]


@check("langevin-stationary-temperature", rtol=1e-5)
def _(p):
    # Euler–Maruyama with a tiny step: x' = x − k(x − m)h + √(2Th)ξ. Its stationary mean is the
    # fixed point of the mean map and its variance that of the variance recursion; both tend to
    # the SDE's as h → 0 (relative error of order k·h).
    k, m, T, h = p["k"], p["m"], p["T"], 1e-7
    mean = np.linalg.solve(np.array([[k * h]]), np.array([k * h * m]))[0]   # μ = μ − k(μ − m)h
    c = 1 - k * h
    var = 2 * T * h / (1 - c * c)                      # fixed point of v = c²v + 2Th
    return [mean, var]


# ---------------------------------------------------------------------------------------------
# Diffusion models
# ---------------------------------------------------------------------------------------------

@check("diffusion-forward-marginal")
def _(p):
    return list(forward_diffusion(p["x0"], p["b"], int(p["t"])))


@check("cosine-schedule-beta", prompt_has=("s = 0.008",))
def _(p):
    T, t, s = int(p["T"]), int(p["t"]), 0.008
    steps = np.arange(T + 1)
    f = np.cos((steps / T + s) / (1 + s) * np.pi / 2) ** 2
    abar = f / f[0]
    betas = np.empty(T)
    prod = 1.0
    for u in range(1, T + 1):                          # peel off one factor (1 − β_u) per step
        betas[u - 1] = 1 - abar[u] / prod
        prod *= 1 - betas[u - 1]
    assert np.allclose(np.cumprod(1 - betas), abar[1:])
    return betas[t - 1]


@check("diffusion-posterior-variance")
def _(p):
    b, t = p["b"], int(p["t"])
    _, v = forward_diffusion(0.0, b, t - 1)            # Var(x_{t−1} | x_0)
    # joint covariance of (x_{t−1}, x_t) given x_0, with x_t = √(1−β)x_{t−1} + √β ε
    S = np.array([[v, np.sqrt(1 - b) * v],
                  [np.sqrt(1 - b) * v, (1 - b) * v + b]])
    return gaussian_condition(S, 0, 1, 0.0)[1]


@check("diffusion-prior-matching-kl", rtol=1e-5)
def _(p):
    mean, var = forward_diffusion(p["x0"], p["b"], int(p["T"]))
    return kl_numeric(mean, var, 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# Interview scenarios in other banks, and the rewritten duplicate in ml-fundamentals
# ---------------------------------------------------------------------------------------------

@check("vanishing-gradient-per-layer-factor", bank="deep-learning",
       prompt_has=("= 10⁻² at the last layer",))
def _(p):
    n, k = int(p["n"]), int(p["k"])
    layers = np.array([1.0, n])
    log_norms = np.array([-(2.0 + k), -2.0])          # the two end points of the line
    slope = np.polyfit(layers, log_norms, 1)[0]       # log10 change per layer
    return 10 ** (-slope)                              # g_{l−1}/g_l going backwards


@check("batchnorm-layernorm-token-stat-counts", bank="deep-learning")
def _(p):
    B, T, D = int(p["B"]), int(p["T"]), int(p["D"])
    X = np.broadcast_to(np.float32(0), (B, T, D))     # no memory needed
    bn = X.mean(axis=(0, 1))                           # BN: reduce all but the channel axis
    ln = X.mean(axis=2)                                # LN: reduce the width of each token
    return [bn.size, ln.size]


@check("random-feature-attention-crossover", bank="transformers-llms")
def _(p):
    r, d = int(p["r"]), int(p["d"])

    def softmax_cost(n):
        return matmul_macs(n, d, n) + matmul_macs(n, n, d)

    def random_feature_cost(n):
        return (matmul_macs(n, d, r) + matmul_macs(n, d, r)      # QΩ, KΩ
                + matmul_macs(r, n, d) + matmul_macs(n, r, d))   # φ(K)ᵀV, φ(Q)(·)
    return bisect(lambda n: softmax_cost(n) - random_feature_cost(n), 1.0, 1e6)


@check("logistic-loss-gradient", bank="ml-fundamentals",
       prompt_has=("[-1, ", "y = [1, 0, 1]", "MEAN"))
def _(p):
    X = np.array([[p["a"], 1.0], [p["m"], 2.0], [-1.0, p["c"]]])
    y = np.array([1.0, 0.0, 1.0])

    def mean_loss(w):
        z = X @ w                                     # w₀ = 0
        log_p = -np.log(1 + np.exp(-z))
        log_1mp = -np.log(1 + np.exp(z))
        return -np.mean(y * log_p + (1 - y) * log_1mp)
    w0 = np.zeros(2, dtype=complex)
    grad = np.zeros(2)
    for i in range(2):                                 # complex-step gradient
        w = w0.copy()
        w[i] += 1e-30j
        grad[i] = np.imag(mean_loss(w)) / 1e-30
    return grad


# ---------------------------------------------------------------------------------------------
# Derivation questions: the reference expression, evaluated at a few points of its declared
# domain, must equal an independent computation at those points.
# ---------------------------------------------------------------------------------------------

class DCheck:
    def __init__(self, fn: Callable[[dict[str, float], dict[str, float]], float],
                 points: list[dict[str, float]], rtol: float, atol: float):
        self.fn = fn
        self.points = points
        self.rtol = rtol
        self.atol = atol


DCHECKS: dict[tuple[str, str], DCheck] = {}


def dcheck(qid: str, points: list[dict[str, float]], *, bank: str = BANK, rtol: float = RTOL,
           atol: float = ATOL):
    def deco(fn):
        assert (bank, qid) not in DCHECKS, f"duplicate check {bank}/{qid}"
        DCHECKS[(bank, qid)] = DCheck(fn, points, rtol, atol)
        return fn
    return deco


def hermite_expectation(g, n: int = 60) -> float:
    """E[g(Z)] for Z ~ N(0, 1) by Gauss–Hermite quadrature (probabilists' weights)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(n)
    return float(np.sum(weights * g(nodes)) / np.sqrt(2 * np.pi))


@dcheck("two-state-second-eigenvalue",
        [{"p": 0.1, "q": 0.2}, {"p": 0.3, "q": 0.6}, {"p": 0.7, "q": 0.8}, {"p": 0.05, "q": 0.5}])
def _(prm, x):
    return float(np.real(nontrivial_eigenvalues(two_state(x["p"], x["q"]))[0]))


@dcheck("detailed-balance-reverse-probability", [{"a": 0.02}, {"a": 0.1}, {"a": 0.2}])
def _(prm, x):
    a, r = x["a"], prm["r"]
    # the B → A probability b that makes π_A = r, found by bisection on the stationary vector
    return bisect(lambda b: stationary(two_state(a, b))[0] - r, 1e-9, 1.0)


@dcheck("random-walk-expected-duration",
        [{"k": 1, "N": 2}, {"k": 2, "N": 5}, {"k": 3, "N": 10}, {"k": 7, "N": 9}])
def _(prm, x):
    k, N = int(x["k"]), int(x["N"])
    m = solve_first_step(N + 1, walk_matrix(N, 0.5), {0: 0.0, N: 0.0}, reward=1.0)
    return m[k]


@dcheck("ito-exponential-drift", [{"b": -1.0}, {"b": 0.0}, {"b": 0.5}, {"b": 1.2}], rtol=1e-5)
def _(prm, x):
    a, b, dt = prm["a"], x["b"], 1e-6

    def f(y):
        return np.exp(a * y)
    # drift = lim E[f(B_{t+dt}) − f(B_t) | B_t = b]/dt, with B_{t+dt} − B_t = √dt·Z
    return (hermite_expectation(lambda z: f(b + np.sqrt(dt) * z)) - f(b)) / dt


@dcheck("ou-stationary-variance",
        [{"theta": 0.5, "sigma": 1.0}, {"theta": 2.0, "sigma": 0.3}, {"theta": 1.5, "sigma": 2.0}],
        rtol=1e-5)
def _(prm, x):
    # Euler–Maruyama variance map v' = (1 − θh)²v + σ²h; its fixed point tends to the SDE's
    # stationary variance as h → 0 (relative error of order θh).
    theta, sigma, h = x["theta"], x["sigma"], 1e-7
    c = 1 - theta * h
    return np.linalg.solve(np.array([[1 - c * c]]), np.array([sigma ** 2 * h]))[0]


@dcheck("ula-stationary-variance-bias",
        [{"eta": 0.1, "v": 1.0}, {"eta": 0.5, "v": 2.0}, {"eta": 1.0, "v": 0.8},
         {"eta": 0.3, "v": 0.25}])
def _(prm, x):
    eta, v = x["eta"], x["v"]

    def grad_U(y):
        return y / v
    c = 1 - eta * grad_U(1.0)                          # the update is linear: x' = c·x + noise
    return linear_recursion_fixed_point(c, 2 * eta)


@dcheck("diffusion-one-step-variance", [{"v": 0.25}, {"v": 1.0}, {"v": 4.0}])
def _(prm, x):
    coef = np.array([np.sqrt(1 - prm["b"]), np.sqrt(prm["b"])])
    cov = np.diag([x["v"], 1.0])                       # x_0 and ε independent
    return coef @ cov @ coef


@dcheck("diffusion-snr-equal-step",
        [{"beta": 0.005}, {"beta": 0.02}, {"beta": 0.1}, {"beta": 0.5}])
def _(prm, x):
    beta = x["beta"]

    def signal_minus_noise(t):
        abar = (1 - beta) ** t                         # t factors (1 − β), t real
        return abar - (1 - abar)
    return bisect(signal_minus_noise, 0.0, 10_000.0)


@dcheck("mcmc-effective-sample-size",
        [{"p": 0.05, "q": 0.05}, {"p": 0.1, "q": 0.3}, {"p": 0.2, "q": 0.5}, {"p": 0.01, "q": 0.1}],
        rtol=1e-7)
def _(prm, x):
    P = two_state(x["p"], x["q"])
    pi = stationary(P)
    f = np.array([1.0, 0.0])                            # indicator of A
    var_f = pi @ f ** 2 - (pi @ f) ** 2
    tau, Pk = 1.0, np.eye(2)
    for _ in range(5000):                              # autocorrelations from P^k
        Pk = Pk @ P
        cov_k = pi @ (f * (Pk @ f)) - (pi @ f) ** 2
        tau += 2 * cov_k / var_f
    return 1 / tau                                     # n_eff/n


# the duplicates rewritten into distinct derivation questions in other banks

@dcheck("bce-logit-gradient", [{"p": 0.1, "y": 0.3}, {"p": 0.7, "y": 0.9}, {"p": 0.5, "y": 0.2}],
        bank="calculus")
def _(prm, x):
    y = x["y"]
    return cs_derivative(lambda p: -y * np.log(p) - (1 - y) * np.log(1 - p), x["p"])


@dcheck("bce-logit-grad", [{"z": -1.5, "y": 0.3}, {"z": 0.4, "y": 0.9}, {"z": 2.0, "y": 0.1}],
        bank="deep-learning")
def _(prm, x):
    w, y = prm["w"], x["y"]

    def loss(z):
        s = 1 / (1 + np.exp(-z))
        return -w * y * np.log(s) - (1 - y) * np.log(1 - s)
    return cs_derivative(loss, x["z"])


@dcheck("ridge-one-dim-closed-form", [{"lam": 0.5}, {"lam": 3.0}, {"lam": 20.0}],
        bank="statistics")
def _(prm, x):
    U, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 2)))   # orthonormal columns
    X = U @ np.diag([np.sqrt(prm["a"]), np.sqrt(prm["b"])])
    assert np.allclose(X.T @ X, np.diag([prm["a"], prm["b"]]))
    H = X @ np.linalg.inv(X.T @ X + x["lam"] * np.eye(2)) @ X.T
    return np.trace(H)


@dcheck("quadratic-rate-kappa", [{"a": 1.0, "b": 10.0}, {"a": 0.5, "b": 2.0}, {"a": 3.0, "b": 0.7}],
        bank="learning-theory")
def _(prm, x):
    A = np.diag([x["a"], x["b"]])
    x0 = np.array([1.0, 1.0])
    g = A @ x0

    def phi(eta):
        y = x0 - eta * g
        return 0.5 * y @ A @ y
    dphi = functools.partial(cs_derivative, phi)
    return bisect(dphi, 0.0, 10 / min(x["a"], x["b"]))


@dcheck("gd-optimal-rate-quadratic", [{"d": 0.1}, {"d": -0.3}, {"d": 0.5}, {"d": 0.9}],
        bank="optimization")
def _(prm, x):
    def f(y):
        return y - np.log(y)

    def f1(y):
        return cs_derivative(f, y)
    xk = 1 - x["d"]
    h = 1e-5
    f2 = (f1(xk + h) - f1(xk - h)) / (2 * h)
    x_next = xk - f1(xk) / f2                          # one Newton step
    return 1 - x_next


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _bank(stem: str):
    return load_bank(BANKS / f"{stem}.yaml")


def _question(stem: str, qid: str):
    found = [q for q in _bank(stem).questions if q.id == qid]
    assert len(found) == 1, f"{stem}/{qid} not found"
    return found[0]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("key", sorted(CHECKS), ids=lambda k: f"{k[0]}/{k[1]}")
def test_reference_answer_matches_independent_computation(key, seed):
    stem, qid = key
    spec = CHECKS[key]
    q = _question(stem, qid)
    assert q.type == "numeric"
    v = make_variant(q, seed)
    for snippet in spec.prompt_has:
        assert snippet in v.prompt, f"prompt changed; the check hard-codes {snippet!r}"
    params = {name: float(value) for name, value in v.params.items()}
    expected = np.asarray(v.expected, dtype=float)
    independent = np.asarray(spec.fn(params), dtype=float)
    assert expected.shape == independent.shape, (expected.shape, independent.shape)
    assert np.allclose(expected, independent, rtol=spec.rtol, atol=spec.atol), (
        f"{stem}/{qid} seed {seed}: bank {expected.tolist()} vs numpy {independent.tolist()} "
        f"with params {params}")


def test_every_numeric_question_has_a_check():
    numeric = {q.id for q in _bank(BANK).questions if q.type == "numeric"}
    checked = {qid for stem, qid in CHECKS if stem == BANK}
    assert numeric == checked, (sorted(numeric - checked), sorted(checked - numeric))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("key", sorted(DCHECKS), ids=lambda k: f"{k[0]}/{k[1]}")
def test_derivation_answer_matches_independent_computation(key, seed):
    stem, qid = key
    spec = DCHECKS[key]
    q = _question(stem, qid)
    assert q.type == "derivation"
    v = make_variant(q, seed)
    params = {name: float(value) for name, value in v.params.items()}
    for point in spec.points:
        assert set(point) == set(q.variables), (point, q.variables)
        ref = evaluate_scalar(v.expected, {k: complex(val) for k, val in point.items()})
        assert abs(ref.imag) < 1e-12, ref
        independent = float(spec.fn(params, point))
        assert np.isclose(ref.real, independent, rtol=spec.rtol, atol=spec.atol), (
            f"{stem}/{qid} seed {seed} at {point}: bank {ref.real} vs numpy {independent} "
            f"with params {params}")


def test_every_derivation_question_has_a_check():
    derivation = {q.id for q in _bank(BANK).questions if q.type == "derivation"}
    checked = {qid for stem, qid in DCHECKS if stem == BANK}
    assert derivation == checked, (sorted(derivation - checked), sorted(checked - derivation))
