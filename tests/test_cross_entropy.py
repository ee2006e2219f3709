"""cross_entropy(): values, conventions, asymmetry, batches."""

import math

import numpy as np
import pytest

from infocourse import cross_entropy, entropy


def test_equals_entropy_when_q_is_p():
    p = [0.1, 0.2, 0.3, 0.4]
    assert cross_entropy(p, p) == pytest.approx(entropy(p), rel=1e-15)


def test_hand_value():
    # -(0.8 ln 0.6 + 0.2 ln 0.4)
    expected = -(0.8 * math.log(0.6) + 0.2 * math.log(0.4))
    assert cross_entropy([0.8, 0.2], [0.6, 0.4]) == pytest.approx(expected, rel=1e-15)


def test_bits():
    assert cross_entropy([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-15)


def test_p_zero_where_q_zero_contributes_nothing(as_input):
    assert cross_entropy(as_input([1.0, 0.0]), as_input([1.0, 0.0])) == 0.0
    assert cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(math.log(2))


def test_q_zero_where_p_positive_is_inf(as_input):
    assert cross_entropy(as_input([0.5, 0.5]), as_input([1.0, 0.0])) == math.inf
    big_p = np.full(50_000, 1 / 50_000)
    big_q = np.zeros(50_000)
    big_q[0] = 1.0
    assert cross_entropy(big_p, big_q) == math.inf


def test_not_symmetric():
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert cross_entropy(p, q) != pytest.approx(cross_entropy(q, p))


def test_not_bounded_below_by_entropy_of_q():
    # H(P,Q) >= H(P) always, but it can be below H(Q).
    p, q = [1.0, 0.0], [0.9, 0.1]
    assert cross_entropy(p, q) < entropy(q)
    assert cross_entropy(p, q) >= entropy(p)


def test_batch():
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    q = np.array([[0.5, 0.5], [0.5, 0.5]])
    np.testing.assert_allclose(cross_entropy(p, q), [math.log(2), math.log(2)], rtol=1e-15)
    out = cross_entropy(np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert out.tolist() == [0.0, math.inf]


def test_base_below_one():
    assert cross_entropy([1.0, 0.0], [0.5, 0.5], base=0.5) == pytest.approx(-1.0, rel=1e-15)
    assert cross_entropy([0.5, 0.5], [1.0, 0.0], base=0.5) == -math.inf
    big_p = np.full(100, 0.01)
    big_q = np.zeros(100)
    big_q[0] = 1.0
    assert cross_entropy(big_p, big_q, base=0.5) == -math.inf


def test_zeros_in_q_where_p_is_zero_on_long_inputs():
    # p = q = 0 contributes 0, not NaN, on the vectorised route too
    p = np.zeros(100_000)
    p[:2] = 0.5
    assert cross_entropy(p, p) == pytest.approx(math.log(2), rel=1e-15)
    rows = np.eye(1000)[:300]
    assert cross_entropy(rows, rows).tolist() == [0.0] * 300
