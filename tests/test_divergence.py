"""kl_divergence() and kl_terms(): values, conventions, accuracy near Q = P."""

import math

import mpmath
import numpy as np
import pytest

from infocourse import cross_entropy, entropy, kl_divergence, kl_terms


def test_direct_value_and_identity():
    p, q = [0.2, 0.8], [0.3, 0.7]
    expected = 0.2 * math.log(0.2 / 0.3) + 0.8 * math.log(0.8 / 0.7)
    assert kl_divergence(p, q) == pytest.approx(expected, rel=1e-14)
    assert kl_divergence(p, q) == pytest.approx(cross_entropy(p, q) - entropy(p), rel=1e-12)


def test_zero_iff_equal_and_never_negative_zero(as_input):
    d = kl_divergence(as_input([0.3, 0.7]), as_input([0.3, 0.7]))
    assert d == 0.0 and math.copysign(1.0, d) == 1.0
    # equality only on P's support matters
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_q_zero_where_p_positive_is_inf(as_input):
    assert kl_divergence(as_input([0.5, 0.5]), as_input([1.0, 0.0])) == math.inf


def test_p_zero_contributes_nothing_whatever_q():
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)


def test_asymmetric():
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert kl_divergence(p, q) != pytest.approx(kl_divergence(q, p), rel=1e-3)


def test_subnormal_q_does_not_overflow():
    d = kl_divergence([0.5, 0.5], [1e-310, 1.0])
    assert d == pytest.approx(356.2075, abs=5e-5)
    expected = 0.5 * (math.log(0.5) - math.log(1e-310)) + 0.5 * math.log(0.5)
    assert d == pytest.approx(expected, rel=1e-14)
    # same in the vectorised path
    p = np.zeros(40)
    q = np.zeros(40)
    p[:2] = 0.5
    q[:2] = [1e-310, 1.0]
    assert kl_divergence(p, q) == pytest.approx(expected, rel=1e-14)


def _kl_exact(p, q, dps=60):
    mpmath.mp.dps = dps
    return float(
        mpmath.fsum(
            mpmath.mpf(float(a)) * mpmath.log(mpmath.mpf(float(a)) / mpmath.mpf(float(b)))
            for a, b in zip(p, q)
            if a > 0
        )
    )


@pytest.mark.parametrize("eps", [1e-3, 1e-5, 1e-6])
@pytest.mark.parametrize("n", [3, 500])
def test_accurate_when_q_close_to_p(eps, n):
    rng = np.random.default_rng(7)
    p = rng.random(n)
    p /= p.sum()
    q = p * (1 + eps * rng.standard_normal(n))
    q /= q.sum()
    ref = _kl_exact(p, q)
    assert ref > 1e-14
    assert kl_divergence(p, q) == pytest.approx(ref, rel=1e-9)


def test_two_point_tiny_divergence_exact_fractions():
    # KL ≈ 1e-13: the subtraction form H(P,Q) - H(P) has no correct digit left.
    a = 0.5 + 2.2e-7
    p, q = [a, 1 - a], [0.5, 0.5]
    ref = _kl_exact(p, q)
    assert 5e-14 < ref < 2e-13
    assert kl_divergence(p, q) == pytest.approx(ref, rel=1e-10)
    assert kl_divergence(np.array(p * 20) / 20, np.array(q * 20) / 20) == pytest.approx(
        ref, rel=1e-9
    )


def test_kl_terms_sum_to_kl_and_can_be_negative():
    p, q = [0.2, 0.8], [0.3, 0.7]
    t = kl_terms(p, q)
    assert t.tolist() == pytest.approx(
        [0.2 * math.log(0.2 / 0.3), 0.8 * math.log(0.8 / 0.7)], rel=1e-14
    )
    assert t.sum() == pytest.approx(kl_divergence(p, q), rel=1e-14)
    assert kl_terms(p, q, base=2).sum() == pytest.approx(kl_divergence(p, q, base=2))
    with pytest.raises(ValueError, match="q must sum to 1"):
        kl_terms(p, [0.3, 0.6])
    with pytest.raises(ValueError, match="must be 1-D"):
        kl_terms([[0.2, 0.8]], [[0.3, 0.7]])


def test_batch_matches_rows_and_axis():
    rng = np.random.default_rng(3)
    p = rng.random((50, 4))
    p /= p.sum(axis=1, keepdims=True)
    q = rng.random((50, 4))
    q /= q.sum(axis=1, keepdims=True)
    rows = [kl_divergence(a, b) for a, b in zip(p, q)]
    np.testing.assert_allclose(kl_divergence(p, q), rows, rtol=1e-13)
    np.testing.assert_allclose(kl_divergence(p.T, q.T, axis=0), rows, rtol=1e-13)
    np.testing.assert_allclose(kl_divergence(p, q, axis=-1), rows, rtol=1e-13)


def test_kl_terms_faults_name_the_argument():
    with pytest.raises(ValueError, match=r"^p and q must be 1-D for kl_terms, got 2-D arrays$"):
        kl_terms([[0.2, 0.8]], [[0.3, 0.7]])
    with pytest.raises(
        ValueError,
        match=r"^q must contain probabilities in \[0, 1\], found the "
        r"negative entry -0.1 at index 2$",
    ):
        kl_terms([0.5, 0.25, 0.25], [0.5, 0.6, -0.1])
    assert kl_terms([0.5, 0.5], [1.0, 0.0]).tolist() == [0.5 * math.log(0.5), math.inf]


@pytest.mark.parametrize("eps", [1e-4, 1e-6])
def test_accurate_near_q_equal_p_across_many_blocks(monkeypatch, eps):
    from infocourse import _fast

    monkeypatch.setattr(_fast, "BLOCK", 64)  # 500 entries: eight blocks
    rng = np.random.default_rng(8)
    p = rng.random(500)
    p /= p.sum()
    q = p * (1 + eps * rng.standard_normal(500))
    q /= q.sum()
    assert kl_divergence(p, q) == pytest.approx(_kl_exact(p, q), rel=1e-9)
    batch = np.stack([p, q, p])
    other = np.stack([q, p, p])
    got = kl_divergence(batch, other)
    assert got[0] == pytest.approx(_kl_exact(p, q), rel=1e-9)
    assert got[1] == pytest.approx(_kl_exact(q, p), rel=1e-9)
    assert got[2] == 0.0


def test_base_below_one_gives_values_at_most_zero():
    assert kl_divergence([0.5, 0.5], [0.25, 0.75], base=0.5) < 0.0
    assert kl_divergence([0.5, 0.5], [0.25, 0.75], base=0.5) == pytest.approx(
        -kl_divergence([0.5, 0.5], [0.25, 0.75], base=2), rel=1e-15
    )
    d = kl_divergence([0.5, 0.5], [0.5, 0.5], base=0.5)
    assert d == 0.0 and math.copysign(1.0, d) == 1.0
