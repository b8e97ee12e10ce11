"""docs/authoring.md: every complete bank in it validates and passes its own tests, and it covers
every field and every question type."""

from __future__ import annotations

import re

from aiquiz.banks.reader import COMMON_KEYS
from aiquiz.banks.selftest import selftest_paths
from aiquiz.banks.validate import validate_paths
from aiquiz.qtypes import all_types

from .conftest import ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text()
BANKS = [b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S)
         if b.startswith("bank:") and "    type:" in b]  # not the outline in section 2


def test_every_bank_in_the_tutorial_validates_and_passes_its_tests(tmp_path):
    assert len(BANKS) >= 3
    for i, text in enumerate(BANKS):
        path = tmp_path / f"doc-{i}.yaml"
        path.write_text(text)
        count, problems = validate_paths([path])
        assert count >= 1 and not problems, [str(p) for p in problems]
        run = selftest_paths([path], trust=True)  # code questions run only when trusted
        assert not run.failures, [str(f) for f in run.failures]
        assert not run.untrusted and run.questions == count


def test_the_tutorial_covers_every_field_and_type():
    for key in COMMON_KEYS:
        assert f"`{key}`" in DOC, key
    shown = "\n".join(BANKS)
    for t in all_types():
        assert f"type: {t.name}" in shown, t.name
        for field in t.fields:
            assert f"    {field}:" in shown, (t.name, field)
    for topic in ("tolerance", "assumption", "mistakes", "tests", "Trust", "AIQUIZ_BANKS",
                  "--only-bank", "GIFT", "bank preview", "--watch"):
        assert topic in DOC, topic
