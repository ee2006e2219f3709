"""Softmax, log-softmax and gradient descent on logits towards a fixed target P.

The chapter on the equivalence (``ch-equivalence``) uses :func:`gradient_descent` to
show that minimising the cross-entropy H(P, Q) and minimising the KL divergence
D_KL(P‖Q) over Q = softmax(z) take exactly the same steps: the two objectives differ
by the constant H(P), so their gradients with respect to the logits z agree.

All functions work in nats (natural logarithms) along the last axis.  Inputs are
validated by :mod:`infocourse._validation`, so a fault gets the same message here
as anywhere else in the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_array,
    as_integer,
    as_number,
    check_axis,
    check_finite,
    check_probabilities,
    check_sums_to_one,
)

__all__ = [
    "DescentResult",
    "cross_entropy_gradient",
    "gradient_descent",
    "kl_gradient",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
]

Objective = Literal["cross_entropy", "kl"]
OBJECTIVES: tuple[str, ...] = ("cross_entropy", "kl")


# ------------------------------------------------------------------- validation


def as_logits(logits: object, name: str = "logits") -> np.ndarray:
    """Return ``logits`` as a float64 array (at least 1-D), rejecting NaN and inf."""
    z = as_array(logits, name)
    check_finite(z, name)
    return z


def check_target(p: object, n: int, name: str = "p") -> np.ndarray:
    """Validate a 1-D probability vector of length ``n`` (entries in [0, 1], sum 1)."""
    a = as_array(p, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be a 1-D distribution, got {a.ndim}-D shape {a.shape}")
    if a.size != n:
        raise ValueError(f"{name} must have {n} entries (one per logit), got {a.size}")
    check_probabilities(a, name)
    check_sums_to_one(a, name, 0, shown_axis=-1)
    return a


# ---------------------------------------------------------------------- softmax


def logsumexp(logits: ArrayLike, axis: int = -1) -> float | np.ndarray:
    r"""The log-sum-exp :math:`\log \sum_i e^{z_i}`, computed without overflow.

    With :math:`m = \max_i z_i`,

    .. math:: \log \sum_i e^{z_i} = m + \log \sum_i e^{z_i - m} ,

    and every :math:`z_i - m \le 0`, so no exponential overflows and the largest
    one is exactly 1 (the sum is at least 1, its log never ``-inf``).

    >>> f"{logsumexp([1000.0, 1000.0]):.4f}"
    '1000.6931'
    """
    z = as_logits(logits)
    ax = check_axis(axis, z.ndim, "logits")
    m = z.max(axis=ax, keepdims=True)
    out = m + np.log(np.exp(z - m).sum(axis=ax, keepdims=True))
    out = np.squeeze(out, axis=ax)
    return float(out) if out.ndim == 0 else out


def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Log-probabilities :math:`\log \mathrm{softmax}(z)_i = z_i - \log \sum_j e^{z_j}`.

    Uses the log-sum-exp trick (see :func:`logsumexp`), so it stays accurate to
    rounding for logits like ``[1000, -1000]`` (result ``[0, -2000]``), where
    ``log(softmax(z))`` would give ``-inf``.
    Shift-invariant: adding a constant to every logit changes nothing.

    Parameters
    ----------
    logits : array-like
        Finite real scores (any sign, any size); other axes form a batch.
    axis : int, default -1
        The axis holding the classes.

    >>> [f"{v:.4f}" for v in log_softmax([1000.0, 0.0])]
    ['0.0000', '-1000.0000']
    """
    z = as_logits(logits)
    ax = check_axis(axis, z.ndim, "logits")
    shifted = z - z.max(axis=ax, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=ax, keepdims=True))


def softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Turn logits into probabilities: :math:`\mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}`.

    Computed as :math:`e^{z_i - m} / \sum_j e^{z_j - m}` with :math:`m = \max_j z_j`
    (same value, no overflow).  The result is positive (up to underflow for very
    negative logits), sums to 1 along ``axis`` and does not change when the same
    constant is added to every logit.

    >>> [f"{v:.4f}" for v in softmax([0.0, 0.0, 0.0, 0.0])]
    ['0.2500', '0.2500', '0.2500', '0.2500']
    >>> softmax([1000.0, 0.0]).tolist()
    [1.0, 0.0]
    """
    z = as_logits(logits)
    ax = check_axis(axis, z.ndim, "logits")
    e = np.exp(z - z.max(axis=ax, keepdims=True))
    return e / e.sum(axis=ax, keepdims=True)


def sigmoid(logits: ArrayLike) -> float | np.ndarray:
    r"""The logistic function :math:`\operatorname{sigmoid}(z) = 1 / (1 + e^{-z})`, elementwise.

    It is the two-class softmax: :math:`\operatorname{sigmoid}(z) = \mathrm{softmax}([z, 0])_0`.
    Evaluated as :math:`e^{z}/(1 + e^{z})` for negative ``z`` so that nothing
    overflows.

    >>> [f"{v:.4f}" for v in sigmoid([-1000.0, 0.0, 2.0])]
    ['0.0000', '0.5000', '0.8808']
    """
    scalar = np.ndim(logits) == 0
    z = as_logits(np.atleast_1d(logits) if scalar else logits)
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out[0]) if scalar else out


# ------------------------------------------------------------------- gradients


def _logits_and_target(logits: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate 1-D ``logits`` and a target ``p`` with one entry per logit."""
    z = as_logits(logits)
    if z.ndim != 1:
        raise ValueError(f"logits must be 1-D, got shape {z.shape}")
    return z, check_target(p, z.size)


