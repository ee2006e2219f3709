"""Identities that must hold for every distribution (hypothesis), and scipy agreement."""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from conftest import distributions, pairs
from hypothesis import assume, given
from hypothesis import strategies as st

from infocourse import cross_entropy, entropy, kl_divergence


@given(pairs())
def test_gibbs_kl_nonnegative(pq):
    p, q = pq
    assert kl_divergence(p, q) >= 0.0


@given(distributions())
def test_kl_zero_when_equal(p):
    assert kl_divergence(p, p) == 0.0


@given(pairs(zeros=True), st.data())
def test_kl_reads_q_only_on_the_support_of_p(pq, data):
    # KL(P || Q) sums over the support of P only: moving Q's mass among the outcomes
    # where P is zero (Q unchanged on the support) leaves the divergence unchanged.
    p, q = pq
    off = np.flatnonzero(p == 0.0)
    assume(off.size >= 2)
    weights = np.array(
        data.draw(st.lists(st.floats(0.0, 1.0), min_size=off.size, max_size=off.size))
    )
    assume(weights.sum() > 0.0)
    moved = q.copy()
    moved[off] = q[off].sum() * weights / weights.sum()
    assume(not np.array_equal(moved, q))
    assert kl_divergence(p, moved) == pytest.approx(kl_divergence(p, q), rel=1e-14, abs=1e-15)


@given(distributions(zeros=True), st.data())
def test_kl_positive_when_the_support_changes(p, data):
    # Any real change of Q on P's support makes KL > 0 (Gibbs, equality only at Q = P there).
    n = p.size
    assume(n >= 2)
    i = data.draw(st.integers(0, n - 1))
    assume(0.0 < p[i] < 1.0)
    q = p.copy()
    j = (i + 1) % n
    shift = 0.1 * min(p[i], 1 - q[j])
    assume(shift > 1e-9)
    q[i] -= shift
    q[j] += shift
    assert kl_divergence(p, q) > 0.0


@given(pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    lhs = cross_entropy(p, q)
    rhs = entropy(p) + kl_divergence(p, q)
    assert lhs == pytest.approx(rhs, rel=1e-12, abs=1e-14)


@given(pairs())
def test_cross_entropy_at_least_entropy(pq):
    p, q = pq
    assert cross_entropy(p, q) >= entropy(p) - 1e-14


@given(distributions(max_size=30))
def test_entropy_bounds(p):
    h = entropy(p)
    assert 0.0 <= h <= math.log(p.size) + 1e-12


@given(st.integers(1, 64))
def test_uniform_attains_maximum(n):
    assert entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log(n), rel=1e-13, abs=1e-15)


@given(pairs(), st.sampled_from([2, 10, 0.5, 3.3, math.e]))
def test_change_of_base(pq, base):
    p, q = pq
    for fn, args in ((entropy, (p,)), (cross_entropy, (p, q)), (kl_divergence, (p, q))):
        assert fn(*args, base=base) == pytest.approx(
            fn(*args) / math.log(base), rel=1e-13, abs=1e-15
        )


@given(st.integers(1, 6), st.integers(1, 40), st.randoms(use_true_random=False))
def test_batch_equals_row_by_row(rows, n, rnd):
    rng = np.random.default_rng(rnd.randint(0, 2**32 - 1))
    p = rng.random((rows, n)) ** 3
    p /= p.sum(axis=1, keepdims=True)
    q = rng.random((rows, n)) + 1e-3
    q /= q.sum(axis=1, keepdims=True)
    for fn, args in ((entropy, (p,)), (cross_entropy, (p, q)), (kl_divergence, (p, q))):
        batch = fn(*args)
        single = [fn(*(a[i] for a in args)) for i in range(rows)]
        np.testing.assert_allclose(batch, single, rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(fn(*(a.T for a in args), axis=0), batch, rtol=1e-13)


@given(pairs(positive_q=False))
def test_agrees_with_scipy(pq):
    p, q = pq
    assert entropy(p) == pytest.approx(scipy.stats.entropy(p), rel=1e-12, abs=1e-15)
    assert entropy(p, base=2) == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12, abs=1e-15)
    ref = float(np.sum(scipy.special.rel_entr(p, q)))
    ours = kl_divergence(p, q)
    if math.isinf(ref):
        assert ours == math.inf
    else:
        assert ours == pytest.approx(max(ref, 0.0), rel=1e-9, abs=1e-15)
        assert ours == pytest.approx(scipy.stats.entropy(p, q), rel=1e-9, abs=1e-15)
    ce_ref = float(-np.sum(scipy.special.xlogy(p, q)))
    assert cross_entropy(p, q) == pytest.approx(ce_ref, rel=1e-12, abs=1e-15)


def test_scipy_agreement_on_large_arrays():
    rng = np.random.default_rng(11)
    p = rng.random(200_000)
    p /= p.sum()
    q = rng.random(200_000)
    q /= q.sum()
    assert entropy(p) == pytest.approx(scipy.stats.entropy(p), rel=1e-12)
    assert kl_divergence(p, q) == pytest.approx(
        float(np.sum(scipy.special.rel_entr(p, q))), rel=1e-10
    )
