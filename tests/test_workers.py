"""Helper processes (the SymPy checker today, learner code later) run isolated and die with us."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

AIQUIZ = Path(sys.executable).parent / "aiquiz"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has finished running


@pytest.mark.skipif(not AIQUIZ.exists(), reason="needs the installed aiquiz command")
def test_code_in_the_current_directory_never_runs(tmp_path):
    canary = tmp_path / "CANARY"
    for name in ("sympy.py", "json.py", "resource.py", "select.py", "aiquiz.py"):
        (tmp_path / name).write_text(f"open({str(canary)!r}, 'a').write({name!r})\n")
    (tmp_path / "aiquiz").mkdir()
    (tmp_path / "aiquiz" / "__init__.py").write_text(f"open({str(canary)!r}, 'a').write('pkg')\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # 0/0 cannot be decided on sample points: the SymPy helper is asked
    out = subprocess.run([str(AIQUIZ), "check", "calculus", "sigmoid-derivative", "0/0"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1, 2), out.stderr
    assert "Traceback" not in out.stderr
    assert not canary.exists(), canary.read_text()


def test_helper_starts_isolated_from_a_safe_directory():
    from aiquiz.workers import Limits, helper_command, safe_cwd

    cmd = helper_command("aiquiz.qtypes.sympy_worker", Limits())
    assert cmd[1] == "-I" and safe_cwd() == "/"


def test_a_helper_dies_with_its_parent(tmp_path):
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from aiquiz.qtypes import sympy_check as sc\n"
        "from aiquiz.maths import parse\n"
        "sc.prestart()\n"
        "print(sc._worker.proc.pid, flush=True)\n"
        "sc.check_equal(parse('sin(10^300 x) + cos(10^300 x)^3', ['x']), parse('0', ['x']),\n"
        "               {'x': 'real'}, timeout=120)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    helper = int(parent.stdout.readline())
    time.sleep(1.5)  # the helper is importing SymPy or computing
    assert _alive(helper)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(helper), "the SymPy helper outlived its parent"


def test_a_request_deadline_excludes_the_helpers_start_up():
    """On a busy machine SymPy can take seconds to import; that must not make a decidable
    answer 'too complex'. The deadline starts when the request is sent."""
    from aiquiz.maths import parse
    from aiquiz.qtypes import sympy_check as sc

    sc._worker.kill()  # a cold start
    t = time.monotonic()
    # 0.3 s would never cover starting Python and importing SymPy; the check itself is instant
    verdict = sc.check_equal(parse("x", ["x"]), parse("x + 0", ["x"]), {"x": "real"},
                             timeout=0.3)
    assert verdict is True, f"cold start counted against the deadline ({time.monotonic() - t:.1f}s)"
