"""Cross-check the numeric answers of question_banks/discrete-math.yaml independently.

For seeds 0..4 each numeric question's variant is built, and its expected value is recomputed
from the problem statement by enumeration (itertools), explicit loops, simulating a recurrence
or a program, or a determinant. No check uses the bank's answer formula. Every numeric question
of the bank must have a check.
"""

from __future__ import annotations
import functools

import itertools
import math
from collections.abc import Callable

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "discrete-math"
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


def count(iterable) -> float:
    return float(sum(1 for _ in iterable))


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("union-of-two-filters")
def _(p):
    na, nb, nab = int(p["na"]), int(p["nb"]), int(p["nab"])
    A = set(range(na))
    B = set(range(na - nab, na - nab + nb))  # overlaps A in exactly nab documents
    assert len(A & B) == nab
    return float(len(A | B))


@check("ordered-leaderboards")
def _(p):
    return count(itertools.permutations(range(int(p["n"])), int(p["k"])))


@check("feature-subsets-of-size-k")
def _(p):
    return count(itertools.combinations(range(int(p["n"])), int(p["k"])))


@check("polynomial-features-count")
def _(p):
    n, d = int(p["n"]), int(p["d"])
    # coefficients of prod_i (1 + t + ... + t^d), truncated at degree d: entry j counts the
    # exponent vectors (a_1..a_n) with a_1 + ... + a_n = j
    poly = np.zeros(d + 1, dtype=np.int64)
    poly[0] = 1
    for _ in range(n):
        new = np.zeros_like(poly)
        for j in range(d + 1):
            for e in range(d + 1 - j):
                new[j + e] += poly[j]
        poly = new
    if n <= 5:  # brute force too
        brute = count(a for a in itertools.product(range(d + 1), repeat=n) if sum(a) <= d)
        assert brute == poly.sum()
    return float(poly.sum())


@check("every-class-in-batch")
def _(p):
    m, k = int(p["m"]), int(p["k"])
    return count(s for s in itertools.product(range(m), repeat=k) if len(set(s)) == m)


@check("inclusion-exclusion-divisible")
def _(p):
    N = int(p["N"])
    return count(i for i in range(1, N + 1) if i % 2 == 0 or i % 3 == 0 or i % 5 == 0)


@check("pigeonhole-expert-load")
def _(p):
    N, m = int(p["N"]), int(p["m"])
    # the best routing for the guarantee is the most balanced one (round robin); its max load is
    # the largest load every routing must reach somewhere
    balanced = np.bincount(np.arange(N) % m, minlength=m).max()
    # and no routing can have a max load below it: a total of N tokens needs max * m >= N
    assert (balanced - 1) * m < N <= balanced * m
    return float(balanced)


@check("fibonacci-like-term")
def _(p):
    a = [p["x"], p["y"]]
    while len(a) < 7:
        a.append(a[-1] + a[-2])
    return a[6]


@check("master-theorem-exponent", rtol=1e-4)
def _(p):
    a, b, c = p["a"], p["b"], p["c"]
    # Simulate T(b^j) = a T(b^(j-1)) + (b^j)^c, T(1) = 1, scaled by a^j to avoid overflow:
    # S_j = T(b^j)/a^j. The growth exponent is log_b of lim T(b^(j+1))/T(b^j).
    S, j = 1.0, 0
    for j in range(1, 20000):
        S_next = S + (b ** c / a) ** j
        if S_next == S:
            break
        S = S_next
    ratio = a * (S + (b ** c / a) ** (j + 1)) / S
    return math.log(ratio) / math.log(b)


@check("loop-count-doubling")
def _(p):
    n = int(p["n"])
    cnt = 0
    for _i in range(n):
        j = 1
        while j < n:
            j *= 2
            cnt += 1
    return float(cnt)


@check("contrastive-negative-pairs")
def _(p):
    B = int(p["B"])
    image = np.repeat(np.arange(B), 2)  # view -> source image
    idx = np.arange(2 * B)
    negative = (image[:, None] != image[None, :]) & (idx[:, None] != idx[None, :])
    return float(negative.sum())


@check("hierarchical-softmax-classifiers")
def _(p):
    V = int(p["V"])
    # Huffman-style construction: merge two subtrees under a new internal node until one is left
    rng = np.random.default_rng(0)
    trees = list(rng.random(V))
    internal = 0
    while len(trees) > 1:
        trees.sort()
        x, y = trees.pop(0), trees.pop(0)
        trees.append(x + y)
        internal += 1
    return float(internal)


@check("labelled-trees-cayley")
def _(p):
    n = int(p["n"])
    A = np.ones((n, n)) - np.eye(n)
    L = np.diag(A.sum(axis=1)) - A
    trees = round(np.linalg.det(L[1:, 1:]))  # Kirchhoff's matrix-tree theorem
    if n <= 5:  # brute force: edge subsets of size n - 1 that connect every node
        edges = list(itertools.combinations(range(n), 2))
        brute = 0
        for sub in itertools.combinations(edges, n - 1):
            parent = list(range(n))

            def find(u):
                while parent[u] != u:
                    u = parent[u]
                return u
            ok = True
            for u, v in sub:
                ru, rv = find(u), find(v)
                if ru == rv:
                    ok = False
                    break
                parent[ru] = rv
            brute += ok
        assert brute == trees
    return float(trees)


@check("matrix-chain-parenthesizations")
def _(p):
    m = int(p["m"])

    @functools.lru_cache(maxsize=None)
    def brackets(i: int, j: int) -> frozenset:
        """All full parenthesizations of A_i ... A_j, as strings."""
        if i == j:
            return frozenset({f"A{i}"})
        out = set()
        for k in range(i, j):
            for left in brackets(i, k):
                for right in brackets(k + 1, j):
                    out.add(f"({left}{right})")
        return frozenset(out)
    return float(len(brackets(1, m)))


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
