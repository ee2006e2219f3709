"""Shared machinery: input validation and the blocked reduction kernels.

Not public. The public functions live in ``entropy.py``, ``cross_entropy.py``,
``divergence.py`` and ``distributions.py``; they all go through here so that every
function validates in exactly the same way and gives the same messages.

Design
------
* Small 1-D inputs (lists, tuples, small float arrays) take a pure-Python path:
  converting a two-element list to an ndarray costs more than the whole sum.
* Larger inputs are viewed as a 2-D array ``(rows, n)`` with the reduced axis last
  and processed in cache-sized blocks, so intermediates stay in cache and only
  ``p`` and ``q`` stream from memory.  Validation statistics (range check, row
  sums) are gathered in the same pass; a failed check triggers a slow, precise
  diagnosis that produces the error message.
* Sums never go through BLAS (``np.dot``): OpenBLAS runs long dot products
  (above about 10000 elements) on its thread pool, and when other processes keep
  the cores busy, waking those threads costs far more than the sum itself (a
  blocked entropy of 1e7 entries measured 2x to 17x slower with ``np.dot`` than
  without; ``OPENBLAS_NUM_THREADS=1`` removed the difference).  Kernels multiply
  into a cached work buffer and reduce it with ``np.add.reduce``: single-threaded,
  and pairwise, hence also more accurate.
* The range check 0 <= x <= 1 takes one pass, not two (min and max): for a
  float64 with the sign bit clear, the order of the values is the order of their
  bit patterns read as unsigned integers, and a set sign bit (negative numbers,
  -0.0, negative NaN) reads as a huge integer.  So ``max(bits) <= bits(1.0)``
  proves every entry is in [+0, 1] and not NaN; a block failing that test (it has
  a bad entry, or merely -0.0) is checked again with the exact min and max.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from ._validation import (
    SUM_TOLERANCE,
    as_array,
    check_axis,
    check_probabilities,
    check_same_shape,
    check_sums_to_one,
    log_base,
)

#: Inputs of at most this many entries take the pure-Python path.
SMALL_SIZE = 32

#: Number of float64 elements processed at once by the blocked kernels
#: (65536 elements = 512 KiB per buffer: large enough that numpy's per-call
#: overhead is small, small enough that the work buffers stay in cache).  Tuned
#: with bench/block_size.py: at n = 1e7, 8-10% faster than 32768 (per-block Python
#: overhead is about 9 µs for entropy, 15 µs for KL); larger blocks gain little.
BLOCK = 65536

_INF = math.inf

#: The bit pattern of 1.0 read as an unsigned integer (for the range check).
_ONE_BITS = np.float64(1.0).view(np.uint64)


# --------------------------------------------------------------------------- base


# ---------------------------------------------------------------------- conversion


def small_list(x: object) -> list[float] | None:
    """Return ``x`` as a list of Python floats if it is a small, flat, numeric 1-D input.

    Returns ``None`` when ``x`` must go through the general (numpy) path, which also
    produces the error messages for malformed input.
    """
    t = type(x)
    if t is list or t is tuple:
        if not 0 < len(x) <= SMALL_SIZE:  # type: ignore[arg-type]
            return None
        for v in x:  # type: ignore[union-attr]
            if not (isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool))):
                return None
        return [float(v) for v in x]  # type: ignore[union-attr]
    if t is np.ndarray:
        a: np.ndarray = x  # type: ignore[assignment]
        if a.ndim == 1 and 0 < a.size <= SMALL_SIZE and a.dtype.kind == "f":
            return a.tolist()
    return None


def distribution_pair_1d(p: object, q: object, *, purpose: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``p`` and ``q`` as two 1-D distributions of one shape; return float64 arrays.

    For the helpers that work term by term (``kl_terms``, the numerics lab).  Faults
    raise the same messages as the reductions; ``purpose`` names the caller in the
    1-D message.
    """
    pa = as_float_array(p, "p")
    qa = as_float_array(q, "q")
    check_same_shape(pa, qa)
    if pa.ndim != 1:
        raise ValueError(f"p and q must be 1-D for {purpose}, got {pa.ndim}-D arrays")
    for a, name in ((pa, "p"), (qa, "q")):
        with np.errstate(invalid="ignore"):
            ok = a.min() >= 0.0 and a.max() <= 1.0 and abs(a.sum() - 1.0) <= SUM_TOLERANCE
        if not ok:
            diagnose(a, name, 0, original_axis=-1)
    return pa, qa


