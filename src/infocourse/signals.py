"""A noisy digital channel: M-level PAM symbols, Gaussian noise, nearest-level detection.

The signals chapter sends symbols s_i (e.g. the 4-PAM levels -3, -1, 1, 3) with
probabilities P, adds Gaussian noise of standard deviation sigma, and detects the
nearest level (decision thresholds at the midpoints between levels).  The
*transition matrix* T[i, j] = Pr(detect level j | sent level i) is computed
exactly from the Gaussian CDF, so the received symbol distribution is
Q = P @ T with no sampling at all.  :func:`simulate_transitions` estimates T by
Monte Carlo with a seeded generator, as an independent check.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, as_distribution, as_integer, as_number, check_finite

__all__ = [
    "PAM4_LEVELS",
    "detect",
    "noise_sigma",
    "pam_levels",
    "permutation_channel",
    "received_distribution",
    "signal_power",
    "simulate_transitions",
    "snr_db",
    "symbol_error_rate",
    "transition_matrix",
]

#: The four levels of 4-PAM (pulse-amplitude modulation).
PAM4_LEVELS = (-3.0, -1.0, 1.0, 3.0)

_LOG10_FLOAT_MAX = math.log10(np.finfo(float).max)


# ---------------------------------------------------------------------- validation
# The checks come from infocourse._validation, so a fault gets the same message here as
# anywhere else in the package; only the channel-specific rules (levels strictly
# increasing, a square transition matrix, one probability per level) are added here.


def _levels(levels: ArrayLike) -> np.ndarray:
    a = as_array(levels, "levels")
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"levels must be 1-D with at least 2 levels, got shape {a.shape}")
    check_finite(a, "levels")
    if not (np.diff(a) > 0).all():
        raise ValueError(f"levels must be strictly increasing, got {a.tolist()}")
    return a


def _dist(p: ArrayLike, name: str, n: int) -> np.ndarray:
    a, _ = as_distribution(p, name)
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one probability per level, got {a.shape}")
    return a


def _channel(t: ArrayLike) -> np.ndarray:
    a = as_array(t, "t")
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"t must be a square matrix, got shape {a.shape}")
    a, _ = as_distribution(a, "t", axis=1)  # every row T[i, :] is a distribution
    return a


# ----------------------------------------------------------------- levels and SNR


def pam_levels(m: int) -> np.ndarray:
    """The ``m`` levels of M-PAM: -(m-1), -(m-3), ..., m-3, m-1 (steps of 2).

    The levels are symmetric about 0, and 0 is one of them exactly when ``m`` is odd.

    >>> pam_levels(4).tolist()
    [-3.0, -1.0, 1.0, 3.0]
    """
    m = as_integer(m, "m", low=2)
    return np.arange(-(m - 1), m, 2, dtype=float)


def signal_power(levels: ArrayLike, p: ArrayLike | None = None) -> float:
    r"""Average symbol energy E_s = sum_i P_i s_i² (uniform P if ``p`` is None).

    >>> signal_power(PAM4_LEVELS)
    5.0
    """
    s = _levels(levels)
    pa = np.full(s.size, 1.0 / s.size) if p is None else _dist(p, "p", s.size)
    return float(pa @ (s * s))


def _positive_power(levels: ArrayLike, p: ArrayLike | None) -> float:
    es = signal_power(levels, p)
    if es == 0.0:
        raise ValueError(
            "p puts all its probability on the level 0, so the signal power "
            "E_s = sum_i P_i s_i² is 0 and no noise level gives a finite SNR"
        )
    return es


def snr_db(sigma: float, levels: ArrayLike, p: ArrayLike | None = None) -> float:
    r"""Signal-to-noise ratio in decibels, 10 log10(E_s / sigma²).

    Computed as 10 log10(E_s) - 20 log10(sigma), so a tiny ``sigma`` (whose square
    would underflow to 0) still gives the right, large SNR.

    >>> f"{snr_db(1.0, PAM4_LEVELS):.4f}"
    '6.9897'
    """
    sg = as_number(sigma, "sigma", low=0.0, low_open=True)
    return 10.0 * math.log10(_positive_power(levels, p)) - 20.0 * math.log10(sg)


def noise_sigma(snr: float, levels: ArrayLike, p: ArrayLike | None = None) -> float:
    r"""The noise standard deviation giving ``snr`` dB: sigma = sqrt(E_s / 10^(snr/10)).

    The inverse of :func:`snr_db`, computed through log10 sigma = log10(E_s)/2 - snr/20
    so that no intermediate power overflows.  An SNR so high that sigma is below the
    smallest float gives 0.0 (a noise-free channel); one so low that sigma would exceed
    the largest float raises ``ValueError``.

    >>> f"{noise_sigma(10.0, PAM4_LEVELS):.4f}"
    '0.7071'
    """
    v = as_number(snr, "snr")
    es = _positive_power(levels, p)
    log10_sigma = 0.5 * math.log10(es) - v / 20.0  # log10 of sqrt(E_s) 10^(-snr/20)
    if log10_sigma > _LOG10_FLOAT_MAX:
        raise ValueError(
            f"snr must give a noise standard deviation below the largest float, "
            f"got {v!r} dB (sigma about 10^{log10_sigma:.6g})"
        )
    return 10.0**log10_sigma


# ------------------------------------------------------------------ the channel


def _upper_tail(z: float) -> float:
    """Pr(N(0,1) > z), accurate far in both tails."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def transition_matrix(levels: ArrayLike, sigma: float) -> np.ndarray:
    r"""Exact T[i, j] = Pr(nearest level to s_i + noise is s_j), noise ~ N(0, sigma²).

    With decision thresholds t_j = (s_{j-1} + s_j)/2 (t_0 = -inf, t_M = +inf)
    and Phi the standard normal CDF,

    .. math:: T_{ij} = \Phi\!\Big(\frac{t_{j+1} - s_i}{\sigma}\Big)
                     - \Phi\!\Big(\frac{t_j - s_i}{\sigma}\Big)

    Off-diagonal entries are computed from tail probabilities with ``erfc``
    (accurate even when they are 1e-300); the diagonal is 1 minus the row's
    other entries, so every row sums to 1.  ``sigma = 0`` gives the identity
    (a noise-free channel).

    >>> t = transition_matrix(PAM4_LEVELS, 1.0)
    >>> [f"{v:.4f}" for v in t[0]]
    ['0.8413', '0.1573', '0.0013', '0.0000']
    """
    s = _levels(levels)
    sg = as_number(sigma, "sigma", low=0.0)
    m = s.size
    if sg == 0:
        return np.eye(m)
    # Python floats: a tiny sigma makes the ratios below +-inf (erfc then gives 0 or 2)
    # without a numpy overflow warning
    thr = ((s[:-1] + s[1:]) / 2).tolist()  # thresholds between level j and j + 1
    s = s.tolist()
    t = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            if j > i:  # region (thr[j-1], thr[j]] lies above s_i
                lo = _upper_tail((thr[j - 1] - s[i]) / sg)
                hi = _upper_tail((thr[j] - s[i]) / sg) if j < m - 1 else 0.0
                t[i, j] = lo - hi
            elif j < i:  # region lies below s_i: mirror the tails
                lo = _upper_tail((s[i] - thr[j]) / sg)
                hi = _upper_tail((s[i] - thr[j - 1]) / sg) if j > 0 else 0.0
                t[i, j] = lo - hi
        t[i, i] = 1.0 - (t[i].sum() - t[i, i])
    return t


