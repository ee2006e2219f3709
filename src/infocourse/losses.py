"""Classification losses: cross-entropy as a training loss, and what it means.

The three classification losses work in nats and take the model's raw scores
(logits): :func:`nll_loss` and :func:`soft_cross_entropy` go through
:func:`infocourse.optim.log_softmax`, never through ``log(softmax(z))``, and
:func:`binary_cross_entropy_with_logits` through the stable form
max(z, 0) - t z + log(1 + e^(-|z|)), never through ``log(sigmoid(z))``, so huge or
tiny logits cannot produce ``inf`` or ``nan``.  Batches are rows:
``logits`` has shape ``(N, C)`` for N examples and C classes (or ``(C,)`` for one
example).  Argument order follows the course (and the maths of H(P, Q)): the
*target* comes first, the model second.

The data-set view of the same loss lives here too: :func:`empirical_joint` turns
N observed pairs (x_i, y_i) into the empirical joint distribution P-hat(x, y), and
:func:`conditional_cross_entropy` is the loss of a classifier over it.
:func:`perplexity` is exp(H(P, Q)), the language-model reading of a cross-entropy.

Inputs are validated by :mod:`infocourse._validation`: the same fault gets the same
message here as anywhere else in the package.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._cross_entropy import cross_entropy
from ._validation import (
    as_array,
    as_integer,
    as_joint,
    as_number,
    check_probabilities,
    check_same_shape,
    check_sums_to_one,
    log_base,
)
from .optim import as_logits, log_softmax, softmax

__all__ = [
    "binary_cross_entropy_with_logits",
    "conditional_cross_entropy",
    "distillation_targets",
    "empirical_joint",
    "label_smoothing",
    "nll_loss",
    "one_hot",
    "perplexity",
    "soft_cross_entropy",
]

Reduction = Literal["mean", "sum", "none"]
_REDUCTIONS = ("mean", "sum", "none")


# ------------------------------------------------------------------- helpers


def _reduce(values: np.ndarray, reduction: str) -> float | np.ndarray:
    if reduction == "mean":
        return float(values.mean())
    if reduction == "sum":
        return float(values.sum())
    return values


def _check_reduction(reduction: object) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _one_d(x: object) -> object:
    """A scalar becomes a one-entry list; anything else is left for validation."""
    if isinstance(x, np.ndarray):
        return x.reshape(1) if x.ndim == 0 else x
    if isinstance(x, (list, tuple)):
        return x
    return [x]


def _as_batch_logits(logits: object) -> tuple[np.ndarray, bool]:
    """Return 2-D logits ``(N, C)`` and whether the input was one example."""
    z = as_logits(logits)
    if z.ndim > 2:
        raise ValueError(
            f"logits must be 1-D (classes,) or 2-D (batch, classes), got shape {z.shape}"
        )
    if z.shape[-1] < 2:
        raise ValueError(f"logits must have at least 2 classes, got {z.shape[-1]}")
    return (z[None, :], True) if z.ndim == 1 else (z, False)


def _as_indices(
    values: object, name: str, n: int, what: str, length: tuple[int, str] | None = None
) -> np.ndarray:
    """Validate integer indices in ``[0, n)``; return a 1-D int array.

    ``what`` names the range in the message ("2 classes"); ``length`` is an
    optional (required length, what it must match).
    """
    y = np.asarray(values)
    if y.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {y.shape}")
    if y.dtype.kind == "b" or y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and y.size and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            raise ValueError(
                f"{name} must be integers (class indices), got floats of dtype {y.dtype}; "
                f"convert with {name}.astype(int), or use soft_cross_entropy for probabilities"
            )
        raise ValueError(f"{name} must be integer class indices, got dtype {y.dtype}")
    y = np.atleast_1d(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, got shape {y.shape}")
    if length is not None and y.size != length[0]:
        raise ValueError(f"{name} must have one entry per {length[1]} ({length[0]}), got {y.size}")
    bad = (y < 0) | (y >= n)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name} must lie in [0, {n}) for {what}, got {int(y[i])} at index {i}")
    return y.astype(np.intp)


def _as_targets(targets: object, logits_shape: tuple[int, ...], single: bool) -> np.ndarray:
    """Validate probability targets of the shape of the logits; return them as ``(N, C)``."""
    t = as_array(targets, "targets")
    shown = logits_shape[1:] if single else logits_shape
    if t.shape != shown:
        raise ValueError(f"targets must have the shape of logits {shown}, got {t.shape}")
    check_probabilities(t, "targets")
    check_sums_to_one(t, "targets", t.ndim - 1, shown_axis=-1)
    return t.reshape(logits_shape)


# -------------------------------------------------------------------- targets


def one_hot(labels: ArrayLike, n_classes: int) -> np.ndarray:
    r"""The one-hot target distributions :math:`e_y` of integer ``labels``: shape ``(N, C)``.

    Row i puts probability 1 on class ``labels[i]`` and 0 elsewhere.

    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    c = as_integer(n_classes, "n_classes", low=2)
    y = _as_indices(labels, "labels", c, f"{c} classes")
    out = np.zeros((y.size, c))
    out[np.arange(y.size), y] = 1.0
    return out


