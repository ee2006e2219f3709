"""entropy() and surprise(): values, units, conventions, batches."""

import math

import numpy as np
import pytest

from infocourse import entropy, surprise


def test_fair_coin_is_one_bit(as_input):
    assert entropy(as_input([0.5, 0.5]), base=2) == pytest.approx(1.0, abs=1e-15)


def test_fair_coin_in_nats():
    assert entropy([0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)


def test_fair_die_is_log6():
    assert entropy([1 / 6] * 6) == pytest.approx(math.log(6), rel=1e-15)
    assert entropy([1 / 6] * 6, base=2) == pytest.approx(math.log2(6), rel=1e-15)


@pytest.mark.parametrize("p", [[1.0], [1.0, 0.0], [0.0, 1.0, 0.0], np.eye(40)[3]])
def test_certain_outcome_has_zero_entropy_and_no_negative_zero(p):
    h = entropy(p)
    assert h == 0.0
    assert math.copysign(1.0, h) == 1.0


def test_zero_probabilities_contribute_nothing():
    assert entropy([0.5, 0.5, 0.0]) == entropy([0.5, 0.5])
    big = np.zeros(100_000)
    big[:2] = 0.5
    assert entropy(big) == pytest.approx(math.log(2), rel=1e-15)


def test_one_d_returns_python_float(as_input):
    assert type(entropy(as_input([0.2, 0.8]))) is float
    assert type(entropy(np.full(1000, 1e-3))) is float


def test_float32_matches_float64_of_same_values():
    p32 = np.array([0.1, 0.2, 0.7], dtype=np.float32)
    p32 = p32 / p32.sum()
    assert entropy(p32) == pytest.approx(entropy(p32.astype(np.float64)), rel=1e-15)


def test_loaded_die_value():
    # -(0.5 ln 0.5 + 5 * 0.1 ln 0.1) = 0.5 ln 2 + 0.5 ln 10
    expected = 0.5 * math.log(2) + 0.5 * math.log(10)
    assert entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1]) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("base", [2, 10, math.e, 0.5, 3.7])
def test_base_divides_by_ln_base(base):
    p = [0.1, 0.2, 0.3, 0.4]
    assert entropy(p, base=base) == pytest.approx(entropy(p) / math.log(base), rel=1e-14)


def test_base_below_one_gives_negative_values_not_clipped():
    # ln(0.5) < 0, so "entropy in base 1/2" is minus the entropy in bits.
    assert entropy([0.5, 0.5], base=0.5) == pytest.approx(-1.0, rel=1e-15)
    h = entropy([1.0, 0.0], base=0.5)
    assert h == 0.0 and math.copysign(1.0, h) == 1.0
    h = entropy(np.array([[1.0, 0.0]]), base=0.5)[0]
    assert h == 0.0 and math.copysign(1.0, h) == 1.0


def test_batch_rows_and_axis():
    p = np.array([[0.5, 0.5], [1.0, 0.0], [0.2, 0.8]])
    h = entropy(p)
    assert isinstance(h, np.ndarray) and h.shape == (3,)
    assert h.tolist() == pytest.approx([math.log(2), 0.0, entropy([0.2, 0.8])], rel=1e-15)
    np.testing.assert_allclose(entropy(p.T, axis=0), h, rtol=1e-15)


def test_three_d_batch_shape():
    rng = np.random.default_rng(0)
    p = rng.random((2, 3, 5))
    p /= p.sum(axis=1, keepdims=True)
    h = entropy(p, axis=1)
    assert h.shape == (2, 5)
    assert h[1, 4] == pytest.approx(entropy(p[1, :, 4]), rel=1e-14)


def test_long_rows_span_several_blocks():
    n = 100_003
    p = np.full(n, 1.0 / n)
    assert entropy(p) == pytest.approx(math.log(n), rel=1e-12)
    two = np.stack([p, p])
    np.testing.assert_allclose(entropy(two), [math.log(n)] * 2, rtol=1e-12)


def test_surprise():
    assert surprise(0.5, base=2) == 1.0
    assert surprise(0.25, base=2) == 2.0
    assert surprise(1.0) == 0.0 and math.copysign(1, surprise(1.0)) == 1
    assert surprise(0.0) == math.inf
    with pytest.raises(ValueError, match=r"prob must be a probability in \[0, 1\], got 1.5"):
        surprise(1.5)
    with pytest.raises(ValueError, match=r"prob must be a real number, got '0.5'"):
        surprise("0.5")


def test_base_below_one_flips_the_sign_as_documented():
    # the docstrings promise: between log(n) and 0 for a base in (0, 1)
    assert entropy([0.25] * 4, base=0.5) == pytest.approx(-2.0, rel=1e-15)
    assert surprise(0.5, base=0.5) == pytest.approx(-1.0, rel=1e-15)
    assert surprise(0.0, base=0.5) == -math.inf
    assert surprise(0.0, base=2) == math.inf


def test_binary_entropy_values_and_faults():
    from infocourse import binary_entropy

    assert binary_entropy(0.25) == pytest.approx(entropy([0.25, 0.75]), rel=1e-15)
    assert type(binary_entropy(0.25)) is float
    h = binary_entropy(np.array([[0.1, 0.5], [1.0, 0.0]]), base=2)
    assert h.shape == (2, 2) and h[0, 1] == pytest.approx(1.0) and h[1].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match=r"^p must be a probability in \[0, 1\], got 1.5$"):
        binary_entropy(1.5)
    # no pointer to normalize in this message: these are probabilities, not counts
    with pytest.raises(
        ValueError,
        match=r"^p must contain probabilities in \[0, 1\], "
        r"found 1.5 > 1 at index 1$",
    ):
        binary_entropy([0.5, 1.5])
    with pytest.raises(ValueError, match=r"^p must not contain NaN, found NaN at index 0$"):
        binary_entropy([math.nan])
    with pytest.raises(ValueError, match=r"^base must be a finite number > 0 and != 1, got 1.0$"):
        binary_entropy(0.5, base=1)
