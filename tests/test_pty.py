"""One real session through a pseudo-terminal: answer, hint, unreadable input, Ctrl-C."""

from __future__ import annotations

import json
import os
import sys

import pexpect

from .conftest import FIXTURES, ROOT


def test_practice_in_a_real_terminal_survives_ctrl_c(home):
    env = dict(os.environ, AIQUIZ_HOME=str(home), COLUMNS="80", NO_COLOR="1",
               PYTHONPATH=str(ROOT))
    child = pexpect.spawn(sys.executable, ["-m", "aiquiz", "practice", "--only-bank",
                                           str(FIXTURES / "mini.yaml"), "--topic", "calculus",
                                           "--count", "4", "--seed", "1"],
                          env=env, encoding="utf-8", timeout=20, dimensions=(40, 80))
    child.expect("Question 1/4")
    child.expect("› ")
    prompt = child.before
    answer = "2x" if "Differentiate" in prompt else (
        "1/3" if "1/3 as" in prompt else ":s")
    child.sendline(answer)
    child.expect("Question 2/4")
    child.expect("› ")
    child.sendline(":h")
    child.expect("Hint 1/1")
    child.sendline("this is not maths")
    child.expect("Could not read that")
    child.expect("› ")
    child.sendintr()
    child.expect("Interrupted")
    child.expect("Summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    data = json.loads((home / "progress.json").read_text())
    assert len(data["attempts"]) == 1