def label_smoothing(labels: ArrayLike, n_classes: int, epsilon: float) -> np.ndarray:
    r"""Smoothed targets: mix the one-hot labels with the uniform distribution.

    .. math:: P_\varepsilon = (1 - \varepsilon)\, e_y + \varepsilon / C

    The true class gets :math:`1 - \varepsilon + \varepsilon/C`, every other class
    :math:`\varepsilon/C` (the convention of PyTorch's ``label_smoothing`` and
    Keras's).  ``epsilon = 0`` gives the one-hot targets back.  The smallest
    cross-entropy any model can reach against :math:`P_\varepsilon` is its entropy
    :math:`H(P_\varepsilon)`, not 0.

    >>> label_smoothing([0], 4, 0.1).tolist()
    [[0.925, 0.025, 0.025, 0.025]]
    """
    eps = as_number(epsilon, "epsilon", low=0.0, high=1.0)
    targets = one_hot(labels, n_classes)
    return (1.0 - eps) * targets + eps / targets.shape[1]


def distillation_targets(teacher_logits: ArrayLike, tau: float) -> np.ndarray:
    r"""A teacher's softened distribution for knowledge distillation.

    .. math:: P_\tau = \operatorname{softmax}(z^{\text{teacher}} / \tau)

    The temperature :math:`\tau > 0` flattens the teacher's prediction
    (:math:`\tau > 1`) or sharpens it (:math:`\tau < 1`); :math:`\tau = 1` is the
    teacher's own softmax.  A temperature never reverses the order of two classes
    (for a tiny ``tau`` the lower ones may all underflow to 0).  The student is
    trained on :math:`H(P_\tau, \operatorname{softmax}(z / \tau))`, whose floor is
    :math:`H(P_\tau)`.  Computed as
    :math:`\operatorname{softmax}((z - \max_j z_j) / \tau)`, so a small ``tau``
    cannot overflow.  Rows of a 2-D input are separate examples.

    >>> [f"{v:.4f}" for v in distillation_targets([2.0, 0.0], 2.0)]
    ['0.7311', '0.2689']
    """
    z = as_logits(teacher_logits, "teacher_logits")
    t = as_number(tau, "tau", low=0.0, low_open=True)
    shifted = z - z.max(axis=-1, keepdims=True)  # <= 0, so shifted / t cannot overflow up
    with np.errstate(over="ignore"):
        scaled = shifted / t  # may reach -inf for tiny t: exp gives 0, as it should
    # softmax accepts finite logits only: -inf becomes the most negative double (exp: 0)
    return softmax(np.maximum(scaled, np.finfo(np.float64).min))


# --------------------------------------------------------------------- losses


