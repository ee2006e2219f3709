"""infocourse.coding: code lengths, Kraft, prefix codes, Huffman."""

import itertools
import math
from fractions import Fraction
from functools import cache

import numpy as np
import pytest
from conftest import distributions, pairs
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import infocourse as ic
from infocourse.coding import (
    expected_code_length,
    huffman_lengths,
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
    # 0.7 - 0.45 is 0.25 up to floating-point noise (-log2 of it exceeds 2): still 2 bits
    assert -math.log2(0.7 - 0.45) > 2.0
    assert shannon_code_lengths([0.7 - 0.45, 0.75]).tolist() == [2, 1]
    assert shannon_code_lengths([1 / 3, 1 / 3, 1 / 3]).tolist() == [2, 2, 2]


def test_shannon_lengths_never_break_kraft():
    # snapping noise away would give [1, 1, 33] (Kraft sum 1 + 2**-33): exact ceilings instead
    q = [0.5 - 1e-10, 0.5 - 1e-10, 2e-10]
    lengths = shannon_code_lengths(q)
    assert lengths.tolist() == [2, 2, 33]
    assert _exact_kraft(lengths) <= 1
    # exact powers of 1/2, from 1 down to the smallest subnormal float
    assert shannon_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist() == [1, 2, 3, 3]
    assert shannon_code_lengths([2.0**-1074, 1.0 - 2.0**-52]).tolist() == [1074, 1]


def test_shannon_lengths_of_a_sum_above_one_are_refused():
    # accepted as a distribution (sum within 1e-6 of 1), but no prefix code has its lengths
    with pytest.raises(
        ValueError,
        match=(
            r"q must not add up to more than 1 for Shannon's lengths to fit a prefix code: "
            r"its entries add up to 1 \+ 1e-07, and the lengths \[1, 1, 24\] have Kraft sum "
            r"1 \+ 5.96e-08 > 1"
        ),
    ):
        shannon_code_lengths([0.5, 0.5, 1e-7])


def _exact_kraft(lengths) -> Fraction:
    return sum((Fraction(1, 2 ** int(n)) for n in lengths), Fraction(0))


def test_kraft_is_checked_exactly_beyond_float_precision():
    # 1 + 2**-60 is 1.0 as a float: kraft_sum can only round, prefix_code must refuse
    assert kraft_sum([1, 1, 60]) == 1.0
    assert _exact_kraft([1, 1, 60]) > 1
    with pytest.raises(ValueError, match=r"Kraft's inequality .* got 1 \+ 8.67e-19"):
        prefix_code([1, 1, 60])
    assert prefix_code([1, 2, 60, 60])[2:] == ("11" + "0" * 58, "11" + "0" * 57 + "1")


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
    assert _exact_kraft(lengths) <= 1
    ideal = ideal_code_lengths(q)
    assert np.all(lengths >= ideal - 1e-9)
    assert np.all(lengths < ideal + 1)


@given(pairs(zeros=True))
def test_shannon_average_within_one_bit_of_cross_entropy(pq):
    p, q = pq
    length = expected_code_length(p, shannon_code_lengths(q))
    h = ic.cross_entropy(p, q, base=2)
    assert h - 1e-9 <= length < h + 1 + 1e-9


@given(st.lists(st.one_of(st.integers(1, 12), st.integers(50, 70)), min_size=1, max_size=20))
def test_prefix_code_is_prefix_free(lengths):
    assert kraft_sum(lengths) == float(_exact_kraft(lengths))  # the exact sum, rounded once
    if _exact_kraft(lengths) > 1:
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


# ------------------------------------------------------------------ Huffman


def test_huffman_weather_example():
    # the chapter's example: Shannon's code needs 1.6 bits, the optimal one 1.4
    e = ic.get_example("weather")
    lengths = huffman_lengths(e.p)
    assert lengths.dtype == np.int64
    assert lengths.tolist() == [1, 2, 2]
    assert expected_code_length(e.p, lengths) == pytest.approx(1.4, abs=1e-15)
    assert f"{expected_code_length(e.p, lengths):.4f}" == "1.4000"
    assert expected_code_length(e.p, shannon_code_lengths(e.p)) == pytest.approx(1.6, abs=1e-15)
    assert prefix_code(lengths) == ("0", "10", "11")
    # the code built (optimally) for the forecast Q, used on the weather P
    assert huffman_lengths(e.q).tolist() == [2, 2, 1]
    assert expected_code_length(e.p, huffman_lengths(e.q)) == pytest.approx(1.9, abs=1e-15)


@pytest.mark.parametrize(
    ("p", "lengths"),
    [
        ([0.5, 0.25, 0.125, 0.125], [1, 2, 3, 3]),  # dyadic: the ideal lengths
        ([0.25, 0.25, 0.25, 0.25], [2, 2, 2, 2]),
        ([1 / 3, 1 / 3, 1 / 3], [2, 2, 1]),  # ties: outcomes in order, before groups
        ([0.4, 0.2, 0.2, 0.1, 0.1], [2, 2, 2, 3, 3]),  # single outcomes before groups
        ([0.4, 0.2, 0.3, 0.1], [1, 3, 2, 3]),  # vehicles
        ([0.8, 0.2], [1, 1]),
        ([1.0], [0]),  # one outcome: the empty codeword
        ([1.0, 0.0], [1, 1]),  # L* = 1 = H(P) + 1: the strict bound needs p > 0
        ([0.5, 0.5, 0.0], [2, 1, 2]),
        ([0.0, 0.0, 1.0], [2, 2, 1]),
    ],
)
def test_huffman_exact_lengths(p, lengths):
    assert huffman_lengths(p).tolist() == lengths


def test_huffman_accepts_arrays_and_tuples():
    assert huffman_lengths(np.array([0.1, 0.3, 0.6])).tolist() == [2, 2, 1]
    assert huffman_lengths((0.1, 0.3, 0.6)).tolist() == [2, 2, 1]
    assert huffman_lengths(np.array([0.1, 0.3, 0.6], dtype=np.float32)).tolist() == [2, 2, 1]


def test_huffman_zero_probability_outcome_gets_a_codeword_that_costs_room():
    # the impossible outcome gets a longest codeword; its room in the code lengthens another
    with_zero = huffman_lengths([0.6, 0.0, 0.3, 0.1])
    assert with_zero.tolist() == [1, 3, 2, 3]
    assert expected_code_length([0.6, 0.0, 0.3, 0.1], with_zero) == pytest.approx(1.5, abs=1e-15)
    assert _brute_force_optimum(np.array([0.6, 0.0, 0.3, 0.1])) == pytest.approx(1.5, abs=1e-15)
    assert kraft_sum(with_zero) == 1.0


@cache
def _kraft_vectors(n: int) -> np.ndarray:
    """Every length vector in {0, ..., n-1}^n that satisfies Kraft's inequality.

    By Kraft's inequality and its converse these are exactly the length vectors of
    binary prefix codes with lengths below n.  That bound loses no optimum: an optimal
    code can be taken to be a full binary tree with n leaves (pruning a prefix code's
    tree to a full one never lengthens a codeword), and such a tree has depth <= n - 1.
    """
    vectors = np.array(list(itertools.product(range(n), repeat=n)), dtype=float)
    return vectors[(2.0**-vectors).sum(axis=1) <= 1.0]


def _brute_force_optimum(p: np.ndarray) -> float:
    return float((_kraft_vectors(p.size) @ p).min())


def test_brute_force_reference_is_sound():
    # the reference itself: known optima, and no vector below the entropy
    assert _brute_force_optimum(np.array([0.6, 0.3, 0.1])) == pytest.approx(1.4)
    assert _brute_force_optimum(np.array([0.5, 0.25, 0.125, 0.125])) == pytest.approx(1.75)
    assert _kraft_vectors(3).tolist().count([1.0, 2.0, 2.0]) == 1
    assert [0.0, 1.0, 1.0] not in _kraft_vectors(3).tolist()


@given(distributions(min_size=1, max_size=6))
def test_huffman_is_optimal_against_every_prefix_code(p):
    got = expected_code_length(p, huffman_lengths(p))
    assert got == pytest.approx(_brute_force_optimum(p), rel=1e-12, abs=1e-12)


@given(distributions(min_size=1, max_size=12))
def test_huffman_kraft_sum_is_one(p):
    lengths = huffman_lengths(p)
    assert lengths.shape == (p.size,)
    assert lengths.min() >= (1 if p.size >= 2 else 0)
    assert kraft_sum(lengths) == 1.0  # exact: a sum of powers of two
    codes = prefix_code(lengths)
    assert [len(c) for c in codes] == lengths.tolist()


@given(distributions(min_size=1, max_size=12))
def test_huffman_between_entropy_and_entropy_plus_one(p):
    L = expected_code_length(p, huffman_lengths(p))
    h = ic.entropy(p, base=2)
    assert L >= h - 1e-12  # every prefix code: L >= H(P)
    if np.all(p > 0):
        assert L < h + 1
        # and never worse than Shannon's code for p
        assert L <= expected_code_length(p, shannon_code_lengths(p)) + 1e-12


@given(distributions(min_size=2, max_size=12))
def test_huffman_more_probable_never_longer(p):
    lengths = huffman_lengths(p)
    for x in range(p.size):
        for y in range(p.size):
            if p[x] > p[y] + 1e-9:
                assert lengths[x] <= lengths[y]


@given(distributions(min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_huffman_average_does_not_depend_on_the_order(p, rnd):
    perm = list(range(p.size))
    rnd.shuffle(perm)
    a = expected_code_length(p, huffman_lengths(p))
    b = expected_code_length(p[perm], huffman_lengths(p[perm]))
    assert a == pytest.approx(b, rel=1e-12, abs=1e-12)


@given(distributions(min_size=1, max_size=12))
def test_huffman_dyadic_reaches_the_entropy(p):
    # lengths of a dyadic distribution (every P(x) a power of 1/2): L* = H(P) exactly
    lengths = huffman_lengths(p)
    dyadic = 2.0 ** -lengths.astype(float)
    assert expected_code_length(dyadic, huffman_lengths(dyadic)) == pytest.approx(
        ic.entropy(dyadic, base=2), rel=1e-12, abs=1e-12
    )


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ideal_code_lengths([0.5, 0.6]), "q must sum to 1"),
        (
            lambda: ideal_code_lengths([1.5, -0.5]),
            r"q must contain probabilities in \[0, 1\], found 1.5",
        ),
        (lambda: ideal_code_lengths([[0.5, 0.5]]), "q must be 1-D"),
        (
            lambda: ideal_code_lengths([0.5, math.nan]),
            "q must not contain NaN, found NaN at index 1",
        ),
        (lambda: ideal_code_lengths([0.5, 0.5], base=1), "base must be"),
        (lambda: expected_code_length([0.5, 0.5], [1]), "p and lengths must have one entry"),
        (lambda: expected_code_length([0.5, 0.5], [1, -1]), "lengths must be non-negative"),
        (lambda: shannon_code_lengths([1.0, 0.0]), "q must be positive .* index 1"),
        (lambda: kraft_sum([1, 1.5]), "whole numbers of bits, got 1.5 at index 1"),
        (lambda: prefix_code([1, 1, 2]), "Kraft's inequality"),
        (lambda: prefix_code([0, 1]), "Kraft's inequality"),
        (lambda: prefix_code([]), "lengths must not be empty"),
        (lambda: kraft_sum([1, math.nan]), "lengths must not contain NaN, found NaN at index 1"),
        (
            lambda: huffman_lengths([0.5, 0.6]),
            r"p must sum to 1 along axis -1 \(tolerance 1e-06\), got 1.1",
        ),
        (
            lambda: huffman_lengths([1.5, -0.5]),
            r"p must contain probabilities in \[0, 1\], found 1.5 > 1 at index 0",
        ),
        (lambda: huffman_lengths([0.5, -0.1, 0.6]), "found the negative entry -0.1 at index 1"),
        (lambda: huffman_lengths([0.5, math.nan]), "p must not contain NaN, found NaN at index 1"),
        (lambda: huffman_lengths([0.5, math.inf]), "p must contain finite numbers, found inf"),
        (lambda: huffman_lengths([[0.5, 0.5]]), r"p must be 1-D \(one entry per outcome\)"),
        (lambda: huffman_lengths([]), r"p must not be empty, got shape \(0,\)"),
        (lambda: huffman_lengths(0.5), "p must be a distribution"),
        (lambda: huffman_lengths(["a", "b"]), "p must contain real numbers"),
    ],
)
def test_errors_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("bad", [[0.5, 0.6], [1.5, -0.5], [0.5, math.nan], [], 0.5, ["a"]])
@pytest.mark.parametrize("func", [ideal_code_lengths, shannon_code_lengths, huffman_lengths])
def test_distribution_faults_have_the_package_messages(func, bad):
    # one fault, one message: the coding functions say what ic.entropy says
    with pytest.raises(ValueError) as expected:
        ic.entropy(bad)
    message = str(expected.value).replace("p must", "q must")
    name = "p" if func is huffman_lengths else "q"
    with pytest.raises(ValueError) as got:
        func(bad)
    assert str(got.value) == (str(expected.value) if name == "p" else message)
