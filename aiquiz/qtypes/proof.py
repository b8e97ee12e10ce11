"""Proof questions: no machine grades a proof, so the learner grades their own against a model.

The learner writes the proof (on the answer line, or in a Markdown file in `$EDITOR`), or only
thinks it through, then presses Enter (or types `:done`). The session then shows the model
proof (`answer`) and its rubric, 3 to 6 key steps, and the learner rates each step 2 (fully),
1 (partly) or 0 (missing) (`grade.STEP_SCALE`; the loop asks `ui.rate_steps`). The score is the
weighted share of the steps, a step rated 1 counting half:

    score = Σ weightᵢ · ratingᵢ / (2 · Σ weightᵢ)

The answer is correct when score ≥ 0.75 (`THRESHOLD`), and the attempt carries the score and an
FSRS rating for the review scheduler (`fsrs_rating`): below 0.5 Again, below 0.75 Hard, below 1
Good, 1 Easy; after a hint, Hard at most.

`grade(v, text)` reads a line of ratings (`2 1 2 2`, `2122`, or one rating for every step) and
scores it the same way: what `aiquiz check` and `bank test` use (the reference answer is the
model proof rated fully on every step).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .base import QuestionType
from .grade import STEP_SCALE, Grade, Status, read_step_rating

THRESHOLD = 0.75
MIN_STEPS, MAX_STEPS = 3, 6
MAX_WEIGHT = 10
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
DONE_WORDS = {"", ":done", ":d"}
THOUGHT = "(thought through)"
_HEADER_END = "-->"
_STEP = {"oneOf": [
    {"type": "string", "minLength": 1},
    {"type": "object", "required": ["step"], "additionalProperties": False, "properties": {
        "step": {"type": "string", "minLength": 1},
        "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_WEIGHT},
        "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}}}}]}


def fsrs_rating(score: float, hints: int = 0) -> int:
    """The FSRS rating of a self-rated score (see the module docstring)."""
    rating = AGAIN if score < 0.5 else HARD if score < THRESHOLD else GOOD if score < 1 else EASY
    return min(rating, HARD) if hints else rating


def workspace_file(q) -> Path:
    from ..paths import data_dir

    return data_dir() / "workspace" / q.bank / f"{q.id}.md"


def _read_step(raw, n: int, bad) -> dict | None:
    if isinstance(raw, str):
        raw = {"step": raw}
    if not isinstance(raw, dict) or set(raw) - {"step", "weight", "keywords"}:
        bad("rubric", f"rubric step {n} must be a statement, or a mapping with 'step' and "
                      "optionally 'weight' and 'keywords'")
        return None
    text, weight, keywords = raw.get("step"), raw.get("weight", 1), raw.get("keywords", [])
    ok = True
    if not isinstance(text, str) or not text.strip():
        bad("rubric", f"rubric step {n} is empty: state the key step in a short sentence")
        ok = False
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) \
            or not 0 < weight <= MAX_WEIGHT:
        bad("rubric", f"rubric step {n}: 'weight' must be a number above 0 and at most "
                      f"{MAX_WEIGHT}")
        ok = False
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip()
                                                 for k in keywords):
        bad("rubric", f"rubric step {n}: 'keywords' must be a list of words the model "
                      "answer uses")
        ok = False
    if not ok:
        return None
    return {"step": text.strip(), "weight": float(weight),
            "keywords": [k.strip() for k in keywords]}


def _dollars(text: str) -> str | None:
    """Why `text`'s TeX would show raw in the terminal, or None."""
    if "$$" in text:
        return "display maths $$...$$ is not rendered; write inline $...$"
    if len(re.findall(r"(?<!\\)\$", text)) % 2:
        return "an unmatched $ (write \\$ for a dollar sign)"
    return None


