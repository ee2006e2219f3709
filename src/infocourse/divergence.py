"""Kullback-Leibler divergence D(P || Q): the extra surprise paid for using Q."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._core import Work, evaluate, kl_term, kl_terms_careful

__all__ = ["kl_divergence", "kl_terms"]

def _kl_small(p: list[float], q: list[float]) -> float:
    s = 0.0
    for a, b in zip(p, q):
        s += kl_term(a, b)
    return s


def _kl_block(p: np.ndarray, q: np.ndarray, work: Work) -> np.ndarray:
    # One fast vectorised log per element, made accurate near p = q by Goldberg's
    # correction: with r = fl(p/q) and x = fl((p - q)/q),
    #     ln(p/q) = log1p(x) = ln(r) * x / (r - 1)        (= x where r == 1).
    # r - 1 is exact for r in [1/2, 2] and ln(r)/(r - 1) is smooth, so the product
    # keeps full relative accuracy even when ln(p/q) is tiny; far from 1 the factor
    # x/(r - 1) is 1 to within a few ulps.  The term p*ln(p/q) needs p*x, which is
    # (p - q)*p/q = (p - q)*r: so each term is
    #     ln(r) * (p - q) * r / (r - 1),
    # eight passes over the block in all (div, sub, sub, mul, div, log, mul, sum).
    r = np.divide(p, q, out=work[0])
    w = np.subtract(r, 1.0, out=work[1])
    f = np.subtract(p, q, out=work[2])
    np.multiply(f, r, out=f)
    np.divide(f, w, out=f)  # p*x/(r - 1): inf or NaN where r == 1
    t = np.log(r, out=work[0])
    np.multiply(t, f, out=t)
    s = np.add.reduce(t, axis=-1)
    if not np.isfinite(s).all():
        # Where r == 1 (w == 0) the term is p*x = (p - q)*r = p - q, and 0*inf gave
        # NaN; p = 0, q = 0 or r overflowing (subnormal q) go to the careful form.
        same = w == 0.0
        if same.any():
            np.copyto(t, p - q, where=same)
            s = np.add.reduce(t, axis=-1)
        if not np.isfinite(s).all():
            s = kl_terms_careful(p, q).sum(axis=-1)
    return s


def kl_divergence(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | np.ndarray:
    r"""Kullback-Leibler divergence of ``q`` from the reference ``p``.

    .. math:: D_{\mathrm{KL}}(P \,\|\, Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}
              = H(P, Q) - H(P)

    The extra uncertainty paid, on average, for using ``q`` in place of the true
    ``p``.  Computed directly from the terms P(x)·log(P(x)/Q(x)), never as
    H(P, Q) - H(P), which cancels catastrophically when Q is close to P.  Terms
    with Q(x) close to P(x) use ``log1p((p - q)/q)`` (relative error about 1e-15
    per term); far ratios use ``log p - log q``, which cannot overflow when ``q``
    is subnormal.

    Parameters
    ----------
    p, q : array-like
        Distributions of the same shape (no broadcasting), entries in [0, 1]
        summing to 1 along ``axis`` (within 1e-6).
    base : float, optional
        ``None`` (default) for nats, ``2`` for bits; any finite base > 0, != 1.
    axis : int, default -1
        The axis holding each distribution; other axes form a batch.

    Returns
    -------
    float or ndarray
        A Python float for 1-D input, otherwise an array with ``axis`` removed.
        Always >= 0 (rounding noise below 0 is clipped) and never ``-0.0``.

    Conventions
    -----------
    0·log(0/q) = 0; a term with P(x) > 0 and Q(x) = 0 makes the result ``+inf``.
    D(P || Q) = 0 exactly when Q = P wherever P > 0.  Not symmetric.

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
    return evaluate(
        (p, q), ("p", "q"), axis=axis, base=base, small_fn=_kl_small, block_kernel=_kl_block
    )


def kl_terms(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> np.ndarray:
    r"""Per-outcome contributions P(x)·log(P(x)/Q(x)) of a 1-D KL divergence.

    The terms can be negative; their sum is :func:`kl_divergence` (>= 0).
    Useful for bar charts of where the divergence comes from.

    >>> [f"{t:.4f}" for t in kl_terms([0.2, 0.8], [0.3, 0.7])]
    ['-0.0811', '0.1068']
    """
    from ._core import distribution_pair_1d, log_base

    ln_b = log_base(base)
    pa, qa = distribution_pair_1d(p, q, purpose="kl_terms")
    with np.errstate(all="ignore"):
        t = kl_terms_careful(pa, qa)
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
        far = 0.5 * (np.where(pa > 0, pa * np.log(2.0 * pa / s), 0.0)
                     + np.where(qa > 0, qa * np.log(2.0 * qa / s), 0.0))
    terms = np.where(s > 0, np.where(np.abs(d) <= 0.5, near, far), 0.0)
    total = np.clip(np.add.reduce(terms, axis=ax), 0.0, np.log(2.0)) / ln_b
    return float(total) + 0.0 if total.ndim == 0 else total + 0.0
