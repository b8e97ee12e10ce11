"""Measure how long checking a code exercise takes (target: a correct solution in < 1.5 s end
to end), see docs/performance.md.

Usage:  python benchmarks/code_check.py [--runs N]

Figures: `aiquiz check BANK ID --file solution.py` as a fresh process (start-up, bank load, the
sandboxed run of every case, the verdict), for the slowest bundled exercises to check; and, in
process, one check (the sandboxed helper alone). Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXERCISES = [("implement-linear-algebra", "matmul-no-library"),
             ("implement-attention", "multi-head-attention"),
             ("implement-deep-learning", "conv2d-backward"),
             ("implement-calculus", "tiny-autodiff")]
TARGET = 1.5


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aiquiz-bench-"))
    os.environ["AIQUIZ_HOME"] = str(work / "home")
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    from aiquiz.banks.loader import load_banks
    from aiquiz.banks.variant import make_variant
    from aiquiz.sandbox import bwrap_path

    questions = {(b.id, q.id): q for b in load_banks() for q in b.questions}
    rows, missed = [], 0
    subprocess.run([sys.executable, "-m", "aiquiz", "topics"], env=env,
                   stdout=subprocess.DEVNULL, check=False)  # warm the bank cache
    for bank, qid in EXERCISES:
        q = questions[(bank, qid)]
        solution = work / f"{qid}.py"
        solution.write_text(q.answer)
        cmd = [sys.executable, "-m", "aiquiz", "check", bank, qid, "--file", str(solution)]
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            samples.append(time.perf_counter() - t)
            assert out.returncode == 0, out.stdout + out.stderr
        med = statistics.median(samples)
        ok = med < TARGET
        missed += not ok
        rows.append((f"aiquiz check {qid} (end to end)",
                     f"{med * 1000:.0f} ms ({min(samples) * 1000:.0f}–{max(samples) * 1000:.0f})",
                     f"< {TARGET * 1000:.0f} ms", "yes" if ok else "NO"))
        v = make_variant(q, 0)
        inproc = []
        for _ in range(args.runs):
            t = time.perf_counter()
            assert q.qtype.grade(v, q.answer).correct
            inproc.append(time.perf_counter() - t)
        rows.append((f"  sandboxed run alone ({len(v.question.mistakes)} mistakes kept)",
                     f"{statistics.median(inproc) * 1000:.0f} ms", "", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'measured (median, min–max)':<28} {'target':<10} ok")
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:<28} {target:<10} {ok}")
    print(f"\nsandbox: {'bubblewrap + limits + seccomp' if bwrap_path() else 'limits + seccomp'}"
          f"; machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{os.getloadavg()[0]:.2f}")
    print("all targets met" if not missed else f"{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
