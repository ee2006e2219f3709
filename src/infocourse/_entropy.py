"""Entropy H(P): the average surprise of one draw from P.

The public functions ``entropy``, ``surprise`` and ``binary_entropy`` are
re-exported by the package (``from infocourse import entropy``); this module is
private so that it does not shadow the function of the same name.
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from . import _fast
from ._validation import (
    as_array,
    as_distribution,
    as_probability,
    check_probabilities,
    in_units,
    log_base,
)

__all__ = ["binary_entropy", "entropy", "surprise"]


def entropy(p: ArrayLike, *, base: float | None = None, axis: int = -1) -> float | np.ndarray:
    r"""Shannon entropy of the distribution ``p``.

    .. math:: H(P) = -\sum_x P(x) \log P(x)

    Parameters
    ----------
    p : array-like
        Probabilities along ``axis``: entries in [0, 1] summing to 1 (within
        ``SUM_TOLERANCE`` = 1e-6).  Lists, tuples, integer and float arrays work.
        For counts or weights, call :func:`infocourse.normalize` first.
    base : float, optional
        Logarithm base: ``None`` (default) gives nats (natural log), ``2`` bits.
        Any finite base > 0 and != 1 is allowed; a base in (0, 1) flips the sign.
    axis : int, default -1
        The axis holding each distribution; other axes form a batch.

    Returns
    -------
    float or ndarray
        A Python float for 1-D input, otherwise an array with ``axis`` removed.
        For n outcomes it lies in [0, log_b n] for a base b > 1 (or nats), and in
        [log_b n, 0] for a base in (0, 1), where log_b n < 0.  Never ``-0.0``.

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
    h = _fast.entropy(p, base, axis)  # the same number, sooner, for most inputs (see _fast)
    if h is not None:
        return h
    ln_base = log_base(base)
    p, axis = as_distribution(p, "p", axis)
    terms = p * np.log(np.where(p > 0, p, 1.0))  # P(x)·log P(x), with 0·log 0 = 0
    return in_units(-terms.sum(axis=axis), ln_base)


def surprise(prob: float, *, base: float | None = None) -> float:
    r"""Surprise (self-information) of an event of probability ``prob``.

    .. math:: s(x) = -\log P(x)

    Zero for a certain event, ``+inf`` for an impossible one; in nats by default,
    in bits with ``base=2`` (negative for a base in (0, 1)).

    >>> surprise(0.5, base=2)
    1.0
    >>> surprise(1.0)
    0.0
    """
    ln_base = log_base(base)
    x = as_probability(prob, "prob")
    if x == 0.0:
        return math.inf if ln_base > 0.0 else -math.inf
    return in_units(-math.log(x), ln_base)


@overload
def binary_entropy(p: float, *, base: float | None = None) -> float: ...
@overload
def binary_entropy(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray: ...
def binary_entropy(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Entropy of a two-outcome distribution ``[p, 1 - p]``, vectorised over ``p``.

    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p)

    ``p`` may be a number (returns a float) or an array of probabilities (returns
    an array of the same shape), which is how the binary entropy curve is drawn.

    >>> binary_entropy(0.5, base=2)
    1.0
    >>> binary_entropy([0.0, 0.5, 1.0], base=2).tolist()
    [0.0, 1.0, 0.0]
    """
    log_base(base)
    if np.ndim(p) == 0:
        x = as_probability(p, "p")
        return float(_binary_entropies(np.array([x]), base)[0])
    a = as_array(p, "p")
    check_probabilities(a, "p", counts_hint=False)
    return _binary_entropies(a, base)


def _binary_entropies(a: np.ndarray, base: float | None) -> np.ndarray:
    """H_b(p) for every entry p of the (at least 1-D) array ``a``: the entropies of
    the distributions [p, 1 - p], stacked along a last axis."""
    return np.asarray(entropy(np.stack([a, 1.0 - a], axis=-1), base=base))  # a batch: an array
