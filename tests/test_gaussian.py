"""infocourse.gaussian: grid Gaussians, discretisation, closed forms, the VAE term, KL fits."""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, optimize
from scipy.stats import norm

import infocourse as ic
from infocourse.gaussian import (
    _divergence_and_gradient,
    discretize,
    divergence_table,
    fit_gaussian,
    gaussian_entropy,
    gaussian_on_grid,
    kl_gaussians,
    local_minima,
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


P_OK = gaussian_on_grid(X, 0.0, 1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # numbers and arrays of numbers: the messages of infocourse._validation
        (lambda: gaussian_on_grid(X, 0.0, -1.0), "sigma must be > 0, got -1.0"),
        (lambda: gaussian_on_grid(X, 0.0, 0.0), "sigma must be > 0, got 0.0"),
        (
            lambda: gaussian_on_grid(X, 0.0, np.array([1.0, 0.0])),
            "sigma must be > 0, found 0 at index 1",
        ),
        (
            lambda: gaussian_on_grid(X, np.float64(math.nan), 1.0),
            "mu must be a finite number, got nan",
        ),
        (
            lambda: gaussian_on_grid(X, [0.0, math.inf], 1.0),
            "mu must contain finite numbers, found inf at index 1",
        ),
        (lambda: gaussian_on_grid(X, "a", 1.0), "mu must be a real number, got 'a'"),
        (lambda: gaussian_on_grid(X, True, 1.0), "mu must be a real number, got True"),
        (lambda: gaussian_on_grid(X, ["a"], 1.0), "mu must contain real numbers"),
        # the grid
        (
            lambda: gaussian_on_grid([0.0, 2.0, 1.0], 0.0, 1.0),
            "x must be strictly increasing, but x[2] <= x[1]",
        ),
        (
            lambda: gaussian_on_grid([0.0, 1.0, 3.0], 0.0, 1.0),
            "x must be evenly spaced (use np.linspace)",
        ),
        (
            lambda: gaussian_on_grid([0.0], 0.0, 1.0),
            "x must be a 1-D grid with at least 2 points, got shape (1,)",
        ),
        (
            lambda: gaussian_on_grid([0.0, math.nan], 0.0, 1.0),
            "x must not contain NaN, found NaN at index 1",
        ),
        # mixtures
        (
            lambda: mixture_on_grid(X, [0.5, 0.6], [0, 1], [1, 1]),
            "weights must sum to 1 along axis -1 (tolerance 1e-06), got 1.1",
        ),
        (
            lambda: mixture_on_grid(X, [1.5, -0.5], [0, 1], [1, 1]),
            "weights must contain probabilities in [0, 1], found 1.5 > 1 at index 0",
        ),
        (
            lambda: mixture_on_grid(X, [0.5, 0.5], [0], [1, 1]),
            "weights, mus and sigmas must be 1-D of equal length, got shapes (2,), (1,) and (2,)",
        ),
        (
            lambda: mixture_on_grid(X, [1.0], [0.0], [-2.0]),
            "sigmas must be > 0, found -2 at index 0",
        ),
        # closed forms
        (lambda: kl_gaussians(0, 0, 0, 1), "sigma1 must be > 0, got 0.0"),
        (lambda: kl_gaussians(0, 1, math.inf, 1), "mu2 must be a finite number, got inf"),
        (lambda: kl_gaussians(0, 1, 0, -2), "sigma2 must be > 0, got -2.0"),
        (lambda: gaussian_entropy(-1.0), "sigma must be > 0, got -1.0"),
        (
            lambda: vae_kl([0.0, 1.0], [0.0]),
            "mu and log_var must have the same shape, got (2,) and (1,)",
        ),
        (lambda: vae_kl([0.0], [math.nan]), "log_var must not contain NaN, found NaN at index 0"),
        (lambda: vae_kl([0.0], [800.0]), "log_var must be <= 700 (exp overflows), got 800.0"),
        # discretize
        (lambda: discretize(np.ones(3), X), "density must be a function of the grid"),
        (
            lambda: discretize(lambda t: np.ones(3), X),
            "density(x) must have one value per grid point, shape (2001,), got (3,)",
        ),
        (lambda: discretize(lambda t: -t, X), "density(x) must be >= 0, found -0.01 at index 1001"),
        (
            lambda: discretize(lambda t: 0 * t, X),
            "density(x) is 0 at every grid point: move or widen the grid",
        ),
        (
            lambda: discretize(lambda t: np.full(t.shape, np.nan), X),
            "density(x) must not contain NaN, found NaN at index 0",
        ),
        # fits
        (
            lambda: divergence_table(X, np.full(X.size, 2.0), [0.0], [1.0], "forward"),
            "p must contain probabilities in [0, 1], found 2 > 1 at index 0",
        ),
        (
            lambda: divergence_table(X, [0.5, 0.5], [0.0], [1.0], "forward"),
            "p must have shape (2001,) like the grid x, got (2,)",
        ),
        (
            lambda: divergence_table(X, P_OK, [0.0], [0.0], "reverse"),
            "sigmas must be > 0, found 0 at index 0",
        ),
        (
            lambda: divergence_table(X, P_OK, [[0.0]], [1.0], "reverse"),
            "mus and sigmas must be 1-D, got shapes (1, 1) and (1,)",
        ),
        (
            lambda: divergence_table(X, P_OK, [0.0], [1.0], "backward"),
            "direction must be 'forward' (D_KL(P‖Q)) or 'reverse' (D_KL(Q‖P)), got 'backward'",
        ),
        (lambda: local_minima(X, P_OK, [0.0], [1.0], "sideways"), "direction must be 'forward'"),
        (
            lambda: local_minima(X, ic.normalize(np.r_[0.0, P_OK[1:]]), [0.0], [1.0], "reverse"),
            "p must be > 0 at every grid point for the reverse direction (D_KL(Q‖P) is infinite "
            "otherwise), found 0 at index 0",
        ),
        (lambda: local_minima(X, P_OK, [0.0], [-1.0]), "sigma_starts must be > 0, found -1"),
        (lambda: local_minima(X, P_OK, [0.0], [1.0], tol=0.0), "tol must be > 0, got 0.0"),
        (
            lambda: local_minima(X, P_OK, [0.0], [1.0], max_iter=0),
            "max_iter must be an integer >= 1, got 0",
        ),
        (lambda: fit_gaussian(X, P_OK, 0.0, 0.0, "forward"), "sigma0 must be > 0, got 0.0"),
        (
            lambda: fit_gaussian(X, P_OK, [0.0], 1.0, "forward"),
            "mu0 must be a real number, got [0.0]",
        ),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# ------------------------------------------------------------------- closed forms


def test_kl_gaussians_exact_values():
    assert kl_gaussians(1.0, 0.5, 0.0, 1.0) == pytest.approx(math.log(2) + 0.625 - 0.5, rel=1e-15)
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
        kl_gaussians(m1, s1, m2, s2), rel=1e-9, abs=1e-14
    )


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


def test_vae_kl_is_the_kl_of_the_product_distribution():
    # chain rule: D_KL(N(mu, diag s²)‖N(0, I)) as one 2-D grid sum over both coordinates
    g = np.linspace(-9.0, 9.0, 721)
    mu, lv = [0.5, -1.0], [-0.5, 0.2]
    q = np.outer(
        gaussian_on_grid(g, mu[0], math.exp(lv[0] / 2)),
        gaussian_on_grid(g, mu[1], math.exp(lv[1] / 2)),
    )
    prior = np.outer(gaussian_on_grid(g, 0.0, 1.0), gaussian_on_grid(g, 0.0, 1.0))
    assert ic.kl_divergence(q.ravel(), prior.ravel()) == pytest.approx(vae_kl(mu, lv), rel=1e-9)


# --------------------------------------------- discretisation and differential entropy


def test_discretize_matches_gaussian_on_grid():
    p = discretize(lambda t: norm.pdf(t, 0.3, 1.2), X)
    np.testing.assert_allclose(p, gaussian_on_grid(X, 0.3, 1.2), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-14)


def test_discretize_accepts_zeros_and_lists():
    p = discretize(lambda t: (np.abs(t) <= 1).astype(float), [-2.0, -1.0, 0.0, 1.0, 2.0])
    assert p.tolist() == [0.0, 1 / 3, 1 / 3, 1 / 3, 0.0]


def test_gaussian_entropy_exact_and_scipy():
    assert gaussian_entropy(1.0) == pytest.approx(0.5 * math.log(2 * math.pi * math.e), rel=1e-15)
    sig = np.array([0.05, 0.2, 1.0, 3.0])
    np.testing.assert_allclose(gaussian_entropy(sig), norm(scale=sig).entropy(), rtol=1e-14)
    assert isinstance(gaussian_entropy(2.0), float)


def test_gaussian_entropy_against_quadrature():
    s = 0.15  # a negative differential entropy
    ref, _ = integrate.quad(
        lambda t: -norm.pdf(t, 0, s) * norm.logpdf(t, 0, s),
        -20 * s,
        20 * s,
        epsabs=1e-13,
        epsrel=1e-13,
    )
    assert gaussian_entropy(s) == pytest.approx(ref, rel=1e-10)
    assert ref < 0
    # h < 0 exactly when sigma < 1/sqrt(2 pi e)
    edge = 1 / math.sqrt(2 * math.pi * math.e)
    assert gaussian_entropy(edge) == pytest.approx(0.0, abs=1e-15)
    assert gaussian_entropy(0.99 * edge) < 0 < gaussian_entropy(1.01 * edge)


@given(st.floats(0.01, 100.0), st.floats(0.01, 100.0))
def test_gaussian_entropy_changes_with_units(sigma, a):
    # x measured in a unit a times smaller: sigma -> a sigma, h -> h + ln a
    assert gaussian_entropy(a * sigma) == pytest.approx(
        gaussian_entropy(sigma) + math.log(a), abs=1e-12
    )


@pytest.mark.parametrize("n", [161, 1601, 16001])
def test_grid_entropy_grows_like_minus_log_dx_while_kl_converges(n):
    x = np.linspace(-4.0, 4.0, n)
    dx = x[1] - x[0]
    p, q = gaussian_on_grid(x, 0.0, 0.2), gaussian_on_grid(x, 0.1, 0.3)
    assert ic.entropy(p) == pytest.approx(gaussian_entropy(0.2) - math.log(dx), abs=1e-12)
    assert ic.kl_divergence(p, q) == pytest.approx(kl_gaussians(0.0, 0.2, 0.1, 0.3), rel=1e-10)


def test_grid_entropy_of_a_kinked_density_converges_slowly():
    # Laplace density with scale b: h = 1 + ln(2b); the kink at 0 slows the convergence
    b = 0.25
    errors = []
    for n in (101, 1001):
        x = np.linspace(-12 * b, 12 * b, n)
        p = discretize(lambda t: np.exp(-np.abs(t) / b) / (2 * b), x)
        errors.append(abs(ic.entropy(p) + math.log(x[1] - x[0]) - (1 + math.log(2 * b))))
    assert errors[1] < 1e-3 and errors[1] < errors[0] / 20


# ------------------------------------------------------------------------ fitting


@pytest.fixture(scope="module")
def bimodal():
    """The chapter's target: 0.4 N(-2, 0.7²) + 0.6 N(2, 0.7²) on [-12, 12]."""
    x = np.linspace(-12.0, 12.0, 961)
    return x, mixture_on_grid(x, [0.4, 0.6], [-2.0, 2.0], [0.7, 0.7])


def _mixture_pdf(t):
    return 0.4 * norm.pdf(t, -2.0, 0.7) + 0.6 * norm.pdf(t, 2.0, 0.7)


def _reverse_kl_quad(mu, sigma):
    """D_KL(N(mu, sigma²)‖P) for the continuous mixture, by scipy quadrature."""

    def f(t):
        return norm.pdf(t, mu, sigma) * (norm.logpdf(t, mu, sigma) - np.log(_mixture_pdf(t)))

    return integrate.quad(
        f,
        mu - 12 * sigma,
        mu + 12 * sigma,
        points=[-2.0, 2.0],
        limit=200,
        epsabs=1e-12,
        epsrel=1e-12,
    )[0]


STARTS = (np.linspace(-3.0, 3.0, 13), np.array([0.25, 0.5, 1.0, 2.0, 4.0]))


@pytest.fixture(scope="module")
def reverse_minima(bimodal):
    x, p = bimodal
    return local_minima(x, p, *STARTS, "reverse")


def test_reverse_kl_has_three_local_minima(reverse_minima):
    fits = reverse_minima.fits
    assert [f.direction for f in fits] == ["reverse"] * 3
    left, middle, right = fits
    assert (left.mu, left.sigma, left.divergence) == pytest.approx(
        (-1.976, 0.7331, 0.9069), abs=5e-4
    )
    assert (middle.mu, middle.sigma, middle.divergence) == pytest.approx(
        (0.3147, 1.8221, 0.7321), abs=5e-4
    )
    assert (right.mu, right.sigma, right.divergence) == pytest.approx(
        (1.986, 0.7202, 0.5052), abs=5e-4
    )
    assert reverse_minima.best is right
    # the straddling fit beats the left peak; each peak fit costs a little less than -ln(weight)
    assert right.divergence < middle.divergence < left.divergence
    assert left.divergence < -math.log(0.4) and right.divergence < -math.log(0.6)


def test_reverse_minima_are_minima_of_the_continuous_kl(reverse_minima):
    # independent: scipy quadrature of the KL between the continuous densities.  At each
    # minimum the value agrees, the central-difference gradient vanishes and every
    # neighbour is higher.
    h = 1e-3
    for fit in reverse_minima.fits:
        m, s = fit.mu, fit.sigma
        centre = _reverse_kl_quad(m, s)
        assert fit.divergence == pytest.approx(centre, abs=1e-8)
        grad_mu = (_reverse_kl_quad(m + h, s) - _reverse_kl_quad(m - h, s)) / (2 * h)
        grad_sigma = (_reverse_kl_quad(m, s + h) - _reverse_kl_quad(m, s - h)) / (2 * h)
        assert abs(grad_mu) < 1e-5 and abs(grad_sigma) < 1e-5
        for dm, ds in [(0.02, 0.0), (0.0, 0.02), (0.02, 0.02), (0.02, -0.02)]:
            assert _reverse_kl_quad(m + dm, s + ds) > centre
            assert _reverse_kl_quad(m - dm, s - ds) > centre


def test_reverse_minima_are_minima_of_a_direct_grid_sum(bimodal, reverse_minima):
    x, p = bimodal

    def direct(t):  # the grid objective written out, without the package
        q = norm.pdf(x, t[0], t[1])
        q = q / q.sum()
        return float(np.sum(q * (np.log(q) - np.log(p))))

    for fit in reverse_minima.fits:
        res = optimize.minimize(
            direct,
            [fit.mu, fit.sigma],
            method="Nelder-Mead",
            options={"xatol": 1e-9, "fatol": 1e-14},
        )
        assert (fit.mu, fit.sigma) == pytest.approx(tuple(res.x), abs=1e-6)
        assert fit.divergence == pytest.approx(res.fun, abs=1e-12)
        for dm, ds in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)]:
            assert direct([fit.mu + dm, fit.sigma + ds]) > fit.divergence


