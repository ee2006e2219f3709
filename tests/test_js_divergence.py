"""infocourse.js_divergence: exact values, symmetry, bounds, metric, scipy, messages."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from conftest import distributions, pairs
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon

import infocourse as ic
from infocourse import js_divergence

LN2 = math.log(2)


def via_kl(p, q, base=None):
    """The definition, with the package's KL divergence: (KL(P||M) + KL(Q||M)) / 2."""
    m = (np.asarray(p, dtype=float) + np.asarray(q, dtype=float)) / 2
    return 0.5 * ic.kl_divergence(p, m, base=base) + 0.5 * ic.kl_divergence(q, m, base=base)


# ------------------------------------------------------------------ exact values


def test_equal_distributions_give_zero():
    assert js_divergence([0.5, 0.5], [0.5, 0.5]) == 0.0
    assert js_divergence([0.2, 0.0, 0.8], [0.2, 0.0, 0.8]) == 0.0
    assert math.copysign(1.0, js_divergence([0.3, 0.7], [0.3, 0.7])) == 1.0  # no -0.0


def test_disjoint_supports_give_ln2_one_bit():
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == LN2
    assert js_divergence([1.0, 0.0], [0.0, 1.0], base=2) == 1.0
    assert js_divergence([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.25, 0.75]) == pytest.approx(
        LN2, rel=1e-15
    )


def test_closed_forms():
    # P = (1, 0), Q = (1/2, 1/2): M = (3/4, 1/4), D_JS = (3/4) ln(4/3)
    assert js_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(0.75 * math.log(4 / 3), rel=1e-15)
    # the ad click, term by term with M = (0.25, 0.75)
    want = 0.5 * (0.2 * math.log(0.2 / 0.25) + 0.8 * math.log(0.8 / 0.75)) + 0.5 * (
        0.3 * math.log(0.3 / 0.25) + 0.7 * math.log(0.7 / 0.75)
    )
    assert js_divergence([0.2, 0.8], [0.3, 0.7]) == pytest.approx(want, rel=1e-13)
    assert f"{js_divergence([0.2, 0.8], [0.3, 0.7]):.6f}" == "0.006702"


def test_accurate_when_p_is_close_to_q():
    # D_JS = (1/4) sum s g(d), s = P(x) + Q(x), d = (P(x) - Q(x))/s, g(d) = d^2 + d^4/6 + ...
    # With P = (a, b), Q = (b, a): s = a + b and d = +-(a - b)/(a + b) on both outcomes,
    # computed exactly from the floats.  (Through KL, the definition is off by half at 1e-9.)
    for eps in (1e-3, 1e-6, 1e-9):
        a, b = 0.5 + eps / 2, 0.5 - eps / 2
        s, d = Fraction(a) + Fraction(b), (Fraction(a) - Fraction(b)) / (Fraction(a) + Fraction(b))
        want = float(s / 2 * (d**2 + d**4 / 6 + d**6 / 15))
        assert js_divergence([a, b], [b, a]) == pytest.approx(want, rel=1e-14)


def test_batches_and_axis():
    p = np.array([[0.2, 0.8], [1.0, 0.0], [0.5, 0.5]])
    q = np.array([[0.3, 0.7], [0.0, 1.0], [0.5, 0.5]])
    out = js_divergence(p, q)
    assert out.shape == (3,)
    assert out[0] == pytest.approx(js_divergence([0.2, 0.8], [0.3, 0.7]), rel=1e-15)
    assert out[1] == LN2 and out[2] == 0.0
    assert np.allclose(js_divergence(p.T, q.T, axis=0), out, rtol=1e-15, atol=0)
    assert isinstance(js_divergence([0.2, 0.8], [0.3, 0.7]), float)


def test_no_warnings_on_zeros_and_tiny_entries():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert js_divergence([1e-320, 1.0], [0.0, 1.0]) >= 0.0
        assert js_divergence([0.0, 0.0, 1.0], [0.0, 0.5, 0.5]) > 0.0
        js_divergence(np.eye(4), np.eye(4)[::-1])


