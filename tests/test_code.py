"""The `code` question type: every bundled exercise's reference passes and every kept wrong
implementation fails with its own message; learner code runs sandboxed and bounded; forbidden
library calls are named with their line; banks from elsewhere run code only once trusted;
`aiquiz check --file`; a piped practice session with a code question."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiquiz.banks.loader import all_questions, load_banks
from aiquiz.banks.selftest import run_question_tests
from aiquiz.banks.variant import make_variant
from aiquiz.cli import app
from aiquiz.qtypes.code import workspace_file
from aiquiz.qtypes.grade import Status
from aiquiz.sandbox import bwrap_path
from aiquiz.syllabus import CATEGORIES

from .conftest import BANKS

CODE = [q for q in all_questions(load_banks([BANKS])) if q.type == "code"]
MATMUL = next(q for q in CODE if q.id == "matmul-no-library")


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


def grade(q, source: str, seed: int = 0):
    return q.qtype.grade(make_variant(q, seed), source)


# ------------------------------------------------------------------------------ the exercises

def test_at_least_24_exercises_cover_every_checklist_item():
    assert len(CODE) >= 24
    items = {q.checklist_item for q in CODE}
    for category, names in CATEGORIES.items():
        for name in names:
            assert name in items, f"no code exercise for {name!r} ({category})"


@pytest.mark.parametrize("q", CODE, ids=[q.key for q in CODE])
def test_reference_passes_and_every_kept_mistake_fails_with_its_message(q):
    assert len(q.mistakes) >= 3 and q.hints and q.solution.strip()
    checks, failures = run_question_tests(q)
    assert checks == 1 + len(q.mistakes)
    assert failures == [], [str(f) for f in failures]


@pytest.mark.parametrize("q", CODE, ids=[q.key for q in CODE])
def test_the_starter_defines_the_entry_and_is_not_a_solution(q):
    from aiquiz.qtypes.code import defines

    starter = q.qtype.starter(q)
    assert defines(starter, q.fields["entry"])
    g = grade(q, starter)
    assert g.status is Status.WRONG and "NotImplementedError" in g.feedback


def test_feedback_names_the_case_expected_and_got_and_the_error():
    g = grade(MATMUL, "import numpy as np\ndef matmul(A, B):\n"
                      "    return np.ones((A.shape[0], B.shape[1]))\n")
    assert g.status is Status.WRONG
    assert "case 1/" in g.feedback and "A: array (" in g.feedback
    assert "expected" in g.feedback and "got" in g.feedback and "max abs error" in g.feedback
    assert {d["status"] for d in g.details} <= {"pass", "fail", "error"}


def test_shape_mismatch_and_transpose_are_said_as_such():
    g = grade(MATMUL, "import numpy as np\ndef matmul(A, B):\n"
                      "    return np.zeros((B.shape[1], A.shape[0]))\n")
    assert "shape mismatch: expected shape (" in g.feedback


def test_dtype_mismatch_is_said_as_such():
    q = next(q for q in CODE if q.id == "pairwise-squared-distances")
    g = grade(q, "import numpy as np\ndef sq_dists(X, Y):\n"
                 "    return np.zeros((len(X), len(Y)), dtype=int)\n")
    assert "dtype mismatch" in g.feedback


def test_a_traceback_shows_only_the_learners_file():
    g = grade(MATMUL, "import numpy as np\n\ndef matmul(A, B):\n"
                      "    return np.concatenate([A, B], axis=5)\n")
    assert g.status is Status.WRONG
    assert "line 4, in matmul: return np.concatenate([A, B], axis=5)" in g.feedback
    assert "site-packages" not in g.feedback and "code_runner" not in g.feedback


def test_a_file_that_fails_to_load_is_reported():
    g = grade(MATMUL, "import numpy as np\nraise ValueError('boom')\ndef matmul(A, B):\n"
                      "    pass\n")
    assert g.status is Status.WRONG and "ValueError: boom" in g.feedback
    assert g.details[0]["name"] == "loading your file"


def test_a_syntax_error_is_not_counted():
    g = grade(MATMUL, "def matmul(A, B):\n    return (\n")
    assert g.status is Status.UNREADABLE and "SyntaxError on line" in g.feedback


# ------------------------------------------------------------------------------ no library

@pytest.mark.parametrize("body, shown", [
    ("    return A @ B", "`@`"),
    ("    return np.dot(A, B)", "`np.dot`"),
    ("    return A.dot(B)", "`A.dot`"),
    ("    return np.linalg.multi_dot([A, B])", "`np.linalg.multi_dot`"),
    ("    C = A.copy(); C @= B\n    return C", "`@`"),
    ("    from numpy import matmul as mm\n    return mm(A, B)", "`from numpy import matmul as mm`"),
    ("    return eval('np.dot')(A, B)", "`eval`"),
])
def test_forbidden_calls_are_rejected_before_running_with_their_line(body, shown):
    source = "import numpy as np\n\ndef matmul(A, B):\n" + body + "\n"
    g = grade(MATMUL, source)
    assert g.status is Status.WRONG
    assert f"line 4: {shown} is not allowed in this exercise" in g.feedback, g.feedback
    assert g.details == [{"name": "no library calls", "status": "fail", "message": g.feedback}]


def test_loops_and_other_numpy_calls_are_allowed():
    g = grade(MATMUL, "import numpy as np\ndef matmul(A, B):\n"
                      "    return np.array([[np.sum(A[i] * B[:, j]) for j in range(B.shape[1])]"
                      " for i in range(A.shape[0])])\n")
    assert g.correct, g.feedback


# ------------------------------------------------------------------------------ the sandbox

def _bounded(source: str):
    t = time.monotonic()
    g = grade(MATMUL, "import os\nimport numpy as np\n" + source)
    elapsed = time.monotonic() - t
    assert elapsed < 10 + 8, elapsed  # the 10 s deadline, plus start-up and clean-up
    assert g.status is Status.WRONG
    return g


def test_an_infinite_loop_is_stopped_at_the_deadline_and_reported_in_one_line():
    g = _bounded("def matmul(A, B):\n    while True:\n        pass\n")
    assert "stopped after 10 s: case 1 did not finish" in g.feedback.lower()
    assert "\n" not in g.details[-1]["message"]


def _one_line(g, text: str) -> None:
    first = next(d["message"] for d in g.details if d["status"] != "pass")
    assert text in first and "\n" not in first, first


def test_a_memory_bomb_is_stopped_and_reported_in_one_line():
    g = _bounded("def matmul(A, B):\n    x = bytearray(8 * 1024**3)\n    return x\n")
    _one_line(g, "MemoryError: your code ran out of memory")


def test_a_fork_bomb_is_stopped_and_reported_in_one_line():
    g = _bounded("def matmul(A, B):\n    while True:\n        os.fork()\n")
    _one_line(g, "may not start processes or programs")


def test_running_another_program_is_refused():
    g = _bounded("def matmul(A, B):\n    os.system('touch /tmp/aiquiz-canary')\n"
                 "    import subprocess\n    subprocess.run(['true'], check=True)\n")
    assert "may not start processes" in g.feedback
    assert not Path("/tmp/aiquiz-canary").exists()


def test_a_dying_process_is_reported_in_one_line():
    g = _bounded("def matmul(A, B):\n    os._exit(3)\n")
    assert "the process running your code died during case 1 (exited with code 3)" in \
        g.feedback.lower()


def test_printing_does_not_confuse_the_checker():
    source = MATMUL.answer.replace("    n, k = A.shape",
                                   "    print('{\"done\": true}')\n    n, k = A.shape")
    assert grade(MATMUL, source).correct


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) is not installed")
def test_code_cannot_touch_the_data_dir_or_write_outside_its_workspace(home):
    from aiquiz.learner.store import ProgressStore

    store = ProgressStore(home)
    store.record({"id": "a" * 32, "question": "b/q", "category": "Calculus", "correct": True})
    store.compact(lambda attempts: {})
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    attack = f"""
import os, glob
HOME = {str(home)!r}
def matmul(A, B):
    for path in glob.glob(HOME + '/*') + [HOME + '/progress.json', HOME + '/canary']:
        try:
            open(path, 'w').write('owned')
        except OSError:
            pass
    for path in ({str(Path.cwd() / 'canary')!r}, os.path.expanduser('~/canary')):
        try:
            open(path, 'w').write('x')
        except OSError:
            pass
    return A[:, :0]