def test_every_start_ends_at_a_listed_minimum(bimodal, reverse_minima):
    x, p = bimodal
    b = reverse_minima.basin
    assert b.shape == (13, 5) and b.min() >= 0 and set(b.ravel().tolist()) == {0, 1, 2}
    mus, sigmas = STARTS
    for i, j in [(0, 0), (1, 2), (6, 3), (12, 4), (10, 1)]:
        alone = fit_gaussian(x, p, mus[i], sigmas[j], "reverse")
        listed = reverse_minima.fits[b[i, j]]
        assert (alone.mu, alone.sigma) == pytest.approx((listed.mu, listed.sigma), abs=1e-7)
    # narrow starts on a peak stay on it; a wide start in the middle straddles both peaks
    assert b[np.argmin(np.abs(mus + 2)), 1] == 0
    assert b[np.argmin(np.abs(mus - 2)), 1] == 2
    assert b[np.argmin(np.abs(mus)), 3] == 1


def test_basin_borders_depend_on_the_optimiser(bimodal, reverse_minima):
    # The chapter says that plain gradient descent draws the basin borders differently.
    # Two starts where the damped Newton walk ends on the straddling fit while small
    # gradient steps (learning rate 0.05 in (mu, ln sigma)) end on a peak.
    x, p = bimodal
    left, middle, right = reverse_minima.fits
    starts = [(0.0, 0.25), (-2.0, 2.0)]
    theta = np.array([[m, math.log(s)] for m, s in starts])
    for _ in range(3000):
        _, grad = _divergence_and_gradient(x, p, theta, False)
        theta -= 0.05 * grad
    assert np.abs(grad).max() < 1e-10
    for (m0, s0), t, peak in zip(starts, theta, (right, left)):
        newton = fit_gaussian(x, p, m0, s0, "reverse")
        assert (newton.mu, newton.sigma) == pytest.approx((middle.mu, middle.sigma), abs=1e-7)
        assert (t[0], math.exp(t[1])) == pytest.approx((peak.mu, peak.sigma), abs=1e-7)


