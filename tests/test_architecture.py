"""The core is a library: it imports neither typer nor rich; --help stays fast."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

def _core_modules() -> list[str]:
    """Every module of the package outside aiquiz/cli/, found on disk so new ones are covered."""
    pkg = ROOT / "aiquiz"
    mods = []
    for path in sorted(pkg.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if "cli" in parts or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods.append(".".join(parts))
    return mods


CORE = _core_modules()


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


def test_core_module_list_is_complete():
    assert {"aiquiz.banks.reader", "aiquiz.study.session", "aiquiz.learner.store",
            "aiquiz.qtypes.equivalence", "aiquiz.maths.parser"} <= set(CORE)


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    import typer.main

    from aiquiz.cli import app

    readme = (ROOT / "README.md").read_text()
    root = typer.main.get_command(app)

    def walk(cmd, prefix):
        if hasattr(cmd, "commands"):  # typer vendors its own click: duck-type the group
            for name, sub in cmd.commands.items():
                yield from walk(sub, prefix + [name])
        else:
            yield prefix, cmd

    seen = 0
    for path, cmd in walk(root, []):
        seen += 1
        assert cmd.help and "Example: aiquiz " in cmd.help, path
        assert "aiquiz " + " ".join(path) in readme, f"README does not show aiquiz {' '.join(path)}"
    assert seen >= 8  # practice interview topics check progress-import bank-validate/test/stats