"""
    g = grade(MATMUL, attack)
    assert g.status is Status.WRONG
    after = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    assert after == before
    assert not (Path.cwd() / "canary").exists()


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) is not installed")
def test_a_data_dir_outside_tmp_is_hidden_from_code(monkeypatch):
    home = Path(tempfile.mkdtemp(prefix="aiquiz-test-", dir="/var/tmp"))
    try:
        monkeypatch.setenv("AIQUIZ_HOME", str(home))
        (home / "progress.json").write_text('{"format": 1, "attempts": []}')
        q = next(q for q in CODE if q.id == "pairwise-squared-distances")
        peek = q.answer.replace('    diff = X[:, None, :] - Y[None, :, :]', f"""\
    try:
        open({str(home / 'canary')!r}, 'w').write('x')
    except OSError:
        pass
    try:
        open({str(home / 'progress.json')!r}).read()
        return np.zeros(1)  # it could read the learner's data: fail the check
    except OSError:
        pass
    diff = X[:, None, :] - Y[None, :, :]""")
        assert grade(q, peek).correct  # it could neither read nor write the data dir
        assert sorted(p.name for p in home.iterdir()) == ["progress.json"]
    finally:
        shutil.rmtree(home, ignore_errors=True)


# ------------------------------------------------------------------------------ aiquiz check

def test_check_a_file_with_json_results_per_case(tmp_path):
    good = tmp_path / "solution.py"
    good.write_text(MATMUL.answer)
    r = run("check", "implement-linear-algebra", "matmul-no-library", "--file", str(good),
            "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["correct"] and out["result"] == "pass"
    assert len(out["tests"]) >= 5 and {t["status"] for t in out["tests"]} == {"pass"}
    bad = tmp_path / "wrong.py"
    bad.write_text(MATMUL.mistakes[0].answer)
    r = run("check", "implement-linear-algebra", "matmul-no-library", "--file", str(bad),
            "--json")
    assert r.exit_code == 1
    out = json.loads(r.output)
    assert out["result"] == "fail" and out["mistake"] == MATMUL.mistakes[0].feedback
    assert any(t["status"] == "fail" and t["message"] for t in out["tests"])
    r = run("check", "implement-linear-algebra", "matmul-no-library", "--file", str(bad))
    assert r.exit_code == 1 and r.output.startswith("not correct: ")


def test_check_a_code_question_without_a_file_is_a_one_line_error():
    r = run("check", "implement-linear-algebra", "matmul-no-library")
    assert r.exit_code == 2
    assert "give the answer to grade with --file solution.py" in r.output
    assert "Traceback" not in r.output


# ------------------------------------------------------------------------------ trust

def _stranger_bank(tmp_path) -> Path:
    """A copy of one bundled exercise in a bank that is not bundled."""
    import yaml

    data = yaml.safe_load((BANKS / "implement-linear-algebra.yaml").read_text())
    data["bank"] = "stranger"
    data["questions"] = [q for q in data["questions"] if q["id"] == "matmul-no-library"]
    path = tmp_path / "stranger.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def test_a_bank_from_elsewhere_runs_code_only_once_trusted(tmp_path):
    bank = _stranger_bank(tmp_path)
    sol = tmp_path / "solution.py"
    sol.write_text(MATMUL.answer)
    r = run("check", str(bank), "matmul-no-library", "--file", str(sol))
    assert r.exit_code == 2 and "not bundled with aiquiz nor trusted; add --trust" in r.output
    r = run("bank", "test", str(bank))
    assert "1 code question of" in r.output and "skipped" in r.output
    r = run("check", str(bank), "matmul-no-library", "--file", str(sol), "--trust")
    assert r.exit_code == 0, r.output
    r = run("check", str(bank), "matmul-no-library", "--file", str(sol))
    assert r.exit_code == 0, r.output  # remembered by the file's hash
    bank.write_text(bank.read_text() + "\n# edited\n")
    r = run("check", str(bank), "matmul-no-library", "--file", str(sol))
    assert r.exit_code == 2  # a changed file must be trusted again


def test_practice_skips_untrusted_code_questions_and_says_why(tmp_path):
    bank = _stranger_bank(tmp_path)
    r = run("practice", "--bank", str(bank), "--seed", "1", input="")
    assert "skipped: that bank is not bundled with aiquiz" in r.output
    assert "--trust" in r.output


# ------------------------------------------------------------------------------ sessions

def test_a_piped_practice_session_with_a_code_question(tmp_path, home):
    bank = _stranger_bank(tmp_path)
    args = ["practice", "--only-bank", str(bank), "--seed", "1", "--trust"]
    r = run(*args, input="\n:s\n")
    assert r.exit_code == 0, r.output
    path = home / "workspace" / "stranger" / "matmul-no-library.py"
    assert f"Your file: {path}" in r.output.replace("\n", "")
    assert "✗ Not yet." in r.output and "NotImplementedError" in r.output
    assert "Skipped." in r.output
    path.write_text(MATMUL.answer)
    r = run(*args, input=":check\n")
    assert r.exit_code == 0, r.output
    assert "✓ Correct." in r.output
    saved = json.loads((home / "progress.json").read_text())["attempts"]
    assert [(a["status"], a["type"], a["checklist_item"]) for a in saved] == [
        ("skipped", "code", "Matrix multiplication (no library)"),
        ("correct", "code", "Matrix multiplication (no library)")]
    r = run("progress", "--json")
    assert r.exit_code == 0


def test_the_loop_lets_a_failing_check_be_fixed_and_checked_again(tmp_path):
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Session, run_session

    from .test_registry import ScriptedUI

    q = MATMUL
    path = workspace_file(q)

    class EditingUI(ScriptedUI):
        def show_answer_file(self, p, reopen=False):
            self.events.append(("file", str(p)))

        def show_retry(self, session, r):
            self.events.append(("retry", r.grade.feedback))
            path.write_text(q.answer)  # the learner fixes the file

    ui = EditingUI(["", ""])
    session = Session(FixedPlanner([q], 0), PRACTICE, 0, None)
    run_session(session, ui)
    assert ("file", str(path)) in ui.events
    assert [e[0] for e in ui.events if e[0] in ("retry", "feedback")] == ["retry", "feedback"]
    assert [r.status for r in session.results] == ["correct"]
