"""The sandbox side of checking code (started by `code_check` through `aiquiz.sandbox`; never
imported in the learner's aiquiz process, since it executes bank and learner source).

It builds the cases (from the question's input spec, or the bank's `generate` source), runs the
reference and the learner's function on a fresh copy of each case's inputs, compares with
`numpy.allclose`, and emits one JSON line per case: name, status (pass/fail/error), message.
For the first failing case it also runs the bank's kept wrong implementations on the same
inputs: one that gives the learner's result names the mistake (`{"diagnosis": i}`).
"""

from __future__ import annotations

import copy
import traceback

from .code_compare import compare, describe_inputs

LEARNER = "learner"


def setup() -> None:  # pragma: no cover - runs in the helper process
    import numpy  # noqa: F401 - imported before the seccomp filter and before any deadline


def _load(source: str, filename: str, entry: str):
    import linecache

    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {"__name__": "solution", "__file__": filename}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - sandboxed on purpose
    if entry not in namespace:
        raise LookupError(f"the file does not define `{entry}`")
    return namespace[entry]


def learner_traceback(exc: BaseException, filename: str) -> str:
    """The exception with only the frames of the learner's own file."""
    if isinstance(exc, MemoryError):
        return "MemoryError: your code ran out of memory (the limit is about 1 GiB)"
    if isinstance(exc, PermissionError) and exc.errno == 1:
        return (f"PermissionError: {exc} — code here may not start processes or "
                "programs")
    head = f"{type(exc).__name__}: {exc}".strip()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lines = [f"  line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-4:]]
    return "\n".join([head] + lines)


def spec_cases(req: dict, rng) -> list[tuple[str, dict]]:
    """Cases from the declarative spec: `cases` random ones, then the named edge cases."""
    import numpy as np

    inputs, dims = req.get("inputs") or {}, req.get("dims") or {}

    def draw_dims(fixed: dict) -> dict:
        out = {}
        for name, (lo, hi) in dims.items():
            out[name] = int(fixed.get(name, rng.integers(lo, hi + 1)))
        return out

    def value(spec, d: dict):
        if not isinstance(spec, dict):
            return copy.deepcopy(spec)
        if "value" in spec:
            return copy.deepcopy(spec["value"])
        if "choice" in spec:
            return copy.deepcopy(spec["choice"][int(rng.integers(len(spec["choice"])))])
        shape = tuple(d[s] if isinstance(s, str) else int(s) for s in spec.get("shape", []))
        bound = lambda x: d[x] if isinstance(x, str) else x  # noqa: E731
        if spec.get("int"):
            a = rng.integers(bound(spec.get("low", 0)), bound(spec.get("high", 10)), size=shape)
        elif "low" in spec or "high" in spec:
            a = rng.uniform(spec.get("low", -1.0), spec.get("high", 1.0), size=shape)
        else:
            a = rng.normal(0.0, spec.get("scale", 1.0), size=shape)
        return a if shape else a.item()

    def make(fixed_dims: dict, scale: float = 1.0, zeros: bool = False, sets: dict = None):
        d = draw_dims(fixed_dims)
        kwargs = {}
        for name, spec in inputs.items():
            v = value(spec, d)
            floats = isinstance(spec, dict) and isinstance(v, np.ndarray) \
                and v.dtype.kind == "f" and not spec.get("keep")
            if floats and zeros:
                v = np.zeros_like(v)
            elif floats and scale != 1.0:
                v = v * scale
            kwargs[name] = v
        kwargs.update(copy.deepcopy(sets or {}))
        return kwargs

    cases = [(f"random {i + 1}", make({})) for i in range(int(req.get("cases", 4)))]
    for edge in req.get("edge_cases") or []:
        if isinstance(edge, str):
            edge = {"name": edge}
        name = edge["name"]
        fixed = dict(edge.get("dims") or {})
        if name == "unit":
            fixed = {k: 1 for k in dims} | fixed
        elif name == "batch of one":
            batch = req.get("batch_dim") or (next(iter(dims)) if dims else None)
            fixed = ({batch: 1} if batch else {}) | fixed
        scale = float(edge.get("scale", 1000.0 if name == "large values" else 1.0))
        cases.append((name, make(fixed, scale, name == "zeros" or edge.get("zeros", False),
                                 edge.get("set"))))
    return cases


def run(req: dict, emit) -> None:  # pragma: no cover - runs in the helper process
    import numpy as np

    rng = np.random.default_rng(int(req.get("seed", 0)))
    entry = req["entry"]
    reference = _load(req["reference"], "<reference>", entry)
    if req.get("generate"):
        ns: dict = {"__name__": "generate"}
        exec(compile(req["generate"], "<generate>", "exec"), ns)  # noqa: S102
        cases = [(str(name), kwargs) for name, kwargs in ns["cases"](rng)]
    else:
        cases = spec_cases(req, rng)
    call = lambda fn, kwargs: fn(**kwargs)  # noqa: E731
    if req.get("harness"):
        hns: dict = {"__name__": "harness"}
        exec(compile(req["harness"], "<harness>", "exec"), hns)  # noqa: S102
        call = lambda fn, kwargs: hns["run"](fn, **kwargs)  # noqa: E731
    filename = req["filename"]
    try:
        learner = _load(req["learner"], filename, entry)
    except BaseException as exc:  # noqa: BLE001 - the learner's file is reported, not raised
        emit({"name": "loading your file", "status": "error",
              "message": learner_traceback(exc, filename)})
        return
    rel, abs_ = req["tolerance"]["rel"], req["tolerance"]["abs"]
    diagnosed = False
    for i, (name, kwargs) in enumerate(cases):
        expected = call(reference, copy.deepcopy(kwargs))
        where = f"case {i + 1}/{len(cases)} ({name}; {describe_inputs(kwargs)})"
        try:
            got = call(learner, copy.deepcopy(kwargs))
        except BaseException as exc:  # noqa: BLE001
            got, error = exc, learner_traceback(exc, filename)
        else:
            error = None
        if error is None:
            problem = compare(expected, got, rel, abs_)
            item = {"name": name, "status": "fail" if problem else "pass",
                    "message": f"{where}: {problem}" if problem else ""}
        else:
            item = {"name": name, "status": "error", "message": f"{where}: {error}"}
        if item["status"] != "pass" and not diagnosed:
            diagnosed = True
            hit = _diagnose(req, entry, call, kwargs, got, error, rel, abs_)
            if hit is not None:
                item["diagnosis"] = hit
        emit(item)


def _diagnose(req, entry, call, kwargs, got, error, rel, abs_) -> int | None:
    """The index of the first kept wrong implementation that does what the learner's did on
    this case (the same result, or the same exception), or None."""
    for i, source in enumerate(req.get("mistakes") or []):
        try:
            fn = _load(source, f"<mistake {i + 1}>", entry)
            theirs = call(fn, copy.deepcopy(kwargs))
        except BaseException as exc:  # noqa: BLE001
            if error is not None and isinstance(got, BaseException) \
                    and type(exc) is type(got) and str(exc) == str(got):
                return i
            continue
        if error is None and compare(theirs, got, rel, abs_) is None:
            return i
    return None
