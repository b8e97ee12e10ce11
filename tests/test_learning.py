"""The learning engine over multi-day histories, with an injected UTC clock: FSRS scheduling,
mastery (knowledge tracing x retrievability), implicit review along the prerequisite graph, the
daily planner, and the summary that keeps it all O(journal)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from aiquiz.learner import mastery, memory
from aiquiz.learner.model import LearnerModel
from aiquiz.learner.report import item_states
from aiquiz.learner.state import load_state, summarise, summariser
from aiquiz.learner.store import ProgressStore
from aiquiz.study.session import run_session
from aiquiz.study.start import start_practice

from .conftest import FIXTURES

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
LEARN = str(FIXTURES / "learn.yaml")
CHAIN = "Chain rule for neural network"
GRAD = "Gradient of matrix loss w.r.t. weights"
BACKPROP = "Manual backprop for MLP"
BAYES = "Bayesian posterior update"
MATMUL = "Matrix multiplication (no library)"

_ids = iter(range(10**9))


def answer(question: str, item: str | None, correct: bool, at: datetime, difficulty: int = 3,
           **extra) -> dict:
    return {"id": f"a{next(_ids)}", "question": question, "bank": "b", "topic": "calculus",
            "category": "Calculus", "checklist_item": item, "type": "numeric",
            "difficulty": difficulty, "mode": "practice", "status": "correct" if correct
            else "wrong", "correct": correct, "seconds": 30.0, "hints": 0, "retried": False,
            "guess": 0.02, "slip": 0.05, "at": at.isoformat(), **extra}


def days(n: float) -> datetime:
    return T0 + timedelta(days=n)


# ------------------------------------------------------------------------------ scheduling
def test_a_question_answered_wrongly_comes_back_before_one_answered_right():
    m = LearnerModel().add_all([answer("b/wrong", CHAIN, False, T0),
                                answer("b/right", CHAIN, True, T0)])
    assert m.cards["b/wrong"].due < m.cards["b/right"].due
    assert m.due(days(1)) == ["b/wrong"]  # the right one is not due yet


def test_ratings_follow_hints_retries_speed_and_an_explicit_rating():
    usual = 40.0
    assert memory.rating_for({"correct": False}, usual) == memory.AGAIN
    assert memory.rating_for({"correct": True, "hints": 1}, usual) == memory.HARD
    assert memory.rating_for({"correct": True, "retried": True}, usual) == memory.HARD
    assert memory.rating_for({"correct": True, "seconds": 10}, usual) == memory.EASY
    assert memory.rating_for({"correct": True, "seconds": 30}, usual) == memory.GOOD
    assert memory.rating_for({"correct": True, "seconds": 1}, None) == memory.GOOD  # no usual yet
    assert memory.rating_for({"correct": False, "rating": 3}, usual) == memory.GOOD  # self-rated


def test_easy_comes_from_the_learners_own_usual_time_and_pushes_the_review_further():
    hist = [answer(f"b/q{i}", None, True, days(i)) for i in range(6)]  # 30 s each: the usual
    fast = LearnerModel().add_all(hist + [answer("b/new", None, True, days(7), seconds=8)])
    normal = LearnerModel().add_all(hist + [answer("b/new", None, True, days(7), seconds=30)])
    assert fast.cards["b/new"].due > normal.cards["b/new"].due


def test_replaying_the_same_history_gives_the_same_schedule():
    hist = [answer(f"b/q{i % 3}", CHAIN, i % 4 != 0, days(i * 0.7)) for i in range(30)]
    a = json.dumps(LearnerModel().add_all(hist).to_json(), sort_keys=True)
    b = json.dumps(LearnerModel().add_all(hist).to_json(), sort_keys=True)
    assert a == b


def test_an_answer_imported_out_of_order_does_not_move_a_card_back_in_time():
    m = LearnerModel().add_all([answer("b/q", CHAIN, True, days(3)),
                                answer("b/q", CHAIN, True, days(1))])
    assert m.cards["b/q"].last_review == days(3)


# ------------------------------------------------------------------------------- mastery
def test_mastery_rises_with_right_answers_and_decays_over_weeks():
    m = LearnerModel()
    seen = []
    for i in range(4):
        m.add(answer(f"b/q{i}", CHAIN, True, days(i)))
        seen.append(m.items[CHAIN].mastery(days(i)))
    assert seen == sorted(seen) and seen[-1] > seen[0]
    now = m.items[CHAIN].mastery(days(3))
    later = [m.items[CHAIN].mastery(days(3 + 7 * w)) for w in (1, 3, 6, 12)]
    assert now > later[0] > later[1] > later[2] > later[3]


def test_wrong_answers_lower_mastery():
    m = LearnerModel().add_all([answer(f"b/q{i}", CHAIN, True, days(i)) for i in range(3)])
    before = m.items[CHAIN].p
    m.add(answer("b/q9", CHAIN, False, days(3)))
    assert m.items[CHAIN].p < before


def test_harder_questions_count_more_and_repeats_count_less():
    easy = LearnerModel().add_all([answer("b/q", CHAIN, True, T0, difficulty=1)])
    hard = LearnerModel().add_all([answer("b/q", CHAIN, True, T0, difficulty=5)])
    assert hard.items[CHAIN].p > easy.items[CHAIN].p
    varied = LearnerModel().add_all([answer(f"b/q{i}", CHAIN, True, days(i)) for i in range(2)])
    repeated = LearnerModel().add_all([answer("b/q", CHAIN, True, days(i)) for i in range(2)])
    assert varied.items[CHAIN].p > repeated.items[CHAIN].p


def test_guess_from_the_question_type_makes_a_multiple_choice_answer_weaker_evidence():
    numeric = LearnerModel().add_all([answer("b/q", CHAIN, True, T0)])
    choice = LearnerModel().add_all([answer("b/q", CHAIN, True, T0, guess=0.25)])
    assert choice.items[CHAIN].p < numeric.items[CHAIN].p


def test_one_lucky_answer_never_marks_an_item_done_and_three_distinct_questions_can():
    states = item_states(LearnerModel().add_all([answer("b/q", CHAIN, True, T0, difficulty=5)]),
                         T0)
    assert not states[CHAIN]["done"]
    # the same question right again and again: past the threshold, still one question
    same = LearnerModel().add_all([answer("b/q", CHAIN, True, days(i), difficulty=5)
                                   for i in range(12)])
    s = item_states(same, days(11))[CHAIN]
    assert s["mastery"] >= mastery.DONE_AT and not s["done"] and s["level"] == "proficient"
    three = LearnerModel().add_all([answer(f"b/q{i}", CHAIN, True, days(i), difficulty=4)
                                    for i in range(3)])
    s = item_states(three, days(2))[CHAIN]
    assert s["done"] and s["level"] == "mastered"
    # and it stops being done once it has faded
    assert not item_states(three, days(200))[CHAIN]["done"]


def test_levels_in_words():
    assert mastery.level(0.0, 0, 0) == "new"
    assert mastery.level(0.2, 1, 1) == "learning"
    assert mastery.level(0.5, 2, 1) == "familiar"
    assert mastery.level(0.7, 3, 2) == "proficient"
    assert mastery.level(0.9, 5, 3) == "mastered"


# ----------------------------------------------------------------- the prerequisite graph
def test_implicit_credit_reaches_prerequisites_and_not_unrelated_items():
    m = LearnerModel().add_all([answer(f"b/bp{i}", BACKPROP, True, days(i)) for i in range(4)])
    for pre in (CHAIN, GRAD, MATMUL):  # direct, direct, and one further (via GRAD)
        assert m.items[pre].p > mastery.P_INIT, pre
        assert m.items[pre].mastery(days(3)) > 0, pre
        assert m.items[pre].attempts == 0  # credit, not answers
    assert m.items[CHAIN].p > m.items[MATMUL].p  # nearer prerequisites get more
    assert m.items[BAYES].p == mastery.P_INIT and m.items[BAYES].card is None
    assert m.items[BAYES].mastery(days(3)) == 0


def test_succeeding_at_backprop_postpones_the_chain_rule_reviews():
    base = [answer("b/chain", CHAIN, True, T0)]  # due in about two days
    alone = LearnerModel().add_all(base)
    assert "b/chain" in alone.due(days(6))
    busy = LearnerModel().add_all(base + [answer(f"b/bp{i}", BACKPROP, True, days(4 + i / 10))
                                          for i in range(4)])
    assert "b/chain" not in busy.due(days(6))  # reviewed implicitly, not drilled


def test_a_wrong_answer_lowers_confidence_in_the_direct_prerequisites_a_little():
    hist = [answer(f"b/c{i}", CHAIN, True, days(i)) for i in range(3)]
    before = LearnerModel().add_all(hist).items[CHAIN].p
    after = LearnerModel().add_all(hist + [answer("b/bp", BACKPROP, False, days(3))])
    assert before - 0.1 < after.items[CHAIN].p < before
    assert after.items[BAYES].p == mastery.P_INIT


def test_prerequisite_weights_halve_per_edge():
    weights = {item: w for item, w, _ in mastery.ancestors(BACKPROP)}
    assert weights[CHAIN] == weights[GRAD] == 0.5 and weights[MATMUL] == 0.25
    order = mastery.topological()
    for item, needs in __import__("aiquiz.syllabus").syllabus.PREREQUISITES.items():
        assert all(order.index(p) < order.index(item) for p in needs)


# ------------------------------------------------------------------------ the summary
def test_the_summary_folds_only_new_attempts_and_matches_a_full_replay(tmp_path):
    store = ProgressStore(tmp_path)
    hist = [answer(f"b/q{i % 5}", [CHAIN, BACKPROP, None][i % 3], i % 4 != 0, days(i / 3))
            for i in range(40)]
    for a in hist[:25]:
        store.record(a)
    store.compact(summariser(store))
    for a in hist[25:]:
        store.record(a)
    tally, model, _ = load_state(store)
    full = LearnerModel().add_all(hist)
    assert json.dumps(model.to_json(), sort_keys=True) == json.dumps(full.to_json(),
                                                                     sort_keys=True)
    store.compact(summariser(store))
    saved = json.loads(store.summary.read_text())["summary"]
    assert saved == json.loads(json.dumps(summarise(hist)))


def test_a_progress_file_in_todays_format_is_migrated_without_losing_an_attempt(tmp_path):
    from aiquiz.learner.tally import summarise as old_summarise

    old = [{"id": f"{i:032x}", "question": f"calculus/q{i % 7}", "bank": "calculus",
            "topic": "calculus", "category": "Calculus", "checklist_item": CHAIN if i % 2 else None,
            "type": "numeric" if i % 3 else "conceptual", "difficulty": 2, "mode": "practice",
            "seed": i, "status": "correct" if i % 4 else "wrong", "correct": bool(i % 4),
            "seconds": 20.0, "hints": 0, "at": days(i / 2).isoformat(timespec="seconds")}
           for i in range(50)]
    (tmp_path / "progress.json").write_text(json.dumps({"format": 1, "attempts": old}))
    store = ProgressStore(tmp_path)
    store.compact(old_summarise)  # exactly what the previous aiquiz leaves: no learner model
    assert "model" not in json.loads(store.summary.read_text())["summary"]
    tally, model, warnings = load_state(store)
    assert not warnings and model.n == 50 and tally.report()["attempts"] == 50
    assert model.items[CHAIN].attempts == 25
    # the store was brought up to date: same attempts, untouched, and a summary with the model
    assert json.loads(store.path.read_text())["attempts"] == old
    assert json.loads(store.summary.read_text())["summary"]["model"]["n"] == 50
    again = load_state(store)[1]
    assert json.dumps(again.to_json()) == json.dumps(model.to_json())


def test_a_damaged_or_foreign_model_in_the_summary_is_replayed(tmp_path):
    store = ProgressStore(tmp_path)
    for i in range(5):
        store.record(answer(f"b/q{i}", CHAIN, True, days(i)))
    store.compact(summariser(store))
    data = json.loads(store.summary.read_text())
    data["summary"]["model"]["version"] = 999
    store.summary.write_text(json.dumps(data))
    assert load_state(store, migrate=False)[1].n == 5


# ----------------------------------------------------------------------- the planner
class Clock:
    def __init__(self, t: datetime):
        self.t = t

    def __call__(self) -> datetime:
        return self.t


class UI:
    """Answers each question from `policy(key) -> text`; records the keys asked."""

    def __init__(self, policy, limit: int = 100):
        self.policy, self.shown, self.notices, self.limit = policy, [], [], limit

    def show_question(self, session, index, v):
        self.shown.append(v.question.id)

    def read_answer(self, session, v):
        if len(self.shown) > self.limit:
            return None
        return self.policy(v.question.id, v)

    def show_unreadable(self, grade): ...
    def show_hint(self, text, number, total): ...
    def show_solution(self, v): ...
    def show_feedback(self, session, result): ...

    def show_notice(self, text):
        self.notices.append(text)


def right(qid, v):
    return v.expected_text


def practise(home, clock, policy=right, count=5, **options):
    session, _ = start_practice(only_banks=[LEARN], count=count, seed=3, data=home, now=clock,
                                **options)
    ui = UI(policy)
    run_session(session, ui, clock=lambda: 0.0)
    session.finish()
    return ui.shown, session


def test_a_new_learner_starts_at_an_entry_point_at_the_easiest_level(tmp_path):
    shown, session = practise(tmp_path, Clock(T0), count=1)
    assert shown == ["matmul-1"]  # the first entry point of the syllabus, difficulty 1
    assert session.planner.describe().startswith("0 reviews due")


def test_new_questions_come_from_the_weakest_item_whose_prerequisites_are_mastered(tmp_path):
    clock = Clock(T0)
    shown, _ = practise(tmp_path, clock, count=20, pool="new")
    # every entry point (and the loose topic question) before anything that builds on them
    first_backprop = shown.index(next(s for s in shown if s.startswith("backprop")))
    assert {"chain-1", "grad-1"} <= set(shown[:first_backprop])
    assert shown.index("chain-1") < shown.index("grad-1")  # GRAD builds on CHAIN


def test_due_reviews_come_first_most_forgotten_first(tmp_path):
    clock = Clock(T0)
    wrong = {"chain-1"}
    practise(tmp_path, clock, lambda q, v: "0" if q in wrong else v.expected_text, count=3,
             item="chain rule")
    clock.t = days(10)
    shown, session = practise(tmp_path, clock, count=3, pool="review")
    assert session.planner.due_here == 3
    assert shown[0] == "chain-1"  # the one answered wrongly is the most forgotten
    assert "3 reviews due" in session.planner.describe()


def test_a_wrong_answer_comes_back_in_the_same_session_as_a_retry_rated_hard(tmp_path):
    clock = Clock(T0)
    answers = {"chain-1": ["0", None]}

    def policy(q, v):
        clock.t += timedelta(minutes=4)
        todo = answers.get(q)
        if todo and todo[0] is not None:
            return todo.pop(0)
        return v.expected_text

    shown, session = practise(tmp_path, clock, policy, count=6, item="chain rule")
    assert shown.count("chain-1") == 2 and shown.index("chain-1") == 0
    retry = [r.attempt for r in session.results if r.variant.question.id == "chain-1"][1]
    assert retry["retried"] and retry["correct"]
    assert memory.rating_for(retry, None) == memory.HARD


def test_review_and_new_pools_and_filters(tmp_path):
    clock = Clock(T0)
    shown, session = practise(tmp_path, clock, count=10, pool="review")
    assert shown == [] and session.planned == 0  # nothing seen, nothing due
    shown, _ = practise(tmp_path, clock, count=2, pool="new", category="probability")
    assert all(q.startswith("bayes") for q in shown)
    clock.t = days(1)
    shown, _ = practise(tmp_path, clock, count=5, pool="new", difficulty="3-4")
    assert shown and all(q in {"chain-3", "chain-4", "backprop-2", "backprop-3", "grad-2",
                               "grad-3", "bayes-2", "matmul-3"} for q in shown)


def test_the_same_seed_history_and_clock_give_the_same_session(tmp_path):
    a, _ = practise(tmp_path / "a", Clock(T0), count=6)
    b, _ = practise(tmp_path / "b", Clock(T0), count=6)
    assert a == b


def test_a_question_seen_before_comes_back_as_a_fresh_variant(tmp_path):
    import yaml

    bank = tmp_path / "p.yaml"
    bank.write_text(yaml.safe_dump({"bank": "p", "title": "t", "questions": [{
        "id": "sq", "type": "numeric", "topic": "calculus", "category": "Calculus",
        "checklist_item": CHAIN, "roles": ["mle"], "difficulty": 2,
        "params": {"d": "randint(3, 99)"},
        "prompt": "What is {d} squared?", "answer": "d^2", "hints": ["d times d"],
        "solution": "{d}·{d}."}]}))
    clock = Clock(T0)
    seeds = []
    for day in (0, 3, 10):
        clock.t = days(day)
        session, _ = start_practice(only_banks=[bank], count=1, seed=3, data=tmp_path / "h",
                                    now=clock)
        run_session(session, UI(right), clock=lambda: 0.0)
        session.finish()
        seeds.append(session.results[0].variant.seed)
    assert len(set(seeds)) == 3


def test_the_report_charts_activity_streak_and_mastery_over_time():
    from aiquiz.learner.report import build_report
    from aiquiz.learner.tally import Tally

    items = [CHAIN, MATMUL, BAYES, GRAD, BACKPROP]
    hist = [answer(f"b/{d}-{i}", items[d], True, days(d) + timedelta(minutes=i), seconds=60)
            for d in range(5) for i in range(3)]
    now = days(4) + timedelta(hours=2)
    r = build_report(Tally().add_all(hist), LearnerModel().add_all(hist), now)
    series = [p["mastery"] for p in r["mastery_over_time"]][-5:]
    assert series == sorted(series) and series[0] > 0 and series[-1] > series[0]
    assert [a["answers"] for a in r["activity"]][-5:] == [3] * 5
    assert r["streak"] == {"current": 5, "longest": 5, "practised_today": True,
                           "days_practised": 5}
    assert r["time"]["today_seconds"] == 180 and r["time"]["total_seconds"] == 900
    assert r["overall"]["done"] == 5 and r["due"]["cards"] == 15
    later = build_report(Tally().add_all(hist), LearnerModel().add_all(hist), days(6))
    assert later["streak"]["current"] == 0 and later["streak"]["longest"] == 5
