"""A faster route to the same numbers; not part of the reading.

The definitions are the public functions in ``_entropy.py``, ``_cross_entropy.py``
and ``divergence.py``: validation, then a few lines of numpy.  They ask this module
first, and it answers for the two kinds of input where bench/ shows the plain
numpy version to be slow:

* **Short 1-D inputs** (lists, tuples and arrays of at most ``SMALL`` entries):
  pure Python.  Turning a two-element list into an array costs more than the whole
  sum.
* **Arrays** (and longer lists): the reduced axis is cut into blocks of about
  ``BLOCK`` entries, so that every pass after the first reads from cache, not from
  memory, and the validation statistics (range, sums) are gathered in the same
  sweep.  Three things keep every pass on numpy's vectorised (SIMD) loops:

  - ``np.log`` never sees a zero.  numpy's vectorised log leaves its fast loop for
    special values, and a block with zeros took 5-8x longer.  Entropy takes
    ``log(max(p, 5e-324))``: unchanged for p > 0, and ``0 * log(5e-324) = 0``
    where p = 0.
  - No masks, no ``where=`` arguments, no fancy indexing (10-50x slower than a
    plain ufunc here).
  - No BLAS: ``np.dot`` runs long products on OpenBLAS's thread pool, and when
    other processes keep the cores busy, waking those threads costs far more than
    the product (2-17x measured).  Products are ``np.multiply`` into a work buffer,
    sums ``np.add.reduce`` (single-threaded, pairwise, hence accurate).

Every function here returns ``None`` when it is not sure: a fault in the input,
an unusual type or layout, -0.0.  The caller then runs the definition, which
computes the value or raises the error, so the messages cannot differ.  The
tests compare this module with the definitions on every input class of bench/.
``ENABLED = False`` switches it off (tests and bench/ do).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import SUM_TOLERANCE, log_base

#: Set to False to run the readable definitions only (tests, bench/).
ENABLED = True

#: Inputs of at most this many entries take the pure-Python route.
SMALL = 32

#: Entries per block (65536 float64 = 512 KiB per buffer); see bench/block_size.py.
BLOCK = 65536

_INF = math.inf
_TINY = 5e-324  # the smallest positive float64 (subnormal)
_ONE_BITS = int(np.float64(1.0).view(np.uint64))
#: Bit pattern of the smallest normal float64: a q at least this large cannot
#: overflow (p - q) / q, and is not zero.
_NORMAL_BITS = int(np.float64(np.finfo(np.float64).tiny).view(np.uint64))
#: The float64 just above -1 (log1p is finite there).
_ABOVE_MINUS_ONE = -1.0 + 2.0**-53
_NUMERIC = frozenset("fiu")


# --------------------------------------------------------------- short inputs


def _floats(x: object) -> list[float] | None:
    """``x`` as a list of Python floats if it is a short, flat, numeric 1-D input."""
    t = type(x)
    if t is list or t is tuple:
        if not 0 < len(x) <= SMALL:  # type: ignore[arg-type]
            return None
        out = []
        for v in x:  # type: ignore[union-attr]
            c = type(v)
            if c is not float:
                if c is int or isinstance(v, float):  # not bool, not numpy integers
                    v = float(v)
                else:
                    return None  # bools, strings, nested lists, numpy integers...
            out.append(v)
        return out
    if t is np.ndarray:
        a: np.ndarray = x  # type: ignore[assignment]
        if a.ndim == 1 and 0 < a.size <= SMALL and a.dtype.kind == "f":
            return a.tolist()
    return None


def _is_distribution(v: list[float]) -> bool:
    s = 0.0
    for x in v:
        if not 0.0 <= x <= 1.0:  # also false for NaN
            return False
        s += x
    return abs(s - 1.0) <= SUM_TOLERANCE


def _short_pair(p: object, q: object) -> tuple[list[float], list[float]] | None:
    a = _floats(p)
    if a is None:
        return None
    b = _floats(q)
    if b is None or len(a) != len(b) or not (_is_distribution(a) and _is_distribution(b)):
        return None
    return a, b


def _finish_scalar(value: float, ln_base: float) -> float:
    if not value > 0.0:  # rounding noise below 0, and -0.0
        value = 0.0
    if ln_base != 1.0:
        value = value / ln_base
    return value + 0.0


def _kl_term(p: float, q: float) -> float:
    """One term p·ln(p/q), accurate when q ≈ p and safe for subnormal q."""
    if p == 0.0:
        return 0.0
    if q == 0.0:
        return _INF
    d = p - q
    if abs(d) <= 0.5 * q:  # p - q is exact here (Sterbenz); log1p keeps the digits
        return p * math.log1p(d / q)
    return p * (math.log(p) - math.log(q))


# --------------------------------------------------------------------- arrays


def _as_array(x: object) -> np.ndarray | None:
    """``x`` as a non-empty real ndarray (any layout), or None."""
    if type(x) is not np.ndarray:
        try:
            x = np.asarray(x)
        except (ValueError, TypeError):
            return None
    a: np.ndarray = x  # type: ignore[assignment]
    if a.dtype.kind not in _NUMERIC or a.ndim == 0 or a.size == 0:
        return None
    return a


def _axis(axis: object, ndim: int) -> int | None:
    if type(axis) is not int or not -ndim <= axis < ndim:  # type: ignore[operator]
        return None
    return axis % ndim  # type: ignore[operator]


class _Work:
    """Flat scratch buffers, handed out in the shape of the current block."""

    __slots__ = ("_flat", "shape")

    def __init__(self, count: int, size: int) -> None:
        self._flat = [np.empty(size) for _ in range(count)]
        self.shape: tuple[int, int] = (0, 0)

    def __getitem__(self, i: int) -> np.ndarray:
        r, m = self.shape
        return self._flat[i][: r * m].reshape(r, m)


def _in_unit_interval(b: np.ndarray) -> bool:
    """True if every entry of the float64 block is in [+0, 1] (False for NaN, -0.0).

    One pass: for a float64 with the sign bit clear, the order of the values is the
    order of their bit patterns read as unsigned integers, and a set sign bit
    (negative numbers, -0.0, negative NaN) reads as a huge integer.  So
    ``max(bits) <= bits(1.0)`` proves every entry is in [+0, 1] and not NaN.
    """
    return int(b.view(np.uint64).max()) <= _ONE_BITS


Kernel = Callable[..., np.ndarray]


def _reduce(
    kernel: Kernel, arrays: list[np.ndarray], axis: int, ln_base: float, n_work: int
) -> float | np.ndarray | None:
    """Validate ``arrays`` as distributions along ``axis`` and reduce them with ``kernel``.

    ``kernel(*blocks, ax, work)`` receives 2-D float64 blocks and returns their
    sums along ``ax`` (1: the block's rows are distributions, or pieces of one;
    0: its columns are).  Returns None if any check fails.
    """
    shape = arrays[0].shape
    n = shape[axis]
    outer = math.prod(shape[:axis])
    inner = math.prod(shape[axis + 1 :])
    out = np.zeros(outer * inner)
    sums = [np.zeros(outer * inner) for _ in arrays]
    convert = [a.dtype != np.float64 for a in arrays]
    # (block index into the (outer, n, inner) view, reduction axis, target slice)
    if inner == 1:
        views = [a.reshape(outer, n) for a in arrays]
        if n >= BLOCK:
            size = BLOCK
            blocks = ((np.s_[i : i + 1, j : j + BLOCK], 1, np.s_[i : i + 1])
                      for i in range(outer) for j in range(0, n, BLOCK))
        else:
            k = BLOCK // n
            size = min(k, outer) * n
            blocks = ((np.s_[i : i + k], 1, np.s_[i : i + k]) for i in range(0, outer, k))
    else:
        views = [a.reshape(outer, n, inner) for a in arrays]
        k = max(1, BLOCK // inner)
        size = min(k, n) * inner
        blocks = ((np.s_[o, j : j + k], 0, np.s_[o * inner : (o + 1) * inner])
                  for o in range(outer) for j in range(0, n, k))
    work = _Work(n_work + sum(convert), size)
    with np.errstate(all="ignore"):
        for index, ax, target in blocks:
            blks = [v[index] for v in views]
            work.shape = blks[0].shape
            for i, c in enumerate(convert):
                if c:  # float32, integers: convert block by block, in cache
                    buf = work[n_work + sum(convert[:i])]
                    np.copyto(buf, blks[i], casting="unsafe")
                    blks[i] = buf
            for b, s in zip(blks, sums):
                if not _in_unit_interval(b):
                    return None
                s[target] += np.add.reduce(b, axis=ax)
            out[target] += kernel(*blks, ax, work)
        for s in sums:
            if not np.all(np.abs(s - 1.0) <= SUM_TOLERANCE):
                return None
        np.maximum(out, 0.0, out=out)  # rounding noise below 0 (KL); -0.0
    if ln_base != 1.0:
        out /= ln_base
    out += 0.0
    if len(shape) == 1:
        return float(out[0])
    return out.reshape(shape[:axis] + shape[axis + 1 :])


def _dot(a: np.ndarray, b: np.ndarray, ax: int, scratch: np.ndarray) -> np.ndarray:
    """Sums of ``a * b`` along ``ax`` (no BLAS: see the module docstring)."""
    np.multiply(a, b, out=scratch)
    return np.add.reduce(scratch, axis=ax)


def _entropy_kernel(p: np.ndarray, ax: int, work: _Work) -> np.ndarray:
    t = np.maximum(p, _TINY, out=work[0])  # log never sees 0; 0·log(5e-324) = 0
    np.log(t, out=t)
    return -_dot(p, t, ax, t)


def _cross_entropy_kernel(p: np.ndarray, q: np.ndarray, ax: int, work: _Work) -> np.ndarray:
    if int(q.view(np.uint64).min()) == 0:  # zeros in q: the definition's substitution
        t = np.log(np.where(p > 0.0, q, 1.0))  # -inf only where q = 0 < p
        return -np.add.reduce(p * t, axis=ax)
    t = np.log(q, out=work[0])
    return -_dot(p, t, ax, t)


def _kl_kernel(p: np.ndarray, q: np.ndarray, ax: int, work: _Work) -> np.ndarray:
    if int(q.view(np.uint64).min()) < _NORMAL_BITS:  # zeros or subnormals in q
        from .divergence import _kl_terms

        return np.add.reduce(_kl_terms(p, q), axis=ax)
    # p·log(p/q) = p·log1p(x) with x = (p - q)/q: p - q is exact near p = q and
    # log1p keeps every digit of a small x.  x >= -1 + 2**-53 keeps log1p finite
    # where p = 0 (0·log1p(x) = 0) and changes a term only where p/q < 2**-53,
    # by at most 4e-15·q, against the at least 0.99·q that such a term adds to
    # the divergence (relative error <= 5e-15).
    x = np.subtract(p, q, out=work[0])
    np.divide(x, q, out=x)
    np.fmax(x, _ABOVE_MINUS_ONE, out=x)
    np.log1p(x, out=x)
    np.multiply(x, p, out=x)
    return np.add.reduce(x, axis=ax)


# ------------------------------------------------------------------ the three


def entropy(p: object, base: object, axis: object) -> float | np.ndarray | None:
    """H(P) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = log_base(base)
    if type(axis) is int and (axis == -1 or axis == 0):
        v = _floats(p)
        if v is not None:
            if not _is_distribution(v):
                return None
            h = 0.0
            for x in v:
                if x > 0.0:
                    h -= x * math.log(x)
            return _finish_scalar(h, ln_base)
    a = _as_array(p)
    if a is None:
        return None
    ax = _axis(axis, a.ndim)
    if ax is None:
        return None
    return _reduce(_entropy_kernel, [a], ax, ln_base, 1)


