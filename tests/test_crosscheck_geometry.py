"""Cross-check the numeric answers of question_banks/geometry.yaml independently.

For seeds 0..4 each numeric question's variant is built and its expected value is recomputed
from the problem statement with NumPy: norms with np.linalg.norm, Lipschitz constants as the
largest difference quotient on a fine grid or the largest singular value, manifold dimensions
as the rank of a numerically computed Jacobian (including a rendered image family), geodesic
lengths as lengths of finely sampled curves, and a spherical triangle built from its angles
whose area is taken as a solid angle. No check uses the bank's answer formula. Every numeric
question of the bank must have a check.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "geometry"
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
# Helpers (generic geometry tools; none of them knows a bank formula)
# ---------------------------------------------------------------------------------------------

def lipschitz_1d(f, lo: float = -20.0, hi: float = 20.0, n: int = 400_001) -> float:
    """Largest |f(x) − f(y)|/|x − y| over neighbouring points of a fine grid."""
    x = np.linspace(lo, hi, n)
    y = f(x)
    return float(np.max(np.abs(np.diff(y)) / np.diff(x)))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(x, 0)


def numerical_rank(J: np.ndarray, rel: float = 1e-6) -> int:
    s = np.linalg.svd(J, compute_uv=False)
    return int(np.sum(s > rel * s[0]))


def jacobian(f, theta, h: float = 1e-5) -> np.ndarray:
    theta = np.asarray(theta, dtype=float)
    cols = []
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = h
        cols.append((f(theta + e) - f(theta - e)) / (2 * h))
    return np.stack(cols, axis=1)


def curve_length(points: np.ndarray) -> float:
    """Length of the polyline through the rows of `points`."""
    return float(np.sum(np.linalg.norm(np.diff(points, axis=0), axis=1)))


def matrix_with_spectral_norm(s: float, seed: int, shape=(5, 4)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.standard_normal((shape[0], shape[0])))
    V, _ = np.linalg.qr(rng.standard_normal((shape[1], shape[1])))
    k = min(shape)
    svals = np.sort(rng.uniform(0.1, 1.0, k))[::-1] * s
    svals[0] = s
    S = np.zeros(shape)
    S[:k, :k] = np.diag(svals)
    return U @ S @ V.T


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("vector-norms-l1-l2-linf")
def _(p):
    x = np.array([p["a"], -p["b"], p["c"]])
    return [np.linalg.norm(x, 1), np.linalg.norm(x, 2), np.linalg.norm(x, np.inf)]


@check("activation-lipschitz-constants")
def _(p):
    return [lipschitz_1d(sigmoid), lipschitz_1d(np.tanh), lipschitz_1d(relu)]


@check("lipschitz-bound-composed-network")
def _(p):
    Ws = [matrix_with_spectral_norm(p[name], seed) for seed, name in enumerate(["s1", "s2", "s3"])]
    factors = [np.linalg.norm(Ws[0], 2), lipschitz_1d(relu),       # W1, ReLU
               np.linalg.norm(Ws[1], 2), lipschitz_1d(sigmoid),    # W2, sigmoid
               np.linalg.norm(Ws[2], 2)]                           # W3
    return float(np.prod(factors))


@check("spectral-norm-lipschitz-linear-map")
def _(p):
    W = np.array([[p["a"], p["b"]], [0.0, p["c"]]])
    # largest stretch ‖Wv‖/‖v‖ over unit vectors v, then polish with the SVD
    t = np.linspace(0, np.pi, 100_001)
    V = np.stack([np.cos(t), np.sin(t)])
    stretch = np.linalg.norm(W @ V, axis=0).max()
    sigma = np.linalg.svd(W, compute_uv=False)[0]
    assert np.isclose(stretch, sigma, rtol=1e-8)
    return sigma


@check("intrinsic-dimension-circle-sphere")
def _(p):
    n = int(p["n"])
    rng = np.random.default_rng(n)
    # a circle in R^3: image of an angle under an embedding into a random plane
    Q, _ = np.linalg.qr(rng.standard_normal((3, 3)))

    def circle(theta):
        return Q[:, 0] * np.cos(theta[0]) + Q[:, 1] * np.sin(theta[0])
    circle_dim = numerical_rank(jacobian(circle, [0.7]))
    # the unit sphere in R^n: tangent space = null space of the constraint gradient ∇‖x‖²
    x = rng.standard_normal(n)
    x /= np.linalg.norm(x)
    grad = 2 * x[None, :]
    sphere_dim = n - numerical_rank(grad)
    return [circle_dim, sphere_dim]


@check("image-manifold-intrinsic-dimension")
def _(p):
    size = 64
    u, v = np.meshgrid(np.arange(size) - 31.5, np.arange(size) - 31.5)

    def render(theta):
        angle, tx, ty = theta
        c, s = np.cos(angle), np.sin(angle)
        # inverse-transform pixel coordinates into the object's frame
        x = c * (u - tx) + s * (v - ty)
        y = -s * (u - tx) + c * (v - ty)
        # an asymmetric smooth object: two blobs of different size
        img = np.exp(-((x - 6) ** 2 / 40 + y ** 2 / 12)) + 0.6 * np.exp(-((x + 8) ** 2 + (y - 5) ** 2) / 20)
        return img.ravel()
    J = jacobian(render, [0.3, 1.5, -2.0], h=1e-4)
    assert J.shape == (size * size, 3)
    return numerical_rank(J, rel=1e-4)


@check("circle-arc-vs-chord")
def _(p):
    r, theta = p["r"], np.deg2rad(p["theta"])
    t = np.linspace(0, theta, 200_001)
    arc = r * np.stack([np.cos(t), np.sin(t)], axis=1)
    return [curve_length(arc), np.linalg.norm(arc[-1] - arc[0])]


@check("sphere-geodesic-vs-chord")
def _(p):
    P = np.array([p["k"], p["k2"], p["k2"]])
    Qp = np.array([p["k2"], -p["k"], p["k2"]])
    R = np.linalg.norm(P)
    assert np.isclose(np.linalg.norm(Qp), R)
    # the great circle through P and Q: normalise points on the segment back onto the sphere
    s = np.linspace(0, 1, 200_001)[:, None]
    seg = (1 - s) * P + s * Qp
    arc = R * seg / np.linalg.norm(seg, axis=1, keepdims=True)
    return [curve_length(arc), np.linalg.norm(P - Qp)]


def _side_from_angles(opposite: float, x: float, y: float) -> float:
    """Side opposite the angle `opposite`, from the spherical law of cosines for angles."""
    return float(np.arccos((np.cos(opposite) + np.cos(x) * np.cos(y)) / (np.sin(x) * np.sin(y))))


def _triangle_from_angles(A: float, B: float, C: float) -> np.ndarray:
    """Unit vectors of a spherical triangle with interior angles A, B, C (radians): vertex A at
    the north pole, B at polar distance c (= side AB) on azimuth 0, C at polar distance b
    (= side AC) on azimuth A, so that the arcs AB and AC meet at angle A."""
    b = _side_from_angles(B, A, C)
    c = _side_from_angles(C, A, B)
    vA = np.array([0.0, 0.0, 1.0])
    vB = np.array([np.sin(c), 0.0, np.cos(c)])
    vC = np.array([np.sin(b) * np.cos(A), np.sin(b) * np.sin(A), np.cos(b)])
    return np.stack([vA, vB, vC])


def _interior_angle(at: np.ndarray, p1: np.ndarray, p2: np.ndarray) -> float:
    t1 = p1 - np.dot(p1, at) * at
    t2 = p2 - np.dot(p2, at) * at
    return float(np.arccos(np.dot(t1, t2) / (np.linalg.norm(t1) * np.linalg.norm(t2))))


@check("spherical-triangle-area")
def _(p):
    angles = np.deg2rad([p["A"], p["B"], p["C"]])
    vA, vB, vC = _triangle_from_angles(*angles)
    # the constructed triangle really has the requested angles
    got = [_interior_angle(vA, vB, vC), _interior_angle(vB, vC, vA), _interior_angle(vC, vA, vB)]
    assert np.allclose(got, angles, atol=1e-9), (got, angles)
    # area on the unit sphere = solid angle (Van Oosterom-Strackee), scaled by R²
    num = abs(np.dot(vA, np.cross(vB, vC)))
    den = 1 + np.dot(vA, vB) + np.dot(vB, vC) + np.dot(vC, vA)
    omega = 2 * np.arctan2(num, den)
    return p["R"] ** 2 * omega


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
