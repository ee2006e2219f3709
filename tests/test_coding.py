"""infocourse.coding: code lengths, Kraft, prefix codes."""

import math

import numpy as np
import pytest
from conftest import distributions, pairs
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import infocourse as ic
from infocourse.coding import (
    expected_code_length,
    ideal_code_lengths,
    kraft_sum,
    prefix_code,
    shannon_code_lengths,
)

# ------------------------------------------------------------------ exact values


def test_ideal_lengths_dyadic():
    assert ideal_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist() == [1.0, 2.0, 3.0, 3.0]


def test_ideal_lengths_nats_and_zero():
    out = ideal_code_lengths([0.5, 0.5, 0.0], base=None)
    assert out[0] == pytest.approx(math.log(2), rel=1e-15)
    assert out[2] == math.inf
    assert ideal_code_lengths([1.0]).tolist() == [0.0]
    assert math.copysign(1.0, ideal_code_lengths([1.0])[0]) == 1.0  # no -0.0


def test_expected_length_dyadic_is_cross_entropy_in_bits():
    p = [0.5, 0.25, 0.125, 0.125]
    q = [0.25, 0.25, 0.25, 0.25]
    assert expected_code_length(p, ideal_code_lengths(p)) == 1.75
    assert expected_code_length(p, ideal_code_lengths(q)) == 2.0
    assert ic.entropy(p, base=2) == pytest.approx(1.75, rel=1e-15)


def test_weather_example_in_nats():
    e = ic.get_example("weather")
    lq = ideal_code_lengths(e.q, base=None)
    assert f"{expected_code_length(e.p, lq):.4f}" == "1.1752"
    lp = ideal_code_lengths(e.p, base=None)
    assert f"{expected_code_length(e.p, lp):.4f}" == "0.8979"


def test_expected_length_conventions():
    assert expected_code_length([1.0, 0.0], [0.0, math.inf]) == 0.0
    assert expected_code_length([0.5, 0.5], [1.0, math.inf]) == math.inf


def test_shannon_lengths_values():
    assert shannon_code_lengths([0.6, 0.3, 0.1]).tolist() == [1, 2, 4]
    assert shannon_code_lengths([0.3, 0.3, 0.2, 0.2]).tolist() == [2, 2, 3, 3]
    assert shannon_code_lengths([1.0]).tolist() == [0]
    # 0.1 + 0.15 is 0.25 up to floating-point noise: still 2 bits, not 3
    assert shannon_code_lengths([0.1 + 0.15, 0.75]).tolist() == [2, 1]
    assert shannon_code_lengths([1 / 3, 1 / 3, 1 / 3]).tolist() == [2, 2, 2]


def test_kraft_and_prefix_code():
    assert kraft_sum([1, 2, 3, 3]) == 1.0
    assert kraft_sum([2, 2, 3, 3]) == 0.75
    assert prefix_code([1, 2, 3, 3]) == ("0", "10", "110", "111")
    assert prefix_code([3, 1, 3, 2]) == ("110", "0", "111", "10")
    assert prefix_code([2, 2, 3, 3]) == ("00", "01", "100", "101")
    assert prefix_code([0]) == ("",)


# ------------------------------------------------------------------ properties


@given(pairs())
def test_expected_ideal_length_is_cross_entropy(pq):
    p, q = pq
    for base in (2, None):
        got = expected_code_length(p, ideal_code_lengths(q, base=base))
        assert got == pytest.approx(ic.cross_entropy(p, q, base=base), rel=1e-9, abs=1e-12)


@given(distributions(zeros=False))
def test_shannon_code_kraft_and_bounds(q):
    lengths = shannon_code_lengths(q)
    assert kraft_sum(lengths) <= 1.0 + 1e-12
    ideal = ideal_code_lengths(q)
    assert np.all(lengths >= ideal - 1e-9)
    assert np.all(lengths < ideal + 1)


@given(pairs(zeros=True))
def test_shannon_average_within_one_bit_of_cross_entropy(pq):
    p, q = pq
    length = expected_code_length(p, shannon_code_lengths(q))
    h = ic.cross_entropy(p, q, base=2)
    assert h - 1e-9 <= length < h + 1 + 1e-9


@given(st.lists(st.integers(1, 12), min_size=1, max_size=20))
def test_prefix_code_is_prefix_free(lengths):
    if kraft_sum(lengths) > 1.0:
        with pytest.raises(ValueError, match="Kraft"):
            prefix_code(lengths)
        return
    codes = prefix_code(lengths)
    assert [len(c) for c in codes] == lengths
    for i, a in enumerate(codes):
        assert set(a) <= {"0", "1"}
        for j, b in enumerate(codes):
            if i != j:
                assert not b.startswith(a)


@given(distributions(zeros=False))
def test_ideal_lengths_match_scipy_entropy(q):
    # scipy cross-check: the average ideal length of q's own code is scipy's H(q)
    got = expected_code_length(q, ideal_code_lengths(q, base=None))
    assert got == pytest.approx(stats.entropy(q), rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ideal_code_lengths([0.5, 0.6]), "q must sum to 1"),
        (lambda: ideal_code_lengths([1.5, -0.5]), "q must hold probabilities in"),
        (lambda: ideal_code_lengths([[0.5, 0.5]]), "q must be 1-D"),
        (lambda: ideal_code_lengths([0.5, math.nan]), "q must not contain NaN, got nan at index 1"),
        (lambda: ideal_code_lengths([0.5, 0.5], base=1), "base must be"),
        (lambda: expected_code_length([0.5, 0.5], [1]), "p and lengths must have one entry"),
        (lambda: expected_code_length([0.5, 0.5], [1, -1]), "lengths must be non-negative"),
        (lambda: shannon_code_lengths([1.0, 0.0]), "q must be positive .* index 1"),
        (lambda: kraft_sum([1, 1.5]), "whole numbers of bits, got 1.5 at index 1"),
        (lambda: prefix_code([1, 1, 2]), "Kraft's inequality"),
        (lambda: prefix_code([0, 1]), "Kraft's inequality"),
        (lambda: prefix_code([]), "lengths must not be empty"),
    ],
)
def test_errors_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()

