"""Input checks shared by every public function of the package.

One fault, one message: every function that takes a distribution, a joint table,
a number or a base validates it here, so the same mistake gets the same
``ValueError`` wherever it is made.  Each message names the argument, says what
is wrong and shows what was found, with its index for arrays::

    p must contain probabilities in [0, 1], found 1.5 > 1 at index 0; ...
    q must sum to 1 along axis -1 (tolerance 1e-06), got 0.9

Checks run in a fixed order: conversion (a regular array of real numbers, not
empty), NaN, infinities, range, then sums.  The first fault found is reported.
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np

__all__ = [
    "SUM_TOLERANCE",
    "as_array",
    "as_distribution",
    "as_distribution_pair",
    "as_integer",
    "as_joint",
    "as_number",
    "as_probability",
    "check_axis",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_probabilities",
    "check_same_shape",
    "check_sums_to_one",
    "in_units",
    "log_base",
]

#: Tolerance for "sums to 1": ``abs(sum - 1) <= SUM_TOLERANCE``.
SUM_TOLERANCE = 1e-6

_REAL = (int, float, np.integer, np.floating)


def _fmt(v: float) -> str:
    """Ten significant digits, or every digit where ten would hide the fault (1 + 2e-16)."""
    s = f"{v:.10g}"
    return repr(v) if float(s) in (0.0, 1.0) and v not in (0.0, 1.0) else s


def _where(index: tuple[int, ...]) -> str:
    return f"index {index[0]}" if len(index) == 1 else f"index {index}"


def _first(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _preview(a: np.ndarray) -> str:
    flat = a.reshape(-1)[:3].tolist() if a.ndim else [a.item()]
    return ", ".join(repr(v) for v in flat)


# ------------------------------------------------------------------------- scalars


def log_base(base: object) -> float:
    """Return ``ln(base)``, or 1.0 for ``base=None`` (nats), after validating ``base``."""
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, _REAL):
        raise ValueError(
            f"base must be a real number > 0 and != 1 (or None for nats), "
            f"got {base!r} of type {type(base).__name__}"
        )
    b = float(base)
    if not math.isfinite(b) or b <= 0.0 or b == 1.0:
        raise ValueError(f"base must be a finite number > 0 and != 1, got {b!r}")
    return math.log(b)


@overload
def in_units(nats: float, ln_base: float) -> float: ...
@overload
def in_units(nats: np.ndarray, ln_base: float) -> float | np.ndarray: ...
def in_units(nats: float | np.ndarray, ln_base: float) -> float | np.ndarray:
    """Express a result computed in nats in the unit of the base with ``ln(base) = ln_base``.

    Divides by ``ln_base`` (1.0 for nats), turns ``-0.0`` into ``0.0`` and returns a
    Python float for a 0-d result.  For a base in (0, 1), ``ln_base < 0``: the signs flip.

    >>> in_units(0.6931471805599453, 0.6931471805599453)
    1.0
    """
    values = nats / ln_base + 0.0 if ln_base != 1.0 else nats + 0.0
    return float(values) if np.ndim(values) == 0 else values


def as_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float in the given interval, or raise.

    ``low``/``high`` bound the interval (closed unless ``low_open``/``high_open``).

    >>> as_number(0.5, "epsilon", low=0.0, high=1.0)
    0.5
    """
    if isinstance(value, bool) or not isinstance(value, _REAL):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v!r}")
    too_low = low is not None and (v <= low if low_open else v < low)
    too_high = high is not None and (v >= high if high_open else v > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {_interval(low, high, low_open, high_open)}, got {v!r}")
    return v


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    return f"{'<' if high_open else '<='} {high:g}"


def as_probability(value: object, name: str) -> float:
    """Return ``value`` as a float probability in [0, 1], or raise.

    >>> as_probability(0.25, "prob")
    0.25
    """
    if isinstance(value, bool) or not isinstance(value, _REAL):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not 0.0 <= v <= 1.0:  # also false for NaN
        raise ValueError(f"{name} must be a probability in [0, 1], got {v!r}")
    return v


def as_integer(value: object, name: str, *, low: int | None = None) -> int:
    """Return ``value`` as an int (``>= low`` if given), or raise.

    >>> as_integer(3, "n", low=1)
    3
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if low is not None and v < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {v}")
    return v


# -------------------------------------------------------------------------- arrays


def as_array(x: object, name: str) -> np.ndarray:
    """Convert ``x`` to a float64 ndarray with at least one dimension and one entry."""
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{name} must be an array-like of numbers with a regular shape: {exc}"
        ) from None
    if a.dtype.kind not in "fiu":
        raise ValueError(
            f"{name} must contain real numbers, got an array of dtype {a.dtype} "
            f"(first entries: {_preview(a)})"
        )
    if a.ndim == 0:
        raise ValueError(
            f"{name} must be a distribution (at least 1-D), got the scalar {a.item()!r}"
        )
    if a.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {a.shape}")
    return a.astype(np.float64, copy=False)


def check_axis(axis: object, ndim: int, name: str) -> int:
    """Return ``axis`` normalised to ``0 <= axis < ndim``, or raise."""
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"axis must be an integer, got {axis!r}")
    ax = int(axis)
    if not -ndim <= ax < ndim:
        raise ValueError(
            f"axis {ax} is out of range for {name} with {ndim} dimension"
            f"{'s' if ndim != 1 else ''} (valid: {-ndim} to {ndim - 1})"
        )
    return ax % ndim


def check_same_shape(a: np.ndarray, b: np.ndarray, names: tuple[str, str] = ("p", "q")) -> None:
    """Raise unless ``a`` and ``b`` have the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape (no broadcasting), "
            f"got {names[0]} {a.shape} and {names[1]} {b.shape}"
        )


