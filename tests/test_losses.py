"""infocourse.losses: NLL from logits, soft-target cross-entropy, label smoothing."""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from conftest import distributions
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import infocourse as ic
from infocourse.losses import (
    binary_cross_entropy_with_logits,
    conditional_cross_entropy,
    distillation_targets,
    empirical_joint,
    label_smoothing,
    nll_loss,
    one_hot,
    perplexity,
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


def test_soft_cross_entropy_minimisers():
    """Full-support target: the minimum H(P) is reached exactly at log P + s(1, ..., 1)."""
    p = np.array([0.5, 0.3, 0.2])
    for s in (-7.0, 0.0, 3.5):
        assert soft_cross_entropy(p, np.log(p) + s) == pytest.approx(ic.entropy(p), rel=1e-14)
    assert soft_cross_entropy(p, np.log(p) + np.array([0.0, 0.1, 0.0])) > ic.entropy(p) + 1e-4
    # one-hot target: H(e_y) = 0 is approached as the true logit grows, never reached
    losses = [soft_cross_entropy([1.0, 0.0, 0.0], [z, 0.0, 0.0]) for z in (1.0, 10.0, 30.0)]
    assert losses[0] > losses[1] > losses[2] > 0.0
    assert losses[2] == pytest.approx(2 * math.exp(-30.0), rel=1e-3)  # 1 + 2e^-30 rounds


def test_empty_labels_are_named():
    with pytest.raises(ValueError, match=r"labels must not be empty, got shape \(0,\)"):
        one_hot([], 3)
    with pytest.raises(ValueError, match=r"x must not be empty, got shape \(0,\)"):
        empirical_joint([], [], (2, 2))


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
    assert binary_cross_entropy_with_logits(
        [1.0, 0.0], [-1000.0, -1000.0], reduction="none"
    ).tolist() == [1000.0, 0.0]


# ------------------------------------------------------------------ properties


@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=st.floats(-1e3, 1e3)
    ),
    st.data(),
)
def test_nll_matches_scipy(z, data):
    y = np.array(
        data.draw(
            st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[0], max_size=z.shape[0])
        )
    )
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
    ref = -(
        scipy.special.xlogy(t, scipy.special.expit(z))
        + scipy.special.xlogy(1 - t, scipy.special.expit(-z))
    )
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
        ([0], [[0.0, float("nan")]], r"logits must not contain NaN, found NaN at index \(0, 1\)"),
        ([], [[0.0, 1.0]], r"labels must not be empty, got shape \(0,\)"),
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
    with pytest.raises(
        ValueError,
        match=r"targets must sum to 1 along axis -1 \(tolerance "
        r"1e-06\), got 0.9$",
    ):
        soft_cross_entropy([0.4, 0.5], [0.0, 1.0])
    with pytest.raises(
        ValueError,
        match=r"targets must sum to 1 along axis -1 \(tolerance "
        r"1e-06\), got 0.9 for the distribution at index \(1,\)",
    ):
        soft_cross_entropy([[0.5, 0.5], [0.4, 0.5]], [[0.0, 1.0], [0.0, 1.0]])
    with pytest.raises(
        ValueError,
        match=r"targets must have the shape of logits \(3,\), "
        r"got \(2,\)",
    ):
        soft_cross_entropy([0.5, 0.5], [0.0, 1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=r"targets must have the shape of logits \(2, 2\), "
        r"got \(2,\)",
    ):
        soft_cross_entropy([0.5, 0.5], [[0.0, 1.0], [0.0, 1.0]])
    with pytest.raises(
        ValueError,
        match=r"targets must contain probabilities in \[0, 1\], found "
        r"1.5 > 1 at index 0",
    ):
        soft_cross_entropy([1.5, -0.5], [0.0, 1.0])
    with pytest.raises(
        ValueError,
        match=r"targets must contain probabilities in \[0, 1\], found "
        r"2 > 1 at index 0",
    ):
        binary_cross_entropy_with_logits([2.0], [0.0])
    with pytest.raises(ValueError, match=r"targets must not contain NaN, found NaN at index 0"):
        binary_cross_entropy_with_logits(float("nan"), 0.0)


def test_smoothing_validation():
    with pytest.raises(ValueError, match=r"epsilon must be in \[0, 1\], got 1.5"):
        label_smoothing([0], 3, 1.5)
    with pytest.raises(ValueError, match=r"epsilon must be a real number, got '0.1'"):
        label_smoothing([0], 3, "0.1")
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 2, got 1"):
        one_hot([0], 1)


# ------------------------------------------------------------------ perplexity


def test_perplexity_exact_values():
    assert perplexity([0.5, 0.5], [0.5, 0.5]) == pytest.approx(2.0, rel=1e-15)
    # e^{H(P,Q)} = prod Q^{-P} = (1/4)^{-1/2} (3/4)^{-1/2}
    assert perplexity([0.5, 0.5], [0.25, 0.75]) == pytest.approx(1 / math.sqrt(0.1875), rel=1e-14)
    assert perplexity([1.0, 0.0], [1.0, 0.0]) == 1.0
    assert perplexity([1.0, 0.0, 0.0], [0.5, 0.25, 0.25]) == pytest.approx(2.0, rel=1e-15)
    assert isinstance(perplexity([0.5, 0.5], [0.5, 0.5]), float)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
def test_perplexity_of_uniform_model_is_n_for_every_p(n):
    rng = np.random.default_rng(n)
    for p in (np.full(n, 1.0 / n), ic.normalize(rng.random(n)), one_hot([n - 1], max(n, 2))[0][:n]):
        if p.sum() == 0:
            continue
        assert perplexity(p / p.sum(), np.full(n, 1.0 / n)) == pytest.approx(n, rel=1e-13)


def test_perplexity_bits_per_token():
    p = ic.get_example("vehicles").p
    q = ic.get_example("vehicles").q
    bits = ic.cross_entropy(p, q, base=2)
    assert perplexity(p, q) == pytest.approx(2.0**bits, rel=1e-14)
    assert math.log2(perplexity(p, q)) == pytest.approx(bits, rel=1e-14)
    assert math.log(perplexity(p, q)) == pytest.approx(ic.cross_entropy(p, q), rel=1e-14)


def test_perplexity_infinite_and_overflow():
    assert perplexity([0.5, 0.5], [1.0, 0.0]) == math.inf
    tiny = 1e-310  # -log(tiny) = 713.8 nats: e^H overflows a double
    assert perplexity([1.0, 0.0], [tiny, 1.0 - tiny]) == math.inf  # no RuntimeWarning


def test_perplexity_batch_axis():
    p = np.array([[0.5, 0.5], [1.0, 0.0]])
    q = np.array([[0.5, 0.5], [0.25, 0.75]])
    np.testing.assert_allclose(perplexity(p, q), [2.0, 4.0], rtol=1e-15)
    np.testing.assert_allclose(perplexity(p.T, q.T, axis=0), [2.0, 4.0], rtol=1e-15)


@given(distributions(min_size=1, max_size=8), st.data())
def test_perplexity_properties(p, data):
    q = data.draw(distributions(size=p.size, zeros=False))
    pp = perplexity(p, q)
    direct = float(np.prod(np.where(p > 0, q**-p, 1.0)))
    assert pp == pytest.approx(direct, rel=1e-9)
    assert pp >= perplexity(p, p) * (1 - 1e-12) >= 1.0 - 1e-12  # Gibbs: H(P,Q) >= H(P) >= 0
    assert perplexity(p, p) <= p.size * (1 + 1e-12)  # e^{H(P)} <= n
    assert pp == pytest.approx(
        math.exp(scipy.stats.entropy(p) + scipy.stats.entropy(p, q)), rel=1e-9
    )


@pytest.mark.parametrize(
    "p,q",
    [
        ([0.4, 0.5], [0.5, 0.5]),
        ([0.5, 0.5], [0.9, 0.2]),
        ([1.5, -0.5], [0.5, 0.5]),
        ([0.5, float("nan")], [0.5, 0.5]),
        ([0.5, 0.5], [1 / 3] * 3),
        ([], []),
        ("ab", "ab"),
    ],
)
def test_perplexity_errors_are_cross_entropys(p, q):
    with pytest.raises(ValueError) as pp:
        perplexity(p, q)
    with pytest.raises(ValueError) as ce:
        ic.cross_entropy(p, q)
    assert str(pp.value) == str(ce.value)


def test_perplexity_has_no_base():
    with pytest.raises(TypeError):
        perplexity([0.5, 0.5], [0.5, 0.5], base=2)  # the same number in every unit


# ------------------------------------------ empirical joint, conditional cross-entropy


def test_empirical_joint_counts_pairs():
    pxy = empirical_joint([0, 0, 1, 0, 2], [1, 1, 0, 0, 1], (3, 2))
    np.testing.assert_array_equal(pxy * 5, [[1, 2], [1, 0], [0, 1]])
    assert pxy.sum() == pytest.approx(1.0, rel=1e-15)
    assert empirical_joint([0], [0], (1, 1)).tolist() == [[1.0]]


def test_conditional_cross_entropy_is_the_mean_loss():
    """-1/N sum log Q(y_i|x_i) over the examples = the conditional cross-entropy."""
    x = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])
    y = np.array([0, 0, 0, 1, 1, 1, 0, 1, 1])
    q = np.array([[0.6, 0.4], [0.1, 0.9], [0.5, 0.5]])
    pxy = empirical_joint(x, y, (3, 2))
    mean_loss = -np.mean(np.log(q[x, y]))
    assert conditional_cross_entropy(pxy, q) == pytest.approx(mean_loss, rel=1e-14)
    np.testing.assert_allclose(
        conditional_cross_entropy(pxy, q), nll_loss(y, np.log(q[x])), rtol=1e-14
    )
    assert conditional_cross_entropy(pxy, q, base=2) == pytest.approx(
        mean_loss / math.log(2), rel=1e-14
    )


