"""Random parameters of a question: `randint(a, b)`, `uniform(a, b[, decimals])`, `choice([...])`
or a formula over earlier parameters.

Specs are read with the same maths parser as everything else (a call node with a whitelisted
generator name), never evaluated as code. Draws come from a `random.Random` seeded by the session
seed and the question's full id, so a seed always reproduces the same variant.
"""

from __future__ import annotations

import functools
import math
import random
import re
from fractions import Fraction

from ..errors import AnswerError
from ..maths import ListExpr, Node, Num, as_real, evaluate_scalar, format_number, parse

_GENERATOR = re.compile(r"^\s*(randint|uniform|choice)\s*\((.*)\)\s*$", re.S)
MAX_RANDINT_SPAN = 10**9


class ParamError(AnswerError):
    """A parameter that cannot be read or drawn; `name` says which."""

    def __init__(self, name: str, message: str, cause: AnswerError | None = None):
        super().__init__(f"parameter {name}: {message}")
        self.name, self.cause = name, cause


class ParamSpec:
    """One parsed parameter spec; `draw` gives its value for a variant."""

    def __init__(self, name: str, raw, earlier: list[str]):
        self.name = name
        self.raw = raw
        self.kind = "formula"
        self.values: list[Fraction] = []
        if isinstance(raw, bool) or raw is None:
            raise ParamError(name, "expected a number, a formula or a generator")
        if isinstance(raw, (int, float)):
            self.kind, self.values = "const", [Fraction(repr(raw)) if isinstance(raw, float)
                                               else Fraction(raw)]
            return
        if not isinstance(raw, str):
            raise ParamError(name, "expected a string such as 'randint(1, 5)'")
        m = _GENERATOR.match(raw)
        if not m:
            try:
                self.node: Node = parse(raw, earlier)
            except AnswerError as exc:
                raise ParamError(name, exc.message, exc) from None
            return
        self.kind = m.group(1)
        try:
            args = parse(f"[{m.group(2)}]", ())
        except AnswerError as exc:
            raise ParamError(name, f"{self.kind}: {exc.message}") from None
        assert isinstance(args, ListExpr)
        items = args.items
        if self.kind == "choice":
            if len(items) != 1 or not isinstance(items[0], ListExpr) or not items[0].items:
                raise ParamError(name, "write choice([v1, v2, ...])")
            self.values = [self._number(i) for i in items[0].items]
        elif self.kind == "randint":
            if len(items) != 2:
                raise ParamError(name, "write randint(low, high)")
            lo, hi = (self._number(i) for i in items)
            if lo.denominator != 1 or hi.denominator != 1 or lo > hi \
                    or hi - lo > MAX_RANDINT_SPAN:
                raise ParamError(name, "randint needs integers low <= high")
            self.values = [lo, hi]
        else:
            if len(items) not in (2, 3):
                raise ParamError(name, "write uniform(low, high[, decimals])")
            nums = [self._number(i) for i in items]
            if nums[0] > nums[1]:
                raise ParamError(name, "uniform needs low <= high")
            if len(nums) == 3 and (nums[2].denominator != 1 or not 0 <= nums[2] <= 12):
                raise ParamError(name, "decimals must be an integer 0..12")
            self.values = nums if len(nums) == 3 else nums + [Fraction(2)]

    def size(self) -> int:
        """How many values this parameter can take (a formula: one per combination of the
        others)."""
        if self.kind in ("const", "formula"):
            return 1
        if self.kind == "choice":
            return len(self.values)
        if self.kind == "randint":
            return int(self.values[1] - self.values[0]) + 1
        lo, hi, dec = self.values
        scale = 10 ** int(dec)
        return max(1, round(float(hi) * scale) - round(float(lo) * scale) + 1)

    def all_values(self) -> list[Fraction]:
        """Every value `draw` can give (not for formulas)."""
        if self.kind in ("const", "choice"):
            return list(dict.fromkeys(self.values))
        if self.kind == "randint":
            return [Fraction(k) for k in range(int(self.values[0]), int(self.values[1]) + 1)]
        lo, hi, dec = self.values
        d = int(dec)
        scale = 10 ** d
        return [Fraction(repr(round(k / scale, d))) if d else Fraction(k)
                for k in range(round(float(lo) * scale), round(float(hi) * scale) + 1)]

    def _number(self, node: Node) -> Fraction:
        v = as_real(evaluate_scalar(node, {}))
        if v is None or not math.isfinite(v):
            raise ParamError(self.name, "generator arguments must be numbers")
        return Fraction(repr(v)) if not isinstance(node, Num) else node.value

    def draw(self, rng: random.Random, env: dict[str, Fraction]) -> Fraction:
        if self.kind == "const":
            return self.values[0]
        if self.kind == "choice":
            return rng.choice(self.values)
        if self.kind == "randint":
            return Fraction(rng.randint(int(self.values[0]), int(self.values[1])))
        if self.kind == "uniform":
            lo, hi, dec = self.values
            x = round(rng.uniform(float(lo), float(hi)), int(dec))
            return Fraction(repr(x)) if dec else Fraction(int(x))
        value = as_real(evaluate_scalar(self.node, {k: complex(v) for k, v in env.items()}))
        if value is None or not math.isfinite(value):
            raise ParamError(self.name, f"the formula {self.raw!r} is undefined "
                              f"for {_fmt_env(env)}")
        # Keep integers exact so that "n + 1" stays an integer in the prompt.
        # 12 significant digits: 1 - 0.3 - 0.2 is 0.5, not 0.49999999999999994
        return Fraction(round(value)) if abs(value - round(value)) < 1e-9 \
            else Fraction(f"{value:.12g}")


