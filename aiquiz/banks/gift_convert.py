"""GIFT questions to aiquiz questions and back (`aiquiz bank import gift` / `export gift`).

    multiple choice, one right answer   <-> conceptual, answer a letter
    multiple choice, weighted answers   <-> conceptual, answer the letters of positive weight
    true/false                          <-> conceptual, choices True / False
    short answer                        <-> conceptual free text (other right answers: accept)
    numerical (value:tol, min..max)     <-> numeric with an absolute tolerance
    wrong answers with feedback         <-> mistakes
    general feedback                    <-> solution (else one is made from the feedback)

GIFT has no topics, roles, difficulty or hints: the importer takes them from options (a
`$CATEGORY` whose last part is a topic id sets the topic) and writes placeholder hints to be
replaced. Matching, essay and description questions, and aiquiz's derivation questions, have no
counterpart and are reported with their line instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..qtypes.numeric import SLACK
from ..syllabus import TOPICS
from .gift import GiftAnswer, GiftQuestion, number_text, parse_gift, write_question

LETTERS = "abcdefghijklmnopqrstuvwxyz"
UNCONVERTIBLE = {
    "matching": "aiquiz has no matching questions",
    "essay": "an essay has no answer to check",
    "description": "a description has no question to answer",
}
HINTS = {
    "choice": "Rule out the choices that cannot be right, then compare the rest.",
    "text": "Recall the exact term, then check its spelling.",
    "number": "Work it out step by step, then give a number.",
}


@dataclass
class ImportOptions:
    topic: str = "ml-fundamentals"
    roles: tuple[str, ...] = ("mle", "research")
    difficulty: int = 2


@dataclass
class GiftImport:
    questions: list[dict] = field(default_factory=list)   # bank question mappings
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    notes: list[tuple[int, str]] = field(default_factory=list)    # (line, what was lost)


def _plain(text: str, fmt: str) -> str:
    """GIFT text as aiquiz shows it: HTML reduced to plain text; TeX is kept as written."""
    if fmt != "html":
        return text.strip()
    text = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = ""
    for w in words:
        if len(out) + len(w) > 40:
            break
        out = f"{out}-{w}" if out else w
    return out or "question"


def _full(a: GiftAnswer) -> bool:
    return a.right and (a.weight is None or a.weight >= 100) and bool(a.text.strip())


def _sentence(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def import_gift(source: str, options: ImportOptions) -> GiftImport:
    """Convert every convertible question of a GIFT file; report the others by line."""
    out = GiftImport()
    ids: set[str] = set()
    for g in parse_gift(source):
        if g.kind == "category":
            continue
        name = f"{g.kind} question" + (f" '{g.title}'" if g.title else "")
        if g.kind == "invalid":
            out.skipped.append((g.line, f"question{name[len('invalid question'):]} is not "
                                        f"valid GIFT: {g.text}"))
            continue
        if g.kind in UNCONVERTIBLE:
            out.skipped.append((g.line, f"{name} cannot be converted: {UNCONVERTIBLE[g.kind]}"))
            continue
        body, why = _convert(g, out.notes)
        if body is None:
            out.skipped.append((g.line, f"{name} cannot be converted: {why}"))
            continue
        qid = base = _slug(g.title or g.text)
        n = 2
        while qid in ids:
            qid, n = f"{base}-{n}", n + 1
        ids.add(qid)
        last = g.category.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        topic = last if last in TOPICS else options.topic
        q = {"id": qid, "type": body.pop("type"), "topic": topic,
             "category": TOPICS[topic][0], "roles": list(options.roles),
             "difficulty": options.difficulty, "prompt": _plain(g.text, g.fmt)}
        q.update(body)
        q["solution"] = _plain(g.general_feedback, g.general_fmt) or q["solution"]
        out.questions.append(q)
    return out


def _convert(g: GiftQuestion, notes: list) -> tuple[dict | None, str]:
    if g.kind == "truefalse":
        mistakes = [{"answer": "b" if g.truth else "a", "feedback": g.feedback_wrong}] \
            if g.feedback_wrong else []
        return {"type": "conceptual", "choices": ["True", "False"],
                "answer": "a" if g.truth else "b", "hints": [HINTS["choice"]],
                "solution": _sentence(f"{g.truth}.", g.feedback_right),
                **({"mistakes": mistakes} if mistakes else {})}, ""
    if g.kind == "multichoice":
        return _multichoice(g, notes)
    if g.kind == "shortanswer":
        return _shortanswer(g, notes)
    return _numerical(g, notes)


def _multichoice(g: GiftQuestion, notes: list) -> tuple[dict | None, str]:
    choices = [_plain(a.text, "moodle") for a in g.answers]
    if not all(choices):
        return None, "a choice has no text"
    if len(choices) > len(LETTERS):
        return None, f"{len(choices)} choices, more than the {len(LETTERS)} aiquiz can offer"
    if g.single:
        right = [i for i, a in enumerate(g.answers) if _full(a)]
        if len(right) != 1:
            return None, ("no answer gets full marks" if not right else
                          "several answers each get full marks; aiquiz asks for one")
    else:
        right = [i for i, a in enumerate(g.answers) if a.right]
        if not right:
            return None, "no answer has a positive weight"
    for i, a in enumerate(g.answers):
        if i not in right and a.weight and a.weight > 0:
            notes.append((g.line, f"partial credit for '{choices[i]}' is not kept: it is "
                                  "graded wrong"))
    answer = LETTERS[right[0]] if g.single else [LETTERS[i] for i in right]
    mistakes = [{"answer": LETTERS[i], "feedback": a.feedback}
                for i, a in enumerate(g.answers) if i not in right and a.feedback]
    shown = "; ".join(f"{LETTERS[i]}) {choices[i]}" for i in right)
    solution = _sentence(f"The answer is {shown}.", *(g.answers[i].feedback for i in right))
    return {"type": "conceptual", "choices": choices, "answer": answer,
            "hints": [HINTS["choice"]], "solution": solution,
            **({"mistakes": mistakes} if mistakes else {})}, ""


def _shortanswer(g: GiftQuestion, notes: list) -> tuple[dict | None, str]:
    full = [a for a in g.answers if _full(a)]
    if not full:
        return None, "no answer gets full marks"
    if any("*" in a.text for a in full):
        return None, "its answers use the wildcard *, which aiquiz cannot match"
    mistakes = []
    for a in g.answers:
        if _full(a):
            continue
        if a.text == "*":
            notes.append((g.line, "the feedback for any other answer (*) is not kept"))
            continue
        if a.weight:
            notes.append((g.line, f"partial credit for '{a.text}' is not kept: it is graded "
                                  "wrong"))
        mistakes.append({"answer": a.text, "feedback": a.feedback or "Not the expected answer."})
    body = {"type": "conceptual", "answer": full[0].text, "hints": [HINTS["text"]],
            "solution": _sentence(f"The answer is {full[0].text}.", full[0].feedback)}
    if full[1:]:
        body["accept"] = [a.text for a in full[1:]]
    if mistakes:
        body["mistakes"] = mistakes
    return body, ""


def _value(a: GiftAnswer) -> tuple[float, float]:
    if a.low is not None and a.high is not None:
        return (a.low + a.high) / 2, abs(a.high - a.low) / 2
    return float(a.text), abs(a.tolerance or 0.0)


def _num(x: float):
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else float(f"{x:.12g}")


def _numerical(g: GiftQuestion, notes: list) -> tuple[dict | None, str]:
    full = [a for a in g.answers if _full(a) and a.text != "*"]
    if not full:
        return None, "no answer gets full marks"
    value, tol = _value(full[0])
    mistakes = []
    for a in g.answers:
        if a is full[0]:
            continue
        if a.text == "*":
            notes.append((g.line, "the feedback for any other answer is not kept"))
            continue
        other, other_tol = _value(a)
        if abs(other - value) <= tol * (1 + SLACK):  # the boundary is inside, as in grading
            if a.weight and not _full(a):
                notes.append((g.line, f"partial credit for {number_text(other)} is not kept: "
                                      "within the tolerance, it is graded right"))
            continue  # already accepted
        if _full(a):
            notes.append((g.line, f"the other right answer {number_text(other)} is not kept: "
                                  "aiquiz accepts one value"))
            continue
        if a.weight:
            notes.append((g.line, f"partial credit for {number_text(other)} is not kept"))
        mistakes.append({"answer": _num(other), "feedback": a.feedback or "Not this value."})
    within = f" (± {number_text(tol)})" if tol else ""
    body = {"type": "numeric", "answer": _num(value),
            "tolerance": {"rel": 0, "abs": _num(tol)}, "hints": [HINTS["number"]],
            "solution": _sentence(f"The answer is {number_text(_num(value))}{within}.",
                                  full[0].feedback)}
    if mistakes:
        body["mistakes"] = mistakes
    return body, ""


# ------------------------------------------------------------------------------- export
def export_gift(bank, seed: int = 0) -> tuple[str, list[tuple[object, str]]]:
    """The GIFT text of a bank's convertible questions (parametric ones as their variant for
    `seed`), and (question, why) for each question that has no GIFT form."""
    from ..errors import BankError
    from .variant import make_variant

    parts = [f"// Exported by aiquiz from bank '{bank.id}' ({bank.title}), seed {seed}.\n"
             "// Hints are not part of GIFT and are left out.\n\n"]
    skipped: list[tuple[object, str]] = []
    topic = None
    for q in bank.questions:
        try:
            g = _to_gift(make_variant(q, seed))
        except BankError as exc:
            skipped.append((q, exc.reason))
            continue
        if isinstance(g, str):
            skipped.append((q, g))
            continue
        if q.topic != topic:
            topic = q.topic
            parts.append(f"$CATEGORY: {bank.id}/{topic}\n\n")
        parts.append(f"// {q.key}" + (f" (seed {seed})" if q.parametric else "") + "\n")
        parts.append(write_question(g))
    return "".join(parts), skipped


def _feedback_for(v, letter: str) -> str:
    for m in v.question.mistakes:
        raw = m.answer[0] if isinstance(m.answer, list) and len(m.answer) == 1 else m.answer
        if isinstance(raw, str) and raw.strip().lower() == letter:
            return m.feedback
    return ""


def _to_gift(v) -> GiftQuestion | str:
    q = v.question
    g = GiftQuestion(q.line, "", q.id, v.prompt.strip(), "moodle",
                     general_feedback=v.solution.strip())
    if q.type == "numeric":
        if isinstance(v.expected, list):
            return "a vector or matrix answer has no GIFT form"
        tol = max(v.settings["abs"], v.settings["rel"] * abs(v.expected))
        g.kind = "numerical"
        g.answers = [GiftAnswer(number_text(_num(v.expected)), True, None, "", _num(tol))]
        g.answers += [GiftAnswer(number_text(_num(value)), False, 0, feedback, 0)
                      for value, feedback in v.mistakes if not isinstance(value, list)]
        return g
    if q.type != "conceptual":
        return f"{q.type} questions have no GIFT form"
    choices = q.fields.get("choices") or []
    if not choices:
        g.kind = "shortanswer"
        g.answers = [GiftAnswer(str(q.answer), True)]
        g.answers += [GiftAnswer(a, True) for a in q.fields.get("accept", [])]
        g.answers += [GiftAnswer(str(m.answer), False, 0, m.feedback) for m in q.mistakes]
        return g
    right = sorted(v.expected)
    if choices == ["True", "False"] and not isinstance(q.answer, list):
        g.kind, g.truth = "truefalse", right == ["a"]
        g.feedback_wrong = _feedback_for(v, "b" if g.truth else "a")
        return g
    g.kind, g.single = "multichoice", not isinstance(q.answer, list)
    for i, text in enumerate(choices):
        ok = LETTERS[i] in right
        weight = None if g.single else (100 / len(right) if ok else -100)
        g.answers.append(GiftAnswer(text, ok, weight, _feedback_for(v, LETTERS[i])))
    return g


def bank_yaml(bank_id: str, title: str, questions: list[dict], source: str) -> str:
    """The text of a bank file holding imported questions: multi-line text as YAML blocks."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump({"bank": bank_id, "title": title, "questions": questions}, Dumper=Dumper,
                     sort_keys=False, allow_unicode=True, width=96, default_flow_style=False)
    return (f"# Imported from {source} by aiquiz bank import gift. GIFT has no hints, topics "
            "or roles:\n# review the placeholder hints, the solutions and the topic of each "
            "question.\n" + body)
