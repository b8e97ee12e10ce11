"""Authoring: a table of broken banks, each reported at the right line and column with the likely
fix, every problem of a file in one run; failures over seeds reported once."""

from __future__ import annotations

import pytest

from aiquiz.banks.selftest import selftest_paths
from aiquiz.banks.validate import validate_paths

GOOD = """\
bank: t
title: T
questions:
  - id: q
    type: numeric
    topic: calculus
    category: Calculus
    checklist_item: Numerical gradient check
    roles: [mle]
    difficulty: 2
    params:
      n: randint(3, 6)
    prompt: "Compute {n} squared."
    answer: "n^2"
    hints: [Multiply it by itself.]
    solution: "{n} times {n}."
    mistakes:
      - answer: "2*n"
        feedback: Doubled instead of squared.
    tests:
      accept: ["n*n"]
      reject: ["n^3"]
"""

DERIV = """\
bank: d
title: D
questions:
  - id: dx
    type: derivation
    topic: calculus
    category: Calculus
    roles: [research]
    difficulty: 1
    prompt: Differentiate x^2.
    variables: {x: real}
    answer: "2*x"
    hints: [Power rule.]
    solution: 2x.
"""

# (case id, base, text replaced, replacement, expected "line:col [id]: message — fix")
CASES = [
    ("type typo", GOOD, "type: numeric", "type: numric",
     "5:11 [q]: unknown type 'numric' — did you mean 'numeric'?"),
    ("field typo", GOOD, "    answer: \"n^2\"", "    anwser: \"n^2\"",
     "14:5 [q]: unknown field 'anwser' — did you mean 'answer'?"),
    ("missing field", GOOD, "    answer: \"n^2\"\n", "",
     "4:5 [q]: 'answer' is missing — add the reference answer"),
    ("topic typo", GOOD, "topic: calculus", "topic: calculas",
     "6:12 [q]: topic 'calculas' is not known — did you mean 'calculus'?"),
    ("british topic", GOOD, "topic: calculus", "topic: optimisation",
     "6:12 [q]: topic 'optimisation' is not known — did you mean 'optimization'?"),
    ("category typo", GOOD, "category: Calculus", "category: calculus",
     "7:15 [q]: category 'calculus' is not known — did you mean 'Calculus'?"),
    ("category of another topic", GOOD, "category: Calculus", "category: Probability",
     "7:15 [q]: topic calculus belongs to category 'Calculus', not 'Probability' — write "
     "category: Calculus"),
    ("checklist item typo", GOOD, "Numerical gradient check", "Numerical gradiant chek",
     "8:21 [q]: checklist item 'Numerical gradiant chek' is not known — did you mean "
     "'Numerical gradient check'?"),
    ("checklist item of another category", GOOD, "Numerical gradient check", "Adam update rule",
     "8:21 [q]: 'Adam update rule' is a checklist item of 'Optimization', not 'Calculus'"),
    ("role typo", GOOD, "roles: [mle]", "roles: [mle, researcher]",
     "9:18 [q]: role 'researcher' is not known — did you mean 'research'?"),
    ("roles as a word", GOOD, "roles: [mle]", "roles: mle",
     "9:12 [q]: 'roles' must be a list — write roles: [mle]"),
    ("difficulty out of range", GOOD, "difficulty: 2", "difficulty: 7",
     "10:17 [q]: 'difficulty' must be an integer from 1 to 5, got the number 7"),
    ("difficulty as text", GOOD, "difficulty: 2", "difficulty: hard",
     "10:17 [q]: 'difficulty' must be an integer from 1 to 5, got str"),
    ("solution is a number", GOOD, "    solution: \"{n} times {n}.\"", "    solution: 0.5",
     "16:15 [q]: 'solution' must be text, got the number 0.5 — quote it: solution: \"0.5\""),
    ("prompt missing", GOOD, "    prompt: \"Compute {n} squared.\"\n", "",
     "4:5 [q]: 'prompt' is missing"),
    ("hints as a word", GOOD, "hints: [Multiply it by itself.]", "hints: Multiply it.",
     "15:12 [q]: 'hints' must be a list — write hints:"),
    ("hint that is a number", GOOD, "hints: [Multiply it by itself.]", "hints: [ok, 3]",
     "15:17 [q]: hint 2 must be text, got the number 3 — quote it"),
    ("bad id", GOOD, "id: q", "id: Q one",
     "4:9 [Q one]: id 'Q one' is not an id — e.g. id: q-one"),
    ("duplicate id", GOOD + GOOD.split("questions:\n")[1], "", "",
     "23:9 [q]: duplicate id 'q' (first used on line 4) — give each question its own id"),
    ("duplicate key", GOOD, "    difficulty: 2\n", "    difficulty: 2\n    difficulty: 3\n",
     "11:5 [q]: 'difficulty' is written twice in this question (first on line 10)"),
    ("unknown bank key", GOOD, "title: T", "title: T\nquestion: []",
     "3:1: unknown key 'question' — did you mean 'questions'?"),
    ("field of another type", GOOD, "    difficulty: 2\n", "    difficulty: 2\n    choices: [a, b]\n",
     "11:5 [q]: 'choices' is for conceptual questions, not numeric"),
    ("unparseable answer", GOOD, "answer: \"n^2\"", "answer: \"n^^2\"",
     "14:16 [q]: the answer does not read: unexpected '^' (for n=3; n=4; n=5; n=6)"),
    ("unknown name in answer", GOOD, "answer: \"n^2\"", "answer: \"m^2\"",
     "14:13 [q]: the answer does not read: unknown name m"),
    ("misspelt parameter in answer", GOOD, "answer: \"n^2\"", "answer: \"N^2\"",
     "14:13 [q]: the answer does not read: unknown name N"),
    ("did you mean the parameter", GOOD, "answer: \"n^2\"", "answer: \"N^2\"",
     "— did you mean 'n'?"),
    ("mistake equal to the answer", GOOD, "answer: \"2*n\"", "answer: \"n*n\"",
     "18:17 [q]: mistake 1 'n*n' is graded correct: it equals the answer"),
    ("mistake without feedback", GOOD, "        feedback: Doubled instead of squared.\n", "",
     "18:9 [q]: mistake 1 needs 'feedback' as text"),
    ("mistake field typo", GOOD, "feedback: Doubled", "feedbak: Doubled",
     "19:9 [q]: unknown field 'feedbak' in mistake 1 — did you mean 'feedback'?"),
    ("unparseable mistake", GOOD, "answer: \"2*n\"", "answer: \"2*\"",
     "18:20 [q]: mistake 1 does not read: the expression ends too early (for n=3; n=4; n=5; n=6)"),
    ("tests key typo", GOOD, "accept: [\"n*n\"]", "acept: [\"n*n\"]",
     "21:7 [q]: unknown field 'acept' in tests — did you mean 'accept'?"),
    ("unreadable test", GOOD, "accept: [\"n*n\"]", "accept: [\"n*n\", \"n**\"]",
     "21:23 [q]: tests.accept 'n**' cannot be read"),
    ("parameter out of range", GOOD, "randint(3, 6)", "randint(6, 3)",
     "12:10 [q]: parameter n: randint needs integers low <= high"),
    ("parameter formula undefined", GOOD, "      n: randint(3, 6)\n",
     "      n: randint(3, 6)\n      m: \"log(n - 7)\"\n",
     ("13:10 [q]: parameter m: the formula 'log(n - 7)' is undefined for n=",
      "— narrow the ranges of the parameters above it")),
    ("parameter used before it is drawn", GOOD, "      n: randint(3, 6)\n",
     "      m: \"k + 1\"\n      k: randint(2, 5)\n      n: randint(3, 6)\n",
     "12:10 [q]: parameter m: unknown name k"),
    ("placeholder typo", GOOD, "Compute {n} squared.", "Compute {nn} squared.",
     "13:13 [q]: {nn} is not a parameter, so it is shown as written — did you mean 'n'?"),
    ("tolerance typo", GOOD, "    difficulty: 2\n", "    difficulty: 2\n    tolerance: {relative: 0.1}\n",
     "11:17 [q]: unknown tolerance 'relative' — did you mean 'rel'?"),
    ("negative tolerance", GOOD, "    difficulty: 2\n", "    difficulty: 2\n    tolerance: {rel: -1}\n",
     "11:22 [q]: tolerance rel must be a non-negative number"),
    ("empty choice", GOOD.replace("type: numeric", "type: conceptual"), "answer: \"n^2\"",
     "answer: b\n    choices: [one, '']", "15:20 [q]: choice b is empty"),
    ("assumption typo", DERIV, "{x: real}", "{x: positve}",
     "11:20 [dx]: variable x: unknown assumption 'positve' — did you mean 'positive'?"),
    ("undeclared variable", DERIV, "answer: \"2*x\"", "answer: \"2*y\"",
     "12:13 [dx]: the answer does not read: unknown name y"),
    ("variables missing", DERIV, "    variables: {x: real}\n", "",
     "4:5 [dx]: a derivation question needs 'variables'"),
    ("yaml colon in a value", GOOD, "solution: \"{n} times {n}.\"", "solution: Note: n times n.",
     "16:19: invalid YAML: mapping values are not allowed"),
    ("yaml colon in a flow list", GOOD, "hints: [Multiply it by itself.]",
     "hints: [\"Use: this\" rule]",
     "15:25: invalid YAML: did not find expected ',' or ']' — inside [ ] or { }, quote"),
    ("yaml tab", GOOD, "    difficulty: 2\n", "\tdifficulty: 2\n",
     "10:1: invalid YAML: found character that cannot start any token — YAML indents with "
     "spaces, never tabs"),
    ("yaml brace value", GOOD, "prompt: \"Compute {n} squared.\"", "prompt: {n} squared",
     "13:17: invalid YAML: did not find expected key — a value that starts with a quote, [ or { "
     "must be quoted as a whole"),
    ("yaml backslash in double quotes", GOOD, "solution: \"{n} times {n}.\"",
     "solution: \"\\sigma\"", "16:16: invalid YAML: found unknown escape character — inside "
     "\"double quotes\" a backslash starts an escape"),
    ("yaml unclosed quote", GOOD, "prompt: \"Compute {n} squared.\"", "prompt: \"Compute",
     "14:14: invalid YAML: did not find expected key — a quote opened on an earlier line ends "
     "here"),
    ("yaml indentation", GOOD, "    difficulty: 2\n", "   difficulty: 2\n",
     "10:4: invalid YAML: did not find expected '-' indicator — the keys of one question must "
     "line up"),
    ("yaml text over two lines", GOOD, "    solution: \"{n} times {n}.\"\n",
     "    solution: n times\n    n.\n", "invalid YAML: could not find expected ':' — this line "
     "is neither 'key: value' nor part of a block"),
    ("yaml star", GOOD, "answer: \"n^2\"", "answer: *2",
     "14:13: invalid YAML: found undefined alias — a value starting with '*' is read as a YAML "
     "alias: quote it"),
]


