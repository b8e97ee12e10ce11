"""The terminal: no bank text (or path, or typed line) can send it a control sequence, and a
10 MB answer line is never read whole, echoed or rendered."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time

import pytest
from rich.console import Console
from typer.testing import CliRunner

from aiquiz.banks.loader import load_bank
from aiquiz.banks.variant import make_variant
from aiquiz.cli import app
from aiquiz.text import first_control, strip_controls

from .conftest import FIXTURES, ROOT

runner = CliRunner()

# (name, YAML double-quoted escape form, what must not survive in the output)
PAYLOADS = [
    ("OSC 52 clipboard write", r"\e]52;c;ZWNobyBwd25lZA==\a", "52;c;"),
    ("OSC 8 disguised link", r"\e]8;;https://evil.example/\e\\click here\e]8;;\e\\", "evil.example"),
    ("CSI clear screen", r"\e[2J\e[3J\e[H", "[2J"),
    ("hidden text", r"\e[8mrm -rf ~\e[0m", "[8m"),
    ("window title", r"\e]0;pwned\a", "pwned"),
    ("carriage return overwrite", r"harmless\rEVIL", "\r"),
    ("8-bit CSI", r"\x9b2J", "\x9b"),
    ("8-bit OSC", r"\x9d52;c;Zm9v\x9c", "Zm9v"),
    ("backspaces", r"good\b\b\b\bbad!", "\b"),
]
FIELDS = ["prompt", "hint", "solution", "choice", "feedback", "title", "accept"]


def _bank(tmp_path, field: str, payload: str):
    t = {"prompt": "Pick one.", "hint": "h", "solution": "s", "choice": "b", "feedback": "no",
         "title": "t", "accept": "c"}
    t[field] = f"x {payload} y"
    q = "question" if field == "accept" else "choice-q"
    body = f'''bank: evil
title: "{t['title']}"
questions:
  - id: choice-q
    type: conceptual
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    prompt: "{t['prompt']}"
    choices: ["a", "{t['choice']}"]
    answer: a
    hints: ["{t['hint']}"]
    solution: "{t['solution']}"
    mistakes:
      - answer: b
        feedback: "{t['feedback']}"
  - id: question
    type: conceptual
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    prompt: Name it.
    answer: thing
    accept: ["{t['accept']}"]
    hints: [h]
    solution: s
'''
    path = tmp_path / "evil.yaml"
    path.write_text(body)
    return path, q


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name, payload, residue", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_control_sequences_in_bank_text_are_refused_with_where(tmp_path, field, name, payload,
                                                                residue):
    path, qid = _bank(tmp_path, field, payload)
    r = runner.invoke(app, ["bank", "validate", str(path)])
    assert r.exit_code == 2, r.output
    line = r.output.splitlines()[0]
    assert line.startswith(f"{path}:") and "contains a control character" in line
    if field != "title":
        assert f"[{qid}]" in line
    # a session refuses the bank the same way, and nothing reaches the terminal
    r = runner.invoke(app, ["practice", "--bank", str(path), "--count", "2"], input=":q\n:q\n")
    assert r.exit_code == 2 and "contains a control character" in r.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", r.output)


@pytest.mark.parametrize("name, payload, residue", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_whatever_reaches_the_screen_is_stripped(name, payload, residue):
    """Defence in depth: a question that got past the checks (built in memory here) still
    cannot emit a control sequence through the session UI."""
    import codecs

    from aiquiz.cli.ui import TerminalUI
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Result, Session

    raw = codecs.decode(payload.replace(r"\e", r"\x1b").replace(r"\a", r"\x07"),
                        "unicode_escape")
    assert first_control(raw) and not first_control(strip_controls(raw))
    assert residue not in strip_controls(raw)
    q = {q.id: q for q in load_bank(FIXTURES / "mini.yaml").questions}["norm-choice"]
    q.prompt, q.hints, q.solution = f"P {raw}", [f"H {raw}"], f"S {raw}"
    q.fields = dict(q.fields, choices=[f"C {raw}"] + q.fields["choices"][1:])
    v = make_variant(q, 0)
    out = io.StringIO()
    ui = TerminalUI(Console(file=out, width=100, force_terminal=False, color_system=None))
    s = Session(FixedPlanner([q], 0), PRACTICE, 0, None)
    ui.show_question(s, 0, v)
    ui.show_hint(v.hints[0], 1, 1)
    ui.show_solution(v)
    r = Result(v, "wrong", 1.0, 0, q.qtype.grade(v, "b"), "b")
    s.results.append(r)
    ui.show_feedback(s, r)
    ui.show_notice(f"N {raw}")
    text = out.getvalue()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text[:300])
    assert residue not in text


def test_error_messages_naming_a_strange_path_are_stripped(tmp_path):
    odd = tmp_path / "bank\x1b]52;c;eA==\x07.yaml"
    r = runner.invoke(app, ["bank", "validate", str(odd)])
    assert r.exit_code == 2 and "no such file" in r.output
    assert "\x1b" not in r.output and "\x07" not in r.output


def test_a_10_mb_answer_line_is_refused_without_echoing_it(tmp_path, home):
    """34-73 s of CPU before (rich rendering the echo); now bounded reading and a short echo.
    The time is printed for docs/security.md, not asserted."""
    import os

    env = dict(os.environ, AIQUIZ_HOME=str(home), PYTHONPATH=str(ROOT), COLUMNS="100")
    huge = "1" * 10_000_000
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "aiquiz", "practice", "--bank",
                        str(FIXTURES / "mini.yaml"), "--topic", "calculus", "--count", "1",
                        "--seed", "2"], input=f"{huge}\n:q\n", env=env, capture_output=True,
                       text=True, timeout=120)
    elapsed = time.perf_counter() - t
    print(f"10 MB answer line: session ended in {elapsed:.2f}s, {len(r.stdout):,} bytes output")
    assert r.returncode == 0, r.stderr
    assert "longer than 2000 characters" in r.stdout
    assert "(10,000,000 characters)" in r.stdout
    assert len(r.stdout) < 20_000
    assert "Quit after 0 of 1" in r.stdout  # the :q after it was read as the next line
