"""Measure aiquiz's performance figures against the targets of docs/performance.md.

Usage:  python benchmarks/run.py [--runs N] [--quick]
(checking code exercises is measured by benchmarks/code_check.py)

Everything it needs (a minimal Typer app for the floors, synthetic banks of 300 and 10,000
questions, a history of 100,000 attempts) is generated under benchmarks/_work/. Each figure is
measured over repeated runs (median, with min–max spread); the floors are measured in the same
run so ratios stay meaningful on a loaded machine. Prints a table and exits 1 if a target is
missed. Not part of the test suite: timings are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
sys.path.insert(0, str(ROOT))

FLOOR_APP = textwrap.dedent('''
    import typer
    app = typer.Typer()
    sub = typer.Typer()
    app.add_typer(sub, name="group")

    @app.command()
    def run(topic: str = typer.Option(None), count: int = typer.Option(10),
            seed: int = typer.Option(None), json_: bool = typer.Option(False, "--json")):
        """An empty command."""

    @sub.command()
    def other(path: str = typer.Argument("x")):
        """Another command."""

    if __name__ == "__main__":
        app()
''')


def median_spread(samples: list[float]) -> tuple[float, float, float]:
    return statistics.median(samples), min(samples), max(samples)


def time_cmd(args: list[str], env: dict, runs: int, stdin: bytes = b"") -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, input=stdin, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - t)
    return out


def interleaved(floor_fn, subject_fn, runs: int) -> tuple[float, list[float]]:
    """Alternate floor and subject runs, so load that drifts during the benchmark hits both
    alike. Returns (median floor, subject samples)."""
    floors, samples = [], []
    for _ in range(runs):
        floors.extend(floor_fn(1))
        samples.extend(subject_fn(1))
    return statistics.median(floors), samples


def time_to_text(args: list[str], env: dict, needle: bytes, runs: int) -> list[float]:
    """Wall time from process start until `needle` appears on its stdout."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        buf = b""
        assert p.stdout is not None
        while needle not in buf:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
        out.append(time.perf_counter() - t)
        p.kill()
        p.wait()
    return out


def question_to_input(aiquiz: list[str], env: dict, runs: int) -> list[float] | None:
    """In a real terminal: from the question appearing on screen to the answer line being ready
    for typing (prompt_toolkit is imported only then). None when pexpect is not installed."""
    try:
        import pexpect
    except ImportError:
        return None
    out = []
    term_env = dict(env, TERM="xterm")
    for _ in range(runs):
        child = pexpect.spawn(aiquiz[0], aiquiz[1:] + ["practice", "--question",
                                                     "calculus/sigmoid-derivative"],
                              env=term_env, timeout=30, dimensions=(40, 80))
        child.expect(b"Question 1/1")
        shown = time.perf_counter()
        # the line editor asks the terminal where the cursor is once it is ready to draw
        child.expect([b"\x1b\\[6n", b"\xe2\x80\xba"])
        out.append(time.perf_counter() - shown)
        child.terminate(force=True)
    return out


def synth_banks(n_questions: int, dest: Path) -> None:
    """Copies of the bundled questions with fresh ids, spread over files of <= 500 questions."""
    import yaml

    from aiquiz.banks.files import bundled_banks_dir

    source = []
    for f in sorted(bundled_banks_dir().glob("*.yaml")):
        source.extend(yaml.safe_load(f.read_text())["questions"])
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    qs = []
    for i in range(n_questions):
        q = dict(source[i % len(source)])
        q["id"] = f"{q['id']}-{i}"
        qs.append(q)
    for start in range(0, n_questions, 500):
        chunk = qs[start:start + 500]
        (dest / f"synth-{start // 500:03d}.yaml").write_text(yaml.safe_dump(
            {"bank": f"synth-{start // 500:03d}", "title": "synthetic", "questions": chunk},
            allow_unicode=True, sort_keys=False))


def synth_history(home: Path, n: int) -> None:
    from aiquiz.syllabus import CATEGORIES

    cats = list(CATEGORIES.items())
    attempts = []
    for i in range(n):
        cat, items = cats[i % len(cats)]
        attempts.append({"id": f"{i:032x}", "question": f"bank/q{i % 400}", "bank": "bank",
                         "topic": "calculus", "category": cat, "checklist_item": items[i % 4],
                         "type": "numeric", "mode": "practice", "seed": i,
                         "status": "correct" if i % 3 != 0 else "wrong",
                         "correct": i % 3 != 0, "seconds": 12.5, "hints": 0,
                         "at": "2026-11-21T10:00:00+00:00"})
    home.mkdir(parents=True, exist_ok=True)
    for p in home.glob("progress*"):
        p.unlink()
    (home / "progress.json").write_text(json.dumps({"format": 1, "attempts": attempts}))
    # leave it as aiquiz itself would after a session: compacted, with its summary
    from aiquiz.learner.tally import summarise
    from aiquiz.learner.store import ProgressStore

    ProgressStore(home).compact(summarise)