def test_conditional_cross_entropy_decomposition_and_floor():
    """Mean loss = H(Y | X) + average KL from the empirical conditionals (the bridge)."""
    x = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])
    y = np.array([0, 0, 0, 1, 1, 1, 0, 1, 1])
    pxy = empirical_joint(x, y, (3, 2))
    px = pxy.sum(axis=1)
    cond = pxy / px[:, None]
    h_y_given_x = sum(px[k] * ic.entropy(cond[k]) for k in range(3))  # direct sum
    ref = -np.sum(scipy.special.xlogy(pxy, cond))  # -sum P(x,y) log P(y|x), 0 log 0 = 0
    assert h_y_given_x == pytest.approx(ref, rel=1e-14)
    q = np.array([[0.6, 0.4], [0.1, 0.9], [0.5, 0.5]])
    avg_kl = sum(px[k] * ic.kl_divergence(cond[k], q[k]) for k in range(3))
    assert conditional_cross_entropy(pxy, q) == pytest.approx(h_y_given_x + avg_kl, rel=1e-14)
    # the floor is reached by the model that copies the empirical conditionals
    assert conditional_cross_entropy(pxy, cond) == pytest.approx(h_y_given_x, rel=1e-14)
    # distinct inputs: every empirical conditional is one-hot, the floor is 0
    distinct = empirical_joint(np.arange(4), [0, 1, 1, 0], (4, 2))
    zero = conditional_cross_entropy(distinct, distinct * 4)
    assert zero == 0.0 and math.copysign(1.0, zero) == 1.0  # +0.0, never printed as -0.0000


