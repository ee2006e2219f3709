r"""Naive KL formulas as other code computes them, and an exact reference.

The numerics lab (chapter ``ch-numerics``) compares :func:`infocourse.kl_divergence`
with the shortcuts found in other libraries and in hand-written code.  This module holds
those shortcuts, written on purpose the simple way, so that the lab can measure
what each one gets wrong:

* :func:`kl_by_subtraction`: :math:`H(P, Q) - H(P)`, which cancels when Q ≈ P;
* :func:`kl_naive_log_ratio`: :math:`\sum_x P(x) \log(P(x)/Q(x))` evaluated
  literally, in float64 or float32, which can overflow for a subnormal Q(x) and
  gives NaN for P(x) = 0;
* :func:`kl_clipped`: the same sum after clipping both inputs to
  :math:`[\varepsilon, 1]`, as Keras's ``kl_divergence`` does (``1e-7`` is
  Keras's default epsilon), which turns an infinite divergence into a finite one;
* :func:`kl_reference`: the exact value of the sum for the given floating-point
  inputs, evaluated with ``mpmath`` at 50 significant digits;
* :func:`log_ratio`: one logarithm :math:`\ln(p/q)` computed three ways
  (``log(p) - log(q)``, ``log(p / q)``, ``log1p((p - q) / q)``), and
  :func:`log_ratio_reference`, its exact value, for the lab's proof exercise;
* :func:`relative_error`: ``|value - reference| / |reference|``.

All functions accept 1-D distributions only and validate them through
:mod:`infocourse._validation`, like every public function (entries in [0, 1], sum 1
within 1e-6, one message per fault); a 2-D input is refused before its entries are
looked at, because these helpers have no ``axis`` argument.  The naive
functions do not silence numpy: overflow and ``0 * log 0`` raise numpy's usual
``RuntimeWarning`` unless the caller wraps them in ``np.errstate``, exactly like
the code they imitate.  Results are in nats.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ._cross_entropy import cross_entropy
from ._entropy import entropy
from ._validation import as_array, as_distribution_pair, as_integer, as_number, check_same_shape

if TYPE_CHECKING:  # pragma: no cover
    import mpmath

__all__ = [
    "kl_by_subtraction",
    "kl_clipped",
    "kl_naive_log_ratio",
    "kl_reference",
    "log_ratio",
    "log_ratio_reference",
    "relative_error",
]

#: The three ways :func:`log_ratio` can compute ln(p/q).
LOG_RATIO_METHODS = ("logs", "ratio", "log1p")


def _validated(p: ArrayLike, q: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return ``p`` and ``q`` as float64 1-D distributions, or raise ``ValueError``.

    Checks, in order: conversion (``p``, then ``q``), equal shapes, 1-D, then the
    entries and sums of each, with the messages of :mod:`infocourse._validation`.
    """
    pa, qa = as_array(p, "p"), as_array(q, "q")
    check_same_shape(pa, qa)
    if pa.ndim != 1:
        raise ValueError(
            f"p and q must be 1-D distributions (the numerics lab helpers take no axis "
            f"argument), got {pa.ndim}-D arrays of shape {pa.shape}"
        )
    pa, qa, _ = as_distribution_pair(pa, qa)
    return pa, qa


