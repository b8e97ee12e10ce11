"""Measure aiquiz's performance figures against the targets of docs/performance.md.

Usage:  python benchmarks/run.py [--runs N] [--quick]
(checking code exercises is measured by benchmarks/code_check.py)

Everything it needs (a minimal Typer app for the floors, synthetic banks of 300 and 10,000
questions, a history of 100,000 attempts over a year with 300 more in the journal) is generated
under benchmarks/_work/. Each figure is
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


def time_cmd(args: list[str], env: dict, runs: int, stdin: bytes = b"",
             cpu: list | None = None) -> list[float]:
    """Wall times of `runs` runs; with `cpu`, the CPU time (user + system) of each run is
    appended to it: on a loaded machine that is the fairer figure."""
    import resource

    out = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(args, input=stdin, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu is not None:
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
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


def synth_attempts(n: int, start: int = 0) -> list[dict]:
    """n answers, a year's worth at ~275 a day, over 400 questions, every checklist item and
    topic, every type, some hints, times increasing."""
    from datetime import datetime, timedelta, timezone

    from aiquiz.syllabus import CATEGORIES, TOPICS

    items = [(c, i) for c, its in CATEGORIES.items() for i in its]
    topics = list(TOPICS)
    types = ("numeric", "derivation", "conceptual")
    t0 = datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
    out = []
    for k in range(start, start + n):
        cat, item = items[k % len(items)]
        q = k % 400
        ok = (k * 7919) % 10 < 7
        out.append({"id": f"{k:032x}", "question": f"bank/q{q}", "bank": "bank",
                    "topic": topics[q % len(topics)], "category": cat,
                    "checklist_item": item if q % 2 else None, "type": types[q % 3],
                    "difficulty": 1 + q % 5, "mode": "practice", "seed": k,
                    "status": "correct" if ok else "wrong", "correct": ok,
                    "seconds": 5.0 + (k * 31) % 90, "hints": int(k % 17 == 0),
                    "retried": False, "guess": 0.25 if q % 3 == 2 else 0.02, "slip": 0.05,
                    "at": (t0 + timedelta(seconds=314 * k)).isoformat(timespec="seconds")})
    return out


def synth_history(home: Path, n: int, journal: int = 0) -> float:
    """A compacted history of n attempts with its summary, as aiquiz leaves it after a session,
    plus `journal` attempts recorded since. Returns the seconds the summary took (replaying the
    whole history: what migrating a file of today's format costs once)."""
    home.mkdir(parents=True, exist_ok=True)
    for p in home.glob("progress*"):
        p.unlink()
    (home / "progress.json").write_text(json.dumps({"format": 1,
                                                    "attempts": synth_attempts(n)}))
    from aiquiz.learner.state import summarise
    from aiquiz.learner.store import ProgressStore

    store = ProgressStore(home)
    t = time.perf_counter()
    store.compact(summarise)
    took = time.perf_counter() - t
    for a in synth_attempts(journal, n):
        store.record(a)
    return took


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


def history_figures(home, aiquiz, env, runs, floor_run_fn, row, rows) -> None:
    """`aiquiz progress` and the daily practice on a year-long history of 100,000 attempts,
    recording at that size, and what the summary costs (once in full, then incrementally)."""
    n_hist = 100_000
    replay = synth_history(home, n_hist, journal=300)
    rows.append((f"summary from a full replay, {n_hist} attempts", f"{replay * 1000:.0f} ms",
                 "(info: once)", "", True))
    cpu: list[float] = []
    f, prog = interleaved(floor_run_fn,
                          lambda n: time_cmd(aiquiz + ["progress"], env, n, cpu=cpu), runs)
    rows.append(("floor: typer empty command", f"{f * 1000:.0f} ms", "", "", True))
    row(f"aiquiz progress, {n_hist} attempts", prog, 0.5)
    row("  (its CPU time, user + system)", cpu, 0.5)
    rows.append(("  (the same against the floor)", f"{statistics.median(prog) / f:.2f}× floor",
                 "(info)", "", True))
    cpu = []
    row(f"aiquiz progress --json, {n_hist} attempts",
        time_cmd(aiquiz + ["progress", "--json"], env, runs, cpu=cpu), 0.5)
    row("  (its CPU time, user + system)", cpu, 0.5)
    from aiquiz.learner.state import load_state, summariser
    from aiquiz.learner.store import ProgressStore, new_attempt_id

    store = ProgressStore(home)
    t = time.perf_counter()
    load_state(store)
    rows.append(("  (load the learner model, in process)",
                 f"{(time.perf_counter() - t) * 1000:.0f} ms", "", "", True))
    f, first_daily = interleaved(floor_run_fn, lambda n: time_to_text(
        aiquiz + ["practice", "--count", "1", "--seed", "1"], env, b"Question 1/1", n), runs)
    rows.append(("floor: typer empty command", f"{f * 1000:.0f} ms", "", "", True))
    row(f"first question, daily practice, {n_hist} attempts", first_daily, 1.0)
    for a in synth_attempts(700, n_hist + 300):
        store.record(a)
    t = time.perf_counter()
    store.compact(summariser(store))
    rows.append((f"compaction at {n_hist} + 1000 attempts (incremental summary)",
                 f"{(time.perf_counter() - t) * 1000:.0f} ms", "(info)", "", True))
    rec = []
    for i in range(max(runs, 20)):
        t = time.perf_counter()
        store.record({"id": new_attempt_id(), "question": "bank/q", "category": "Calculus",
                      "correct": True})
        rec.append(time.perf_counter() - t)
    row(f"record one attempt at {n_hist} attempts", rec, 0.050)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="fewer runs, smaller synthetic data")
    ap.add_argument("--history-only", action="store_true",
                    help="only the figures of a 100,000-attempt history (the learning engine)")
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

    def floor_run_fn(n):
        return time_cmd([py, str(floor), "run"], env, n)

    if args.history_only:
        history_figures(home, aiquiz, env, runs, floor_run_fn, row, rows)
        return report(rows)

    # ---- floors (same run) and start-up
    synth_history(home, 0)
    subprocess.run(aiquiz + ["topics"], env=env, stdout=subprocess.DEVNULL, check=False)  # warm
    def floor_help_fn(n):
        return time_cmd([py, str(floor), "--help"], env, n)

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

    history_figures(home, aiquiz, env, runs, floor_run_fn, row, rows)
    return report(rows)


def report(rows) -> int:
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
