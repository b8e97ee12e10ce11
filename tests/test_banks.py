"""Bank loading and validation, and every bundled question's own tests."""

from __future__ import annotations

import re

import pytest

from aiquiz.banks.loader import all_questions, load_banks
from aiquiz.banks.reader import read_bank
from aiquiz.banks.selftest import run_question_tests
from aiquiz.banks.stats import stats
from aiquiz.banks.validate import validate_question
from aiquiz.syllabus import CATEGORIES, PREREQUISITES, TOPICS

from .conftest import BANKS, FIXTURES, ROOT

BUNDLED = all_questions(load_banks([BANKS]))


@pytest.mark.parametrize("q", BUNDLED, ids=lambda q: q.key)
def test_every_bundled_question_passes_its_own_tests(q):
    """Reference answer accepted, each mistake and tests.reject rejected, tests.accept accepted,
    on 8 variants of parametric questions (aiquiz bank test in CI runs 20)."""
    checks, failures = run_question_tests(q, seeds=8)
    assert checks >= 1
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("q", BUNDLED, ids=lambda q: q.key)
def test_every_bundled_question_is_complete(q):
    assert q.hints and q.solution.strip()
    assert not validate_question(q)


def test_bundled_banks_cover_the_foundation_minimum():
    s = stats(BUNDLED)
    assert s["questions"] >= 60
    assert set(s["by_type"]) == {"conceptual", "numeric", "derivation", "code", "proof"}
    assert set(s["by_role"]) == {"mle", "research"}
    assert set(s["by_category"]) == set(CATEGORIES)
    assert s["parametric"] >= 10


def test_broken_bank_reports_every_problem_with_line_and_id():
    from aiquiz.banks.validate import validate_paths

    _count, problems = validate_paths([FIXTURES / "broken.yaml"])
    text = [str(p).split("broken.yaml:")[1] for p in problems]
    assert text == [
        "16:12 [bad-topic]: topic 'calculas' is not known — did you mean 'calculus'?",
        "31:17 [bad-formula]: the answer does not read: unexpected '*'",
        "34:9 [ok-one]: duplicate id 'ok-one' (first used on line 4) — give each question its "
        "own id",
        "39:17 [ok-one]: 'difficulty' must be an integer from 1 to 5, got the number 9 — 1 is a "
        "warm-up, 5 a hard interview question",
    ]
    bank, _ = read_bank(FIXTURES / "broken.yaml")  # sessions get only the clean questions
    assert bank is not None and [q.id for q in bank.questions] == ["ok-one", "bad-formula"]


def test_syllabus_module_matches_shared_syllabus():
    md = ROOT.parent / "shared" / "syllabus.md"
    if not md.exists():
        pytest.skip("shared/syllabus.md is not beside this checkout")
    text = md.read_text()
    for topic, (category, _) in TOPICS.items():
        assert re.search(rf"\| `{re.escape(topic)}` \| {re.escape(category)} \|", text), topic
    for category, items in CATEGORIES.items():
        for item in items:
            assert item in text, item
    graph = text.split("## 5.")[1]
    for item, needs in PREREQUISITES.items():
        assert re.search(rf"\| {re.escape(item)} \| {re.escape(' · '.join(needs))} \|", graph), item
    rows = re.findall(r"^\| ([^|`]+?) \| [^|]+ \|$", graph, re.M)
    assert {r for r in rows if r not in ("item",) and not r.startswith("---")} == set(PREREQUISITES)


def test_topic_counts_from_the_index_match_a_full_load():
    from aiquiz.banks.index import topic_counts

    first = topic_counts([BANKS])  # builds the index
    again = topic_counts([BANKS])  # reads it
    assert first == again
    for topic in TOPICS:
        mine = [q for q in BUNDLED if q.topic == topic]
        counts = again.get(topic, {})
        assert counts.get("all", 0) == len(mine)
        assert counts.get("mle", 0) == sum("mle" in q.roles for q in mine)
        assert counts.get("derivation", 0) == sum(q.type == "derivation" for q in mine)


def test_index_notices_an_edited_bank_and_drills_skip_unrelated_files(tmp_path, monkeypatch):
    import shutil

    import aiquiz.banks.loader as banks_mod
    from aiquiz.banks.index import topic_counts
    from aiquiz.banks.loader import load_banks

    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "mini.yaml")
    other = tmp_path / "prob.yaml"
    other.write_text((FIXTURES / "mini.yaml").read_text().replace("bank: mini", "bank: prob")
                     .replace("topic: calculus", "topic: probability")
                     .replace("category: Calculus", "category: Probability")
                     .replace("    checklist_item: Chain rule for neural network\n", ""))
    assert topic_counts([tmp_path])["calculus"]["all"] == 5
    loaded = []
    real_load, real_trusted = banks_mod.load_bank, banks_mod.read_trusted_bank
    monkeypatch.setattr(banks_mod, "load_bank", lambda f: loaded.append(f.name) or real_load(f))
    monkeypatch.setattr(banks_mod, "read_trusted_bank",
                        lambda f, *a, **k: loaded.append(f.name) or real_trusted(f, *a, **k))
    assert {b.id for b in load_banks([tmp_path], topic="probability")} == {"prob"}
    assert loaded == ["prob.yaml"]
    text = other.read_text().replace("topic: probability", "topic: statistics", 1)
    other.write_text(text + "\n")  # size changes too: the index must notice
    assert topic_counts([tmp_path])["statistics"]["all"] == 1


