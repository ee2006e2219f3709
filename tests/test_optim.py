"""infocourse.optim: softmax, log_softmax, gradients and gradient descent."""

import math

import numpy as np
import pytest
import scipy.special
from conftest import distributions
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import infocourse as ic
from infocourse.optim import (
    DescentResult,
    cross_entropy_gradient,
    gradient_descent,
    kl_gradient,
    log_softmax,
    logsumexp,
    sigmoid,
    softmax,
)

logit_vectors = arrays(np.float64, st.integers(1, 10), elements=st.floats(-50, 50, allow_nan=False))
wide_logits = arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e4, 1e4, allow_nan=False))


# ----------------------------------------------------------------- exact values


def test_softmax_exact_values():
    assert softmax([0.0, 0.0]).tolist() == [0.5, 0.5]
    q = softmax([math.log(1), math.log(2), math.log(3)])
    np.testing.assert_allclose(q, [1 / 6, 2 / 6, 3 / 6], rtol=1e-15)
    assert softmax([5.0]).tolist() == [1.0]


def test_log_softmax_exact_values():
    np.testing.assert_allclose(log_softmax([0.0, 0.0]), [-math.log(2)] * 2, rtol=1e-15)
    assert log_softmax([1000.0, 0.0]).tolist() == [0.0, -1000.0]
    assert log_softmax([1000.0, -1000.0]).tolist() == [0.0, -2000.0]
    np.testing.assert_allclose(log_softmax([1000.0, 1000.0]), [-math.log(2)] * 2, rtol=1e-15)


def test_logsumexp_exact_and_large():
    assert logsumexp([0.0, 0.0]) == pytest.approx(math.log(2), rel=1e-15)
    assert logsumexp([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2), rel=1e-15)
    assert logsumexp([-1000.0, -1000.0]) == pytest.approx(-1000 + math.log(2), rel=1e-15)
    np.testing.assert_allclose(logsumexp([[0.0, 0.0], [1.0, 1.0]]), [math.log(2), 1 + math.log(2)])


def test_no_warnings_for_extreme_logits():
    # pyproject turns RuntimeWarning into errors: overflow would fail this test
    z = np.array([1000.0, -1000.0, 0.0, 700.0])
    assert np.isfinite(log_softmax(z)).all()
    assert softmax(z).sum() == pytest.approx(1.0)
    assert np.isfinite(sigmoid(z)).all()


def test_sigmoid_values_and_two_class_softmax():
    assert sigmoid(0.0) == 0.5
    assert isinstance(sigmoid(0.0), float)
    assert sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2)), rel=1e-15)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(
        sigmoid(z), softmax(np.stack([z, np.zeros_like(z)], -1))[:, 0], rtol=1e-13
    )
    np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-14)


def test_batch_and_axis():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(softmax(z).sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(softmax(z, axis=0), softmax(z.T).T)
    np.testing.assert_allclose(log_softmax(z, axis=0), scipy.special.log_softmax(z, axis=0))


# ----------------------------------------------------------------- properties


@given(logit_vectors)
def test_softmax_sums_to_one_and_is_positive(z):
    q = softmax(z)
    assert abs(q.sum() - 1.0) < 1e-12
    assert (q > 0).all()


@given(logit_vectors, st.floats(-1e3, 1e3))
def test_softmax_shift_invariant(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-300)


@given(wide_logits)
def test_log_softmax_matches_scipy(z):
    np.testing.assert_allclose(log_softmax(z), scipy.special.log_softmax(z), rtol=1e-12, atol=1e-9)
    assert np.isfinite(log_softmax(z)).all()


@given(wide_logits)
def test_softmax_matches_scipy(z):
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(z), rtol=1e-12, atol=1e-300)


@given(wide_logits)
def test_logsumexp_matches_scipy(z):
    assert logsumexp(z) == pytest.approx(float(scipy.special.logsumexp(z)), rel=1e-13, abs=1e-12)


@given(logit_vectors)
def test_log_softmax_is_log_of_softmax_when_safe(z):
    np.testing.assert_allclose(np.exp(log_softmax(z)), softmax(z), rtol=1e-12)


# ------------------------------------------------------------------ gradients


def _finite_difference(f, z, h=1e-6):
    g = np.zeros_like(z)
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        g[j] = (f(z + e) - f(z - e)) / (2 * h)
    return g


@given(distributions(min_size=2, max_size=6, zeros=True), st.data())
def test_gradients_match_finite_differences(p, data):
    z = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=p.size, max_size=p.size)))
    ce = lambda v: ic.cross_entropy(p, softmax(v))  # noqa: E731
    kl = lambda v: ic.kl_divergence(p, softmax(v))  # noqa: E731
    np.testing.assert_allclose(cross_entropy_gradient(p, z), _finite_difference(ce, z), atol=1e-6)
    np.testing.assert_allclose(kl_gradient(p, z), _finite_difference(kl, z), atol=1e-6)


