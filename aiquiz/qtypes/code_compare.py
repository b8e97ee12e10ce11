"""Comparing a learner's result with the reference's, and describing inputs, for the code
checker (used in the sandboxed helper; plain NumPy, no execution of anything).

`compare` returns None when the results agree (`numpy.allclose` at the question's tolerance,
entry by entry through tuples, lists and dicts) and otherwise one sentence saying how they
differ: a different structure, a shape mismatch (and whether the result is the transpose), a
dtype mismatch, non-finite values where finite ones were expected, or the largest error with
the expected and given values side by side.
"""

from __future__ import annotations


def preview(value, n: int = 4) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        flat = value.ravel()
        items = ", ".join(_num(x) for x in flat[:n])
        more = ", …" if flat.size > n else ""
        return f"[{items}{more}]"
    if isinstance(value, (float, int, np.number)):
        return _num(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(x) -> str:
    try:
        return f"{float(x):.4g}"
    except (TypeError, ValueError):
        return repr(x)[:20]


def describe(value) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        return f"array {tuple(value.shape)} {preview(value)}"
    if callable(value):
        return getattr(value, "__doc__", None) or "a function"
    return preview(value)


def describe_inputs(kwargs: dict) -> str:
    return ", ".join(f"{k}: {describe(v)}" for k, v in kwargs.items())


def _kind(a) -> str:
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}.get(
        a.dtype.kind, str(a.dtype))


def compare(expected, got, rel: float, abs_: float, path: str = "") -> str | None:
    import numpy as np

    at = f"{path}: " if path else ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{at}expected a dict with keys {sorted(expected)}, got {type(got).__name__}"
        if set(got) != set(expected):
            return f"{at}expected keys {sorted(expected)}, got keys {sorted(got)}"
        for k in expected:
            problem = compare(expected[k], got[k], rel, abs_, f"{path}[{k!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, tuple) or (isinstance(expected, list) and _ragged(expected)):
        if not isinstance(got, (tuple, list)):
            return (f"{at}expected {len(expected)} results (a tuple), got "
                    f"{type(got).__name__}")
        if len(got) != len(expected):
            return f"{at}expected {len(expected)} results, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, rel, abs_, f"{path}[{i}]" if path else f"result {i + 1}")
            if problem:
                return problem
        return None
    e = np.asarray(expected)
    try:
        g = np.asarray(got)
    except Exception:  # noqa: BLE001 - anything that is not array-like
        return f"{at}expected {_what(e)}, got {type(got).__name__}"
    if g.dtype == object or g.dtype.kind not in "biufc":
        return f"{at}expected {_what(e)}, got {type(got).__name__} {preview(got)}"
    if g.shape != e.shape:
        why = f"{at}shape mismatch: expected {_what(e)}, got {_what(g)}"
        if e.ndim >= 2 and g.shape == e.shape[:-2] + e.shape[-1:] + e.shape[-2:-1] \
                and np.allclose(np.swapaxes(g, -1, -2), e, rtol=rel, atol=abs_):
            why += " — your result is the transpose of the expected one"
        return why
    if e.dtype.kind == "f" and g.dtype.kind in "biu":
        return (f"{at}dtype mismatch: expected floats, got {g.dtype} (integer arithmetic "
                "somewhere, e.g. np.zeros(..., dtype=int) or //?)")
    if e.dtype.kind in "f" and g.dtype.kind == "c":
        return f"{at}dtype mismatch: expected real floats, got complex {g.dtype}"
    if e.size == 0:
        return None
    ef, gf = e.astype(complex if "c" in (e.dtype.kind, g.dtype.kind) else float), g
    bad_nonfinite = ~np.isfinite(gf) & np.isfinite(ef)
    if bad_nonfinite.any():
        idx = _index(np.argwhere(bad_nonfinite)[0])
        return (f"{at}got {_num(gf[tuple(np.argwhere(bad_nonfinite)[0])])} at {idx} where "
                f"the expected value is finite ({_num(ef[tuple(np.argwhere(bad_nonfinite)[0])])})"
                " — an overflow? (exp of a large number, division by zero)")
    if np.allclose(gf, ef, rtol=rel, atol=abs_, equal_nan=True):
        return None
    err = np.abs(gf - ef)
    err = np.where(np.isnan(err), np.inf, err)
    worst = np.unravel_index(int(np.argmax(err)), err.shape) if err.ndim else ()
    if e.ndim == 0:
        return f"{at}expected {_num(ef)}, got {_num(gf)} (error {_num(err)})"
    return (f"{at}values differ: expected {preview(ef)}, got {preview(gf)}; max abs error "
            f"{_num(err[worst])} at {_index(worst)} (expected {_num(ef[worst])}, got "
            f"{_num(gf[worst])})")


def _ragged(items: list) -> bool:
    import numpy as np

    try:
        return np.asarray(items).dtype == object
    except ValueError:
        return True


def _what(a) -> str:
    if a.ndim == 0:
        return "a single number"
    return f"shape {tuple(a.shape)}"


def _index(idx) -> str:
    return "index " + str(tuple(int(i) for i in idx)) if len(idx) != 1 \
        else f"index {int(idx[0])}"
