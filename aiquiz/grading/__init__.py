"""Grading: read the answer (unreadable costs nothing), then decide correct or not, with why.

`grade(variant, text)` dispatches on the question type. Every grader returns a `Grade`; none
raises for anything a learner can type.
"""

from __future__ import annotations

from .result import Grade, Status


def grade(variant, text: str, *, exact: bool = True) -> Grade:
    """Grade `text` against `variant`. `exact=False` skips the SymPy confirmation (used when
    checking a bank's listed mistakes, where a numeric disagreement is all we need)."""
    qtype = variant.question.type
    if qtype == "numeric":
        from .numeric import grade_numeric
        return grade_numeric(variant, text)
    if qtype == "derivation":
        from .symbolic import grade_derivation
        return grade_derivation(variant, text, exact=exact)
    from .conceptual import grade_conceptual
    return grade_conceptual(variant, text)


__all__ = ["grade", "Grade", "Status"]
