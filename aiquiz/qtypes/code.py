"""Code questions: implement a function (or class) from scratch; it is checked against the bank's
reference on generated inputs (random ones from the question's spec plus named edge cases),
compared with `numpy.allclose`, in a sandboxed helper process (`code_check`, `aiquiz.sandbox`).

Bank code — the reference (`answer`), the kept wrong implementations (`mistakes`), `generate`
and `harness` — and the learner's code are Python source text. aiquiz parses them (to validate a
bank and to find forbidden library calls) but executes them only in the sandbox, and bank code
only from a trusted bank (`banks/trust.py`).

In a session the learner's answer is a file: the type writes a starter into the workspace
(`<data dir>/workspace/<bank>/<id>.py`), the loop offers it to the UI to open, and pressing Enter
or typing `:check` checks the file as it is (`answer_text`). A failing check can be fixed and
checked again (`retries`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from . import register
from .base import QuestionType
from .grade import Grade, Status

IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
EDGE_CASES = ("unit", "zeros", "large values", "batch of one")
CHECK_WORDS = {"", ":check", ":c", ":run"}
DEFAULT_REL, DEFAULT_ABS = 1e-5, 1e-8
_ARG_SPEC = {"oneOf": [
    {"type": ["number", "string", "boolean", "array", "null"]},
    {"type": "object", "additionalProperties": False, "properties": {
        "shape": {"type": "array", "items": {"type": ["string", "integer"]}},
        "low": {"type": ["number", "string"]}, "high": {"type": ["number", "string"]},
        "scale": {"type": "number"}, "int": {"type": "boolean"}, "keep": {"type": "boolean"},
        "value": {}, "choice": {"type": "array", "minItems": 1}}}]}
_EDGE = {"oneOf": [{"enum": list(EDGE_CASES)}, {
    "type": "object", "required": ["name"], "additionalProperties": False, "properties": {
        "name": {"type": "string"}, "dims": {"type": "object"}, "scale": {"type": "number"},
        "zeros": {"type": "boolean"}, "set": {"type": "object"}}}]}


def workspace_file(q) -> Path:
    from ..paths import data_dir

    return data_dir() / "workspace" / q.bank / f"{q.id}.py"


def defines(source: str, name: str) -> bool:
    """Whether `source` parses and defines `name` at top level (parsing only, never running)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                                for t in node.targets):
            return True
    return False


