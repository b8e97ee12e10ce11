"""`aiquiz bank preview`: a question exactly as the learner sees it (the session's own
TerminalUI.show_question), then what only the author sees: answer, hints, solution, and the
verdict of each of its tests on this variant."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text


def _question(file: Path, question_id: str):
    from ..banks.problems import did_you_mean
    from ..banks.reader import read_bank
    from ..errors import BankError

    bank, problems = read_bank(file)
    for q in bank.questions if bank else []:
        if q.id == question_id:
            return q
    mine = [p for p in problems if p.qid == question_id]
    if mine or bank is None:
        first = (mine or problems)[0]
        more = len(mine or problems) - 1
        raise BankError(first.text + (f" (and {more} more: aiquiz bank validate {file})"
                                      if more else ""),
                        first.path, first.line, first.qid, first.column)
    ids = [q.id for q in bank.questions]
    raise BankError(f"no question {question_id!r} in this bank — "
                    + did_you_mean(question_id, ids, "its ids: " + ", ".join(ids[:8])),
                    str(file))


def preview_question(file: Path, question_id: str, seed: int) -> int:
    """Show the question; return how many of its tests failed on this variant."""
    from ..banks.selftest import check_variant
    from ..banks.variant import make_variant
    from ..study.planners import FixedPlanner
    from ..study.session import PRACTICE, Session
    from ..text import strip_controls as clean
    from ..texmath import unbreakable
    from .flow import print_flowed
    from .ui import TerminalUI

    q = _question(file, question_id)
    v = make_variant(q, seed)
    ui = TerminalUI()
    ui.show_question(Session(FixedPlanner([q], seed), PRACTICE, seed, None), 0, v)
    c = ui.console
    c.print()
    c.rule(Text(clean(f"For the author · {q.key} · seed {seed}") + (
        "" if q.parametric else " (no parameters: every seed is the same)"), style="bold"),
        align="left")
    if v.params:
        c.print(Text.assemble(("Parameters: ", "bold"), ", ".join(
            f"{k} = {float(x):g}" for k, x in v.params.items())))
    c.print(Text.assemble(("Answer: ", "bold"), unbreakable(clean(v.expected_text))))
    for i, hint in enumerate(v.hints, 1):
        ui.show_hint(hint, i, len(v.hints))
    c.print(Text("Worked solution:", style="bold"))
    print_flowed(c, v.solution.strip())
    c.print(Text("Tests on this variant:", style="bold"))
    checks = check_variant(q, v)
    for check in checks:
        want = "accept" if check.want else "reject"
        mark, style = ("✓", "green") if check.ok else ("✗", "red bold")
        line = Text.assemble((f"  {mark} ", style), clean(f"{check.label}: {check.shown!r} "),
                             (f"(must {want})", "dim"))
        if not check.ok:
            line.append(clean(f" — {check.why}"), style="red")
        c.print(line)
    failed = sum(not check.ok for check in checks)
    c.print(Text(f"{len(checks) - failed} passed, {failed} failed", style="dim"))
    return failed