def _validate(tmp_path, text: str) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(text)
    _count, problems = validate_paths([path])
    return [str(p).split("bank.yaml:", 1)[1] for p in problems]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_broken_bank_is_reported_at_the_right_place_with_the_fix(tmp_path, case):
    _name, base, old, new, expected = case
    assert old in base
    lines = _validate(tmp_path, base.replace(old, new, 1))
    fragments = (expected,) if isinstance(expected, str) else expected
    assert any(all(f in line for f in fragments) for line in lines), "\n".join(lines)
    assert all("\n" not in line for line in lines)


def test_a_misspelt_field_is_one_problem_not_two(tmp_path):
    lines = _validate(tmp_path, GOOD.replace("    answer: \"n^2\"", "    anwser: \"n^2\""))
    assert lines == ["14:5 [q]: unknown field 'anwser' — did you mean 'answer'?"]


def test_the_table_is_large_enough_and_the_good_banks_are_good(tmp_path):
    assert len(CASES) >= 30
    assert _validate(tmp_path, GOOD) == []
    path = tmp_path / "bank.yaml"
    assert selftest_paths([path]).failures == []
    assert _validate(tmp_path, DERIV) == []


def test_every_problem_of_a_file_comes_in_one_run(tmp_path):
    text = (GOOD.replace("type: numeric", "type: numric")
            .replace("topic: calculus", "topic: calculas")
            .replace("difficulty: 2", "difficulty: 9")
            .replace("    solution: \"{n} times {n}.\"", "    solution: 0.5")
            .replace("acept", "accept").replace("accept:", "acept:"))
    second = GOOD.split("questions:\n")[1].replace("id: q", "id: q2").replace(
        "answer: \"n^2\"", "answer: \"n^^2\"")
    lines = _validate(tmp_path, text + second)
    heads = [line.split(":")[0] + ":" + line.split(":")[1].split(" ")[0] for line in lines]
    assert heads == ["5:11", "6:12", "10:17", "16:15", "21:7", "33:16"], lines
    assert "did you mean 'numeric'?" in lines[0] and "did you mean 'accept'?" in lines[4]


