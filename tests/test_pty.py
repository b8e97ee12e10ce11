"""Real sessions through a pseudo-terminal: the answer line (editing with arrow keys, history
recalled across questions and sessions, the live preview of how an answer is read), hints,
unreadable input, a retry, and Ctrl-C."""

from __future__ import annotations

import json
import os
import sys

import pexpect

from .conftest import FIXTURES, ROOT


def _spawn(home, *args, term="xterm"):
    env = dict(os.environ, AIQUIZ_HOME=str(home), COLUMNS="80", NO_COLOR="1",
               PYTHONPATH=str(ROOT), TERM=term)
    return pexpect.spawn(sys.executable, ["-m", "aiquiz", "practice", "--only-bank",
                                          str(FIXTURES / "mini.yaml"), *args],
                         env=env, encoding="utf-8", timeout=90, dimensions=(40, 80))


def test_practice_in_a_real_terminal_survives_ctrl_c(home):
    child = _spawn(home, "--topic", "calculus", "--count", "4", "--seed", "1", term="dumb")
    child.expect("Question 1/4")
    child.expect("› ")
    child.sendline("2x")  # question 1 with seed 1 is d/dx x²
    child.expect("✓ Correct")
    child.expect("next question")
    child.sendline("")
    child.expect("Question 2/4")
    child.expect("› ")
    child.sendline(":h")
    child.expect("Hint 1/1")
    child.sendline("this is not maths")
    child.expect("Could not read that")
    child.expect("› ")
    child.sendintr()
    child.expect("Interrupted")
    child.expect("Total:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    data = json.loads((home / "progress.json").read_text())
    assert len(data["attempts"]) == 1


LEFT, UP = "\x1b[D", "\x1b[A"


class Terminal:
    """A pseudo-terminal that answers prompt_toolkit's cursor-position requests, as a real
    terminal does (without the answer it cannot place the bottom toolbar)."""

    def __init__(self, child):
        self.child = child

    def expect(self, pattern: str) -> None:
        while self.child.expect([pattern, "\x1b\\[6n"]) == 1:
            self.child.send("\x1b[5;1R")

    def send(self, text: str) -> None:
        self.child.send(text)

    def sendline(self, text: str) -> None:
        self.child.sendline(text)


def test_the_answer_line_edits_previews_and_remembers(home):
    proc = _spawn(home, "--question", "mini/d-x-squared", "--question", "mini/third")
    child = Terminal(proc)
    child.expect("Question 1/2")
    child.send("2yx")
    child.expect("unknown yx")               # the live preview, before Enter
    child.send(LEFT + LEFT + "\x1b[3~")      # two left, Delete: the y goes, "2x" stays
    child.expect("reads as 2·x")
    child.sendline("")
    child.expect("✓ Correct")
    child.sendline("")
    child.expect("Question 2/2")
    child.send("1/4")
    child.expect("reads as 1/4")
    child.sendline("")
    child.expect("Not yet")                  # a wrong answer in practice: one more try
    child.send(UP)                           # history recalls the last numeric answer
    child.expect("reads as 1/4")
    child.send("\x7f\x7f\x7f" + "1/3")
    child.sendline("")
    child.expect("✓ Correct")
    child.sendline("")
    child.expect("2/2 correct")
    proc.expect(pexpect.EOF)
    proc.close()
    assert proc.exitstatus == 0
    # history is kept per question type in the data dir, for the next session
    assert "1/4" in (home / "history" / "numeric.txt").read_text()
    assert "2x" in (home / "history" / "derivation.txt").read_text()
    attempts = json.loads((home / "progress.json").read_text())["attempts"]
    assert [a["retried"] for a in attempts] == [False, True]