@given(distributions(min_size=2, max_size=8), st.data())
def test_the_two_gradients_agree(p, data):
    z = np.array(data.draw(st.lists(st.floats(-5, 5), min_size=p.size, max_size=p.size)))
    np.testing.assert_allclose(kl_gradient(p, z), cross_entropy_gradient(p, z), atol=1e-14)
    assert abs(cross_entropy_gradient(p, z).sum()) < 1e-12  # the gradient sums to 0


def test_gradient_zero_at_optimum():
    p = np.array([0.4, 0.2, 0.3, 0.1])
    np.testing.assert_allclose(cross_entropy_gradient(p, np.log(p)), 0.0, atol=1e-15)


# ----------------------------------------------------------- gradient descent


def test_descent_same_iterates_and_constant_gap():
    ex = ic.get_example("vehicles")
    z0 = np.log(ex.q_array)
    a = gradient_descent(ex.p, z0, objective="cross_entropy", lr=1.0, steps=80)
    b = gradient_descent(ex.p, z0, objective="kl", lr=1.0, steps=80)
    assert isinstance(a, DescentResult)
    assert a.logits.shape == (81, 4) and a.probs.shape == (81, 4)
    assert np.abs(a.logits - b.logits).max() < 1e-13
    h = ic.entropy(ex.p)
    np.testing.assert_allclose(a.cross_entropy - a.kl, h, atol=1e-14)
    assert a.cross_entropy[0] == pytest.approx(ic.cross_entropy(ex.p, ex.q))
    assert a.kl[-1] < 1e-6 and a.cross_entropy[-1] == pytest.approx(h, abs=1e-6)
    np.testing.assert_allclose(a.probs[-1], ex.p, atol=1e-3)
    assert a.loss is a.cross_entropy and b.loss is b.kl
    assert (np.diff(a.kl) <= 1e-15).all()  # monotone for this step size


def test_descent_zero_steps():
    r = gradient_descent([0.5, 0.5], [0.0, 1.0], steps=0)
    assert r.logits.tolist() == [[0.0, 1.0]]


@pytest.mark.parametrize(
    "kwargs,pattern",
    [
        ({"objective": "mse"}, r"objective must be 'cross_entropy' or 'kl', got 'mse'"),
        ({"lr": 0.0}, r"lr must be > 0, got 0.0"),
        ({"lr": -1}, r"lr must be > 0, got -1.0"),
        ({"lr": float("inf")}, r"lr must be a finite number, got inf"),
        ({"lr": "big"}, r"lr must be a real number, got 'big'"),
        ({"lr": True}, r"lr must be a real number, got True"),
        ({"steps": -1}, r"steps must be an integer >= 0, got -1"),
        ({"steps": 2.5}, r"steps must be an integer, got 2.5"),
    ],
)
def test_descent_validation(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        gradient_descent([0.5, 0.5], [0.0, 0.0], **kwargs)


def test_descent_target_validation():
    with pytest.raises(ValueError, match=r"p must have 2 entries \(one per logit\), got 3"):
        gradient_descent([0.2, 0.3, 0.5], [0.0, 0.0])
    with pytest.raises(
        ValueError,
        match=r"p must sum to 1 along axis -1 \(tolerance 1e-06\), "
        r"got 0.5$",
    ):
        gradient_descent([0.2, 0.3], [0.0, 0.0])
    with pytest.raises(
        ValueError,
        match=r"p must contain probabilities in \[0, 1\], found the "
        r"negative entry -0.5 at index 1",
    ):
        gradient_descent([0.5, -0.5], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"logits0 must not contain NaN, found NaN at index 1"):
        gradient_descent([0.5, 0.5], [0.0, float("nan")])
    with pytest.raises(ValueError, match=r"logits0 must be 1-D"):
        gradient_descent([0.5, 0.5], [[0.0, 0.0]])


@pytest.mark.parametrize("fn", [softmax, log_softmax, logsumexp, sigmoid])
def test_logit_validation(fn):
    with pytest.raises(ValueError, match=r"logits must not contain NaN, found NaN at index 2"):
        fn([0.0, 1.0, float("nan")])
    with pytest.raises(
        ValueError,
        match=r"logits must contain finite numbers, found inf at "
        r"index 0",
    ):
        fn([float("inf"), 1.0])
    with pytest.raises(ValueError, match=r"logits must contain real numbers"):
        fn(["a", "b"])
    with pytest.raises(ValueError, match=r"logits must not be empty"):
        fn([])


def test_axis_validation():
    with pytest.raises(ValueError, match=r"axis 1 is out of range for logits"):
        softmax([1.0, 2.0], axis=1)


def test_messages_are_the_packages_messages():
    """One fault, one message: the same bad distribution fails here as in cross_entropy."""
    for bad in ([0.2, 0.3], [1.5, -0.5], [0.5, float("nan")]):
        with pytest.raises(ValueError) as here:
            cross_entropy_gradient(bad, [0.0, 0.0])
        with pytest.raises(ValueError) as there:
            ic.cross_entropy(bad, [0.5, 0.5])
        assert str(here.value) == str(there.value)
