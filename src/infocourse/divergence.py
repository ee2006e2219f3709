"""Kullback-Leibler divergence D_KL(P‖Q): the extra surprise paid for using Q."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _fast
from ._validation import as_distribution_pair, in_units, log_base

__all__ = ["kl_divergence", "kl_terms"]


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """P(x)·log(P(x)/Q(x)) for every x, to full accuracy: 0 where P(x) = 0,
    ``+inf`` where Q(x) = 0 < P(x)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # log 0, 0/0, 1/1e-310
        near = np.abs(p - q) <= 0.5 * q  # there p - q is exact, and log1p keeps its digits
        log_ratio = np.where(near, np.log1p((p - q) / q), np.log(p) - np.log(q))
        return np.where(p > 0, p * log_ratio, 0.0)


def kl_divergence(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | np.ndarray:
    r"""Kullback-Leibler divergence of ``q`` from the reference ``p``.

    .. math:: D_{\mathrm{KL}}(P \,\|\, Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}
              = H(P, Q) - H(P)

    The extra uncertainty paid, on average, for using ``q`` in place of the
    reference ``p``.  Computed from the terms P(x)·log(P(x)/Q(x)), never as
    H(P, Q) - H(P), which cancels catastrophically when Q is close to P.  Terms
    with Q(x) close to P(x) use ``log1p((p - q)/q)``, whose argument is exact there
    (relative error about 1e-15 per term); far ratios use ``log p - log q``, which
    cannot overflow when ``q`` is subnormal.

    Parameters
    ----------
    p, q : array-like
        Distributions of the same shape (no broadcasting), entries in [0, 1]
        summing to 1 along ``axis`` (within 1e-6).
    base : float, optional
        ``None`` (default) for nats, ``2`` for bits; any finite base > 0, != 1
        (a base in (0, 1) flips the sign).
    axis : int, default -1
        The axis holding each distribution; other axes form a batch.

    Returns
    -------
    float or ndarray
        A Python float for 1-D input, otherwise an array with ``axis`` removed.
        At least 0 in nats or any base above 1 (at most 0 for a base in (0, 1)):
        rounding noise across 0 is clipped.  Never ``-0.0``.

    Conventions
    -----------
    0·log(0/q) = 0; a term with P(x) > 0 and Q(x) = 0 makes the result ``+inf``
    (``-inf`` for a base in (0, 1)).  D_KL(P‖Q) = 0 exactly when Q = P wherever
    P > 0.  Not symmetric.

    Examples
    --------
    >>> f"{kl_divergence([0.2, 0.8], [0.3, 0.7]):.4f}"
    '0.0257'
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    >>> f"{kl_divergence([0.5, 0.5], [1e-310, 1.0]):.4f}"
    '356.2075'
    """
    d = _fast.kl_divergence(p, q, base, axis)  # the same number, sooner (see _fast)
    if d is not None:
        return d
    ln_base = log_base(base)
    p, q, axis = as_distribution_pair(p, q, axis)
    d = _kl_terms(p, q).sum(axis=axis)
    return in_units(np.maximum(d, 0.0), ln_base)  # D >= 0 (Gibbs): clip rounding noise


def kl_terms(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> np.ndarray:
    r"""Per-outcome contributions P(x)·log(P(x)/Q(x)) of a 1-D KL divergence.

    The terms can be negative; their sum is :func:`kl_divergence` (>= 0 in nats).
    Useful for bar charts of where the divergence comes from.

    >>> [f"{t:.4f}" for t in kl_terms([0.2, 0.8], [0.3, 0.7])]
    ['-0.0811', '0.1068']
    """
    ln_b = log_base(base)
    pa, qa, _ = as_distribution_pair(p, q, one_d_for="kl_terms")
    t = _kl_terms(pa, qa)
    return t / ln_b + 0.0 if ln_b != 1.0 else t + 0.0


def js_divergence(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | np.ndarray:
    r"""Jensen-Shannon divergence of ``p`` and ``q``: the mean KL divergence to their midpoint.

    .. math:: D_{\mathrm{JS}}(P \,\|\, Q) = \tfrac12 D_{\mathrm{KL}}(P \,\|\, M)
              + \tfrac12 D_{\mathrm{KL}}(Q \,\|\, M), \qquad M = \tfrac12 (P + Q)

    Symmetric in ``p`` and ``q``, between 0 and ln 2 (1 bit), 0 exactly when
    ``p == q`` and ln 2 exactly when their supports are disjoint; always finite,
    since M(x) > 0 wherever P(x) > 0 or Q(x) > 0.  Its square root is a metric
    (Endres and Schindelin, 2003).  ``scipy.spatial.distance.jensenshannon``
    returns that square root.

    Each outcome contributes ``(s/4)·g(d)`` with ``s = P(x) + Q(x)``,
    ``d = (P(x) - Q(x))/s`` and ``g(d) = (1+d)ln(1+d) + (1-d)ln(1-d) >= 0``, so no
    terms cancel; near P(x) = Q(x) it uses ``g(d) = 2d·atanh(d) + log1p(-d²)``,
    accurate when ``g`` is tiny.  Rounding noise outside [0, ln 2] is clipped.

    Parameters
    ----------
    p, q : array-like
        Distributions of the same shape, entries in [0, 1] summing to 1 along
        ``axis`` (within 1e-6).  Checked exactly as :func:`kl_divergence` checks them.
    base : float, optional
        ``None`` (default) for nats, ``2`` for bits (then the bound is 1).
    axis : int, default -1
        The axis holding each distribution; other axes form a batch.

    Returns
    -------
    float or ndarray
        A Python float for 1-D input, otherwise an array with ``axis`` removed.

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0], base=2)
    1.0
    >>> f"{js_divergence([0.2, 0.8], [0.3, 0.7]):.6f}"
    '0.006702'
    >>> js_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    from ._validation import as_distribution_pair, log_base

    ln_b = log_base(base)
    pa, qa, ax = as_distribution_pair(p, q, axis)
    s = pa + qa
    with np.errstate(divide="ignore", invalid="ignore"):
        d = (pa - qa) / s  # in [-1, 1]; NaN where P(x) = Q(x) = 0
        near = 0.25 * s * (2.0 * d * np.arctanh(d) + np.log1p(-d * d))
        far = 0.5 * (
            np.where(pa > 0, pa * np.log(2.0 * pa / s), 0.0)
            + np.where(qa > 0, qa * np.log(2.0 * qa / s), 0.0)
        )
    terms = np.where(s > 0, np.where(np.abs(d) <= 0.5, near, far), 0.0)
    total = np.clip(np.add.reduce(terms, axis=ax), 0.0, np.log(2.0)) / ln_b
    return float(total) + 0.0 if total.ndim == 0 else total + 0.0