def permutation_channel(perm: ArrayLike) -> np.ndarray:
    """A noiseless channel that relabels symbol i as symbol perm[i] (T[i, perm[i]] = 1).

    >>> permutation_channel([1, 0]).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    a = np.asarray(perm)
    if a.ndim != 1 or a.dtype.kind not in "iu" or sorted(a.tolist()) != list(range(a.size)):
        raise ValueError(f"perm must be a permutation of 0, ..., n-1, got {perm!r}")
    t = np.zeros((a.size, a.size))
    t[np.arange(a.size), a] = 1.0
    return t


def received_distribution(p: ArrayLike, t: ArrayLike) -> np.ndarray:
    r"""Distribution of the detected symbol, Q_j = sum_i P_i T_ij (Q = P @ T).

    >>> [f"{v:.4f}" for v in received_distribution([0.5, 0.5], [[0.9, 0.1], [0.3, 0.7]])]
    ['0.6000', '0.4000']
    """
    ta = _channel(t)
    pa = _dist(p, "p", ta.shape[0])
    q = pa @ ta
    return q / q.sum()


def symbol_error_rate(p: ArrayLike, t: ArrayLike) -> float:
    r"""Probability that the detected symbol differs from the sent one.

    .. math:: \sum_i P_i \sum_{j \ne i} T_{ij} \;=\; 1 - \sum_i P_i T_{ii}

    (the two forms agree when every row of T sums to 1).  Summed from the off-diagonal
    entries, so an error rate of 1e-12 keeps its digits; 1 minus a number close to 1
    would lose them.

    >>> f"{symbol_error_rate([0.5, 0.5], [[0.9, 0.1], [0.3, 0.7]]):.4f}"
    '0.2000'
    """
    ta = _channel(t)
    pa = _dist(p, "p", ta.shape[0])
    wrong = np.add.reduce(np.where(np.eye(ta.shape[0], dtype=bool), 0.0, ta), axis=1)
    return float(np.add.reduce(pa * wrong))  # wrong[i] = sum over j != i of T_ij


def detect(received: ArrayLike, levels: ArrayLike) -> np.ndarray:
    """Index of the nearest level for each received value (ties go to the lower level).

    >>> detect([-2.5, -0.1, 0.0, 2.2, 9.0], PAM4_LEVELS).tolist()
    [0, 1, 1, 3, 3]
    """
    s = _levels(levels)
    r = as_array(received, "received")
    check_finite(r, "received")
    thr = (s[:-1] + s[1:]) / 2
    return np.searchsorted(thr, r, side="left")


def simulate_transitions(
    levels: ArrayLike, sigma: float, n_per_level: int, rng: np.random.Generator
) -> np.ndarray:
    """Monte Carlo estimate of :func:`transition_matrix`: send each level
    ``n_per_level`` times through N(0, sigma²) noise and count the detections.

    >>> rng = np.random.default_rng(0)
    >>> t = simulate_transitions(PAM4_LEVELS, 0.5, 1000, rng)
    >>> t.shape, bool(np.allclose(t.sum(axis=1), 1.0))
    ((4, 4), True)
    """
    s = _levels(levels)
    sg = as_number(sigma, "sigma", low=0.0)
    n = as_integer(n_per_level, "n_per_level", low=1)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    t = np.zeros((s.size, s.size))
    for i, level in enumerate(s):
        y = level + sg * rng.standard_normal(n)
        t[i] = np.bincount(detect(y, s), minlength=s.size) / n
    return t