@given(st.integers(1, 5), st.integers(2, 5), st.data())
def test_conditional_cross_entropy_properties(nx, ny, data):
    x = np.array(data.draw(st.lists(st.integers(0, nx - 1), min_size=1, max_size=30)))
    y = np.array(data.draw(st.lists(st.integers(0, ny - 1), min_size=x.size, max_size=x.size)))
    q = np.array([data.draw(distributions(size=ny, zeros=False)) for _ in range(nx)])
    pxy = empirical_joint(x, y, (nx, ny))
    loss = conditional_cross_entropy(pxy, q)
    assert loss == pytest.approx(-np.mean(np.log(q[x, y])), rel=1e-9, abs=1e-12)
    px = pxy.sum(axis=1)
    seen = px > 0
    cond = np.where(seen[:, None], pxy / np.where(seen, px, 1.0)[:, None], 1.0 / ny)
    floor = -np.sum(scipy.special.xlogy(pxy, cond))
    assert loss >= floor - 1e-12  # no model goes below the empirical H(Y | X)
    assert conditional_cross_entropy(pxy, cond) == pytest.approx(floor, rel=1e-9, abs=1e-12)


def test_conditional_cross_entropy_zero_and_unseen_rows():
    pxy = [[0.5, 0.0], [0.5, 0.0]]
    assert conditional_cross_entropy(pxy, [[0.0, 1.0], [0.5, 0.5]]) == math.inf
    # a zero model probability where P(x, y) = 0 costs nothing
    assert conditional_cross_entropy(pxy, [[1.0, 0.0], [1.0, 0.0]]) == 0.0
    # the row of an input never seen does not enter the sum
    assert conditional_cross_entropy([[1.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]]) == 0.0