def check_finite(a: np.ndarray, name: str) -> None:
    """Raise for the first NaN, then the first infinite entry of ``a``."""
    with np.errstate(invalid="ignore"):
        nan = np.isnan(a)
        if nan.any():
            raise ValueError(f"{name} must not contain NaN, found NaN at {_where(_first(nan))}")
        inf = np.isinf(a)
        if inf.any():
            idx = _first(inf)
            raise ValueError(
                f"{name} must contain finite numbers, found {float(a[idx])} at {_where(idx)}"
            )


def check_probabilities(a: np.ndarray, name: str, *, counts_hint: bool = True) -> None:
    """Raise unless every entry of ``a`` is a probability in [0, 1] (NaN, inf first).

    ``counts_hint``: end the message for an entry > 1 with a pointer to
    ``infocourse.normalize`` (right for distributions, which are often passed as
    counts by mistake; not for arrays of separate probabilities).
    """
    with np.errstate(invalid="ignore"):
        if a.min() >= 0.0 and a.max() <= 1.0:  # also false when there is a NaN
            return
    check_finite(a, name)
    above = a > 1.0
    if above.any():
        idx = _first(above)
        hint = "; for counts or weights use infocourse.normalize" if counts_hint else ""
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], found {_fmt(float(a[idx]))} > 1 "
            f"at {_where(idx)}{hint}"
        )
    idx = _first(a < 0.0)
    raise ValueError(
        f"{name} must contain probabilities in [0, 1], found the negative entry "
        f"{_fmt(float(a[idx]))} at {_where(idx)}"
    )


def check_nonnegative(a: np.ndarray, name: str) -> None:
    """Raise unless every entry of ``a`` is finite and >= 0 (weights, counts)."""
    with np.errstate(invalid="ignore"):
        if a.min() >= 0.0 and a.max() < math.inf:  # also false when there is a NaN
            return
    check_finite(a, name)
    idx = _first(a < 0.0)
    raise ValueError(
        f"{name} must be non-negative, found the negative entry {_fmt(float(a[idx]))} "
        f"at {_where(idx)}"
    )


