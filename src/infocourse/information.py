"""Two random variables: joint and conditional entropy, mutual information, information gain.

A joint distribution of X and Y is a 2-D table ``pxy`` with ``pxy[x, y] = P(x, y)``:
X along axis 0 (rows), Y along axis 1 (columns), entries in [0, 1] summing to 1 over
the whole table.  Every function is in nats unless ``base`` says otherwise
(``base=2`` for bits), and uses the convention 0·log 0 = 0.

For a Bayesian update the table is built from a prior over X and a likelihood table
``likelihood[x, y] = P(y | x)`` (each row a distribution over the observations y):
``P(x, y) = P(x) P(y | x)`` (:func:`joint_distribution`).  Observing y turns the prior
into the posterior P(x | y) (:func:`posterior`); the information gain of that
observation is the KL divergence of the posterior from the prior
(:func:`information_gain`), and its average over y is the mutual information.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._entropy import entropy
from ._validation import as_distribution, as_integer, as_joint, in_units, log_base
from .divergence import _kl_terms, kl_divergence

__all__ = [
    "conditional_entropy",
    "information_gain",
    "joint_distribution",
    "joint_entropy",
    "marginals",
    "mutual_information",
    "posterior",
]


def marginals(pxy: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""The marginal distributions (P_X, P_Y) of the joint table ``pxy``.

    .. math:: P_X(x) = \sum_y P(x, y), \qquad P_Y(y) = \sum_x P(x, y)

    >>> px, py = marginals([[0.48, 0.32], [0.02, 0.18]])
    >>> [f"{v:.2f}" for v in px], [f"{v:.2f}" for v in py]
    (['0.80', '0.20'], ['0.50', '0.50'])
    """
    p = as_joint(pxy)
    # A sum of probabilities can exceed 1 by a rounding error (1 + 2e-16); clip it, so
    # that a marginal is always a valid argument for the rest of the package.
    return np.minimum(p.sum(axis=1), 1.0), np.minimum(p.sum(axis=0), 1.0)


def joint_entropy(pxy: ArrayLike, *, base: float | None = None) -> float:
    r"""Joint entropy H(X, Y) of two random variables with joint table ``pxy``.

    .. math:: H(X, Y) = -\sum_{x, y} P(x, y) \log P(x, y)

    The entropy of the pair (X, Y), i.e. of the table read as one distribution.
    Not to be confused with the cross-entropy H(P, Q), which takes two distributions.

    >>> f"{joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2):.4f}"
    '2.0000'
    """
    log_base(base)
    p = as_joint(pxy)
    return float(entropy(p.reshape(-1), base=base))  # one 1-D distribution: a float


def conditional_entropy(pxy: ArrayLike, *, base: float | None = None) -> float:
    r"""Conditional entropy H(Y | X): the uncertainty left in Y once X is known.

    .. math:: H(Y \mid X) = \sum_x P(x)\, H\big(P(\cdot \mid x)\big)
              = -\sum_{x, y} P(x, y) \log \frac{P(x, y)}{P(x)}

    X is along axis 0 of ``pxy``, Y along axis 1; for H(X | Y) pass the transpose,
    ``conditional_entropy(pxy.T)``.  Rows with P(x) = 0 contribute nothing.  Computed
    from the terms directly (each is >= 0), not as H(X, Y) - H(X), which loses digits
    when H(Y | X) is small.

    >>> f"{conditional_entropy([[0.5, 0.0], [0.25, 0.25]], base=2):.4f}"
    '0.5000'
    """
    ln_b = log_base(base)
    p = as_joint(pxy)
    px = p.sum(axis=1, keepdims=True)
    pos = p > 0.0
    ratio = np.divide(p, px, out=np.ones_like(p), where=pos)  # P(y | x) where P(x, y) > 0
    h = -float(np.sum(p[pos] * np.log(ratio[pos])))
    return in_units(max(h, 0.0), ln_b)  # H(Y | X) >= 0: clip rounding noise


