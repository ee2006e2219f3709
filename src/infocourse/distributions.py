"""Making distributions: normalising counts or weights, and small constructors."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, as_integer, as_probability, check_axis, check_nonnegative

__all__ = ["binary", "normalize", "uniform"]


def normalize(weights: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Turn non-negative weights (e.g. counts) into probabilities along ``axis``.

    .. math:: P(x) = \frac{w(x)}{\sum_{x'} w(x')}

    The entropy functions never normalise silently; call this explicitly when the
    input is counts or unnormalised scores.  Returns a float64 array of the same
    shape.

    >>> normalize([3, 1]).tolist()
    [0.75, 0.25]
    >>> normalize([[1, 1], [0, 2]]).tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    w = as_array(weights, "weights")
    ax = check_axis(axis, w.ndim, "weights")
    check_nonnegative(w, "weights")
    with np.errstate(over="ignore"):  # reported below
        total = w.sum(axis=ax, keepdims=True)
    zero = ~(total > 0)
    if zero.any():
        where = (
            ""
            if w.ndim == 1
            else (
                f" for the distribution at index "
                f"{tuple(int(i) for i in np.argwhere(np.squeeze(zero, axis=ax))[0])}"
            )
        )
        raise ValueError(f"weights must have a positive sum along axis {axis}, got 0{where}")
    if not np.isfinite(total).all():
        raise ValueError("weights are too large: their sum overflows float64")
    return w / total


def uniform(n: int) -> np.ndarray:
    """The uniform distribution on ``n`` outcomes (maximum entropy ``log n``).

    >>> uniform(4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    k = as_integer(n, "n", low=1)
    return np.full(k, 1.0 / k)


def binary(p: float) -> np.ndarray:
    """The two-outcome distribution ``[p, 1 - p]`` (e.g. heads, tails).

    >>> binary(0.25).tolist()
    [0.25, 0.75]
    """
    x = as_probability(p, "p")
    return np.array([x, 1.0 - x])
