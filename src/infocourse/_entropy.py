"""Entropy H(P): the average surprise of one draw from P."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._core import Work, evaluate, row_dot

__all__ = ["binary_entropy", "entropy", "surprise"]


def _entropy_small(p: list[float]) -> float:
    h = 0.0
    for x in p:
        if x > 0.0:
            h -= x * math.log(x)
    return h


def _entropy_block(p: np.ndarray, work: Work) -> np.ndarray:
    t = np.log(p, out=work[0])
    s = row_dot(t, p, out=t)
    if not np.isfinite(s).all():  # zeros in p: 0·log 0 = 0
        t = np.zeros_like(p)
        pos = p > 0.0
        t[pos] = p[pos] * np.log(p[pos])
        s = t.sum(axis=-1)
    return -s


def entropy(p: ArrayLike, *, base: float | None = None, axis: int = -1) -> float | np.ndarray:
    r"""Shannon entropy of the distribution ``p``.

    .. math:: H(P) = -\sum_x P(x) \log P(x)

    Parameters
    ----------
    p : array-like
        Probabilities along ``axis``: entries in [0, 1] summing to 1 (within
        ``SUM_TOLERANCE`` = 1e-6).  Lists, tuples and float32/float64 arrays work.
        For counts or weights, call :func:`infocourse.normalize` first.
    base : float, optional
        Logarithm base. ``None`` (default) gives nats (natural log), ``2`` bits.
        Any finite base > 0 and != 1 is allowed.
    axis : int, default -1
        The axis holding each distribution; other axes form a batch.

    Returns
    -------
    float or ndarray
        A Python float for 1-D input, otherwise an array with ``axis`` removed.
        Always >= 0 and never ``-0.0``.

    Conventions
    -----------
    A zero probability contributes nothing: 0·log 0 = 0.

    Raises
    ------
    ValueError
        Naming the argument and the fault: empty input, NaN or infinite entries,
        entries outside [0, 1], sums not equal to 1, a bad ``base`` or ``axis``.

    Examples
    --------
    >>> round(entropy([0.5, 0.5], base=2), 12)
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    >>> f"{entropy([0.2, 0.8]):.4f}"
    '0.5004'
    """
    return evaluate(
        (p,), ("p",), axis=axis, base=base, small_fn=_entropy_small, block_kernel=_entropy_block
    )


def surprise(prob: float, *, base: float | None = None) -> float:
    r"""Surprise (self-information) of an event of probability ``prob``.

    .. math:: I(x) = -\log P(x)

    Zero for a certain event, ``+inf`` for an impossible one; in nats by default,
    in bits with ``base=2``.

    >>> surprise(0.5, base=2)
    1.0
    >>> surprise(1.0)
    0.0
    """
    from ._core import log_base

    ln_b = log_base(base)
    if isinstance(prob, bool) or not isinstance(prob, (int, float, np.integer, np.floating)):
        raise ValueError(f"prob must be a number in [0, 1], got {prob!r}")
    x = float(prob)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"prob must be a probability in [0, 1], got {x!r}")
    if x == 0.0:
        return math.inf
    return -math.log(x) / ln_b + 0.0


def binary_entropy(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Entropy of a two-outcome distribution ``[p, 1 - p]``, vectorised over ``p``.

    .. math:: h(p) = -p \log p - (1 - p) \log (1 - p)

    ``p`` may be a number (returns a float) or an array of probabilities (returns
    an array of the same shape), which is how the binary entropy curve is drawn.

    >>> binary_entropy(0.5, base=2)
    1.0
    >>> binary_entropy([0.0, 0.5, 1.0], base=2).tolist()
    [0.0, 1.0, 0.0]
    """
    from ._core import as_float_array

    a = as_float_array([p] if np.ndim(p) == 0 else p, "p")
    bad = ~((a >= 0.0) & (a <= 1.0))
    if bad.any():
        raise ValueError(
            f"p must contain probabilities in [0, 1], found {float(a[bad].flat[0])!r}"
        )
    pairs = np.stack([a, 1.0 - a], axis=-1)
    h = entropy(pairs, base=base)
    if np.ndim(p) == 0:
        return float(np.asarray(h).reshape(-1)[0])
    return np.asarray(h).reshape(np.shape(p))