def _pair(p: object, q: object, axis: object) -> tuple[np.ndarray, np.ndarray, int] | None:
    a = _as_array(p)
    b = _as_array(q)
    if a is None or b is None or a.shape != b.shape:
        return None
    ax = _axis(axis, a.ndim)
    return None if ax is None else (a, b, ax)


def cross_entropy(
    p: object, q: object, base: object, axis: object
) -> float | np.ndarray | None:
    """H(P, Q) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = log_base(base)
    if type(axis) is int and (axis == -1 or axis == 0):
        short = _short_pair(p, q)
        if short is not None:
            h = 0.0
            for a, b in zip(*short):
                if a > 0.0:
                    if b == 0.0:
                        return _finish_scalar(_INF, ln_base)
                    h -= a * math.log(b)
            return _finish_scalar(h, ln_base)
    pair = _pair(p, q, axis)
    if pair is None:
        return None
    return _reduce(_cross_entropy_kernel, [pair[0], pair[1]], pair[2], ln_base, 1)


def kl_divergence(
    p: object, q: object, base: object, axis: object
) -> float | np.ndarray | None:
    """D_KL(P‖Q) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = log_base(base)
    if type(axis) is int and (axis == -1 or axis == 0):
        short = _short_pair(p, q)
        if short is not None:
            d = 0.0
            for a, b in zip(*short):
                d += _kl_term(a, b)
            return _finish_scalar(d, ln_base)
    pair = _pair(p, q, axis)
    if pair is None:
        return None
    return _reduce(_kl_kernel, [pair[0], pair[1]], pair[2], ln_base, 1)
