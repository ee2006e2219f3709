"""Gaussians: on a grid (to feed the discrete KL functions) and in closed form.

Chapter 6 fits a single Gaussian to a two-peaked mixture by minimising the
forward KL D(P || Q) or the reverse KL D(Q || P), and checks the closed-form KL
between two Gaussians (the one in a variational autoencoder's loss) against a
grid computation.

Grid convention: a density f is turned into probabilities on an evenly spaced
grid x_1 < ... < x_n by evaluating it at the grid points and normalising,
P_i = f(x_i) / sum_j f(x_j).  For smooth densities that decay well inside the
grid this is the trapezoidal rule, which is extremely accurate, so sums over the
grid reproduce integrals to many digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._core import SUM_TOLERANCE, as_float_array, diagnose
from .divergence import kl_divergence

__all__ = [
    "GaussianFit",
    "fit_forward",
    "fit_reverse",
    "gaussian_on_grid",
    "kl_gaussians",
    "mixture_on_grid",
    "vae_kl",
    "vae_kl_terms",
]


# ---------------------------------------------------------------------- validation


def _finite(value: ArrayLike, name: str) -> np.ndarray:
    """``value`` as a float64 array (0-d for a scalar) after checking it is finite."""
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a number or an array of numbers: {exc}") from None
    if a.dtype.kind not in "fiu" or a.size == 0:
        raise ValueError(f"{name} must be a number or a non-empty array of numbers, got {value!r}")
    a = a.astype(np.float64)
    bad = ~np.isfinite(a.reshape(-1))
    if bad.any():
        idx = int(np.argwhere(bad)[0][0])
        where = "" if a.ndim == 0 else f" at index {idx}"
        raise ValueError(f"{name} must be finite, got {a.reshape(-1)[idx]!r}{where}")
    return a


def _positive(value: ArrayLike, name: str) -> np.ndarray:
    a = _finite(value, name)
    bad = ~(a > 0.0)
    if bad.any():
        v = float(a.reshape(-1)[int(np.argwhere(bad.reshape(-1))[0][0])])
        raise ValueError(f"{name} must be > 0, got {v!r}")
    return a


def _grid(x: ArrayLike) -> np.ndarray:
    a = _finite(x, "x")
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"x must be a 1-D grid with at least 2 points, got shape {a.shape}")
    dx = np.diff(a)
    if not (dx > 0).all():
        i = int(np.argwhere(~(dx > 0))[0][0])
        raise ValueError(f"x must be strictly increasing, but x[{i + 1}] <= x[{i}]")
    if np.abs(dx - dx.mean()).max() > 1e-6 * dx.mean():
        raise ValueError("x must be evenly spaced (use np.linspace)")
    return a


def _distribution(p: ArrayLike, name: str, n: int) -> np.ndarray:
    a = as_float_array(p, name)
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) like the grid x, got {a.shape}")
    if not (a.min() >= 0.0 and a.max() <= 1.0 and abs(a.sum() - 1.0) <= SUM_TOLERANCE):
        diagnose(a, name, 0, original_axis=-1)
    return a


def _scalar_or_array(a: np.ndarray) -> float | np.ndarray:
    return float(a) if a.ndim == 0 else a


# ----------------------------------------------------------------------- on a grid


def gaussian_on_grid(x: ArrayLike, mu: ArrayLike, sigma: ArrayLike) -> np.ndarray:
    r"""The normal distribution N(mu, sigma²) as probabilities on the grid ``x``.

    .. math:: P_i = \frac{\exp\!\big(-(x_i-\mu)^2 / 2\sigma^2\big)}
                         {\sum_j \exp\!\big(-(x_j-\mu)^2 / 2\sigma^2\big)}

    ``mu`` and ``sigma`` may be arrays; they broadcast together to a shape ``S``
    and the result has shape ``S + (len(x),)``: one distribution per row, ready
    for the batch axis of :func:`infocourse.kl_divergence`.  Each row sums to 1.
    The exponent is shifted by its maximum before ``exp``, so the peak never
    underflows; points more than about 38 standard deviations from the peak do
    underflow to exactly 0.

    >>> p = gaussian_on_grid([-1.0, 0.0, 1.0], 0.0, 1.0)
    >>> [f"{v:.4f}" for v in p]
    ['0.2741', '0.4519', '0.2741']
    >>> gaussian_on_grid([0.0, 1.0], [0.0, 1.0], 1.0).shape
    (2, 2)
    """
    xs = _grid(x)
    m, s = np.broadcast_arrays(_finite(mu, "mu"), _positive(sigma, "sigma"))
    z = (xs - m[..., None]) / s[..., None]
    logf = -0.5 * z * z
    logf -= logf.max(axis=-1, keepdims=True)
    f = np.exp(logf)
    return f / f.sum(axis=-1, keepdims=True)


def mixture_on_grid(
    x: ArrayLike, weights: ArrayLike, mus: ArrayLike, sigmas: ArrayLike
) -> np.ndarray:
    r"""A Gaussian mixture on the grid ``x``: sum_k w_k · gaussian_on_grid(x, mu_k, sigma_k).

    Each component is normalised on the grid first, so component k carries
    exactly the probability ``w_k``.  ``weights`` must be non-negative and sum
    to 1 (within 1e-6); ``weights``, ``mus`` and ``sigmas`` must have one entry
    per component.

    >>> x = np.linspace(-6, 6, 1201)
    >>> p = mixture_on_grid(x, [0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    >>> f"{p.sum():.12f} {p @ x:.6f}"
    '1.000000000000 0.000000'
    """
    w = as_float_array(weights, "weights")
    m = _finite(mus, "mus")
    s = _positive(sigmas, "sigmas")
    if w.ndim != 1 or m.shape != w.shape or s.shape != w.shape:
        raise ValueError(
            f"weights, mus and sigmas must be 1-D of equal length, got shapes "
            f"{w.shape}, {m.shape} and {s.shape}"
        )
    if not (w.min() >= 0.0 and w.max() <= 1.0 and abs(w.sum() - 1.0) <= SUM_TOLERANCE):
        diagnose(w, "weights", 0, original_axis=-1)
    return w @ gaussian_on_grid(x, m, s)


# ------------------------------------------------------------------- closed forms


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
    r"""Closed-form D(N(mu1, sigma1²) || N(mu2, sigma2²)) in nats.

    .. math:: D = \ln\frac{\sigma_2}{\sigma_1}
                  + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12

    The first argument pair is the reference distribution, as in
    :func:`infocourse.kl_divergence`.  Arguments broadcast; scalars give a
    float.  Written as ``((u - log1p(u)) + d²/s2²) / 2`` with
    ``u = (s1² - s2²)/s2²`` so that nearly equal Gaussians keep full relative
    accuracy (the textbook form cancels).  Always >= 0.

    >>> f"{kl_gaussians(1.0, 0.5, 0.0, 1.0):.4f}"
    '0.8181'
    >>> kl_gaussians(0.0, 2.0, 0.0, 2.0)
    0.0
    """
    m1 = _finite(mu1, "mu1")
    s1 = _positive(sigma1, "sigma1")
    m2 = _finite(mu2, "mu2")
    s2 = _positive(sigma2, "sigma2")
    m1, s1, m2, s2 = np.broadcast_arrays(m1, s1, m2, s2)
    u = (s1 - s2) * (s1 + s2) / (s2 * s2)
    d = (m1 - m2) / s2
    out = 0.5 * (_x_minus_log1p(u) + d * d)
    out = np.maximum(out, 0.0) + 0.0
    return _scalar_or_array(out)


def vae_kl_terms(mu: ArrayLike, log_var: ArrayLike) -> np.ndarray:
    r"""Per-dimension KL terms D(N(mu_k, sigma_k²) || N(0, 1)) with log_var_k = ln sigma_k².

    .. math:: D_k = -\tfrac12\big(1 + \ln\sigma_k^2 - \mu_k^2 - \sigma_k^2\big)
                  = \tfrac12\big(\mu_k^2 + (e^{v_k} - 1 - v_k)\big),\quad v_k = \ln\sigma_k^2

    ``mu`` and ``log_var`` must have the same shape; the result has that shape.

    >>> [f"{t:.4f}" for t in vae_kl_terms([0.0, 1.0, 0.0], [0.0, 0.0, 1.0])]
    ['0.0000', '0.5000', '0.3591']
    """
    m = _finite(mu, "mu")
    v = _finite(log_var, "log_var")
    if m.shape != v.shape:
        raise ValueError(
            f"mu and log_var must have the same shape, got {m.shape} and {v.shape}"
        )
    if (v > 700).any():
        raise ValueError(f"log_var must be <= 700 (exp overflows), got {float(v.max())!r}")
    return 0.5 * (m * m + _expm1_minus(v)) + 0.0


def vae_kl(mu: ArrayLike, log_var: ArrayLike) -> float | np.ndarray:
    r"""The KL term of a VAE: D(N(mu, diag sigma²) || N(0, I)), summed over the last axis.

    .. math:: D = -\tfrac12 \sum_k \big(1 + \ln\sigma_k^2 - \mu_k^2 - \sigma_k^2\big)

    The latent dimensions are independent under both distributions, so the KL of
    the product is the sum of the per-dimension KLs (:func:`vae_kl_terms`).
    1-D input gives a float; a batch ``(..., k)`` gives an array of shape ``(...)``.

    >>> f"{vae_kl([0.0, 1.0, 0.0], [0.0, 0.0, 1.0]):.4f}"
    '0.8591'
    """
    t = vae_kl_terms(mu, log_var)
    s = t.sum(axis=-1)
    return _scalar_or_array(np.asarray(s))


# ------------------------------------------------------------------------ fitting


@dataclass(frozen=True)
class GaussianFit:
    """Best Gaussian on a parameter grid, with the whole table of divergences.

    ``table[i, j]`` is the divergence for ``mus[i]`` and ``sigmas[j]``;
    ``at_edge`` is True when the minimum lies on the border of the parameter
    grid (widen the grid then).
    """

    mu: float
    sigma: float
    divergence: float
    direction: str
    mus: np.ndarray
    sigmas: np.ndarray
    table: np.ndarray
    at_edge: bool


def _fit(x: ArrayLike, p: ArrayLike, mus: ArrayLike, sigmas: ArrayLike,
         direction: str) -> GaussianFit:
    xs = _grid(x)
    pa = _distribution(p, "p", xs.size)
    m = _finite(mus, "mus")
    s = _positive(sigmas, "sigmas")
    if m.ndim != 1 or s.ndim != 1:
        raise ValueError(f"mus and sigmas must be 1-D, got shapes {m.shape} and {s.shape}")
    table = np.empty((m.size, s.size))
    pb = np.broadcast_to(pa, (s.size, xs.size))
    for i, mu in enumerate(m):
        q = gaussian_on_grid(xs, mu, s)  # (len(sigmas), n): one candidate per row
        if direction == "forward":
            table[i] = kl_divergence(pb, q, axis=-1)
        else:
            table[i] = kl_divergence(q, pb, axis=-1)
    i, j = np.unravel_index(int(np.argmin(table)), table.shape)
    edge = i in (0, m.size - 1) or j in (0, s.size - 1)
    return GaussianFit(float(m[i]), float(s[j]), float(table[i, j]), direction,
                       m, s, table, bool(edge))


def fit_forward(x: ArrayLike, p: ArrayLike, mus: ArrayLike, sigmas: ArrayLike) -> GaussianFit:
    r"""The Gaussian Q = N(mu, sigma²) on the grid minimising the forward KL D(P || Q).

    Searches every pair in ``mus × sigmas``; each candidate is a row of a batch
    passed to :func:`infocourse.kl_divergence`.  The forward KL punishes Q for
    missing mass of P, so the fit covers all of P (for a Gaussian family it
    matches P's mean and variance).

    >>> x = np.linspace(-6, 6, 241)
    >>> p = mixture_on_grid(x, [0.5, 0.5], [-1.0, 1.0], [0.5, 0.5])
    >>> fit = fit_forward(x, p, np.linspace(-1, 1, 21), np.linspace(0.5, 2, 31))
    >>> f"{fit.mu:.2f} {fit.sigma:.2f}"
    '0.00 1.10'
    """
    return _fit(x, p, mus, sigmas, "forward")


def fit_reverse(x: ArrayLike, p: ArrayLike, mus: ArrayLike, sigmas: ArrayLike) -> GaussianFit:
    r"""The Gaussian Q = N(mu, sigma²) on the grid minimising the reverse KL D(Q || P).

    The reverse KL punishes Q for putting mass where P has little, so the fit
    hides inside one mode of a multi-modal P.  ``p`` must be positive wherever a
    candidate Q is (otherwise that candidate scores ``inf`` and is never chosen).

    >>> x = np.linspace(-6, 6, 241)
    >>> p = mixture_on_grid(x, [0.3, 0.7], [-2.0, 2.0], [0.5, 0.5])
    >>> fit = fit_reverse(x, p, np.linspace(-3, 3, 61), np.linspace(0.2, 2, 19))
    >>> f"{fit.mu:.2f} {fit.sigma:.2f}"
    '2.00 0.50'
    """
    return _fit(x, p, mus, sigmas, "reverse")
