"""Making distributions: normalising counts or weights, and small constructors."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._core import as_float_array, check_axis

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
    w = as_float_array(weights, "weights")
    ax = check_axis(axis, w.ndim, "weights")
    with np.errstate(all="ignore"):
        bad_nan = np.isnan(w)
        if bad_nan.any():
            idx = tuple(int(i) for i in np.argwhere(bad_nan)[0])
            raise ValueError(f"weights must not contain NaN, found NaN at index {_idx(idx)}")
        bad_inf = np.isinf(w)
        if bad_inf.any():
            idx = tuple(int(i) for i in np.argwhere(bad_inf)[0])
            raise ValueError(
                f"weights must be finite, found {w[idx]} at index {_idx(idx)}"
            )
        neg = w < 0
        if neg.any():
            idx = tuple(int(i) for i in np.argwhere(neg)[0])
            raise ValueError(
                f"weights must be non-negative, found {w[idx]:.10g} at index {_idx(idx)}"
            )
        total = w.sum(axis=ax, keepdims=True)
        zero = ~(total > 0)
        if zero.any():
            where = "" if w.ndim == 1 else (
                f" for the distribution at index "
                f"{tuple(int(i) for i in np.argwhere(np.squeeze(zero, axis=ax))[0])}"
            )
            raise ValueError(
                f"weights must have a positive sum along axis {axis}, got 0{where}"
            )
        if not np.isfinite(total).all():
            raise ValueError("weights are too large: their sum overflows float64")
        return w / total


def _idx(idx: tuple[int, ...]) -> str:
    return str(idx[0]) if len(idx) == 1 else str(idx)


def uniform(n: int) -> np.ndarray:
    """The uniform distribution on ``n`` outcomes (maximum entropy ``log n``).

    >>> uniform(4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    return np.full(int(n), 1.0 / int(n))


def binary(p: float) -> np.ndarray:
    """The two-outcome distribution ``[p, 1 - p]`` (e.g. heads, tails).

    >>> binary(0.25).tolist()
    [0.25, 0.75]
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise ValueError(f"p must be a number in [0, 1], got {p!r}")
    x = float(p)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"p must be a probability in [0, 1], got {x!r}")
    return np.array([x, 1.0 - x])