def _fmt_env(env: dict[str, Fraction]) -> str:
    return ", ".join(f"{k}={float(v):g}" for k, v in env.items()) or "no parameters"


def parse_params(raw: dict) -> list[ParamSpec]:
    """The specs of a question's `params` (memoised: the same for every variant)."""
    try:
        return list(_parse_params_cached(tuple(raw.items())))
    except TypeError:  # an unhashable spec (a list...): it is refused below, uncached
        return _parse_params(raw)


@functools.lru_cache(maxsize=4096)
def _parse_params_cached(items: tuple) -> tuple[ParamSpec, ...]:
    return tuple(_parse_params(dict(items)))


def _parse_params(raw: dict) -> list[ParamSpec]:
    specs: list[ParamSpec] = []
    for name, spec in raw.items():
        from ..maths.vocabulary import valid_name

        if not valid_name(name):
            raise ParamError(str(name), f"the name {name!r} must be a letter then letters, digits "
                              "or '_', and not e, pi or a function name")
        specs.append(ParamSpec(name, spec, [s.name for s in specs]))
    return specs


MAX_GRID = 400  # bank test runs every combination up to this many


def grid(specs: list[ParamSpec], limit: int) -> list[dict[str, Fraction]] | None:
    """Every combination of the generated parameters' values (formula parameters are left to
    `complete`), or None when there are more than `limit`."""
    total = 1
    for s in specs:
        total *= s.size()
        if total > limit:
            return None
    combos: list[dict[str, Fraction]] = [{}]
    for s in specs:
        if s.kind != "formula":
            combos = [{**c, s.name: v} for c in combos for v in s.all_values()]
    return combos


def complete(specs: list[ParamSpec], env: dict[str, Fraction]) -> dict[str, Fraction]:
    """`env` (generated values) with the formula parameters computed, in order. AnswerError
    when a formula is undefined for these values."""
    out: dict[str, Fraction] = {}
    for s in specs:
        out[s.name] = s.draw(random.Random(0), out) if s.kind == "formula" else env[s.name]
    return out


def draw_params(specs: list[ParamSpec], seed: int, key: str) -> dict[str, Fraction]:
    rng = random.Random(f"{seed}:{key}")
    env: dict[str, Fraction] = {}
    for spec in specs:
        env[spec.name] = spec.draw(rng, env)
    return env


_FORMULA = re.compile(r"\{=\s*([^{}]+?)\s*\}")
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def fill_placeholders(text: str, env: dict[str, Fraction]) -> str:
    """Replace `{name}` by the parameter's value, and `{= formula}` by the formula with the
    parameters substituted, folded and shown as maths: `{= a*x1^2 + b*x1*x2}` with a = 1,
    b = -3 reads `x₁² - 3·x₁·x₂`, and `{= 2*a - b}` is the number it computes. Only parameter
    names and `{=` are touched, so other braces (TeX) stay, and nothing like str.format runs."""
    if "{=" in text:
        text = _FORMULA.sub(lambda m: render_formula(m.group(1), env), text)
    if not env:
        return text

    def values(segment: str, braces: bool) -> str:
        return _PLACEHOLDER.sub(lambda m: (("{%s}" if braces else "%s")
                                           % format_number(env[m.group(1)]))
                                if m.group(1) in env else m.group(0), segment)

    # inside $...$ a placeholder keeps its braces, a TeX group: $\frac{a}{b}$ -> $\frac{3}{4}$
    parts = _TEX.split(text)
    return "".join(values(p, i % 2 == 1) for i, p in enumerate(parts))


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)\}")
_TEX = re.compile(r"(?<!\\)(\$[^$]+?(?<!\\)\$)")


def render_formula(formula: str, env: dict[str, Fraction]) -> str:
    """A `{= ...}` placeholder's formula, evaluated as far as the parameters allow and shown
    as maths. Raises AnswerError (with the formula) when it cannot be read."""
    from ..maths import fold_constants, render, substitute
    from ..maths.vocabulary import RESERVED

    names = {n for n in _IDENT.findall(formula) if n not in RESERVED} | set(env)
    try:
        node = fold_constants(substitute(parse(formula, sorted(names)), env))
    except AnswerError as exc:
        raise AnswerError(f"in the placeholder {{= {formula}}}: {exc.message}") from None
    return render(node)
