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
    "graph-theory": ("Deep Learning", "DAGs, topological sort, adjacency matrices, GNNs"),
    "signal-processing": ("Deep Learning", "Fourier, DFT/FFT, convolution, sampling, aliasing"),
    "game-theory": ("Optimization", "Nash equilibria, zero-sum games, minimax, GAN objective"),
    "stochastic-processes": ("Probability", "Markov chains, mixing, Brownian motion, SDEs, diffusion"),
    "discrete-math": ("Probability", "counting, binomials, recurrences, logic, master theorem"),
    "foundations": ("Calculus", "warm-up: exponents, logarithms, algebra, functions, inequalities"),
    "geometry": ("Linear Algebra", "metrics, norms, Lipschitz maps, manifolds, geodesics"),
}

# item -> the items it builds on (syllabus section 5); items absent here are entry points.
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "Batch matrix ops shape reasoning": ("Matrix multiplication (no library)",),
    "Eigenvalue decomposition": ("Matrix multiplication (no library)",),
    "SVD for dimensionality reduction": ("Eigenvalue decomposition",),
    "Gradient of matrix loss w.r.t. weights": (
        "Chain rule for neural network",
        "Matrix multiplication (no library)",
    ),
    "Hessian-vector product": ("Gradient of matrix loss w.r.t. weights",),
    "Numerical gradient check": ("Chain rule for neural network",),
    "MLE for Gaussian parameters": ("Chain rule for neural network",),
    "KL divergence between two Gaussians": ("MLE for Gaussian parameters",),
    "SGD with momentum": ("Gradient of matrix loss w.r.t. weights",),
    "Adam update rule": ("SGD with momentum",),
    "Learning rate schedule (cosine)": ("SGD with momentum",),
    "Convergence rate analysis (simple case)": ("SGD with momentum", "Eigenvalue decomposition"),
    "Manual backprop for MLP": (
        "Chain rule for neural network",
        "Gradient of matrix loss w.r.t. weights",
    ),
    "CNN forward/backward pass": ("Manual backprop for MLP", "Batch matrix ops shape reasoning"),
    "Attention mechanism from scratch": (
        "Batch matrix ops shape reasoning",
        "Manual backprop for MLP",
    ),
    "Loss function design with math": (
        "MLE for Gaussian parameters",
        "KL divergence between two Gaussians",
    ),
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
