"""The placement test (issue 13): adaptive choice over the prerequisite graph, ":idk", no
feedback until the end, a stop when every item is classified, answers saved for the engine."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aiquiz.banks.loader import all_questions, load_banks
from aiquiz.cli import app
from aiquiz.learner.placement import Placement
from aiquiz.study.assess import AssessPlanner
from aiquiz.study.session import ASSESS, Session, run_session
from aiquiz.syllabus import CATEGORIES, PREREQUISITES

from .test_registry import ScriptedUI

ITEMS = [i for items in CATEGORIES.values() for i in items]
QUESTIONS = [q for q in all_questions(load_banks())
             if not q.qtype.self_rated and not q.qtype.retries]


class Oracle(ScriptedUI):
    """Answers right on the items it knows (the reference answer), ':idk' elsewhere."""

    def __init__(self, known: set[str]):
        super().__init__([])
        self.known = known
        self.current = None

    def show_question(self, session, index, v):
        super().show_question(session, index, v)
        self.current = v

    def read_answer(self, session, v):
        if v.question.checklist_item in self.known:
            return v.question.qtype.sample_text(v.question.answer, v.params)
        return ":idk"


def _run(known: set[str]) -> tuple[Session, AssessPlanner, Oracle]:
    planner = AssessPlanner(QUESTIONS, seed=3)
    session = Session(planner, ASSESS, 3, None)
    ui = Oracle(known)
    run_session(session, ui)
    return session, planner, ui


def test_a_newcomer_who_knows_nothing_is_placed_at_the_entry_points():
    session, planner, ui = _run(set())
    assert 5 <= len(session.results) <= 30
    verdicts = {c.item: c.verdict for c in planner.placement.classify()}
    assert set(verdicts.values()) == {"not yet"}
    ready = planner.placement.ready_to_learn()
    assert set(ready) == {i for i in ITEMS if i not in PREREQUISITES}  # the entry points
    assert all(e[0] != "feedback" or e[1] == "skipped" for e in ui.events)


def test_a_learner_who_knows_the_foundations_is_told_what_comes_next():
    known = {"Matrix multiplication (no library)", "Chain rule for neural network",
             "Eigenvalue decomposition", "Batch matrix ops shape reasoning",
             "Gradient of matrix loss w.r.t. weights"}
    session, planner, _ = _run(known)
    assert len(session.results) <= 30
    verdicts = {c.item: c.verdict for c in planner.placement.classify()}
    assert all(verdicts[i] in ("mastered", "unsure") for i in known)
    assert verdicts["Attention mechanism from scratch"] in ("not yet", "unsure")
    ready = planner.placement.ready_to_learn()
    assert "SGD with momentum" in ready or "Hessian-vector product" in ready


def test_the_first_question_is_the_most_informative_one():
    planner = AssessPlanner(QUESTIONS, seed=3)
    v = planner.next(Session(planner, ASSESS, 3, None))
    fresh = Placement(planner.items, PREREQUISITES)
    scores = {i: fresh.expected_entropy(i, 0.02) for i in planner.items}
    assert scores[v.question.checklist_item] <= min(scores.values()) + 0.05


def test_assess_through_the_cli_saves_the_answers_and_shows_the_placement():
    r = CliRunner().invoke(app, ["assess", "--seed", "2"], input=":idk\n" * 40)
    assert r.exit_code == 0, r.output
    assert "Placement" in r.output and "Ready to learn next" in r.output
    assert "✓" not in r.output and "✗" not in r.output  # no feedback on the way
    data = json.loads(CliRunner().invoke(app, ["progress", "--json"]).output)
    assert data["attempts"] >= 5
