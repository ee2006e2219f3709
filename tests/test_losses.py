"""infocourse.losses: NLL from logits, soft-target cross-entropy, label smoothing."""

import math

import numpy as np
import pytest
import scipy.special
from conftest import distributions
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import infocourse as ic
from infocourse.losses import (
    binary_cross_entropy_with_logits,
    label_smoothing,
    nll_loss,
    one_hot,
    soft_cross_entropy,
)
from infocourse.optim import softmax

# ---------------------------------------------------------------- exact values


def test_nll_exact():
    # -log(e^2 / (e^2 + 1)) = log(1 + e^-2)
    assert nll_loss(0, [2.0, 0.0]) == pytest.approx(math.log1p(math.exp(-2)), rel=1e-15)
    assert nll_loss([1], [[0.0, 0.0, 0.0, 0.0]]) == pytest.approx(math.log(4), rel=1e-15)


def test_nll_extreme_logits_are_exact():
    assert nll_loss([0], [[1000.0, 0.0]]) == 0.0
    assert nll_loss([1], [[1000.0, 0.0]]) == 1000.0
    assert nll_loss([1], [[1000.0, -1000.0]]) == 2000.0


def test_nll_reductions():
    z = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    y = [0, 0, 1]
    each = nll_loss(y, z, reduction="none")
    assert each.shape == (3,)
    assert nll_loss(y, z) == pytest.approx(each.mean(), rel=1e-15)
    assert nll_loss(y, z, reduction="sum") == pytest.approx(each.sum(), rel=1e-15)
    assert each[2] == pytest.approx(math.log(2), rel=1e-15)


def test_nll_is_cross_entropy_with_one_hot():
    z = np.array([[0.3, -1.2, 2.0], [1.0, 0.5, -0.5]])
    y = [2, 0]
    q = softmax(z)
    expected = [ic.cross_entropy(one_hot([k], 3)[0], q[i]) for i, k in enumerate(y)]
    np.testing.assert_allclose(nll_loss(y, z, reduction="none"), expected, rtol=1e-14)
    assert soft_cross_entropy(one_hot(y, 3), z) == pytest.approx(nll_loss(y, z), rel=1e-15)


def test_soft_cross_entropy_values():
    assert soft_cross_entropy([0.5, 0.5], [0.0, 0.0]) == pytest.approx(math.log(2))
    p = np.array([0.4, 0.2, 0.3, 0.1])
    # minimum H(P) at logits log P
    assert soft_cross_entropy(p, np.log(p)) == pytest.approx(ic.entropy(p), rel=1e-14)
    q = np.array([0.3, 0.3, 0.2, 0.2])
    assert soft_cross_entropy(p, np.log(q)) == pytest.approx(ic.cross_entropy(p, q), rel=1e-14)


def test_label_smoothing_values():
    t = label_smoothing([0, 2], 4, 0.1)
    np.testing.assert_allclose(t, [[0.925, 0.025, 0.025, 0.025], [0.025, 0.025, 0.925, 0.025]])
    np.testing.assert_allclose(t.sum(axis=1), 1.0)
    assert label_smoothing([1], 3, 0.0).tolist() == one_hot([1], 3).tolist()
    np.testing.assert_allclose(label_smoothing([1], 4, 1.0), [[0.25] * 4])


def test_label_smoothing_floor_is_entropy_of_target():
    t = label_smoothing([0], 4, 0.1)[0]
    assert soft_cross_entropy(t, np.log(t)) == pytest.approx(ic.entropy(t), rel=1e-14)
    # far from the target the loss is above the floor; confident logits are punished
    assert soft_cross_entropy(t, [20.0, 0.0, 0.0, 0.0]) > ic.entropy(t) + 0.5


def test_binary_cross_entropy_values():
    assert binary_cross_entropy_with_logits(1.0, 0.0) == pytest.approx(math.log(2))
    assert binary_cross_entropy_with_logits(0.0, 1000.0) == 1000.0
    assert binary_cross_entropy_with_logits(1.0, 1000.0) == 0.0
    assert binary_cross_entropy_with_logits([1.0, 0.0], [-1000.0, -1000.0],
                                            reduction="none").tolist() == [1000.0, 0.0]


# ------------------------------------------------------------------ properties


