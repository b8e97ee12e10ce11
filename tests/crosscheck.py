"""The shared runner of the per-bank cross-check files (tests/test_crosscheck_*.py): each file
builds its table CHECKS (question id -> an independent computation) and takes its two tests
from `crosscheck_tests`."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from aiquiz.banks.loader import load_bank
from aiquiz.banks.variant import make_variant

from .conftest import BANKS

SEEDS = range(5)


def crosscheck_tests(bank: str, checks: dict):
    """The tests of one bank's table: every numeric answer matches its independent
    computation over SEEDS, and every numeric question of the bank has one."""

    @functools.lru_cache(maxsize=None)
    def questions():
        return {q.id: q for q in load_bank(BANKS / f"{bank}.yaml").questions}

    @pytest.mark.parametrize("seed", SEEDS)
    @pytest.mark.parametrize("qid", sorted(checks))
    def test_reference_answer_matches_independent_computation(qid, seed):
        spec = checks[qid]
        q = questions().get(qid)
        assert q is not None, f"{bank}/{qid} not found"
        assert q.type == "numeric"
        v = make_variant(q, seed)
        for snippet in spec.prompt_has:
            assert snippet in v.prompt, f"prompt changed; the check hard-codes {snippet!r}"
        params = {name: float(value) for name, value in v.params.items()}
        expected = np.asarray(v.expected, dtype=float)
        independent = np.asarray(spec.fn(params), dtype=float)
        assert expected.shape == independent.shape, (expected.shape, independent.shape)
        assert np.allclose(expected, independent, rtol=spec.rtol, atol=spec.atol), (
            f"{bank}/{qid} seed {seed}: bank {expected.tolist()} vs independent "
            f"{independent.tolist()} with params {params}")

    def test_every_numeric_question_has_a_check():
        numeric = {i for i, q in questions().items() if q.type == "numeric"}
        assert numeric - set(checks) == set(), "numeric questions without an independent check"
        assert set(checks) - numeric == set(), "checks for questions gone or not numeric"

    return test_reference_answer_matches_independent_computation, \
        test_every_numeric_question_has_a_check
