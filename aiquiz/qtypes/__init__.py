"""The registry of question types.

Each type is one module that owns everything about it (see `base.QuestionType`): its bank
fields and their validation, building a variant, grading, what the learner is asked to type,
warm-up, self-test samples and its part of the JSON Schema. Nothing else in aiquiz switches on
a question's `type`: it asks the type. Adding a type is one module plus one line in `BUILTIN`
(or a `register` call, for a type defined elsewhere).
"""

from __future__ import annotations

import importlib

from .base import QuestionType

# type name -> module defining it (imported on first use, so start-up pays only for what runs)
BUILTIN: dict[str, str] = {
    "conceptual": "aiquiz.qtypes.conceptual",
    "numeric": "aiquiz.qtypes.numeric",
    "derivation": "aiquiz.qtypes.derivation",
    "code": "aiquiz.qtypes.code",
}

_TYPES: dict[str, QuestionType] = {}


def register(qtype: QuestionType) -> QuestionType:
    """Make a question type known under `qtype.name`."""
    _TYPES[qtype.name] = qtype
    return qtype


def unregister(name: str) -> None:
    _TYPES.pop(name, None)


def get_type(name: object) -> QuestionType | None:
    """The type called `name`, or None when there is none."""
    if not isinstance(name, str):
        return None
    if name not in _TYPES and name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    return _TYPES.get(name)


def type_names() -> list[str]:
    """Every known type name, built-in ones first in their listed order."""
    return list(BUILTIN) + [n for n in _TYPES if n not in BUILTIN]


def all_types() -> list[QuestionType]:
    return [t for t in (get_type(n) for n in type_names()) if t is not None]


__all__ = ["QuestionType", "register", "unregister", "get_type", "type_names", "all_types"]


def grade_answer(variant, text: str, *, exact: bool = True):
    """Grade `text` against a variant with its question's type (a convenience for callers that
    hold only the variant)."""
    return variant.question.qtype.grade(variant, text, exact=exact)
