"""infocourse.numerics: the naive KL forms of the numerics lab and the exact reference."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from conftest import pairs
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.special import rel_entr

from infocourse import cross_entropy, entropy, kl_divergence
from infocourse.numerics import (
    kl_by_subtraction,
    kl_clipped,
    kl_naive_log_ratio,
    kl_reference,
    log_ratio,
    log_ratio_reference,
    relative_error,
)

P, Q = [0.2, 0.8], [0.3, 0.7]
EXACT = 0.2 * math.log(0.2 / 0.3) + 0.8 * math.log(0.8 / 0.7)


# ------------------------------------------------------------------ exact values


@pytest.mark.parametrize("fn", [kl_by_subtraction, kl_naive_log_ratio, kl_clipped, kl_divergence])
def test_all_forms_agree_on_a_well_separated_example(fn):
    assert fn(P, Q) == pytest.approx(EXACT, rel=1e-12)


def test_reference_matches_closed_form_to_many_digits():
    with mpmath.workdps(60):
        exact = mpmath.mpf(0.2) * mpmath.log(mpmath.mpf(0.2) / mpmath.mpf(0.3)) + mpmath.mpf(
            0.8
        ) * mpmath.log(mpmath.mpf(0.8) / mpmath.mpf(0.7))
        ref = kl_reference(P, Q, digits=60)
        assert abs(ref - exact) < mpmath.mpf("1e-55")


def test_reference_conventions():
    with mpmath.workdps(50):
        assert abs(kl_reference([1.0, 0.0], [0.5, 0.5]) - mpmath.log(2)) < mpmath.mpf("1e-45")
    assert mpmath.isinf(kl_reference([0.5, 0.5], [1.0, 0.0]))
    assert kl_reference([0.3, 0.7], [0.3, 0.7]) == 0


def test_subtraction_is_the_difference_and_may_be_negative():
    p, q = [0.2, 0.8], [0.3, 0.7]
    assert kl_by_subtraction(p, q) == cross_entropy(p, q) - entropy(p)
    # Q very close to P: the difference is pure rounding noise, of either sign.
    rng = np.random.default_rng(1)
    p = rng.random(8) + 0.1
    p /= p.sum()
    signs = set()
    for _ in range(50):
        q = p * (1 + 1e-9 * rng.standard_normal(8))
        q /= q.sum()
        signs.add(np.sign(kl_by_subtraction(p, q)))
    assert -1.0 in signs


def test_clipped_value_where_the_truth_is_infinite():
    p, q = [0.5, 0.5], [0.0, 1.0]
    assert kl_divergence(p, q) == math.inf
    for eps in (1e-3, 1e-7, 1e-12):
        assert kl_clipped(p, q, eps=eps) == pytest.approx(0.5 * math.log(0.25 / eps), rel=1e-14)


def test_clipped_grows_by_p_log10_per_decade():
    p, q = [0.7, 0.2, 0.1], [0.8, 0.2, 0.0]
    step = kl_clipped(p, q, eps=1e-8) - kl_clipped(p, q, eps=1e-7)
    assert step == pytest.approx(0.1 * math.log(10), rel=1e-9)


def test_naive_overflows_for_subnormal_q_while_package_does_not():
    p, q = [0.5, 0.5], [1e-310, 1.0]
    with np.errstate(all="ignore"):
        assert kl_naive_log_ratio(p, q) == math.inf
    with pytest.warns(RuntimeWarning):
        kl_naive_log_ratio(p, q)
    assert kl_divergence(p, q) == pytest.approx(float(kl_reference(p, q)), rel=1e-15)
    assert f"{kl_divergence(p, q):.4f}" == "356.2075"


def test_naive_gives_nan_for_zero_p():
    with np.errstate(all="ignore"):
        assert math.isnan(kl_naive_log_ratio([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]))
    assert kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]) == pytest.approx(math.log(2))


def test_naive_float32_is_computed_in_float32():
    # Q close to P: float32 arithmetic loses digits that float64 keeps.
    p = np.array([0.6, 0.3, 0.1], dtype=np.float32)
    q = np.array([0.601, 0.3, 0.099], dtype=np.float32)
    ref = kl_reference(p, q)
    err32 = relative_error(kl_naive_log_ratio(p, q, dtype=np.float32), ref)
    err64 = relative_error(kl_divergence(p, q), ref)
    assert err64 < 1e-12
    assert err32 > 1e3 * err64


def test_cancellation_subtraction_worse_than_direct():
    rng = np.random.default_rng(8)
    p = rng.random(6) + 0.2
    p /= p.sum()
    q = p * (1 + 1e-7 * rng.standard_normal(6))
    q /= q.sum()
    ref = kl_reference(p, q)
    assert relative_error(kl_divergence(p, q), ref) < 1e-6
    assert relative_error(kl_by_subtraction(p, q), ref) > 1e-4


@given(pairs(zeros=False))
def test_reference_agrees_with_package_and_scipy(pq):
    p, q = pq
    ref = float(kl_reference(p, q))
    assert kl_divergence(p, q) == pytest.approx(ref, rel=1e-9, abs=1e-15)
    assert float(rel_entr(p, q).sum()) == pytest.approx(ref, rel=1e-9, abs=1e-13)


# --------------------------------------------------------------- relative error


def test_relative_error_cases():
    assert relative_error(1.5, 1.0) == pytest.approx(0.5)
    assert relative_error(math.inf, math.inf) == 0.0
    assert relative_error(7.0, math.inf) == math.inf
    assert relative_error(math.inf, 7.0) == math.inf
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1e-300, 0.0) == math.inf
    assert math.isnan(relative_error(math.nan, 1.0))


def test_relative_error_keeps_reference_precision():
    with mpmath.workdps(50):
        r = mpmath.mpf(1) + mpmath.mpf("1e-30")
    assert relative_error(1.0, r) == pytest.approx(1e-30, rel=1e-6)


# -------------------------------------------------------------------- validation


@pytest.mark.parametrize("fn", [kl_by_subtraction, kl_naive_log_ratio, kl_clipped, kl_reference])
@pytest.mark.parametrize(
    ("p", "q", "message"),
    [
        ([0.3, 0.6], [0.5, 0.5], "p must sum to 1"),
        ([0.5, 0.5], [3, 1], "q must contain probabilities in \\[0, 1\\], found 3 > 1"),
        ([0.5, 0.5], [-0.5, 1.5], "q must contain probabilities"),
        ([0.5, 0.5], [0.2, 0.3, 0.5], "same shape"),
        ([[0.5, 0.5]], [[0.5, 0.5]], "p and q must be 1-D distributions"),
        ([[0.3, 0.3], [0.2, 0.2]], [[0.5, 0.5], [0.5, 0.5]], "must be 1-D"),  # before sums
        ([math.nan, 1.0], [0.5, 0.5], "p must not contain NaN"),
    ],
)
def test_validation_names_the_argument(fn, p, q, message):
    with pytest.raises(ValueError, match=message):
        fn(p, q)


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([0.3, 0.6], [0.5, 0.5]),
        ([0.5, 0.5], [3, 1]),
        ([0.5, 0.5], [-0.5, 1.5]),
        ([0.5, 0.5], [0.2, 0.3, 0.5]),
        ([math.nan, 1.0], [0.5, 0.5]),
        ([0.5, math.inf], [0.5, 0.5]),
        ([], []),
        (["a", "b"], [0.5, 0.5]),
    ],
)
def test_same_fault_same_message_as_kl_divergence(p, q):
    """One fault, one message: the lab helpers say exactly what kl_divergence says."""
    with pytest.raises(ValueError) as expected:
        kl_divergence(p, q)
    for fn in (kl_by_subtraction, kl_naive_log_ratio, kl_clipped, kl_reference):
        with pytest.raises(ValueError) as got:
            fn(p, q)
        assert str(got.value) == str(expected.value), fn.__name__


def test_bad_parameters():
    with pytest.raises(ValueError, match=r"^eps must be in \(0, 1\), got 0\.0$"):
        kl_clipped(P, Q, eps=0.0)
    with pytest.raises(ValueError, match=r"^eps must be in \(0, 1\), got 1\.0$"):
        kl_clipped(P, Q, eps=1.0)
    with pytest.raises(ValueError, match="eps must be a real number, got 'small'"):
        kl_clipped(P, Q, eps="small")
    with pytest.raises(ValueError, match="eps must be a finite number, got nan"):
        kl_clipped(P, Q, eps=math.nan)
    with pytest.raises(ValueError, match="dtype must be a floating-point type"):
        kl_naive_log_ratio(P, Q, dtype=np.int64)
    with pytest.raises(ValueError, match="digits must be an integer >= 20, got 10"):
        kl_reference(P, Q, digits=10)
    with pytest.raises(ValueError, match="digits must be an integer, got True"):
        kl_reference(P, Q, digits=True)


# ------------------------------------------------------------ one log ratio, three ways

U = 2.0**-53  # unit roundoff of float64


@pytest.mark.parametrize("method", ["logs", "ratio", "log1p"])
def test_log_ratio_exact_value(method):
    assert log_ratio(0.6, 0.3, method=method) == pytest.approx(math.log(2), rel=4 * U)
    assert log_ratio(0.3, 0.3, method=method) == 0.0


@given(
    st.floats(min_value=1e-300, max_value=1.0, allow_subnormal=False),
    st.floats(min_value=0.5, max_value=2.0),
)
def test_sterbenz_lemma(b, factor):
    """q/2 <= p <= 2q: the float subtraction p - q is exact (what log1p relies on)."""
    a = b * factor
    assume(b / 2 <= a <= 2 * b)
    assert Fraction(a - b) == Fraction(a) - Fraction(b)


@given(
    st.floats(min_value=1e-300, max_value=1.0, allow_subnormal=False),
    st.floats(min_value=0.5, max_value=1.5),
)
def test_log1p_form_keeps_full_relative_accuracy(q, factor):
    """|p - q| <= q/2 (the branch kl_divergence uses): a few units of u, however close."""
    p = q * factor
    assume(p > 0 and abs(p - q) <= q / 2)
    assert relative_error(log_ratio(p, q), log_ratio_reference(p, q)) <= 5 * U


def test_logs_and_ratio_lose_digits_when_p_is_close_to_q():
    p = 0.2
    q = p * (1 - 1e-10)
    ref = log_ratio_reference(p, q)
    assert relative_error(log_ratio(p, q, method="log1p"), ref) <= 2 * U
    for method in ("logs", "ratio"):
        # about u/1e-10 or more: some six orders of magnitude above u
        assert relative_error(log_ratio(p, q, method=method), ref) > 1e5 * U, method


def test_log_ratio_reference_many_digits():
    with mpmath.workdps(60):
        ref = log_ratio_reference(0.75, 0.25, digits=60)
        assert abs(ref - mpmath.log(3)) < mpmath.mpf("1e-55")


def test_log_ratio_validation():
    with pytest.raises(ValueError, match=r"^p must be > 0, got 0\.0$"):
        log_ratio(0.0, 0.5)
    with pytest.raises(ValueError, match=r"^q must be > 0, got -0\.5$"):
        log_ratio(0.5, -0.5)
    with pytest.raises(ValueError, match="q must be a finite number, got inf"):
        log_ratio_reference(0.5, math.inf)
    message = r"^method must be one of 'logs', 'ratio', 'log1p', got 'exp'$"
    with pytest.raises(ValueError, match=message):
        log_ratio(0.5, 0.5, method="exp")
