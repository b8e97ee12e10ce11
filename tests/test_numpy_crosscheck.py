"""Cross-check numeric reference answers against independent NumPy computations.

Every numeric question in a bank has an ``answer`` formula over its random ``params``; a typo in
that formula would make aiquiz mark right answers wrong. This module recomputes the answer of a
selection of numeric questions *from the problem statement*, never from the bank's formula string:
forward passes and explicit loops, complex-step or finite-difference derivatives, eigen/singular
value routines, numerical integration, bisection, counting array sizes, enumerating outcomes.

Each entry of ``CHECKS`` maps (bank file stem, question id) to a function taking the variant's
parameter values (as floats, named as in the prompt) and returning the expected value as a float
or an array of the answer's shape. Where the prompt fixes matrices or vectors, the function
hard-codes them and ``prompt_has`` asserts that the prompt still shows those exact numbers.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable

import numpy as np
import pytest

from aiquiz.banks.loader import load_bank
from aiquiz.banks.variant import make_variant

from .conftest import BANKS

SEEDS = range(5)
RTOL = 1e-6
ATOL = 1e-9
TINY_ATOL = 1e-30  # for answers of order 1e-3 .. 1e-8, where ATOL would hide a relative error


class Check:
    def __init__(self, fn: Callable[[dict[str, float]], object], rtol: float, atol: float,
                 prompt_has: tuple[str, ...]):
        self.fn = fn
        self.rtol = rtol
        self.atol = atol
        self.prompt_has = prompt_has


CHECKS: dict[tuple[str, str], Check] = {}


def check(bank: str, qid: str, *, rtol: float = RTOL, atol: float = ATOL,
          prompt_has: tuple[str, ...] = ()):
    """Register an independent computation for question `qid` of question_banks/`bank`.yaml.

    `atol` is only ever tightened (to TINY_ATOL) for answers so small that ATOL would swamp the
    relative tolerance."""
    def deco(fn):
        assert (bank, qid) not in CHECKS, f"duplicate check {bank}/{qid}"
        CHECKS[(bank, qid)] = Check(fn, rtol, atol, prompt_has)
        return fn
    return deco


# ---------------------------------------------------------------------------------------------
# Helpers (generic numerical tools; none of them knows any bank formula)
# ---------------------------------------------------------------------------------------------

CS_H = 1e-30  # complex-step size: f'(x) = Im f(x + ih) / h, exact to rounding for analytic f


def cs_derivative(f, x: float) -> float:
    """Derivative of a scalar analytic function by the complex-step method."""
    return float(np.imag(f(complex(x, CS_H))) / CS_H)


def cs_grad(f, X) -> np.ndarray:
    """Gradient of a scalar analytic function of an array, entry by entry, by complex step."""
    X = np.asarray(X, dtype=complex)
    G = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        Xp = X.copy()
        Xp[idx] += 1j * CS_H
        G[idx] = np.imag(f(Xp)) / CS_H
    return G


def cs_directional(f, x, v) -> np.ndarray:
    """Directional derivative d/dt f(x + t v) at t = 0 of an analytic (vector) function."""
    x = np.asarray(x, dtype=complex)
    v = np.asarray(v, dtype=float)
    return np.imag(f(x + 1j * CS_H * v)) / CS_H


def fd_grad(f, X, t: float = 1e-4) -> np.ndarray:
    """Central finite-difference gradient (for piecewise functions such as ReLU nets)."""
    X = np.asarray(X, dtype=float)
    G = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        Xp, Xm = X.copy(), X.copy()
        Xp[idx] += t
        Xm[idx] -= t
        G[idx] = (f(Xp) - f(Xm)) / (2 * t)
    return G


def softmax(z):
    """Softmax of a real or complex vector (shift by the max of the real part for stability)."""
    z = np.asarray(z)
    e = np.exp(z - np.max(np.real(z)))
    return e / e.sum()


def entropy(probs, base=np.e) -> float:
    p = np.asarray(probs, dtype=float).ravel()
    p = p[p > 0]
    return float(-(p * np.log(p)).sum() / np.log(base))


def trapezoid(y, x) -> float:
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)


def normal_logpdf(x, mean, std):
    return -0.5 * ((x - mean) / std) ** 2 - np.log(std * np.sqrt(2 * np.pi))


def kl_gauss_numeric(m1: float, s1: float, m2: float, s2: float) -> float:
    """KL(N(m1, s1²) ‖ N(m2, s2²)) = ∫ p log(p/q) dx by the trapezoidal rule on a fine grid
    (spectrally accurate for Gaussian integrands); s1, s2 are standard deviations."""
    x = np.linspace(m1 - 40 * s1, m1 + 40 * s1, 400_001)
    logp = normal_logpdf(x, m1, s1)
    logq = normal_logpdf(x, m2, s2)
    return trapezoid(np.exp(logp) * (logp - logq), x)


def bisect(f, lo: float, hi: float, iters: int = 200) -> float:
    """Root of a continuous f with a sign change on [lo, hi]."""
    flo = f(lo)
    assert flo * f(hi) <= 0, "no sign change"
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bisect_log(f, lo: float, hi: float) -> float:
    """Root of f on [lo, hi] (both > 0), bisecting in log space (for counts spanning decades)."""
    return float(np.exp(bisect(lambda u: f(np.exp(u)), np.log(lo), np.log(hi))))


def matmul_flops(m: int, k: int, n: int) -> float:
    """(m×k)@(k×n): m·n outputs, each a sum of k multiply-adds, 2 FLOPs per multiply-add."""
    outputs = m * n
    macs_per_output = k
    return float(2 * outputs * macs_per_output)


def matmul_mults(shape_a: tuple[int, int], shape_b: tuple[int, int]) -> int:
    """Scalar multiplications of a naive matrix product, from the shapes."""
    (m, k), (k2, n) = shape_a, shape_b
    assert k == k2
    return m * n * k


def n_params(*shapes: tuple[int, ...]) -> float:
    """Total number of entries of tensors with the given shapes."""
    return float(sum(int(np.prod(s)) for s in shapes))


def random_orthogonal(n: int, seed: int) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def centred_data_with_singular_values(svals, n_rows: int, seed: int = 0) -> np.ndarray:
    """A column-centred n_rows×len(svals) matrix whose singular values are `svals`."""
    rng = np.random.default_rng(seed)
    d = len(svals)
    M = rng.standard_normal((n_rows, d))
    M -= M.mean(axis=0)                       # columns orthogonal to the all-ones vector
    U, _ = np.linalg.qr(M)                    # orthonormal columns, still orthogonal to ones
    V = random_orthogonal(d, seed + 1)
    return U @ np.diag(np.asarray(svals, float)) @ V.T


def Phi(x: float) -> float:
    """Standard normal CDF."""
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def adam(w0: float, grads, lr: float, b1=0.9, b2=0.999, eps=1e-8, decoupled_wd=0.0,
         l2=0.0, bias_correction=True) -> list[float]:
    """Plain scalar Adam/AdamW, written out as in the papers / PyTorch; returns w_0..w_T."""
    w, m, v = w0, 0.0, 0.0
    ws = [w]
    for t, g in enumerate(grads, start=1):
        g = g + l2 * w                      # Adam + L2: decay folded into the gradient
        w = w - lr * decoupled_wd * w       # AdamW: decoupled decay first
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat = m / (1 - b1 ** t) if bias_correction else m
        vhat = v / (1 - b2 ** t) if bias_correction else v
        w = w - lr * mhat / (np.sqrt(vhat) + eps)
        ws.append(w)
    return ws


# ---------------------------------------------------------------------------------------------
# calculus.yaml
# ---------------------------------------------------------------------------------------------

@check("calculus", "sigmoid-neuron-weight-gradient")
def _(p):
    def loss(w):
        yhat = 1 / (1 + np.exp(-(w * p["x"] + p["b"])))
        return 0.5 * (yhat - p["y"]) ** 2
    return cs_derivative(loss, p["w"])


@check("calculus", "two-layer-scalar-backprop")
def _(p):
    def loss(u):
        h = np.tanh(u * p["x"])
        return 0.5 * (p["v"] * h - p["y"]) ** 2
    return cs_derivative(loss, p["u"])


@check("calculus", "softmax-cross-entropy-logit-gradient")
def _(p):
    z = np.array([p["a"], p["b"], p["c"]])
    return cs_grad(lambda z: -np.log(softmax(z)[0]), z)


@check("calculus", "grad-wx-minus-y-squared")
def _(p):
    x = np.array([p["p"], p["q"]])
    y = np.array([p["r"], p["s"]])
    W = np.array([[p["a"], p["b"]], [p["c"], p["d"]]])

    def loss(W):
        res = W @ x - y
        return (res * res).sum()
    return cs_grad(loss, W)


@check("calculus", "grad-trace-quadratic-wtaw",
       prompt_has=("A = [[1, 2], [0, 3]]", "W = [[1, -1], [2, 0]]"))
def _(p):
    A = np.array([[1.0, 2.0], [0.0, 3.0]])
    W = np.array([[1.0, -1.0], [2.0, 0.0]])
    return cs_grad(lambda W: np.trace(W.T @ A @ W), W)


@check("calculus", "grad-log-determinant")
def _(p):
    W = np.array([[p["a"], p["b"]], [p["c"], p["d"]]])
    return cs_grad(lambda W: np.log(np.linalg.det(W)), W)


@check("calculus", "softmax-regression-weight-gradient",
       prompt_has=("W = [[1, 0], [0, 0.5], [-1, 0.5]]", "x = [1, 2]", "y = 2 (second)"))
def _(p):
    W = np.array([[1.0, 0.0], [0.0, 0.5], [-1.0, 0.5]])
    x = np.array([1.0, 2.0])
    return cs_grad(lambda W: -np.log(softmax(W @ x)[1]), W)


@check("calculus", "hvp-nonsymmetric-quadratic-form")
def _(p):
    A = np.array([[p["a"], p["b"]], [p["c"], p["d"]]])
    v = np.array([p["p"], p["q"]])

    def grad(x):
        return cs_grad(lambda x: x @ A @ x, x)
    # The gradient of a quadratic is affine, so a central difference of it is exact.
    return (grad(v) - grad(-v)) / 2


@check("calculus", "hvp-cubic-at-point")
def _(p):
    x0 = np.array([p["a"], p["b"]])
    v = np.array([p["p"], p["q"]])

    def grad(x):
        return cs_grad(lambda z: z[0] ** 3 + z[0] * z[1] ** 2, x)
    # The gradient of a cubic is quadratic, so the central difference is exact for any step.
    t = 0.5
    return (grad(x0 + t * v) - grad(x0 - t * v)) / (2 * t)


@check("calculus", "hvp-log-sum-exp")
def _(p):
    z = np.array([p["a"], p["b"], p["c"]])
    v = np.array([1.0, 0.0, -1.0])
    # H·v is the directional derivative of the gradient softmax(z) along v.
    return cs_directional(softmax, z, v)


@check("calculus", "hvp-least-squares-gauss-newton",
       prompt_has=("A = [[1, 2], [0, 1], [1, -1]]",))
def _(p):
    A = np.array([[1.0, 2.0], [0.0, 1.0], [1.0, -1.0]])
    v = np.array([p["p"], p["q"]])
    return A.T @ (A @ v)


@check("calculus", "double-integral-disk-radial")
def _(p):
    a = p["a"]
    # Cartesian iterated integral: x = a·sin(θ), y ∈ [-√(a²-x²), √(a²-x²)], both by
    # Gauss-Legendre (inner integrand is a polynomial in y, outer is smooth in θ).
    yn, yw = np.polynomial.legendre.leggauss(8)
    tn, tw = np.polynomial.legendre.leggauss(60)
    total = 0.0
    for t, wt in zip(tn * np.pi / 2, tw * np.pi / 2):
        x = a * np.sin(t)
        half = np.sqrt(a * a - x * x)
        ys = yn * half
        inner = np.sum(yw * half * (x * x + ys * ys))
        total += wt * inner * a * np.cos(t)   # dx = a cos θ dθ
    return total


@check("calculus", "critical-point-local-minimum")
def _(p):
    c = p["c"]

    def f(x, y):
        return x ** 3 - c * x + y ** 2 + 2 * y
    xs = np.roots([3.0, 0.0, -c]).real          # ∂f/∂x = 3x² - c = 0
    y = np.roots([2.0, 2.0]).real[0]           # ∂f/∂y = 2y + 2 = 0
    minima = [f(x, y) for x in xs
              if np.all(np.linalg.eigvalsh(np.array([[6 * x, 0.0], [0.0, 2.0]])) > 0)]
    assert len(minima) == 1
    return minima[0]


# ---------------------------------------------------------------------------------------------
# deep-learning.yaml
# ---------------------------------------------------------------------------------------------

def _mlp(p):
    x = np.array([p["x1"], p["x2"]])
    W1 = np.array([[p["a"], p["b"]], [-p["c"], -p["d"]]])
    v = np.array([p["v1"], p["v2"]])
    return x, W1, v, p["c0"]


@check("deep-learning", "mlp-forward-output")
def _(p):
    x, W1, v, c0 = _mlp(p)
    return v @ np.maximum(W1 @ x, 0) + c0


@check("deep-learning", "mlp-output-layer-grads")
def _(p):
    x, W1, v, c0 = _mlp(p)
    h = np.maximum(W1 @ x, 0)

    def loss(theta):                       # theta = [v1, v2, c]
        return 0.5 * (theta[:2] @ h + theta[2] - p["y"]) ** 2
    return fd_grad(loss, np.array([v[0], v[1], c0]))


@check("deep-learning", "mlp-first-layer-grad")
def _(p):
    x, W1, v, c0 = _mlp(p)

    def loss(W):
        return 0.5 * (v @ np.maximum(W @ x, 0) + c0 - p["y"]) ** 2
    return fd_grad(loss, W1, t=1e-5)


@check("deep-learning", "mlp-hidden-delta",
       prompt_has=("z = [1.5, -0.5, 2.0]", "W2 = [[1, -2, 0.5], [3, 1, -1]]"))
def _(p):
    z = np.array([1.5, -0.5, 2.0])
    W2 = np.array([[1.0, -2.0, 0.5], [3.0, 1.0, -1.0]])
    g = np.array([p["g1"], p["g2"]])

    def loss_lin(z):                     # L linearised around ŷ: g · (W2 ReLU(z) + b2)
        return g @ (W2 @ np.maximum(z, 0))
    return fd_grad(loss_lin, z)


@check("deep-learning", "conv-output-size")
def _(p):
    n, k, pad, s = (int(p[name]) for name in ("n", "k", "p", "s"))
    padded = n + 2 * pad
    positions, start = 0, 0
    while start + k <= padded:              # slide the window explicitly
        positions += 1
        start += s
    return float(positions)


@check("deep-learning", "conv-param-count")
def _(p):
    ci, co, k = int(p["ci"]), int(p["co"]), int(p["k"])
    return n_params((co, ci, k, k), (co,))   # weight tensor + bias


@check("deep-learning", "depthwise-separable-savings")
def _(p):
    ci, co, k = int(p["ci"]), int(p["co"]), int(p["k"])
    standard = n_params((co, ci, k, k))
    separable = n_params((ci, 1, k, k), (co, ci, 1, 1))
    return standard / separable


@check("deep-learning", "receptive-field-stack")
def _(p):
    layers = [(3, 1)] * int(p["n1"]) + [(3, 2)] + [(3, 1)] * int(p["n2"])
    N = 81

    def forward(x):
        for k, s in layers:
            x = np.correlate(x, np.ones(k), mode="valid")[::s]
        return x
    centre = len(forward(np.zeros(N))) // 2
    # With all-positive kernels an output depends on an input iff an impulse there reaches it.
    deps = [j for j in range(N) if forward(np.eye(N)[j])[centre] != 0]
    assert deps == list(range(deps[0], deps[-1] + 1))
    return float(len(deps))


@check("deep-learning", "conv1d-by-hand", prompt_has=("x = [1, 3, -2, 0, 2]",))
def _(p):
    x = np.array([1.0, 3.0, -2.0, 0.0, 2.0])
    w = np.array([p["a"], p["b"], p["c"]])
    return np.correlate(x, w, mode="valid")


@check("deep-learning", "conv1d-kernel-grad", prompt_has=("x = [1, 3, -2, 0, 2]",))
def _(p):
    x = np.array([1.0, 3.0, -2.0, 0.0, 2.0])
    gy = np.array([p["p"], p["q"], p["r"]])

    def loss(w):                            # L linearised: Σ_i gy[i]·y[i]
        y = np.array([w[0] * x[i] + w[1] * x[i + 1] + w[2] * x[i + 2] for i in range(3)])
        return gy @ y
    return cs_grad(loss, np.zeros(3))


@check("deep-learning", "maxpool-backward",
       prompt_has=("X = [[1, 3, 2, 0],", "[4, 2, 1, 5],", "[0, 1, 3, 2],", "[2, 6, 4, 1]]"))
def _(p):
    X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 4, 1]], dtype=float)
    G = np.array([[p["ga"], p["gb"]], [p["gc"], p["gd"]]])
    dX = np.zeros_like(X)
    for i in range(2):
        for j in range(2):
            win = X[2 * i:2 * i + 2, 2 * j:2 * j + 2]
            r, c = np.unravel_index(np.argmax(win), win.shape)
            dX[2 * i + r, 2 * j + c] += G[i, j]
    return dX


@check("deep-learning", "label-smoothing-grad")
def _(p):
    K, eps, ptrue = int(p["k"]), p["a"], p["p"]
    target = np.full(K, eps / K)
    target[0] += 1 - eps                      # class 0 plays the true class
    # ∂/∂z of -Σ target·log softmax(z) at logits whose softmax gives p_true for class 0.
    rest = (1 - ptrue) / (K - 1)
    z = np.log(np.r_[ptrue, np.full(K - 1, rest)])
    return cs_grad(lambda z: -(target * np.log(softmax(z))).sum(), z)[0]


@check("deep-learning", "clip-by-norm")
def _(p):
    g = np.array([p["a"], p["b"], p["d"]])
    norm = np.linalg.norm(g)
    return g * min(1.0, p["t"] / norm)


@check("deep-learning", "lstm-param-count")
def _(p):
    d, h = int(p["d"]), int(p["h"])
    per_gate = [(h, d), (h, h), (h,)]        # input weights, recurrent weights, one bias
    return n_params(*(per_gate * 4))


@check("deep-learning", "gnn-mean-message-passing",
       prompt_has=("edges 1–2, 2–3, 2–4, 3–4",))
def _(p):
    A = np.zeros((4, 4))
    for i, j in [(1, 2), (2, 3), (2, 4), (3, 4)]:
        A[i - 1, j - 1] = A[j - 1, i - 1] = 1
    x = np.array([p["a"], p["b"], p["c"], p["d"]])
    return x + (A @ x) / A.sum(axis=1)


# ---------------------------------------------------------------------------------------------
# information-theory.yaml
# ---------------------------------------------------------------------------------------------

@check("information-theory", "entropy-bits-and-nats")
def _(p):
    probs = [p["a"], p["b"], 1 - p["a"] - p["b"]]
    return [entropy(probs, base=2), entropy(probs)]


@check("information-theory", "cross-entropy-from-logits")
def _(p):
    z = np.array([p["z1"], p["z2"], p["z3"]])
    return -np.log(softmax(z)[1])


@check("information-theory", "joint-and-conditional-entropy")
def _(p):
    a = p["a"]
    P = np.array([[a, 0.5 - a], [0.25, 0.25]])
    h_xy = entropy(P, base=2)
    # H(Y|X) = Σ_x P(x)·H(Y | X = x)
    h_y_given_x = sum(P[i].sum() * entropy(P[i] / P[i].sum(), base=2) for i in range(2))
    return [h_xy, h_y_given_x]


@check("information-theory", "mutual-information-2x2")
def _(p):
    a, b, c = p["a"], p["b"], p["c"]
    P = np.array([[a, b], [c, 1 - a - b - c]])
    return (entropy(P.sum(axis=1), 2) + entropy(P.sum(axis=0), 2) - entropy(P, 2))


@check("information-theory", "softmax-cross-entropy-gradient")
def _(p):
    z = np.array([p["z1"], p["z2"], p["z3"]])
    return cs_grad(lambda z: -np.log(softmax(z)[0]), z)


@check("information-theory", "kl-two-gaussians")
def _(p):
    return kl_gauss_numeric(p["m1"], p["s1"], p["m2"], p["s2"])


@check("information-theory", "kl-vae-standard-normal")
def _(p):
    return kl_gauss_numeric(p["mu"], np.exp(p["lv"] / 2), 0.0, 1.0)


@check("information-theory", "kl-gaussian-asymmetry")
def _(p):
    m, s = p["m"], p["s"]                    # Q = N(m, s²): standard deviation s
    return [kl_gauss_numeric(0.0, 1.0, m, s), kl_gauss_numeric(m, s, 0.0, 1.0)]


@check("information-theory", "kl-diagonal-gaussians-2d")
def _(p):
    mp = np.array([p["m1"], p["m2"]])
    Sp = np.diag([p["v1"], p["v2"]])
    mq = np.zeros(2)
    Sq = np.diag([p["u1"], p["u2"]])
    # General multivariate-normal KL (matrix form), not the per-dimension sum.
    Sq_inv = np.linalg.inv(Sq)
    d = mq - mp
    return 0.5 * (np.trace(Sq_inv @ Sp) + d @ Sq_inv @ d - 2
                  + np.log(np.linalg.det(Sq) / np.linalg.det(Sp)))


# ---------------------------------------------------------------------------------------------
# learning-theory.yaml
# ---------------------------------------------------------------------------------------------

@check("learning-theory", "sgd-lipschitz-steps-for-eps")
def _(p):
    R, G, eps = p["r"], p["g"], p["eps"]
    return bisect_log(lambda T: R * G / np.sqrt(T) - eps, 1.0, 1e15)


@check("learning-theory", "gd-smooth-convex-iterations")
def _(p):
    L, dist, eps = p["sm"], p["dist"], p["eps"]
    return bisect_log(lambda T: L * dist ** 2 / (2 * T) - eps, 1e-3, 1e15)


@check("learning-theory", "quadratic-gd-contraction")
def _(p):
    A = np.diag([p["mu"], p["lmax"]])        # Hessian of ½(μx₁² + Lx₂²)
    eta = 2 / (p["mu"] + p["lmax"])
    return np.linalg.norm(np.eye(2) - eta * A, 2)   # GD error map x ↦ (I - ηA)x


@check("learning-theory", "quadratic-gd-iterations")
def _(p):
    kappa, digits = p["kappa"], p["p"]
    A = np.diag([1.0, kappa])                # any quadratic with condition number κ
    eta = 2 / (1 + kappa)                    # optimal constant step
    rho = np.linalg.norm(np.eye(2) - eta * A, 2)
    return bisect(lambda T: T * np.log(rho) + digits * np.log(10), 0.0, 1e9)


@check("learning-theory", "pac-finite-class-samples")
def _(p):
    H = 2.0 ** p["bits"]
    return (np.log(H) + np.log(1 / p["delta"])) / p["eps"]


@check("learning-theory", "hoeffding-bound-value", atol=TINY_ATOL)
def _(p):
    n, t = int(p["n"]), p["t"]
    ranges = np.ones(n)                      # X_i ∈ [0, 1]: b_i - a_i = 1
    # General Hoeffding for the sum S_n:
    #   P(|S_n - E S_n| ≥ n·t) ≤ 2 exp(-2 (n t)² / Σ(b_i - a_i)²)
    return 2 * np.exp(-2 * (n * t) ** 2 / np.sum(ranges ** 2))


@check("learning-theory", "sauer-lemma-bound")
def _(p):
    m = int(p["m"])
    return float(sum(math.comb(m, i) for i in range(0, 3 + 1)))


@check("learning-theory", "generalization-gap-data-scaling")
def _(p):
    n0, a, c = p["n0"], p["a"], p["c"]
    d = 7.0                                  # arbitrary capacity and constant: they cancel
    C = 1.3

    def gap(cap, n):
        return C * np.sqrt(cap / n)
    target = gap(d, n0) / c
    return bisect_log(lambda n: gap(a * d, n) - target, 1.0, 1e15)


# ---------------------------------------------------------------------------------------------
# linear-algebra.yaml
# ---------------------------------------------------------------------------------------------

@check("linear-algebra", "matmul-2x3-by-hand", prompt_has=("[-1, 1]]", "[2, 0],"))
def _(p):
    A = np.array([[p["a"], 1, 2], [0, p["b"], -1]])
    B = np.array([[1, p["c"]], [2, 0], [-1, 1]])
    return np.dot(A, B)


@check("linear-algebra", "matmul-association-cost")
def _(p):
    n = int(p["n"])
    ab_then_x = matmul_mults((n, n), (n, n)) + matmul_mults((n, n), (n, 1))
    bx_then_a = matmul_mults((n, n), (n, 1)) + matmul_mults((n, n), (n, 1))
    return [float(ab_then_x), float(bx_then_a)]


@check("linear-algebra", "linear-layer-train-flops")
def _(p):
    B, T, din, dout = (int(p[k]) for k in ("B", "T", "din", "dout"))
    rows = B * T
    fwd = matmul_flops(rows, din, dout)          # x (rows×din) @ W (din×dout)
    dx = matmul_flops(rows, dout, din)           # dY (rows×dout) @ Wᵀ (dout×din)
    dw = matmul_flops(din, rows, dout)           # xᵀ (din×rows) @ dY (rows×dout)
    return [fwd, fwd + dx + dw]


@check("linear-algebra", "eigenvalues-symmetric-2x2")
def _(p):
    A = np.array([[p["a"], p["b"]], [p["b"], p["c"]]])
    return np.sort(np.linalg.eigvalsh(A))[::-1]


@check("linear-algebra", "eigenvalues-trace-det")
def _(p):
    P = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [1.0, 0.0, 1.0]])   # any invertible basis
    A = P @ np.diag([p["p"], p["q"], p["r"]]) @ np.linalg.inv(P)
    return [np.trace(A @ A), np.linalg.det(2 * A), np.linalg.det(np.linalg.inv(A))]


@check("linear-algebra", "spiked-covariance-eigen")
def _(p):
    u = np.array([p["u1"], p["u2"], p["u3"]])
    S = np.outer(u, u) + p["s"] * np.eye(3)
    return [np.linalg.eigvalsh(S).max(), np.trace(S), np.linalg.det(S)]


@check("linear-algebra", "eigendecomposition-reconstruct")
def _(p):
    Q = np.column_stack([np.array([1.0, 1.0]) / np.sqrt(2), np.array([-1.0, 1.0]) / np.sqrt(2)])
    return Q @ np.diag([p["a"], p["b"]]) @ Q.T


@check("linear-algebra", "svd-explained-variance")
def _(p):
    X = centred_data_with_singular_values([p["s1"], p["s2"], p["s3"], p["s4"]], n_rows=12)
    var = np.sort(np.linalg.eigvalsh(np.cov(X, rowvar=False)))[::-1]
    return var[:2].sum() / var.sum()


@check("linear-algebra", "eckart-young-errors")
def _(p):
    s = np.array([p["s1"], p["s2"], p["s3"], p["s4"]])
    A = random_orthogonal(4, 1) @ np.diag(s) @ random_orthogonal(4, 2).T
    U, sv, Vt = np.linalg.svd(A)
    A2 = U[:, :2] @ np.diag(sv[:2]) @ Vt[:2]
    return [np.linalg.norm(A - A2, "fro"), np.linalg.norm(A - A2, 2)]


@check("linear-algebra", "singular-values-2x2", prompt_has=("A = [[3, 0], [4, 5]]",))
def _(p):
    return np.linalg.svd(np.array([[3.0, 0.0], [4.0, 5.0]]), compute_uv=False)


@check("linear-algebra", "pca-variance-from-svd")
def _(p):
    N, s1 = int(p["N"]), p["s1"]
    X = centred_data_with_singular_values([s1, s1 / 2, s1 / 3], n_rows=N)
    return np.linalg.eigvalsh(np.cov(X, rowvar=False)).max()   # np.cov divides by N - 1


@check("linear-algebra", "broadcast-shape")
def _(p):
    d1, d2, d3, d4 = (int(p[k]) for k in ("d1", "d2", "d3", "d4"))
    return np.array(np.broadcast_shapes((d1, 1, d3, 1), (d2, 1, d4)), dtype=float)


# ---------------------------------------------------------------------------------------------
# ml-fundamentals.yaml
# ---------------------------------------------------------------------------------------------

def _labels(tp, fp, fn, tn):
    y_true = np.r_[np.ones(int(tp)), np.zeros(int(fp)), np.ones(int(fn)), np.zeros(int(tn))]
    y_pred = np.r_[np.ones(int(tp)), np.ones(int(fp)), np.zeros(int(fn)), np.zeros(int(tn))]
    return y_true.astype(bool), y_pred.astype(bool)


def _precision_recall(y_true, y_pred):
    precision = np.mean(y_true[y_pred])       # fraction of predicted positives that are positive
    recall = np.mean(y_pred[y_true])          # fraction of positives that are predicted
    return precision, recall


@check("ml-fundamentals", "precision-recall-confusion")
def _(p):
    return list(_precision_recall(*_labels(p["tp"], p["fp"], p["fn"], p["tn"])))


@check("ml-fundamentals", "f1-from-confusion")
def _(p):
    P, R = _precision_recall(*_labels(p["tp"], p["fp"], p["fn"], p["tn"]))
    return 1 / np.mean([1 / P, 1 / R])          # harmonic mean


@check("ml-fundamentals", "fbeta-from-confusion")
def _(p):
    P, R = _precision_recall(*_labels(p["tp"], p["fp"], p["fn"], 0))
    b2 = p["beta"] ** 2
    return (1 + b2) * P * R / (b2 * P + R)


@check("ml-fundamentals", "mae-mse-residuals")
def _(p):
    r = np.array([p["a"], -p["b"], p["c"], -p["d"], p["o"]])
    return [np.mean(np.abs(r)), np.mean(r ** 2)]


@check("ml-fundamentals", "nested-cv-fits")
def _(p):
    fits = 0
    for _outer in range(int(p["ko"])):
        for _config in range(int(p["g"])):
            for _inner in range(int(p["ki"])):
                fits += 1
        fits += 1                              # refit of the best config on the outer split
    return float(fits)


@check("ml-fundamentals", "kmeans-update-step",
       prompt_has=("(0, 0), (1, 0), (0, 1), (5, 5), (6, 5), (5, 7), (3, 2)",
                   "c1 = (0, 0) and c2 = (4, 4)"))
def _(p):
    X = np.array([[0, 0], [1, 0], [0, 1], [5, 5], [6, 5], [5, 7], [3, 2]], dtype=float)
    C = np.array([[0.0, 0.0], [4.0, 4.0]])
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    assign = np.argmin(d2, axis=1)
    return np.array([X[assign == k].mean(axis=0) for k in range(2)])


@check("ml-fundamentals", "gini-split-gain")
def _(p):
    def gini(counts):
        q = np.asarray(counts, float) / np.sum(counts)
        return 1 - np.sum(q ** 2)
    left, right = np.array([p["a"], p["b"]]), np.array([p["c"], p["d"]])
    parent = left + right
    n = parent.sum()
    return gini(parent) - (left.sum() / n * gini(left) + right.sum() / n * gini(right))


@check("ml-fundamentals", "entropy-information-gain",
       prompt_has=("10 positive and 10 negative", "6 positives, 1 negative",
                   "4 positives, 9 negatives"))
def _(p):
    parent, left, right = [10, 10], [6, 1], [4, 9]

    def H(c):
        return entropy(np.array(c, float) / sum(c), base=2)
    n = sum(parent)
    return H(parent) - sum(left) / n * H(left) - sum(right) / n * H(right)


@check("ml-fundamentals", "linreg-sgd-momentum-step")
def _(p):
    x, y, eta, beta = p["x"], p["y"], p["eta"], 0.9
    grad = cs_derivative(lambda w: 0.5 * (w * x - y) ** 2, p["w0"])
    v = beta * p["v0"] + grad
    return p["w0"] - eta * v


@check("ml-fundamentals", "majority-vote-ensemble-accuracy")
def _(p):
    acc = p["p"]
    total = 0.0
    for outcome in itertools.product([True, False], repeat=5):     # each classifier right?
        prob = np.prod([acc if ok else 1 - acc for ok in outcome])
        if sum(outcome) >= 3:
            total += prob
    return total


@check("ml-fundamentals", "bagging-correlated-variance")
def _(p):
    s2, rho = p["s2"], p["rho"]

    def var_of_mean(M):
        Sigma = s2 * (rho * np.ones((M, M)) + (1 - rho) * np.eye(M))
        w = np.full(M, 1 / M)
        return w @ Sigma @ w
    # Var(mean) is affine in 1/M; extrapolate two exact values to 1/M → 0.
    limit = 2 * var_of_mean(20) - var_of_mean(10)
    return [var_of_mean(int(p["m"])), limit]


# ---------------------------------------------------------------------------------------------
# numerical-methods.yaml
# ---------------------------------------------------------------------------------------------

@check("numerical-methods", "central-difference-cubic-value")
def _(p):
    def f(x):
        return x ** 3
    x, h = p["a"], p["h"]
    return (f(x + h) - f(x - h)) / (2 * h)


@check("numerical-methods", "central-difference-optimal-step-float64", atol=TINY_ATOL,
       prompt_has=("M·h²/6 + ε/h", "M = 1", "1.1×10⁻¹⁶"))
def _(p):
    M, eps = 1.0, 1.1e-16

    def E(h):
        return M * h ** 2 / 6 + eps / h
    # Minimise E: bisect on the sign of E'(h), computed by complex step.
    return bisect_log(lambda h: cs_derivative(E, h), 1e-12, 1.0)


@check("numerical-methods", "gradcheck-float32-tiny-step")
def _(p):
    x, h = np.float32(1.0), np.float32(1e-8)

    def f(x):
        return x * x
    return float((f(x + h) - f(x)) / h)


@check("numerical-methods", "fp16-largest-finite")
def _(p):
    return float(np.finfo(np.float16).max)


@check("numerical-methods", "fp16-smallest-positive", atol=TINY_ATOL)
def _(p):
    tiny = np.float16(np.finfo(np.float16).smallest_subnormal)
    assert tiny > 0 and np.float16(tiny / 2) == 0
    return float(tiny)


@check("numerical-methods", "machine-epsilon-from-fraction-bits", atol=TINY_ATOL)
def _(p):
    m = int(p["m"])
    native = {23: np.float32, 10: np.float16}
    if m in native:
        one = native[m](1.0)
        return float(np.nextafter(one, native[m](2.0)) - one)
    # bf16 = the top 16 bits of a float32: next number after 1.0 is 1.0's bits + 1 ulp at
    # bit (23 - m) of the float32 encoding.
    bits = np.array([1.0], dtype=np.float32).view(np.uint32)
    nxt = (bits + np.uint32(1 << (23 - m))).view(np.float32)
    return float(nxt[0]) - 1.0


@check("numerical-methods", "stable-small-quadratic-root", atol=TINY_ATOL)
def _(p):
    b = 10.0 ** p["k"]
    x = 0.0
    for _ in range(50):                      # Newton on x² - b·x + 1 from 0 → smaller root
        x -= (x * x - b * x + 1) / (2 * x - b)
    return x


@check("numerical-methods", "log-sum-exp-large-logits")
def _(p):
    m, d, f = p["m"], p["d"], p["f"]
    return float(np.logaddexp.reduce(np.array([m, m - d, m - f])))


@check("numerical-methods", "condition-number-correlated-features")
def _(p):
    r = p["r"]
    return np.linalg.cond(np.array([[1.0, r], [r, 1.0]]), 2)


@check("numerical-methods", "condition-number-shear-matrix")
def _(p):
    return np.linalg.cond(np.array([[1.0, p["t"]], [0.0, 1.0]]), 2)


@check("numerical-methods", "lu-3x3-without-pivoting",
       prompt_has=("A = [[2, 1, 1], [4, 3, 3], [8, 7, 9]]",))
def _(p):
    U = np.array([[2, 1, 1], [4, 3, 3], [8, 7, 9]], dtype=float)
    n = 3
    L = np.eye(n)
    for k in range(n):                       # Gaussian elimination, no row swaps
        for i in range(k + 1, n):
            L[i, k] = U[i, k] / U[k, k]
            U[i] -= L[i, k] * U[k]
    assert np.allclose(L @ U, [[2, 1, 1], [4, 3, 3], [8, 7, 9]])
    return L


@check("numerical-methods", "qr-gram-schmidt-r-factor", prompt_has=("A = [[3, 1], [4, 2]]",))
def _(p):
    A = np.array([[3.0, 1.0], [4.0, 2.0]])
    Q = np.zeros_like(A)
    R = np.zeros((2, 2))
    for j in range(2):                       # classical Gram-Schmidt on the columns
        v = A[:, j].copy()
        for i in range(j):
            R[i, j] = Q[:, i] @ A[:, j]
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return R


# ---------------------------------------------------------------------------------------------
# optimization.yaml
# ---------------------------------------------------------------------------------------------

@check("optimization", "momentum-two-steps")
def _(p):
    w, v = 0.0, 0.0
    for g in (p["g1"], p["g2"]):
        v = p["mu"] * v + g
        w = w - p["lr"] * v
    return w


@check("optimization", "momentum-terminal-step")
def _(p):
    w, v = 0.0, 0.0
    for _ in range(20_000):
        v = p["mu"] * v + p["g"]
        w_new = w - p["lr"] * v
        step, w = abs(w_new - w), w_new
    # the displacement per step is η·v; read it off v to avoid cancellation in w_new - w
    assert np.isclose(step, p["lr"] * v, rtol=1e-6)
    return p["lr"] * v


@check("optimization", "momentum-quadratic-two-steps")
def _(p):
    a = p["a"]
    w, v = p["w0"], 0.0
    for _ in range(2):
        grad = cs_derivative(lambda w: a / 2 * w ** 2, w)
        v = p["mu"] * v + grad
        w = w - p["lr"] * v
    return w


@check("optimization", "nesterov-one-step")
def _(p):
    a, mu, lr = p["a"], p["mu"], p["lr"]
    w, v = p["w0"], p["v0"]
    grad_lookahead = cs_derivative(lambda u: a / 2 * u ** 2, w + mu * v)
    v = mu * v - lr * grad_lookahead
    return w + v


@check("optimization", "adam-first-step", atol=TINY_ATOL)
def _(p):
    w = adam(p["w0"], [p["g"]], p["lr"], eps=1e-8)
    return w[1] - w[0]


@check("optimization", "adam-first-step-large-eps", atol=TINY_ATOL)
def _(p):
    w = adam(0.0, [p["g"]], p["lr"], eps=p["eps"])
    return w[1] - w[0]


@check("optimization", "adam-no-bias-correction")
def _(p):
    g, lr = 0.37, 1e-3                       # any gradient and learning rate: they cancel
    wrong = adam(0.0, [g], lr, b1=p["b1"], b2=p["b2"], eps=0.0, bias_correction=False)
    right = adam(0.0, [g], lr, b1=p["b1"], b2=p["b2"], eps=0.0)
    return abs(wrong[1]) / abs(right[1])


@check("optimization", "adam-second-step", atol=TINY_ATOL)
def _(p):
    w = adam(0.0, [p["g1"], p["g2"]], p["lr"], eps=0.0)
    return w[2] - w[1]


@check("optimization", "adamw-vs-adam-l2", atol=TINY_ATOL)
def _(p):
    w0, g, lr, lam = p["w0"], p["g"], p["lr"], p["lam"]
    l2 = adam(w0, [g], lr, eps=0.0, l2=lam)
    adamw = adam(w0, [g], lr, eps=0.0, decoupled_wd=lam)
    return [l2[1] - w0, adamw[1] - w0]


@check("optimization", "rmsprop-first-step", atol=TINY_ATOL)
def _(p):
    alpha, lr, g, eps = p["alpha"], p["lr"], p["g"], 1e-8
    v, w = 0.0, 0.0
    v = alpha * v + (1 - alpha) * g * g
    w = w - lr * g / (np.sqrt(v) + eps)
    return w


@check("optimization", "cosine-step-for-target")
def _(p):
    T, f = p["T"], p["f"]

    def lr(t):                               # η_t / η_max, decreasing on [0, T]
        return 0.5 * (1 + np.cos(np.pi * t / T))
    return bisect(lambda t: lr(t) - f, 0.0, T)


@check("optimization", "cosine-warm-restarts")
def _(p):
    P, hi, lo = int(p["P"]), p["hi"], p["lo"]
    t = int(p["t"])
    step_in_cycle = t
    while step_in_cycle >= P:                # restart every P steps
        step_in_cycle -= P
    return lo + 0.5 * (hi - lo) * (1 + np.cos(np.pi * step_in_cycle / P))


@check("optimization", "gd-max-stable-lr")
def _(p):
    A = np.array([[p["a"], p["b"]], [p["b"], p["c"]]])

    def spectral_radius_minus_one(eta):      # GD on ½xᵀAx: x ← (I - ηA)x
        return np.max(np.abs(np.linalg.eigvals(np.eye(2) - eta * A))) - 1
    lam_min = np.linalg.eigvalsh(A).min()
    # stable (radius < 1) just above 0 ... unstable at a large step; find the boundary
    return bisect(spectral_radius_minus_one, 1e-3 / lam_min, 10.0)


@check("optimization", "saddle-hessian-eigenvalues")
def _(p):
    a, b, c = p["a"], p["b"], p["c"]

    def f(z):
        return a * z[0] ** 2 + c * z[0] * z[1] + b * z[1] ** 2
    # f is quadratic: second differences with unit steps are exact.
    E = np.eye(2)
    H = np.array([[(f(E[i] + E[j]) - f(E[i] - E[j]) - f(-E[i] + E[j]) + f(-E[i] - E[j])) / 4
                   for j in range(2)] for i in range(2)])
    return np.linalg.eigvalsh(H)


# ---------------------------------------------------------------------------------------------
# probability.yaml
# ---------------------------------------------------------------------------------------------

@check("probability", "bayes-disease-test")
def _(p):
    prior = np.array([p["prev"], 1 - p["prev"]])           # [disease, healthy]
    p_pos = np.array([p["sens"], p["fpr"]])                # P(+ | status)
    joint = prior * p_pos
    return joint[0] / joint.sum()


@check("probability", "bayes-two-positive-tests")
def _(p):
    prior = np.array([p["prev"], 1 - p["prev"]])
    p_pos = np.array([p["sens"], p["fpr"]])
    posterior = prior.copy()
    for _ in range(2):                        # sequential Bayesian updates, one per test
        posterior = posterior * p_pos
        posterior /= posterior.sum()
    return posterior[0]


@check("probability", "beta-bernoulli-posterior-mean")
def _(p):
    a, b, n, k = p["a"], p["b"], p["n"], p["k"]
    nodes, weights = np.polynomial.legendre.leggauss(64)    # exact for these polynomials
    theta = (nodes + 1) / 2
    unnorm = theta ** (a - 1) * (1 - theta) ** (b - 1) * theta ** k * (1 - theta) ** (n - k)
    return np.sum(weights * theta * unnorm) / np.sum(weights * unnorm)


def _gaussian_posterior_grid(mz, tsq, ssq, n, xbar):
    mu = np.linspace(-40, 40, 400_001)
    log_post = normal_logpdf(mu, mz, np.sqrt(tsq))
    # likelihood of the n samples depends on μ only through x̄ ~ N(μ, σ²/n)
    log_post = log_post + normal_logpdf(xbar, mu, np.sqrt(ssq / n))
    w = np.exp(log_post - log_post.max())
    Z = trapezoid(w, mu)
    mean = trapezoid(w * mu, mu) / Z
    var = trapezoid(w * (mu - mean) ** 2, mu) / Z
    return mean, var


@check("probability", "gaussian-posterior-mean")
def _(p):
    return _gaussian_posterior_grid(p["mz"], p["tsq"], p["ssq"], p["n"], p["xbar"])[0]


@check("probability", "gaussian-posterior-variance")
def _(p):
    # The prompt gives no data: the posterior variance does not depend on x̄, so any x̄ will do.
    return _gaussian_posterior_grid(0.0, p["tsq"], p["ssq"], p["n"], 1.234)[1]


@check("probability", "gaussian-mle-samples", prompt_has=("2, 4, 4, 4, 5, 5, 7, 9",))
def _(p):
    x = np.array([2, 4, 4, 4, 5, 5, 7, 9], dtype=float)
    return [np.mean(x), np.var(x, ddof=0)]


@check("probability", "binomial-second-moment")
def _(p):
    n, q = int(p["n"]), p["p"]
    k = np.arange(n + 1)
    pmf = np.array([math.comb(n, int(i)) for i in k]) * q ** k * (1 - q) ** (n - k)
    assert np.isclose(pmf.sum(), 1)
    return np.sum(k ** 2 * pmf)


@check("probability", "poisson-at-most-one")
def _(p):
    lam = p["lam"]
    return sum(np.exp(-lam) * lam ** k / math.factorial(k) for k in (0, 1))


@check("probability", "markov-two-state-stationary")
def _(p):
    a, b = p["a"], p["b"]
    T = np.array([[1 - a, a], [b, 1 - b]])   # row-stochastic: T[i, j] = P(i → j)
    vals, vecs = np.linalg.eig(T.T)
    pi = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    return pi / pi.sum()


@check("probability", "importance-weight-gaussian-shift")
def _(p):
    x = p["x"]
    return np.exp(normal_logpdf(x, 0.0, 1.0) - normal_logpdf(x, p["m"], 1.0))


@check("probability", "importance-sampling-estimate",
       prompt_has=("| 1 | 2      | 0.3    | 0.2    |", "| 2 | 1      | 0.2    | 0.4    |",
                   "| 3 | 4      | 0.1    | 0.2    |"))
def _(p):
    f = np.array([2.0, 1.0, 4.0])
    pp = np.array([0.3, 0.2, 0.1])
    q = np.array([0.2, 0.4, 0.2])
    return np.mean(f * pp / q)


# ---------------------------------------------------------------------------------------------
# statistics.yaml (optional: may still be in progress)
# ---------------------------------------------------------------------------------------------

@check("statistics", "sample-variance-n-vs-n-minus-1")
def _(p):
    x = np.array([p["p"], p["q"], p["r"], p["t"]])
    return [np.var(x, ddof=1), np.var(x, ddof=0)]


@check("statistics", "covariance-correlation-data",
       prompt_has=("x = 1, 2, 3, 4, 5", "y = 2, 4, 5, 4, 5"))
def _(p):
    x = np.array([1, 2, 3, 4, 5], dtype=float)
    y = np.array([2, 4, 5, 4, 5], dtype=float)
    return [np.cov(x, y)[0, 1], np.corrcoef(x, y)[0, 1]]


@check("statistics", "ols-slope-four-points")
def _(p):
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([p["ya"], p["yb"], p["yc"], p["yd"]])
    X = np.column_stack([np.ones(4), x])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return [beta[1], beta[0]]


@check("statistics", "pca-two-by-two-covariance")
def _(p):
    S = np.array([[p["va"], p["cv"]], [p["cv"], p["vb"]]])
    ev = np.linalg.eigvalsh(S)
    return ev.max() / ev.sum()


@check("statistics", "pca-variance-from-singular-values")
def _(p):
    X = centred_data_with_singular_values([p["a"], p["b"], p["c"], 1.0], n_rows=10)
    var = np.sort(np.linalg.eigvalsh(X.T @ X))[::-1]
    return var[:2].sum() / var.sum()


@check("statistics", "multiple-testing-false-positive")
def _(p):
    m = int(p["m"])
    return 1 - np.prod(np.full(m, 1 - 0.05))     # P(no test rejects) = Π P(test i accepts)


# rtol 1e-3: the prompt tells the learner to use the tabulated Φ(0.855) ≈ 0.8037 (4 decimals),
# so the bank's value is deliberately rounded; we compute Φ exactly with erf.
@check("statistics", "type-two-error-z-test", rtol=1e-3,
       prompt_has=("σ = 1", "n = 25", "1.645", "μ = 0.5"))
def _(p):
    sigma, n, crit, mu = 1.0, 25, 1.645, 0.5
    # β = P(√n·x̄/σ ≤ crit | μ) with √n·x̄/σ ~ N(√n·μ/σ, 1)
    return Phi(crit - np.sqrt(n) * mu / sigma)


# ---------------------------------------------------------------------------------------------
# transformers-llms.yaml
# ---------------------------------------------------------------------------------------------

@check("transformers-llms", "sdpa-tiny-output",
       prompt_has=("Q = [[1, 1, 0, 0], [0, 0, 2, 2]]", "K = [[1, 1, 0, 0], [0, 0, 1, 1]]"))
def _(p):
    Q = np.array([[1, 1, 0, 0], [0, 0, 2, 2]], dtype=float)
    K = np.array([[1, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    V = np.array([[p["p"], p["q"]], [p["r"], p["s"]]])
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    A = np.array([softmax(row) for row in scores])
    return A @ V


@check("transformers-llms", "causal-attention-weights")
def _(p):
    scores = np.array([p["s1"], p["s2"], p["s3"]]) / np.sqrt(p["dk"])
    query_pos = 1                             # token 2 (0-based 1)
    scores[np.arange(3) > query_pos] = -np.inf
    e = np.exp(scores - scores.max())
    return e / e.sum()


@check("transformers-llms", "kv-cache-size")
def _(p):
    nl, d, t, bs = (int(p[k]) for k in ("nl", "d", "t", "bs"))
    per_layer = n_params((bs, t, d), (bs, t, d))      # one K and one V tensor
    return nl * per_layer * 2 / 2 ** 30               # fp16 = 2 bytes, in GiB


@check("transformers-llms", "sinusoidal-pe-value")
def _(p):
    d, pos, j = int(p["d"]), int(p["pos"]), int(p["j"])
    PE = np.zeros((pos + 1, d))
    positions = np.arange(pos + 1)
    for i in range(d // 2):
        angle = positions / 10000 ** (2 * i / d)
        PE[:, 2 * i] = np.sin(angle)
        PE[:, 2 * i + 1] = np.cos(angle)
    return PE[pos, j]


@check("transformers-llms", "next-token-cross-entropy")
def _(p):
    z = np.array([p["z1"], p["z2"], p["z3"], p["z4"]])
    return -np.log(softmax(z)[1])            # B is the second token


@check("transformers-llms", "softmax-temperature-vector", prompt_has=("z = [3, 1, 0]",))
def _(p):
    return softmax(np.array([3.0, 1.0, 0.0]) / p["t"])


@check("transformers-llms", "vae-kl-numeric")
def _(p):
    return (kl_gauss_numeric(p["m1"], p["s1"], 0.0, 1.0)
            + kl_gauss_numeric(p["m2"], p["s2"], 0.0, 1.0))


@check("transformers-llms", "reward-model-bt-loss")
def _(p):
    # -log σ(Δ) = log(1 + e^(-Δ))
    return float(np.logaddexp(0.0, -(p["a"] - p["b"])))


@check("transformers-llms", "lora-trainable-params")
def _(p):
    nl, d, r = int(p["nl"]), int(p["d"]), int(p["r"])
    per_adapted_matrix = [(d, r), (r, d)]     # B and A
    return nl * n_params(*(per_adapted_matrix * 2))   # W_Q and W_V


@check("transformers-llms", "transformer-param-count")
def _(p):
    nl, d, vocab = int(p["nl"]), int(p["d"]), int(p["vocab"])
    attention = [(d, d)] * 4                 # W_Q, W_K, W_V, W_O
    mlp = [(d, 4 * d), (4 * d, d)]
    embedding = [(vocab, d)]                 # tied with the output layer
    return nl * n_params(*attention, *mlp) + n_params(*embedding)


@check("transformers-llms", "softmax-vs-linear-attention-ratio")
def _(p):
    n, d = int(p["n"]), int(p["d"])
    softmax_attn = matmul_flops(n, d, n) + matmul_flops(n, n, d)   # (QKᵀ) then ·V
    linear_attn = matmul_flops(d, n, d) + matmul_flops(n, d, d)    # φ(K)ᵀV then φ(Q)·
    return softmax_attn / linear_attn


@check("transformers-llms", "attention-score-flops")
def _(p):
    n, d = int(p["n"]), int(p["d"])
    return matmul_flops(n, d, n) + matmul_flops(n, n, d)


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
def test_reference_answer_matches_independent_numpy(key, seed):
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


def test_crosscheck_table_covers_the_banks():
    banks = {stem for stem, _ in CHECKS}
    assert len(CHECKS) >= 36
    assert len(banks) >= 8
    for stem in banks:
        assert (BANKS / f"{stem}.yaml").is_file(), stem
    per_bank = {stem: sum(1 for s, _ in CHECKS if s == stem) for stem in banks}
    assert all(n >= 3 for n in per_bank.values()), per_bank
