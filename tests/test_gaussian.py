"""infocourse.gaussian: grid Gaussians, closed-form KL, the VAE term, KL fits."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate
from scipy.stats import norm

import infocourse as ic
from infocourse.gaussian import (
    fit_forward,
    fit_reverse,
    gaussian_on_grid,
    kl_gaussians,
    mixture_on_grid,
    vae_kl,
    vae_kl_terms,
)

X = np.linspace(-10.0, 10.0, 2001)
# For the grid-vs-closed-form checks the grid must hold all the mass of the widest
# Gaussian (7 sd inside the edge) and nothing may underflow to 0 for the narrowest
# (less than 38 sd to the far edge): mu in [-2, 2], sigma in [0.5, 2] on [-16, 16].
WIDE = np.linspace(-16.0, 16.0, 3201)
mus = st.floats(-2.0, 2.0)
sigmas = st.floats(0.5, 2.0)


# ------------------------------------------------------------------------ on a grid


def test_gaussian_on_grid_matches_scipy_pdf():
    p = gaussian_on_grid(X, 0.7, 1.3)
    ref = norm.pdf(X, loc=0.7, scale=1.3)
    np.testing.assert_allclose(p, ref / ref.sum(), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-14)


def test_gaussian_on_grid_moments():
    p = gaussian_on_grid(X, 0.5, 1.5)
    mean = p @ X
    assert mean == pytest.approx(0.5, abs=1e-8)  # truncation at 6.3 sd leaves ~1e-9
    assert math.sqrt(p @ (X - mean) ** 2) == pytest.approx(1.5, rel=1e-8)


def test_gaussian_on_grid_batch_shape_and_rows():
    q = gaussian_on_grid(X, np.array([[0.0], [1.0]]), np.array([0.5, 1.0, 2.0]))
    assert q.shape == (2, 3, X.size)
    np.testing.assert_allclose(q[1, 2], gaussian_on_grid(X, 1.0, 2.0), rtol=1e-15)
    np.testing.assert_allclose(q.sum(axis=-1), 1.0, atol=1e-14)


def test_far_peak_does_not_underflow_everything():
    p = gaussian_on_grid(X, 50.0, 0.1)  # peak far outside the grid: mass piles up at the edge
    assert p.sum() == pytest.approx(1.0) and p[-1] == pytest.approx(1.0)


def test_mixture_weights_and_mean():
    p = mixture_on_grid(X, [0.4, 0.6], [-2.0, 2.0], [0.7, 0.7])
    assert p.sum() == pytest.approx(1.0, abs=1e-14)
    assert p @ X == pytest.approx(0.4, abs=1e-12)
    parts = gaussian_on_grid(X, np.array([-2.0, 2.0]), 0.7)
    np.testing.assert_allclose(p, 0.4 * parts[0] + 0.6 * parts[1], rtol=1e-15, atol=1e-300)
    assert p.min() > 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gaussian_on_grid(X, 0.0, -1.0), "sigma must be > 0, got -1.0"),
        (lambda: gaussian_on_grid(X, 0.0, 0.0), "sigma must be > 0, got 0.0"),
        (lambda: gaussian_on_grid(X, math.nan, 1.0), "mu must be finite"),
        (lambda: gaussian_on_grid([0.0, 2.0, 1.0], 0.0, 1.0), "x must be strictly increasing"),
        (lambda: gaussian_on_grid([0.0, 1.0, 3.0], 0.0, 1.0), "x must be evenly spaced"),
        (lambda: gaussian_on_grid([0.0], 0.0, 1.0), "x must be a 1-D grid"),
        (lambda: gaussian_on_grid(X, "a", 1.0), "mu must be a number"),
        (lambda: mixture_on_grid(X, [0.5, 0.6], [0, 1], [1, 1]), "weights must sum to 1"),
        (lambda: mixture_on_grid(X, [0.5, 0.5], [0], [1, 1]), "equal length"),
        (lambda: mixture_on_grid(X, [1.0], [0.0], [-2.0]), "sigmas must be > 0"),
        (lambda: kl_gaussians(0, 0, 0, 1), "sigma1 must be > 0, got 0.0"),
        (lambda: kl_gaussians(0, 1, math.inf, 1), "mu2 must be finite"),
        (lambda: kl_gaussians(0, 1, 0, -2), "sigma2 must be > 0, got -2.0"),
        (lambda: vae_kl([0.0, 1.0], [0.0]), "mu and log_var must have the same shape"),
        (lambda: vae_kl([0.0], [math.nan]), "log_var must be finite"),
        (lambda: vae_kl([0.0], [800.0]), "log_var must be <= 700"),
        (lambda: fit_forward(X, np.full(X.size, 2.0), [0.0], [1.0]),
         "p must contain probabilities in"),
        (lambda: fit_forward(X, [0.5, 0.5], [0.0], [1.0]), "p must have shape"),
        (lambda: fit_reverse(X, gaussian_on_grid(X, 0, 1), [0.0], [0.0]), "sigmas must be > 0"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


# ------------------------------------------------------------------- closed forms


def test_kl_gaussians_exact_values():
    assert kl_gaussians(1.0, 0.5, 0.0, 1.0) == pytest.approx(
        math.log(2) + 0.625 - 0.5, rel=1e-15)
    assert kl_gaussians(0.0, 1.0, 0.0, 2.0) == pytest.approx(math.log(2) + 0.125 - 0.5, rel=1e-15)
    assert kl_gaussians(0.0, 2.0, 0.0, 1.0) == pytest.approx(2.0 - math.log(2) - 0.5, rel=1e-15)
    assert kl_gaussians(3.0, 1.0, 1.0, 1.0) == 2.0
    assert kl_gaussians(0.3, 0.7, 0.3, 0.7) == 0.0


def test_kl_gaussians_accurate_near_equality():
    # D(N(0, (1+e)^2) || N(0, 1)) = ln(1/(1+e)) + (1+e)^2/2 - 1/2 = e^2 + O(e^3)
    e = 1e-7
    s1 = 1.0 + e
    exact = -math.log1p(e) + e + e * e / 2  # (1+e)^2/2 - 1/2 = e + e^2/2
    assert kl_gaussians(0.0, s1, 0.0, 1.0) == pytest.approx(exact, rel=1e-8)
    assert kl_gaussians(0.0, s1, 0.0, 1.0) == pytest.approx(e * e, rel=1e-6)


def test_kl_gaussians_against_scipy_quadrature():
    m1, s1, m2, s2 = 0.4, 0.8, -0.5, 1.7

    def integrand(x):
        return norm.pdf(x, m1, s1) * (norm.logpdf(x, m1, s1) - norm.logpdf(x, m2, s2))

    ref, _ = integrate.quad(integrand, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-13)
    assert kl_gaussians(m1, s1, m2, s2) == pytest.approx(ref, rel=1e-10)


def test_kl_gaussians_broadcasts():
    d = kl_gaussians(np.array([0.0, 1.0]), 1.0, 0.0, 1.0)
    assert isinstance(d, np.ndarray) and d.tolist() == [0.0, 0.5]
    assert isinstance(kl_gaussians(0.0, 1.0, 0.0, 1.0), float)


@given(mus, sigmas, mus, sigmas)
def test_closed_form_matches_grid(m1, s1, m2, s2):
    grid = ic.kl_divergence(gaussian_on_grid(WIDE, m1, s1), gaussian_on_grid(WIDE, m2, s2))
    assert grid == pytest.approx(kl_gaussians(m1, s1, m2, s2), rel=1e-6, abs=1e-12)


@given(mus, sigmas, mus, sigmas)
def test_kl_gaussians_nonnegative_and_zero_on_diagonal(m1, s1, m2, s2):
    assert kl_gaussians(m1, s1, m2, s2) >= 0.0
    assert kl_gaussians(m1, s1, m1, s1) == 0.0


@given(mus, sigmas, mus, sigmas, st.floats(-5.0, 5.0), st.floats(0.1, 10.0))
def test_kl_gaussians_invariant_under_affine_maps(m1, s1, m2, s2, b, a):
    assert kl_gaussians(a * m1 + b, a * s1, a * m2 + b, a * s2) == pytest.approx(
        kl_gaussians(m1, s1, m2, s2), rel=1e-9, abs=1e-14)


def test_vae_kl_exact_values():
    assert vae_kl([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert vae_kl([1.0], [0.0]) == 0.5
    assert vae_kl([0.0], [1.0]) == pytest.approx(0.5 * (math.e - 2.0), rel=1e-15)
    terms = vae_kl_terms([0.5, -1.0], [-0.5, 0.2])
    textbook = [-0.5 * (1 + v - m * m - math.exp(v)) for m, v in ((0.5, -0.5), (-1.0, 0.2))]
    np.testing.assert_allclose(terms, textbook, rtol=1e-14)


def test_vae_kl_batch():
    mu = np.array([[0.0, 1.0], [1.0, 1.0]])
    lv = np.zeros((2, 2))
    np.testing.assert_allclose(vae_kl(mu, lv), [0.5, 1.0])


@given(st.lists(st.tuples(st.floats(-4, 4), st.floats(-6, 4)), min_size=1, max_size=8))
def test_vae_kl_is_sum_of_gaussian_kls(pairs):
    mu = np.array([m for m, _ in pairs])
    lv = np.array([v for _, v in pairs])
    expected = sum(kl_gaussians(m, math.exp(v / 2), 0.0, 1.0) for m, v in pairs)
    assert vae_kl(mu, lv) == pytest.approx(expected, rel=1e-9, abs=1e-15)
    assert vae_kl(mu, lv) >= 0.0


# ------------------------------------------------------------------------ fitting


@pytest.fixture(scope="module")
def bimodal():
    x = np.linspace(-10.0, 10.0, 401)
    return x, mixture_on_grid(x, [0.4, 0.6], [-2.0, 2.0], [0.7, 0.7])


def test_forward_fit_matches_moments(bimodal):
    x, p = bimodal
    fit = fit_forward(x, p, np.linspace(-1, 1, 41), np.linspace(1.5, 2.5, 51))
    mean = p @ x
    std = math.sqrt(p @ (x - mean) ** 2)
    assert fit.mu == pytest.approx(mean, abs=0.025)
    assert fit.sigma == pytest.approx(std, abs=0.01)
    assert not fit.at_edge and fit.direction == "forward"
    assert fit.table.shape == (41, 51)
    assert fit.divergence == pytest.approx(fit.table.min())


def test_reverse_fit_picks_heavier_mode(bimodal):
    x, p = bimodal
    fit = fit_reverse(x, p, np.linspace(-3, 3, 61), np.linspace(0.3, 2.5, 45))
    assert fit.mu == pytest.approx(2.0, abs=0.1)
    assert fit.sigma == pytest.approx(0.7, abs=0.05)
    # inside the heavier peak the reverse KL is about -ln(0.6)
    assert fit.divergence == pytest.approx(-math.log(0.6), abs=0.02)
    assert not fit.at_edge


def test_fit_reports_edge(bimodal):
    x, p = bimodal
    assert fit_forward(x, p, [0.0, 0.4], [0.5, 1.0]).at_edge


def test_fit_table_matches_direct_kl(bimodal):
    x, p = bimodal
    fit = fit_reverse(x, p, [1.0, 2.0], [0.5, 1.0])
    q = gaussian_on_grid(x, 2.0, 0.5)
    assert fit.table[1, 0] == pytest.approx(ic.kl_divergence(q, p), rel=1e-14)
