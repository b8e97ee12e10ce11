"""TeX maths in bank text (`$...$`), shown readably in a terminal: Greek letters, sub- and
superscripts, fractions with their parentheses, ∑, ∈, ℝ, ᵀ.

pylatexenc (a maintained LaTeX-to-text converter) turns macros into Unicode; a small pass of our
own first handles what it renders ambiguously: `\\frac{a+b}{c}` (it gives `a+b/c`), `x^{2}` and
`x_{ij}` (it gives `x^2`, `x_ij`: we use ² and ᵢⱼ where Unicode has them, `^(...)` where not),
`\\|x\\|` (it drops the bars), and spacing around relations. Text outside `$...$` is left alone.

Inside a formula, spaces become no-break spaces, so a terminal wraps text between formulas and
never inside one (`unbreakable`); callers turn them back into plain spaces after wrapping.
"""

from __future__ import annotations

import functools
import re

NBSP = "\u00a0"

_SUP = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUP.update({"⊤": "ᵀ", "−": "⁻", "×": "ˣ", "'": "′", " ": "", "α": "ᵅ", "β": "ᵝ", "γ": "ᵞ",
             "δ": "ᵟ", "θ": "ᶿ", "φ": "ᵠ", "χ": "ᵡ"})
_SUB = dict(zip("0123456789+-=()aeohklmnpstijruvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥₓ"))
_SUB.update({"β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ", "−": "₋", ",": ",", " ": ""})
_VULGAR = {("1", "2"): "½", ("1", "3"): "⅓", ("2", "3"): "⅔", ("1", "4"): "¼", ("3", "4"): "¾"}

# macros pylatexenc leaves as text or renders poorly, as (pattern, replacement)
_MACROS = [
    (r"\\left\s*\\?([(\[|.])", r"\1"), (r"\\right\s*\\?([)\]|.])", r"\1"),
    (r"\\[lr]Vert|\\\|", "‖"), (r"\\[lr]vert|\\mid", "|"),
    (r"\\top\b|\\intercal\b|\^\{?\\top\}?|\^\{?T\}?(?![A-Za-z])", "ᵀ"),
    (r"\\cdot\b", "·"), (r"\\times\b", "×"), (r"\\to\b|\\rightarrow\b", "→"),
    (r"\\leq?\b", "≤"), (r"\\geq?\b", "≥"), (r"\\neq?\b", "≠"), (r"\\approx\b", "≈"),
    (r"\\in\b", "∈"), (r"\\propto\b", "∝"), (r"\\sim\b", "~"), (r"\\infty\b", "∞"),
    (r"\\odot\b", "⊙"), (r"\\otimes\b", "⊗"), (r"\\ldots\b|\\cdots\b|\\dots\b", "…"),
    (r"\\(?:operatorname|mathrm|text|textrm)\{([^{}]*)\}", r"\1"),
    (r"\\(log|ln|exp|sin|cos|tan|tanh|max|min|det|tr|sup|inf|arg|lim)\b", r"\1"),
    (r"\\[,;:! ]|~", " "), (r"\\quad\b|\\qquad\b", "  "),
]
_RELATIONS = "=≤≥≠≈∈→∝~"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    text = text.strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return mark + (text if len(text) == 1 else f"({text})")


def _group(s: str, i: int) -> tuple[str, int]:
    """The argument starting at s[i]: a {...} group, a macro, or one character."""
    if i < len(s) and s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1:j], j + 1
        return s[i + 1:], len(s)
    if i < len(s) and s[i] == "\\":
        m = re.match(r"\\[A-Za-z]+|\\.", s[i:])
        assert m is not None
        return m.group(0), i + m.end()
    return s[i:i + 1], i + 1


def _needs_parens(text: str) -> bool:
    return bool(re.search(r"[+\-−·× /]", text.strip())) and not (
        text.startswith("(") and text.endswith(")"))


def _structure(s: str) -> str:
    """Fractions, square roots, super- and subscripts, innermost first."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("\\frac", i) or s.startswith("\\dfrac", i) or s.startswith("\\tfrac", i):
            i = s.index("frac", i) + 4
            num, i = _group(s, i)
            den, i = _group(s, i)
            num, den = _convert(num), _convert(den)
            if (num, den) in _VULGAR:
                out.append(_VULGAR[(num, den)])
                continue
            num = f"({num})" if _needs_parens(num) else num
            den = f"({den})" if _needs_parens(den) else den
            out.append(f"{num}/{den}")
        elif s.startswith("\\sqrt", i):
            arg, i = _group(s, i + 5)
            arg = _convert(arg)
            out.append(f"√{arg}" if len(arg) == 1 else f"√({arg})")
        elif s[i] in "^_":
            arg, j = _group(s, i + 1)
            arg = _convert(arg)
            out.append(_script(arg, _SUP if s[i] == "^" else _SUB, s[i]))
            i = j
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", keep_comments=False)


@functools.lru_cache(maxsize=4096)
def _convert(tex: str) -> str:
    for pattern, repl in _MACROS:
        tex = re.sub(pattern, repl, tex)
    # a macro name must end where a script begins: \sum_{i} would become "\sumᵢ", one word
    tex = re.sub(r"(\\[A-Za-z]+)(?=[_^])", r"\1{}", tex)
    tex = _structure(tex)
    if "\\" in tex or "{" in tex:
        tex = _converter().latex_to_text(tex)
    text = re.sub(rf"\s*([{_RELATIONS}])\s*", r" \1 ", tex)
    return re.sub(r"\s+", " ", text).strip()


def unbreakable(text: str) -> str:
    return text.replace(" ", NBSP)


_INLINE = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)


def render_tex(text: str, *, keep_together: bool = True) -> str:
    """Bank text with every `$...$` formula turned into Unicode (kept on one line when
    `keep_together`). Text without a `$` is returned as it is, without importing anything."""
    if "$" not in text:
        return text
    def one(m: re.Match) -> str:
        shown = _convert(m.group(1))
        return unbreakable(shown) if keep_together else shown
    return _INLINE.sub(one, text).replace("\\$", "$")
