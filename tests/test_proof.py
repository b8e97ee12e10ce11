"""Proof questions: the learner rates each rubric step of the model answer (2 fully, 1 partly,
0 missing); the weighted score decides correct (≥ 75%) and the FSRS rating recorded with the
attempt. Reading and self-testing the type's fields, the loop with a scripted UI, a piped CLI
session, and every bundled proof question."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from aiquiz.banks.loader import load_bank, load_banks, all_questions
from aiquiz.banks.reader import read_bank
from aiquiz.banks.selftest import run_question_tests
from aiquiz.banks.validate import validate_question
from aiquiz.banks.variant import make_variant
from aiquiz.cli import app
from aiquiz.learner.store import ProgressStore
from aiquiz.qtypes.grade import Status, read_step_rating
from aiquiz.qtypes.proof import AGAIN, EASY, GOOD, HARD, THRESHOLD, fsrs_rating, workspace_file
from aiquiz.study.planners import FixedPlanner
from aiquiz.study.session import INTERVIEW, PRACTICE, Session, run_session

from .conftest import BANKS
from .test_registry import ScriptedUI

MODEL = ("By Jensen's inequality for the concave log, the sum is at most log 1 = 0; "
         "equality needs q = p on the support.")


def bank_text(rubric: str = "", extra: str = "", answer: str = MODEL) -> str:
    rubric = rubric or """\
      - step: Restrict to the support of p
        keywords: [support]
      - step: Jensen for the concave log
        weight: 2
        keywords: [Jensen]
      - Bound the sum of q by 1
      - Equality case"""
    return textwrap.dedent("""\
        bank: mini-proofs
        title: Proofs
        questions:
          - id: gibbs
            type: proof
            topic: information-theory
            category: Probability
            roles: [research]
            difficulty: 2
            prompt: Prove that $\\mathrm{{KL}}(p\\|q) \\ge 0$.
            answer: "{answer}"
            rubric:
        {rubric}
            hints: [Bound the log by a line.]
            solution: Idea - Jensen on the concave log.
        {extra}""").format(answer=answer, rubric=textwrap.indent(rubric, "    "), extra=extra)


@pytest.fixture
def bank(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(bank_text())
    return path


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    _, problems = read_bank(path)
    return [str(p) for p in problems]


# ------------------------------------------------------------------------------ reading

def test_a_proof_question_reads_with_its_rubric(bank):
    q = load_bank(bank).questions[0]
    assert q.type == "proof" and q.qtype.self_rated and not q.qtype.computed
    assert [s["step"] for s in q.fields["rubric"]] == [
        "Restrict to the support of p", "Jensen for the concave log",
        "Bound the sum of q by 1", "Equality case"]
    assert [s["weight"] for s in q.fields["rubric"]] == [1, 2, 1, 1]
    v = make_variant(q, 0)
    assert v.expected_text == MODEL
    assert q.qtype.rubric(v)[1] == "Jensen for the concave log (counts ×2)"
    assert validate_question(q) == []


@pytest.mark.parametrize("rubric, message", [
    ("      - One step\n      - Two steps", "'rubric' must list 3 to 6 key steps of the proof "
                                             "(2 steps)"),
    ("\n".join(f"      - step {i}" for i in range(7)), "(7 steps)"),
    ("      - One\n      - '  '\n      - Three", "rubric step 2 is empty"),
    ("      - One\n      - step: Two\n        weight: -1\n      - Three",
     "rubric step 2: 'weight' must be a number above 0"),
    ("      - One\n      - step: Two\n        keywords: Jensen\n      - Three",
     "rubric step 2: 'keywords' must be a list"),
    ("      - One\n      - step: Two\n        points: 3\n      - Three",
     "rubric step 2 must be a statement, or a mapping with 'step'"),
    ("      - One\n      - one\n      - Three", "two rubric steps say the same thing"),
])
def test_a_bad_rubric_is_refused_with_file_line_and_id(tmp_path, rubric, message):
    problems = problems_of(tmp_path, bank_text(rubric))
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert "bad.yaml:13:11 [gibbs]" in problems[0]  # where the rubric starts


def test_other_bad_proof_fields_are_refused(tmp_path):
    text = bank_text("      - a\n      - b\n      - c").replace(
        "    rubric:\n          - a\n          - b\n          - c\n", "    rubric: three steps\n")
    assert any("'rubric' must list 3 to 6" in p for p in problems_of(tmp_path, text))
    text = bank_text(extra="    mistakes: [{answer: '0 0 0 0', feedback: x}]\n")
    assert any("a proof question has no 'mistakes'" in p for p in problems_of(tmp_path, text))
    text = bank_text(extra="    params: {n: randint(1, 3)}\n")
    assert any("has no 'params'" in p for p in problems_of(tmp_path, text))
    text = bank_text(answer="Jensen.")
    assert any("the model proof, as text (40 characters" in p for p in problems_of(tmp_path, text))
    text = bank_text().replace("type: proof", "type: numeric")
    assert any("'rubric' is for proof questions, not numeric" in p
               for p in problems_of(tmp_path, text))


def test_the_schema_knows_the_proof_fields():
    import jsonschema

    from aiquiz.banks.schema import bank_schema

    validator = jsonschema.Draft202012Validator(bank_schema())
    base = {"id": "q", "type": "proof", "topic": "calculus", "category": "Calculus",
            "roles": ["research"], "difficulty": 3, "prompt": "p", "hints": ["h"],
            "solution": "s", "answer": MODEL, "rubric": ["a", {"step": "b", "weight": 2}, "c"]}

    def ok(q):
        return not list(validator.iter_errors({"bank": "b", "title": "t", "questions": [q]}))

    assert ok(base)
    assert not ok({**base, "rubric": ["a", "b"]})
    assert not ok({**base, "rubric": ["a", {"step": "b", "weight": 0}, "c"]})
    assert not ok({k: v for k, v in base.items() if k != "rubric"})
    assert not ok({**base, "mistakes": [{"answer": "x", "feedback": "y"}]})


# ------------------------------------------------------------------------------ self-tests

def test_bank_test_checks_keywords_weights_and_tex(tmp_path, bank):
    q = load_bank(bank).questions[0]
    checks, failures = run_question_tests(q)
    assert checks >= 1 and failures == []
    rubric = """\
      - step: Restrict to the support of p
        keywords: [support, Hoeffding]
      - step: Jensen for the concave log
        weight: 9
      - Bound the sum of $q by 1"""
    path = tmp_path / "q.yaml"
    path.write_text(bank_text(rubric))
    _, failures = run_question_tests(load_bank(path).questions[0])
    text = "\n".join(map(str, failures))
    assert "rubric step 1's keyword 'Hoeffding' is not in the model answer" in text
    assert "rubric step 2 alone carries 82% of the score, enough to pass" in text
    assert "rubric step 3: an unmatched $" in text


def test_tests_accept_and_reject_are_rating_lines(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(bank_text(extra="    tests: {accept: ['2 2 1 2', yyny], "
                                    "reject: ['2 1 1 1', '0']}\n"))
    q = load_bank(path).questions[0]
    assert validate_question(q) == []
    assert run_question_tests(q)[1] == []
    path.write_text(bank_text(extra="    tests: {accept: ['2 2 x 2']}\n"))
    assert "cannot be read" in str(validate_question(load_bank(path).questions[0]))


# ------------------------------------------------------------------------------ scoring

def test_ratings_become_a_weighted_score_and_an_fsrs_rating(bank):
    q = load_bank(bank).questions[0]
    v = make_variant(q, 0)
    rate = q.qtype.rate
    full = rate(v, [2, 2, 2, 2])
    assert full.correct and full.score == 1 and full.rating == EASY
    # weights 1, 2, 1, 1: (2 + 4 + 1 + 2) / (2 * 5) = 0.9
    mixed = rate(v, [2, 2, 1, 2])
    assert mixed.correct and mixed.score == pytest.approx(0.9) and mixed.rating == GOOD
    assert "90% of the key steps" in mixed.feedback and "Partly: step 3." in mixed.feedback
    # (2 + 0 + 2 + 2) / 10 = 0.6: below the pass mark, still recalled in part
    half = rate(v, [2, 0, 2, 2])
    assert not half.correct and half.score == pytest.approx(0.6) and half.rating == HARD
    assert "Missing: step 2." in half.feedback
    none = rate(v, [0, 0, 0, 0])
    assert none.status is Status.WRONG and none.score == 0 and none.rating == AGAIN
    assert rate(v, [2, 2, 2, 2], hints=1).rating == HARD  # a hint caps the rating
    assert rate(v, [2, 2]).status is Status.UNREADABLE


def test_the_documented_fsrs_mapping():
    assert THRESHOLD == 0.75
    assert [fsrs_rating(s) for s in (0, 0.49, 0.5, 0.74, 0.75, 0.99, 1)] == [
        AGAIN, AGAIN, HARD, HARD, GOOD, GOOD, EASY]
    assert fsrs_rating(0.3, hints=2) == AGAIN


def test_a_line_of_ratings_is_graded_for_check_and_bank_test(bank):
    q = load_bank(bank).questions[0]
    v = make_variant(q, 0)
    assert q.qtype.grade(v, "2 2 1 2").score == pytest.approx(0.9)
    assert q.qtype.grade(v, "2212").read_as == "2 2 1 2"
    assert q.qtype.grade(v, "y, n, y, y").read_as == "2 0 2 2"
    assert q.qtype.grade(v, "2").score == 1  # one rating for every step
    for bad in ("2 2 2", "2 2 3 2", "a proof"):
        g = q.qtype.grade(v, bad)
        assert g.status is Status.UNREADABLE and "one rating per step (4 steps)" in g.feedback
    assert [read_step_rating(t) for t in ("2", "1", "0", "y", "No", "partly", "x")] == [
        2, 1, 0, 2, 0, 1, None]


# ------------------------------------------------------------------------------ the loop

class RatingUI(ScriptedUI):
    """The registry tests' scripted UI, which also rates steps from a list of ratings."""

    def __init__(self, answers, ratings):
        super().__init__(answers)
        self.ratings = list(ratings)

    def rate_steps(self, session, v, steps):
        self.events.append(("rate", v.expected_text, tuple(steps)))
        return self.ratings.pop(0) if self.ratings else None

    def show_answer_file(self, path, reopen=False):
        self.events.append(("file", path))

    def show_retry(self, session, result):
        self.events.append(("retry",))

    def show_feedback(self, session, result):
        self.events.append(("feedback", result.status, result.grade.score))


