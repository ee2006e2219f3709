"""The coding view of cross-entropy: code lengths, prefix codes, Kraft's inequality.

A binary code gives each outcome ``x`` a codeword of ``l(x)`` bits.  Among all
lengths that satisfy Kraft's inequality ``sum 2**-l(x) <= 1``, whole numbers or
not, the ones with the smallest average for outcomes drawn from a distribution
``q`` are the *ideal* lengths ``l(x) = -log2 q(x)``; coding outcomes that really
come from ``p`` with those lengths costs, on average,

.. math:: \\sum_x p(x)\\,(-\\log_2 q(x)) = H(P, Q) \\text{ bits}.

Real codewords have a whole number of bits.  Shannon's lengths
``ceil(-log2 q(x))`` (every ``q(x) > 0``) satisfy Kraft's inequality, so a prefix
code with those lengths exists (:func:`prefix_code` builds one), and its average
length on ``p`` lies in ``[H(P, Q), H(P, Q) + 1)`` bits.  Shannon's code is not the
best whole-bit code: :func:`huffman_lengths` gives the lengths of an optimal one,
whose average length ``L*`` on ``p`` satisfies ``H(P) <= L* < H(P) + 1`` bits when
every ``p(x) > 0`` (no prefix code at all averages less than ``H(P)``).

Unlike the rest of the package, code lengths default to **bits** (``base=2``):
codewords are strings of binary digits.  Pass ``base=None`` for nats.
"""

from __future__ import annotations

import heapq
import math
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_array, check_probabilities, check_sums_to_one, log_base

__all__ = [
    "expected_code_length",
    "huffman_lengths",
    "ideal_code_lengths",
    "kraft_sum",
    "prefix_code",
    "shannon_code_lengths",
]

#: A length ``-log2 q`` within this distance of a whole number counts as that number
#: in :func:`shannon_code_lengths` (so ``q = 0.7 - 0.45``, which is 0.25 up to
#: floating-point noise, still gets 2 bits, not 3).
INTEGER_TOLERANCE = 1e-9


# ----------------------------------------------------------------------- validation


def _vector(x: ArrayLike, name: str) -> np.ndarray:
    """``x`` as a 1-D float64 array, one entry per outcome, without NaN."""
    a = as_array(x, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one entry per outcome), got shape {a.shape}")
    nan = np.flatnonzero(np.isnan(a))
    if nan.size:
        raise ValueError(f"{name} must not contain NaN, found NaN at index {int(nan[0])}")
    return a


def _distribution(x: ArrayLike, name: str) -> np.ndarray:
    """``x`` as a 1-D distribution, with the package's messages (``_validation``)."""
    a = _vector(x, name)
    check_probabilities(a, name)
    check_sums_to_one(a, name, 0, shown_axis=-1)  # the message of ic.entropy & co.
    return a


def _integer_lengths(lengths: ArrayLike, name: str = "lengths") -> list[int]:
    a = _vector(lengths, name)
    out = []
    for i, v in enumerate(a.tolist()):
        if not math.isfinite(v) or v < 0 or v != int(v):
            raise ValueError(
                f"{name} must be non-negative whole numbers of bits, got {v!r} at index {i}"
            )
        out.append(int(v))
    return out


def _kraft_numerator(lengths: list[int]) -> tuple[int, int]:
    """Kraft's sum as an exact fraction ``(numerator, 2**m)``, ``m`` the longest length.

    Whole-number arithmetic: a float sum of ``2.0 ** -l`` rounds ``1 + 2**-60`` to 1.
    """
    m = max(lengths)
    return sum(1 << (m - n) for n in lengths), 1 << m


def _kraft_text(numerator: int, denominator: int) -> str:
    """Kraft's sum for a message: 6 significant digits, or ``1 + excess`` if that reads 1."""
    text = f"{numerator / denominator:.6g}"
    if text == "1" and numerator != denominator:
        text = f"1 + {(numerator - denominator) / denominator:.3g}"
    return text


# ----------------------------------------------------------------------- code lengths


def ideal_code_lengths(q: ArrayLike, *, base: float | None = 2) -> np.ndarray:
    r"""The ideal code lengths ``-log q(x)`` of a code built for the distribution ``q``.

    .. math:: \ell_Q(x) = -\log_b Q(x)

    In bits by default (``base=2``); ``base=None`` gives nats.  An outcome with
    ``q(x) = 0`` gets length ``+inf``: the code has no codeword for it.  These are
    the surprises of :func:`infocourse.surprise`, read as lengths.

    >>> ideal_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist()
    [1.0, 2.0, 3.0, 3.0]
    >>> ideal_code_lengths([1.0, 0.0]).tolist()
    [0.0, inf]
    """
    ln_b = log_base(base)
    qa = _distribution(q, "q")
    with np.errstate(divide="ignore"):
        lengths = -np.log(qa) / ln_b
    return lengths + 0.0  # -0.0 (from q = 1) becomes 0.0


