"""A faster route to the same numbers; not part of the reading.

The definitions are the public functions in ``_entropy.py``, ``_cross_entropy.py``
and ``divergence.py``: validation, then a few lines of numpy.  They ask this module
first; it answers where bench/ shows those few lines to be slow, and returns
``None`` whenever it is not sure (a fault in the input, an unusual type or layout,
-0.0): the definition then computes the value or raises the error, so the messages
cannot differ.  tests/test_fast.py compares the two on every input class of bench/.
``ENABLED = False`` switches this module off (tests and bench/ do).

* **Short 1-D inputs** (lists, tuples, arrays of at most ``SMALL`` entries): one
  pure-Python loop per function, checks and terms together.  Turning a
  two-element list into an array costs more than the whole sum.
* **Arrays** (and longer lists): the reduced axis is cut into blocks of ``BLOCK``
  entries, so that every pass after the first over a block reads from cache, not
  from memory; the checks (range, sums) run on each block after the terms.  The
  dense kernels keep every pass on numpy's vectorised (SIMD) loops:

  - ``np.log`` is kept off zeros: numpy's vectorised log leaves its fast loop for each
    special value, and a block with 50 % zeros took 8x longer.  Where p has
    zeros, entropy takes ``log(max(p, 5e-324))`` (unchanged for p > 0, and
    ``0 * log(5e-324) = 0`` where p = 0) and KL clamps its ``log1p`` argument the
    same way (``_kl_dense``); where the first block has none, the kernels skip that
    pass, and a zero in a later block (a NaN block sum) makes that block and the
    rest take it.  A zero in q gives a non-finite block sum too: that block and the
    rest are summed with the definition's terms (``where``; slower, exact).
  - No masks, ``where=`` arguments or fancy indexing in the dense kernels (10-50x
    slower than a plain ufunc here).  A p that is mostly zeros (one-hot targets)
    takes the opposite road: only its nonzero entries are gathered and summed.
  - No BLAS: ``np.dot`` runs long products on OpenBLAS's thread pool, and when
    other processes keep the cores busy, waking those threads costs far more than
    the product (2-17x measured).  Products are ``np.multiply`` into a work buffer,
    sums ``np.add.reduce`` (single-threaded, pairwise, hence accurate).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

from ._validation import SUM_TOLERANCE, log_base

#: Set to False to run the readable definitions only (tests, bench/).
ENABLED = True

#: Inputs of at most this many entries take the pure-Python route.
SMALL = 32

#: Entries per block (32768 float64 = 256 KiB per buffer); see bench/block_size.py.
BLOCK = 32768

#: p counts as sparse (only its nonzero entries are summed) when fewer than one
#: entry in SPARSE of its first block is nonzero: one-hot targets, for instance.
SPARSE = 16

_INF = math.inf
_log = math.log
_log1p = math.log1p
_finite = math.isfinite
_TINY = 5e-324  # the smallest positive float64 (subnormal)
_ONE_BITS = int(np.float64(1.0).view(np.uint64))
#: The float64 just above -1 (log1p is finite there).
_ABOVE_MINUS_ONE = -1.0 + 2.0**-53
_NUMERIC = frozenset("fiu")
_SEQUENCES = (list, tuple)
#: A basic index into an array: a slice, or a tuple of integers and slices.
_Index = slice | tuple[int | slice, ...]


# --------------------------------------------------------------- short inputs
#
# One loop per function: type, range and sum checks and the terms together.  The
# arithmetic is that of the old pure-Python path (same order, math.log/log1p), so
# short inputs give the very same floats as before.


def _short(x: object) -> list | tuple | None:
    """``x`` itself if it is a short list or tuple, a short 1-D float array as a list."""
    if x.__class__ in _SEQUENCES:
        return x if 0 < len(x) <= SMALL else None
    if x.__class__ is np.ndarray:
        a: np.ndarray = x
        if a.ndim == 1 and 0 < a.size <= SMALL and a.dtype.kind == "f":
            return a.tolist()
    return None


def _to_float(x: object) -> float | None:
    """A Python float for an int or float subclass (np.float64); None for anything else
    (bool, str, numpy integers, nested lists: the definition decides about those)."""
    if x.__class__ is int or isinstance(x, float):
        try:
            return float(x)
        except OverflowError:
            return None
    return None


def _entropy_short(p: list | tuple) -> float | None:
    s = h = 0.0
    for x in p:
        if x.__class__ is not float and (x := _to_float(x)) is None:
            return None
        if not 0.0 <= x <= 1.0:  # also false for NaN
            return None
        s += x
        if x > 0.0:
            h -= x * _log(x)
    return h if abs(s - 1.0) <= SUM_TOLERANCE else None


def _cross_entropy_short(p: list | tuple, q: list | tuple) -> float | None:
    if len(p) != len(q):
        return None
    sp = sq = h = 0.0
    infinite = False
    for a, b in zip(p, q):
        if a.__class__ is not float and (a := _to_float(a)) is None:
            return None
        if b.__class__ is not float and (b := _to_float(b)) is None:
            return None
        if not (0.0 <= a <= 1.0 and 0.0 <= b <= 1.0):
            return None
        sp += a
        sq += b
        if a > 0.0:
            if b == 0.0:
                infinite = True
            else:
                h -= a * _log(b)
    if not (abs(sp - 1.0) <= SUM_TOLERANCE and abs(sq - 1.0) <= SUM_TOLERANCE):
        return None
    return _INF if infinite else h


def _kl_short(p: list | tuple, q: list | tuple) -> float | None:
    if len(p) != len(q):
        return None
    sp = sq = d = 0.0
    for a, b in zip(p, q):
        if a.__class__ is not float and (a := _to_float(a)) is None:
            return None
        if b.__class__ is not float and (b := _to_float(b)) is None:
            return None
        if not (0.0 <= a <= 1.0 and 0.0 <= b <= 1.0):
            return None
        sp += a
        sq += b
        if a > 0.0:  # the term a·ln(a/b), accurate when b ≈ a and safe for subnormal b
            if b == 0.0:
                d += _INF
            else:
                e = a - b
                if abs(e) <= 0.5 * b:  # a - b is exact here (Sterbenz); log1p keeps the digits
                    d += a * _log1p(e / b)
                else:
                    d += a * (_log(a) - _log(b))
    if not (abs(sp - 1.0) <= SUM_TOLERANCE and abs(sq - 1.0) <= SUM_TOLERANCE):
        return None
    return d


# --------------------------------------------------------------------- arrays

_max = np.maximum.reduce
_sum = np.add.reduce


def _as_array(x: object) -> np.ndarray | None:
    """``x`` as a non-empty real ndarray (any layout), or None."""
    if x.__class__ is not np.ndarray:
        try:
            x = np.asarray(x)
        except (ValueError, TypeError):
            return None
    a: np.ndarray = x
    if a.dtype.kind not in _NUMERIC or a.ndim == 0 or a.size == 0:
        return None
    return a


def _axis(axis: object, ndim: int) -> int | None:
    if axis.__class__ is not int or not -ndim <= axis < ndim:
        return None
    return axis % ndim


def _in_unit_interval(b: np.ndarray) -> bool:
    """True if every entry of the float64 block is in [+0, 1] (False for NaN and -0.0).

    One pass: for a float64 with the sign bit clear, the order of the values is the
    order of their bit patterns read as unsigned integers, and a set sign bit
    (negative numbers, -0.0, negative NaN) reads as a huge integer.
    """
    return int(_max(b.view(np.uint64), axis=None)) <= _ONE_BITS


class _Kernel(NamedTuple):
    """One quantity, summed over a block in four ways (see the module docstring)."""

    #: (*blocks, ax, scratch) -> sums along ax of the terms P(x)·log(...), fastest;
    #: non-finite where p has zeros (entropy, KL) or q has zeros
    dense: Callable[..., np.ndarray]
    #: the same with log's argument kept off zero where p = 0: non-finite only where
    #: q has zeros (or, for KL, is subnormal)
    safe: Callable[..., np.ndarray]
    #: (*blocks) -> the definition's terms, elementwise, for what ``safe`` cannot do
    exact: Callable[..., np.ndarray]
    #: (*values) -> the terms of the entries where p > 0, as 1-D arrays: sparse route
    terms: Callable[..., np.ndarray]
    #: -1 where the quantity is minus the sum of the terms (H, H(P, Q))
    sign: float


class _Route:
    """How the blocks of one call are summed, decided on the first block and kept.

    ``sparse``: p is mostly zeros, so only its nonzero entries are gathered and
    summed.  Otherwise ``level`` 0 (the dense kernel), 1 (safe) or 2 (exact): it
    starts at 1 if the first block of p has zeros, and a non-finite block sum
    (zeros in p or q, probably) moves it up for that block and the rest.
    """

    __slots__ = ("kernel", "level", "sparse")

    def __init__(self, kernel: _Kernel, first: np.ndarray) -> None:
        nonzero = np.count_nonzero(first != 0.0)  # 10x faster than on the floats
        self.kernel = kernel
        self.sparse = nonzero * SPARSE < first.size
        self.level = 0 if nonzero == first.size else 1

    def sums(self, blks: list[np.ndarray], ax: int, scratch: np.ndarray) -> np.ndarray:
        """Sums of the block's terms along ``ax`` (0-d for a 1-D block)."""
        k = self.kernel
        if self.sparse:
            flat = [b.reshape(-1) for b in blks]
            idx = np.flatnonzero(flat[0] != 0.0)
            t = k.terms(*(f[idx] for f in flat))
            if blks[0].ndim == 1:
                return _sum(t)  # pairwise
            if ax == 1 and blks[0].shape[0] == 1:
                return _sum(t, keepdims=True)
            r, m = blks[0].shape
            return np.bincount(idx // m if ax else idx % m, weights=t, minlength=r if ax else m)
        while self.level < 2:
            v = (k.safe if self.level else k.dense)(*blks, ax, scratch)
            if _finite(v) if v.ndim == 0 else np.isfinite(v).all():
                return v
            self.level += 1
        return _sum(k.exact(*blks), axis=ax)


def _reduce(
    kernel: _Kernel, arrays: list[np.ndarray], axis: int, ln_base: float
) -> float | np.ndarray | None:
    """Validate ``arrays`` as distributions along ``axis`` and sum ``kernel``'s terms.

    Returns the result in the unit of ``ln_base``, or None if any check fails.
    Each block holds pieces of rows of the reduced axis (``inner == 1``) or whole
    distributions side by side (``axis`` not last, reduced along the block's axis 0).
    """
    shape = arrays[0].shape
    if len(shape) == 1:
        return _reduce_1d(kernel, arrays, ln_base)
    n = shape[axis]
    outer, inner = math.prod(shape[:axis]), math.prod(shape[axis + 1 :])
    # each block: (index into the views, reduction axis, slice of ``out``)
    views: list[np.ndarray]
    blocks: Iterator[tuple[_Index, int, slice]]
    if inner == 1:
        views = [a.reshape(outer, n) for a in arrays]
        if n >= BLOCK:
            size = BLOCK
            blocks = (
                (np.s_[i : i + 1, j : j + BLOCK], 1, np.s_[i : i + 1])
                for i in range(outer)
                for j in range(0, n, BLOCK)
            )
        else:
            k = BLOCK // n
            size = min(k, outer) * n
            blocks = ((np.s_[i : i + k], 1, np.s_[i : i + k]) for i in range(0, outer, k))
    else:
        views = [a.reshape(outer, n, inner) for a in arrays]
        k = max(1, BLOCK // inner)
        size = min(k, n) * inner
        blocks = (
            (np.s_[o, j : j + k], 0, np.s_[o * inner : (o + 1) * inner])
            for o in range(outer)
            for j in range(0, n, k)
        )
    out = np.zeros(outer * inner)
    sums = [np.zeros(outer * inner) for _ in arrays]
    # scratch buffers: one for the kernel, one per input to convert (float32, ints)
    convert = [i for i, a in enumerate(arrays) if a.dtype != np.float64]
    buffers = np.empty((1 + len(convert), size))
    route = None
    with np.errstate(all="ignore"):
        for index, ax, target in blocks:
            blks = [v[index] for v in views]
            r, m = blks[0].shape
            scratch = buffers[:, : r * m].reshape(-1, r, m)
            for j, i in enumerate(convert, start=1):
                np.copyto(scratch[j], blks[i], casting="unsafe")
                blks[i] = scratch[j]
            route = route or _Route(kernel, blks[0])
            out[target] += route.sums(blks, ax, scratch[0])
            for b, s in zip(blks, sums):  # the checks, on blocks now in cache
                if not _in_unit_interval(b):
                    return None
                s[target] += _sum(b, axis=ax)
        for s in sums:
            if not np.all(np.abs(s - 1.0) <= SUM_TOLERANCE):
                return None
        out *= kernel.sign
        np.maximum(out, 0.0, out=out)  # rounding noise below 0 (KL), and -0.0
    out /= ln_base
    out += 0.0
    if len(shape) == 1:
        return float(out[0])
    return out.reshape(shape[:axis] + shape[axis + 1 :])


def _reduce_1d(kernel: _Kernel, arrays: list[np.ndarray], ln_base: float) -> float | None:
    """``_reduce`` for one 1-D distribution, with scalar bookkeeping (fewer numpy calls)."""
    n = arrays[0].shape[0]
    convert = [i for i, a in enumerate(arrays) if a.dtype != np.float64]
    buffers = np.empty((1 + len(convert), min(n, BLOCK)))
    total = 0.0
    sums = [0.0] * len(arrays)
    route = None
    with np.errstate(all="ignore"):
        for j in range(0, n, BLOCK):
            blks = [a[j : j + BLOCK] for a in arrays]
            m = blks[0].shape[0]
            for k, i in enumerate(convert, start=1):
                np.copyto(buffers[k, :m], blks[i], casting="unsafe")
                blks[i] = buffers[k, :m]
            route = route or _Route(kernel, blks[0])
            total += float(route.sums(blks, 0, buffers[0, :m]))
            for i, b in enumerate(blks):
                if int(_max(b.view(np.uint64), axis=None)) > _ONE_BITS:
                    return None
                sums[i] += float(_sum(b))
    for s in sums:
        if not abs(s - 1.0) <= SUM_TOLERANCE:
            return None
    total *= kernel.sign
    return (total if total > 0.0 else 0.0) / ln_base + 0.0


def _entropy_dense(p: np.ndarray, ax: int, t: np.ndarray) -> np.ndarray:
    np.log(p, out=t)  # -inf where p = 0: 0·(-inf) is NaN, so the block goes to safe
    np.multiply(t, p, out=t)
    return _sum(t, axis=ax)


def _entropy_safe(p: np.ndarray, ax: int, t: np.ndarray) -> np.ndarray:
    np.maximum(p, _TINY, out=t)  # log never sees 0; 0·log(5e-324) = 0
    np.log(t, out=t)
    np.multiply(t, p, out=t)
    return _sum(t, axis=ax)


def _cross_entropy_dense(p: np.ndarray, q: np.ndarray, ax: int, t: np.ndarray) -> np.ndarray:
    np.log(q, out=t)  # -inf where q = 0: a non-finite sum, done again exactly
    np.multiply(t, p, out=t)
    return _sum(t, axis=ax)


def _kl_dense(
    p: np.ndarray, q: np.ndarray, ax: int, x: np.ndarray, safe: bool = False
) -> np.ndarray:
    # p·log(p/q) = p·log1p(x) with x = (p - q)/q: p - q is exact near p = q and
    # log1p keeps every digit of a small x.  Where p = 0, x = -1 and log1p(x) = -inf
    # (0·(-inf) is NaN: the block goes to _kl_safe).  x = +inf where q = 0 < p, or
    # q is subnormal and (p - q)/q overflows: a non-finite sum, done again exactly.
    np.subtract(p, q, out=x)
    np.divide(x, q, out=x)
    if safe:
        # x >= -1 + 2**-53 keeps log1p finite where p = 0 (0·log1p(x) = 0, also for
        # p = q = 0, where x is NaN) and changes a term only where p/q < 2**-53, by
        # at most 4e-15·q, against the at least 0.99·q that such a term adds to the
        # divergence (relative error <= 5e-15).
        np.fmax(x, _ABOVE_MINUS_ONE, out=x)
    np.log1p(x, out=x)
    np.multiply(x, p, out=x)
    return _sum(x, axis=ax)


def _kl_safe(p: np.ndarray, q: np.ndarray, ax: int, x: np.ndarray) -> np.ndarray:
    return _kl_dense(p, q, ax, x, safe=True)


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    from .divergence import _kl_terms as terms  # the definition's terms

    return terms(p, q)


_ENTROPY = _Kernel(
    _entropy_dense,
    _entropy_safe,
    lambda p: p * np.log(np.where(p > 0.0, p, 1.0)),
    lambda p: p * np.log(p),
    -1.0,
)
_CROSS_ENTROPY = _Kernel(
    _cross_entropy_dense,
    _cross_entropy_dense,
    lambda p, q: p * np.log(np.where(p > 0.0, q, 1.0)),
    lambda p, q: p * np.log(q),
    -1.0,
)
_KL = _Kernel(_kl_dense, _kl_safe, _kl_terms, _kl_terms, 1.0)


# ------------------------------------------------------------------ the three


def entropy(p: object, base: object, axis: object) -> float | np.ndarray | None:
    """H(P) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = 1.0 if base is None else log_base(base)
    if axis.__class__ is int and (axis == -1 or axis == 0):
        v = p if p.__class__ in _SEQUENCES and 0 < len(p) <= SMALL else _short(p)
        if v is not None and (h := _entropy_short(v)) is not None:
            # clip rounding noise below 0 (and -0.0), then change the unit
            return (h if h > 0.0 else 0.0) / ln_base + 0.0
    a = _as_array(p)
    if a is None:
        return None
    ax = _axis(axis, a.ndim)
    if ax is None:
        return None
    return _reduce(_ENTROPY, [a], ax, ln_base)


def _pair(p: object, q: object, axis: object) -> tuple[np.ndarray, np.ndarray, int] | None:
    a = _as_array(p)
    b = _as_array(q)
    if a is None or b is None or a.shape != b.shape:
        return None
    ax = _axis(axis, a.ndim)
    return None if ax is None else (a, b, ax)


def cross_entropy(p: object, q: object, base: object, axis: object) -> float | np.ndarray | None:
    """H(P, Q) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = 1.0 if base is None else log_base(base)
    if axis.__class__ is int and (axis == -1 or axis == 0):
        a = p if p.__class__ in _SEQUENCES and 0 < len(p) <= SMALL else _short(p)
        b = q if q.__class__ in _SEQUENCES else _short(q)  # lengths: compared below
        if a is not None and b is not None and (h := _cross_entropy_short(a, b)) is not None:
            # clip rounding noise below 0 (and -0.0), then change the unit
            return (h if h > 0.0 else 0.0) / ln_base + 0.0
    pair = _pair(p, q, axis)
    if pair is None:
        return None
    return _reduce(_CROSS_ENTROPY, [pair[0], pair[1]], pair[2], ln_base)


def kl_divergence(p: object, q: object, base: object, axis: object) -> float | np.ndarray | None:
    """D_KL(P‖Q) in the unit of ``base``, or None (then the definition decides)."""
    if not ENABLED:
        return None
    ln_base = 1.0 if base is None else log_base(base)
    if axis.__class__ is int and (axis == -1 or axis == 0):
        a = p if p.__class__ in _SEQUENCES and 0 < len(p) <= SMALL else _short(p)
        b = q if q.__class__ in _SEQUENCES else _short(q)  # lengths: compared below
        if a is not None and b is not None and (d := _kl_short(a, b)) is not None:
            # clip rounding noise below 0 (and -0.0), then change the unit
            return (d if d > 0.0 else 0.0) / ln_base + 0.0
    pair = _pair(p, q, axis)
    if pair is None:
        return None
    return _reduce(_KL, [pair[0], pair[1]], pair[2], ln_base)
