"""Moodle's GIFT format: reading it into plain records and writing them back. Text only: nothing
in a GIFT file is evaluated. The conversion to and from aiquiz questions is `gift_convert.py`.

The syntax, as Moodle's own importer reads it (question/format/gift/format.php):
- questions are separated by blank lines; lines starting with `//` are comments;
- `$CATEGORY: a/b/c` on its own names the category of the questions that follow;
- `::title::` starts a question; `[html]`, `[moodle]`, `[plain]`, `[markdown]` may start a text;
- the answers are in `{...}`; text after the `}` makes a "missing word" question;
- `{}` is an essay; no braces at all is a description;
- `{T}` `{TRUE}` `{F}` `{FALSE}`, optionally `#feedback if wrong#feedback if right`;
- `{#...}` is numerical: `value`, `value:tolerance` or `min..max`, several as `=%w%value:tol#fb`;
- `->` in an answer makes a matching question;
- `=` marks a right answer, `~` a wrong one, `%w%` a weight in percent, `#` its feedback and
  `####` the general feedback; with a `~` the question is multiple choice (multiple answer
  when no answer starts with `=`), otherwise short answer;
- `\\ \\: \\# \\= \\{ \\} \\~` are escapes and `\\n` a new line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003",
           "\\{": "\ue004", "\\}": "\ue005", "\\~": "\ue006", "\\n": "\ue007"}
_RESTORE = {"\ue000": "\\", "\ue001": ":", "\ue002": "#", "\ue003": "=", "\ue004": "{",
            "\ue005": "}", "\ue006": "~", "\ue007": "\n"}
FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class GiftAnswer:
    text: str
    right: bool                  # written with '=' (or a positive weight after '~')
    weight: float | None = None  # percent, when written as %w%
    feedback: str = ""
    tolerance: float | None = None   # numerical: value:tolerance
    low: float | None = None         # numerical: min..max
    high: float | None = None


@dataclass
class GiftQuestion:
    line: int                    # where the question starts in the file
    kind: str                    # multichoice truefalse shortanswer numerical matching essay
    #                              description category invalid (text says why)
    title: str = ""
    text: str = ""               # the question text (a blank '_____' for missing word)
    fmt: str = "moodle"
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""
    general_fmt: str = "moodle"
    single: bool = True          # multichoice: one right answer
    truth: bool | None = None    # truefalse
    feedback_wrong: str = ""     # truefalse: shown for the wrong answer
    feedback_right: str = ""
    category: str = ""           # for kind == "category"; else the category in force


def _protect(text: str) -> str:
    for k, v in ESCAPES.items():
        text = text.replace(k, v)
    return text


def _restore(text: str) -> str:
    for k, v in _RESTORE.items():
        text = text.replace(k, v)
    return text


def _format(text: str) -> tuple[str, str]:
    m = _FORMAT.match(text)
    if not m:
        return "moodle", text.strip()
    return m.group(1).lower(), text[m.end():].strip()


def blocks(source: str):
    """(first line number, lines) of each question: blank lines separate, comments go."""
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if current:
                yield start, current
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield start, current


def parse_gift(source: str) -> list[GiftQuestion]:
    """Every question (and $CATEGORY line) of a GIFT file, in order."""
    out: list[GiftQuestion] = []
    category = ""
    for line, lines in blocks(source.lstrip("\ufeff")):
        text = _protect("\n".join(lines).strip())
        if text.startswith("$CATEGORY:"):
            category = _restore(text[len("$CATEGORY:"):]).strip()
            out.append(GiftQuestion(line, "category", category=category))
            continue
        try:
            q = _question(line, text)
        except ValueError as exc:  # a numerical answer that is not a number
            title = re.match(r"::(.*?)::", text)
            q = GiftQuestion(line, "invalid", _restore(title.group(1)).strip() if title else "",
                             f"cannot read the number in {exc}")
        q.category = category
        out.append(q)
    return out


def _question(line: int, text: str) -> GiftQuestion:
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end != -1:
            title, text = _restore(text[2:end]).strip(), text[end + 2:]
    start = text.find("{")
    if start == -1:
        fmt, body = _format(text)
        return GiftQuestion(line, "description", title, _restore(body), fmt)
    finish = text.find("}", start)
    if finish == -1:
        finish = len(text)
    before, answer, after = text[:start], text[start + 1:finish].strip(), text[finish + 1:]
    fmt, before = _format(before)
    body = before.rstrip()
    if after.strip():
        body = f"{body} _____ {after.strip()}".strip()
    q = GiftQuestion(line, "essay", title, _restore(body), fmt)
    if not answer:
        return q
    if "####" in answer:
        answer, general = answer.split("####", 1)
        q.general_fmt, q.general_feedback = _format(general)
        q.general_feedback = _restore(q.general_feedback)
        answer = answer.strip()
    if answer.startswith("#"):
        q.kind = "numerical"
        q.answers = _numerical(answer[1:])
    elif "->" in answer:
        q.kind = "matching"
    elif answer.split("#", 1)[0].strip().upper() in _TF:
        parts = answer.split("#")
        q.kind, q.truth = "truefalse", _TF[parts[0].strip().upper()]
        q.feedback_wrong = _restore(_format(parts[1])[1]) if len(parts) > 1 else ""
        q.feedback_right = _restore(_format(parts[2])[1]) if len(parts) > 2 else ""
    else:
        q.answers = _choices(answer)
        q.kind = "multichoice" if "~" in answer else "shortanswer"
        q.single = "=" in answer
    return q


def _split(answer: str) -> list[tuple[str, str]]:
    """('=' or '~', rest) for each answer of an answer block."""
    return [(m.group(1), m.group(2).strip())
            for m in re.finditer(r"([=~])([^=~]*)", answer)]


def _weighted(rest: str) -> tuple[float | None, str, str]:
    weight = None
    m = _WEIGHT.match(rest)
    if m:
        weight, rest = float(m.group(1)), rest[m.end():]
    text, _, feedback = rest.partition("#")
    return weight, text.strip(), _restore(_format(feedback)[1])


def _choices(answer: str) -> list[GiftAnswer]:
    out = []
    for mark, rest in _split(answer):
        weight, text, feedback = _weighted(rest)
        right = mark == "=" if weight is None else weight > 0
        out.append(GiftAnswer(_restore(_format(text)[1]), right, weight, feedback))
    return out


def _number(text: str) -> float:
    value = _restore(text).strip()
    try:
        return float(value)
    except ValueError:
        raise ValueError(repr(value)) from None


def _numerical(answer: str) -> list[GiftAnswer]:
    """`3:2`, `1..5`, or `=%100%3:2#fb =%50%3:3 ~#wrong`."""
    answer = answer.strip()
    parts = _split(answer if answer[:1] in ("=", "~") else "=" + answer)
    out = []
    for mark, rest in parts:
        weight, text, feedback = _weighted(rest)
        a = GiftAnswer(text, mark == "=" and (weight is None or weight > 0), weight, feedback)
        if not text:
            a.text = "*"  # '~#feedback': any other answer
        elif text != "*":
            if ".." in text:
                low, high = text.split("..", 1)
                a.low, a.high = _number(low), _number(high)
            else:
                value, _, tol = text.partition(":")
                a.text = _restore(value).strip()
                _number(value)  # must be a number
                a.tolerance = _number(tol) if tol.strip() else None
        out.append(a)
    return out


# ---------------------------------------------------------------------------- writing
def escape(text: str) -> str:
    """Text as GIFT writes it: special characters escaped, new lines as \\n."""
    text = str(text).replace("\\", "\\\\")
    for ch in ":#={}~":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def write_question(q: GiftQuestion) -> str:
    """One question in GIFT, ending with a blank line."""
    head = f"::{escape(q.title)}::" if q.title else ""
    text = ("" if q.fmt == "moodle" else f"[{q.fmt}]") + escape(q.text)
    general = f"\n\t####{escape(q.general_feedback)}" if q.general_feedback else ""
    if q.kind == "truefalse":
        fb = "".join(f"#{escape(f)}" for f in (q.feedback_wrong, q.feedback_right)) \
            if q.feedback_wrong or q.feedback_right else ""
        close = f"{general}\n}}" if general else "}"  # '####' after '#...#' on its own line
        return f"{head}{text}{{{'TRUE' if q.truth else 'FALSE'}{fb}{close}\n\n"
    lines = []
    for a in q.answers:
        weight = "" if a.weight is None else f"%{number_text(round(a.weight, 5))}%"
        fb = f"#{escape(a.feedback)}" if a.feedback else ""
        if q.kind == "numerical":
            value = f"{number_text(a.low)}..{number_text(a.high)}" if a.low is not None \
                else f"{escape(a.text)}:{number_text(a.tolerance or 0)}"
            lines.append(f"\t~{fb}" if a.text == "*" else f"\t={weight}{value}{fb}")
            continue
        mark = "=" if a.right and (q.kind == "shortanswer" or q.single) else "~"
        if q.kind == "shortanswer":
            mark = "="
        lines.append(f"\t{mark}{weight}{escape(a.text)}{fb}")
    opener = "{#" if q.kind == "numerical" else "{"
    return f"{head}{text}{opener}\n" + "\n".join(lines) + general + "\n}\n\n"
