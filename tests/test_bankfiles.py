"""Bank files and what is derived from them: the cache is bound to the source's text and never
trusted over it, bank folders may hold FIFOs, and a bank of one's own cannot take a bundled
bank's id."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from aiquiz.banks import cache as cache_mod
from aiquiz.cli import app

from .conftest import BANKS, FIXTURES, ROOT

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def _entry_for(home, bank_file):
    from aiquiz.banks.cache import source_digest

    return home / "cache" / "banks" / f"{source_digest(bank_file.read_text())}.json"


def _edit_entry(entry, edit) -> None:
    """Change the parsed bank inside a cache entry, leaving its header as it was."""
    head, _, payload = entry.read_bytes().partition(b"\n")
    body = json.loads(payload)
    edit(body["data"])
    entry.write_bytes(head + b"\n" + json.dumps(body).encode())


def test_an_edited_cache_entry_is_not_used_and_is_replaced(home, tmp_path):
    bank = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", bank)
    assert run("check", str(bank), "third", "1/3").exit_code == 0  # parsed and cached
    entry = _entry_for(home, bank)
    assert entry.exists()

    def cheat(data):
        q = next(q for q in data["questions"] if q["id"] == "third")
        q["answer"] = "1/2"
    _edit_entry(entry, cheat)
    st = bank.stat()  # the source is untouched: same size and times
    assert run("check", str(bank), "third", "1/2").exit_code == 1  # graded by the source
    assert run("check", str(bank), "third", "1/3").exit_code == 0
    assert b'"1/2"' not in entry.read_bytes()  # the edited entry was replaced
    assert bank.stat().st_mtime_ns == st.st_mtime_ns
    # a forged checksum over the wrong text does not help either
    _edit_entry(entry, cheat)
    head, _, payload = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["check"] = cache_mod._check("0" * 32, payload)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert run("check", str(bank), "third", "1/3").exit_code == 0


def test_the_trusted_fast_path_checks_the_text_and_the_entry(home):
    """A session on the bundled banks builds questions from the index's fast path: an edited
    entry (a bogus assumption, a changed key) must not reach it."""
    r = run("practice", "--topic", "calculus", "--count", "1", "--seed", "1", input=":q\n")
    assert r.exit_code == 0
    calculus = BANKS / "calculus.yaml"
    entry = _entry_for(home, calculus)

    def bogus(data):
        for q in data["questions"]:
            if q["type"] == "derivation":
                q["variables"] = {name: "bogus" for name in (q["variables"] if isinstance(
                    q["variables"], list) else q["variables"])}
    _edit_entry(entry, bogus)
    r = run("practice", "--topic", "calculus", "--count", "3", "--seed", "1",
            input=":s\n:s\n:s\n")
    assert r.exit_code == 0, r.output
    assert "bogus" not in r.output and str(calculus) not in r.output
    assert b"bogus" not in entry.read_bytes()


def test_validate_never_trusts_the_cache(home, tmp_path):
    bank = tmp_path / "b.yaml"
    shutil.copy(FIXTURES / "mini.yaml", bank)
    assert run("topics", "--bank", str(bank)).exit_code == 0  # cached
    entry = _entry_for(home, bank)
    _edit_entry(entry, lambda data: data["questions"][1].update(answer="1/0"))
    before = entry.read_bytes()
    r = run("bank", "validate", str(bank))
    assert r.exit_code == 0, r.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(bank.read_text().replace('answer: "1/3"', 'answer: "1/0"'))
    r = run("bank", "validate", str(broken))
    assert r.exit_code == 2 and f"{broken}:" in r.output and "[third]" in r.output
    assert entry.read_bytes() == before  # validate neither read nor rewrote it


@pytest.mark.parametrize("field, value", [
    ("marks", {"bank": 1}),                      # a position is [line, column]
    ("marks", {"bank": [1, "2"]}),
    ("question_marks", [{"id": [3]}]),
    ("question_marks", {"id": [3, 5]}),          # one map per question, in a list
    ("question_lines", [True]),
    ("duplicates", [[0, "id", 3, 5]]),            # [question, path, line, column, first line]
    ("duplicates", {"id": 3}),
])
def test_an_entry_with_positions_of_the_wrong_shape_is_discarded(tmp_path, field, value):
    """An entry whose checksum checks out (someone who studied the format) but whose positions
    are not path -> [line, column] is not used: it is deleted and the source parsed again."""
    bank = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", bank)
    text = bank.read_text()
    source = cache_mod.source_digest(text)
    entry = tmp_path / f"{source}.json"
    cache_mod.write_entry(entry, source, cache_mod.load_yaml(text, str(bank)))
    assert cache_mod.read_entry(entry, source) is not None
    head, _, payload = entry.read_bytes().partition(b"\n")
    body = json.loads(payload)
    body[field] = value
    payload = json.dumps(body).encode()
    header = json.loads(head)
    header["check"] = cache_mod._check(source, payload)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert cache_mod.read_entry(entry, source) is None and not entry.exists()


def test_a_damaged_entry_is_discarded_without_blaming_the_bank(home):
    run("topics")
    entries = list((home / "cache" / "banks").glob("*.json"))
    assert entries
    for i, e in enumerate(entries):
        e.write_bytes([b"", b"{", b'{"format": 2}\n{}', b"\x00" * 100][i % 4])
    (home / "cache" / "index.json").unlink()
    r = run("topics")
    assert r.exit_code == 0 and "Error" not in r.output
    r = run("practice", "--topic", "statistics", "--count", "1", input=":q\n")
    assert r.exit_code == 0 and "Error" not in r.output
    for e in entries:
        assert not e.exists() or e.read_bytes().startswith(
            b'{"format": %d, "source"' % cache_mod.FORMAT)


def test_the_cache_is_pruned_by_age_and_size(home, monkeypatch):
    run("topics")
    folder = home / "cache" / "banks"
    now = time.time()
    old = [folder / f"{i:032x}.json" for i in range(3)]
    for p in old:
        p.write_text("x")
        os.utime(p, (now - 40 * 86400, now - 40 * 86400))
    stale_tmp = folder / ".tmp-abcd1234.tmp"
    stale_tmp.write_text("x")
    os.utime(stale_tmp, (now - 2 * 86400, now - 2 * 86400))
    foreign = folder / "notes.json"
    foreign.write_text("not ours")
    os.utime(foreign, (now - 400 * 86400, now - 400 * 86400))
    live = sorted(p for p in folder.glob("*.json") if p not in old and p != foreign)
    assert cache_mod.prune(folder, force=True) == 4
    assert not any(p.exists() for p in old) and not stale_tmp.exists()
    assert foreign.exists() and all(p.exists() for p in live)
    # over the size cap: the least recently used go first
    for i, p in enumerate(live):
        os.utime(p, (now - i * 100, now - i * 100))
    monkeypatch.setattr(cache_mod, "MAX_CACHE_BYTES", sum(p.stat().st_size for p in live[:2]))
    cache_mod.prune(folder, force=True)
    assert [p.exists() for p in live] == [True, True] + [False] * (len(live) - 2)
    # and it runs by itself, at most once a day, when an entry is written
    assert cache_mod.prune(folder) == 0


def test_a_fifo_named_like_a_bank_is_skipped_not_waited_on(tmp_path, home):
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(FIXTURES / "mini.yaml", folder / "mini.yaml")
    os.mkfifo(folder / "trap.yaml")
    env = dict(os.environ, AIQUIZ_HOME=str(home), PYTHONPATH=str(ROOT))
    for args in (["topics", "--bank", str(folder)], ["bank", "validate", str(folder)],
                 ["bank", "test", str(folder)],
                 ["practice", "--bank", str(folder), "--count", "1", "--seed", "1"]):
        r = subprocess.run([sys.executable, "-m", "aiquiz", *args], env=env, input=":q\n",
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    r = subprocess.run([sys.executable, "-m", "aiquiz", "bank", "validate",
                        str(folder / "trap.yaml")], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_a_bank_of_ones_own_cannot_take_a_bundled_banks_id(tmp_path):
    mine = tmp_path / "my-calculus.yaml"
    mine.write_text((FIXTURES / "mini.yaml").read_text().replace("bank: mini", "bank: calculus"))
    r = run("practice", "--bank", str(mine), "--count", "1", input=":q\n")
    assert r.exit_code == 2
    assert str(mine) in r.output and str(BANKS / "calculus.yaml") in r.output
    assert "already used by the bundled bank" in r.output
    # the bundled banks themselves, named explicitly, are no clash
    assert run("practice", "--bank", str(BANKS), "--count", "1", input=":q\n").exit_code == 0
