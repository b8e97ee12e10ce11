"""The syllabus: checklist categories and items, topics, roles.

Mirrors `shared/syllabus.md` (a test keeps the two in step). It lives in code so an installed
aiquiz works without the repository beside it.
"""

from __future__ import annotations

CATEGORIES: dict[str, list[str]] = {
    "Linear Algebra": [
        "Matrix multiplication (no library)",
        "Eigenvalue decomposition",
        "SVD for dimensionality reduction",
        "Batch matrix ops shape reasoning",
    ],
    "Calculus": [
        "Chain rule for neural network",
        "Gradient of matrix loss w.r.t. weights",
        "Hessian-vector product",
        "Numerical gradient check",
    ],
    "Probability": [
        "MLE for Gaussian parameters",
        "Bayesian posterior update",
        "KL divergence between two Gaussians",
        "Monte Carlo integration",
    ],
    "Optimization": [
        "SGD with momentum",
        "Adam update rule",
        "Learning rate schedule (cosine)",
        "Convergence rate analysis (simple case)",
    ],
    "Deep Learning": [
        "Manual backprop for MLP",
        "CNN forward/backward pass",
        "Attention mechanism from scratch",
        "Loss function design with math",
    ],
}

# topic id -> (category, one-line description)
TOPICS: dict[str, tuple[str, str]] = {
    "linear-algebra": ("Linear Algebra", "vectors, matrices, eigen-decomposition, SVD, shapes"),
    "calculus": ("Calculus", "derivatives, chain rule, gradients, Jacobians, Hessians"),
    "numerical-methods": ("Calculus", "floating point, mixed precision, gradient checks, LU/QR"),
    "probability": ("Probability", "Bayes, distributions, expectation, MLE/MAP, Monte Carlo"),
    "statistics": ("Probability", "estimators, confidence intervals, tests, OLS, PCA"),
    "information-theory": ("Probability", "entropy, cross-entropy, KL divergence, mutual info"),
    "optimization": ("Optimization", "SGD, momentum, Adam, schedules, convexity, convergence"),
    "ml-fundamentals": ("Optimization", "regression, classification, bias-variance, metrics, CV"),
    "deep-learning": ("Deep Learning", "backprop, activations, init, normalisation, CNNs, RNNs"),
    "transformers-llms": ("Deep Learning", "attention, transformers, LLMs, GANs, VAEs"),
    "learning-theory": ("Optimization", "PAC, VC dimension, Rademacher, generalisation, rates"),
}

ROLES: dict[str, str] = {
    "mle": "applied ML engineer: implement, debug, optimise",
    "research": "research scientist: invent, prove, publish",
}

QUESTION_TYPES = ("conceptual", "numeric", "derivation")


def category_of_item(item: str) -> str | None:
    for cat, items in CATEGORIES.items():
        if item in items:
            return cat
    return None