def starter_from(reference: str, entry: str) -> str:
    """A starter derived from the reference: its imports, the entry's signature and docstring,
    and `raise NotImplementedError`."""
    tree = ast.parse(reference)
    lines = reference.splitlines()
    out = [ast.get_source_segment(reference, n) or "" for n in tree.body
           if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == entry:
            head = "\n".join(lines[node.lineno - 1:node.body[0].lineno - 1])
            doc = ast.get_docstring(node, clean=False)
            body = node.body[0]
            if doc is not None:
                head = "\n".join(lines[node.lineno - 1:body.end_lineno])
            out += ["", "", head, "    # your code here", "    raise NotImplementedError"]
    return "\n".join(out).strip() + "\n"


STARTER = """\
  # code: the learner implements a function (or class) in a file; it is checked against your
  # reference on random inputs and edge cases, in a sandbox. A bank of your own runs its code
  # only once trusted: aiquiz bank test FILE --trust (see docs/security.md).
  - id: softmax-rows
    type: code
    topic: deep-learning
    category: Deep Learning
    roles: [mle]
    difficulty: 2
    prompt: |
      Implement `softmax(X)`: the softmax of each row of a float array X of shape
      (n, k), as an array of the same shape. Large entries must not overflow.
    entry: softmax                     # the function the learner defines
    inputs:                            # one spec per argument (or generate: cases(rng))
      X: {shape: [n, k], scale: 3}
    dims: {n: [1, 4], k: [2, 5]}       # each case draws every dim in [low, high]
    edge_cases: [batch of one, large values]
    # the reference; the learner's file starts from its imports, signature and docstring
    answer: |
      import numpy as np


      def softmax(X):
          \"\"\"Row-wise softmax of X, shape (n, k).\"\"\"
          Z = X - X.max(axis=1, keepdims=True)
          E = np.exp(Z)
          return E / E.sum(axis=1, keepdims=True)
    hints:
      - Subtracting a row's maximum first changes nothing and keeps exp finite.
    solution: |
      Row by row: subtract the row's maximum, exponentiate, divide by the row's sum.
    mistakes:                          # kept wrong implementations: the diagnosis and the tests
      - answer: |
          import numpy as np
          def softmax(X):
              E = np.exp(X)
              return E / E.sum(axis=1, keepdims=True)
        feedback: "exp overflows for large entries: subtract each row's maximum first."
"""


class CodeType(QuestionType):
    name = "code"
    label = "code"
    runs_bank_code = True
    retries = True
    mistakes_named = True
    fields = {
        "entry": {"type": "string", "pattern": IDENT},
        "starter": {"type": "string"},
        "inputs": {"type": "object", "propertyNames": {"pattern": IDENT},
                   "additionalProperties": _ARG_SPEC},
        "dims": {"type": "object", "propertyNames": {"pattern": IDENT},
                 "additionalProperties": {"type": "array", "items": {"type": "integer"},
                                          "minItems": 2, "maxItems": 2}},
        "edge_cases": {"type": "array", "items": _EDGE},
        "batch_dim": {"type": "string"},
        "cases": {"type": "integer", "minimum": 1, "maximum": 50},
        "generate": {"type": "string"},
        "harness": {"type": "string"},
        "tolerance": {"type": "object", "additionalProperties": False,
                      "properties": {"rel": {"type": "number", "minimum": 0},
                                     "abs": {"type": "number", "minimum": 0}}},
        "forbid": {"type": "array", "items": {"type": "string"}},
    }
    required = ("entry",)
    answer_schema = {"type": "string"}

    # ------------------------------------------------------------------ reading a bank
    def starter_example(self) -> str:
        return STARTER

    def read(self, item: dict, bad) -> dict:
        entry = item.get("entry")
        if not isinstance(entry, str) or not re.match(IDENT, entry):
            bad("entry", "'entry' must name the function or class to implement")
            entry = ""
        out: dict = {"entry": entry}
        for key in ("answer", "starter", "generate", "harness"):
            src = item.get(key)
            if src is None:
                continue
            if not isinstance(src, str):
                bad(key, f"'{key}' must be Python source text")
                continue
            try:
                ast.parse(src)
            except SyntaxError as exc:
                bad(key, f"'{key}' is not valid Python: {exc.msg} (its line {exc.lineno})")
                continue
            if key in ("answer", "starter") and entry and not defines(src, entry):
                bad(key, f"'{key}' must define `{entry}`")
            if key != "answer":
                out[key] = src
        for m in item.get("mistakes") or []:
            if isinstance(m, dict) and not (isinstance(m.get("answer"), str)
                                            and defines(m["answer"], entry)):
                bad("mistakes", f"each mistake's answer must be Python source defining "
                                f"`{entry}`")
        if "generate" in item and "inputs" in item:
            bad("generate", "give either 'inputs' (a spec) or 'generate' (source), not both")
        if "generate" not in item and not isinstance(item.get("inputs"), dict):
            bad("inputs", "a code question needs 'inputs' (name -> spec) or 'generate'")
        for key, kind in (("inputs", dict), ("dims", dict), ("edge_cases", list),
                          ("forbid", list)):
            if key in item:
                if not isinstance(item[key], kind):
                    bad(key, f"'{key}' must be a {'mapping' if kind is dict else 'list'}")
                else:
                    out[key] = item[key]
        for name, rng in (out.get("dims") or {}).items():
            if not (isinstance(rng, list) and len(rng) == 2 and all(
                    isinstance(x, int) and 0 < x <= 64 for x in rng) and rng[0] <= rng[1]):
                bad("dims", f"dims.{name} must be [low, high] with 1 <= low <= high <= 64")
        for edge in out.get("edge_cases") or []:
            if not (edge in EDGE_CASES or isinstance(edge, dict) and isinstance(
                    edge.get("name"), str)):
                bad("edge_cases", f"an edge case is one of {', '.join(EDGE_CASES)} or a "
                                  "mapping with a 'name'")
        cases = item.get("cases", 4)
        if not isinstance(cases, int) or isinstance(cases, bool) or not 1 <= cases <= 50:
            bad("cases", "'cases' must be an integer from 1 to 50")
        out["cases"] = cases
        if isinstance(item.get("batch_dim"), str):
            out["batch_dim"] = item["batch_dim"]
        tol = item.get("tolerance") or {}
        if not isinstance(tol, dict) or set(tol) - {"rel", "abs"} or not all(
                isinstance(x, (int, float)) and x >= 0 for x in tol.values()):
            bad("tolerance", "'tolerance' must be {rel: R, abs: A} with non-negative numbers")
            tol = {}
        out["tolerance"] = {k: float(x) for k, x in tol.items()}
        return out

    # ------------------------------------------------------------------ building a variant
    def prepare(self, v) -> None:
        tol = v.question.fields.get("tolerance", {})
        v.settings["rel"] = tol.get("rel", DEFAULT_REL)
        v.settings["abs"] = tol.get("abs", DEFAULT_ABS)

    def compile_answer(self, v, raw):
        return raw, str(raw).strip()

    def compile_mistake(self, v, raw):
        return raw

    def sample_text(self, raw, params) -> str:
        return str(raw)

    def starter(self, q) -> str:
        return q.fields.get("starter") or starter_from(q.answer, q.fields["entry"])

    # ------------------------------------------------------------------ asking
    def answer_file(self, v) -> Path | None:
        """The learner's file for this question, written from the starter if it is missing;
        None when it cannot be written (a full or read-only disk): the question can then only be
        skipped, and the session goes on saving what it can."""
        from ..atomic import write_atomic

        path = workspace_file(v.question)
        if not path.exists():
            header = (f"# aiquiz {v.question.key}: implement `{v.question.fields['entry']}` "
                      "below,\n# save, then press Enter in aiquiz to check it.\n")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, (header + self.starter(v.question)).encode())
            except OSError:
                return None
        return path

    def answer_text(self, v, line: str) -> str:
        if line.strip().lower() not in CHECK_WORDS:
            return line
        path = self.answer_file(v)
        try:
            return path.read_text(encoding="utf-8") if path else ""
        except (OSError, UnicodeDecodeError):
            return ""

    def instructions(self, v) -> list[str]:
        notes = [f"Write `{v.question.fields['entry']}` in {workspace_file(v.question)}; "
                 "press Enter (or type :check) to check it, again after each fix; "
                 ":e reopens it."]
        if v.question.fields.get("forbid"):
            notes.append("No library calls for the core of it: "
                         + ", ".join(v.question.fields["forbid"]) + " are not allowed.")
        return notes

    def warm_up(self) -> None:
        from ..sandbox import bwrap_path

        import threading

        threading.Thread(target=bwrap_path, daemon=True).start()

    # ------------------------------------------------------------------ grading
    def grade(self, v, text: str, *, exact: bool = True) -> Grade:
        from ..banks.trust import is_trusted
        from .code_check import check_source, forbidden_message, forbidden_uses

        q = v.question
        expected = v.expected_text
        if len(text) > 200_000:
            return Grade(Status.UNREADABLE, "the file is longer than 200,000 characters",
                         expected)
        if not re.search(r"^\s*(def|class)\s", text, re.M) and "=" not in text:
            return Grade(Status.UNREADABLE, f"press Enter (or type :check) to check "
                         f"{workspace_file(q)}, :h for a hint, :s to skip", expected)
        if not is_trusted(q.path):
            return Grade(Status.UNREADABLE, "this bank is not trusted to run code; see "
                         "docs/security.md (--trust)", expected)
        try:
            tree = ast.parse(text)
        except SyntaxError as exc:
            return Grade(Status.UNREADABLE, f"SyntaxError on line {exc.lineno}: {exc.msg}",
                         expected, details=[{"name": "syntax", "status": "error",
                                             "message": f"line {exc.lineno}: {exc.msg}"}])
        uses = forbidden_uses(tree, text, q.fields.get("forbid") or [])
        if uses:
            msg = forbidden_message(uses)
            return Grade(Status.WRONG, msg, expected, details=[
                {"name": "no library calls", "status": "fail", "message": msg}])
        return check_source(v, text, str(workspace_file(q)))


register(CodeType())