def kl_by_subtraction(p: ArrayLike, q: ArrayLike) -> float:
    r"""KL divergence as the difference :math:`H(P, Q) - H(P)`, in nats.

    .. math:: D_{\mathrm{KL}}(P \,\|\, Q) = H(P, Q) - H(P)

    Mathematically equal to the direct sum, numerically worse: when Q ≈ P both
    terms are close to H(P) and their difference loses the leading digits
    (catastrophic cancellation).  The result is *not* clipped at 0, so rounding
    can make it slightly negative, which a true divergence never is.

    >>> f"{kl_by_subtraction([0.2, 0.8], [0.3, 0.7]):.4f}"
    '0.0257'
    >>> kl_by_subtraction([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    pa, qa = _validated(p, q)
    return float(cross_entropy(pa, qa)) - float(entropy(pa))


def kl_naive_log_ratio(p: ArrayLike, q: ArrayLike, *, dtype: DTypeLike = np.float64) -> float:
    r"""KL divergence as the literal sum :math:`\sum_x P(x)\log(P(x)/Q(x))`, in nats.

    Computed as ``np.sum(p * np.log(p / q))`` in the floating-point type ``dtype``
    (``np.float64`` or ``np.float32``; the inputs are converted once from their
    given values).  No conventions are applied: a zero in ``p`` gives
    ``0 * log 0 = nan``, a zero in ``q`` gives ``inf``, and a ratio ``p / q``
    beyond the largest float (for example a subnormal ``q``) overflows to
    ``inf``.  numpy's ``RuntimeWarning`` s are not silenced.

    >>> f"{kl_naive_log_ratio([0.2, 0.8], [0.3, 0.7]):.4f}"
    '0.0257'
    >>> f"{kl_naive_log_ratio([0.2, 0.8], [0.3, 0.7], dtype=np.float32):.4f}"
    '0.0257'
    >>> with np.errstate(all="ignore"):
    ...     kl_naive_log_ratio([0.5, 0.5], [1e-310, 1.0])
    inf
    """
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise ValueError(f"dtype must be a floating-point type, got {dt}")
    _validated(p, q)
    pa = np.asarray(p, dtype=dt)
    qa = np.asarray(q, dtype=dt)
    return float(np.sum(pa * np.log(pa / qa), dtype=dt))


def kl_clipped(p: ArrayLike, q: ArrayLike, *, eps: float = 1e-7) -> float:
    r"""KL divergence after clipping both inputs to :math:`[\varepsilon, 1]`, in nats.

    .. math:: \sum_x \tilde P(x) \log \frac{\tilde P(x)}{\tilde Q(x)}, \qquad
              \tilde P = \operatorname{clip}(P, \varepsilon, 1),\;
              \tilde Q = \operatorname{clip}(Q, \varepsilon, 1)

    This is how Keras's ``kl_divergence`` avoids ``log 0`` (its default
    ``eps`` is ``1e-7``).  Where the true divergence is ``+inf`` (Q(x) = 0 < P(x))
    the clipped value is finite and grows like ``P(x)·log(1/eps)``: it reports the
    choice of ``eps``, not a property of P and Q.  Computed in float64.

    >>> f"{kl_clipped([0.5, 0.5], [0.0, 1.0]):.4f}"
    '7.3659'
    >>> f"{kl_clipped([0.2, 0.8], [0.3, 0.7]):.4f}"
    '0.0257'
    """
    e = as_number(eps, "eps", low=0.0, high=1.0, low_open=True, high_open=True)
    pa, qa = _validated(p, q)
    pc = np.clip(pa, e, 1.0)
    qc = np.clip(qa, e, 1.0)
    return float(np.sum(pc * np.log(pc / qc)))


def kl_reference(p: ArrayLike, q: ArrayLike, *, digits: int = 50) -> mpmath.mpf:
    r"""The exact value of :math:`\sum_x P(x)\log(P(x)/Q(x))` for the given floats.

    Every input float is converted exactly (a binary float is a rational number)
    and the sum is evaluated with ``mpmath`` at ``digits`` significant digits, so
    the result is correct to far more digits than float64 can hold.  Uses the
    package's conventions: 0·log(0/q) = 0, and ``+inf`` when Q(x) = 0 < P(x).
    Returns an ``mpmath.mpf``; convert with ``float()`` when needed.

    The value is the divergence *of these floats*: if the inputs were rounded
    (to float64 or float32) from other numbers, the rounding is part of them.

    >>> f"{float(kl_reference([0.2, 0.8], [0.3, 0.7])):.6f}"
    '0.025732'
    >>> kl_reference([0.5, 0.5], [0.0, 1.0])
    mpf('inf')
    """
    import mpmath

    n_digits = as_integer(digits, "digits", low=20)
    pa, qa = _validated(p, q)
    with mpmath.workdps(n_digits):
        total = mpmath.mpf(0)
        for a, b in zip(pa.tolist(), qa.tolist()):
            if a == 0.0:
                continue
            if b == 0.0:
                return mpmath.mpf("inf")
            ma, mb = mpmath.mpf(a), mpmath.mpf(b)
            total += ma * mpmath.log(ma / mb)
        return +total


def _positive_pair(p: object, q: object) -> tuple[float, float]:
    return (
        as_number(p, "p", low=0.0, low_open=True),
        as_number(q, "q", low=0.0, low_open=True),
    )


def log_ratio(p: float, q: float, *, method: str = "log1p") -> float:
    r"""The logarithm :math:`\ln(p/q)` of two positive floats, computed one of three ways.

    * ``"logs"``: ``log(p) - log(q)``.  Each logarithm is rounded (absolute error
      up to about ``u·|ln p|``), and when p ≈ q the difference is small, so those
      errors become a large *relative* error, although the subtraction itself is
      exact there (Sterbenz's lemma).
    * ``"ratio"``: ``log(p / q)``.  The quotient is rounded before the logarithm
      (relative error up to u), which costs an absolute error of about u in the
      result: again a large relative error when p ≈ q.
    * ``"log1p"``: ``log1p((p - q) / q)``.  For q/2 <= p <= 2q the difference
      ``p - q`` is exact (Sterbenz's lemma), the quotient is rounded once, and
      ``log1p`` is well conditioned near 0, so the result keeps nearly full
      relative accuracy however close p and q are.

    ``u = 2**-53`` is the unit roundoff of float64.

    >>> f"{log_ratio(0.6, 0.3):.4f}"
    '0.6931'
    >>> log_ratio(0.2, 0.2, method="logs")
    0.0
    """
    a, b = _positive_pair(p, q)
    if method == "logs":
        return math.log(a) - math.log(b)
    if method == "ratio":
        return math.log(a / b)
    if method == "log1p":
        return math.log1p((a - b) / b)
    raise ValueError(f"method must be one of {', '.join(map(repr, LOG_RATIO_METHODS))}, "
                     f"got {method!r}")


def log_ratio_reference(p: float, q: float, *, digits: int = 50) -> mpmath.mpf:
    r"""The exact value of :math:`\ln(p/q)` for the given floats, with ``mpmath``.

    Both floats are converted exactly and the logarithm is evaluated at ``digits``
    significant digits.  Returns an ``mpmath.mpf``.

    >>> f"{float(log_ratio_reference(0.6, 0.3)):.6f}"
    '0.693147'
    """
    import mpmath

    n_digits = as_integer(digits, "digits", low=20)
    a, b = _positive_pair(p, q)
    with mpmath.workdps(n_digits):
        return mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))


def relative_error(value: float, reference: float | mpmath.mpf) -> float:
    r"""Relative error :math:`|v - r| / |r|` of ``value`` against ``reference``.

    ``reference`` may be an ``mpmath.mpf`` (the difference is then taken at its
    precision).  Both infinite and equal gives 0; a finite value against an
    infinite reference (or the reverse) gives ``inf``; a zero reference gives 0
    for a zero value and ``inf`` otherwise.

    >>> f"{relative_error(1.01, 1.0):.4f}"
    '0.0100'
    >>> relative_error(7.4, float("inf"))
    inf
    """
    import mpmath

    with mpmath.workdps(max(mpmath.mp.dps, 60)):
        r = mpmath.mpf(reference)
        v = value if isinstance(value, mpmath.mpf) else mpmath.mpf(float(value))
        if mpmath.isnan(v) or mpmath.isnan(r):
            return math.nan
        if mpmath.isinf(r) or mpmath.isinf(v):
            return 0.0 if v == r else math.inf
        if r == 0:
            return 0.0 if v == 0 else math.inf
        return float(abs(v - r) / abs(r))