def as_rows(a: np.ndarray, axis: int) -> np.ndarray:
    """View ``a`` as a C-contiguous 2-D array ``(rows, n)`` with ``axis`` last."""
    if axis != a.ndim - 1:
        a = np.moveaxis(a, axis, -1)
    return np.ascontiguousarray(a).reshape(-1, a.shape[-1])


# ---------------------------------------------------------------------- validation


as_float_array = as_array


def diagnose(a: np.ndarray, name: str, axis: int, *, original_axis: object) -> None:
    """Raise the precise ``ValueError`` for an array that failed the fast checks."""
    check_probabilities(a, name)
    check_sums_to_one(a, name, axis, shown_axis=original_axis)


def check_small(v: list[float], name: str) -> None:
    """Validate a small list of floats; on any fault, raise the same error as arrays."""
    s = 0.0
    for x in v:
        if not 0.0 <= x <= 1.0:
            break
        s += x
    else:
        if abs(s - 1.0) <= SUM_TOLERANCE:
            return
    diagnose(np.array(v), name, 0, original_axis=-1)


# ------------------------------------------------------------------------- kernels

# A block kernel takes 2-D blocks ``(r, m)`` of p (and q) plus a ``Work`` object
# handing out scratch buffers of the block's shape, and returns the per-row sums of
# its terms.  The same kernels serve all shapes; ``reduce_rows`` does the slicing.
BlockKernel = Callable[..., np.ndarray]

_N_BUFFERS = 3


class Work:
    """Scratch buffers reused across blocks (``out=`` targets for the kernels)."""

    __slots__ = ("_bufs", "shape")

    def __init__(self, size: int) -> None:
        self._bufs = np.empty((_N_BUFFERS, size))
        self.shape: tuple[int, int] = (0, 0)

    def __getitem__(self, i: int) -> np.ndarray:
        r, m = self.shape
        return self._bufs[i, : r * m].reshape(r, m)


class _Stats:
    """Range check and running row sums of one input, gathered block by block."""

    __slots__ = ("in_range", "sums")

    def __init__(self, rows: int) -> None:
        self.in_range = True
        self.sums = np.zeros(rows)

    def update(self, blk: np.ndarray, rows: slice) -> None:
        # One unsigned-integer max instead of a float min and max (see the module
        # docstring); the exact check runs only for blocks that fail it.
        if blk.view(np.uint64).max() > _ONE_BITS:
            lo = blk.min()
            hi = blk.max()
            if not (lo >= 0.0 and hi <= 1.0):  # also false for NaN
                self.in_range = False
        self.sums[rows] += np.add.reduce(blk, axis=-1)

    def ok(self) -> bool:
        return self.in_range and bool(np.all(np.abs(self.sums - 1.0) <= SUM_TOLERANCE))