def nll_loss(
    labels: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Negative log-likelihood of the true classes, from logits.

    .. math:: \ell_i = -\log \mathrm{softmax}(z_i)_{y_i}, \qquad
              \text{loss} = \frac{1}{N} \sum_{i=1}^{N} \ell_i \ \ (\text{"mean"})

    For a one-hot target this *is* the cross-entropy :math:`H(e_{y_i}, Q_i)`.

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
    n, c = z.shape
    y = _as_indices(labels, "labels", c, f"{c} classes", length=(n, "row of logits"))
    losses = -log_softmax(z)[np.arange(n), y]
    return _reduce(losses, reduction)


def soft_cross_entropy(
    targets: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Cross-entropy :math:`H(P_i, \mathrm{softmax}(z_i))` with probability targets.

    .. math:: \ell_i = -\sum_c P_{i,c} \log \mathrm{softmax}(z_i)_c

    ``targets`` are distributions :math:`P_i` (one-hot, smoothed, or a teacher's
    softened prediction) of the same shape as ``logits``.  A term with
    :math:`P_{i,c} = 0` contributes 0.  Over all logits the loss is never below
    :math:`H(P_i)` (Gibbs' inequality).  When every :math:`P_{i,c} > 0` that value
    is the minimum, reached exactly at :math:`z_i = \log P_i + s\,(1, \dots, 1)`
    for a real :math:`s`; when :math:`P_i` has a zero entry (a one-hot target, say)
    no finite logits reach it, since a softmax is never 0, and :math:`H(P_i)` is
    only approached.

    >>> f"{soft_cross_entropy([0.5, 0.5], [0.0, 0.0]):.4f}"
    '0.6931'
    """
    _check_reduction(reduction)
    z, single = _as_batch_logits(logits)
    t = _as_targets(targets, z.shape, single)
    logq = log_softmax(z)
    losses = -np.where(t > 0, t * logq, 0.0).sum(axis=-1)
    return _reduce(losses, reduction)


def binary_cross_entropy_with_logits(
    targets: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | np.ndarray:
    r"""Binary cross-entropy from one logit per example, computed stably.

    With :math:`q = \operatorname{sigmoid}(z) = 1/(1 + e^{-z})` the model's
    probability of class 1 and target :math:`t \in [0, 1]`,

    .. math:: \ell = -t \log q - (1 - t) \log(1 - q)
              = \max(z, 0) - t z + \log(1 + e^{-|z|}) ,

    and the right-hand form never overflows.  It equals the two-class
    cross-entropy with logits ``[z, 0]`` and targets ``[t, 1 - t]``.

    >>> f"{binary_cross_entropy_with_logits(1.0, 0.0):.4f}"
    '0.6931'
    >>> f"{binary_cross_entropy_with_logits(0.0, 1000.0):.4f}"
    '1000.0000'
    """
    _check_reduction(reduction)
    z = as_logits(_one_d(logits))
    t = as_array(_one_d(targets), "targets")
    if t.shape != z.shape:
        raise ValueError(f"targets must have the shape of logits {z.shape}, got {t.shape}")
    check_probabilities(t, "targets")
    losses = np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))
    return _reduce(losses, reduction)


# ------------------------------------------------------- data sets and models


def empirical_joint(x: ArrayLike, y: ArrayLike, shape: tuple[int, int]) -> np.ndarray:
    r"""The empirical joint distribution of N observed pairs :math:`(x_i, y_i)`.

    .. math:: \hat P(x, y) = \frac{1}{N}\, \#\{i : x_i = x \text{ and } y_i = y\}

    ``x`` and ``y`` are integer indices of equal length N (inputs in
    ``[0, shape[0])``, labels in ``[0, shape[1])``).  The result has X along axis 0
    and Y along axis 1, the layout of every joint table in the package; its row
    sums are the empirical marginal :math:`\hat P(x)`, and a row divided by its
    sum is the empirical conditional :math:`\hat P(\cdot \mid x)`.

    >>> empirical_joint([0, 0, 1, 0], [1, 1, 0, 0], (2, 2)).tolist()
    [[0.25, 0.5], [0.25, 0.0]]
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise ValueError(
            f"shape must be a pair (number of inputs, number of classes), got {shape!r}"
        )
    n_x = as_integer(shape[0], "shape[0]", low=1)
    n_y = as_integer(shape[1], "shape[1]", low=1)
    xs = _as_indices(x, "x", n_x, f"shape[0] = {n_x}")
    ys = _as_indices(y, "y", n_y, f"shape[1] = {n_y}", length=(xs.size, "entry of x"))
    counts = np.zeros((n_x, n_y))
    np.add.at(counts, (xs, ys), 1.0)
    return counts / xs.size


def conditional_cross_entropy(pxy: ArrayLike, q: ArrayLike, *, base: float | None = None) -> float:
    r"""Conditional cross-entropy of the model conditionals ``q`` relative to the joint ``pxy``.

    .. math:: H(P_{Y \mid X}, Q_{Y \mid X})
              = \sum_x P(x)\, H\big(P(\cdot \mid x), Q(\cdot \mid x)\big)
              = -\sum_{x, y} P(x, y) \log Q(y \mid x)

    With ``pxy`` the empirical joint of a labelled data set (:func:`empirical_joint`)
    and ``q[x]`` the classifier's prediction for input x, this is the classifier's
    mean loss :math:`-\frac1N \sum_i \log Q(y_i \mid x_i)`.

    Parameters
    ----------
    pxy : array-like
        2-D joint probability table, X along axis 0, Y along axis 1, summing to 1.
    q : array-like
        Same shape; row x is the distribution :math:`Q(\cdot \mid x)` (sums to 1).
        Rows for inputs with :math:`P(x) = 0` do not enter the sum but must still be
        distributions.
    base : float, optional
        ``None`` (default) for nats, ``2`` for bits.

    Conventions: a pair with :math:`P(x, y) = 0` contributes 0; a pair with
    :math:`P(x, y) > 0` and :math:`Q(y \mid x) = 0` makes the result ``+inf``.

    >>> f"{conditional_cross_entropy([[0.5, 0.0], [0.25, 0.25]], [[1.0, 0.0], [0.5, 0.5]]):.4f}"
    '0.3466'
    """
    ln_base = log_base(base)
    p = as_joint(pxy, "pxy")
    qa = as_array(q, "q")
    check_same_shape(p, qa, ("pxy", "q"))
    check_probabilities(qa, "q")
    check_sums_to_one(qa, "q", 1, shown_axis=-1)
    seen = p > 0.0
    if (qa[seen] == 0.0).any():
        return float("inf")
    return float(-(p[seen] * np.log(qa[seen])).sum() / ln_base) + 0.0  # + 0.0: never -0.0


def perplexity(p: ArrayLike, q: ArrayLike, *, axis: int = -1) -> float | np.ndarray:
    r"""Perplexity of the model ``q`` on outcomes drawn from ``p``: the exponentiated cross-entropy.

    .. math:: \mathrm{PP} = e^{H(P, Q)} = 2^{H_2(P, Q)} = \prod_x Q(x)^{-P(x)}

    with :math:`H(P, Q)` in nats and :math:`H_2(P, Q)` in bits: the same number in
    every unit, so there is no ``base`` argument.  A model that spreads its
    probability uniformly over n outcomes has perplexity n whatever P is: the
    perplexity is the number of equally likely choices that would leave the model as
    surprised, on average, as it is.  It is at least :math:`e^{H(P)}` (Gibbs'
    inequality) and ``+inf`` when :math:`Q(x) = 0` for an outcome with
    :math:`P(x) > 0`.  With P the empirical distribution of a text's tokens and Q a
    unigram model this is the model's perplexity on that text.

    ``p``, ``q`` and ``axis`` are validated exactly as by
    :func:`infocourse.cross_entropy`.  A cross-entropy above about 709.78 nats has
    an exponential beyond the largest double and is returned as ``inf``.

    >>> f"{perplexity([0.5, 0.5], [0.25, 0.75]):.4f}"
    '2.3094'
    >>> f"{perplexity([0.1, 0.2, 0.7], [1/3, 1/3, 1/3]):.4f}"
    '3.0000'
    """
    h = cross_entropy(p, q, axis=axis)
    with np.errstate(over="ignore"):
        pp = np.exp(h)
    return float(pp) if np.ndim(pp) == 0 else pp
