"""Simulated placement tests: how many items does `aiquiz assess` classify correctly, in how many
questions, against asking the same number (and three times as many) at random?

Synthetic learners: a true knowledge state drawn consistently with the prerequisite graph (a
random closed set), then each item flipped with a violation rate (the graph is not a law of
nature); answers with slip and guess rates drawn per learner from ranges *different from the
engine's own priors* (engine: slip 0.1, guess 0.02 for computed questions). An item counts as
classified correctly when the engine's probability is on the right side of 1/2.

    python benchmarks/placement_sim.py            # 1,000 learners (about a minute)
    python benchmarks/placement_sim.py --learners 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# the matrices here are small: one BLAS thread is faster than several fighting over 2 cores
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from aiquiz.learner.placement import MAX_QUESTIONS, Placement  # noqa: E402
from aiquiz.syllabus import CATEGORIES, PREREQUISITES  # noqa: E402

ITEMS = [i for items in CATEGORIES.values() for i in items]
ENGINE_GUESS = 0.02


def draw_learner(rng, states, violation: float):
    truth = states[rng.integers(len(states))].copy()
    flips = rng.random(len(truth)) < violation
    truth[flips] = 1 - truth[flips]
    return truth


def run(learner, rng, slip, guess, adaptive: bool, budget: int | None):
    """Ask until settled (adaptive, budget None) or exactly `budget` questions."""
    p = Placement(ITEMS, PREREQUISITES)
    asked = 0
    limit = budget if budget is not None else MAX_QUESTIONS
    while asked < limit:
        if budget is None and p.settled():
            break
        if adaptive:
            item = p.best_item({i: ENGINE_GUESS for i in ITEMS})
        else:
            item = ITEMS[rng.integers(len(ITEMS))]
        k = ITEMS.index(item)
        right = rng.random() < ((1 - slip) if learner[k] else guess)
        p.update(item, "right" if right else "wrong", ENGINE_GUESS)
        asked += 1
    m = p.marginals()
    correct = sum((m[k] >= 0.5) == bool(learner[k]) for k in range(len(ITEMS)))
    return correct / len(ITEMS), asked


def main() -> int:
    import numpy as np

    ap = argparse.ArgumentParser()
    ap.add_argument("--learners", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    states = Placement(ITEMS, PREREQUISITES).states
    t0 = time.perf_counter()
    adaptive, random_same, random_3x, lengths = [], [], [], []
    for _ in range(args.learners):
        slip = rng.uniform(0.03, 0.2)      # the engine assumes 0.1
        guess = rng.uniform(0.0, 0.15)     # the engine assumes 0.02
        violation = rng.uniform(0.0, 0.1)
        learner = draw_learner(rng, states, violation)
        acc, n = run(learner, rng, slip, guess, adaptive=True, budget=None)
        adaptive.append(acc)
        lengths.append(n)
        random_same.append(run(learner, rng, slip, guess, adaptive=False, budget=n)[0])
        random_3x.append(run(learner, rng, slip, guess, adaptive=False, budget=3 * n)[0])
    elapsed = time.perf_counter() - t0
    mean = statistics.fmean
    print(f"learners: {args.learners} (slip 0.03–0.2, guess 0–0.15, graph violations 0–10%; "
          f"engine priors slip 0.1, guess 0.02)")
    print(f"adaptive:              {100 * mean(adaptive):.1f}% of items right, "
          f"{mean(lengths):.1f} questions on average (max {max(lengths)})")
    print(f"random, same number:   {100 * mean(random_same):.1f}% of items right")
    print(f"random, 3x as many:    {100 * mean(random_3x):.1f}% of items right")
    ok = mean(adaptive) >= 0.9 and mean(lengths) <= 25 and mean(adaptive) >= mean(random_3x)
    print(f"targets (≥ 90% in ≤ 25 questions, ≥ random with 3x): {'met' if ok else 'MISSED'}")
    print(f"time: {elapsed:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