def saved_attempts(home):
    return json.loads((home / "progress.json").read_text())["attempts"]


@pytest.mark.parametrize("ratings, status, score, rating", [
    ([2, 2, 2, 2], "correct", 1.0, EASY),
    ([2, 2, 1, 2], "correct", 0.9, GOOD),
    ([1, 2, 0, 1], "wrong", 0.6, HARD),
    ([0, 0, 0, 0], "wrong", 0.0, AGAIN),
])
def test_a_session_rates_the_steps_and_records_score_and_rating(bank, tmp_path, ratings,
                                                                 status, score, rating):
    q = load_bank(bank).questions[0]
    session = Session(FixedPlanner([q], 1), PRACTICE, 1, ProgressStore(tmp_path / "data"))
    ui = RatingUI(["Jensen on log(q/p) over the support of p, then sum q <= 1."], [ratings])
    run_session(session, ui)
    assert ("rate", MODEL, tuple(q.qtype.rubric(make_variant(q, 1)))) in ui.events
    assert ("retry",) not in ui.events  # the model answer was shown: no second try
    assert ("feedback", status, pytest.approx(score)) in ui.events
    session.finish()
    [a] = saved_attempts(tmp_path / "data")
    assert (a["type"], a["status"], a["score"], a["rating"]) == ("proof", status, score, rating)
    assert session.results[0].answer.startswith("Jensen on log(q/p)")


