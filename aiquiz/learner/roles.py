"""Readiness per role: how much of what a role's interviews ask the learner has mastered.

The focus of each role comes from the syllabus (section 3, "Interview Math Focus by Role"),
mapped onto the checklist items it leans on. Interviews span every category, so every item
counts; the focus items count `FOCUS_WEIGHT` times as much.
"""

from __future__ import annotations

FOCUS_WEIGHT = 2.0

FOCUS: dict[str, tuple[str, ...]] = {
    "mle": (
        "Batch matrix ops shape reasoning",        # shape debugging: batch-norm statistics
        "Matrix multiplication (no library)",      # shapes and FLOP counts
        "Attention mechanism from scratch",        # self-attention vs linear attention cost
        "Manual backprop for MLP",                 # gradient behaviour, vanishing gradients
        "Chain rule for neural network",           # gradient behaviour
        "Numerical gradient check",                # numerical stability
        "SGD with momentum",                       # loss landscape: an oscillating loss
        "Learning rate schedule (cosine)",         # loss landscape: raise or lower the rate?
        "Adam update rule",                        # optimisers in practice
        "Loss function design with math",          # losses and metrics
    ),
    "research": (
        "Convergence rate analysis (simple case)",  # convergence proofs and rates
        "SGD with momentum",                        # SGD on convex Lipschitz functions
        "Attention mechanism from scratch",         # expressive power of attention
        "Gradient of matrix loss w.r.t. weights",   # matrix calculus
        "Hessian-vector product",                   # matrix calculus
        "Eigenvalue decomposition",                 # spectra in rates and bounds
        "SVD for dimensionality reduction",         # inductive bias, low rank
        "MLE for Gaussian parameters",              # estimation
        "Bayesian posterior update",                # variational inference
        "KL divergence between two Gaussians",      # variational inference
        "Monte Carlo integration",                  # measure-theoretic probability
    ),
}


def weight(role: str, item: str) -> float:
    return FOCUS_WEIGHT if item in FOCUS.get(role, ()) else 1.0


def readiness(role: str, items: dict[str, dict]) -> dict:
    """`items`: item -> {"mastery", "done"}. The weighted mean mastery and the (at most three)
    items that hold it back most: not done, largest weighted shortfall."""
    total = sum(weight(role, i) for i in items)
    score = sum(weight(role, i) * v["mastery"] for i, v in items.items()) / total
    behind = sorted((i for i, v in items.items() if not v["done"]),
                    key=lambda i: -weight(role, i) * (1 - items[i]["mastery"]))
    return {"readiness": round(score, 3), "focus": list(FOCUS.get(role, ())),
            "held_back_by": behind[:3]}
