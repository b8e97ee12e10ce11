"""Moodle GIFT, both ways. The reading tests re-create the cases of Moodle's own GIFT format tests
(question/format/gift/tests/giftformat_test.php): the same GIFT text, the same expected fields."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from aiquiz.banks.gift import GiftAnswer, GiftQuestion, escape, parse_gift, write_question
from aiquiz.banks.gift_convert import ImportOptions, bank_yaml, export_gift, import_gift
from aiquiz.banks.loader import load_bank
from aiquiz.banks.selftest import selftest_paths
from aiquiz.banks.validate import validate_paths
from aiquiz.cli import app

from .conftest import BANKS, FIXTURES


def one(text: str) -> GiftQuestion:
    (q,) = [q for q in parse_gift(text) if q.kind != "category"]
    return q


def answers(q: GiftQuestion) -> list[tuple]:
    return [(a.text, a.right, a.weight, a.feedback) for a in q.answers]


# ------------------------------------------------------------------ Moodle's reading cases
def test_moodle_import_essay():
    q = one("\n// essay\n::Q8:: How are you? {}")
    assert (q.kind, q.title, q.text) == ("essay", "Q8", "How are you?")


def test_moodle_import_match():
    q = one("// question: 2  name: Moodle activities\n::Moodle activities::[html]Match the "
            "<b>activity</b> to the description.{\n    =[html]An activity supporting "
            "asynchronous discussions. -> Forum\n    = -> Chat\n}")
    assert (q.kind, q.title, q.fmt) == ("matching", "Moodle activities", "html")
    assert q.text == "Match the <b>activity</b> to the description."


def test_moodle_import_multichoice():
    q = one("// multiple choice with specified feedback for right and wrong answers\n"
            "::Q2:: What's between orange and green in the spectrum?\n{\n"
            "    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n"
            "    ~[plain]blue # wrong, it's yellow\n}")
    assert (q.kind, q.single, q.title) == ("multichoice", True, "Q2")
    assert q.text == "What's between orange and green in the spectrum?"
    assert answers(q) == [("yellow", True, None, "right; good!"),
                          ("red", False, None, "wrong, it's yellow"),
                          ("blue", False, None, "wrong, it's yellow")]


def test_moodle_import_multichoice_multi():
    q = one("::colours:: What's between orange and green in the spectrum?\n{\n"
            "    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n"
            "    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}")
    assert (q.kind, q.single) == ("multichoice", False)
    assert [(a.text, a.weight) for a in q.answers] == [
        ("yellow", 50), ("red", -100), ("off-beige", 50), ("blue", -100)]
    assert [a.feedback for a in q.answers] == ["right; good!", "wrong", "right; good!", "wrong"]


def test_moodle_import_multichoice_multi_tricky():
    q = one("::colours:: What's between orange and green in the spectrum?\n{\n"
            "    ~%100%yellow # right; good!\n    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}")
    assert not q.single and [a.weight for a in q.answers] == [100, -50, -50]
    converted = import_gift("::colours:: Which?\n{\n~%100%yellow # right; good!\n"
                            "~%-50%red # wrong\n~%-50%blue # wrong\n}", ImportOptions())
    assert converted.questions[0]["answer"] == ["a"]


def test_moodle_import_numerical():
    q = one("// math range question\n::Q5:: What is a number from 1 to 5? "
            "{#3:2~#Completely wrong}")
    assert (q.kind, q.text) == ("numerical", "What is a number from 1 to 5?")
    assert [(a.text, a.tolerance, a.feedback) for a in q.answers] == [
        ("3", 2, ""), ("*", None, "Completely wrong")]


@pytest.mark.parametrize("general", ["", "\n    ####[html]Here is some general feedback!"])
def test_moodle_import_shortanswer(general):
    q = one("// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n"
            "    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n"
            "    =%0%*#Completely wrong" + general + "\n}")
    assert q.kind == "shortanswer"
    assert [(a.text, a.weight) for a in q.answers] == [("Frog", None), ("Cat", 50), ("*", 0)]
    assert [a.feedback for a in q.answers] == [
        "Good!", "What is it with Moodlers and cats?", "Completely wrong"]
    assert q.general_feedback == ("Here is some general feedback!" if general else "")
    assert q.general_fmt == ("html" if general else "moodle")


def test_moodle_import_truefalse():
    q = one("// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
            "FALSE#42 is the Ultimate Answer.#You gave the right answer.}")
    assert (q.kind, q.truth) == ("truefalse", False)
    assert q.feedback_wrong == "42 is the Ultimate Answer."  # Moodle's feedbacktrue
    assert q.feedback_right == "You gave the right answer."  # Moodle's feedbackfalse
    for body in ("{T}", "{TRUE}"):
        q = one("// name 0-11\n::2-08 TSL::TSL is blablabla." + body)
        assert (q.title, q.text, q.truth) == ("2-08 TSL", "TSL is blablabla.", True)


def test_moodle_import_backslash_and_escaped_braces():
    q = one("// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}")
    assert q.text == "A \\ B \\\\ C"
    q = one("::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n"
            "    public void test() \\{\n        method1();\n    \\}\n</pre>\n{}")
    assert q.kind == "essay" and q.fmt == "html"
    assert q.text.endswith("public void test() {\n        method1();\n    }\n</pre>")


def test_moodle_import_question_with_tags_in_comments():
    q = one("\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
            "// And an idnumber: [id:myid].\n::Question name:: How are you? {}")
    assert (q.title, q.text) == ("Question name", "How are you?")


# ------------------------------------------------------------------ Moodle's writing cases
def test_moodle_export_multichoice_and_tricky_weights():
    q = GiftQuestion(1, "multichoice", "Q8", "What's between orange and green in the spectrum?",
                     answers=[GiftAnswer("yellow", True, None, "right; good!"),
                              GiftAnswer("red", False, None, "wrong, it's yellow"),
                              GiftAnswer("blue", False, None, "wrong, it's yellow")])
    assert write_question(q) == (
        "::Q8::What's between orange and green in the spectrum?{\n\t=yellow#right; good!\n"
        "\t~red#wrong, it's yellow\n\t~blue#wrong, it's yellow\n}\n\n")
    q.single = False
    for a, w in zip(q.answers, (100, -50, -50)):
        a.weight = w
    assert write_question(q) == (
        "::Q8::What's between orange and green in the spectrum?{\n\t~%100%yellow#right; good!\n"
        "\t~%-50%red#wrong, it's yellow\n\t~%-50%blue#wrong, it's yellow\n}\n\n")


def test_moodle_export_numerical_shortanswer_truefalse():
    num = GiftQuestion(1, "numerical", "Q5", "What is a number from 1 to 5?",
                       answers=[GiftAnswer("3", True, 100, "", 2),
                                GiftAnswer("*", False, None, "Completely wrong")])
    assert write_question(num) == ("::Q5::What is a number from 1 to 5?{#\n\t=%100%3:2\n"
                                   "\t~#Completely wrong\n}\n\n")
    short = GiftQuestion(1, "shortanswer", "Shortanswer", "Which is the best animal?",
                         answers=[GiftAnswer("Frog", True, 100, "Good!"),
                                  GiftAnswer("Cat", True, 50, "What is it with Moodlers and cats?"),
                                  GiftAnswer("*", False, 0, "Completely wrong")],
                         general_feedback="Here is some general feedback!")
    assert write_question(short) == (
        "::Shortanswer::Which is the best animal?{\n\t=%100%Frog#Good!\n"
        "\t=%50%Cat#What is it with Moodlers and cats?\n\t=%0%*#Completely wrong\n"
        "\t####Here is some general feedback!\n}\n\n")
    tf = GiftQuestion(1, "truefalse", "Q1", "42 is the Absolute Answer to everything.",
                      truth=True, feedback_wrong="42 is the Ultimate Answer.",
                      feedback_right="You gave the right answer.")
    assert write_question(tf) == ("::Q1::42 is the Absolute Answer to everything.{TRUE#42 is the "
                                  "Ultimate Answer.#You gave the right answer.}\n\n")
    for q in (num, short, tf):  # and what is written reads back the same
        again = one(write_question(q))
        assert (again.kind, again.text, again.truth) == (q.kind, q.text, q.truth)


def test_moodle_export_backslash_and_every_escape():
    assert escape("A \\ B \\\\ C") == "A \\\\ B \\\\\\\\ C"
    text = "f: {x} = ~y # z \\ w\nline two"
    assert escape(text) == "f\\: \\{x\\} \\= \\~y \\# z \\\\ w\\nline two"
    q = one(f"::t::{escape(text)}{{=a\\=b\\:c}}")
    assert q.text == text and q.answers[0].text == "a=b:c"


# ------------------------------------------------------------------ conversion
SAMPLE = (FIXTURES / "sample.gift").read_text()


def _import(tmp_path, text: str = SAMPLE):
    result = import_gift(text, ImportOptions())
    path = tmp_path / "imported.yaml"
    path.write_text(bank_yaml("imported", "Imported", result.questions, "sample.gift"))
    return result, path


def test_import_converts_each_supported_kind_and_the_bank_validates(tmp_path):
    result, path = _import(tmp_path)
    kinds = {q["id"]: (q["type"], q["answer"]) for q in result.questions}
    assert kinds == {
        "q2": ("conceptual", "a"), "colours": ("conceptual", ["a", "c"]),
        "q5": ("numeric", 3), "shortanswer": ("conceptual", "Frog"),
        "q1": ("conceptual", "b"), "moodle-costs-to-download": ("conceptual", "b"),
        "tex": ("numeric", 0.5), "range": ("numeric", 1823), "multi-num": ("numeric", 3.1415)}
    q = {q["id"]: q for q in result.questions}
    assert q["q5"]["tolerance"] == {"rel": 0, "abs": 2}
    assert q["range"]["tolerance"] == {"rel": 0, "abs": 1}
    assert q["tex"]["prompt"] == "What is $$\\frac{1}{2}$$ : as a decimal?"
    assert q["q2"]["mistakes"] == [{"answer": "b", "feedback": "wrong, it's yellow"},
                                   {"answer": "c", "feedback": "wrong, it's yellow"}]
    assert q["shortanswer"]["solution"] == "Here is some general feedback!"
    assert q["q2"]["solution"] == "The answer is a) yellow. right; good!"
    assert q["moodle-costs-to-download"]["prompt"] == "Moodle costs _____ to download."
    assert q["q2"]["topic"] == "probability"  # from $CATEGORY: course/probability
    assert result.skipped == [
        (31, "essay question 'Q8' cannot be converted: an essay has no answer to check"),
        (33, "matching question 'Moodle activities' cannot be converted: aiquiz has no "
             "matching questions"),
        (38, "description question cannot be converted: a description has no question to "
             "answer")]
    assert (21, "partial credit for 'Cat' is not kept: it is graded wrong") in result.notes
    assert validate_paths([path]) == (9, [])
    run = selftest_paths([path])
    assert run.failures == [] and run.questions == 9


def test_invalid_gift_is_reported_with_its_line_not_a_traceback():
    result = import_gift("::ok:: One? {#1}\n\n::bad:: Two? {#two:1}\n", ImportOptions())
    assert [q["id"] for q in result.questions] == ["ok"]
    assert result.skipped == [(3, "question 'bad' is not valid GIFT: cannot read the number in "
                                  "'two'")]


def test_import_export_import_gives_the_same_questions(tmp_path):
    first, path = _import(tmp_path)
    text, skipped = export_gift(load_bank(path))
    assert skipped == []
    again = import_gift(text, ImportOptions())
    assert again.skipped == []
    strip = [{k: v for k, v in q.items() if k != "topic" and k != "category"}
             for q in first.questions]
    assert [{k: v for k, v in q.items() if k not in ("topic", "category")}
            for q in again.questions] == strip
    # the topic comes back too: export writes $CATEGORY bank/topic
    assert [q["topic"] for q in again.questions] == [q["topic"] for q in first.questions]


def test_export_writes_a_variant_of_parametric_questions_and_skips_derivations():
    bank = load_bank(BANKS / "calculus.yaml")
    text, skipped = export_gift(bank, seed=3)
    assert skipped and all(q.type == "derivation" or "GIFT" in why for q, why in skipped)
    assert any(q.type == "derivation" and why == "derivation questions have no GIFT form"
               for q, why in skipped)
    from aiquiz.banks.variant import make_variant

    q = next(q for q in bank.questions if q.parametric and q.type == "numeric")
    v = make_variant(q, 3)
    exported = {g.title: g for g in parse_gift(text) if g.kind != "category"}
    g = exported[q.id]
    assert g.text == v.prompt.strip() and float(g.answers[0].text) == pytest.approx(v.expected)


def run(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)


def test_cli_import_reports_what_it_cannot_convert_with_its_line(tmp_path):
    out = tmp_path / "week1.yaml"
    r = run("bank", "import", "gift", FIXTURES / "sample.gift", "-o", out, "--topic",
            "statistics", "--role", "research", "--difficulty", "3")
    assert r.exit_code == 0, r.output
    assert "sample.gift:33: skipped: matching question 'Moodle activities' cannot be " \
           "converted" in r.output
    assert "sample.gift:31: skipped: essay question 'Q8'" in r.output
    assert "Imported 9 question(s) into" in r.output and "skipped 3" in r.output
    bank = load_bank(out)
    assert bank.id == "week1" and {q.roles[0] for q in bank.questions} == {"research"}
    assert {q.difficulty for q in bank.questions} == {3}
    assert run("bank", "test", out).exit_code == 0
    r = run("bank", "import", "gift", FIXTURES / "sample.gift", "-o", out)
    assert r.exit_code == 2 and "already exists" in r.output
    r = run("bank", "import", "gift", FIXTURES / "sample.gift", "-o", tmp_path / "x.yaml",
            "--topic", "probabilty")
    assert r.exit_code == 2 and "did you mean 'probability'?" in r.output


def test_cli_export_writes_gift_and_names_what_has_no_gift_form(tmp_path):
    out = tmp_path / "calc.gift"
    r = run("bank", "export", "gift", BANKS / "calculus.yaml", "-o", out, "--seed", "2")
    assert r.exit_code == 0, r.output
    assert "calculus.yaml:" in r.output and "not exported: derivation questions have no " \
                                            "GIFT form" in r.output
    back = import_gift(out.read_text(), ImportOptions())
    assert back.skipped == [] and len(back.questions) > 5
    assert {q["topic"] for q in back.questions} <= {"calculus"}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}=~#:%->.0123456789 \n\\abTF/$[]*")),
               max_size=80))
def test_any_text_imports_without_a_traceback(text):
    result = import_gift(text, ImportOptions())
    for q in result.questions:
        assert q["type"] in ("conceptual", "numeric") and q["hints"] and q["solution"]