def test_a_failure_over_many_seeds_is_reported_once_at_the_entry_at_fault(tmp_path):
    path = tmp_path / "bank.yaml"
    # the mistake 'n + 3' equals the answer 2*n only when n = 3
    path.write_text(GOOD.replace("answer: \"2*n\"", "answer: \"n + 3\"")
                    .replace("answer: \"n^2\"", "answer: \"2*n\"")
                    .replace("[\"n*n\"]", "[\"n+n\"]").replace("[\"n^3\"]", "[\"n\"]"))
    # n in 3..6 is a small grid: every value is tried, and the one that breaks it is named
    run = selftest_paths([path], seeds=20)
    assert len(run.failures) == 1, [str(f) for f in run.failures]
    failure = run.failures[0]
    assert "bank.yaml:18:17 [q]: mistake 1 'n + 3' was accepted (for n=3)" in str(failure)
    assert failure.field == "mistakes/0/answer" and failure.values == ["n=3"]
    assert run.failed == 1
    # with a second parameter of 200 values the grid is too large: 20 seeds are tried
    path.write_text(path.read_text().replace("      n: randint(3, 6)\n",
                                             "      n: randint(3, 6)\n      k: randint(1, 200)\n"))
    run = selftest_paths([path], seeds=20)
    assert len(run.failures) == 1, [str(f) for f in run.failures]
    failure = run.failures[0]
    text = str(failure)
    assert "bank.yaml:19:17 [q]: mistake 1 'n + 3' was accepted (seeds " in text
    assert failure.field == "mistakes/0/answer"
    assert len(failure.seeds) == run.failed and 1 < len(failure.seeds) < 20
