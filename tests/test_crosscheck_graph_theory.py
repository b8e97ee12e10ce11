"""Cross-check the numeric answers of question_banks/graph-theory.yaml independently.

For seeds 0..4 each numeric question's variant is built, and its expected value is recomputed
from the problem statement: graphs are built as adjacency matrices, walks counted with matrix
powers, eigenvalues taken with NumPy, topological orders and receptive fields enumerated. No
check uses the bank's answer formula. Every numeric question of the bank must have a check.
"""

from __future__ import annotations
import functools

import itertools
from collections.abc import Callable

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "graph-theory"
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
# Helpers (generic graph tools; none of them knows a bank formula)
# ---------------------------------------------------------------------------------------------

def adjacency(n: int, edges) -> np.ndarray:
    """Symmetric 0/1 adjacency matrix of an undirected simple graph."""
    A = np.zeros((n, n))
    for i, j in edges:
        assert i != j and A[i, j] == 0, "not a simple graph"
        A[i, j] = A[j, i] = 1
    return A


def laplacian(A: np.ndarray) -> np.ndarray:
    return np.diag(A.sum(axis=1)) - A


def cycle_edges(n: int):
    return [(i, (i + 1) % n) for i in range(n)]


def path_edges(n: int, offset: int = 0):
    return [(offset + i, offset + i + 1) for i in range(n - 1)]


def complete_edges(n: int):
    return list(itertools.combinations(range(n), 2))


def count_topological_orders(n: int, edges) -> int:
    """Number of linear extensions of a DAG, by dynamic programming over subsets of placed
    nodes: a node may be placed once all its predecessors have been placed."""
    preds = [0] * n
    for u, v in edges:
        preds[v] |= 1 << u

    @functools.lru_cache(maxsize=None)
    def ways(placed: int) -> int:
        if placed == (1 << n) - 1:
            return 1
        total = 0
        for v in range(n):
            if not placed >> v & 1 and preds[v] & placed == preds[v]:
                total += ways(placed | 1 << v)
        return total
    return ways(0)


