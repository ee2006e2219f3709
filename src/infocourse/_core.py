"""Transitional names for modules that still import from ``infocourse._core``.

The package's machinery now lives in ``_validation.py`` (every check and message)
and ``_fast.py`` (the fast route of entropy, cross_entropy and kl_divergence).
The names below keep the older imports working until their modules move to
``_validation``; nothing in the package's own core uses them.  Delete this file
when ``grep -rn "_core" src`` finds nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from ._validation import (
    SUM_TOLERANCE,
    as_array,
    as_distribution,
    as_distribution_pair,
    check_axis,
    check_probabilities,
    check_sums_to_one,
    in_units,
    log_base,
)
from .divergence import _kl_terms as kl_terms_careful

__all__ = [
    "SUM_TOLERANCE",
    "Work",
    "as_float_array",
    "check_axis",
    "diagnose",
    "distribution_pair_1d",
    "evaluate",
    "kl_term",
    "kl_terms_careful",
    "log_base",
    "row_dot",
]

as_float_array = as_array


def kl_term(p: float, q: float) -> float:
    """One term p·ln(p/q), accurate when q ≈ p and safe for subnormal q."""
    if p == 0.0:
        return 0.0
    if q == 0.0:
        return math.inf
    d = p - q
    if abs(d) <= 0.5 * q:  # p - q is exact here (Sterbenz); log1p keeps the digits
        return p * math.log1p(d / q)
    return p * (math.log(p) - math.log(q))


def diagnose(a: np.ndarray, name: str, axis: int, *, original_axis: object) -> None:
    """Raise the precise ``ValueError`` for an array that is not a distribution."""
    check_probabilities(a, name)
    check_sums_to_one(a, name, axis, shown_axis=original_axis)


def distribution_pair_1d(p: object, q: object, *, purpose: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``p`` and ``q`` as two 1-D distributions of one shape; return them."""
    pa, qa, _ = as_distribution_pair(p, q, one_d_for=purpose)
    return pa, qa


class Work:
    """Scratch buffers of the old block kernels (one block: the whole input)."""

    __slots__ = ("_bufs", "shape")

    def __init__(self, size: int) -> None:
        self._bufs = np.empty((3, size))
        self.shape: tuple[int, int] = (0, 0)

    def __getitem__(self, i: int) -> np.ndarray:
        r, m = self.shape
        return self._bufs[i, : r * m].reshape(r, m)


def row_dot(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Per-row sums of ``a * b`` for 2-D blocks, using ``out`` as scratch (no BLAS)."""
    np.multiply(a, b, out=out)
    return np.add.reduce(out, axis=-1)


def evaluate(
    inputs: Sequence[object],
    names: Sequence[str],
    *,
    axis: object,
    base: object,
    small_fn: Callable[..., float],
    block_kernel: Callable[..., np.ndarray],
) -> float | np.ndarray:
    """Validate ``inputs`` as distributions along ``axis`` and reduce them.

    The old driver's interface: ``block_kernel`` receives the inputs as 2-D float64
    arrays ``(rows, n)`` (the reduced axis last) and a ``Work``, and returns per-row
    sums in nats.  ``small_fn`` is accepted and not used.
    """
    del small_fn
    ln_base = log_base(base)
    if len(inputs) == 2:
        p, q, ax = as_distribution_pair(inputs[0], inputs[1], axis, (names[0], names[1]))
        arrays = [p, q]
    else:
        p, ax = as_distribution(inputs[0], names[0], axis)
        arrays = [p]
    rows = [np.ascontiguousarray(np.moveaxis(a, ax, -1)).reshape(-1, a.shape[ax]) for a in arrays]
    work = Work(rows[0].size)
    work.shape = rows[0].shape
    with np.errstate(all="ignore"):
        values = np.maximum(block_kernel(*rows, work), 0.0)
    shape = arrays[0].shape[:ax] + arrays[0].shape[ax + 1 :]
    return in_units(values.reshape(shape) if shape else values[0], ln_base)
