"""Time and peak memory of everyday commands with a very large history (issue 10: with a 200 MB
snapshot every command took 3.7 s and 930 MB).

Usage:  python benchmarks/big_history.py [--mb 200]

Writes a snapshot of about the given size under benchmarks/_work/big/ (as aiquiz would leave
it, but with no summary, as after a hand edit), then runs each command in a fresh process and
prints its wall time and peak resident memory. Not part of the test suite: timings are noisy;
tests/test_datafiles.py checks the behaviour (no command but the first reparses the snapshot).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work" / "big"
sys.path.insert(0, str(ROOT))

MEASURE = ("import resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "subprocess.run(sys.argv[2:], input=sys.argv[1].encode(), stdout=subprocess.DEVNULL,"
           " stderr=subprocess.DEVNULL)\n"
           "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def write_snapshot(home: Path, megabytes: int) -> int:
    from aiquiz.syllabus import CATEGORIES

    cats = list(CATEGORIES.items())
    home.mkdir(parents=True, exist_ok=True)
    for p in home.glob("progress*"):
        p.unlink()
    n = 0
    size = 0
    with open(home / "progress.json", "w") as fh:
        head = '{"format":1,"snapshot":"%s","attempts":[' % ("0" * 32)
        fh.write(head)
        size += len(head)
        while size < megabytes * 1_000_000:
            cat, items = cats[n % len(cats)]
            ok = n % 3 != 0
            line = json.dumps({
                "id": f"{n:032x}", "question": f"bank/q{n % 400}", "bank": "bank",
                "topic": "calculus", "category": cat, "checklist_item": items[n % 4],
                "type": "numeric", "mode": "practice", "seed": n,
                "status": "correct" if ok else "wrong", "correct": ok, "seconds": 12.5,
                "hints": 0, "at": "2026-11-21T10:00:00+00:00"}, separators=(",", ":"))
            fh.write(("," if n else "") + line)
            size += len(line) + 1
            n += 1
        fh.write("]}")
    return n


def measure(args: list[str], env: dict, stdin: str = "") -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE, stdin, *args], env=env,
                         capture_output=True, text=True, check=True, cwd="/").stdout.split()
    return float(out[0]), int(out[1]) / 1024  # seconds, MB


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200)
    args = ap.parse_args()
    home = WORK / "home"
    n = write_snapshot(home, args.mb)
    env = dict(os.environ, AIQUIZ_HOME=str(home), PYTHONPATH=str(ROOT))
    aiquiz = [sys.executable, "-m", "aiquiz"]
    practice = aiquiz + ["practice", "--topic", "calculus", "--count", "1", "--seed", "1"]
    rows = [
        ("aiquiz progress (first: rebuilds the stale summary)", aiquiz + ["progress"], ""),
        ("aiquiz progress", aiquiz + ["progress"], ""),
        ("aiquiz progress --json", aiquiz + ["progress", "--json"], ""),
        ("aiquiz practice, one answer (:s)", practice, ":s\n"),
        ("aiquiz progress after that answer", aiquiz + ["progress"], ""),
        ("aiquiz topics", aiquiz + ["topics"], ""),
    ]
    size = (home / "progress.json").stat().st_size / 1e6
    print(f"snapshot: {size:.0f} MB, {n:,} attempts; machine: {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    for name, cmd, stdin in rows:
        seconds, mb = measure(cmd, env, stdin)
        print(f"{name:<55} {seconds:6.2f} s  {mb:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
