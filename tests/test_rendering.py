"""Text that reads well at any width (issue 11): bank prose reflowed to the window, TeX
rendered, formulas never split across lines, at 60, 80 and 120 columns."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from aiquiz.banks.loader import load_bank
from aiquiz.banks.variant import make_variant
from aiquiz.cli.flow import flow, styled
from aiquiz.cli.ui import TerminalUI
from aiquiz.study.planners import FixedPlanner
from aiquiz.study.session import INTERVIEW, PRACTICE, Result, Session
from aiquiz.texmath import render_tex

from .conftest import FIXTURES

WIDTHS = (60, 80, 120)

PROSE = ("A two-layer network maps $x \\in \\mathbb{R}^{N \\times D}$ to "
         "$\\hat{y} = \\sigma(W_2 \\tanh(W_1 x + b_1) + b_2)$ and is trained on "
         "$L = \\frac{1}{2}\\|y - \\hat{y}\\|^2$ with learning rate $\\eta$; the gradient "
         "flushes to zero when the pre-activations saturate, so compute "
         "$\\partial L / \\partial W_1$ carefully, step by step, before you answer.")
FORMULAS = [render_tex(f"${m}$", keep_together=False) for m in re.findall(r"\$([^$]+)\$", PROSE)]


def _screen(width: int, draw) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=False, color_system=None,
                      highlight=False, emoji=False)
    draw(console)
    return [line.replace("\u00a0", " ") for line in out.getvalue().splitlines()]


def _words(text: str) -> set[str]:
    return set(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("width", WIDTHS)
def test_prose_reflows_without_splitting_a_word_or_a_formula(width):
    lines = [ln.plain.replace("\u00a0", " ") for ln in flow(styled(PROSE), width)]
    assert all(len(ln) <= width for ln in lines), lines
    assert len(lines) > 1
    joined = " ".join(lines)
    for formula in FORMULAS:      # each formula stands whole on one line
        assert any(formula in ln for ln in lines), (formula, lines)
    prose = re.sub(r"\$[^$]+\$", " ", PROSE)
    for w in re.findall(r"[A-Za-z][A-Za-z-]*", prose):   # and no word is cut
        assert re.search(rf"(?<![A-Za-z-]){re.escape(w)}(?![A-Za-z-])", joined), w


def _question_screen(width, v, session):
    return _screen(width, lambda c: TerminalUI(console=c).show_question(session, 0, v))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_practice_question_renders_at_every_width(width, tmp_path):
    bank = (FIXTURES / "mini.yaml").read_text().replace(
        "prompt: Differentiate x² with respect to x.", f'prompt: "{PROSE}"'.replace("\\", "\\\\"))
    path = tmp_path / "mini.yaml"
    path.write_text(bank)
    q = load_bank(path).questions[0]
    v = make_variant(q, 0)
    session = Session(FixedPlanner([q], 0), PRACTICE, 0, None)
    screen = _question_screen(width, v, session)
    assert all(len(ln) <= width for ln in screen), screen
    body = [ln for ln in screen if ln.strip()][1:]
    for formula in FORMULAS:
        assert any(formula in ln for ln in body), (formula, body)
    assert "ℝᴺˣᴰ" in " ".join(body) and "½‖y - ŷ‖²" in " ".join(body)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_interview_end_screen_keeps_the_score_last_and_labels_the_review(width):
    qs = load_bank(FIXTURES / "mini.yaml").questions
    session = Session(FixedPlanner(qs[:3], 0), INTERVIEW, 0, None)
    v0, v1, v2 = (make_variant(q, 0) for q in qs[:3])
    g = v0.question.qtype.grade(v0, "x^3")
    session.results = [Result(v0, "wrong", 3.0, 0, g, "x^3"), Result(v1, "skipped", 1.0, 0),
                       Result(v2, "correct", 2.0, 0, v2.question.qtype.grade(v2, str(v2.question.answer)), "x")]
    screen = _screen(width, lambda c: TerminalUI(console=c).show_summary(session, "/data"))
    text = "\n".join(screen)
    assert all(len(ln) <= width for ln in screen), screen
    assert screen[-1].startswith("Total: 1/3 correct")
    review, score = text.index("Review of missed questions"), text.index("Score")
    assert review < score
    for label in ("Question: ", "Your answer: ", "Expected: ", "Solution:"):
        assert label in text[review:score]
    assert "Your answer: (skipped)" in text
    assert "Your answer: x^3" in text