def reduce_rows(
    kernel: BlockKernel, arrays: Sequence[np.ndarray]
) -> tuple[np.ndarray, list[_Stats]]:
    """Apply ``kernel`` block by block to 2-D arrays of equal shape ``(rows, n)``.

    Returns the per-row sums of the kernel's terms and each input's statistics.
    """
    rows, n = arrays[0].shape
    out = np.zeros(rows)
    stats = [_Stats(rows) for _ in arrays]
    work = Work(min(BLOCK, rows * n) if n < BLOCK else BLOCK)
    with np.errstate(all="ignore"):
        if n >= BLOCK:
            for i in range(rows):
                acc = 0.0
                rs = slice(i, i + 1)
                for j in range(0, n, BLOCK):
                    blks = [a[rs, j : j + BLOCK] for a in arrays]
                    work.shape = blks[0].shape
                    for st, b in zip(stats, blks):
                        st.update(b, rs)
                    acc += float(kernel(*blks, work)[0])
                out[i] = acc
        else:
            step = max(1, BLOCK // n)
            for i in range(0, rows, step):
                rs = slice(i, i + step)
                blks = [a[rs] for a in arrays]
                work.shape = blks[0].shape
                for st, b in zip(stats, blks):
                    st.update(b, rs)
                out[rs] = kernel(*blks, work)
    return out, stats


def row_dot(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Per-row sums of ``a * b`` for 2-D blocks, using ``out`` as scratch.

    ``out`` may be ``a`` or ``b``.  No BLAS: see the module docstring.
    """
    np.multiply(a, b, out=out)
    return np.add.reduce(out, axis=-1)


def finish(values: np.ndarray, ln_base: float, shape: tuple[int, ...]) -> float | np.ndarray:
    """Clip rounding noise below 0 (in nats), convert to the base, drop -0.0, reshape.

    The clip comes before the change of base: for a base in (0, 1) the results
    are legitimately negative (ln(base) < 0).
    """
    np.maximum(values, 0.0, out=values)
    if ln_base != 1.0:
        values /= ln_base
    values += 0.0  # turns -0.0 into +0.0
    if not shape:
        return float(values[0])
    return values.reshape(shape)


def finish_scalar(value: float, ln_base: float) -> float:
    if not value > 0.0:  # rounding noise below 0, and -0.0
        value = 0.0
    if ln_base != 1.0:
        value = value / ln_base
    return value + 0.0


# ---------------------------------------------------------------- KL term formulas


def kl_term(p: float, q: float) -> float:
    """One term p·ln(p/q), accurate when q ≈ p and safe for subnormal q."""
    if p == 0.0:
        return 0.0
    if q == 0.0:
        return _INF
    d = p - q
    if abs(d) <= 0.5 * q:  # p - q is exact here (Sterbenz); log1p keeps the digits
        return p * math.log1p(d / q)
    return p * (math.log(p) - math.log(q))


def kl_terms_careful(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Elementwise p·ln(p/q) with every convention handled by masks (slow, exact)."""
    t = np.zeros(np.broadcast(p, q).shape)
    pos = p > 0.0
    t[pos & (q == 0.0)] = _INF
    ok = pos & (q > 0.0)
    d = p - q
    near = ok & (np.abs(d) <= 0.5 * q)
    far = ok & ~near
    t[near] = p[near] * np.log1p(d[near] / q[near])
    t[far] = p[far] * (np.log(p[far]) - np.log(q[far]))
    return t


# ------------------------------------------------------------------------- driver


def evaluate(
    inputs: Sequence[object],
    names: Sequence[str],
    *,
    axis: object,
    base: object,
    small_fn: Callable[..., float],
    block_kernel: BlockKernel,
) -> float | np.ndarray:
    """Validate ``inputs`` as distributions along ``axis`` and reduce them.

    ``small_fn`` receives lists of floats (pure-Python path for small 1-D inputs);
    ``block_kernel`` receives 2-D float64 blocks and returns per-row sums.
    Checks run in a fixed order: base, conversion, shapes, axis, contents.
    """
    ln_b = log_base(base)
    if type(axis) is int and (axis == -1 or axis == 0):
        smalls = [small_list(x) for x in inputs]
        if all(s is not None for s in smalls):
            if len(smalls) == 2 and len(smalls[0]) != len(smalls[1]):  # type: ignore[arg-type]
                raise ValueError(
                    f"p and q must have the same shape (no broadcasting), got p "
                    f"({len(smalls[0])},) and q ({len(smalls[1])},)"  # type: ignore[arg-type]
                )
            for s, name in zip(smalls, names):
                check_small(s, name)  # type: ignore[arg-type]
            return finish_scalar(small_fn(*smalls), ln_b)
    arrays = [as_float_array(x, name) for x, name in zip(inputs, names)]
    if len(arrays) == 2:
        check_same_shape(arrays[0], arrays[1])
    ax = check_axis(axis, arrays[0].ndim, names[0] if len(arrays) == 1 else "p and q")
    values, stats = reduce_rows(block_kernel, [as_rows(a, ax) for a in arrays])
    for st, a, name in zip(stats, arrays, names):
        if not st.ok():
            diagnose(a, name, ax, original_axis=axis)
    shape = arrays[0].shape[:ax] + arrays[0].shape[ax + 1 :]
    return finish(values, ln_b, shape)
