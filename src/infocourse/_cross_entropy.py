"""Cross-entropy H(P, Q): the average surprise when events from P are judged by Q."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._core import Work, evaluate, row_dot

__all__ = ["cross_entropy"]


def _cross_entropy_small(p: list[float], q: list[float]) -> float:
    h = 0.0
    for a, b in zip(p, q):
        if a > 0.0:
            if b == 0.0:
                return math.inf
            h -= a * math.log(b)
    return h


def _cross_entropy_block(p: np.ndarray, q: np.ndarray, work: Work) -> np.ndarray:
    t = np.log(q, out=work[0])
    s = row_dot(t, p, out=t)
    if not np.isfinite(s).all():  # p = 0 where q = 0 contributes 0, not NaN
        t = np.zeros_like(p)
        pos = p > 0.0
        t[pos] = p[pos] * np.log(q[pos])  # -inf where q = 0 < p
        s = t.sum(axis=-1)
    return -s


def cross_entropy(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | np.ndarray:
    r"""Cross-entropy of the model ``q`` relative to the reference ``p``.

    .. math:: H(P, Q) = -\sum_x P(x) \log Q(x)

    The average code length (or surprise) when outcomes drawn from ``p`` are
    coded (or predicted) with ``q``.  ``p`` is the true or reference distribution
    and comes first, as in the formula.

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

    Conventions
    -----------
    A term with P(x) = 0 contributes 0 whatever Q(x) is; a term with P(x) > 0 and
    Q(x) = 0 makes the result ``+inf``.  H(P, P) = H(P) and H(P, Q) >= H(P).

    Examples
    --------
    >>> f"{cross_entropy([0.8, 0.2], [0.6, 0.4]):.4f}"
    '0.5919'
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    >>> cross_entropy([1.0, 0.0], [1.0, 0.0])
    0.0
    """
    return evaluate(
        (p, q),
        ("p", "q"),
        axis=axis,
        base=base,
        small_fn=_cross_entropy_small,
        block_kernel=_cross_entropy_block,
    )
