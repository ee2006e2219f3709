"""infocourse.information: joint and conditional entropy, mutual information, information gain."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import entropy as scipy_entropy

import infocourse as ic
from infocourse import (
    conditional_entropy,
    information_gain,
    joint_distribution,
    joint_entropy,
    marginals,
    mutual_information,
    posterior,
)

# The spam filter of chapter 4: X = (spam, ham), Y = (contains "free", does not).
PRIOR = [0.8, 0.2]
LIKELIHOOD = [[0.6, 0.4], [0.1, 0.9]]
SPAM = [[0.48, 0.32], [0.02, 0.18]]


@st.composite
def joint_tables(draw, max_side=6):
    """Joint tables of shape (n, m) built from non-negative weights, some exactly zero."""
    n = draw(st.integers(1, max_side))
    m = draw(st.integers(1, max_side))
    elem = st.one_of(st.just(0.0), st.floats(1e-6, 1.0), st.floats(1e-3, 1.0))
    w = np.array(draw(st.lists(elem, min_size=n * m, max_size=n * m))).reshape(n, m)
    if w.sum() == 0:
        w[draw(st.integers(0, n - 1)), draw(st.integers(0, m - 1))] = 1.0
    return w / w.sum()


# ------------------------------------------------------- independent references


def h_direct(p):
    """-sum p log p over the positive entries, with math.log (a plain double sum)."""
    return -math.fsum(v * math.log(v) for v in np.ravel(p) if v > 0)


def h_y_given_x_direct(pxy):
    """Double sum -sum_{x,y} P(x,y) log(P(x,y)/P(x))."""
    pxy = np.asarray(pxy, dtype=float)
    total = []
    for row in pxy:
        px = math.fsum(row)
        total += [v * math.log(v / px) for v in row if v > 0]
    return -math.fsum(total)


def mi_direct(pxy):
    """Double sum sum_{x,y} P(x,y) log(P(x,y) / (P(x) P(y)))."""
    pxy = np.asarray(pxy, dtype=float)
    px = [math.fsum(r) for r in pxy]
    py = [math.fsum(c) for c in pxy.T]
    return math.fsum(
        v * math.log(v / (px[i] * py[j]))
        for i, r in enumerate(pxy)
        for j, v in enumerate(r)
        if v > 0
    )


# ------------------------------------------------------------------ exact values


def test_spam_table_values():
    hx = h_direct([0.8, 0.2])
    h_y_x = 0.8 * h_direct([0.6, 0.4]) + 0.2 * h_direct([0.1, 0.9])
    assert joint_entropy(SPAM) == pytest.approx(hx + h_y_x, rel=1e-14)
    assert conditional_entropy(SPAM) == pytest.approx(h_y_x, rel=1e-14)
    # P(Y) = (0.5, 0.5); posteriors (0.96, 0.04) and (0.64, 0.36)
    h_x_y = 0.5 * h_direct([0.96, 0.04]) + 0.5 * h_direct([0.64, 0.36])
    assert conditional_entropy(np.transpose(SPAM)) == pytest.approx(h_x_y, rel=1e-14)
    assert mutual_information(SPAM) == pytest.approx(hx - h_x_y, rel=1e-13)
    assert mutual_information(SPAM) == pytest.approx(math.log(2) - h_y_x, rel=1e-13)
    assert f"{mutual_information(SPAM):.4f}" == "0.0897"


def test_against_scipy_entropy():
    pxy = np.array([[0.1, 0.2, 0.05], [0.3, 0.0, 0.15], [0.05, 0.05, 0.1]])
    assert joint_entropy(pxy) == pytest.approx(scipy_entropy(pxy.ravel()), rel=1e-14)
    assert joint_entropy(pxy, base=2) == pytest.approx(
        scipy_entropy(pxy.ravel(), base=2), rel=1e-14
    )
    px = pxy.sum(axis=1)
    ref = sum(px[i] * scipy_entropy(pxy[i] / px[i]) for i in range(3))
    assert conditional_entropy(pxy) == pytest.approx(ref, rel=1e-14)
    # I = D_KL(P_XY‖P_X P_Y), with scipy's relative entropy
    ref_mi = scipy_entropy(pxy.ravel(), np.outer(px, pxy.sum(axis=0)).ravel())
    assert mutual_information(pxy) == pytest.approx(ref_mi, rel=1e-13)


def test_extreme_tables():
    copy = np.diag([0.25, 0.25, 0.5])  # Y = X
    assert mutual_information(copy) == pytest.approx(h_direct([0.25, 0.25, 0.5]), rel=1e-15)
    assert conditional_entropy(copy) == 0.0
    assert mutual_information([[1.0]]) == 0.0
    assert joint_entropy([[1.0]]) == 0.0
    assert mutual_information([[0.5, 0.5]]) == 0.0  # X certain: nothing to learn about it
    assert mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2) == 1.0
    assert conditional_entropy([[0.25, 0.25], [0.25, 0.25]], base=2) == 1.0
    assert math.copysign(1.0, mutual_information([[0.3, 0.3], [0.2, 0.2]])) == 1.0


def test_small_conditional_entropy_keeps_its_digits():
    """H(Y | X) from its own terms, not H(X, Y) - H(X): accurate when it is tiny."""
    eps = 1e-12
    pxy = np.array([[0.5 - eps, eps], [0.0, 0.5]])
    with mpmath.workdps(50):
        a, b = mpmath.mpf(float(pxy[0, 0])), mpmath.mpf(float(pxy[0, 1]))  # exactly the floats
        ref = -(a * mpmath.log(a / (a + b)) + b * mpmath.log(b / (a + b)))
    assert conditional_entropy(pxy) == pytest.approx(float(ref), rel=1e-12)


def test_zero_rows_and_columns_do_nothing():
    pxy = np.array([[0.2, 0.0, 0.3], [0.0, 0.0, 0.0], [0.1, 0.0, 0.4]])
    inner = pxy[np.ix_([0, 2], [0, 2])]
    for fn in (joint_entropy, conditional_entropy, mutual_information):
        assert fn(pxy) == pytest.approx(fn(inner), rel=1e-15)


def test_base_converts_units():
    for fn in (joint_entropy, conditional_entropy, mutual_information):
        assert fn(SPAM, base=2) == pytest.approx(fn(SPAM) / math.log(2), rel=1e-14)
        assert fn(SPAM, base=10) == pytest.approx(fn(SPAM) / math.log(10), rel=1e-14)


def test_marginals_and_joint_distribution():
    pxy = joint_distribution(PRIOR, LIKELIHOOD)
    np.testing.assert_allclose(pxy, SPAM, rtol=1e-15)
    px, py = marginals(pxy)
    np.testing.assert_allclose(px, PRIOR, rtol=1e-15)
    np.testing.assert_allclose(py, [0.5, 0.5], rtol=1e-15)


def test_posterior_and_information_gain_values():
    np.testing.assert_allclose(posterior(PRIOR, LIKELIHOOD, 0), [0.96, 0.04], rtol=1e-14)
    np.testing.assert_allclose(posterior(PRIOR, LIKELIHOOD, 1), [0.64, 0.36], rtol=1e-14)
    ig_free = 0.96 * math.log(0.96 / 0.8) + 0.04 * math.log(0.04 / 0.2)
    ig_not = 0.64 * math.log(0.64 / 0.8) + 0.36 * math.log(0.36 / 0.2)
    assert information_gain(PRIOR, LIKELIHOOD, 0) == pytest.approx(ig_free, rel=1e-13)
    assert information_gain(PRIOR, LIKELIHOOD, 1) == pytest.approx(ig_not, rel=1e-13)
    assert information_gain(PRIOR, LIKELIHOOD, 1, base=2) == pytest.approx(
        ig_not / math.log(2), rel=1e-13
    )
    # "not free" raises the entropy of X, yet its information gain is positive
    assert h_direct([0.64, 0.36]) > h_direct(PRIOR)
    assert ig_not > 0
    assert 0.5 * ig_free + 0.5 * ig_not == pytest.approx(mutual_information(SPAM), rel=1e-13)


def test_uninformative_observation_gains_nothing():
    assert information_gain([0.3, 0.7], [[0.5, 0.5], [0.5, 0.5]], 1) == 0.0
    np.testing.assert_allclose(posterior([0.3, 0.7], [[0.5, 0.5], [0.5, 0.5]], 0), [0.3, 0.7])


# ----------------------------------------------------------------- properties


@given(joint_tables())
def test_values_match_direct_double_sums(pxy):
    assert joint_entropy(pxy) == pytest.approx(h_direct(pxy), rel=1e-12, abs=1e-15)
    assert conditional_entropy(pxy) == pytest.approx(h_y_given_x_direct(pxy), rel=1e-12, abs=1e-15)
    assert mutual_information(pxy) == pytest.approx(max(mi_direct(pxy), 0.0), rel=1e-9, abs=1e-13)


@given(joint_tables())
def test_mutual_information_properties(pxy):
    i = mutual_information(pxy)
    px, py = marginals(pxy)
    hx, hy, hxy = h_direct(px), h_direct(py), joint_entropy(pxy)
    assert i >= 0.0
    assert mutual_information(pxy.T) == pytest.approx(i, rel=1e-9, abs=1e-13)
    assert i == pytest.approx(hx + hy - hxy, abs=1e-12)
    assert i == pytest.approx(hx - conditional_entropy(pxy.T), abs=1e-12)
    assert i == pytest.approx(hy - conditional_entropy(pxy), abs=1e-12)
    assert i <= min(hx, hy) + 1e-12
    # I = 0 only for independent tables: Pinsker's inequality bounds I from below by
    # half the squared L1 distance between P_XY and P_X P_Y
    l1 = float(np.abs(pxy - np.outer(px, py)).sum())
    assert i >= 0.5 * l1**2 - 1e-12


@given(joint_tables())
def test_chain_rule_and_conditioning_reduces_entropy(pxy):
    px, py = marginals(pxy)
    hxy = joint_entropy(pxy)
    assert hxy == pytest.approx(h_direct(px) + conditional_entropy(pxy), abs=1e-12)
    assert hxy == pytest.approx(h_direct(py) + conditional_entropy(pxy.T), abs=1e-12)
    assert conditional_entropy(pxy) <= h_direct(py) + 1e-12
    assert conditional_entropy(pxy.T) <= h_direct(px) + 1e-12
    assert conditional_entropy(pxy) >= 0.0


@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(1, 6))
def test_independent_tables_have_zero_information(seed, n, m):
    rng = np.random.default_rng(seed)
    px, py = ic.normalize(rng.random(n)), ic.normalize(rng.random(m))
    pxy = np.outer(px, py)
    assert mutual_information(pxy) == pytest.approx(0.0, abs=1e-14)
    assert conditional_entropy(pxy) == pytest.approx(h_direct(py), abs=1e-12)


def _likelihood(pxy):
    """P(y | x) from a joint table (uniform rows where P(x) = 0, which never matter)."""
    px = pxy.sum(axis=1)
    out = np.full(pxy.shape, 1.0 / pxy.shape[1])
    out[px > 0] = pxy[px > 0] / px[px > 0, None]
    return out


@given(joint_tables())
def test_average_information_gain_is_mutual_information(pxy):
    """E_y[IG(y)] = I(X; Y), with prior P_X and likelihood P(y | x) taken from the table."""
    px, py = marginals(pxy)
    likelihood = _likelihood(pxy)
    np.testing.assert_allclose(joint_distribution(px, likelihood), pxy, rtol=1e-12, atol=1e-300)
    average = math.fsum(
        py[y] * information_gain(px, likelihood, y) for y in range(pxy.shape[1]) if py[y] > 0
    )
    assert average == pytest.approx(mutual_information(pxy), rel=1e-9, abs=1e-13)
    for y in range(pxy.shape[1]):
        if py[y] > 0:
            assert information_gain(px, likelihood, y) >= 0.0


# ------------------------------------------------------------------ bad input

TABLE_FUNCTIONS = [joint_entropy, conditional_entropy, mutual_information, marginals]


@pytest.mark.parametrize("fn", TABLE_FUNCTIONS)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            [[0.5, -0.1], [0.3, 0.3]],
            r"pxy must contain probabilities in \[0, 1\], found the negative entry -0.1 "
            r"at index \(0, 1\)",
        ),
        (
            [[0.5, float("nan")], [0.25, 0.25]],
            r"pxy must not contain NaN, found NaN at index \(0, 1\)",
        ),
        (
            [[0.5, float("inf")], [0.0, 0.0]],
            r"pxy must contain finite numbers, found inf at index \(0, 1\)",
        ),
        ([[1.5, 0.0], [0.0, 0.0]], r"pxy must contain probabilities in \[0, 1\], found 1.5 > 1"),
        (
            [[0.3, 0.3], [0.2, 0.1]],
            r"pxy must sum to 1 over all entries \(tolerance 1e-06\), got 0.9$",
        ),
        (
            [0.5, 0.5],
            r"pxy must be a 2-D joint probability table \(X along axis 0, Y along "
            r"axis 1\), got a 1-D array of shape \(2,\)",
        ),
        (np.full((2, 2, 2), 0.125), r"pxy must be a 2-D joint probability table .* got a 3-D"),
        ([], r"pxy must not be empty, got shape \(0,\)"),
        (np.zeros((0, 3)), r"pxy must not be empty, got shape \(0, 3\)"),
        (0.5, r"pxy must be a distribution \(at least 1-D\), got the scalar 0.5"),
        ([["a", "b"]], r"pxy must contain real numbers"),
    ],
)
def test_bad_tables_name_pxy(fn, bad, message):
    with pytest.raises(ValueError, match=message):
        fn(bad)


def test_messages_match_the_rest_of_the_package():
    """The same fault gets the same words as entropy(p) gives for a vector."""
    bad = [[0.3, 0.3], [0.2, 0.1]]
    with pytest.raises(ValueError) as table:
        joint_entropy(bad)
    with pytest.raises(ValueError) as vector:
        ic.entropy(np.ravel(bad))
    assert str(table.value) == str(vector.value).replace("p must", "pxy must").replace(
        "along axis -1", "over all entries"
    )


@pytest.mark.parametrize("fn", [joint_entropy, conditional_entropy, mutual_information])
@pytest.mark.parametrize("base", [1, 0, -2, float("nan"), "2", True])
def test_bad_base(fn, base):
    with pytest.raises(ValueError, match="base must be"):
        fn(SPAM, base=base)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: posterior([0.8, 0.3], LIKELIHOOD, 0),
            r"prior must sum to 1 along axis -1 \(tolerance 1e-06\), got 1.1",
        ),
        (
            lambda: posterior([[0.8, 0.2]], LIKELIHOOD, 0),
            r"prior must be 1-D .* got shape \(1, 2\)",
        ),
        (
            lambda: posterior(PRIOR, [[0.6, 0.5], [0.1, 0.9]], 0),
            r"likelihood must sum to 1 along axis -1 .* "
            r"got 1.1 for the distribution at index \(0,\)",
        ),
        (
            lambda: posterior(PRIOR, [0.6, 0.4], 0),
            r"likelihood must be a 2-D table with one row P\(. \| x\) per value of X \(2 rows\), "
            r"got shape \(2,\)",
        ),
        (
            lambda: posterior(PRIOR, [[0.6, 0.4]] * 3, 0),
            r"likelihood must be a 2-D table .* \(3, 2\)",
        ),
        (
            lambda: posterior(PRIOR, LIKELIHOOD, 2),
            r"y must index a column of likelihood \(0 to 1\), got 2",
        ),
        (lambda: posterior(PRIOR, LIKELIHOOD, -1), r"y must be an integer >= 0, got -1"),
        (lambda: posterior(PRIOR, LIKELIHOOD, 0.0), r"y must be an integer, got 0.0"),
        (
            lambda: posterior([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], 1),
            r"y = 1 has probability 0 under the prior and the likelihood, so it has no posterior",
        ),
        (lambda: information_gain(PRIOR, LIKELIHOOD, 0, base=1), r"base must be a finite number"),
        (
            lambda: information_gain(PRIOR, [[0.6, float("nan")], [0.1, 0.9]], 0),
            r"likelihood must not contain NaN, found NaN at index \(0, 1\)",
        ),
        (lambda: joint_distribution([-0.2, 1.2], LIKELIHOOD), r"prior must contain probabilities"),
    ],
)
def test_bayes_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_marginals_of_a_valid_table_are_valid_probabilities():
    # the row sums 0.99998 + 1.99996e-05 and 1.0 - 1e-16 + 3e-16 may round above 1
    pxy = np.array([[1.0 - 1e-16, 3e-16]])
    assert pxy.sum() > 1.0  # the case this test is about
    px, _ = marginals(pxy)
    assert px[0] == 1.0
    assert information_gain(px, pxy / pxy.sum(), 0) == 0.0