def spanning_tree_count(A: np.ndarray) -> float:
    """Kirchhoff's matrix-tree theorem: any cofactor of the Laplacian."""
    L = laplacian(A)
    return float(round(np.linalg.det(L[1:, 1:])))


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("regular-graph-edges")
def _(p):
    n, d = int(p["n"]), int(p["d"])
    # a d-regular circulant graph: i ~ i ± s for s = 1..d//2, plus i ~ i + n/2 when d is odd
    edges = set()
    for i in range(n):
        for s in range(1, d // 2 + 1):
            edges.add(tuple(sorted((i, (i + s) % n))))
        if d % 2:
            edges.add(tuple(sorted((i, (i + n // 2) % n))))
    A = adjacency(n, edges)
    assert np.all(A.sum(axis=1) == d)
    return A.sum() / 2


@check("forest-edges")
def _(p):
    c, n = int(p["c"]), int(p["n"])
    rng = np.random.default_rng(0)
    cuts = np.sort(rng.choice(np.arange(1, n), size=c - 1, replace=False))
    sizes = np.diff(np.concatenate([[0], cuts, [n]]))
    edges, start = [], 0
    for m in sizes:  # a random tree on each block: every node but the first picks a parent
        for v in range(1, m):
            edges.append((start + v, start + int(rng.integers(0, v))))
        start += m
    A = adjacency(n, edges)
    # sanity: acyclic with c components (zero Laplacian eigenvalues = components)
    zero = np.sum(np.abs(np.linalg.eigvalsh(laplacian(A))) < 1e-8)
    assert zero == c
    return A.sum() / 2


@check("topo-orders-two-branches")
def _(p):
    a, b = int(p["a"]), int(p["b"])
    # nodes: 0 = x, 1..a = p_i, a+1..a+b = q_i, a+b+1 = m
    x, m = 0, a + b + 1
    P = list(range(1, a + 1))
    Q = list(range(a + 1, a + b + 1))
    edges = [(x, P[0]), (x, Q[0])]
    edges += list(zip(P, P[1:])) + list(zip(Q, Q[1:]))
    edges += [(P[-1], m), (Q[-1], m)]
    return float(count_topological_orders(a + b + 2, edges))


@check("walks-cycle-distance")
def _(p):
    n, k, m = int(p["n"]), int(p["k"]), int(p["m"])
    A = adjacency(n, cycle_edges(n))
    return np.linalg.matrix_power(A.astype(np.int64), k)[0, m]


@check("walks-complete-closed")
def _(p):
    n, k = int(p["n"]), int(p["k"])
    A = adjacency(n, complete_edges(n)).astype(np.int64)
    return np.linalg.matrix_power(A, k)[0, 0]


@check("laplacian-zero-eigenvalues-components")
def _(p):
    a, b, c = int(p["a"]), int(p["b"]), int(p["c"])
    edges, start = [], 0
    for _ in range(a):
        edges += [(start, start + 1), (start + 1, start + 2), (start, start + 2)]
        start += 3
    for _ in range(b):
        edges += path_edges(4, start)
        start += 4
    n = start + c  # isolated nodes at the end
    lam = np.linalg.eigvalsh(laplacian(adjacency(n, edges)))
    return float(np.sum(np.abs(lam) < 1e-8))


@check("laplacian-complete-spectrum")
def _(p):
    n = int(p["n"])
    lam = np.linalg.eigvalsh(laplacian(adjacency(n, complete_edges(n))))
    return [lam.min(), lam.max(), np.sum(np.isclose(lam, lam.max()))]


@check("laplacian-path-fiedler-value", prompt_has=("path graph",))
def _(p):
    n = int(p["n"])
    return np.sort(np.linalg.eigvalsh(laplacian(adjacency(n, path_edges(n)))))[1]


@check("spanning-trees-complete-minus-edge")
def _(p):
    n = int(p["n"])
    edges = complete_edges(n)[1:]  # drop one edge
    A = adjacency(n, edges)
    count = spanning_tree_count(A)
    if n <= 5:  # brute force as well: subsets of n - 1 edges that connect all nodes
        brute = 0
        for sub in itertools.combinations(edges, n - 1):
            reach = np.eye(n) + adjacency(n, sub)
            brute += bool(np.all(np.linalg.matrix_power(reach, n) > 0))
        assert brute == count
    return count


@check("gnn-output-shape")
def _(p):
    N, D, F = int(p["N"]), int(p["D"]), int(p["F"])
    A_hat = np.zeros((N, N), dtype=np.float32)
    H = np.zeros((N, D), dtype=np.float32)
    W = np.zeros((D, F), dtype=np.float32)
    return list((A_hat @ H @ W).shape)


@check("gnn-sum-aggregation-step", prompt_has=("1 – 2 – 3 – 4",))
def _(p):
    h = np.array([p["a"], p["b"], p["c"], p["d"]])
    A = adjacency(4, path_edges(4))
    out = np.zeros(4)
    for i in range(4):
        out[i] = h[i] + sum(h[j] for j in range(4) if A[i, j])
    return out


@check("gnn-mean-aggregation")
def _(p):
    neighbours = np.array([p["x1"], p["x2"], p["x3"]])
    return p["ws"] * p["hv"] + p["wn"] * neighbours.mean()


@check("gnn-layer-parameter-count")
def _(p):
    din, dout = int(p["din"]), int(p["dout"])
    W_self = np.zeros((dout, din))
    W_neigh = np.zeros((dout, din))
    b = np.zeros(dout)
    return float(W_self.size + W_neigh.size + b.size)


@check("gnn-receptive-field-grid", prompt_has=("4 neighbours",))
def _(p):
    k = int(p["k"])
    size = 2 * k + 5
    reached = np.zeros((size, size), dtype=bool)
    reached[size // 2, size // 2] = True
    for _ in range(k):  # one round: a node hears from itself and its 4 neighbours
        new = reached.copy()
        new[1:, :] |= reached[:-1, :]
        new[:-1, :] |= reached[1:, :]
        new[:, 1:] |= reached[:, :-1]
        new[:, :-1] |= reached[:, 1:]
        reached = new
    assert not reached[0].any() and not reached[:, 0].any()  # never touched the border
    return float(reached.sum())


@check("sliding-window-attention-pairs")
def _(p):
    n, w = int(p["n"]), int(p["w"])
    i = np.arange(1, n + 1)[:, None]
    j = np.arange(1, n + 1)[None, :]
    mask = (j <= i) & (j > i - w)
    return float(mask.sum())


@check("causal-attention-paths-through-layers")
def _(p):
    n, L = int(p["n"]), int(p["L"])
    M = np.tril(np.ones((n, n), dtype=np.int64))  # M[i, j] = 1: position i reads from j <= i
    via_matrix = np.linalg.matrix_power(M, L)[n - 1, 0]
    # brute force: sequences 1 = p_0 <= p_1 <= ... <= p_L = n
    brute = sum(1 for mid in itertools.product(range(1, n + 1), repeat=L - 1)
                if all(a <= b for a, b in zip((1,) + mid, mid + (n,))))
    assert brute == via_matrix
    return float(via_matrix)


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