def cross_entropy_gradient(p: ArrayLike, logits: ArrayLike) -> np.ndarray:
    r"""Gradient of :math:`H(P, \mathrm{softmax}(z))` with respect to the logits ``z``.

    From :math:`H = -\sum_i P_i \log\mathrm{softmax}(z)_i` and
    :math:`\partial \log\mathrm{softmax}(z)_i / \partial z_j = \delta_{ij} - Q_j`:

    .. math:: \frac{\partial H}{\partial z_j} = Q_j \sum_i P_i - P_j = Q_j - P_j .

    >>> [f"{g:.2f}" for g in cross_entropy_gradient([1.0, 0.0], [0.0, 0.0])]
    ['-0.50', '0.50']
    """
    z, pa = _logits_and_target(logits, p)
    return softmax(z) - pa


def kl_gradient(p: ArrayLike, logits: ArrayLike) -> np.ndarray:
    r"""Gradient of :math:`D_{\mathrm{KL}}(P \,\|\, \mathrm{softmax}(z))` with respect to ``z``.

    Computed by the chain rule through Q, independently of
    :func:`cross_entropy_gradient`: :math:`\partial D/\partial Q_i = -P_i/Q_i`, and
    the softmax Jacobian :math:`\partial Q_i/\partial z_j = Q_i(\delta_{ij} - Q_j)`
    gives :math:`g_j = Q_j\,(d_j - \sum_i Q_i d_i)` with :math:`d = \partial D/\partial Q`.
    Algebraically this is again :math:`Q_j - P_j`; numerically it agrees with
    :func:`cross_entropy_gradient` to rounding (about 1e-16).

    >>> [f"{g:.2f}" for g in kl_gradient([1.0, 0.0], [0.0, 0.0])]
    ['-0.50', '0.50']
    """
    z, pa = _logits_and_target(logits, p)
    q = softmax(z)
    d = np.zeros_like(q)
    pos = pa > 0.0
    d[pos] = -pa[pos] / q[pos]  # dD/dQ; a term with P = 0 does not depend on Q
    return q * (d - np.dot(q, d))


# ------------------------------------------------------------ gradient descent


@dataclass(frozen=True)
class DescentResult:
    """The path of gradient descent on the logits.

    ``logits`` and ``probs`` have shape ``(steps + 1, n)`` (row 0 is the start);
    ``cross_entropy`` and ``kl`` hold H(P, Q_t) and D_KL(P‖Q_t) at every iterate,
    whichever objective was minimised.
    """

    objective: str
    p: np.ndarray
    logits: np.ndarray
    probs: np.ndarray
    cross_entropy: np.ndarray
    kl: np.ndarray

    @property
    def loss(self) -> np.ndarray:
        """The curve of the objective that was minimised."""
        return self.cross_entropy if self.objective == "cross_entropy" else self.kl


def gradient_descent(
    p: ArrayLike,
    logits0: ArrayLike,
    *,
    objective: Objective = "cross_entropy",
    lr: float = 0.5,
    steps: int = 100,
) -> DescentResult:
    r"""Minimise H(P, Q) or D_KL(P‖Q) over Q = softmax(z) by plain gradient descent on z.

    .. math:: z_{t+1} = z_t - \eta\, \nabla_z L(z_t), \qquad Q_t = \mathrm{softmax}(z_t)

    with :math:`L = H(P, Q)` (``objective="cross_entropy"``, gradient from
    :func:`cross_entropy_gradient`) or :math:`L = D_{\mathrm{KL}}(P \,\|\, Q)` (``"kl"``,
    gradient from :func:`kl_gradient`).  Both loss curves are recorded either way.

    Parameters
    ----------
    p : array-like
        The fixed target distribution (1-D, sums to 1).
    logits0 : array-like
        Starting logits, same length as ``p``.
    objective : {"cross_entropy", "kl"}
    lr : float
        Step size :math:`\eta > 0`.
    steps : int
        Number of updates (>= 0).

    >>> r = gradient_descent([0.5, 0.5], [1.0, -1.0], steps=200)
    >>> [f"{v:.4f}" for v in r.probs[-1]], f"{r.kl[-1]:.1e}"
    (['0.5000', '0.5000'], '0.0e+00')
    """
    from ._cross_entropy import cross_entropy
    from .divergence import kl_divergence

    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be 'cross_entropy' or 'kl', got {objective!r}")
    eta = as_number(lr, "lr", low=0.0, low_open=True)
    n_steps = as_integer(steps, "steps", low=0)
    z = as_logits(logits0, "logits0").copy()
    if z.ndim != 1:
        raise ValueError(f"logits0 must be 1-D, got shape {z.shape}")
    pa = check_target(p, z.size)
    grad = cross_entropy_gradient if objective == "cross_entropy" else kl_gradient

    zs = np.empty((n_steps + 1, z.size))
    zs[0] = z
    for t in range(n_steps):
        z = z - eta * grad(pa, z)
        zs[t + 1] = z
    qs = softmax(zs)
    ce = np.array([cross_entropy(pa, q) for q in qs])
    kl = np.array([kl_divergence(pa, q) for q in qs])
    return DescentResult(objective, pa, zs, qs, ce, kl)