STARTER = """\
  # proof: the learner writes (or thinks through) a proof, then rates it against your model
  # answer, step by step (2 fully, 1 partly, 0 missing). 3-6 rubric steps; weights optional.
  - id: jensen-two-points
    type: proof
    topic: optimization
    category: Optimization
    roles: [research]
    difficulty: 2
    prompt: |
      Prove that for a convex function $f$ and points $x, y$, $f(\\frac{x + y}{2}) \\le \\frac{f(x) + f(y)}{2}$.
    answer: |
      1. Convexity: $f(tx + (1 - t)y) \\le t f(x) + (1 - t) f(y)$ for every $t \\in [0, 1]$.
      2. Take $t = 1/2$: the left side is $f((x + y)/2)$.
      3. The right side is then $(f(x) + f(y))/2$, which is the claim.
    rubric:
      - step: State the definition of convexity with a weight $t$
        keywords: [Convexity]
      - Choose $t = 1/2$
      - step: Read off both sides
        weight: 2
    hints:
      - Which value of the convex-combination weight gives the midpoint?
    solution: |
      Convexity at $t = 1/2$ is exactly the midpoint inequality.
"""


class ProofType(QuestionType):
    name = "proof"

    def starter_example(self) -> str:
        return STARTER

    label = "proof"
    computed = False
    self_rated = True
    fields = {"rubric": {"type": "array", "minItems": MIN_STEPS, "maxItems": MAX_STEPS,
                         "items": _STEP}}
    required = ("rubric",)
    answer_schema = {"type": "string", "minLength": 1}

    # ------------------------------------------------------------------ reading a bank
    def read(self, item: dict, bad) -> dict:
        answer = item.get("answer")
        if answer is not None and (not isinstance(answer, str) or len(answer.strip()) < 40):
            bad("answer", "a proof's 'answer' is the model proof, as text (40 characters or "
                          "more)")
        for key in ("mistakes", "params"):
            if item.get(key):
                bad(key, f"a proof question has no '{key}' (a proof is rated against its "
                         "rubric; name common slips in a hint or the solution)")
        rubric = item.get("rubric")
        if not isinstance(rubric, list) or not MIN_STEPS <= len(rubric) <= MAX_STEPS:
            got = f"{len(rubric)} steps" if isinstance(rubric, list) else "no list"
            bad("rubric", f"'rubric' must list {MIN_STEPS} to {MAX_STEPS} key steps of the "
                          f"proof ({got})")
            return {"rubric": []}
        steps = [_read_step(raw, n, bad) for n, raw in enumerate(rubric, 1)]
        texts = [s["step"].lower() for s in steps if s]
        if len(set(texts)) < len(texts):
            bad("rubric", "two rubric steps say the same thing")
        return {"rubric": [s for s in steps if s]}

    def schema(self) -> dict:
        part = super().schema()
        part["not"] = {"anyOf": [{"required": ["mistakes"]}, {"required": ["params"]}]}
        return part

    # ------------------------------------------------------------------ building a variant
    def compile_answer(self, v, raw):
        return None, str(raw).strip()

    def sample_text(self, raw, params) -> str:
        """Ratings are what is graded: a ratings line (a test) stays; the model proof (40
        characters or more) is rated fully on every step."""
        text = str(raw)
        return text if len(text) < 40 else "2"

    # ------------------------------------------------------------------ asking
    def instructions(self, v) -> list[str]:
        n = len(v.question.fields["rubric"])
        return [f"Write your proof on the answer line, or in {workspace_file(v.question)} "
                "(:e opens it), or think it through; then press Enter (or type :done) to see "
                f"the model answer and rate each of its {n} key steps: 2 fully, 1 partly, "
                "0 missing."]

    def answer_file(self, v) -> Path:
        """A fresh Markdown file for the proof each time the question is asked (the last one
        written is kept beside it as `<id>.prev.md`)."""
        from ..atomic import write_atomic

        path = workspace_file(v.question)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self._written(path):
            path.replace(path.with_suffix(".prev.md"))
        prompt = v.prompt.strip().replace(_HEADER_END, "->")
        header = (f"<!-- aiquiz {v.question.key}: write your proof below this comment, save, "
                  f"then press Enter in aiquiz to see the model answer and rate yourself.\n\n"
                  f"{prompt}\n{_HEADER_END}\n\n")
        write_atomic(path, header.encode())
        return path

    @staticmethod
    def _written(path: Path) -> str:
        """The proof in the learner's file, without the header comment ('' if none)."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""
        if text.lstrip().startswith("<!--") and _HEADER_END in text:
            text = text.split(_HEADER_END, 1)[1]
        return text.strip()

    def answer_text(self, v, line: str) -> str:
        if line.strip().lower() not in DONE_WORDS:
            return line
        return self._written(workspace_file(v.question)) or THOUGHT

    def rubric(self, v) -> list[str]:
        steps = v.question.fields["rubric"]
        return [s["step"] + (f" (counts ×{s['weight']:g})" if s["weight"] != 1 else "")
                for s in steps]

    # ------------------------------------------------------------------ grading
    def rate(self, v, ratings: list[int], hints: int = 0) -> Grade:
        steps = v.question.fields["rubric"]
        expected = v.expected_text
        if len(ratings) != len(steps) or any(r not in STEP_SCALE for r in ratings):
            return Grade(Status.UNREADABLE, f"rate each of the {len(steps)} steps: 2 fully, "
                                            "1 partly, 0 missing (e.g. '2 1 2 2')", expected)
        weights = [s["weight"] for s in steps]
        score = sum(w * r for w, r in zip(weights, ratings)) / (2 * sum(weights))
        rating = fsrs_rating(score, hints)
        ok = score >= THRESHOLD - 1e-9
        notes = [f"{round(100 * score)}% of the key steps by your rating (a pass is "
                 f"{round(100 * THRESHOLD)}%); review rating: {RATING_NAMES[rating]}"
                 + (" (Hard at most after a hint)" if hints and score >= THRESHOLD else "")]
        for r, word in ((0, "Missing"), (1, "Partly")):
            which = [str(i) for i, x in enumerate(ratings, 1) if x == r]
            if which:
                notes.append(f"{word}: step{'s' if len(which) > 1 else ''} {', '.join(which)}")
        return Grade(Status.CORRECT if ok else Status.WRONG, ". ".join(notes) + ".", expected,
                     " ".join(map(str, ratings)), score=score, rating=rating)

    @staticmethod
    def _ratings(text: str, n: int) -> list[int] | None:
        parts = [p for p in re.split(r"[\s,;/]+", text.strip()) if p]
        if len(parts) == 1 and read_step_rating(parts[0]) is not None:
            return [read_step_rating(parts[0])] * n  # one rating for every step
        if len(parts) == 1 and len(parts[0]) == n:
            parts = list(parts[0])  # "2122"
        ratings = [read_step_rating(p) for p in parts]
        return None if None in ratings else ratings  # type: ignore[return-value]

    def grade(self, v, text: str, *, exact: bool = True) -> Grade:
        """A line of step ratings, scored as `rate` does (for `aiquiz check` and `bank test`;
        in a session the loop asks the UI for the ratings instead)."""
        n = len(v.question.fields["rubric"])
        ratings = self._ratings(text, n) if len(text) <= 2000 else None
        if ratings is None or len(ratings) != n:
            return Grade(Status.UNREADABLE, f"give one rating per step ({n} steps): 2 fully, "
                                            "1 partly, 0 missing, e.g. '2 1 2 2'",
                         v.expected_text)
        return self.rate(v, ratings)

    def after_correct(self, v, g: Grade) -> str:
        return g.feedback

    # ------------------------------------------------------------------ self-tests
    def self_check(self, v) -> list[str]:
        q = v.question
        steps = q.fields["rubric"]
        total = sum(s["weight"] for s in steps)
        problems = []
        model = str(q.answer).lower()
        for i, s in enumerate(steps, 1):
            if s["weight"] / total >= THRESHOLD:
                problems.append(f"rubric step {i} alone carries {s['weight'] / total:.0%} of "
                                f"the score, enough to pass: split it or lower its weight")
            problems += [f"rubric step {i}'s keyword {k!r} is not in the model answer"
                         for k in s["keywords"] if k.lower() not in model]
        texts = [("prompt", v.prompt), ("answer", str(q.answer)), ("solution", v.solution)]
        texts += [(f"hint {i}", h) for i, h in enumerate(v.hints, 1)]
        texts += [(f"rubric step {i}", s["step"]) for i, s in enumerate(steps, 1)]
        for where, text in texts:
            why = _dollars(text)
            if why:
                problems.append(f"{where}: {why}")
        return problems


register(ProofType())