@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)),
              elements=st.floats(-1e3, 1e3)), st.data())
def test_nll_matches_scipy(z, data):
    y = np.array(data.draw(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[0],
                                    max_size=z.shape[0])))
    ref = -scipy.special.log_softmax(z, axis=1)[np.arange(z.shape[0]), y]
    np.testing.assert_allclose(nll_loss(y, z, reduction="none"), ref, rtol=1e-12, atol=1e-9)
    assert nll_loss(y, z) >= 0.0


@given(distributions(min_size=2, max_size=6), st.data())
def test_soft_cross_entropy_at_least_entropy(t, data):
    z = np.array(data.draw(st.lists(st.floats(-20, 20), min_size=t.size, max_size=t.size)))
    assert soft_cross_entropy(t, z) >= ic.entropy(t) - 1e-12
    ref = -(t * scipy.special.log_softmax(z)).sum()
    assert soft_cross_entropy(t, z) == pytest.approx(ref, rel=1e-12, abs=1e-12)


@given(st.floats(-500, 500), st.floats(0, 1))
def test_binary_equals_two_class_softmax(z, t):
    two = soft_cross_entropy([t, 1 - t], [z, 0.0])
    assert binary_cross_entropy_with_logits(t, z) == pytest.approx(two, rel=1e-12, abs=1e-12)
    ref = -(scipy.special.xlogy(t, scipy.special.expit(z))
            + scipy.special.xlogy(1 - t, scipy.special.expit(-z)))
    if np.isfinite(ref):
        assert binary_cross_entropy_with_logits(t, z) == pytest.approx(ref, rel=1e-9, abs=1e-12)


@given(st.integers(2, 10), st.floats(0, 1), st.data())
def test_label_smoothing_rows_are_distributions(c, eps, data):
    y = data.draw(st.lists(st.integers(0, c - 1), min_size=1, max_size=5))
    t = label_smoothing(y, c, eps)
    np.testing.assert_allclose(t.sum(axis=1), 1.0, rtol=1e-12)
    assert (t >= 0).all()
    if eps < 1.0:  # the true class keeps the largest share
        assert (t.argmax(axis=1) == y).all()


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "labels,logits,pattern",
    [
        ([2], [[0.0, 1.0]], r"labels must lie in \[0, 2\) for 2 classes, got 2 at index 0"),
        ([-1], [[0.0, 1.0]], r"labels must lie in \[0, 2\) for 2 classes, got -1 at index 0"),
        ([0.0], [[0.0, 1.0]], r"labels must be integers \(class indices\), got floats"),
        (["a"], [[0.0, 1.0]], r"labels must be integer class indices, got dtype <U1"),
        ([0, 1], [[0.0, 1.0]], r"labels must have one entry per row of logits \(1\), got 2"),
        ([0], [[0.0, float("nan")]], r"logits must be finite, got nan at index \(0, 1\)"),
        ([0], [[0.0]], r"logits must have at least 2 classes, got 1"),
        ([0], np.zeros((1, 2, 2)), r"logits must be 1-D \(classes,\) or 2-D"),
    ],
)
def test_nll_validation(labels, logits, pattern):
    with pytest.raises(ValueError, match=pattern):
        nll_loss(labels, logits)


def test_reduction_validation():
    with pytest.raises(ValueError, match=r"reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        nll_loss([0], [[0.0, 1.0]], reduction="avg")
    with pytest.raises(ValueError, match=r"reduction must be"):
        soft_cross_entropy([0.5, 0.5], [0.0, 1.0], reduction="batchmean")


def test_targets_validation():
    with pytest.raises(ValueError, match=r"targets must sum to 1 in every row, got 0.9 in row 0"):
        soft_cross_entropy([0.4, 0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"targets must have the shape of logits"):
        soft_cross_entropy([0.5, 0.5], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"targets must contain probabilities in \[0, 1\]"):
        soft_cross_entropy([1.5, -0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"targets must be probabilities in \[0, 1\], got 2.0"):
        binary_cross_entropy_with_logits([2.0], [0.0])


def test_smoothing_validation():
    with pytest.raises(ValueError, match=r"epsilon must be in \[0, 1\], got 1.5"):
        label_smoothing([0], 3, 1.5)
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 2, got 1"):
        one_hot([0], 1)