def test_forward_kl_has_one_minimum_at_the_moments(bimodal):
    x, p = bimodal
    found = local_minima(x, p, *STARTS, "forward")
    assert len(found.fits) == 1 and (found.basin == 0).all()
    fit = found.fits[0]
    q = gaussian_on_grid(x, fit.mu, fit.sigma)
    # stationarity on the grid: Q has the mean and variance of P
    assert q @ x == pytest.approx(p @ x, abs=1e-9)
    assert q @ (x - fit.mu) ** 2 == pytest.approx(p @ (x - fit.mu) ** 2, abs=1e-9)
    # ... and so, up to the grid's truncation of Q's tails, those of the Gaussian itself
    mean = p @ x
    assert fit.mu == pytest.approx(mean, abs=1e-6)
    assert fit.sigma == pytest.approx(math.sqrt(p @ (x - mean) ** 2), abs=1e-6)
    assert fit.divergence == pytest.approx(ic.kl_divergence(p, q), rel=1e-12)


def test_gradient_matches_finite_differences(bimodal):
    x, p = bimodal
    theta = np.array([[0.7, math.log(1.3)], [-2.4, math.log(0.6)]])
    for forward in (True, False):
        _, grad = _divergence_and_gradient(x, p, theta, forward)
        for row, g in zip(theta, grad):

            def f(t, fw=forward):
                q = gaussian_on_grid(x, t[0], math.exp(t[1]))
                return ic.kl_divergence(p, q) if fw else ic.kl_divergence(q, p)

            np.testing.assert_allclose(g, optimize.approx_fprime(row, f, 1e-7), atol=1e-6)