def test_an_interview_shows_the_model_answer_for_rating_too(bank):
    q = load_bank(bank).questions[0]
    session = Session(FixedPlanner([q], 1), INTERVIEW, 1, None)
    ui = RatingUI([":h", ":done"], [[2, 2, 2, 2]])
    run_session(session, ui)
    assert any(e[0] == "rate" for e in ui.events)
    assert session.results[0].status == "correct" and session.results[0].rating == EASY


def test_hints_skips_commands_and_stopping_while_rating(bank, tmp_path):
    q = load_bank(bank).questions[0]
    session = Session(FixedPlanner([q, q], 1), PRACTICE, 1, None)
    ui = RatingUI([":h", "skip", ":s", "my proof"], [])
    run_session(session, ui)
    assert ("hint", "Bound the log by a line.") in ui.events
    assert any(e[0] == "notice" and "type :s for skip" in e[1] for e in ui.events)
    # the second question was answered, but the learner stopped at the rating: not recorded
    assert [r.status for r in session.results] == ["skipped"] and session.ended_by == "quit"
    session = Session(FixedPlanner([q], 1), PRACTICE, 1, None)
    run_session(session, RatingUI([":h", "done"], [[2, 2, 2, 2]]))
    assert session.results[0].hints == 1 and session.results[0].rating == HARD