def test_bundled_banks_match_the_published_json_schema():
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "docs" / "bank-schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for f in sorted(BANKS.glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(f.read_text())))
        assert not errors, f"{f.name}: {errors[0].message} at {list(errors[0].path)}"
    broken = yaml.safe_load((FIXTURES / "broken.yaml").read_text())
    assert list(validator.iter_errors(broken)), "the schema should reject broken.yaml"


@pytest.mark.parametrize("q", [q for q in BUNDLED if q.type != "conceptual"], ids=lambda q: q.key)
def test_hints_do_not_state_the_answer(q):
    """A hint may point the way, but must not contain the answer: not the expected number
    (3+ significant characters), nor an expression after '=' that grades as correct."""
    from aiquiz.qtypes import grade_answer as grade
    from aiquiz.banks.formulas import format_value
    from aiquiz.banks.variant import make_variant

    for seed in range(3 if q.parametric else 1):
        v = make_variant(q, seed)
        hints = " ".join(v.hints)
        if q.type == "numeric":
            values = v.expected if isinstance(v.expected, list) else [v.expected]
            flat = [x for row in values for x in (row if isinstance(row, list) else [row])]
            for x in flat:
                shown = format_value(x)
                if len(shown.strip("-").replace(".", "")) >= 3:
                    assert not re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\d)", hints), \
                        f"hint gives away {shown}"
        else:
            for fragment in re.findall(r"=\s*([^,;:.\n]+)", hints):
                assert not grade(v, fragment.strip(), exact=False).correct, \
                    f"hint gives away the answer: {fragment.strip()}"


IMPOSSIBLE = """bank: iv
title: Impossible variants
questions:
  - id: q
    type: {qtype}
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    params:
{params}
    variables: [x]
    prompt: Simplify.
    answer: "{answer}"
    hints: [h]
    solution: s
"""


@pytest.mark.parametrize("qtype, params, answer, values", [
    ("derivation", "      n: randint(3, 3)", "x/(n-3)", "n=3"),
    ("derivation", "      n: randint(2, 40)", "x/(n-3)", "n=3"),
    ("derivation", "      n: choice([1, 2, 3, 4])\n      m: randint(0, 9)", "x^m/(n-3)", "n=3, m=0"),
    ("numeric", "      n: randint(2, 40)\n      m: choice([1, 2, 3])", "m/(n-3)", "n=3, m=1"),
    ("numeric", "      a: uniform(0, 1, 1)", "1/(a - 0.7)", "a=0.7"),
    ("numeric", "      n: randint(2, 12)\n      d: n - 3", "1/d", "n=3, d=0"),
])
def test_validate_builds_every_variant_of_a_small_parameter_grid(tmp_path, qtype, params, answer,
                                                                 values):
    """The reported fault: x/(n-3) with n in 3..3 passed validate and test; with n in 2..40 it
    passed validate, and practice refused the seeds that drew 3."""
    from typer.testing import CliRunner

    from aiquiz.cli import app

    path = tmp_path / "iv.yaml"
    body = IMPOSSIBLE.format(qtype=qtype, params=params, answer=answer)
    if qtype == "numeric":
        body = body.replace("    variables: [x]\n", "")
    path.write_text(body)
    r = CliRunner().invoke(app, ["bank", "validate", str(path)])
    assert r.exit_code == 2, r.output
    line = r.output.splitlines()[0]
    # every combination that breaks it is named, the first one first
    assert line.startswith(f"{path}:") and "[q]" in line and f"(for {values}" in line, line
    assert "undefined" in line


def test_a_formula_parameter_undefined_somewhere_is_reported(tmp_path):
    path = tmp_path / "iv.yaml"
    path.write_text(IMPOSSIBLE.format(qtype="numeric", params="      n: randint(1, 5)\n"
                                      "      d: \"1/(n - 4)\"", answer="d")
                    .replace("    variables: [x]\n", ""))
    bank, problems = read_bank(path)
    problems = problems or validate_question(bank.questions[0])
    assert problems and "parameter d" in str(problems[0]) and "n=4" in str(problems[0])


def test_large_grids_are_sampled_not_enumerated(tmp_path, monkeypatch):
    import aiquiz.banks.validate as val

    built = []
    real = val.build_variant
    monkeypatch.setattr(val, "build_variant", lambda q, s, p: built.append(p) or real(q, s, p))
    path = tmp_path / "big.yaml"
    path.write_text(IMPOSSIBLE.format(qtype="numeric", params="      n: randint(1, 100)\n"
                                      "      m: randint(1, 100)", answer="n*m")
                    .replace("    variables: [x]\n", ""))
    bank, _ = read_bank(path)
    assert validate_question(bank.questions[0]) == []
    assert len(built) == val.MANY_SEEDS
    built.clear()
    path.write_text(path.read_text().replace("randint(1, 100)\n      m: randint(1, 100)",
                                             "randint(1, 10)\n      m: randint(1, 30)"))
    bank, _ = read_bank(path)
    assert validate_question(bank.questions[0]) == []
    assert sorted((int(p["n"]), int(p["m"])) for p in built) == \
        [(n, m) for n in range(1, 11) for m in range(1, 31)]
