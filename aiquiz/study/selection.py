"""Which questions a session may draw from: the topic and role filters, with clear errors."""

from __future__ import annotations

from ..banks.model import Question
from ..errors import SelectionError
from ..syllabus import ROLES, TOPICS


def filter_questions(questions: list[Question], topic: str | None = None,
                     role: str | None = None) -> list[Question]:
    """The questions of a topic and role (both case-insensitive), or a clear error."""
    topic = topic.strip().lower() if topic is not None else None
    role = role.strip().lower() if role is not None else None
    if topic is not None and topic not in TOPICS:
        close = [t for t in TOPICS if topic.lower() in t or t.startswith(topic.lower()[:4])]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise SelectionError(f"unknown topic {topic!r}{hint}; run 'aiquiz topics' for the list")
    if role is not None and role not in ROLES:
        raise SelectionError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    out = [q for q in questions
           if (topic is None or q.topic == topic) and (role is None or role in q.roles)]
    if not out:
        what = " and ".join(x for x in (f"topic {topic}" if topic else "",
                                        f"role {role}" if role else "") if x)
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
