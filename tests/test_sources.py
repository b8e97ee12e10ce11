"""Banks from anywhere: --bank adds to the bundled banks on every command, AIQUIZ_BANKS is always
loaded, --only-bank replaces both, `aiquiz banks` lists them, and a bank id clash names both
files."""

from __future__ import annotations

import json
import os
import shutil

from typer.testing import CliRunner

from aiquiz.banks.sources import BankFile, bank_sources, trust_of
from aiquiz.cli import app

from .conftest import BANKS, FIXTURES

MINI = str(FIXTURES / "mini.yaml")


def run(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)


def _calculus(output: str) -> int:
    row = next(line for line in output.splitlines() if line.split()[:1] == ["calculus"])
    return int(row.split()[2])


def test_bank_adds_to_the_bundled_banks_and_only_bank_replaces_them():
    bundled = _calculus(run("topics").output)
    added = run("topics", "--bank", MINI)
    assert added.exit_code == 0, added.output
    assert _calculus(added.output) == bundled + 5  # mini holds 5 calculus questions
    only = run("topics", "--only-bank", MINI)
    assert _calculus(only.output) == 5


def test_aiquiz_banks_env_is_always_loaded(tmp_path, monkeypatch):
    other = tmp_path / "other.yaml"
    other.write_text((FIXTURES / "mini.yaml").read_text().replace("bank: mini", "bank: other"))
    monkeypatch.setenv("AIQUIZ_BANKS", os.pathsep.join([MINI, str(other)]))
    assert _calculus(run("topics").output) == _calculus(run("topics", "--only-bank",
                                                            BANKS).output) + 10
    # a bank from AIQUIZ_BANKS is found by id, as a bundled one is
    r = run("check", "other", "third", "1/3")
    assert r.exit_code == 0 and r.output.splitlines()[-1] == "correct", r.output
    monkeypatch.setenv("AIQUIZ_BANKS", str(tmp_path / "gone"))
    r = run("topics")
    assert r.exit_code == 2
    assert "gone: no such file or folder" in r.output and "(named in AIQUIZ_BANKS)" in r.output


def test_practice_interview_and_check_take_added_banks():
    r = run("check", "mini", "third", "1/3")
    assert r.exit_code == 2 and "no bank file or bank called 'mini'" in r.output
    assert run("check", "mini", "third", "1/3", "--bank", MINI).exit_code == 0
    r = run("practice", "--bank", MINI, "--topic", "linear-algebra", "--count", "40",
            "--seed", "1", input="")
    assert r.exit_code == 0, r.output
    r = run("interview", "--role", "mle", "--only-bank", MINI, "--count", "2", "--seed", "1",
            input="")
    assert r.exit_code == 0 and "Question 1/2" in r.output, r.output
    s = json.loads(run("bank", "stats", "--json", "--bank", MINI).output)
    assert s["questions"] == json.loads(run("bank", "stats", "--json").output)["questions"] + 9


def test_banks_lists_source_counts_and_trust(tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(MINI, mine / "mini.yaml")
    env = tmp_path / "env.yaml"
    env.write_text((FIXTURES / "mini.yaml").read_text().replace("bank: mini", "bank: envbank"))
    monkeypatch.setenv("AIQUIZ_BANKS", str(env))
    r = run("banks", "--bank", mine, "--json")
    assert r.exit_code == 0, r.output
    rows = {row["bank"]: row for row in json.loads(r.output)}
    assert rows["calculus"]["source"] == "bundled" and rows["calculus"]["trust"] == "trusted"
    assert rows["envbank"]["source"] == "env" and rows["envbank"]["trust"] == "data only"
    assert rows["mini"] == {"source": "option", "path": str(mine / "mini.yaml"),
                            "trust": "data only", "bank": "mini", "questions": 9,
                            "problem": None}
    table = run("banks", "--bank", mine).output
    line = next(row for row in table.splitlines() if row.split()[:1] == ["mini"])
    assert line.split()[:4] == ["mini", "9", "option", "data"]
    assert "questions in" in table


def test_a_bank_trusted_with_trust_is_listed_as_trusted_until_it_changes(tmp_path):
    """The trust column and the code-question gate are one decision: a bank of one's own is
    data only until --trust, which is remembered by the file's hash."""
    mine = tmp_path / "mine.yaml"
    shutil.copy(MINI, mine)

    def status():
        r = run("banks", "--only-bank", mine, "--json")
        assert r.exit_code == 0, r.output
        return json.loads(r.output)[0]["trust"]

    assert status() == "data only"
    assert run("bank", "test", mine, "--trust").exit_code == 0
    assert status() == "trusted"
    mine.write_text(mine.read_text() + "\n# edited\n")
    assert status() == "data only"


def test_a_bank_id_clash_names_both_files(tmp_path):
    twin = tmp_path / "twin.yaml"
    shutil.copy(MINI, twin)
    r = run("practice", "--bank", MINI, "--bank", twin, input="")
    assert r.exit_code == 2
    assert f"bank id 'mini' is used by both {MINI} and {twin}" in r.output
    r = run("banks", "--bank", MINI, "--bank", twin)
    assert r.exit_code == 2 and "is used by both" in r.output
    # the same file named twice is one bank
    assert run("topics", "--bank", MINI, "--bank", MINI).exit_code == 0


def test_one_function_resolves_the_list_and_trust_is_a_table(monkeypatch):
    monkeypatch.delenv("AIQUIZ_BANKS", raising=False)
    files = bank_sources(add=[MINI])
    assert {f.source for f in files} == {"bundled", "option"}
    assert files[-1] == BankFile(FIXTURES / "mini.yaml", "option")
    assert [f.source for f in bank_sources(only=[MINI])] == ["option"]
    assert trust_of(BankFile(FIXTURES / "mini.yaml", "bundled")) == "trusted"
