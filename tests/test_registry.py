"""The question-type registry and the planner-driven loop: a new type needs one module and one
registration; nothing else in aiquiz switches on `type`; the loop asks a planner after each
answer and runs with a scripted UI."""

from __future__ import annotations

import json

import pytest

from aiquiz.banks.loader import load_bank
from aiquiz.banks.reader import read_bank
from aiquiz.banks.selftest import run_question_tests
from aiquiz.banks.validate import validate_question
from aiquiz.banks.variant import make_variant
from aiquiz.learner.store import ProgressStore
from aiquiz.qtypes import QuestionType, get_type, register, type_names, unregister
from aiquiz.qtypes.grade import Grade, Status
from aiquiz.study.planners import FixedPlanner
from aiquiz.study.session import INTERVIEW, PRACTICE, Session, run_session

from .conftest import FIXTURES, ROOT


class YesNoType(QuestionType):
    """A toy type defined outside aiquiz: the answer is yes or no; `strict` refuses 'y'/'n'."""

    name = "yesno"
    label = "y/n"
    computed = False
    fields = {"strict": {"type": "boolean"}}
    answer_schema = {"enum": ["yes", "no"]}

    def read(self, item, bad):
        strict = item.get("strict", False)
        if not isinstance(strict, bool):
            bad("strict", "'strict' must be true or false")
        if item.get("answer") not in ("yes", "no"):
            bad("answer", "a yesno answer is 'yes' or 'no'")
        return {"strict": strict is True}

    def compile_answer(self, v, raw):
        return str(raw), str(raw)

    def grade(self, v, text, *, exact=True):
        word = text.strip().lower()
        if not v.question.fields["strict"]:
            word = {"y": "yes", "n": "no"}.get(word, word)
        if word not in ("yes", "no"):
            return Grade(Status.UNREADABLE, "type yes or no", v.expected_text)
        for value, feedback in v.mistakes:
            if word == value and word != v.expected:
                return Grade(Status.WRONG, feedback, v.expected_text, word, mistake=feedback)
        ok = word == v.expected
        return Grade(Status.CORRECT if ok else Status.WRONG, "Correct." if ok else "No.",
                     v.expected_text, word)

    def instructions(self, v):
        return ["Type yes or no."]


TOY_BANK = """\
bank: toy
title: A bank of a type aiquiz does not ship
questions:
  - id: convex-sum
    type: yesno
    strict: false
    topic: optimization
    category: Optimization
    roles: [research]
    difficulty: 1
    prompt: Is a sum of convex functions convex?
    answer: "yes"
    hints: [Check the definition for f + g.]
    solution: f(tx + (1-t)y) + g(...) <= t(f + g)(x) + (1-t)(f + g)(y).
    mistakes:
      - answer: "no"
        feedback: Convexity is preserved by non-negative sums.
    tests:
      accept: ["y", "YES"]
      reject: ["n"]
  - id: relu-convex
    type: yesno
    topic: deep-learning
    category: Deep Learning
    roles: [mle]
    difficulty: 1
    prompt: Is ReLU convex?
    answer: "yes"
    hints: [max of two linear functions.]
    solution: A maximum of convex functions is convex.
"""