# ------------------------------------------------------------------ properties


@given(pairs(zeros=True, positive_q=False))
def test_bounds_and_symmetry(pq):
    p, q = pq
    d = js_divergence(p, q)
    assert 0.0 <= d <= LN2
    assert js_divergence(q, p) == pytest.approx(d, rel=1e-15, abs=1e-300)
    assert js_divergence(p, q, base=2) == pytest.approx(d / LN2, rel=1e-15, abs=1e-300)


@given(pairs(zeros=True, positive_q=False))
def test_matches_its_definition_with_kl(pq):
    p, q = pq
    assert js_divergence(p, q) == pytest.approx(via_kl(p, q), rel=1e-9, abs=1e-14)


@given(pairs(zeros=True, positive_q=False))
def test_matches_scipy(pq):
    p, q = pq
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy's sqrt of a rounding-negative number
        ref = jensenshannon(p, q) ** 2  # scipy returns the square root, in nats
    if not math.isnan(ref):
        assert js_divergence(p, q) == pytest.approx(ref, rel=1e-9, abs=1e-14)


@given(distributions(zeros=True))
def test_zero_only_for_equal(p):
    assert js_divergence(p, p) == 0.0


@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(*(distributions(size=n, zeros=True) for _ in range(3)))
    )
)
def test_square_root_is_a_metric_triangle(triple):
    p, q, r = triple
    d = lambda a, b: math.sqrt(js_divergence(a, b))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-12


@given(pairs(zeros=True, positive_q=False))
def test_equals_ln2_exactly_for_disjoint_supports_only(pq):
    p, q = pq
    disjoint = not np.any((p > 0) & (q > 0))
    d = js_divergence(p, q)
    if disjoint:
        assert d == pytest.approx(LN2, rel=1e-15)
    else:
        assert d < LN2


# ------------------------------------------------------------------ validation


FAULTS = [
    ([0.5, 0.6], [0.5, 0.5], {}),
    ([0.5, 0.5], [0.9], {}),
    ([1.5, -0.5], [0.5, 0.5], {}),
    ([0.5, 0.5], [-0.5, 1.5], {}),
    ([0.5, math.nan], [0.5, 0.5], {}),
    ([0.5, 0.5], [math.inf, 0.5], {}),
    ([[0.5, 0.5], [0.2, 0.9]], [[0.5, 0.5], [0.5, 0.5]], {}),
    ([0.5, 0.5], [0.5, 0.5], {"axis": 1}),
    ([0.5, 0.5], [0.5, 0.5], {"axis": 0.5}),
    ([0.5, 0.5], [0.5, 0.5], {"base": 1}),
    ([0.5, 0.5], [0.5, 0.5], {"base": -2}),
    ([0.5, 0.5], [0.5, 0.5], {"base": "2"}),
    (0.5, [0.5, 0.5], {}),
    ([], [], {}),
    (["a", "b"], [0.5, 0.5], {}),
    ([[0.5, 0.5], [1.0]], [0.5, 0.5], {}),
    (np.full((40, 3), 0.4), np.full((40, 3), 1 / 3), {}),
]


@pytest.mark.parametrize(("p", "q", "kw"), FAULTS)
def test_same_message_as_kl_divergence(p, q, kw):
    with pytest.raises(ValueError) as kl_err:
        ic.kl_divergence(p, q, **kw)
    with pytest.raises(ValueError) as js_err:
        js_divergence(p, q, **kw)
    assert str(js_err.value) == str(kl_err.value)


def test_message_names_the_argument():
    with pytest.raises(
        ValueError,
        match=r"q must sum to 1 along axis -1 \(tolerance 1e-06\), "
        r"got 0\.9",
    ):
        js_divergence([0.5, 0.5], [0.4, 0.5])
