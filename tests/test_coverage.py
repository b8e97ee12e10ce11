"""The bundled banks cover the syllabus as issue #3 requires (aiquiz bank stats)."""

from __future__ import annotations

import re

import pytest

from aiquiz.banks.loader import all_questions, load_banks
from aiquiz.banks.stats import stats
from aiquiz.syllabus import CATEGORIES, TOPICS

from .conftest import BANKS

QUESTIONS = all_questions(load_banks([BANKS]))
STATS = stats(QUESTIONS)


# the seven topics added after the first syllabus (issue 16), and their minimum sizes
NEW_TOPICS = {"graph-theory": 18, "signal-processing": 18, "game-theory": 18,
              "stochastic-processes": 18, "discrete-math": 18, "foundations": 18, "geometry": 10}


def test_size_topics_and_roles():
    assert STATS["questions"] >= 320 + sum(NEW_TOPICS.values())
    for topic in TOPICS:
        assert STATS["by_topic"].get(topic, 0) >= NEW_TOPICS.get(topic, 18), topic
    assert STATS["by_role"]["mle"] >= 110 and STATS["by_role"]["research"] >= 110


@pytest.mark.parametrize("topic", sorted(NEW_TOPICS))
def test_new_topics_mix_roles_kinds_and_levels(topic):
    mine = [q for q in QUESTIONS if q.topic == topic]
    computed = [q for q in mine if q.type in ("numeric", "derivation")]
    assert len(computed) >= len(mine) / 2, "at least half numeric or derivation"
    assert {r for q in mine for r in q.roles} == {"mle", "research"}
    levels = {q.difficulty for q in mine}
    if topic == "foundations":  # the warm-up a newcomer starts from
        assert levels <= {1, 2} and levels
    else:
        assert levels == {1, 2, 3, 4, 5}, levels
    numeric = [q for q in mine if q.type == "numeric"]
    assert sum(q.parametric for q in numeric) >= len(numeric) / 2


def test_every_checklist_item_has_six_auto_graded_questions():
    for items in CATEGORIES.values():
        for item in items:
            assert STATS["auto_graded_by_checklist_item"].get(item, 0) >= 6, item


def test_type_mix_and_parametric_share():
    by_type, par = STATS["by_type"], STATS["parametric_by_type"]
    # the share among questions answered on the answer line (code exercises are apart)
    n = sum(by_type.get(t, 0) for t in ("conceptual", "numeric", "derivation"))
    assert by_type["derivation"] >= 0.25 * n and by_type["numeric"] >= 0.30 * n
    assert par.get("numeric", 0) >= by_type["numeric"] / 2
    assert par.get("derivation", 0) >= by_type["derivation"] / 4


def test_difficulty_spread():
    for category in CATEGORIES:
        levels = {q.difficulty for q in QUESTIONS if q.category == category}
        assert levels == {1, 2, 3, 4, 5}, category
    hard = sum(q.difficulty >= 4 for q in QUESTIONS)
    assert hard >= 0.15 * len(QUESTIONS)


FOCUS = {
    "mle": {
        "batch-norm statistics shape": r"batch.?norm",
        "attention O(n²d) vs linear O(nd²)": r"linear attention",
        "diagnosing vanishing gradients": r"vanishing",
        "oscillating training loss": r"oscillat",
        "mixed precision and loss scaling": r"loss scal|mixed.precision|fp16",
    },
    "research": {
        "SGD rate for convex Lipschitz": r"lipschitz",
        "generalization vs complexity and data": r"generali[sz]ation",
        "VC dimension": r"\bVC\b",
        "Rademacher complexity": r"rademacher",
        "expressive power of attention": r"expressiv",
        "ELBO": r"\bELBO\b",
        "reparameterization": r"reparameteri[sz]",
        "Hessian and trace identities": r"hessian|\btr\(|trace",
    },
}


@pytest.mark.parametrize("role, area", [(r, a) for r in FOCUS for a in FOCUS[r]])
def test_role_focus_areas_have_several_questions(role, area):
    pattern = re.compile(FOCUS[role][area], re.I)
    hits = [q.key for q in QUESTIONS if role in q.roles and pattern.search(q.prompt + q.solution)]
    assert len(hits) >= 2, (area, hits)
