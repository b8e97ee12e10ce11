"""A study plan for a role, in the spirit of the seed's "Structured Learning Plan": the checklist
items still to master, in prerequisite order, spread over N weeks, with the commands to run.

Order: an item comes after everything it builds on (the syllabus graph). Among items whose
prerequisites are placed, those the role's interviews lean on (and what they build on) come
first, then the syllabus order: foundations of linear algebra and calculus, then probability and
optimisation, then deep learning, as the seed's phases run.
"""

from __future__ import annotations

from ..syllabus import PREREQUISITES
from . import roles
from .mastery import ITEMS, ancestors
from .report import practice_command

DEFAULT_WEEKS = 8


def plan_order(role: str, states: dict[str, dict]) -> list[str]:
    """Items not yet done, each after its prerequisites, the role's focus first."""
    focus = set(roles.FOCUS.get(role, ()))
    needed = set(focus)
    for f in focus:  # what the focus builds on is needed for it
        needed.update(a for a, _, _ in ancestors(f))
    todo = [i for i in ITEMS if not states[i]["done"]]
    placed: list[str] = []
    left = list(todo)
    while left:
        ready = [i for i in left
                 if all(p in placed or p not in todo for p in PREREQUISITES.get(i, ()))]
        ready = ready or left  # (the graph has no cycles; this only guards the loop)
        pick = min(ready, key=lambda i: (i not in needed, ITEMS.index(i)))
        placed.append(pick)
        left.remove(pick)
    return placed


def build_plan(role: str, states: dict[str, dict], weeks: int = DEFAULT_WEEKS,
               profile: str | None = None) -> dict:
    """`states`: item -> {"mastery", "level", "done"} (report.item_states)."""
    order = plan_order(role, states)
    weeks = max(1, weeks)
    base, extra = divmod(len(order), weeks)  # spread evenly, the earlier weeks one more
    suffix = f" --profile {profile}" if profile else ""
    focus = set(roles.FOCUS.get(role, ()))
    out = []
    start = 0
    for w in range(weeks):
        size = base + (w < extra)
        chunk = order[start:start + size]
        start += size
        commands = [practice_command(i, profile) for i in chunk]
        if w == weeks - 1 or not chunk:
            commands.append(f"aiquiz interview --role {role}{suffix}")
        out.append({
            "week": w + 1,
            "items": [{"item": i, "level": states[i]["level"], "mastery": states[i]["mastery"],
                       "focus": i in focus} for i in chunk],
            "commands": commands,
        })
    return {"role": role, "profile": profile, "weeks": out, "daily": f"aiquiz practice{suffix}",
            "done": [i for i in ITEMS if states[i]["done"]], "to_do": order,
            "readiness": roles.readiness(role, states)}