def expected_code_length(p: ArrayLike, lengths: ArrayLike) -> float:
    r"""The average length ``sum p(x) l(x)`` of a code with lengths ``l`` on data from ``p``.

    .. math:: L(P, \ell) = \sum_x P(x)\, \ell(x)

    The unit is that of ``lengths`` (bits for codewords).  An outcome with
    ``p(x) = 0`` never occurs and contributes 0, even if its length is ``inf``;
    an infinite length where ``p(x) > 0`` makes the average ``inf``.  With the
    ideal lengths of ``q`` this is the cross-entropy ``H(P, Q)``.

    >>> expected_code_length([0.5, 0.25, 0.25], [1, 2, 2])
    1.5
    >>> expected_code_length([1.0, 0.0], [0.0, math.inf])
    0.0
    """
    pa = _distribution(p, "p")
    la = _vector(lengths, "lengths")
    if la.shape != pa.shape:
        raise ValueError(
            f"p and lengths must have one entry per outcome, got {pa.size} and {la.size}"
        )
    bad = np.flatnonzero(la < 0.0)
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"lengths must be non-negative, got {la[i]:.10g} at index {i}")
    pos = pa > 0.0
    return float(np.dot(pa[pos], la[pos])) + 0.0


def shannon_code_lengths(q: ArrayLike) -> np.ndarray:
    r"""Whole-bit code lengths ``ceil(-log2 q(x))`` (Shannon's code) for ``q``.

    .. math:: \ell(x) = \lceil -\log_2 Q(x) \rceil

    They satisfy Kraft's inequality, so a prefix code with these lengths exists,
    and for data from ``p`` the average length lies in ``[H(P, Q), H(P, Q) + 1)``
    bits.  The ceiling is taken exactly (from the binary exponent of ``q(x)``, so
    ``2**-l(x) <= q(x)`` always holds), except that a value of ``-log2 q`` at most
    ``1e-9`` above a whole number is taken to be that number (floating-point noise
    must not add a bit) when Kraft's inequality still holds.  Every ``q(x)`` must
    be positive: an outcome with ``q(x) = 0`` would need an infinitely long
    codeword.  If ``q`` adds up to more than 1 (the package accepts sums within
    ``1e-6`` of 1), the lengths can break Kraft's inequality; then no prefix code
    has them, and a ``ValueError`` says so.

    >>> shannon_code_lengths([0.6, 0.3, 0.1]).tolist()
    [1, 2, 4]
    >>> shannon_code_lengths([0.5, 0.25, 0.25]).tolist()
    [1, 2, 2]
    """
    qa = _distribution(q, "q")
    zero = np.flatnonzero(qa == 0.0)
    if zero.size:
        raise ValueError(
            "q must be positive for every outcome to give it a codeword, "
            f"got 0 at index {int(zero[0])}"
        )
    # q = m * 2**e with 1/2 <= m < 1, so -log2 q = -e - log2 m lies in (-e, 1 - e] and its
    # ceiling is exactly 1 - e (a float logarithm near a whole number could misjudge that)
    _, exponent = np.frexp(qa)
    exact = (1 - exponent).astype(np.int64)
    ideal = -np.log2(qa)
    noise = (exact > 0) & (ideal - (exact - 1) <= INTEGER_TOLERANCE)
    snapped = np.where(noise, exact - 1, exact)
    for lengths in (snapped, exact):
        numerator, denominator = _kraft_numerator(lengths.tolist())
        if numerator <= denominator:
            return lengths
    # 2**-l(x) <= q(x) for the exact lengths, so this happens only when q adds up to more than 1
    excess = float(sum(Fraction(v) for v in qa.tolist()) - 1)
    raise ValueError(
        f"q must not add up to more than 1 for Shannon's lengths to fit a prefix code: "
        f"its entries add up to 1 + {excess:.3g}, and the lengths {exact.tolist()} have "
        f"Kraft sum {_kraft_text(numerator, denominator)} > 1"
    )