def test_the_answer_file_holds_the_written_proof(bank, home):
    q = load_bank(bank).questions[0]
    v = make_variant(q, 0)
    path = q.qtype.answer_file(v)
    assert path == workspace_file(q) == home / "workspace" / "mini-proofs" / "gibbs.md"
    assert "Prove that" in path.read_text() and q.qtype.answer_text(v, "") == "(thought through)"
    path.write_text(path.read_text() + "By Jensen, -KL <= log sum q <= 0.\n")
    assert q.qtype.answer_text(v, ":done") == "By Jensen, -KL <= log sum q <= 0."
    assert q.qtype.answer_text(v, "typed on the line") == "typed on the line"
    q.qtype.answer_file(v)  # asked again: a fresh file, the last proof kept beside it
    assert q.qtype.answer_text(v, "") == "(thought through)"
    assert "By Jensen" in path.with_suffix(".prev.md").read_text()


# ------------------------------------------------------------------------------ the CLI

def run(*args, input=None):
    r = CliRunner().invoke(app, list(args), input=input)
    return r.exit_code, r.output.replace("\u00a0", " ")


def test_a_piped_practice_session_with_a_bundled_proof(home):
    code, out = run("practice", "--question", "proofs/kl-nonnegative-gibbs", "--seed", "1",
                    input="I would use log t <= t - 1.\n2\n2\nmaybe\n1\n2\n")
    assert code == 0, out
    assert "Write your proof on the answer line" in out and "Model answer:" in out
    assert "log t ≤ t - 1" in out  # the model answer's TeX, rendered
    assert "Rate your answer on each key step (2 fully · 1 partly · 0 missing):" in out
    assert "Step 1/4: Deal with supports" in out and "Step 3/4:" in out
    assert "Type 2 fully · 1 partly · 0 missing (or y / n); :q quits." in out  # 'maybe'
    assert "✓ Correct." in out and "80% of the key steps" in out  # weights 1, 1, 2, 1
    [a] = saved_attempts(home)
    assert (a["question"], a["type"], a["status"], a["rating"]) == (
        "proofs/kl-nonnegative-gibbs", "proof", "correct", GOOD)
    assert a["score"] == 0.8