def test_empirical_joint_validation():
    with pytest.raises(
        ValueError,
        match=r"x must lie in \[0, 2\) for shape\[0\] = 2, got 2 at "
        r"index 1",
    ):
        empirical_joint([0, 2], [0, 0], (2, 2))
    with pytest.raises(ValueError, match=r"y must have one entry per entry of x \(2\), got 3"):
        empirical_joint([0, 1], [0, 0, 1], (2, 2))
    with pytest.raises(ValueError, match=r"y must lie in \[0, 3\) for shape\[1\] = 3, got -1"):
        empirical_joint([0], [-1], (2, 3))
    with pytest.raises(ValueError, match=r"shape must be a pair"):
        empirical_joint([0], [0], 2)
    with pytest.raises(ValueError, match=r"shape\[1\] must be an integer >= 1, got 0"):
        empirical_joint([0], [0], (1, 0))
    with pytest.raises(ValueError, match=r"x must be integers \(class indices\), got floats"):
        empirical_joint([0.0], [0], (1, 1))


def test_conditional_cross_entropy_validation():
    good = [[0.5, 0.0], [0.25, 0.25]]
    with pytest.raises(
        ValueError,
        match=r"pxy must sum to 1 over all entries \(tolerance "
        r"1e-06\), got 0.9",
    ):
        conditional_cross_entropy([[0.4, 0.0], [0.25, 0.25]], good)
    with pytest.raises(ValueError, match=r"pxy must be a 2-D joint probability table"):
        conditional_cross_entropy([0.5, 0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"pxy and q must have the same shape \(no broadcasting\)"):
        conditional_cross_entropy(good, [[0.5, 0.5]])
    with pytest.raises(
        ValueError,
        match=r"q must sum to 1 along axis -1 \(tolerance 1e-06\), "
        r"got 0.5 for the distribution at index \(1,\)",
    ):
        conditional_cross_entropy(good, [[0.5, 0.5], [0.25, 0.25]])
    with pytest.raises(
        ValueError,
        match=r"q must contain probabilities in \[0, 1\], found the "
        r"negative entry -0.5",
    ):
        conditional_cross_entropy(good, [[0.5, -0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"base must be a finite number > 0 and != 1, got 1.0"):
        conditional_cross_entropy(good, good, base=1)


# ---------------------------------------------------------------- distillation


def test_distillation_targets_values():
    z = np.array([2.0, 0.0, -1.0])
    np.testing.assert_allclose(distillation_targets(z, 1.0), softmax(z), rtol=1e-15)
    np.testing.assert_allclose(
        distillation_targets(z, 2.0), scipy.special.softmax(z / 2), rtol=1e-14
    )
    assert distillation_targets([2.0, 0.0], 2.0)[0] == pytest.approx(1 / (1 + math.exp(-1)))
    # tiny temperature: the teacher's top class; no overflow warning
    assert distillation_targets([1e10, 0.0], 1e-300).tolist() == [1.0, 0.0]
    # rows are examples
    np.testing.assert_allclose(
        distillation_targets([[0.0, 0.0], [1.0, 0.0]], 1.0),
        [[0.5, 0.5], [1 / (1 + math.exp(-1)), 1 / (1 + math.e)]],
    )


@given(
    arrays(np.float64, st.integers(2, 6), elements=st.floats(-30, 30)),
    st.floats(0.5, 20),
    st.floats(1.01, 5),
)
def test_higher_temperature_raises_the_floor(z, tau, factor):
    """A hotter teacher is flatter: H(P_tau) grows with tau (never decreases)."""
    low, high = distillation_targets(z, tau), distillation_targets(z, tau * factor)
    assert ic.entropy(high) >= ic.entropy(low) - 1e-9
    # the floor of the student's loss is H(P_tau), at student logits = teacher logits
    assert soft_cross_entropy(low, z / tau) == pytest.approx(ic.entropy(low), rel=1e-9, abs=1e-12)


def test_distillation_validation():
    with pytest.raises(ValueError, match=r"tau must be > 0, got 0.0"):
        distillation_targets([1.0, 0.0], 0.0)
    with pytest.raises(ValueError, match=r"tau must be a finite number, got inf"):
        distillation_targets([1.0, 0.0], float("inf"))
    with pytest.raises(ValueError, match=r"teacher_logits must not contain NaN"):
        distillation_targets([1.0, float("nan")], 1.0)
