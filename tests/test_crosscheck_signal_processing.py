"""Cross-check the numeric answers of question_banks/signal-processing.yaml independently.

For seeds 0..4 each numeric question's variant is built and its expected value is recomputed
from the problem statement with NumPy: DFTs with np.fft, a recursive radix-2 FFT that counts its
own butterflies, explicit sliding-window loops for convolution layers, frequency-domain
filtering, and spectral peaks of sampled sinusoids. No check uses the bank's answer formula.
Every numeric question of the bank must have a check.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "signal-processing"
SEEDS = range(5)
RTOL = 1e-6
ATOL = 1e-9


class Check:
    def __init__(self, fn: Callable[[dict[str, float]], object], rtol: float, atol: float,
                 prompt_has: tuple[str, ...]):
        self.fn = fn
        self.rtol = rtol
        self.atol = atol
        self.prompt_has = prompt_has


CHECKS: dict[str, Check] = {}


def check(qid: str, *, rtol: float = RTOL, atol: float = ATOL, prompt_has: tuple[str, ...] = ()):
    def deco(fn):
        assert qid not in CHECKS, f"duplicate check {qid}"
        CHECKS[qid] = Check(fn, rtol, atol, prompt_has)
        return fn
    return deco


# ---------------------------------------------------------------------------------------------
# Helpers (generic signal tools; none of them knows a bank formula)
# ---------------------------------------------------------------------------------------------

def real_dft(x) -> np.ndarray:
    """np.fft.fft (forward DFT, no 1/N), asserting the result is real."""
    X = np.fft.fft(np.asarray(x, dtype=float))
    assert np.allclose(X.imag, 0, atol=1e-9), X
    return X.real


def fft_counting(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Recursive radix-2 decimation-in-time FFT; returns (spectrum, number of butterflies)."""
    n = len(x)
    if n == 1:
        return x.astype(complex), 0
    even, c_even = fft_counting(x[0::2])
    odd, c_odd = fft_counting(x[1::2])
    out = np.empty(n, dtype=complex)
    butterflies = 0
    for k in range(n // 2):
        t = np.exp(-2j * np.pi * k / n) * odd[k]    # one twiddle multiplication
        out[k] = even[k] + t
        out[k + n // 2] = even[k] - t
        butterflies += 1
    return out, c_even + c_odd + butterflies


def conv1d_output_length(n: int, k: int, pad: int, stride: int, dilation: int) -> int:
    """Slide a dilated kernel over the zero-padded input and count complete windows."""
    x = np.ones(n + 2 * pad)
    count = 0
    start = 0
    while True:
        taps = [start + dilation * j for j in range(k)]
        if taps[-1] >= len(x):
            break
        count += 1
        start += stride
    return count


def cross_correlate_2d(X: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (what conv layers compute), by explicit loops."""
    h, w = X.shape[0] - K.shape[0] + 1, X.shape[1] - K.shape[1] + 1
    Y = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            for u in range(K.shape[0]):
                for v in range(K.shape[1]):
                    Y[i, j] += K[u, v] * X[i + u, j + v]
    return Y


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("dft-of-scaled-impulse")
def _(p):
    return real_dft([p["a"], 0, 0, 0])


@check("dft-dc-component")
def _(p):
    X0 = np.fft.fft([p["p"], p["q"], p["r"], p["s"]])[0]
    assert abs(X0.imag) < 1e-9
    return X0.real


@check("dft-even-signal-length4")
def _(p):
    return real_dft([p["a"], p["b"], p["c"], p["b"]])


@check("dft-bin-frequency")
def _(p):
    N = int(p["N"])
    return np.fft.fftfreq(N, d=1 / p["fs"])[int(p["k"])]


@check("fft-speedup-factor")
def _(p):
    n = int(p["n"])
    naive = float(n) ** 2                       # the prompt's cost models
    fft = n * np.log2(n)
    return naive / fft


@check("fft-butterfly-count")
def _(p):
    n = int(p["n"])
    x = np.random.default_rng(n).standard_normal(n)
    X, butterflies = fft_counting(x)
    assert np.allclose(X, np.fft.fft(x))        # it really is an FFT
    return butterflies


@check("circular-convolution-via-dft", prompt_has=("x = [1, 2, 0, -1]",))
def _(p):
    x = np.array([1.0, 2.0, 0.0, -1.0])
    h = np.array([p["a"], p["b"], 0.0, 0.0])
    y = np.fft.ifft(np.fft.fft(x) * np.fft.fft(h))
    assert np.allclose(y.imag, 0)
    return y.real


@check("lowpass-filter-output")
def _(p):
    n = np.arange(8)
    x = p["A"] + p["B"] * np.cos(2 * np.pi * n / 8) + p["C"] * np.cos(2 * np.pi * 3 * n / 8)
    X = np.fft.fft(x)
    keep = np.zeros(8, dtype=bool)
    keep[[0, 1, 7]] = True
    y = np.fft.ifft(np.where(keep, X, 0))
    assert np.allclose(y.imag, 0)
    return y.real[1]


@check("conv-output-length-dilation-stride")
def _(p):
    return conv1d_output_length(int(p["n"]), int(p["k"]), int(p["p"]), int(p["s"]), int(p["d"]))


@check("cross-correlation-2d-by-hand",
       prompt_has=("[[1, 2, 0],", "[0, 1, 3],", "[2, -1, 1]]"))
def _(p):
    X = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, -1.0, 1.0]])
    K = np.array([[p["a"], p["b"]], [p["c"], p["d"]]])
    return cross_correlate_2d(X, K)


@check("nyquist-rate-two-tones")
def _(p):
    fs = 10_000                                  # dense sampling of one second: 1 Hz bins
    t = np.arange(fs) / fs
    x = np.sin(2 * np.pi * p["f1"] * t) + np.cos(2 * np.pi * p["f2"] * t)
    mag = np.abs(np.fft.rfft(x))
    freqs = np.fft.rfftfreq(fs, d=1 / fs)
    highest = freqs[mag > 1e-6 * mag.max()].max()
    return 2 * highest


@check("aliased-frequency")
def _(p):
    fs = int(p["fs"])
    n = np.arange(fs)                            # one second of samples: bin index = Hz
    x = np.cos(2 * np.pi * p["f0"] * n / fs)
    mag = np.abs(np.fft.rfft(x))
    return float(np.argmax(mag))


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