def huffman_lengths(p: ArrayLike) -> np.ndarray:
    r"""Codeword lengths of an optimal binary prefix code for ``p`` (Huffman's code).

    .. math:: L^* = \min_{\ell \text{ of a prefix code}} \sum_x P(x)\,\ell(x),
              \qquad H(P) \le L^* < H(P) + 1 \text{ bits (every } P(x) > 0)

    Huffman's algorithm: start with one group per outcome, weighted by ``p``;
    repeatedly merge the two least probable groups into one, which adds one bit
    to the codeword of every outcome in either group; stop when one group is
    left.  The lengths come back in the order of ``p``, as whole numbers of bits;
    :func:`prefix_code` turns them into codewords.  The Kraft sum of the lengths
    is exactly 1: every merge gives both groups a branch, so no codeword is left
    unused.

    Conventions:

    * **Ties** are broken deterministically.  Among groups of exactly equal
      probability, single outcomes are merged before merged groups, outcomes in
      the order of ``p``, merged groups in the order they were formed.  Other tie
      rules give other lengths with the same (optimal) average.
    * **One outcome** (``p = [1.0]``) gets length 0, the empty codeword: a certain
      outcome needs no bits, and ``L* = H(P) = 0``.
    * **Outcomes with** ``p(x) = 0`` still get a codeword, at least as long as
      that of any outcome with ``p(x) > 0`` (they are merged first), so the code
      can send every outcome.  Their own terms add nothing to the average, but
      their codewords take room that the other outcomes could have used:
      ``[0.6, 0.3, 0.1]`` averages 1.4 bits, ``[0.6, 0.0, 0.3, 0.1]`` 1.5 bits.
      Drop such outcomes first if they never need sending.  The bound
      ``L* < H(P) + 1`` needs ``p(x) > 0`` for every ``x``: ``p = [1.0, 0.0]``
      has ``H(P) = 0``, but a code for two outcomes needs 1 bit for each, so
      ``L* = 1``.

    >>> huffman_lengths([0.6, 0.3, 0.1]).tolist()
    [1, 2, 2]
    >>> huffman_lengths([0.25, 0.25, 0.25, 0.25]).tolist()
    [2, 2, 2, 2]
    >>> huffman_lengths([1.0]).tolist()
    [0]
    """
    pa = _distribution(p, "p")
    lengths = [0] * pa.size
    # a heap of groups (probability, tie-break order, outcomes in the group)
    groups = [(float(w), i, [i]) for i, w in enumerate(pa)]
    heapq.heapify(groups)
    order = pa.size
    while len(groups) > 1:
        w1, _, first = heapq.heappop(groups)
        w2, _, second = heapq.heappop(groups)
        for i in first + second:
            lengths[i] += 1
        heapq.heappush(groups, (w1 + w2, order, first + second))
        order += 1
    return np.array(lengths, dtype=np.int64)


def kraft_sum(lengths: ArrayLike) -> float:
    r"""Kraft's sum ``sum 2**-l(x)`` of binary codeword lengths.

    .. math:: K(\ell) = \sum_x 2^{-\ell(x)}

    A binary prefix code with these lengths exists exactly when ``K <= 1``
    (Kraft's inequality); ``K = 1`` means the code wastes no codeword.  The sum is
    computed exactly and returned as the nearest float, so for lengths beyond 52
    bits a sum just above 1 can print as ``1.0`` (``[1, 1, 60]``);
    :func:`prefix_code` checks the inequality exactly.

    >>> kraft_sum([1, 2, 3, 3])
    1.0
    >>> kraft_sum([1, 1, 2])
    1.25
    """
    numerator, denominator = _kraft_numerator(_integer_lengths(lengths))
    return numerator / denominator  # Python's int division is correctly rounded


def prefix_code(lengths: ArrayLike) -> tuple[str, ...]:
    """A binary prefix code with the given codeword lengths (the canonical one).

    Outcomes are taken in order of increasing length (ties in input order); each
    gets the next binary number, shifted left when the length grows.  No codeword
    is the beginning of another, so a stream of codewords decodes without
    separators.  Raises ``ValueError`` when the lengths break Kraft's inequality
    (then no prefix code exists; a length 0 beside other outcomes is one case).

    >>> prefix_code([1, 2, 3, 3])
    ('0', '10', '110', '111')
    >>> prefix_code([2, 2, 2, 2])
    ('00', '01', '10', '11')
    """
    ls = _integer_lengths(lengths)
    numerator, denominator = _kraft_numerator(ls)
    if numerator > denominator:
        raise ValueError(
            f"lengths must satisfy Kraft's inequality sum(2**-l) <= 1 for a prefix code "
            f"to exist, got {_kraft_text(numerator, denominator)}"
        )
    order = sorted(range(len(ls)), key=lambda i: (ls[i], i))
    codes = [""] * len(ls)
    value, prev = 0, ls[order[0]]
    for rank, i in enumerate(order):
        if rank:
            value = (value + 1) << (ls[i] - prev)
        prev = ls[i]
        codes[i] = format(value, f"0{ls[i]}b") if ls[i] else ""
    return tuple(codes)
