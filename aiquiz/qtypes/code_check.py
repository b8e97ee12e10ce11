"""Checking a learner's code, on aiquiz's side: read its syntax tree for forbidden library calls
(parsing only: nothing is executed here), then send it with the bank's reference, input spec and
kept wrong implementations to a sandboxed helper (`aiquiz.sandbox.run_once` running
`code_runner`), and turn what comes back into a `Grade` with one result per case.
"""

from __future__ import annotations

import ast

from ..sandbox import Once, data_dirs_to_hide, run_once
from ..workers import Limits
from .grade import Grade, Status

DEADLINE = 10.0
# CPU time past the wall deadline: the deadline always ends an endless loop first, the CPU
# limit only stops what slips past it
LIMITS = Limits(memory=1024**3, cpu=int(DEADLINE) + 5, file_size=16 * 1024**2, spawn=False)
RUNNER = "aiquiz.qtypes.code_runner"
HIDDEN = {"eval", "exec", "compile", "__import__", "importlib", "globals", "vars"}


def canonical(name: str) -> str:
    return "numpy." + name[3:] if name.startswith("np.") else name


def forbidden_uses(tree: ast.AST, source: str, forbid: list[str]) -> list[tuple[int, str]]:
    """(line, what) for each use of a forbidden name (`numpy.dot`, `numpy.linalg`, ...; any
    alias it is imported under, and the method form `a.dot(b)`) or operator (`@`)."""
    if not forbid:
        return []
    names = [canonical(f) for f in forbid if f != "@"]
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else \
                    a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def dotted(node) -> str | None:
        if isinstance(node, ast.Name):
            return aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def banned(full: str) -> bool:
        return any(full == n or full.startswith(n + ".") for n in names)

    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        shown = ast.get_source_segment(source, node) or ""
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult) \
                and "@" in forbid:
            out.append((node.lineno, "@"))
        elif isinstance(node, ast.Attribute):
            full, root = dotted(node), node
            while isinstance(root, ast.Attribute):
                root = root.value
            on_module = isinstance(root, ast.Name) and root.id in aliases
            if full and on_module and banned(full):
                out.append((node.lineno, shown))
            elif not on_module and any(n.rsplit(".", 1)[-1] == node.attr for n in names):
                out.append((node.lineno, shown))  # a method: x.dot(y)
        elif isinstance(node, ast.Name) and node.id in aliases and banned(aliases[node.id]):
            out.append((node.lineno, node.id))
        elif isinstance(node, ast.Name) and node.id in HIDDEN:
            out.append((node.lineno, node.id))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mod = node.module if isinstance(node, ast.ImportFrom) else None
            for a in node.names:
                full = f"{mod}.{a.name}" if mod else a.name
                if banned(full) or (mod and banned(mod)):
                    out.append((node.lineno, shown))
    seen, unique = set(), []
    for line, what in sorted(out, key=lambda x: x[0]):
        if (line, what) not in seen and not any(what != w and what in w and line == ln
                                                for ln, w in out):
            seen.add((line, what))
            unique.append((line, what))
    return unique


def forbidden_message(uses: list[tuple[int, str]]) -> str:
    line, what = uses[0]
    more = f" (and {len(uses) - 1} more use{'s' if len(uses) > 2 else ''})" if len(uses) > 1 \
        else ""
    return (f"line {line}: `{what}` is not allowed in this exercise{more} — it asks you to "
            "write this part yourself, without that library call.")


def check_source(v, source: str, filename: str) -> Grade:
    """Run the learner's `source` against the question's reference in the sandbox."""
    q = v.question
    f = q.fields
    request = {
        "entry": f["entry"], "reference": q.answer, "learner": source, "filename": filename,
        "mistakes": [m.answer for m in q.mistakes], "inputs": f.get("inputs"),
        "dims": f.get("dims"), "edge_cases": f.get("edge_cases"), "cases": f.get("cases", 4),
        "batch_dim": f.get("batch_dim"), "generate": f.get("generate"),
        "harness": f.get("harness"), "seed": v.seed,
        "tolerance": {"rel": v.settings["rel"], "abs": v.settings["abs"]},
    }
    once = run_once(RUNNER, request, LIMITS, DEADLINE, hide=data_dirs_to_hide())
    return grade_from_run(v, once)


def grade_from_run(v, once: Once) -> Grade:
    expected = v.expected_text
    cases = [c for c in once.lines if "name" in c]
    details = [{"name": c["name"], "status": c.get("status", "error"),
                "message": c.get("message", "")} for c in cases]
    errors = [c["error"] for c in once.lines if "error" in c]
    if errors and not cases:
        return Grade(Status.UNREADABLE, "the checker itself failed (a problem in the bank, not "
                     f"in your code): {errors[0]}", expected, details=details)
    stopped = ""
    if once.ended == "deadline":
        stopped = (f"stopped after {DEADLINE:g} s: case {len(cases) + 1} did not finish (an "
                   "infinite loop, or much too slow)")
    elif once.ended == "died":
        stopped = (f"the process running your code died during case {len(cases) + 1} "
                   f"({once.detail}{', out of memory?' if 'KILL' in once.detail else ''})")
    if stopped:
        details.append({"name": "limits", "status": "error", "message": stopped})
    failing = [c for c in cases if c.get("status") != "pass"]
    if not failing and not stopped and cases:
        return Grade(Status.CORRECT, f"All {len(cases)} cases pass.", expected, "all cases",
                     details=details)
    if not failing:
        return Grade(Status.WRONG, stopped[0].upper() + stopped[1:] + ".", expected,
                     details=details)
    first = failing[0]
    n_bad = len(failing) + bool(stopped)
    feedback = f"{n_bad} of {len(details)} cases fail. {first['message']}"
    mistake = None
    hit = first.get("diagnosis")
    if isinstance(hit, int) and 0 <= hit < len(v.mistakes):
        mistake = v.mistakes[hit][1]
        feedback += f"\nThat is what a typical mistake gives: {mistake}"
    return Grade(Status.WRONG, feedback, expected, details=details, mistake=mistake)
