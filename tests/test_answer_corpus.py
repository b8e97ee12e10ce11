"""aiquiz's equivalence check against a corpus built from other graders' public answer-test tables
(STACK, PrairieLearn, WeBWorK) and issue 9's hard cases: tests/fixtures/answer_tests.yaml.

- An external case must agree with its source, unless tests/fixtures/answer_tests_known.yaml lists
  it with an explanation; a listed case must still disagree, so the list cannot go stale.
- An issue-9 case must agree. Those that do not yet are listed under `issue_9_pending` and run as
  xfail(strict=True): once the grader fix makes one agree, the test fails until the entry is removed.

benchmarks/answer_corpus.py prints the agreement figure; docs/grading.md reports it.
"""

from __future__ import annotations

import re

import pytest

from aiquiz.maths.vocabulary import valid_name

from .answer_corpus import (ASSUMPTIONS, GRADERS, ISSUE_9, SOURCE, Case, agrees, graded,
                            load_cases, load_known)

CASES = load_cases()
KNOWN = load_known()
EXTERNAL = [c for c in CASES if c.source != ISSUE_9]
ISSUE_9_CASES = [c for c in CASES if c.source == ISSUE_9]
PENDING = "issue 9: grader fix pending"


def _verdict(case: Case):
    return graded()[case.id][1]


def _describe(case: Case) -> str:
    verdict = _verdict(case)
    detail = f" ({verdict.detail})" if verdict.detail else ""
    want = "equivalent" if case.expected else "different"
    return (f"{case.id}: answer {case.answer!r}, reference {case.reference!r}, "
            f"variables {case.variables}: aiquiz says {verdict.kind}{detail}, "
            f"{case.grader} says {want}")


# -- the corpus itself --------------------------------------------------------------------------

def test_the_corpus_is_well_formed():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert 250 <= len(EXTERNAL) <= 350, len(EXTERNAL)
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", case.id), case.id
        assert case.source == ISSUE_9 or SOURCE.match(case.source), case.source
        assert case.source == ISSUE_9 or SOURCE.match(case.source).group("repo") in GRADERS
        assert isinstance(case.expected, bool), case.id
        assert case.reference.strip() and case.answer.strip(), case.id
        for name, assumption in case.variables.items():
            assert valid_name(name), (case.id, name)
            assert assumption in ASSUMPTIONS, (case.id, assumption)
        assert bool(case.klass) == (case.source == ISSUE_9), case.id


def test_every_grader_and_both_verdicts_are_represented():
    for grader in GRADERS.values():
        assert sum(c.grader == grader for c in EXTERNAL) >= 20, grader
    for grader in ("STACK", "WeBWorK"):
        assert {c.expected for c in EXTERNAL if c.grader == grader} == {True, False}, grader
    issue_classes = {c.klass for c in ISSUE_9_CASES}
    assert issue_classes == {"large-powers", "precision", "non-finite", "precedence", "undefined"}
    for klass in issue_classes:
        assert sum(c.klass == klass for c in ISSUE_9_CASES) >= 3, klass


def test_the_known_list_names_real_cases_with_reasons():
    by_id = {c.id: c for c in CASES}
    classes = KNOWN["classes"]
    for section, source_is_issue_9 in (("external", False), ("issue_9_pending", True)):
        for case_id, entry in KNOWN[section].items():
            assert case_id in by_id, f"{section}: no case {case_id}"
            assert (by_id[case_id].source == ISSUE_9) == source_is_issue_9, case_id
            assert entry.get("class") in classes, (case_id, entry)
            assert str(entry.get("why", "")).strip(), f"{case_id}: say why"
    for case_id, entry in KNOWN["issue_9_pending"].items():
        assert entry["class"] == by_id[case_id].klass, case_id
    assert all(str(text).strip() for text in classes.values())


# -- the verdicts -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", EXTERNAL, ids=lambda c: c.id)
def test_agrees_with_the_source_or_is_a_known_disagreement(case: Case):
    known = KNOWN["external"].get(case.id)
    if known is None:
        assert agrees(case, _verdict(case)), "new disagreement: " + _describe(case)
    else:
        assert not agrees(case, _verdict(case)), (
            f"{case.id} now agrees with {case.grader}: remove it from answer_tests_known.yaml "
            f"(it said: {known['why']})")


ISSUE_9_PARAMS = [
    pytest.param(case, id=case.id,
                 marks=[pytest.mark.xfail(strict=True, reason=PENDING)]
                 if case.id in KNOWN["issue_9_pending"] else [])
    for case in ISSUE_9_CASES]


@pytest.mark.parametrize("case", ISSUE_9_PARAMS)
def test_issue_9_hard_case(case: Case):
    assert agrees(case, _verdict(case)), _describe(case)


def test_a_disagreement_is_detected():
    """The comparison can fail: a case with its verdict flipped disagrees."""
    case = next(c for c in EXTERNAL if c.id == "stack-195")  # (x-1)^2 vs x^2-2x+1: equivalent
    flipped = Case(**{**case.__dict__, "expected": not case.expected})
    assert agrees(case, _verdict(case))
    assert not agrees(flipped, _verdict(case))
