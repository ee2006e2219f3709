"""Cross-entropy H(P, Q): the average surprise when events from P are judged by Q.

``cross_entropy`` is re-exported by the package; this module is private so that
it does not shadow the function of the same name.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _fast
from ._validation import as_distribution_pair, in_units, log_base

__all__ = ["cross_entropy"]


def cross_entropy(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | np.ndarray:
    r"""Cross-entropy of the model ``q`` relative to the reference ``p``.

    .. math:: H(P, Q) = -\sum_x P(x) \log Q(x)

    The average code length (or surprise) when outcomes drawn from ``p`` are
    coded (or predicted) with ``q``.  ``p`` is the reference distribution and comes
    first, as in the formula.

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
        Never ``-0.0``.

    Conventions
    -----------
    A term with P(x) = 0 contributes 0 whatever Q(x) is; a term with P(x) > 0 and
    Q(x) = 0 makes the result ``+inf`` (``-inf`` for a base in (0, 1)).  H(P, P) =
    H(P), and H(P, Q) >= H(P) in nats or any base above 1.

    Examples
    --------
    >>> f"{cross_entropy([0.8, 0.2], [0.6, 0.4]):.4f}"
    '0.5919'
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    >>> cross_entropy([1.0, 0.0], [1.0, 0.0])
    0.0
    """
    h = _fast.cross_entropy(p, q, base, axis)  # the same number, sooner (see _fast)
    if h is not None:
        return h
    ln_base = log_base(base)
    p, q, axis = as_distribution_pair(p, q, axis)
    with np.errstate(divide="ignore"):  # log 0 = -inf where Q(x) = 0 < P(x): H = +inf
        terms = p * np.log(np.where(p > 0, q, 1.0))  # P(x)·log Q(x), 0 where P(x) = 0
    return in_units(-terms.sum(axis=axis), ln_base)
