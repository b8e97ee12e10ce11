"""Where a newcomer stands, from a short adaptive test over the prerequisite graph.

The model is knowledge-space theory, as in ALEKS: a learner's knowledge state is a set of
checklist items that is closed under prerequisites (whoever can do backprop through an MLP can
apply the chain rule). The 20 items of the syllabus and their graph admit 10,556 such states, so
the posterior over all of them is kept exactly. An answer updates it with a slip/guess response
model: P(right | item mastered) = 1 - slip, P(right | not mastered) = guess (about 1/k for k
choices, near 0 for numbers and expressions), and "I don't know" counts as a wrong answer that
could not have been a guess. Because states respect the graph, a right answer is evidence for
the item's prerequisites and a wrong one against the items that build on it.

Each next item is the one whose answer is expected to reduce the uncertainty (the summed binary
entropy of the items' marginal probabilities) the most. The test stops when every item is
classified with confidence or after the maximum number of questions. NumPy does the arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SLIP = 0.1          # the engine's prior slip rate (a right answer missed by a master)
MASTERED = 0.9      # classified mastered at or above this probability
NOT_YET = 0.1       # classified not yet at or below
MAX_QUESTIONS = 30


def knowledge_states(items: list[str], prerequisites: dict[str, tuple[str, ...]]):
    """Every set of items closed under prerequisites, as a (states × items) 0/1 array."""
    import numpy as np

    index = {item: k for k, item in enumerate(items)}
    needs = [sum(1 << index[p] for p in prerequisites.get(item, ()) if p in index)
             for item in items]
    order: list[int] = []
    seen: set[int] = set()

    def visit(k: int) -> None:
        if k in seen:
            return
        for p in prerequisites.get(items[k], ()):
            if p in index:
                visit(index[p])
        seen.add(k)
        order.append(k)

    for k in range(len(items)):
        visit(k)
    states = [0]
    for k in order:
        states += [s | (1 << k) for s in states if s & needs[k] == needs[k]]
    bits = np.array(states, dtype=np.int64)
    return ((bits[:, None] >> np.arange(len(items))) & 1).astype(np.float64)


_STATES: dict = {}  # the state space of a graph, built once per process


def _entropy(p):
    import numpy as np

    q = np.clip(p, 1e-12, 1 - 1e-12)
    return -(q * np.log2(q) + (1 - q) * np.log2(1 - q))


@dataclass
class Classified:
    item: str
    probability: float

    @property
    def verdict(self) -> str:
        if self.probability >= MASTERED:
            return "mastered"
        if self.probability <= NOT_YET:
            return "not yet"
        return "unsure"


class Placement:
    """The posterior over knowledge states, updated answer by answer."""

    def __init__(self, items: list[str], prerequisites: dict[str, tuple[str, ...]],
                 prior: dict[str, float] | None = None, slip: float = SLIP):
        import numpy as np

        self.items = list(items)
        key = (tuple(self.items), tuple(sorted((k, tuple(v)) for k, v in prerequisites.items())))
        if key not in _STATES:
            _STATES[key] = knowledge_states(self.items, prerequisites)
        self.states = _STATES[key]
        self.slip = slip
        post = np.ones(len(self.states))
        if prior:  # what the learning engine already believes, item by item
            for k, item in enumerate(self.items):
                p = min(max(prior.get(item, 0.5), 0.02), 0.98)
                post *= np.where(self.states[:, k] == 1, p, 1 - p)
        self.posterior = post / post.sum()
        self.asked: list[tuple[int, str]] = []

    # ------------------------------------------------------------------ beliefs
    def marginals(self):
        return self.posterior @ self.states

    def classify(self) -> list[Classified]:
        return [Classified(item, float(p)) for item, p in zip(self.items, self.marginals())]

    def settled(self) -> bool:
        m = self.marginals()
        return bool(((m >= MASTERED) | (m <= NOT_YET)).all())

    def ready_to_learn(self) -> list[str]:
        """Items not yet mastered whose prerequisites all are (the outer fringe)."""
        verdicts = {c.item: c.verdict for c in self.classify()}
        index = {item: k for k, item in enumerate(self.items)}
        ready = []
        for item in self.items:
            if verdicts[item] == "mastered":
                continue
            k = index[item]
            # prerequisites: items present in every state that contains this one
            with_item = self.states[self.states[:, k] == 1]
            needs = [self.items[j] for j in range(len(self.items))
                     if j != k and with_item[:, j].min() == 1]
            if all(verdicts[n] == "mastered" for n in needs):
                ready.append(item)
        return ready

    # ------------------------------------------------------------------ answers
    def _likelihood(self, k: int, outcome: str, guess: float):
        import numpy as np

        mastered = self.states[:, k]
        if outcome == "right":
            return np.where(mastered == 1, 1 - self.slip, guess)
        if outcome == "idk":  # no guess behind an "I don't know"
            return np.where(mastered == 1, self.slip, 1.0)
        return np.where(mastered == 1, self.slip, 1 - guess)

    def update(self, item: str, outcome: str, guess: float) -> None:
        """Record an answer on `item`: outcome 'right', 'wrong' or 'idk'."""
        k = self.items.index(item)
        post = self.posterior * self._likelihood(k, outcome, guess)
        total = post.sum()
        if total > 0:
            self.posterior = post / total
        self.asked.append((k, outcome))

    def expected_entropy(self, item: str, guess: float) -> float:
        """The uncertainty left, on average, after asking `item`."""
        k = self.items.index(item)
        right = self.posterior * self._likelihood(k, "right", guess)
        p_right = right.sum()
        wrong = self.posterior - right
        out = 0.0
        for weight, post in ((p_right, right), (1 - p_right, wrong)):
            if weight > 1e-12:
                out += weight * float(_entropy((post / weight) @ self.states).sum())
        return out

    def best_item(self, candidates: dict[str, float]) -> str | None:
        """The candidate (item -> its question's guess rate) most worth asking now: all
        candidates are scored at once (two matrix products), as `expected_entropy` would."""
        import numpy as np

        if not candidates:
            return None
        names = sorted(candidates, key=self.items.index)
        cols = [self.items.index(n) for n in names]
        guess = np.array([candidates[n] for n in names])
        mastered = self.states[:, cols]
        right = self.posterior[:, None] * np.where(mastered == 1, 1 - self.slip, guess)
        wrong = self.posterior[:, None] - right
        score = np.zeros(len(names))
        for part in (right, wrong):
            weight = part.sum(axis=0)
            safe = np.where(weight > 1e-12, weight, 1.0)
            marg = (part.T @ self.states) / safe[:, None]
            score += np.where(weight > 1e-12, weight * _entropy(marg).sum(axis=1), 0.0)
        return names[int(np.argmin(score))]


def guess_rate(question) -> float:
    """How likely a learner who cannot do it still gets it right: 1/k for k choices."""
    choices = question.fields.get("choices") if hasattr(question, "fields") else None
    if choices:
        return 1 / len(choices)
    return 0.02 if question.qtype.computed else 0.2


def entropy_bits(p: float) -> float:
    if p <= 0 or p >= 1:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))