def test_divergence_table_matches_direct_kl(bimodal):
    x, p = bimodal
    t = divergence_table(x, p, [1.0, 2.0], [0.5, 1.0], "reverse")
    q = gaussian_on_grid(x, 2.0, 0.5)
    assert t[1, 0] == pytest.approx(ic.kl_divergence(q, p), rel=1e-14)
    tf = divergence_table(x, p, [1.0, 2.0], [0.5, 1.0], "forward")
    assert tf[0, 1] == pytest.approx(ic.kl_divergence(p, gaussian_on_grid(x, 1.0, 1.0)), rel=1e-14)


def test_profile_of_the_table_has_the_three_valleys(bimodal, reverse_minima):
    x, p = bimodal
    mus = np.linspace(-3.0, 3.0, 61)
    profile = divergence_table(x, p, mus, np.linspace(0.3, 3.0, 55), "reverse").min(axis=1)
    inner = np.flatnonzero((profile[1:-1] < profile[:-2]) & (profile[1:-1] < profile[2:])) + 1
    np.testing.assert_allclose(mus[inner], [f.mu for f in reverse_minima.fits], atol=0.06)
    # the coarse profile lies above the exact minima, but not by much
    for i, fit in zip(inner, reverse_minima.fits):
        assert fit.divergence <= profile[i] < fit.divergence + 0.005


def test_unreached_start_is_labelled_minus_one(bimodal):
    x, p = bimodal
    found = local_minima(x, p, [0.0, 2.0], [1.0], "reverse", max_iter=1)
    assert found.basin.tolist() == [[-1], [-1]] and found.fits == ()
    with pytest.raises(ValueError, match="no start reached a local minimum"):
        _ = found.best


def test_start_far_below_the_grid_spacing_is_not_a_minimum(bimodal):
    # sigma0 = 0.001 with spacing 0.025: Q is one grid point and flat in (mu, sigma)
    x, p = bimodal
    with pytest.raises(
        ValueError,
        match=re.escape(
            "no local minimum reached from mu0 = 0.0, sigma0 = 0.001: try another start"
        ),
    ):
        fit_gaussian(x, p, 0.0, 0.001, "reverse")