def check_sums_to_one(a: np.ndarray, name: str, axis: int | None, *, shown_axis: object) -> None:
    """Raise unless ``a`` sums to 1 along ``axis`` (``None``: over all entries).

    ``shown_axis`` is the axis as the caller wrote it, for the message.
    """
    sums = a.sum(axis=axis)
    off = np.abs(sums - 1.0) > SUM_TOLERANCE
    if not off.any():
        return
    over = "over all entries" if axis is None else f"along axis {shown_axis}"
    head = f"{name} must sum to 1 {over} (tolerance {SUM_TOLERANCE:g}), got"
    if np.ndim(off) == 0:
        raise ValueError(f"{head} {_fmt(float(sums))}")
    idx = _first(off)
    n_off = int(off.sum())
    more = f" ({n_off} of {off.size} distributions are off)" if n_off > 1 else ""
    raise ValueError(f"{head} {_fmt(float(sums[idx]))} for the distribution at index {idx}{more}")


def as_distribution(x: object, name: str, axis: object = -1) -> tuple[np.ndarray, int]:
    """Validate ``x`` as distributions along ``axis``; return (float64 array, axis >= 0).

    >>> a, ax = as_distribution([0.25, 0.75], "p")
    >>> a.tolist(), ax
    ([0.25, 0.75], 0)
    """
    a = as_array(x, name)
    ax = check_axis(axis, a.ndim, name)
    check_probabilities(a, name)
    check_sums_to_one(a, name, ax, shown_axis=axis)
    return a, ax


def as_distribution_pair(
    p: object,
    q: object,
    axis: object = -1,
    names: tuple[str, str] = ("p", "q"),
    *,
    one_d_for: str | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Validate two distributions of one shape along ``axis``; return (p, q, axis >= 0).

    ``one_d_for``: the name of a caller that accepts only 1-D distributions (it
    appears in the message for 2-D input).

    >>> p, q, ax = as_distribution_pair([0.5, 0.5], [0.25, 0.75])
    >>> q.tolist(), ax
    ([0.25, 0.75], 0)
    """
    pa = as_array(p, names[0])
    qa = as_array(q, names[1])
    check_same_shape(pa, qa, names)
    if one_d_for is not None and pa.ndim != 1:
        raise ValueError(
            f"{names[0]} and {names[1]} must be 1-D for {one_d_for}, got {pa.ndim}-D arrays"
        )
    ax = check_axis(axis, pa.ndim, f"{names[0]} and {names[1]}")
    for a, name in ((pa, names[0]), (qa, names[1])):
        check_probabilities(a, name)
        check_sums_to_one(a, name, ax, shown_axis=axis)
    return pa, qa, ax


def as_joint(pxy: object, name: str = "pxy") -> np.ndarray:
    """Validate a 2-D joint probability table (X along axis 0, Y along axis 1).

    Entries in [0, 1], summing to 1 over the whole table.

    >>> as_joint([[0.5, 0.0], [0.25, 0.25]]).shape
    (2, 2)
    """
    a = as_array(pxy, name)
    if a.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D joint probability table (X along axis 0, Y along "
            f"axis 1), got a {a.ndim}-D array of shape {a.shape}"
        )
    check_probabilities(a, name)
    check_sums_to_one(a, name, None, shown_axis=None)
    return a


def check_positive(a: np.ndarray, name: str) -> None:
    """Raise unless every entry of the (finite) array ``a`` is > 0, naming the first bad one.

    The array form of ``as_number(value, name, low=0, low_open=True)``.

    >>> check_positive(np.array([0.5, 0.0]), "sigma")
    Traceback (most recent call last):
    ...
    ValueError: sigma must be > 0, found 0 at index 1
    """
    bad = ~(a > 0.0)
    if bad.any():
        idx = _first(bad)
        raise ValueError(f"{name} must be > 0, found {_fmt(float(a[idx]))} at {_where(idx)}")
