"""The authoring commands as an author uses them: bank new, bank preview, bank test --watch."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aiquiz.banks.schema import bank_schema
from aiquiz.cli import app
from aiquiz.qtypes import all_types

from .test_authoring import GOOD
from .test_registry import YesNoType


@pytest.fixture
def toy_type():
    """A registered type with no starter example."""
    from aiquiz.qtypes import register, unregister

    register(YesNoType())
    yield
    unregister("yesno")


def run(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)


def test_the_starter_bank_validates_and_tests_clean(tmp_path):
    path = tmp_path / "course" / "week-1.yaml"
    r = run("bank", "new", path)
    assert r.exit_code == 0, r.output
    assert f"Wrote {path} and {tmp_path / 'course' / 'bank-schema.json'}." in r.output
    text = path.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=bank-schema.json"
    assert json.loads((path.parent / "bank-schema.json").read_text()) == bank_schema()
    for t in all_types():  # one example of every registered type
        assert f"    type: {t.name}\n" in text, t.name
    for key in ("params:", "mistakes:", "tests:", "tolerance:", "variables:", "choices:"):
        assert key in text
    assert "bank: week-1" in text
    r = run("bank", "validate", path)
    assert r.exit_code == 0 and "OK: 5 questions" in r.output, r.output  # one per type
    r = run("bank", "test", path)
    assert r.exit_code == 0 and " 0 failed" in r.output, r.output


def test_a_type_without_an_example_is_named_in_the_starter(tmp_path, toy_type):
    path = tmp_path / "b.yaml"
    assert run("bank", "new", path).exit_code == 0
    assert "# (yesno questions have no starter example)" in path.read_text()
    assert run("bank", "test", path).exit_code == 0


def test_bank_new_refuses_to_overwrite_and_avoids_bundled_ids(tmp_path):
    path = tmp_path / "calculus.yaml"
    path.write_text("mine\n")
    r = run("bank", "new", path)
    assert r.exit_code == 2 and "already exists; aiquiz bank new never overwrites" in r.output
    assert path.read_text() == "mine\n"
    other = tmp_path / "new" / "calculus.yaml"
    assert run("bank", "new", other, "--schema", "https://example.org/s.json").exit_code == 0
    text = other.read_text()
    assert text.startswith("# yaml-language-server: $schema=https://example.org/s.json\n")
    assert "bank: my-calculus" in text  # 'calculus' is a bundled bank's id
    assert not (other.parent / "bank-schema.json").exists()
    assert run("practice", "--bank", other, "--count", "1", "--seed", "1", input="").exit_code == 0


def test_preview_shows_the_question_then_answer_hints_solution_and_tests(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD)
    r = run("bank", "preview", path, "q", "--seed", "3")
    assert r.exit_code == 0, r.output
    out = r.output
    n = int(out.split("Compute ")[1].split(" ")[0])
    assert f"Compute {n} squared." in out and "Question 1/1 · calculus · numeric" in out
    assert "Type a number" in out and ":h hint" in out       # as in a session
    assert f"Answer: {n * n}" in out and "Hint 1/1: Multiply it by itself." in out
    assert f"{n} times {n}." in out
    assert "✓ mistake 1: '2*n' (must reject)" in out
    assert "✓ tests.accept 1: 'n*n' (must accept)" in out and "4 passed, 0 failed" in out
    path.write_text(GOOD.replace('reject: ["n^3"]', 'reject: ["n*n"]'))
    r = run("bank", "preview", path, "q")
    assert r.exit_code == 1 and "✗ tests.reject 1: 'n*n' (must reject) — tests.reject 1 'n*n' " \
        "was accepted" in r.output
    r = run("bank", "preview", path, "qq")
    assert r.exit_code == 2 and "no question 'qq' in this bank — did you mean 'q'?" in r.output


def test_preview_of_a_broken_question_says_what_is_wrong(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD.replace("topic: calculus", "topic: calculas"))
    r = run("bank", "preview", path, "q")
    assert r.exit_code == 2
    assert "t.yaml:6:12 [q]: topic 'calculas' is not known — did you mean 'calculus'?" in r.output


def test_watch_reruns_validate_and_test_on_each_change(tmp_path, monkeypatch):
    watchfiles = pytest.importorskip("watchfiles")
    path = tmp_path / "t.yaml"
    path.write_text(GOOD.replace("topic: calculus", "topic: calculas"))
    edits = [GOOD.replace('accept: ["n*n"]', 'accept: ["n+n"]'), GOOD]
    watched = []

    def fake_watch(*roots, watch_filter=None, **kw):
        watched.append((roots, watch_filter))
        for text in edits:  # the author saves twice
            path.write_text(text)
            yield {(watchfiles.Change.modified, str(path))}

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    monkeypatch.setenv("AIQUIZ_WATCH_RUNS", "3")
    r = run("bank", "test", path, "--watch")
    assert r.exit_code == 0, r.output
    runs = r.output.split("── ")[1:]
    assert len(runs) == 3
    assert "did you mean 'calculus'?" in runs[0] and "1 problem(s)" in runs[0]
    assert runs[1].startswith(f"{runs[1][:8]} changed: t.yaml")
    assert "FAIL" in runs[1] and "tests.accept 1 'n+n' was rejected" in runs[1]
    assert "FAIL" not in runs[2] and " 0 failed" in runs[2]
    (roots, wanted), = watched
    assert roots == (str(tmp_path),)  # the folder: editors save by renaming over the file
    assert wanted(None, str(path)) and not wanted(None, str(tmp_path / "notes.txt"))
    assert not wanted(None, str(tmp_path / "other.yaml"))


def test_watch_stops_after_the_first_run_when_told(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD)
    monkeypatch.setenv("AIQUIZ_WATCH_RUNS", "1")
    r = run("bank", "test", path, "--watch")
    assert r.exit_code == 0 and " 0 failed" in r.output and "Watching" not in r.output


def test_watch_with_the_real_watcher_sees_a_save(tmp_path):
    """The real watchfiles, in a child process bounded to two runs: the test waits for the
    first report, saves the file until the watcher notices, and waits for the second run (a
    generous deadline guards a hung run; nothing here measures time)."""
    import os
    import subprocess
    import sys
    import threading

    pytest.importorskip("watchfiles")
    path = tmp_path / "t.yaml"
    path.write_text(GOOD.replace("topic: calculus", "topic: calculas"))
    env = {**os.environ, "AIQUIZ_WATCH_RUNS": "2", "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-m", "aiquiz", "bank", "test", str(path),
                              "--watch"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, env=env, cwd=tmp_path)
    killer = threading.Timer(120, child.kill)
    killer.start()
    seen = threading.Event()

    def save_until_seen():  # the watcher starts just after it says so: save until it notices
        while not seen.wait(0.3) and child.poll() is None:
            path.write_text(GOOD)  # the author fixes the typo and saves

    try:
        lines = []
        for line in child.stdout:
            lines.append(line)
            if line.startswith("Watching"):
                threading.Thread(target=save_until_seen, daemon=True).start()
            if "changed:" in line:
                seen.set()
        child.wait()
    finally:
        seen.set()
        killer.cancel()
    out = "".join(lines)
    assert child.returncode == 0, out
    assert "did you mean 'calculus'?" in out and "changed: t.yaml" in out
    assert out.rstrip().endswith("(1 questions in 1 file(s))") and " 0 failed" in out


def test_validate_json_gives_each_problem_as_data(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD.replace("topic: calculus", "topic: calculas")
                    .replace("answer: \"2*n\"", "answer: \"n*n\""))
    r = run("bank", "validate", path, "--json")
    assert r.exit_code == 2
    data = json.loads(r.output)
    assert data["questions"] == 1 and data["files"] == 1
    assert [(p["line"], p["column"], p["field"], p["question"]) for p in data["problems"]] == [
        (6, 12, "topic", "q"), (18, 17, "mistakes/0/answer", "q")]
    assert data["problems"][0]["fix"] == "did you mean 'calculus'?"
    # n in randint(3, 6): every value of the small grid is tried, and named
    assert data["problems"][1]["values"] == ["n=3", "n=4", "n=5", "n=6"]
    assert data["problems"][1]["seeds"] == []