def _gains_by_column(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(P_Y, IG) with IG[y] = D_KL(P(· | y)‖P_X) in nats (0 where P_Y(y) = 0)."""
    px, py = p.sum(axis=1), p.sum(axis=0)
    seen = py > 0.0
    cols = p[:, seen] / py[seen]  # P(x | y), one column per possible observation y
    gains = np.zeros(py.shape)
    # sum over x of P(x | y) log(P(x | y) / P(x)); the marginals come from a valid
    # table, so they are not validated again (a sum may round to 1 + 2e-16)
    prior = np.broadcast_to(px[:, None], cols.shape)
    gains[seen] = _kl_terms(cols, prior).sum(axis=0)
    return py, gains


def mutual_information(pxy: ArrayLike, *, base: float | None = None) -> float:
    r"""Mutual information I(X; Y): how much knowing Y reduces the uncertainty about X.

    .. math:: I(X; Y) = \sum_y P(y)\, D_{\mathrm{KL}}\big(P(\cdot \mid y) \,\|\, P_X\big)
              = D_{\mathrm{KL}}(P_{XY} \,\|\, P_X P_Y) = H(X) - H(X \mid Y)

    The average, over the observations y, of the KL divergence of the posterior
    P(x | y) from the prior P_X: the expected information gain.  Symmetric in X and
    Y, >= 0, and 0 exactly when X and Y are independent (``pxy`` is the outer
    product of its marginals).  X is along axis 0 of ``pxy``, Y along axis 1.

    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)
    1.0
    >>> mutual_information([[0.3, 0.3], [0.2, 0.2]])
    0.0
    """
    ln_b = log_base(base)
    p = as_joint(pxy)
    py, gains = _gains_by_column(p)
    return in_units(max(float(np.sum(py * gains)), 0.0), ln_b)  # I >= 0: clip rounding noise


# ------------------------------------------------------------------ Bayesian update


def _prior_and_likelihood(prior: ArrayLike, likelihood: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    px, _ = as_distribution(prior, "prior")
    if px.ndim != 1:
        raise ValueError(
            f"prior must be 1-D (one probability per value of X), got shape {px.shape}"
        )
    lk, _ = as_distribution(likelihood, "likelihood", axis=-1)
    if lk.ndim != 2 or lk.shape[0] != px.size:
        raise ValueError(
            f"likelihood must be a 2-D table with one row P(. | x) per value of X "
            f"({px.size} rows), got shape {lk.shape}"
        )
    return px, lk


def joint_distribution(prior: ArrayLike, likelihood: ArrayLike) -> np.ndarray:
    r"""The joint table P(x, y) = P(x) P(y | x) from a prior and a likelihood table.

    ``prior[x]`` = P(x); ``likelihood[x, y]`` = P(y | x), each row summing to 1.
    The result has X along axis 0 and Y along axis 1, as the other functions expect.

    >>> joint_distribution([0.8, 0.2], [[0.6, 0.4], [0.1, 0.9]]).round(2).tolist()
    [[0.48, 0.32], [0.02, 0.18]]
    """
    px, lk = _prior_and_likelihood(prior, likelihood)
    return px[:, None] * lk


def _posterior(px: np.ndarray, lk: np.ndarray, y: object) -> np.ndarray:
    j = as_integer(y, "y", low=0)
    if j >= lk.shape[1]:
        raise ValueError(f"y must index a column of likelihood (0 to {lk.shape[1] - 1}), got {j}")
    joint = px * lk[:, j]  # P(x) P(y | x) for this y
    evidence = joint.sum()  # P(y)
    if evidence == 0.0:
        raise ValueError(
            f"y = {j} has probability 0 under the prior and the likelihood, so it has no posterior"
        )
    return joint / evidence


def posterior(prior: ArrayLike, likelihood: ArrayLike, y: int) -> np.ndarray:
    r"""Bayes' rule: the distribution of X after observing ``y`` (a column index).

    .. math:: P(x \mid y) = \frac{P(x)\, P(y \mid x)}{P(y)}, \qquad
              P(y) = \sum_{x'} P(x')\, P(y \mid x')

    ``prior[x]`` = P(x); ``likelihood[x, y]`` = P(y | x), each row summing to 1.
    Raises ``ValueError`` when P(y) = 0: an impossible observation has no posterior.

    >>> [f"{v:.2f}" for v in posterior([0.8, 0.2], [[0.6, 0.4], [0.1, 0.9]], 1)]
    ['0.64', '0.36']
    """
    px, lk = _prior_and_likelihood(prior, likelihood)
    return _posterior(px, lk, y)


def information_gain(
    prior: ArrayLike, likelihood: ArrayLike, y: int, *, base: float | None = None
) -> float:
    r"""Information gain of observing ``y``: the KL divergence of the posterior from the prior.

    .. math:: \mathrm{IG}(y) = D_{\mathrm{KL}}\big(P(\cdot \mid y) \,\|\, P_X\big)
              = \sum_x P(x \mid y) \log \frac{P(x \mid y)}{P(x)}

    Always >= 0, even for an observation that makes X *more* uncertain (a posterior
    with a higher entropy than the prior).  Averaged over y with the weights P(y),
    it is the mutual information of ``joint_distribution(prior, likelihood)``.

    >>> f"{information_gain([0.8, 0.2], [[0.6, 0.4], [0.1, 0.9]], 0):.4f}"
    '0.1107'
    """
    log_base(base)
    px, lk = _prior_and_likelihood(prior, likelihood)
    return float(kl_divergence(_posterior(px, lk, y), px, base=base))  # 1-D: a float
