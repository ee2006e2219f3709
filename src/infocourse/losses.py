"""Classification losses computed from logits: cross-entropy as a training loss.

Every loss here works in nats, takes the model's raw scores (logits) and goes
through :func:`infocourse.optim.log_softmax`, never through ``log(softmax(z))``,
so huge or tiny logits cannot produce ``inf`` or ``nan``.  Batches are rows:
``logits`` has shape ``(batch, classes)`` (or ``(classes,)`` for one example).

Argument order follows the course (and the maths of H(P, Q)): the *target* comes
first, the model's *logits* second.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._core import SUM_TOLERANCE, as_float_array
from .optim import as_logits, log_softmax

__all__ = [
    "binary_cross_entropy_with_logits",
    "label_smoothing",
    "nll_loss",
    "one_hot",
    "soft_cross_entropy",
]

Reduction = Literal["mean", "sum", "none"]
_REDUCTIONS = ("mean", "sum", "none")


# ------------------------------------------------------------------- helpers


def _first_outside_unit_interval(t: np.ndarray) -> tuple[int, ...] | None:
    """Index of the first entry of ``t`` that is NaN, infinite or outside [0, 1], or None."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(t) | (t < 0) | (t > 1)
    if not bad.any():
        return None
    return tuple(int(k) for k in np.argwhere(bad)[0])


def _reduce(values: np.ndarray, reduction: str) -> float | np.ndarray:
    if reduction == "mean":
        return float(values.mean())
    if reduction == "sum":
        return float(values.sum())
    return values


def _check_reduction(reduction: object) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _as_batch_logits(logits: object) -> tuple[np.ndarray, bool]:
    """Return 2-D logits ``(batch, classes)`` and whether the input was one example."""
    z = as_logits(logits)
    if z.ndim > 2:
        raise ValueError(f"logits must be 1-D (classes,) or 2-D (batch, classes), got shape "
                         f"{z.shape}")
    if z.shape[-1] < 2:
        raise ValueError(f"logits must have at least 2 classes, got {z.shape[-1]}")
    return (z[None, :], True) if z.ndim == 1 else (z, False)


def _as_labels(labels: object, n_classes: int, batch: int | None) -> np.ndarray:
    """Validate integer class labels in ``[0, n_classes)``; return a 1-D int array."""
    y = np.asarray(labels)
    if y.dtype.kind == "b" or y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and y.size and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            raise ValueError(
                f"labels must be integers (class indices), got floats of dtype {y.dtype}; "
                f"convert with labels.astype(int), or use soft_cross_entropy for probabilities"
            )
        raise ValueError(f"labels must be integer class indices, got dtype {y.dtype}")
    y = np.atleast_1d(y)
    if y.ndim != 1:
        raise ValueError(f"labels must be a 1-D array of class indices, got shape {y.shape}")
    if batch is not None and y.size != batch:
        raise ValueError(f"labels must have one entry per row of logits ({batch}), got {y.size}")
    bad = (y < 0) | (y >= n_classes)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"labels must lie in [0, {n_classes}) for {n_classes} classes, got {int(y[i])} "
            f"at index {i}"
        )
    return y.astype(np.intp)


def _as_targets(targets: object, shape: tuple[int, ...]) -> np.ndarray:
    t = as_float_array(targets, "targets")
    if t.ndim == 1 and len(shape) == 2:
        t = t[None, :]
    if t.shape != shape:
        raise ValueError(f"targets must have the shape of logits {shape}, got {t.shape}")
    idx = _first_outside_unit_interval(t)
    if idx is not None:
        raise ValueError(f"targets must contain probabilities in [0, 1], got {t[idx]} at index "
                         f"{idx}")
    s = t.sum(axis=-1)
    off = np.abs(s - 1.0) > SUM_TOLERANCE
    if off.any():
        i = int(np.argmax(off))
        raise ValueError(f"targets must sum to 1 in every row, got {s[i]:.10g} in row {i}")
    return t


# -------------------------------------------------------------------- targets


