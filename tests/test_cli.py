"""The command line end to end, in process, with piped input (Typer's CliRunner)."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from aiquiz.cli import app

from .conftest import FIXTURES

runner = CliRunner()
MINI = str(FIXTURES / "mini.yaml")


class Seen:
    """A CliRunner result whose output reads as on screen: formulas are held together by
    no-break spaces (so a line never breaks inside one), which look like spaces."""

    def __init__(self, result):
        self.result = result
        self.exit_code = result.exit_code
        self.output = result.output.replace("\u00a0", " ")
        self.exception = result.exception


def run(*args, input=None):
    return Seen(runner.invoke(app, list(args), input=input))


def progress_json():
    r = run("progress", "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_help_lists_every_command():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("practice", "interview", "topics", "check", "progress", "bank"):
        assert cmd in r.output


def test_check_correct_wrong_unreadable_and_error_exit_codes():
    assert run("check", MINI, "d-x-squared", "2x").exit_code == 0
    assert run("check", MINI, "d-x-squared", "x^2").exit_code == 1
    assert run("check", MINI, "d-x-squared", "foo(").exit_code == 1
    r = run("check", MINI, "no-such-id", "1")
    assert r.exit_code == 2 and "no question 'no-such-id'" in r.output


def test_check_takes_a_leading_minus_as_the_answer():
    r = run("check", MINI, "third", "-0.5", "--json")
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    assert data["correct"] is False and data["expected"] == "1/3"  # exact values shown exactly
    r = run("check", MINI, "d-x-squared", "-x")
    assert r.exit_code == 1 and "Error" not in r.output


def test_check_json_has_the_documented_fields():
    r = run("check", MINI, "square-param", "4", "--seed", "3", "--json")
    data = json.loads(r.output)
    assert {"correct", "feedback", "expected", "prompt"} <= set(data)
    d = data["params"]["d"]
    assert data["prompt"] == f"What is {d} squared?"
    assert run("check", MINI, "square-param", str(d * d), "--seed", "3").exit_code == 0


def test_practice_with_piped_answers_records_progress():
    # mini bank, calculus topic: answer everything with a command or something
    r = run("practice", "--only-bank", MINI, "--topic", "calculus", "--count", "3", "--seed", "1",
            input="2x\n1/3\n:s\n:s\n")  # 1/3 is wrong: one more try, then skipped
    assert r.exit_code == 0, r.output
    assert "✗ Not yet" in r.output and "One more try" in r.output
    assert "Summary" in r.output and "Replay these questions: aiquiz practice --replay" in r.output
    p = progress_json()
    assert p["attempts"] == 3
    assert p["categories"]["Calculus"]["attempts"] == 3


def test_practice_hint_unreadable_then_right():
    r = run("practice", "--only-bank", MINI, "--topic", "calculus", "--count", "1", "--seed", "2",
            input=":h\nfoo\n:s\n")
    assert r.exit_code == 0
    assert "Hint 1/1" in r.output
    assert "Could not read that" in r.output
    assert "Not counted" in r.output


def test_end_of_input_ends_cleanly_with_summary_and_saved_answers():
    r = run("practice", "--only-bank", MINI, "--topic", "calculus", "--count", "4", "--seed", "1",
            input="2x\n")
    assert r.exit_code == 0, r.output
    assert "Summary" in r.output
    assert "End of input after 1 of 4 questions." in r.output
    assert progress_json()["attempts"] == 1


def test_wrong_answer_shows_why_expected_and_solution():
    r = run("practice", "--only-bank", MINI, "--topic", "linear-algebra", "--count", "1",
            input="[1, 0, 0, 1]\n[1, 0, 0, 1]\n")  # a retry, then the verdict
    assert "✗ Not yet" in r.output and "✗ Not correct" in r.output
    assert "Expected: [[1, 0], [0, 1]]" in r.output
    assert "Worked solution" in r.output


def test_spec_pipe_example_on_bundled_banks():
    # the README's scripted session, word for word
    r = run("practice", "--question", "calculus/sigmoid-derivative",
            input="sigmoid(x)*(1-sigmoid(x))\n")
    assert r.exit_code == 0, r.output
    assert "✓ Correct" in r.output and "Summary" in r.output
    assert progress_json()["attempts"] == 1


def test_interview_has_no_hints_and_scores_per_category():
    r = run("interview", "--role", "mle", "--only-bank", MINI, "--count", "4", "--seed", "3",
            input=":h\nzzz\n:s\n:s\n:s\n:s\n")
    assert r.exit_code == 0, r.output
    assert "No hints or solutions during an interview" in r.output
    assert "Review of missed questions" in r.output
    assert "Category" in r.output


def test_unknown_topic_is_a_one_line_error():
    r = run("practice", "--topic", "calculs")
    assert r.exit_code == 2
    assert "unknown topic 'calculs'" in r.output and "calculus" in r.output
    assert "Traceback" not in r.output


def test_bank_validate_reports_problems_and_exit_2():
    r = run("bank", "validate", str(FIXTURES / "broken.yaml"))
    assert r.exit_code == 2
    assert "broken.yaml:16:12 [bad-topic]: topic 'calculas' is not known — did you mean 'calculus'?" in r.output
    assert run("bank", "validate", MINI).exit_code == 0


def test_bank_test_and_stats():
    r = run("bank", "test", MINI)
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output
    s = json.loads(run("bank", "stats", MINI, "--json").output)
    assert s["questions"] == 9 and s["by_type"]["derivation"] == 3
    for key in ("by_topic", "by_role", "by_difficulty", "by_checklist_item", "parametric"):
        assert key in s


def test_topics_counts_questions():
    r = run("topics", "--only-bank", MINI)
    assert r.exit_code == 0
    assert "calculus" in r.output and "9 questions" in r.output


def test_progress_with_no_history_says_how_to_start():
    r = run("progress")
    assert "No attempts yet" in r.output
    assert progress_json() == {**progress_json(), "attempts": 0}


def test_newer_progress_file_is_refused(home):
    home.mkdir(parents=True)
    (home / "progress.json").write_text('{"format": 7, "attempts": []}')
    r = run("progress")
    assert r.exit_code == 2 and "upgrade aiquiz" in r.output


def test_unwritable_data_dir_keeps_answers_and_offers_them_again(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("AIQUIZ_HOME", str(blocker / "home"))
    monkeypatch.setenv("COLUMNS", "400")  # keep the long temp path on one line
    r = run("practice", "--only-bank", MINI, "--topic", "calculus", "--count", "2", "--seed", "1",
            input="2x\n1/3\n1/3\n")
    assert r.exit_code == 2
    assert "Your answers are kept in memory" in r.output
    m = re.search(r"aiquiz progress import (\S+)", r.output)
    assert m, r.output
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path / "fixed"))
    r2 = run("progress", "import", m.group(1))
    assert r2.exit_code == 0 and "Imported 2 answer(s)" in r2.output
    assert progress_json()["attempts"] == 2
    assert "Imported 0" in run("progress", "import", m.group(1)).output  # no double count


def test_practice_moves_on_to_questions_not_yet_mastered():
    args = ("practice", "--only-bank", MINI, "--topic", "calculus", "--count", "1", "--seed", "5")
    first = run(*args, input=":sol\n").output
    first_q = re.search(r"Question 1/1.*\n(.*)", first).group(1)
    second = run(*args, input=":s\n").output
    second_q = re.search(r"Question 1/1.*\n(.*)", second).group(1)
    assert second_q != first_q  # an unseen question comes before one already shown


def test_help_examples_work():
    """Every 'Example: aiquiz ...' in a command's help runs and succeeds (examples naming files a
    reader would supply, like my_banks/, are skipped)."""
    import os
    import shlex

    import typer.main

    root = typer.main.get_command(app)

    def commands(cmd):
        if hasattr(cmd, "commands"):
            for sub in cmd.commands.values():
                yield from commands(sub)
        else:
            yield cmd

    ran = 0
    cwd = os.getcwd()
    os.chdir(FIXTURES.parent.parent)  # examples use repository-relative paths
    try:
        for cmd in commands(root):
            example = re.search(r"Example: aiquiz (.+)", cmd.help or "").group(1)
            args = shlex.split(example)
            args = args[:args.index(">")] if ">" in args else args  # a shell redirection
            if any(("/" in a and not os.path.exists(a)) for a in args):
                continue
            r = run(*args, input="")
            assert r.exit_code == 0, (example, r.output[-500:])
            ran += 1
    finally:
        os.chdir(cwd)
    assert ran >= 6


def test_warnings_with_brackets_in_paths_are_printed_literally(tmp_path, monkeypatch):
    home = tmp_path / "[old]"
    monkeypatch.setenv("AIQUIZ_HOME", str(home))
    home.mkdir()
    (home / "progress.json").write_text("{not json")
    r = run("progress")
    assert r.exit_code == 0, r.output
    assert "[old]" in r.output and "kept as progress.json.corrupt-" in r.output
    (home / "progress.json").write_text("{still not json")
    r = runner.invoke(app, ["progress", "--json"])
    assert "Warning:" in r.stderr and json.loads(r.stdout)["attempts"] == 0
