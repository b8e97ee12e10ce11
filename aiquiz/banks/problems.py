"""What `aiquiz bank validate` and `aiquiz bank test` report: a problem at a place in a bank file
(line and column, question id, field), what was expected and the likely fix; a did-you-mean for
misspelt names; and the grouping of a failure repeated over seeds into one report.

A place inside a question is a path of keys and list indexes, `mistakes/0/answer`; a question's
`marks` map each path to its [line, column] (see yamlsafe.py), so a problem points at the very
field, list item or mistake at fault.
"""

from __future__ import annotations

import difflib
import dataclasses
from dataclasses import dataclass

from ..errors import BankError


@dataclass
class Problem:
    path: str
    line: int | None
    qid: str
    message: str
    column: int | None = None
    field: str = ""            # where in the question: 'topic', 'mistakes/0/answer'...
    fix: str = ""              # the likely fix: "did you mean 'answer'?", "quote it"...
    seeds: list[int] = dataclasses.field(default_factory=list)  # the seeds it happened on (parametric)
    # the parameter values it happened for ("n=3, m=2"), when every combination was tried
    values: list[str] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        """The message with its fix and the seeds or parameter values it happened on."""
        out = self.message + (f" — {self.fix}" if self.fix else "")
        return out + seeds_note(self.seeds) + values_note(self.values)

    @property
    def variants(self) -> int:
        """How many variants it happened on (1 for a question without parameters)."""
        return max(1, len(self.seeds) + len(self.values))

    def __str__(self) -> str:
        return str(BankError(self.text, self.path, self.line, self.qid, self.column))

    def as_dict(self) -> dict:
        return {"file": self.path, "line": self.line, "column": self.column,
                "question": self.qid, "field": self.field, "message": self.message,
                "fix": self.fix, "seeds": self.seeds, "values": self.values}


def seeds_note(seeds: list[int]) -> str:
    if not seeds:
        return ""
    shown = ", ".join(map(str, seeds[:8])) + (f" and {len(seeds) - 8} more"
                                              if len(seeds) > 8 else "")
    return f" (seed{'s' if len(seeds) > 1 else ''} {shown})"


def values_note(values: list[str]) -> str:
    if not values:
        return ""
    shown = "; ".join(values[:6]) + (f" and {len(values) - 6} more" if len(values) > 6 else "")
    return f" (for {shown})"


def close_match(word: object, options) -> str | None:
    """The option closest to a misspelt `word`, if one is close enough (case ignored)."""
    if not isinstance(word, str) or not word:
        return None
    options = [str(o) for o in options]
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    if hits:
        return lowered[hits[0]]
    # an abbreviation spelt out ('relative' for 'rel') or cut short ('prob' for 'probability')
    starts = [o for o in lowered if len(min(o, word, key=len)) >= 3
              and (word.lower().startswith(o) or o.startswith(word.lower()))]
    return lowered[starts[0]] if len(starts) == 1 else None


def did_you_mean(word: object, options, otherwise: str = "") -> str:
    """"did you mean 'x'?" for the closest option, else `otherwise`."""
    hit = close_match(word, options)
    return f"did you mean {hit!r}?" if hit is not None else otherwise


def place(marks: dict, where: str, default: tuple[int | None, int | None]):
    """(line, column) of `where` in a question's `marks`, or of the nearest enclosing place: a
    missing `mistakes/0/feedback` is reported at `mistakes/0`."""
    mark = marks.get(where)
    if mark:
        return mark[0], mark[1]
    path = where.removesuffix(":key")
    while True:
        mark = marks.get(path)
        if mark:
            return mark[0], mark[1]
        if not path:
            return default
        path = path.rsplit("/", 1)[0] if "/" in path else ""


@dataclass
class SeedGroups:
    """Failures found on several seeds, kept once per (place, kind) with the seeds they
    happened on: a mistake equal to the answer on 20 seeds is one problem, not twenty."""

    groups: dict[tuple[str, str], Problem] = dataclasses.field(default_factory=dict)

    def add(self, q, seed: int | None, where: str, kind: str, message: str,
            fix: str = "", at: tuple[int, int] | None = None, label: str = "") -> None:
        """`label` names the parameter values of a variant from the full grid ("n=3"); without
        one, a parametric question's variant is named by its seed."""
        key = (where, kind)
        if key not in self.groups:
            line, col = at or place(q.marks, where, (q.line, None))
            self.groups[key] = Problem(q.path, line, q.id, message, col, where, fix)
        if label:
            self.groups[key].values.append(label)
        elif seed is not None and q.parametric:
            self.groups[key].seeds.append(seed)

    def problems(self) -> list[Problem]:
        return sorted(self.groups.values(), key=lambda p: (p.line or 0, p.column or 0))


def formula_place(marks: dict, where: str, raw, exc) -> tuple[int, int] | None:
    """The file position of a syntax error inside a one-line formula: the text's start plus the
    error's column in the formula (None when that cannot be told: a block, a number, a list)."""
    start = marks.get(where + ":text")
    pos = getattr(exc, "pos", None)
    if start is None or pos is None or not isinstance(raw, str):
        return None
    return start[0], start[1] + pos