def test_end_of_input_while_rating_ends_cleanly(home):
    code, out = run("practice", "--question", "proofs/vc-dimension-intervals", input="\n2\n")
    assert code == 0, out
    assert "Step 2/3" in out and "No questions answered." in out


def test_a_missed_proof_is_reviewed_at_the_end_of_an_interview(tmp_path, bank):
    code, out = run("interview", "--role", "research", "--only-bank", str(bank), "--seed", "2",
                    input="no idea\n0\n1\n0\n0\n")
    assert code == 0, out
    assert "Model answer:" in out and "✗ Not correct. 20% of the key steps" in out
    review = out[out.index("Review of missed questions"):]
    assert "Expected (model answer):" in review and "Jensen's inequality" in review
    assert "Your answer: no idea (rated 0 1 0 0)" in review


def test_check_grades_a_line_of_ratings(bank):
    assert run("check", str(bank), "gibbs", "2 2 1 2")[0] == 0
    code, out = run("check", str(bank), "gibbs", "0 2 0 0")
    assert code == 1 and "40% of the key steps" in out


# ------------------------------------------------------------------------------ the bank

PROOFS = [q for q in all_questions(load_banks([BANKS])) if q.type == "proof"]


def test_the_bundled_proof_bank_covers_the_research_role():
    assert len(PROOFS) >= 20
    assert {q.bank for q in PROOFS} == {"proofs"}
    assert sum("research" in q.roles for q in PROOFS) == len(PROOFS)
    ids = {q.id for q in PROOFS}
    for needed in ("sgd-convex-lipschitz-rate", "sgd-converges-rate-interview",
                   "gd-smooth-strongly-convex-linear-rate", "finite-class-generalization-bound",
                   "vc-dimension-intervals", "elbo-derivation", "reparameterization-gradient",
                   "attention-permutation-equivariance", "attention-scaling-sqrt-d",
                   "bias-variance-decomposition", "gaussian-mle-variance-biased",
                   "kl-nonnegative-gibbs", "backprop-cost-constant-multiple",
                   "universal-approximation-one-hidden-layer", "markov-stationary-uniqueness",
                   "attention-expressive-power-interview"):
        assert needed in ids


@pytest.mark.parametrize("q", PROOFS, ids=lambda q: q.key)
def test_every_bundled_proof_validates_and_self_tests(q):
    assert validate_question(q) == []
    checks, failures = run_question_tests(q)
    assert checks >= 1 and failures == [], failures
    steps = q.fields["rubric"]
    assert 3 <= len(steps) <= 6 and all(s["step"] for s in steps)
    assert "\n" in q.answer.strip()  # one proof step per line


def test_rating_in_a_real_terminal(home):
    import os
    import sys

    import pexpect

    from .conftest import ROOT

    env = dict(os.environ, AIQUIZ_HOME=str(home), COLUMNS="80", NO_COLOR="1", TERM="dumb",
               PYTHONPATH=str(ROOT))
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    child = pexpect.spawn(sys.executable, ["-m", "aiquiz", "practice", "--question",
                                           "proofs/vc-dimension-intervals"],
                          env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))
    child.expect("› ")
    child.sendline("two points are shattered, no three are")
    child.expect("Model answer:")
    for shown, rating in (("Step 1/3", "2"), ("Step 2/3", "x"), ("Type 2 fully", "1"),
                          ("Step 3/3", "2")):
        child.expect(shown)
        child.expect("2/1/0 › ")
        child.sendline(rating)
    child.expect("✓ Correct.")
    child.expect("next question")
    child.sendline("")
    child.expect(pexpect.EOF)
    [a] = saved_attempts(home)
    assert (a["score"], a["rating"]) == (0.875, GOOD)  # weights 1, 1, 2: (2 + 1 + 4) / 8
