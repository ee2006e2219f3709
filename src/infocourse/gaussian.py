"""Gaussians: on a grid (to feed the discrete KL functions), in closed form, and fitted.

The chapter on forward and reverse KL fits a single Gaussian Q to a two-peaked
target P by minimising the forward KL D_KL(P‖Q) or the reverse KL D_KL(Q‖P),
compares the closed-form KL between two Gaussians (the one in a variational
autoencoder's loss) with a grid computation, and shows that the entropy of a
grid discretisation, unlike the KL divergence, has no limit as the grid gets finer.

Grid convention: a density f becomes probabilities on an evenly spaced grid
x_1 < ... < x_n (spacing Δx) by evaluating it at the grid points and normalising,
P_i = f(x_i) / sum_j f(x_j).  Then P_i ≈ f(x_i)·Δx.  For smooth densities that
decay well inside the grid this is the trapezoidal rule, which is extremely
accurate, so sums over the grid reproduce integrals to many digits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_array,
    as_distribution,
    as_integer,
    as_number,
    check_finite,
    check_positive,
)
from .divergence import kl_divergence

__all__ = [
    "GaussianFit",
    "LocalMinima",
    "discretize",
    "divergence_table",
    "fit_gaussian",
    "gaussian_entropy",
    "gaussian_on_grid",
    "kl_gaussians",
    "local_minima",
    "mixture_on_grid",
    "vae_kl",
    "vae_kl_terms",
]

DIRECTIONS = ("forward", "reverse")


# ---------------------------------------------------------------------- validation


def _reals(value: object, name: str, *, positive: bool = False) -> np.ndarray:
    """A number or an array of numbers as float64 (0-d for a number), finite (and > 0)."""
    if np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
        number = value.item() if isinstance(value, np.ndarray) else value
        low = 0.0 if positive else None
        return np.asarray(as_number(number, name, low=low, low_open=positive))
    a = as_array(value, name)
    check_finite(a, name)
    if positive:
        check_positive(a, name)
    return a


def _grid(x: ArrayLike) -> np.ndarray:
    """The grid ``x``: 1-D, at least 2 points, finite, strictly increasing, evenly spaced."""
    a = as_array(x, "x")
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"x must be a 1-D grid with at least 2 points, got shape {a.shape}")
    check_finite(a, "x")
    dx = np.diff(a)
    if not (dx > 0).all():
        i = int(np.argwhere(~(dx > 0))[0][0])
        raise ValueError(f"x must be strictly increasing, but x[{i + 1}] <= x[{i}]")
    if np.abs(dx - dx.mean()).max() > 1e-6 * dx.mean():
        raise ValueError("x must be evenly spaced (use np.linspace)")
    return a


def _on_grid(p: ArrayLike, name: str, n: int) -> np.ndarray:
    """A distribution ``p`` with one probability per grid point."""
    a = as_array(p, name)
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) like the grid x, got {a.shape}")
    return as_distribution(a, name)[0]


def _direction(direction: object) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(
            f"direction must be 'forward' (D_KL(P‖Q)) or 'reverse' (D_KL(Q‖P)), got {direction!r}"
        )
    return str(direction)


def _scalar_or_array(a: np.ndarray) -> float | np.ndarray:
    return float(a) if a.ndim == 0 else a


# ----------------------------------------------------------------------- on a grid


def _log_gaussian_on_grid(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """ln Q_i for the normalised grid Gaussian (no validation; mu, sigma broadcast)."""
    z = (x - mu[..., None]) / sigma[..., None]
    logf = -0.5 * z * z
    logf -= logf.max(axis=-1, keepdims=True)  # the peak is exp(0) = 1: no underflow there
    return logf - np.log(np.exp(logf).sum(axis=-1, keepdims=True))


def gaussian_on_grid(x: ArrayLike, mu: ArrayLike, sigma: ArrayLike) -> np.ndarray:
    r"""The normal distribution N(mu, sigma²) as probabilities on the grid ``x``.

    .. math:: P_i = \frac{\exp\!\big(-(x_i-\mu)^2 / 2\sigma^2\big)}
                         {\sum_j \exp\!\big(-(x_j-\mu)^2 / 2\sigma^2\big)}

    ``mu`` and ``sigma`` may be arrays; they broadcast together to a shape ``S``
    and the result has shape ``S + (len(x),)``: one distribution per row, ready
    for the batch axis of :func:`infocourse.kl_divergence`.  Each row sums to 1.
    The exponent is shifted by its maximum before ``exp``, so the peak never
    underflows; points more than about 38.5 standard deviations from the peak
    (the exact distance depends a little on the grid) underflow to exactly 0.

    >>> p = gaussian_on_grid([-1.0, 0.0, 1.0], 0.0, 1.0)
    >>> [f"{v:.4f}" for v in p]
    ['0.2741', '0.4519', '0.2741']
    >>> gaussian_on_grid([0.0, 1.0], [0.0, 1.0], 1.0).shape
    (2, 2)
    """
    xs = _grid(x)
    m, s = np.broadcast_arrays(_reals(mu, "mu"), _reals(sigma, "sigma", positive=True))
    return np.exp(_log_gaussian_on_grid(xs, m, s))


def mixture_on_grid(
    x: ArrayLike, weights: ArrayLike, mus: ArrayLike, sigmas: ArrayLike
) -> np.ndarray:
    r"""A Gaussian mixture on the grid ``x``: sum_k w_k · gaussian_on_grid(x, mu_k, sigma_k).

    Each component is normalised on the grid first, so component k carries
    exactly the probability ``w_k``.  ``weights`` must be a distribution (entries
    in [0, 1] summing to 1 within 1e-6); ``weights``, ``mus`` and ``sigmas`` must
    have one entry per component.

    >>> x = np.linspace(-6, 6, 1201)
    >>> p = mixture_on_grid(x, [0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    >>> f"{p.sum():.12f}", bool(abs(p @ x) < 1e-12)  # mass 1; mean 0 up to rounding (either sign)
    ('1.000000000000', True)
    """
    w = as_array(weights, "weights")
    m = _reals(mus, "mus")
    s = _reals(sigmas, "sigmas", positive=True)
    if w.ndim != 1 or m.shape != w.shape or s.shape != w.shape:
        raise ValueError(
            f"weights, mus and sigmas must be 1-D of equal length, got shapes "
            f"{w.shape}, {m.shape} and {s.shape}"
        )
    w = as_distribution(w, "weights")[0]
    return w @ gaussian_on_grid(x, m, s)


def discretize(density: Callable[[np.ndarray], ArrayLike], x: ArrayLike) -> np.ndarray:
    r"""Any density f as probabilities on the evenly spaced grid ``x``.

    .. math:: P_i = \frac{f(x_i)}{\sum_j f(x_j)} \approx f(x_i)\,\Delta x

    ``density`` is called once with the whole grid and must return one finite,
    non-negative value per grid point, not all 0.  The normalisation hides any
    mass of f outside the grid: choose a grid that holds (almost) all of it,
    i.e. ``sum(f(x)) * dx`` close to 1.

    >>> x = np.linspace(-1.0, 1.0, 5)
    >>> [f"{v:.4f}" for v in discretize(lambda t: np.exp(-np.abs(t)), x)]
    ['0.1248', '0.2057', '0.3391', '0.2057', '0.1248']
    """
    if not callable(density):
        raise ValueError(f"density must be a function of the grid, got {density!r}")
    xs = _grid(x)
    f = as_array(density(xs), "density(x)")
    if f.shape != xs.shape:
        raise ValueError(
            f"density(x) must have one value per grid point, shape {xs.shape}, got {f.shape}"
        )
    check_finite(f, "density(x)")
    if (f < 0).any():
        i = int(np.argwhere(f < 0)[0][0])
        raise ValueError(f"density(x) must be >= 0, found {f[i]:.10g} at index {i}")
    total = f.sum()
    if not total > 0:
        raise ValueError("density(x) is 0 at every grid point: move or widen the grid")
    return f / total


# ------------------------------------------------------------------- closed forms


def gaussian_entropy(sigma: ArrayLike) -> float | np.ndarray:
    r"""Differential entropy h of N(mu, sigma²) in nats (it does not depend on mu).

    .. math:: h = -\int p \ln p \,dx = \tfrac12 \ln(2\pi e\,\sigma^2)
                = \tfrac12\big(1 + \ln 2\pi\big) + \ln\sigma

    Unlike the entropy of a discrete distribution it can be negative (for
    sigma < 1/sqrt(2πe) ≈ 0.242) and it depends on the unit of x: measuring x
    in a unit a times smaller multiplies sigma by a and adds ln a.

    >>> f"{gaussian_entropy(1.0):.4f}"
    '1.4189'
    >>> gaussian_entropy(0.1) < 0
    True
    """
    s = _reals(sigma, "sigma", positive=True)
    return _scalar_or_array(0.5 * (1.0 + math.log(2.0 * math.pi)) + np.log(s))


def _x_minus_log1p(u: np.ndarray) -> np.ndarray:
    """u - log1p(u) for u > -1, without cancellation for small |u|."""
    out = np.empty_like(u)
    small = np.abs(u) < 1e-3
    us = u[small]
    # u²/2 - u³/3 + u⁴/4 - u⁵/5 + u⁶/6: truncation error below 1e-16 relative
    out[small] = us * us * (0.5 - us * (1 / 3 - us * (0.25 - us * (0.2 - us / 6))))
    ub = u[~small]
    out[~small] = ub - np.log1p(ub)
    return out


def _expm1_minus(v: np.ndarray) -> np.ndarray:
    """exp(v) - 1 - v without cancellation for small |v|."""
    out = np.empty_like(v)
    small = np.abs(v) < 1e-3
    vs = v[small]
    out[small] = vs * vs * (0.5 + vs * (1 / 6 + vs * (1 / 24 + vs * (1 / 120 + vs / 720))))
    vb = v[~small]
    out[~small] = np.expm1(vb) - vb
    return out


def kl_gaussians(
    mu1: ArrayLike, sigma1: ArrayLike, mu2: ArrayLike, sigma2: ArrayLike
) -> float | np.ndarray:
    r"""Closed-form D_KL(N(mu1, sigma1²)‖N(mu2, sigma2²)) in nats.

    .. math:: D = \ln\frac{\sigma_2}{\sigma_1}
                  + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12

    The first argument pair is the reference distribution, as in
    :func:`infocourse.kl_divergence`.  Arguments broadcast; scalars give a
    float.  Written as ``((u - log1p(u)) + d²) / 2`` with
    ``u = (s1² - s2²)/s2²`` and ``d = (mu1 - mu2)/s2`` so that nearly equal
    Gaussians keep full relative accuracy (the textbook form cancels).  Never
    negative: tiny negative rounding is clipped to 0.

    >>> f"{kl_gaussians(1.0, 0.5, 0.0, 1.0):.4f}"
    '0.8181'
    >>> kl_gaussians(0.0, 2.0, 0.0, 2.0)
    0.0
    """
    m1 = _reals(mu1, "mu1")
    s1 = _reals(sigma1, "sigma1", positive=True)
    m2 = _reals(mu2, "mu2")
    s2 = _reals(sigma2, "sigma2", positive=True)
    m1, s1, m2, s2 = np.broadcast_arrays(m1, s1, m2, s2)
    u = (s1 - s2) * (s1 + s2) / (s2 * s2)
    d = (m1 - m2) / s2
    out = 0.5 * (_x_minus_log1p(u) + d * d)
    out = np.maximum(out, 0.0) + 0.0
    return _scalar_or_array(out)


def vae_kl_terms(mu: ArrayLike, log_var: ArrayLike) -> np.ndarray:
    r"""Per-dimension KL terms D_KL(N(mu_k, sigma_k²)‖N(0, 1)) with log_var_k = ln sigma_k².

    .. math:: D_k = -\tfrac12\big(1 + \ln\sigma_k^2 - \mu_k^2 - \sigma_k^2\big)
                  = \tfrac12\big(\mu_k^2 + (e^{v_k} - 1 - v_k)\big),\quad v_k = \ln\sigma_k^2

    ``mu`` and ``log_var`` must have the same shape; the result has that shape.

    >>> [f"{t:.4f}" for t in vae_kl_terms([0.0, 1.0, 0.0], [0.0, 0.0, 1.0])]
    ['0.0000', '0.5000', '0.3591']
    """
    m = _reals(mu, "mu")
    v = _reals(log_var, "log_var")
    if m.shape != v.shape:
        raise ValueError(f"mu and log_var must have the same shape, got {m.shape} and {v.shape}")
    if (v > 700).any():
        raise ValueError(f"log_var must be <= 700 (exp overflows), got {float(v.max())!r}")
    return 0.5 * (m * m + _expm1_minus(v)) + 0.0


def vae_kl(mu: ArrayLike, log_var: ArrayLike) -> float | np.ndarray:
    r"""The KL term of a VAE: D_KL(N(mu, diag sigma²)‖N(0, I)), summed over the last axis.

    .. math:: D = -\tfrac12 \sum_k \big(1 + \ln\sigma_k^2 - \mu_k^2 - \sigma_k^2\big)

    The latent coordinates are independent under both distributions, so by the
    chain rule the KL of the product is the sum of the per-coordinate KLs
    (:func:`vae_kl_terms`).  1-D input gives a float; a batch ``(..., K)`` gives
    an array of shape ``(...)``.

    >>> f"{vae_kl([0.0, 1.0, 0.0], [0.0, 0.0, 1.0]):.4f}"
    '0.8591'
    """
    t = vae_kl_terms(mu, log_var)
    s = t.sum(axis=-1)
    return _scalar_or_array(np.asarray(s))


# ------------------------------------------------------------------------ fitting


def divergence_table(
    x: ArrayLike, p: ArrayLike, mus: ArrayLike, sigmas: ArrayLike, direction: str
) -> np.ndarray:
    r"""The divergence between ``p`` and every grid Gaussian Q = N(mu, sigma²) in ``mus × sigmas``.

    ``table[i, j]`` is D_KL(P‖Q) (``direction="forward"``) or D_KL(Q‖P)
    (``"reverse"``) for ``mus[i]`` and ``sigmas[j]``, computed with
    :func:`infocourse.kl_divergence`, one batch of candidates per mu.  This is
    the landscape a fit searches; :func:`local_minima` finds its valleys.

    >>> x = np.linspace(-6, 6, 241)
    >>> p = gaussian_on_grid(x, 0.0, 1.0)
    >>> t = divergence_table(x, p, [-1.0, 0.0, 1.0], [0.5, 1.0, 2.0], "forward")
    >>> t.shape, np.unravel_index(t.argmin(), t.shape), f"{t.min():.4f}"
    ((3, 3), (np.int64(1), np.int64(1)), '0.0000')
    """
    xs = _grid(x)
    pa = _on_grid(p, "p", xs.size)
    m = _reals(mus, "mus")
    s = _reals(sigmas, "sigmas", positive=True)
    if m.ndim != 1 or s.ndim != 1:
        raise ValueError(f"mus and sigmas must be 1-D, got shapes {m.shape} and {s.shape}")
    forward = _direction(direction) == "forward"
    pb = np.broadcast_to(pa, (s.size, xs.size))
    table = np.empty((m.size, s.size))
    for i, mu in enumerate(m):
        q = gaussian_on_grid(xs, mu, s)  # (len(sigmas), n): one candidate per row
        table[i] = kl_divergence(pb, q) if forward else kl_divergence(q, pb)
    return table


@dataclass(frozen=True)
class GaussianFit:
    """A Gaussian Q = N(mu, sigma²) at a local minimum of the divergence.

    ``direction`` is ``"forward"`` (the divergence is D_KL(P‖Q)) or
    ``"reverse"`` (D_KL(Q‖P)).
    """

    mu: float
    sigma: float
    divergence: float
    direction: str


@dataclass(frozen=True)
class LocalMinima:
    """Every local minimum a local optimiser reaches from a grid of starting points.

    ``fits`` are the distinct minima in order of increasing mu.  ``basin[i, j]``
    is the index in ``fits`` of the minimum reached from ``mu_starts[i]``,
    ``sigma_starts[j]``, or -1 if that start stopped elsewhere (no convergence
    within the iteration limit, no downhill step found, or a stationary point
    that is not a minimum).
    """

    fits: tuple[GaussianFit, ...]
    mu_starts: np.ndarray
    sigma_starts: np.ndarray
    basin: np.ndarray

    @property
    def best(self) -> GaussianFit:
        """The lowest of the minima found (the first one on a tie).

        It is the global minimum only when some start reached the global minimum.
        """
        if not self.fits:
            raise ValueError("no start reached a local minimum: try other starts or max_iter")
        return min(self.fits, key=lambda f: f.divergence)


def _divergence_and_gradient(
    x: np.ndarray, p: np.ndarray, theta: np.ndarray, forward: bool
) -> tuple[np.ndarray, np.ndarray]:
    r"""The divergence and its gradient in theta = (mu, ln sigma), for a batch of rows.

    With Q_i ∝ exp(l_i), l_i = -(x_i - mu)²/(2 sigma²), the score of the grid
    Gaussian is a_i = dl_i/dtheta = ((x_i - mu)/sigma², (x_i - mu)²/sigma²) and
    d ln Q_i/dtheta = a_i - E_Q[a].  Hence

    * forward, D = sum_i P_i ln(P_i/Q_i):   grad D = E_Q[a] - E_P[a];
    * reverse, D = sum_i Q_i ln(Q_i/P_i):   grad D = E_Q[a · (ln(Q/P) - D)].
    """
    mu, sigma = theta[:, :1], np.exp(theta[:, 1:])
    z = (x - mu) / sigma
    a = np.stack([z / sigma, z * z])  # (2, rows, n): the score, one row per parameter
    logq = _log_gaussian_on_grid(x, theta[:, 0], np.exp(theta[:, 1]))
    q = np.exp(logq)
    pb = np.broadcast_to(p, q.shape)
    d = np.asarray(kl_divergence(pb, q) if forward else kl_divergence(q, pb))  # one per row
    if forward:
        grad = (a * q).sum(axis=-1) - (a * p).sum(axis=-1)
    else:
        grad = (a * q * (logq - np.log(p) - d[:, None])).sum(axis=-1)
    return d, grad.T


def _newton(
    x: np.ndarray, p: np.ndarray, theta: np.ndarray, forward: bool, tol: float, max_iter: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Damped Newton steps for every row of theta; returns theta, D and the gradient norm.

    The Hessian comes from central differences of the exact gradient.  Where it
    is not positive definite the step is the steepest-descent direction instead;
    every step is at most 1 in each coordinate and is halved until the
    divergence decreases (Armijo's rule, with room for rounding).
    """
    h = 1e-5
    d, g = _divergence_and_gradient(x, p, theta, forward)
    stuck = np.zeros(len(theta), dtype=bool)
    for _ in range(max_iter):
        todo = (np.hypot(g[:, 0], g[:, 1]) > tol) & ~stuck
        if not todo.any():
            break
        t, dt, gt = theta[todo], d[todo], g[todo]
        hess = np.empty((len(t), 2, 2))
        for k, e in enumerate(np.eye(2) * h):
            g_plus = _divergence_and_gradient(x, p, t + e, forward)[1]
            g_minus = _divergence_and_gradient(x, p, t - e, forward)[1]
            hess[:, :, k] = (g_plus - g_minus) / (2 * h)
        hess = 0.5 * (hess + hess.transpose(0, 2, 1))
        det = hess[:, 0, 0] * hess[:, 1, 1] - hess[:, 0, 1] ** 2
        convex = (hess[:, 0, 0] > 0) & (det > 0)
        step = -gt
        step[convex] = -np.linalg.solve(hess[convex], gt[convex][:, :, None])[:, :, 0]
        step /= np.maximum(1.0, np.abs(step).max(axis=1))[:, None]
        slope = (gt * step).sum(axis=1)
        length = np.ones(len(t))
        pending = np.ones(len(t), dtype=bool)
        for _ in range(50):
            if not pending.any():
                break
            cand = t[pending] + length[pending, None] * step[pending]
            dc, gc = _divergence_and_gradient(x, p, cand, forward)
            ok = dc <= dt[pending] + 1e-4 * length[pending] * slope[pending] + 1e-14 * np.abs(
                dt[pending]
            )
            rows = np.flatnonzero(pending)
            t[rows[ok]], dt[rows[ok]], gt[rows[ok]] = cand[ok], dc[ok], gc[ok]
            pending[rows[ok]] = False
            length[rows[~ok]] *= 0.5
        rows = np.flatnonzero(todo)
        theta[rows], d[rows], g[rows] = t, dt, gt
        stuck[rows[pending]] = True  # no decrease found: give up on that start
    return theta, d, np.hypot(g[:, 0], g[:, 1])


def _is_minimum(x: np.ndarray, p: np.ndarray, theta: np.ndarray, forward: bool) -> np.ndarray:
    """True where the divergence rises in every direction around theta (positive definite
    Hessian by central differences)."""
    h = 1e-4
    if len(theta) == 0:
        return np.zeros(0, dtype=bool)
    hess = np.empty((len(theta), 2, 2))
    for k, e in enumerate(np.eye(2) * h):
        g_plus = _divergence_and_gradient(x, p, theta + e, forward)[1]
        g_minus = _divergence_and_gradient(x, p, theta - e, forward)[1]
        hess[:, :, k] = (g_plus - g_minus) / (2 * h)
    det = hess[:, 0, 0] * hess[:, 1, 1] - 0.25 * (hess[:, 0, 1] + hess[:, 1, 0]) ** 2
    return (hess[:, 0, 0] > 0) & (det > 0)


def local_minima(
    x: ArrayLike,
    p: ArrayLike,
    mu_starts: ArrayLike,
    sigma_starts: ArrayLike,
    direction: str = "reverse",
    *,
    tol: float = 1e-8,
    max_iter: int = 100,
) -> LocalMinima:
    r"""Local minima of the divergence between ``p`` and the grid Gaussians N(mu, sigma²).

    From every start (mu, sigma) in ``mu_starts × sigma_starts`` a damped
    Newton method in (mu, ln sigma) walks downhill on D_KL(P‖Q)
    (``direction="forward"``) or D_KL(Q‖P) (``"reverse"``) until the gradient
    is below ``tol``; end points closer than 1e-5 are one minimum.  The method
    is deterministic.  Which minimum a start reaches depends on the optimiser
    as well as on the start; that every minimum is found depends on the starts
    (spread them over the region of interest, with sigma well above the grid
    spacing: a grid Gaussian much narrower than the spacing sits on one grid
    point and hardly changes with mu or sigma, so a walk from there can stall).

    The reverse direction needs P > 0 at every grid point (else D_KL(Q‖P) is
    infinite for every Gaussian that does not underflow there).

    >>> x = np.linspace(-10, 10, 401)
    >>> p = mixture_on_grid(x, [0.3, 0.7], [-2.0, 2.0], [0.5, 0.5])
    >>> found = local_minima(x, p, [-2.0, 2.0], [0.5], "reverse")
    >>> [f"{f.mu:.2f} {f.sigma:.2f} {f.divergence:.4f}" for f in found.fits]
    ['-2.00 0.50 1.2038', '2.00 0.50 0.3566']
    >>> found.basin.tolist()
    [[0], [1]]
    """
    xs = _grid(x)
    pa = _on_grid(p, "p", xs.size)
    m0 = _reals(mu_starts, "mu_starts")
    s0 = _reals(sigma_starts, "sigma_starts", positive=True)
    if m0.ndim != 1 or s0.ndim != 1:
        raise ValueError(
            f"mu_starts and sigma_starts must be 1-D, got shapes {m0.shape} and {s0.shape}"
        )
    forward = _direction(direction) == "forward"
    tol = as_number(tol, "tol", low=0.0, low_open=True)
    max_iter = as_integer(max_iter, "max_iter", low=1)
    if not forward and not (pa > 0).all():
        at = int(np.argwhere(~(pa > 0))[0][0])
        raise ValueError(
            f"p must be > 0 at every grid point for the reverse direction (D_KL(Q‖P) is "
            f"infinite otherwise), found 0 at index {at}"
        )
    mm, ss = np.meshgrid(m0, s0, indexing="ij")
    theta = np.stack([mm.ravel(), np.log(ss.ravel())], axis=1)
    theta, d, gnorm = _newton(xs, pa, theta, forward, tol, max_iter)
    ok = gnorm <= tol
    ok[ok] = _is_minimum(xs, pa, theta[ok], forward)

    ends: list[int] = []  # index of the first start that reached each distinct minimum
    label = np.full(len(theta), -1)
    for i in np.flatnonzero(ok):
        for k, j in enumerate(ends):
            if np.abs(theta[i] - theta[j]).max() < 1e-5:
                label[i] = k
                break
        else:
            label[i] = len(ends)
            ends.append(int(i))
    order = sorted(range(len(ends)), key=lambda k: theta[ends[k], 0])
    rank = np.empty(len(ends) + 1, dtype=int)
    rank[order] = np.arange(len(ends))
    rank[-1] = -1  # label -1 stays -1
    direction_name = "forward" if forward else "reverse"
    fits = tuple(
        GaussianFit(
            float(theta[ends[k], 0]),
            float(np.exp(theta[ends[k], 1])),
            float(d[ends[k]]),
            direction_name,
        )
        for k in order
    )
    return LocalMinima(fits, m0, s0, rank[label].reshape(mm.shape))


def fit_gaussian(
    x: ArrayLike, p: ArrayLike, mu0: float, sigma0: float, direction: str
) -> GaussianFit:
    r"""The local minimum of D_KL(P‖Q) (``"forward"``) or D_KL(Q‖P) (``"reverse"``) over
    grid Gaussians Q = N(mu, sigma²), reached from the start (mu0, sigma0).

    One start of :func:`local_minima`; raises if it does not end at a minimum.
    For the forward direction the grid Gaussian Q at the minimum has exactly the
    mean and the variance of P (the gradient vanishes there), so mu and sigma
    match them up to the tails that the grid cuts off (and, for a sigma not much
    wider than the grid spacing, the spacing itself).

    >>> x = np.linspace(-8, 8, 321)
    >>> p = mixture_on_grid(x, [0.25, 0.75], [-1.0, 1.0], [0.5, 0.5])
    >>> fit = fit_gaussian(x, p, 0.0, 1.0, "forward")
    >>> mean = p @ x
    >>> f"{fit.mu:.4f} {fit.sigma:.4f}", f"{mean:.4f} {math.sqrt(p @ (x - mean)**2):.4f}"
    ('0.5000 1.0000', '0.5000 1.0000')
    """
    mu0 = as_number(mu0, "mu0")
    sigma0 = as_number(sigma0, "sigma0", low=0.0, low_open=True)
    found = local_minima(x, p, [mu0], [sigma0], direction)
    if found.basin[0, 0] < 0:
        raise ValueError(
            f"no local minimum reached from mu0 = {mu0!r}, sigma0 = {sigma0!r}: try another start"
        )
    return found.fits[0]
