"""Which questions a session may draw from: the topic, role, category, checklist item and
difficulty filters, with clear errors."""

from __future__ import annotations

import re

from ..banks.model import Question
from ..errors import SelectionError
from ..syllabus import CATEGORIES, ROLES, TOPICS


def _norm(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def resolve_category(name: str) -> str:
    """A category by its name, any case, with '-' or '_' for spaces ("linear-algebra")."""
    for cat in CATEGORIES:
        if _norm(cat) == _norm(name):
            return cat
    raise SelectionError(f"unknown category {name!r}; use one of: "
                         + ", ".join(f"'{c}'" for c in CATEGORIES))


def resolve_item(name: str) -> str:
    """A checklist item by its name or a part of it that names only one ("chain rule")."""
    items = [i for its in CATEGORIES.values() for i in its]
    exact = [i for i in items if _norm(i) == _norm(name)]
    if exact:
        return exact[0]
    part = [i for i in items if _norm(name) and _norm(name) in _norm(i)]
    if len(part) == 1:
        return part[0]
    if part:
        raise SelectionError(f"{name!r} matches several checklist items: "
                             + "; ".join(part))
    raise SelectionError(f"unknown checklist item {name!r}; run 'aiquiz progress' for the list")


def parse_difficulty(text: str) -> tuple[int, int]:
    """"3" or a range "2-4" (difficulties run from 1 to 5)."""
    m = re.fullmatch(r"\s*([1-5])\s*(?:-\s*([1-5])\s*)?", text)
    if not m:
        raise SelectionError(f"bad difficulty {text!r}: give a level from 1 to 5 or a range "
                             "such as 2-4")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if hi < lo:
        raise SelectionError(f"bad difficulty {text!r}: the range runs from low to high")
    return lo, hi


def filter_questions(questions: list[Question], topic: str | None = None,
                     role: str | None = None, category: str | None = None,
                     item: str | None = None, difficulty: str | None = None) -> list[Question]:
    """The questions matching every filter given (topic and role case-insensitive), or a
    clear error."""
    topic = topic.strip().lower() if topic is not None else None
    role = role.strip().lower() if role is not None else None
    if topic is not None and topic not in TOPICS:
        close = [t for t in TOPICS if topic.lower() in t or t.startswith(topic.lower()[:4])]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise SelectionError(f"unknown topic {topic!r}{hint}; run 'aiquiz topics' for the list")
    if role is not None and role not in ROLES:
        raise SelectionError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    cat = resolve_category(category) if category is not None else None
    it = resolve_item(item) if item is not None else None
    lo, hi = parse_difficulty(difficulty) if difficulty is not None else (1, 5)
    out = [q for q in questions
           if (topic is None or q.topic == topic) and (role is None or role in q.roles)
           and (cat is None or q.category == cat) and (it is None or q.checklist_item == it)
           and lo <= q.difficulty <= hi]
    if not out:
        parts = [f"topic {topic}" if topic else "", f"role {role}" if role else "",
                 f"category {cat}" if cat else "", f"item '{it}'" if it else "",
                 f"difficulty {difficulty}" if difficulty else ""]
        what = " and ".join(x for x in parts if x)
        raise SelectionError(f"no questions for {what or 'this selection'} in the loaded banks")
    return out


def find_questions(questions: list[Question], keys: list[str]) -> list[Question]:
    """The questions named `bank/id`, in the order given, or an error naming the one missing
    (with the closest ids)."""
    import difflib

    by_key = {q.key: q for q in questions}
    found = []
    for key in keys:
        key = key.strip()
        if key not in by_key:
            close = difflib.get_close_matches(key, list(by_key), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else \
                " (give it as BANK/ID, e.g. calculus/sigmoid-derivative)"
            raise SelectionError(f"no question {key!r} in the loaded banks{hint}")
        found.append(by_key[key])
    return found