def grading_corpus():
    """(variant, answer text, kind) over the bundled banks: reference answers, mistakes and
    tests, i.e. right and wrong answers a learner could type."""
    from aiquiz.banks.loader import all_questions, load_banks
    from aiquiz.banks.variant import make_variant

    corpus = []
    for q in all_questions(load_banks()):
        if q.type not in ("numeric", "derivation"):  # code: benchmarks/code_check.py
            continue
        for seed in range(3 if q.parametric else 1):
            v = make_variant(q, seed)
            for raw in [q.answer] + [m.answer for m in q.mistakes] + q.tests_accept \
                    + q.tests_reject:
                corpus.append((v, q.qtype.sample_text(raw, v.params), q.type))
    return corpus


def answer_test_pairs():
    """(answer, reference, variables) of the answer-test corpus built from STACK, PrairieLearn
    and WeBWorK (tests/fixtures/answer_tests.yaml): hard cases a learner could type."""
    import yaml

    from aiquiz.errors import AnswerError
    from aiquiz.maths import parse

    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "answer_tests.yaml").read_text())
    pairs = []
    for case in data["cases"]:
        variables = case.get("variables") or {}
        try:
            parse(case["answer"], list(variables))
            parse(case["reference"], list(variables))
        except AnswerError:
            continue
        pairs.append((case["answer"], case["reference"], variables))
    return pairs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="fewer runs, smaller synthetic data")
    args = ap.parse_args()
    runs = 3 if args.quick else args.runs
    WORK.mkdir(parents=True, exist_ok=True)
    floor = WORK / "floor_app.py"
    floor.write_text(FLOOR_APP)
    home = WORK / "home"
    os.environ["AIQUIZ_HOME"] = str(home)  # in-process figures use the same data and cache
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80", PYTHONPATH=str(ROOT))
    py = sys.executable
    aiquiz = [py, "-m", "aiquiz"]
    rows = []

    def row(name, samples, target, floor_value=None, unit="s"):
        med, lo, hi = median_spread(samples)
        if floor_value is not None:
            ratio = med / floor_value
            ok = ratio <= target
            rows.append((name, f"{med * 1000:.0f} ms ({lo * 1000:.0f}–{hi * 1000:.0f})",
                         f"≤ {target}× floor", f"{ratio:.2f}×", ok))
        else:
            ok = med <= target
            shown = f"{med * 1000:.1f} ms ({lo * 1000:.1f}–{hi * 1000:.1f})"
            rows.append((name, shown, f"< {target * 1000:g} ms", f"{med / target:.2f}", ok))

    # ---- floors (same run) and start-up
    synth_history(home, 0)
    subprocess.run(aiquiz + ["topics"], env=env, stdout=subprocess.DEVNULL, check=False)  # warm
    def floor_help_fn(n):
        return time_cmd([py, str(floor), "--help"], env, n)

    def floor_run_fn(n):
        return time_cmd([py, str(floor), "run"], env, n)

    floor_help, help_s = interleaved(floor_help_fn, lambda n: time_cmd(aiquiz + ["--help"], env, n),
                                     runs)
    rows.append(("floor: typer --help", f"{floor_help * 1000:.0f} ms", "", "", True))
    row("aiquiz --help", help_s, 1.3, floor_help)
    for name, cmd, target in (("aiquiz topics", ["topics"], 1.3),
                              ("aiquiz progress (empty)", ["progress"], 1.3)):
        f, samples = interleaved(floor_run_fn, lambda n, c=cmd: time_cmd(aiquiz + c, env, n),
                                 runs)
        rows.append(("floor: typer empty command", f"{f * 1000:.0f} ms", "", "", True))
        row(name, samples, target, f)
    f, first_q = interleaved(floor_run_fn, lambda n: time_to_text(
        aiquiz + ["practice", "--topic", "calculus", "--count", "1", "--seed", "1"], env,
        b"Question 1/1", n), runs)
    rows.append(("floor: typer empty command", f"{f * 1000:.0f} ms", "", "", True))
    row("first question (calculus)", first_q, 1.5, f)
    ready = question_to_input(aiquiz, env, runs)
    if ready is not None:  # reported, not a target: keystrokes typed meanwhile are kept
        med, lo, hi = median_spread(ready)
        rows.append(("question shown to answer line ready",
                     f"{med * 1000:.0f} ms ({lo * 1000:.0f}–{hi * 1000:.0f})",
                     "(info)", "", True))

    # ---- in-process grading
    from aiquiz.qtypes import grade_answer as grade
    from aiquiz.maths import parse
    from aiquiz.qtypes.equivalence import equivalent
    from aiquiz.qtypes.sympy_check import check_equal, prestart

    corpus = grading_corpus()
    grade(corpus[0][0], corpus[0][1])  # import numpy once, as a session's first answer would
    prestart()  # as a session does while the first question is read
    import mpmath  # noqa: F401 - likewise warmed at session start
    time.sleep(2.0)
    times = {"numeric": [], "derivation": []}
    # on a busy machine: two processes spinning on the CPU meanwhile (2 cores here)
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for v, text, kind in corpus:
            t = time.perf_counter()
            grade(v, text)
            times[kind].append(time.perf_counter() - t)
        for a_text, b_text, variables in answer_test_pairs():
            a, b = parse(a_text, list(variables)), parse(b_text, list(variables))
            t = time.perf_counter()
            equivalent(a, b, variables)
            times["derivation"].append(time.perf_counter() - t)
    finally:
        for h in hogs:
            h.kill()
            h.wait()
    n_num, n_der = len(times["numeric"]), len(times["derivation"])
    row(f"numeric grade median ({n_num} answers)", times["numeric"], 0.001)
    row(f"symbolic grade median ({n_der} answers, 2 CPU hogs)", times["derivation"], 0.005)
    ordered = sorted(times["derivation"])
    p99, worst = ordered[int(0.99 * (n_der - 1))], ordered[-1]
    rows.append(("symbolic grade p99 (2 CPU hogs)", f"{p99 * 1000:.1f} ms", "≤ 100 ms",
                 f"{p99 / 0.1:.2f}", p99 <= 0.1))
    rows.append(("symbolic grade worst (2 CPU hogs)", f"{worst * 1000:.0f} ms", "≤ 3000 ms",
                 f"{worst / 3:.2f}", worst <= 3))
    # first symbolic grade after 2 s of reading, with the SymPy worker started at session start
    prestart()
    time.sleep(2.0)
    deriv = next(v for v, _, k in corpus if k == "derivation")
    t = time.perf_counter()
    grade(deriv, "x")
    first_sym = time.perf_counter() - t
    a, b = parse("sin(x)^2 + cos(x)^2", ["x"]), parse("1", ["x"])
    t = time.perf_counter()
    check_equal(a, b, {"x": "real"})
    first_exact = time.perf_counter() - t
    rows.append(("first symbolic grade after 2 s", f"{first_sym * 1000:.1f} ms", "< 50 ms",
                 f"{first_sym / 0.05:.2f}", first_sym < 0.05))
    rows.append(("  (SymPy worker round trip)", f"{first_exact * 1000:.1f} ms", "< 50 ms",
                 f"{first_exact / 0.05:.2f}", first_exact < 0.05))

    # ---- bank size
    from aiquiz.banks.loader import load_banks

    sizes = {"small": 300, "large": 2000 if args.quick else 10_000}
    for label, n in sizes.items():
        synth_banks(n, WORK / f"banks-{label}")
    cache = home / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    t = time.perf_counter()
    qs = sum(len(b.questions) for b in load_banks([WORK / "banks-large"]))
    cold = time.perf_counter() - t
    warm = []
    for _ in range(runs):
        t = time.perf_counter()
        load_banks([WORK / "banks-large"])
        warm.append(time.perf_counter() - t)
    rows.append((f"load+validate {qs} questions (first run)", f"{cold * 1000:.0f} ms",
                 "(info: YAML)", "", True))
    row(f"load+validate {qs} questions (cached)", warm, 1.0)
    starts = {}
    for label in sizes:
        starts[label] = median_spread(time_to_text(
            aiquiz + ["practice", "--only-bank", str(WORK / f"banks-{label}"), "--topic", "calculus",
                      "--count", "1", "--seed", "1"], env, b"Question 1/1", runs))[0]
    growth = starts["large"] / starts["small"]
    rows.append((f"practice start {sizes['large']} vs 300 questions",
                 f"{starts['large'] * 1000:.0f} vs {starts['small'] * 1000:.0f} ms",
                 "< 2× growth", f"{growth:.2f}×", growth < 2))

    # ---- history size
    n_hist = 20_000 if args.quick else 100_000
    synth_history(home, n_hist)
    row(f"aiquiz progress, {n_hist} attempts", time_cmd(aiquiz + ["progress"], env, runs), 0.5)
    from aiquiz.learner.store import ProgressStore, new_attempt_id

    store = ProgressStore(home)
    rec = []
    for i in range(max(runs, 20)):
        t = time.perf_counter()
        store.record({"id": new_attempt_id(), "question": "bank/q", "category": "Calculus",
                      "correct": True})
        rec.append(time.perf_counter() - t)
    row(f"record one attempt at {n_hist} attempts", rec, 0.050)

    # ---- table
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'measured (median, min–max)':<30} {'target':<16} ratio   ok")
    missed = 0
    for name, value, target, ratio, ok in rows:
        missed += not ok
        print(f"{name:<{width}}  {value:<30} {target:<16} {ratio:<7} {'yes' if ok else 'NO'}")
    print(f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("all targets met" if not missed else f"{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
