"""The core is a library: it imports neither typer nor rich; --help stays fast."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

CORE = ["aiquiz.banks", "aiquiz.checks", "aiquiz.grading", "aiquiz.grading.numeric",
        "aiquiz.grading.symbolic", "aiquiz.grading.conceptual", "aiquiz.grading.sympy_worker",
        "aiquiz.mathtext", "aiquiz.evaluate", "aiquiz.params", "aiquiz.report",
        "aiquiz.selection", "aiquiz.session", "aiquiz.store", "aiquiz.variant", "aiquiz.paths"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(out.split())


def test_core_imports_neither_typer_nor_rich():
    mods = _modules_after("\n".join(f"import {m}" for m in CORE))
    assert "typer" not in mods and "rich" not in mods and "click" not in mods


def test_help_does_not_import_numpy_or_sympy():
    mods = _modules_after(
        "import sys\nsys.argv = ['aiquiz', '--help']\nfrom aiquiz.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass")
    assert "numpy" not in mods and "sympy" not in mods


def test_topics_and_progress_do_not_import_numpy_or_sympy():
    for cmd in ("topics", "progress"):
        mods = _modules_after(
            f"import sys\nsys.argv = ['aiquiz', '{cmd}']\nfrom aiquiz.cli import app\n"
            "try:\n    app()\nexcept SystemExit:\n    pass")
        assert "numpy" not in mods and "sympy" not in mods, cmd