class ScriptedUI:
    """A UI that answers from a list and records what the loop showed."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.shown: list[str] = []
        self.events: list[tuple] = []

    def show_question(self, session, index, v):
        self.shown.append(v.question.key)
        self.events.append(("question", index, session.planned,
                            v.question.qtype.instructions(v)))

    def read_answer(self, session, v):
        return self.answers.pop(0) if self.answers else None

    def show_unreadable(self, grade):
        self.events.append(("unreadable", grade.feedback))

    def show_hint(self, text, number, total):
        self.events.append(("hint", text))

    def show_notice(self, text):
        self.events.append(("notice", text))

    def show_solution(self, v):
        self.events.append(("solution", v.solution))

    def show_feedback(self, session, result):
        self.events.append(("feedback", result.status, result.grade.feedback))


@pytest.fixture
def toy_type():
    register(YesNoType())
    yield
    unregister("yesno")


def test_a_new_type_needs_only_registration(toy_type, tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text(TOY_BANK)
    bank, problems = read_bank(path)
    assert problems == [] and bank is not None
    assert "yesno" in type_names() and get_type("yesno").label == "y/n"
    for q in bank.questions:
        assert validate_question(q) == []
        checks, failures = run_question_tests(q)
        assert failures == [], failures
    assert checks >= 1
    # a field of the toy type on another type's question is named as such
    other = path.read_text().replace("type: yesno\n    strict: false", "type: numeric\n"
                                     "    strict: false", 1)
    path.write_text(other)
    _, problems = read_bank(path)
    assert any("'strict' is for yesno questions, not numeric" in str(p) for p in problems)


def test_a_session_runs_a_new_type_through_the_loop(toy_type, tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text(TOY_BANK)
    qs = load_bank(path).questions
    session = Session(FixedPlanner(qs, 3), PRACTICE, 3, ProgressStore(tmp_path / "data"))
    ui = ScriptedUI(["maybe", "y", "no"])
    run_session(session, ui)
    assert ui.shown == ["toy/convex-sum", "toy/relu-convex"]
    assert ("question", 0, 2, ["Type yes or no."]) in ui.events
    assert ("unreadable", "type yes or no") in ui.events  # read first, no penalty
    assert [r.status for r in session.results] == ["correct", "wrong"]
    session.finish()
    saved = json.loads((tmp_path / "data" / "progress.json").read_text())["attempts"]
    assert [(a["question"], a["correct"], a["type"]) for a in saved] == [
        ("toy/convex-sum", True, "yesno"), ("toy/relu-convex", False, "yesno")]


def test_the_published_schema_is_generated_from_the_registry():
    from aiquiz.banks.schema import bank_schema

    published = json.loads((ROOT / "docs" / "bank-schema.json").read_text())
    assert published == bank_schema(), "regenerate it: aiquiz bank schema > docs/bank-schema.json"


def test_the_schema_knows_which_fields_belong_to_which_type(toy_type):
    import jsonschema

    from aiquiz.banks.schema import bank_schema

    validator = jsonschema.Draft202012Validator(bank_schema())
    base = {"id": "q", "topic": "calculus", "category": "Calculus", "roles": ["mle"],
            "difficulty": 1, "prompt": "p", "hints": ["h"], "solution": "s"}

    def ok(q):
        return not list(validator.iter_errors({"bank": "b", "title": "t", "questions": [q]}))

    assert ok({**base, "type": "numeric", "answer": 1, "tolerance": {"rel": 0.01}})
    assert not ok({**base, "type": "numeric", "answer": 1, "choices": ["a", "b"]})
    assert not ok({**base, "type": "derivation", "answer": "x"})  # variables are required
    assert ok({**base, "type": "yesno", "answer": "yes", "strict": True})
    assert not ok({**base, "type": "yesno", "answer": "perhaps"})
    many = [f"c{i}" for i in range(27)]
    assert not ok({**base, "type": "conceptual", "answer": "a", "choices": many})


def _conceptual_bank(tmp_path, n):
    choices = "".join(f"      - choice number {i}\n" for i in range(n))
    path = tmp_path / "many.yaml"
    path.write_text(f"""bank: many
title: t
questions:
  - id: many-choices
    type: conceptual
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    prompt: Pick the last.
    choices:
{choices}    answer: {'z' if n == 26 else 'a'}
    hints: [h]
    solution: s
""")
    return path


def test_more_choices_than_letters_is_refused_with_a_clear_message(tmp_path):
    _, problems = read_bank(_conceptual_bank(tmp_path, 27))
    assert len(problems) == 1
    assert "27 choices, but at most 26 can be offered (letters a–z)" in str(problems[0])
    assert "many.yaml:12:7 [many-choices]" in str(problems[0])


def test_twenty_six_choices_are_offered_and_the_last_can_be_chosen(tmp_path):
    from typer.testing import CliRunner

    from aiquiz.cli import app

    path = _conceptual_bank(tmp_path, 26)
    result = CliRunner().invoke(app, ["practice", "--only-bank", str(path), "--seed", "1"],
                                input="z\n")
    assert result.exit_code == 0, result.output
    assert "z) choice number 25" in result.output and "✓ Correct." in result.output


class AdaptivePlanner:
    """Asks an easy question after a wrong answer and a hard one after a right answer: only
    possible because the loop asks the planner after every answer."""

    planned = 3

    def __init__(self, easy, hard):
        self.easy, self.hard = easy, hard

    def types(self):
        return {"numeric", "derivation"}

    def next(self, session):
        if len(session.asked) >= self.planned:
            return None
        if not session.results or not session.results[-1].correct:
            return make_variant(self.easy, len(session.asked))
        return make_variant(self.hard, len(session.asked))


def test_the_loop_asks_the_planner_after_each_answer():
    qs = {q.id: q for q in load_bank(FIXTURES / "mini.yaml").questions}
    planner = AdaptivePlanner(easy=qs["third"], hard=qs["d-x-squared"])
    session = Session(planner, INTERVIEW, 0, None)
    ui = ScriptedUI(["0.1", "1/3", ":h", "2x"])
    run_session(session, ui)
    assert ui.shown == ["mini/third", "mini/third", "mini/d-x-squared"]
    assert ("notice", "No hints or solutions during an interview; they come at the end.") \
        in ui.events
    assert [r.status for r in session.results] == ["wrong", "correct", "correct"]
    assert session.ended_by == "done"


def test_the_labels_known_without_importing_match_the_types():
    from aiquiz.qtypes import all_types, type_labels

    assert type_labels() == [(t.name, t.label) for t in all_types()]