def one_hot(labels: ArrayLike, n_classes: int) -> np.ndarray:
    """The one-hot target distributions of integer ``labels``: shape ``(batch, n_classes)``.

    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) \
            or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2, got {n_classes!r}")
    y = _as_labels(labels, int(n_classes), None)
    out = np.zeros((y.size, int(n_classes)))
    out[np.arange(y.size), y] = 1.0
    return out


def label_smoothing(labels: ArrayLike, n_classes: int, epsilon: float) -> np.ndarray:
    r"""Smoothed targets: mix the one-hot labels with the uniform distribution.

    .. math:: T = (1 - \varepsilon)\, \mathrm{onehot}(y) + \varepsilon / C

    The true class gets :math:`1 - \varepsilon + \varepsilon/C`, every other class
    :math:`\varepsilon/C` (the convention of PyTorch's ``label_smoothing`` and
    Keras's).  ``epsilon = 0`` gives the one-hot targets back.

    >>> label_smoothing([0], 4, 0.1).tolist()
    [[0.925, 0.025, 0.025, 0.025]]
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float, np.integer,
                                                             np.floating)):
        raise ValueError(f"epsilon must be a number in [0, 1], got {epsilon!r}")
    if not 0.0 <= float(epsilon) <= 1.0:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon!r}")
    eps = float(epsilon)
    return (1.0 - eps) * one_hot(labels, n_classes) + eps / int(n_classes)


# --------------------------------------------------------------------- losses


def nll_loss(
    labels: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Negative log-likelihood of the true classes, from logits.

    .. math:: \ell_n = -\log \mathrm{softmax}(z_n)_{y_n}, \qquad
              \text{loss} = \frac{1}{N} \sum_{n=1}^{N} \ell_n \ \ (\text{"mean"})

    For a one-hot target this *is* the cross-entropy :math:`H(\mathrm{onehot}(y_n), Q_n)`.

    Parameters
    ----------
    labels : array-like of int
        Class indices in ``[0, C)``, one per row of ``logits`` (or a single int).
    logits : array-like
        Raw scores, shape ``(C,)`` or ``(N, C)``.
    reduction : {"mean", "sum", "none"}
        Average over the batch (default), sum, or return the ``N`` losses.

    >>> f"{nll_loss(0, [2.0, 0.0]):.4f}"
    '0.1269'
    >>> f"{nll_loss([0, 1], [[1000.0, 0.0], [1000.0, 0.0]]):.4f}"
    '500.0000'
    """
    _check_reduction(reduction)
    z, _ = _as_batch_logits(logits)
    y = _as_labels(labels, z.shape[1], z.shape[0])
    losses = -log_softmax(z)[np.arange(z.shape[0]), y]
    return _reduce(losses, reduction)


def soft_cross_entropy(
    targets: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Cross-entropy :math:`H(T_n, \mathrm{softmax}(z_n))` with probability targets.

    .. math:: \ell_n = -\sum_c T_{n,c} \log \mathrm{softmax}(z_n)_c

    ``targets`` are distributions (one-hot, smoothed, or a teacher's soft labels)
    of the same shape as ``logits``.  A term with :math:`T_{n,c} = 0` contributes 0.
    The minimum over the logits is :math:`H(T_n)`, reached when
    :math:`\mathrm{softmax}(z_n) = T_n`.

    >>> f"{soft_cross_entropy([0.5, 0.5], [0.0, 0.0]):.4f}"
    '0.6931'
    """
    _check_reduction(reduction)
    z, _ = _as_batch_logits(logits)
    t = _as_targets(targets, z.shape)
    logq = log_softmax(z)
    losses = -np.where(t > 0, t * logq, 0.0).sum(axis=-1)
    return _reduce(losses, reduction)


def binary_cross_entropy_with_logits(
    targets: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Binary cross-entropy from one logit per example, computed stably.

    With :math:`q = \sigma(z)` the model's probability of class 1 and target
    :math:`t \in [0, 1]`,

    .. math:: \ell = -t \log \sigma(z) - (1 - t) \log(1 - \sigma(z))
              = \max(z, 0) - t z + \log(1 + e^{-|z|}) ,

    and the right-hand form never overflows.  It equals the two-class
    cross-entropy with logits ``[z, 0]`` and targets ``[t, 1 - t]``.

    >>> f"{binary_cross_entropy_with_logits(1.0, 0.0):.4f}"
    '0.6931'
    >>> f"{binary_cross_entropy_with_logits(0.0, 1000.0):.4f}"
    '1000.0000'
    """
    _check_reduction(reduction)
    z = np.atleast_1d(as_logits(np.atleast_1d(logits) if np.ndim(logits) == 0 else logits))
    t = np.atleast_1d(as_float_array(targets, "targets") if np.ndim(targets) else
                      as_float_array([targets], "targets"))
    if t.shape != z.shape:
        raise ValueError(f"targets must have the shape of logits {z.shape}, got {t.shape}")
    i = _first_outside_unit_interval(t)
    if i is not None:
        raise ValueError(f"targets must be probabilities in [0, 1], got {t[i]} at index "
                         f"{i[0] if t.ndim == 1 else i}")
    losses = np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))
    return _reduce(losses, reduction)
