"""PyYAML's syntax errors turned into advice: what went wrong in bank-author terms and what to
type instead, at the line and column where it can be fixed.

PyYAML (pure Python) and libyaml word their errors differently ("mapping values are not allowed
here" / "... in this context"), so messages are matched on fragments both share, and the offending
line is looked at to tell, say, a tab from a stray `%`.
"""

from __future__ import annotations

QUOTE_COLON = ("text containing ': ' (a colon and a space) or ' #' reads as YAML syntax: quote "
               "the whole value, e.g. prompt: \"Compute: the mean\", or start a block with "
               "'prompt: |' and put the text on the lines below, indented")
FLOW = ("inside [ ] or { }, quote every item that contains a comma, ': ', '#' or a quote: "
        "[\"f(x, y)\", \"a: b\"]; a mapping needs commas between pairs: {rel: 0.01, abs: 0.5}")
WHOLE = ("a value that starts with a quote, [ or { must be quoted as a whole, e.g. "
         "prompt: \"{n} apples\" rather than prompt: {n} apples; otherwise check that this line "
         "lines up with the keys above it")


def _line(text: str, mark) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""


def _char(text: str, mark) -> str:
    line = _line(text, mark)
    return line[mark.column] if mark is not None and 0 <= mark.column < len(line) else ""


def _advice(problem: str, context: str, text: str, exc) -> tuple[str, object]:
    """(what to do, the mark to report at)."""
    pm, cm = exc.problem_mark, exc.context_mark
    if "mapping values are not allowed" in problem:
        return QUOTE_COLON, pm
    if "cannot start any token" in problem:
        ch = _char(text, pm)
        if ch == "\t":
            return "YAML indents with spaces, never tabs: replace the tab with spaces", pm
        return (f"a value cannot start with {ch!r} in YAML: quote it (\"{ch}...\")", pm)
    if "undefined alias" in problem or "while scanning an alias" in context:
        return ("a value starting with '*' is read as a YAML alias: quote it, e.g. "
                "answer: \"*2\"", pm)
    if "unknown escape" in problem:
        return ("inside \"double quotes\" a backslash starts an escape: use 'single quotes' or "
                "a block (|) for text with backslashes such as \\sigma, or write \\\\", pm)
    if "end of stream" in problem and "quoted scalar" in context:
        where = f" (opened on line {cm.line + 1})" if cm is not None else ""
        return f"a quote is never closed{where}: add the closing quote", cm or pm
    if "expected ','" in problem or ("flow" in context and "content" in problem):
        opened = f"the bracket opened on line {cm.line + 1} may not be closed, or " \
            if cm is not None and cm.line != pm.line else ""
        return opened + FLOW, pm
    if "could not find expected ':'" in problem:
        return ("this line is neither 'key: value' nor part of a block: to write text over "
                "several lines start it with '|' (prompt: |) and indent the lines below", cm or pm)
    if "expected '-' indicator" in problem or "block collection" in context:
        return ("the keys of one question must line up under its first key (after '- '); "
                "check the indentation of this line", pm)
    if "expected key" in problem or "block end" in problem:
        line = _line(text, pm)
        if line[:pm.column].count('"') % 2:
            return ("a quote opened on an earlier line ends here: close every quote on the "
                    "line where it opens", pm)
        if line[:pm.column].rstrip().endswith(("\"", "'", "]", "}")):
            return WHOLE, pm
        return ("check the indentation: this line must line up with the keys of its mapping "
                "(spaces only), and a value beginning with a quote, [ or { must be quoted as a "
                "whole", pm)
    return "", pm


def explain(exc, text: str) -> tuple[str, int | None, int | None]:
    """(message, line, column) for a PyYAML MarkedYAMLError raised while reading `text`."""
    problem = (exc.problem or exc.context or "invalid YAML").split("\n")[0].strip()
    context = (exc.context or "").split("\n")[0].strip()
    advice, mark = _advice(problem, context, text, exc)
    message = f"invalid YAML: {problem}" + (f" — {advice}" if advice else "")
    if mark is None:
        return message, None, None
    return message, mark.line + 1, mark.column + 1
